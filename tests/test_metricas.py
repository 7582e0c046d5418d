"""Métricas puras con marcos pequeños y, al final, sobre datos leídos de una base real."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from analisis import metricas as m
from datos.consultas import boletines as cb
from tests.fabricas import sembrar

T0 = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


def _retomas(filas: list[tuple[int, int, str, float, str, float | None]]) -> pd.DataFrame:
    """(boletin, medio, nivel, fidelidad, estado, horas tras T0) → marco de retomas."""
    return pd.DataFrame(
        [
            {
                "boletin_id": b,
                "nota_id": i,
                "medio_id": medio,
                "nivel": nivel,
                "fidelidad": fid,
                "estado": estado,
                "fecha_emision": T0,
                "fecha_publicacion": None if h is None else T0 + dt.timedelta(hours=h),
                "audiencia": {1: 100_000, 2: 5_000, 3: None}[medio],
                "audiencia_tipo": {1: "visitantes_mes", 2: "tiraje", 3: None}[medio],
                "audiencia_fuente": {1: "Google Analytics", 2: "Padrón", 3: None}[medio],
                "audiencia_fecha": {1: dt.date(2026, 5, 1), 2: dt.date(2026, 1, 2), 3: None}[medio],
            }
            for i, (b, medio, nivel, fid, estado, h) in enumerate(filas, start=1)
        ]
    )


def _envios(pares: list[tuple[int, int]]) -> pd.DataFrame:
    """Pares (boletin, medio) enviados."""
    return pd.DataFrame(pares, columns=["boletin_id", "medio_id"])


RETOMAS = _retomas(
    [
        (1, 1, "integra", 0.9, "automatica", 4.0),
        (1, 1, "parcial", 0.5, "confirmada", 20.0),  # segunda nota del mismo medio
        (1, 2, "parcial", 0.4, "automatica", 10.0),
        (1, 3, "reescrita", 0.2, "automatica", 30.0),  # publicó sin envío
        (2, 2, "integra", 1.0, "rechazada", 1.0),  # no cuenta
    ]
)
ENVIOS = _envios([(1, 1), (1, 2), (1, 2), (2, 1), (2, 2), (3, 1)])
BOLETINES = pd.DataFrame({"boletin_id": [1, 2, 3], "fecha_emision": [T0] * 3, "tema": ["agua"] * 3})


def test_rechazadas_no_cuentan() -> None:
    assert len(m.retomas_validas(RETOMAS)) == 4
    assert m.retomas_validas(RETOMAS.iloc[0:0]).empty


def test_tasa_de_retoma_por_boletin() -> None:
    tabla = m.tasa_de_retoma_por_boletin(ENVIOS, RETOMAS).set_index("boletin_id")
    # Boletín 1: enviado a 1 y 2 (el envío repetido cuenta una vez); publicaron 1, 2 y 3.
    assert tabla.loc[1, "enviados"] == 2
    assert tabla.loc[1, "publicaron"] == 3
    assert tabla.loc[1, "tasa"] == 1.0
    # Boletín 2: la única retoma fue rechazada.
    assert tabla.loc[2, "tasa"] == 0.0
    assert tabla.loc[3, "tasa"] == 0.0


def test_tasa_de_retoma_global() -> None:
    assert m.tasa_de_retoma_global(BOLETINES, RETOMAS) == pytest.approx(1 / 3)
    assert m.boletines_retomados(BOLETINES, RETOMAS) == 1
    assert m.tasa_de_retoma_global(BOLETINES.iloc[0:0], RETOMAS) is None


def test_retoma_por_medio() -> None:
    tabla = m.retoma_por_medio(ENVIOS, RETOMAS).set_index("medio_id")
    assert (tabla.loc[1, "enviados"], tabla.loc[1, "de_enviados"]) == (3, 1)
    assert tabla.loc[1, "tasa"] == pytest.approx(1 / 3)
    assert tabla.loc[2, "tasa"] == pytest.approx(1 / 2)
    assert tabla.loc[3, "sin_envio"] == 1
    assert math.isnan(tabla.loc[3, "tasa"])


def test_latencia_usa_la_primera_publicacion_por_medio() -> None:
    lat = m.latencias(RETOMAS).set_index(["boletin_id", "medio_id"])["latencia_h"]
    assert lat[(1, 1)] == pytest.approx(4.0)
    assert m.latencia_mediana(RETOMAS) == pytest.approx(10.0)


def test_latencia_descarta_fechas_imposibles_y_tolera_redondeo() -> None:
    retomas = _retomas(
        [
            (1, 1, "integra", 0.9, "automatica", -0.5),  # 30 min antes: cuenta como 0
            (1, 2, "integra", 0.9, "automatica", -30.0),  # un día antes: fecha mal, fuera
            (1, 3, "integra", 0.9, "automatica", None),  # sin fecha: fuera
        ]
    )
    assert list(m.latencias(retomas)["latencia_h"]) == [0.0]
    assert m.latencia_mediana(RETOMAS.iloc[0:0]) is None


def test_fidelidad_media_toma_la_mejor_nota_de_cada_medio() -> None:
    assert m.fidelidad_media(RETOMAS) == pytest.approx((0.9 + 0.4 + 0.2) / 3)
    assert m.fidelidad_media(RETOMAS.iloc[0:0]) is None


def test_alcance_potencial_por_unidad_nunca_suma_unidades_distintas() -> None:
    alcance = m.alcance_potencial(RETOMAS)
    # Visitas al mes y tiraje van por separado: nunca 105,000 de «algo».
    assert alcance.por_unidad() == {
        "visitantes_mes": 100_000,
        "tiraje": 5_000,
        "seguidores": 0,
        "audiencia": 0,
    }
    visitas = alcance.con_dato()[0]
    assert (visitas.etiqueta, visitas.medios, visitas.fuentes) == (
        "visitas/mes",
        1,
        ("Google Analytics",),
    )
    assert visitas.fecha_dato == dt.date(2026, 5, 1)
    assert (alcance.sin_dato, alcance.etiqueta) == (1, "potencial")
    assert m.alcance_potencial(RETOMAS.iloc[0:0]).por_unidad()["tiraje"] == 0


def test_distribucion_de_tono_usa_el_confirmado() -> None:
    notas = pd.DataFrame(
        {
            "tono": ["positivo", "neutral", None, "negativo"],
            "tono_confirmado": [None, "negativo", None, None],
            "notas": [3, 2, 1, 4],
        }
    )
    tabla = m.distribucion_de_tono(notas).set_index("tono")
    assert tabla["notas"].to_dict() == {
        "positivo": 3,
        "neutral": 0,
        "negativo": 6,
        "sin clasificar": 1,
    }
    assert tabla["proporcion"].sum() == pytest.approx(1.0)
    vacia = m.distribucion_de_tono(notas.iloc[0:0])
    assert vacia["notas"].sum() == 0


def _negativas() -> pd.DataFrame:
    """Notas candidatas a «lo que importa hoy»."""
    return pd.DataFrame(
        {
            "nota_id": [1, 2, 3, 4],
            "titulo": ["Alto alcance", "Respondida", "Sin respuesta", "Positiva"],
            "audiencia": [200_000, 1_000, 2_000, 900_000],
            "fecha_publicacion": [T0 - dt.timedelta(hours=h) for h in (1, 5, 3, 2)],
            "temas": [["agua"], ["agua"], ["seguridad"], []],
            "tono": ["negativo", "negativo", "neutral", "positivo"],
            "tono_confirmado": [None, None, "negativo", None],
        }
    )


def test_lo_que_importa_hoy_con_motivo() -> None:
    tabla = m.lo_que_importa_hoy(_negativas(), BOLETINES, umbral_alcance=50_000)
    # La respondida (boletín posterior sobre «agua») y la positiva no entran; a igual número de
    # motivos, primero la de mayor alcance.
    assert list(tabla["nota_id"]) == [1, 3]
    assert "Sin respuesta" in tabla.loc[1, "motivo"] and "seguridad" in tabla.loc[1, "motivo"]
    assert "alto alcance" in tabla.loc[0, "motivo"]
    assert bool(tabla.loc[0, "alto_alcance"]) is True
    limitada = m.lo_que_importa_hoy(_negativas(), BOLETINES, 50_000, limite=1)
    assert limitada["nota_id"].tolist() == [1]
    assert m.lo_que_importa_hoy(_negativas().iloc[0:0], BOLETINES, 50_000).empty


def test_alto_alcance_y_sin_respuesta_va_primero() -> None:
    notas = _negativas()
    notas.loc[0, "temas"] = ["basura"]
    tabla = m.lo_que_importa_hoy(notas, BOLETINES, umbral_alcance=50_000)
    assert tabla.loc[0, "nota_id"] == 1
    assert tabla.loc[0, "motivo"].count(";") == 1


def test_temas_de_boletin_y_nota_se_comparan_normalizados() -> None:
    assert m.normalizar_tema("Protección civil") == "proteccion_civil"
    boletines = pd.DataFrame(
        {
            "boletin_id": [9],
            "fecha_emision": [T0 + dt.timedelta(hours=2)],
            "tema": ["Obras públicas"],
        }
    )
    notas = _negativas().assign(temas=[["obras"], ["proteccion_civil"], ["agua"], []])
    tabla = m.lo_que_importa_hoy(notas, boletines, umbral_alcance=10_000_000)
    # La nota de obras ya tuvo respuesta (boletín posterior de «Obras públicas»).
    assert list(tabla["nota_id"]) == [3, 2]


def test_una_retoma_negativa_no_esta_sin_respuesta() -> None:
    notas = _negativas().assign(es_retoma=[False, False, True, False])
    tabla = m.lo_que_importa_hoy(notas, BOLETINES, umbral_alcance=50_000)
    assert list(tabla["nota_id"]) == [1]


def test_tendencia_por_semana_local() -> None:
    zona = ZoneInfo("America/Mexico_City")
    # Lunes 2 de noviembre 03:00 UTC es domingo 1 en la Ciudad de México: semana anterior.
    fechas = pd.Series(
        [dt.datetime(2026, 11, 2, 3, tzinfo=dt.UTC), dt.datetime(2026, 11, 3, 18, tzinfo=dt.UTC)]
    )
    semanas = m.por_semana(fechas, zona)
    assert list(semanas["semana"]) == [dt.date(2026, 10, 26), dt.date(2026, 11, 2)]
    tendencia = m.tendencia_semanal(fechas, fechas.iloc[1:], zona)
    assert set(tendencia["serie"]) == {"Notas", "Retomas"}
    assert m.por_semana(pd.Series([], dtype=object), zona).empty


def test_clasificacion_de_medios() -> None:
    medios = pd.DataFrame({"medio_id": [1, 2, 3, 4], "audiencia": [100_000, 5_000, None, 10]})
    tabla = m.clasificacion_de_medios(medios, ENVIOS, RETOMAS)
    assert list(tabla["medio_id"])[:2] == [2, 1]
    fila = tabla.set_index("medio_id").loc[4]
    assert fila["enviados"] == 0 and math.isnan(fila["tasa"])
    vacia = m.clasificacion_de_medios(medios.iloc[0:0], ENVIOS, RETOMAS)
    assert "tasa" in vacia.columns


def test_enlace_publico() -> None:
    assert m.enlace_publico(None, "https://a.mx/x") == "https://a.mx/x"
    assert m.enlace_publico("http://b.mx/y", "https://a.mx/x") == "http://b.mx/y"
    assert m.enlace_publico("javascript:alert(1)", "urn:monitoreo:impreso:1") is None


def test_matriz_de_retoma_incluye_enviados_y_no_enviados() -> None:
    envios = pd.DataFrame(
        {"medio_id": [1, 2, 4], "medio": ["Uno", "Dos", "Cuatro"], "estado": ["enviado"] * 3}
    )
    retomas = RETOMAS[RETOMAS["boletin_id"] == 1].assign(
        medio=lambda d: d["medio_id"].map({1: "Uno", 2: "Dos", 3: "Tres"}),
        titulo="Nota",
        url_original=None,
        url_canonica="https://x.mx/n",
        testigo=None,
    )
    matriz = m.matriz_de_retoma(envios, retomas, T0).set_index("medio")
    assert set(matriz.index) == {"Uno", "Dos", "Tres", "Cuatro"}
    assert bool(matriz.loc["Cuatro", "publico"]) is False
    assert bool(matriz.loc["Tres", "enviado"]) is False
    assert matriz.loc["Uno", "nivel"] == "integra"
    assert matriz.loc["Uno", "notas"] == 2
    assert matriz.loc["Uno", "latencia_h"] == pytest.approx(4.0)


def test_matriz_de_un_boletin_sin_retomas() -> None:
    envios = pd.DataFrame(
        {"medio_id": [1, 1], "medio": ["Uno"] * 2, "estado": ["enviado", "fallido"]}
    )
    matriz = m.matriz_de_retoma(envios, RETOMAS.iloc[0:0], T0)
    assert len(matriz) == 1
    fila = matriz.iloc[0]
    assert fila["estado_envio"] == "enviado, fallido"
    assert bool(fila["recibio"]) is True
    assert not fila["publico"] and pd.isna(fila["nivel"]) and pd.isna(fila["latencia_h"])


def test_metricas_sobre_la_base_real(sesion: Session) -> None:
    s = sembrar(sesion)
    inicio, fin = s.ahora - dt.timedelta(days=30), s.ahora + dt.timedelta(minutes=1)
    boletines = cb.boletines_emitidos(sesion, inicio, fin)
    retomas = cb.retomas_de_boletines(sesion, inicio, fin)
    envios = cb.envios_de_boletines(sesion, inicio, fin)
    assert m.tasa_de_retoma_global(boletines, retomas) == pytest.approx(1 / 3)
    assert m.latencia_mediana(retomas) == pytest.approx(17.5)
    assert m.alcance_potencial(retomas).total("visitantes_mes") == 120_000
    por_boletin = m.tasa_de_retoma_por_boletin(envios, retomas).set_index("boletin_id")
    assert por_boletin.loc[s.boletines["b1"], "tasa"] == 0.5
