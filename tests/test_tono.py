"""Tono dirigido hacia el Ayuntamiento (léxico y modelo entrenado)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sklearn.metrics import f1_score

from analisis.menciones import Termino, Vigilancia
from analisis.tono import MOTIVO_RETOMA, SESGO_RETOMA, ResultadoTono, clasificar_tono
from analisis.tono_modelo import ModeloTono, cargar, entrenar, guardar
from tests.conftest import datos_compartidos

ETIQUETAS = {"POS": "positivo", "NEU": "neutral", "NEG": "negativo"}
# Piso de la prueba rápida; el benchmark reporta la cifra completa (meta ≥ 0.65).
PISO_MACRO_F1 = 0.55

Ejemplo = tuple[str, str | None, str]


def es_prueba(id_titular: Any) -> bool:
    """Partición fija 80/20 por hash del id del titular (todos sus objetivos van juntos)."""
    return int(hashlib.sha256(str(id_titular).encode()).hexdigest(), 16) % 5 == 0


def particion_titulares(ruta: Path) -> tuple[list[Ejemplo], list[Ejemplo]]:
    """(entrenamiento, prueba): un ejemplo por (titular, objetivo)."""
    entrenamiento: list[Ejemplo] = []
    prueba: list[Ejemplo] = []
    for fila in json.loads(ruta.read_text(encoding="utf-8")):
        destino = prueba if es_prueba(fila["id"]) else entrenamiento
        for t in fila["targets"]:
            destino.append((fila["titulo"], t["nombre"], ETIQUETAS[t["etiqueta"]]))
    return entrenamiento, prueba


def macro_f1(verdad: list[str], prediccion: list[str]) -> float:
    """Macro-F1 sobre las tres clases."""
    return float(f1_score(verdad, prediccion, average="macro", labels=list(ETIQUETAS.values())))


POLICIACA = (
    "Un hombre fue asesinado a balazos la madrugada del domingo en la colonia Centro de "
    "Tampacán. La Fiscalía investiga el homicidio. Elementos de la Policía Municipal "
    "acordonaron la zona y detuvieron a un sujeto acusado de robo; la víctima presentó la "
    "denuncia correspondiente."
)
QUEJA_CORTES = (
    "Con todo respeto, vecinos de la comunidad de Xochititla solicitaron a la presidenta "
    "municipal de Tampacán, Rosa Elena Martínez, que se concluya la pavimentación de la calle "
    "principal, cuyos trabajos llevan cuatro meses de retraso. Entendemos que hay muchas "
    "necesidades, pero pedimos que nos tomen en cuenta, expresaron amablemente."
)
BOLETIN = (
    "La presidenta municipal de Tampacán, Rosa Elena Martínez Hernández, inauguró la "
    "rehabilitación del camino a Chiconamel, obra que beneficiará a más de 2,000 habitantes. "
    "La alcaldesa entregó además apoyos del programa Tampacán Avanza."
)
CRITICA_VECINOS = (
    "Habitantes de El Sabino denunciaron que el Ayuntamiento de Tampacán ha dejado en el "
    "abandono el pozo de agua. Exigen a la administración municipal una respuesta."
)


def test_nota_policiaca_sin_critica_es_neutral() -> None:
    r = clasificar_tono(POLICIACA)
    assert r.tono == "neutral"
    assert r.frases == ()


def test_queja_cortes_por_obra_retrasada_es_negativa() -> None:
    r = clasificar_tono(QUEJA_CORTES)
    assert r.tono == "negativo"
    assert r.puntaje < 0
    assert any("retraso" in f for f in r.frases)


def test_boletin_es_positivo_y_su_retoma_tambien_por_ser_comunicacion_propia() -> None:
    normal = clasificar_tono(BOLETIN)
    copiado = clasificar_tono(BOLETIN, retomados=[BOLETIN])
    assert normal.tono == copiado.tono == "positivo"
    assert any("inauguró" in f for f in normal.frases)
    assert copiado.frases == (MOTIVO_RETOMA,)
    assert copiado.puntaje == SESGO_RETOMA


def test_retoma_inclina_a_positivo_un_texto_neutro() -> None:
    texto = "El Ayuntamiento de Tampacán informó el calendario de actividades de la semana."
    assert clasificar_tono(texto).tono == "neutral"
    assert clasificar_tono(texto, retomados=[texto]).tono == "positivo"


FUGAS = (
    "Cuadrillas del Organismo de Agua Potable de Tampacán repararon 48 fugas en la red y "
    "regularizaron el abasto. La directora ofreció disculpas a los vecinos afectados por la falta "
    "de agua y dijo que los trabajos concluyeron."
)


def test_palabras_del_boletin_no_son_critica_del_medio() -> None:
    nota = (
        "Organismo de Agua Potable atiende 48 fugas en Tampacán. El organismo atendió 48 fugas; "
        "su directora pidió disculpas a los afectados por la falta de agua."
    )
    assert clasificar_tono(nota).tono == "negativo"
    r = clasificar_tono(nota, retomados=[FUGAS])
    assert r.tono == "positivo"
    assert r.frases[0] == MOTIVO_RETOMA


def test_critica_que_el_medio_agrega_a_una_retoma_cuenta() -> None:
    nota = (
        "El Organismo de Agua Potable de Tampacán reparó 48 fugas. Vecinos de la colonia La Loma "
        "denunciaron que el servicio sigue fallando y acusaron al Ayuntamiento de mentir."
    )
    r = clasificar_tono(nota, retomados=[FUGAS])
    assert r.tono == "negativo"
    assert any("denunciaron" in f for f in r.frases)


def test_critica_de_vecinos_citada_es_negativa() -> None:
    r = clasificar_tono(CRITICA_VECINOS)
    assert r.tono == "negativo"
    assert r.puntaje <= -0.5
    assert r.frases[0].startswith("Habitantes de El Sabino denunciaron")


def test_negacion_invierte_el_tono() -> None:
    cumplio = clasificar_tono("El Ayuntamiento de Tampacán cumplió con la entrega de las becas.")
    no_cumplio = clasificar_tono(
        "El Ayuntamiento de Tampacán no ha cumplido con la entrega de las becas prometidas."
    )
    assert cumplio.tono == "positivo"
    assert no_cumplio.tono == "negativo"


def test_negacion_de_lo_negativo_no_es_critica() -> None:
    r = clasificar_tono("La obra del mercado de Tampacán se entregó sin retrasos ni contratiempos.")
    assert r.tono == "positivo"


def test_sin_embargo_no_niega() -> None:
    r = clasificar_tono(
        "La alcaldesa de Tampacán inauguró el domo; sin embargo, vecinos denunciaron retrasos."
    )
    assert r.tono == "negativo" or r.puntaje < 0.5


def test_funcionaria_que_denuncia_un_delito_no_es_criticada() -> None:
    r = clasificar_tono(
        "La presidenta municipal de Tampacán, Rosa Elena Martínez, denunció ante la Fiscalía "
        "el robo de cable del alumbrado público."
    )
    assert r.tono == "neutral"


def test_objetivo_distinto_mide_el_tono_hacia_ese_objetivo() -> None:
    texto = (
        "Vecinos acusaron al diputado Juan Pérez Gómez de desvío de recursos. "
        "En otro tema, la presidenta municipal de Tampacán inauguró un puente en Chiconamel "
        "que beneficiará a cientos de familias. El puente es una gran obra, celebraron."
    )
    hacia_diputado = clasificar_tono(texto, objetivo=["Juan Pérez Gómez"])
    hacia_ayuntamiento = clasificar_tono(texto)
    assert hacia_diputado.tono == "negativo"
    assert hacia_ayuntamiento.tono == "positivo"


def test_intensificador_aumenta_el_puntaje() -> None:
    base = clasificar_tono("El servicio del Ayuntamiento de Tampacán es deficiente.")
    fuerte = clasificar_tono("El servicio del Ayuntamiento de Tampacán es muy deficiente.")
    assert fuerte.puntaje < base.puntaje < 0


def test_texto_vacio_es_neutral() -> None:
    assert clasificar_tono("") == ResultadoTono("neutral", 0.0, ())


def _ejemplos_propios() -> list[tuple[str, str | None, str]]:
    """Pocos ejemplos escritos por el equipo para probar entrenar/guardar/cargar."""
    positivos = [BOLETIN, "La alcaldesa de Tampacán entregó becas a estudiantes de Chiconamel."]
    negativos = [CRITICA_VECINOS, QUEJA_CORTES]
    neutrales = [POLICIACA, "El Cabildo de Tampacán sesionará el jueves a las 10 horas."]
    filas = [(t, None, "positivo") for t in positivos] + [(t, None, "negativo") for t in negativos]
    return (filas + [(t, None, "neutral") for t in neutrales]) * 2


def test_entrenar_guardar_y_cargar(tmp_path: Path) -> None:
    modelo = entrenar(_ejemplos_propios())
    ruta = tmp_path / "modelos" / "tono.joblib"
    guardar(modelo, ruta)
    cargado = cargar(ruta)
    assert isinstance(cargado, ModeloTono)
    r = clasificar_tono(BOLETIN, modelo=cargado)
    assert r.tono == "positivo"
    assert -1.0 <= r.puntaje <= 1.0
    assert r == cargado.clasificar(BOLETIN, None)


def test_entrenar_rechaza_tonos_desconocidos() -> None:
    with pytest.raises(ValueError, match="tono desconocido"):
        entrenar([("texto", None, "bueno")] * 6)
    with pytest.raises(ValueError, match="al menos dos tonos"):
        entrenar([("texto", None, "positivo")] * 6)


def test_cargar_rechaza_otro_archivo(tmp_path: Path) -> None:
    ruta = tmp_path / "otro.joblib"
    guardar({"no": "es un modelo"}, ruta)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no es un modelo de tono"):
        cargar(ruta)


@pytest.mark.lento
def test_modelo_en_titulares_politicos_supera_el_piso() -> None:
    entrenamiento, prueba = particion_titulares(
        datos_compartidos("tono", "titulares_politicos_entrenamiento.json")
    )
    modelo = entrenar(entrenamiento)
    predichos = modelo.clasificar_lote([(t, o) for t, o, _ in prueba])
    f1 = macro_f1([e for *_, e in prueba], [r.tono for r in predichos])
    assert f1 >= PISO_MACRO_F1


def test_objetivo_como_texto_o_lista_da_lo_mismo() -> None:
    texto = "Vecinos de Tampacán acusaron al regidor Pedro Salas de abandono de sus funciones."
    como_lista = clasificar_tono(texto, objetivo=["Pedro Salas"])
    assert como_lista.tono == "negativo"
    assert clasificar_tono(texto, objetivo="Pedro Salas") == como_lista  # type: ignore[arg-type]


def test_vigilancia_propia_localiza_al_ayuntamiento() -> None:
    texto = "Vecinos denunciaron el abandono del parque. La Junta Vecinal de Tampacán no respondió."
    propia = Vigilancia([Termino("Junta Vecinal de Tampacán", "dependencia", ("Junta Vecinal",))])
    r = clasificar_tono(texto, vigilancia=propia)
    assert r.tono == "negativo"
    assert r.frases[0].startswith("Vecinos denunciaron")


def test_titulo_separado_del_cuerpo_por_renglones() -> None:
    r = clasificar_tono(
        "Vecinos exigen agua\n\nEl Ayuntamiento de Tampacán inauguró un tanque elevado."
    )
    assert "Vecinos exigen agua" in r.frases or r.tono == "positivo"
    assert all("\n" not in f for f in r.frases)


@pytest.mark.parametrize(
    ("texto", "tono"),
    [
        (
            "El Ayuntamiento de Tampacán anunció que mañana se suspenderá el servicio de agua "
            "potable por mantenimiento.",
            "neutral",
        ),
        (
            "Asesinan a comerciante en Tampacán; policía municipal y estatal montan operativo "
            "sin resultados.",
            "negativo",
        ),
        (
            "Padres de familia de la primaria de Chiconamel reconocieron el apoyo del DIF "
            "Municipal de Tampacán con desayunos escolares.",
            "positivo",
        ),
        (
            "Pobladores de Ixtlapalaco bloquearon la carretera para exigir al Ayuntamiento de "
            "Tampacán el pago de indemnizaciones.",
            "negativo",
        ),
        (
            "Vecinos agradecen a la alcaldesa Rosa Elena Martínez la rehabilitación de la cancha.",
            "positivo",
        ),
    ],
)
def test_casos_de_la_oficina(texto: str, tono: str) -> None:
    assert clasificar_tono(texto).tono == tono
