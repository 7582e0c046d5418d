"""Consultas del tablero contra una base real: periodos, agregados, búsqueda literal y filtros."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from datos.consultas import boletines as cb
from datos.consultas import medios as cm
from datos.consultas import notas as cn
from tests.fabricas import Semilla, sembrar


def _periodo(s: Semilla, dias: int = 30) -> tuple[dt.datetime, dt.datetime]:
    """Los últimos `dias` días hasta ahora."""
    return s.ahora - dt.timedelta(days=dias), s.ahora + dt.timedelta(minutes=1)


def test_boletines_del_periodo_excluyen_el_anterior(sesion: Session) -> None:
    s = sembrar(sesion)
    tabla = cb.boletines_emitidos(sesion, *_periodo(s))
    assert set(tabla["boletin_id"]) == {s.boletines["b1"], s.boletines["b2"], s.boletines["b3"]}
    assert "001/" in tabla.loc[tabla["boletin_id"] == s.boletines["b1"], "folio"].iloc[0]


def test_lista_de_boletines_cuenta_envios_y_retomas_validas(sesion: Session) -> None:
    s = sembrar(sesion)
    tabla = cb.lista_boletines(sesion, *_periodo(s)).set_index("boletin_id")
    assert tabla.loc[s.boletines["b1"], "enviados"] == 2
    assert tabla.loc[s.boletines["b1"], "retomas"] == 2
    assert tabla.loc[s.boletines["b1"], "medios_publicaron"] == 2
    # El envío fallido no cuenta y la retoma rechazada tampoco.
    assert tabla.loc[s.boletines["b2"], "enviados"] == 1
    assert tabla.loc[s.boletines["b2"], "retomas"] == 0


def test_retomas_y_envios_del_periodo(sesion: Session) -> None:
    s = sembrar(sesion)
    retomas = cb.retomas_de_boletines(sesion, *_periodo(s))
    assert set(retomas["nota_id"]) == {s.notas["n1"], s.notas["n2"]}
    assert str(retomas["fecha_emision"].dt.tz) == "UTC"
    envios = cb.envios_de_boletines(sesion, *_periodo(s))
    assert len(envios) == 3


def test_matriz_de_datos_de_un_boletin(sesion: Session) -> None:
    s = sembrar(sesion)
    retomas = cb.retomas_del_boletin(sesion, s.boletines["b1"])
    fila = retomas.set_index("nota_id").loc[s.notas["n1"]]
    assert fila["testigo"] == "aa/aaaa.html.gz"
    assert fila["pasajes"] == [{"boletin": [0, 20], "nota": [0, 20]}]
    envios = cb.envios_del_boletin(sesion, s.boletines["b2"])
    assert set(envios["estado"]) == {"enviado", "fallido"}
    detalle = cb.detalle_boletin(sesion, s.boletines["b1"])
    assert detalle is not None and detalle.texto.startswith("El Ayuntamiento")
    assert cb.detalle_boletin(sesion, 999_999) is None


def test_conteo_de_tono_agregado_en_sql(sesion: Session) -> None:
    s = sembrar(sesion)
    conteo = cn.conteo_tono(sesion, *_periodo(s))
    assert conteo["notas"].sum() == 6
    assert cn.contar_notas(sesion, *_periodo(s)) == 6
    negativas = cn.notas_negativas(sesion, *_periodo(s))
    # n4 es neutral calculada pero negativa confirmada: el tono confirmado gana.
    assert set(negativas["nota_id"]) == {s.notas["n4"], s.notas["n5"]}


def test_busqueda_literal_de_caracteres_especiales(sesion: Session) -> None:
    s = sembrar(sesion)
    for texto in ("100%", "predial_2026", "'cita'"):
        tabla = cn.buscar_notas(sesion, cn.FiltroNotas(texto=texto))
        assert list(tabla["nota_id"]) == [s.notas["n6"]], texto
    # "%" y "_" no son comodines: "1_0" no debe encontrar "100".
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(texto="1_0%")) == 0
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(texto="'; DROP TABLE nota; --")) == 0
    assert cn.contar_busqueda(sesion, cn.FiltroNotas()) == 7


def test_filtros_de_notas(sesion: Session) -> None:
    s = sembrar(sesion)
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(tonos=("negativo",))) == 2
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(medios=(s.medios["pulso"],))) == 2
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(tipos_captura=("pdf",))) == 1
    integras = cn.buscar_notas(sesion, cn.FiltroNotas(niveles=("integra",)))
    assert set(integras["nota_id"]) == {s.notas["n1"], s.notas["n7"]}
    # La retoma rechazada no hace que n3 aparezca como reescrita.
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(niveles=("reescrita",))) == 0
    assert list(cn.buscar_notas(sesion, cn.FiltroNotas(tema="agua"))["nota_id"]) == [s.notas["n5"]]
    inicio, fin = _periodo(s, dias=30)
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(inicio=inicio, fin=fin)) == 6
    assert cn.temas_de_notas(sesion) == ["agua", "hacienda", "seguridad"]


def test_paginacion_ordenada_por_fecha(sesion: Session) -> None:
    sembrar(sesion)
    primera = cn.buscar_notas(sesion, cn.FiltroNotas(), pagina=1, por_pagina=3)
    segunda = cn.buscar_notas(sesion, cn.FiltroNotas(), pagina=2, por_pagina=3)
    assert len(primera) == 3 and len(segunda) == 3
    assert set(primera["nota_id"]).isdisjoint(segunda["nota_id"])
    assert primera["fecha_publicacion"].is_monotonic_decreasing
    assert primera["nivel"].isna().sum() + primera["nivel"].notna().sum() == 3


def test_consultas_de_medios(sesion: Session) -> None:
    s = sembrar(sesion)
    catalogo = cm.catalogo_medios(sesion)
    assert list(catalogo["medio"]) == ["El Sol de la Huasteca", "Pulso Regional", "Radio Tampacán"]
    por_medio = cm.notas_por_medio(sesion, *_periodo(s)).set_index("medio_id")["notas"]
    assert por_medio[s.medios["sol"]] == 3
    salud = cm.salud_de_fuentes(sesion, s.medios["sol"])
    assert salud.iloc[0]["motivo_error"] == "HTTP 503"
    convenios = cm.convenios_del_medio(sesion, s.medios["sol"])
    assert convenios.iloc[0]["monto_total"] == 11600.0
    clases = cm.pagadas_y_ganadas(sesion, s.medios["sol"], *_periodo(s))
    assert clases.set_index("clase")["notas"].to_dict() == {"sin clasificar": 3}


def test_consultas_con_base_vacia(sesion: Session) -> None:
    ahora = dt.datetime.now(dt.UTC)
    inicio, fin = ahora - dt.timedelta(days=30), ahora
    assert cb.lista_boletines(sesion, inicio, fin).empty
    assert list(cb.boletines_emitidos(sesion, inicio, fin).columns)[:2] == ["boletin_id", "folio"]
    assert cb.retomas_de_boletines(sesion, inicio, fin).empty
    assert cn.conteo_tono(sesion, inicio, fin).empty
    assert cn.buscar_notas(sesion, cn.FiltroNotas(texto="agua")).empty
    assert cn.temas_de_notas(sesion) == []
