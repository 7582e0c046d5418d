"""Niveles de retoma según las definiciones: casi textual (íntegra, parcial) contra reescrita.

Material de desarrollo armado con el corpus propio (tests/datos/emparejamiento): reescrituras
escritas a mano a las que se les intercalan fragmentos textuales sueltos del boletín (nombres con
cargo, cifras con su contexto, frases de 6 a 9 palabras), y copias con ediciones ligeras (una
palabra cambiada cada tantas). Los boletines pares sirven para desarrollar y los impares para
validar: las pruebas corren sobre ambos, por separado, con la misma exigencia.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest

from analisis import niveles
from analisis.emparejamiento import Documento, Emparejador
from analisis.formatos import leer_documentos

CORPUS = Path(__file__).parent / "datos" / "emparejamiento"


def _corpus() -> tuple[list[Documento], dict[str, Documento]]:
    """Boletines y la primera reescritura completa escrita a mano de cada uno."""
    boletines = list(leer_documentos(CORPUS / "boletines.jsonl"))
    notas = {n.id: n for n in leer_documentos(CORPUS / "notas.jsonl")}
    with (CORPUS / "tipos.csv").open(encoding="utf-8") as archivo:
        tipos = {f["nota_id"]: f["tipo"] for f in csv.DictReader(archivo)}
    reescrituras: dict[str, Documento] = {}
    with (CORPUS / "verdad.csv").open(encoding="utf-8") as archivo:
        for f in csv.DictReader(archivo):
            if tipos[f["nota_id"]] == "reescritura":
                reescrituras.setdefault(f["boletin_id"], notas[f["nota_id"]])
    return boletines, reescrituras


def _con_fragmentos(reescritura: str, boletin: str, rng: random.Random) -> str:
    """La reescritura con fragmentos textuales sueltos del boletín (≈ 25 % de sus palabras)."""
    palabras = boletin.split()
    fragmentos = []
    for inicio in range(0, len(palabras) - 10, 28):
        largo = rng.randint(6, 9)
        fragmentos.append(" ".join(palabras[inicio : inicio + largo]).strip(".,;:"))
    oraciones = reescritura.split(". ")
    for k, fragmento in enumerate(fragmentos):
        posicion = (k * len(oraciones)) // max(1, len(fragmentos))
        oraciones[posicion] += f", {fragmento}"
    return ". ".join(oraciones)


def _edicion_ligera(texto: str, cada: int, rng: random.Random) -> str:
    """Copia con una palabra cambiada cada `cada` palabras (sinónimos, erratas, cifras)."""
    palabras = texto.split()
    for i in range(rng.randrange(cada), len(palabras), cada):
        palabras[i] = "equis"
    return " ".join(palabras)


def _mitad(boletines: list[Documento], paridad: int) -> list[Documento]:
    """Boletines de desarrollo (pares) o de validación (impares)."""
    return [b for k, b in enumerate(boletines) if k % 2 == paridad]


@pytest.mark.parametrize("paridad", [0, 1], ids=["desarrollo", "validacion"])
def test_fragmentos_textuales_sueltos_son_reescrita(paridad: int) -> None:
    """Una reescritura con nombres, cifras y frases sueltas copiadas es reescrita, no parcial."""
    boletines, reescrituras = _corpus()
    emparejador = Emparejador(boletines)
    rng = random.Random(13 + paridad)
    niveles = []
    for b in _mitad(boletines, paridad):
        if b.id not in reescrituras:
            continue
        texto = _con_fragmentos(reescrituras[b.id].texto, b.texto, rng)
        parejas = emparejador.emparejar(Documento(f"F-{b.id}", "Nota", texto, b.fecha))
        niveles.append(next((p.nivel for p in parejas if p.boletin_id == b.id), None))
    assert len(niveles) >= 25
    assert niveles.count("reescrita") >= 0.9 * len(niveles)
    assert None not in niveles


# Párrafos propios de un reportero (no vienen de ningún boletín del corpus).
CONTEXTO = (
    "Vecinos consultados por este medio coincidieron en que la medida llega tarde, aunque "
    "reconocieron que es mejor que nada. Una comerciante del mercado, que pidió no publicar su "
    "nombre, recordó que desde hace dos años esperaban una respuesta de las autoridades y que "
    "muchas familias ya habían buscado soluciones por su cuenta, con gastos que no estaban "
    "previstos en su presupuesto de cada mes."
)


@pytest.mark.parametrize("paridad", [0, 1], ids=["desarrollo", "validacion"])
def test_copias_con_ediciones_ligeras_siguen_siendo_copias(paridad: int) -> None:
    """Con una palabra cambiada cada 8: todo el boletín es íntegra; la mitad con texto propio del
    reportero, parcial; dos tercios solos (el boletín publicado tal cual y recortado), íntegra."""
    boletines, _ = _corpus()
    emparejador = Emparejador(boletines)
    rng = random.Random(31 + paridad)
    completos, mitades, recortados = [], [], []
    for b in _mitad(boletines, paridad):
        todo = _edicion_ligera(b.texto, 8, rng)
        palabras = b.texto.split()
        mitad = _edicion_ligera(" ".join(palabras[: len(palabras) // 2]), 8, rng)
        recorte = _edicion_ligera(" ".join(palabras[: 2 * len(palabras) // 3]), 8, rng)
        casos = ((todo, completos), (f"{CONTEXTO}\n\n{mitad}", mitades), (recorte, recortados))
        for texto, destino in casos:
            parejas = emparejador.emparejar(Documento(f"E-{b.id}", "Nota", texto, b.fecha))
            destino.append(next((p.nivel for p in parejas if p.boletin_id == b.id), None))
    assert completos.count("integra") >= 0.9 * len(completos)
    assert mitades.count("parcial") >= 0.9 * len(mitades)
    assert recortados.count("integra") >= 0.9 * len(recortados)


def _citas(texto: str) -> list[str]:
    """Citas textuales del boletín entre comillas (de 6 palabras o más)."""
    return [c for c in re.findall(r"«[^«»]*»|“[^“”]*”|\"[^\"]*\"", texto) if len(c.split()) >= 6]


@pytest.mark.parametrize("paridad", [0, 1], ids=["desarrollo", "validacion"])
def test_reescritura_que_conserva_las_citas_es_reescrita(paridad: int) -> None:
    """Las declaraciones entre comillas se citan tal cual: no vuelven parcial a una reescritura."""
    boletines, reescrituras = _corpus()
    emparejador = Emparejador(boletines)
    niveles = []
    for b in _mitad(boletines, paridad):
        citas = _citas(b.texto)
        if b.id not in reescrituras or not citas:
            continue
        declaraciones = " ".join(f"{c}, declaró." for c in citas)
        texto = f"{reescrituras[b.id].texto}\n\n{declaraciones}"
        parejas = emparejador.emparejar(Documento(f"C-{b.id}", "Nota", texto, b.fecha))
        niveles.append(next((p.nivel for p in parejas if p.boletin_id == b.id), None))
    assert len(niveles) >= 5
    assert niveles == ["reescrita"] * len(niveles)


def _pasaje_pegado(coseno: float, contencion: float) -> niveles.Medidas:
    """Medidas de una nota con un solo párrafo de 51 palabras pegado de un boletín largo (17 %)."""
    return niveles.Medidas(
        fidelidad=0.17,
        fidelidad_sin_citas=0.17,
        proporcion_nota=0.34,
        palabras_copiadas=51,
        pasaje_mayor=51,
        palabras_propias_nota=140,
        coseno=coseno,
        especificos=0.5,
        especificos_comunes=3,
        titulo=0.0,
        contencion=contencion,
        entidades_comunes=3,
        fidelidad_dispersa=0.17,
    )


def test_reescritura_con_un_parrafo_pegado_es_reescrita() -> None:
    """Un párrafo pegado en una nota que cuenta lo demás con otras palabras: reescrita (como el
    «heavy revision» de Clough y Stevenson); el mismo párrafo entre texto ajeno: parcial."""
    assert niveles.nivel(_pasaje_pegado(coseno=0.72, contencion=0.96)) == "reescrita"
    assert niveles.nivel(_pasaje_pegado(coseno=0.20, contencion=0.30)) == "parcial"


def _oracion_copiada(propias: int) -> niveles.Medidas:
    """Medidas de una nota que copia una oración de 26 palabras de un boletín de 105 (25 %)."""
    return niveles.Medidas(
        fidelidad=0.25,
        fidelidad_sin_citas=0.25,
        proporcion_nota=0.3,
        palabras_copiadas=26,
        pasaje_mayor=26,
        palabras_propias_nota=propias,
        coseno=0.6,
        especificos=0.5,
        especificos_comunes=2,
        titulo=1.0,
        contencion=0.73,
        entidades_comunes=5,
        fidelidad_dispersa=0.29,
    )


def test_una_oracion_copiada_en_una_reescritura_es_reescrita() -> None:
    """Una oración copiada y lo demás contado con palabras propias: reescrita; si la nota no
    dice nada propio (un resumen de párrafos de varios boletines), la oración es parcial."""
    assert niveles.nivel(_oracion_copiada(propias=50)) == "reescrita"
    assert niveles.nivel(_oracion_copiada(propias=2)) == "parcial"
