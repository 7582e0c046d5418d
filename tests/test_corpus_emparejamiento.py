"""Integridad del corpus de desarrollo nota ↔ boletín (tests/datos/emparejamiento).

Comprueba el formato de lote de GUIA §4, la coherencia de la verdad y que cada etiqueta de nivel
corresponde a la contención de 5-gramas realmente medida (definiciones en LEEME.md).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DIRECTORIO = Path(__file__).resolve().parent / "datos" / "emparejamiento"
NIVELES = {"integra", "parcial", "reescrita"}
# Mismos umbrales que LEEME.md y generar.py (definiciones operativas de cada nivel).
UMBRAL_INTEGRA = 0.8
UMBRAL_PARCIAL = 0.2
UMBRAL_NEGATIVO = 0.1
MUNICIPIOS = [
    "Tampacán",
    "Xilitla",
    "Tamazunchale",
    "Ciudad Valles",
    "San Isidro Tlaxcalpan",
    "Santa Lucía del Río",
    "Tepexco del Valle",
    "Ojo Caliente de Abasolo",
]


def leer_jsonl(nombre: str) -> list[dict[str, Any]]:
    """Filas de un JSONL del corpus."""
    with (DIRECTORIO / nombre).open(encoding="utf-8") as f:
        return [json.loads(linea) for linea in f if linea.strip()]


def leer_csv(nombre: str) -> list[dict[str, str]]:
    """Filas de un CSV del corpus."""
    with (DIRECTORIO / nombre).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def boletines() -> dict[str, dict[str, Any]]:
    """Boletines por id."""
    return {b["id"]: b for b in leer_jsonl("boletines.jsonl")}


@cache
def notas() -> dict[str, dict[str, Any]]:
    """Notas por id."""
    return {n["id"]: n for n in leer_jsonl("notas.jsonl")}


@cache
def verdad() -> list[dict[str, str]]:
    """Filas de verdad.csv."""
    return leer_csv("verdad.csv")


def ngramas(texto: str, n: int = 5) -> frozenset[tuple[str, ...]]:
    """5-gramas de palabras en minúsculas."""
    palabras = re.findall(r"\w+", texto.lower())
    return frozenset(tuple(palabras[i : i + n]) for i in range(len(palabras) - n + 1))


@cache
def gramas_boletines() -> dict[str, frozenset[tuple[str, ...]]]:
    """5-gramas del texto de cada boletín."""
    return {k: ngramas(b["texto"]) for k, b in boletines().items()}


@cache
def gramas_notas() -> dict[str, frozenset[tuple[str, ...]]]:
    """5-gramas del texto de cada nota."""
    return {k: ngramas(n["texto"]) for k, n in notas().items()}


def contencion(boletin_id: str, nota_id: str) -> float:
    """Proporción de 5-gramas del boletín presentes en la nota."""
    g_boletin = gramas_boletines()[boletin_id]
    return len(g_boletin & gramas_notas()[nota_id]) / len(g_boletin)


def test_boletines_tienen_los_campos_del_formato_de_lote() -> None:
    for b in boletines().values():
        assert set(b) == {"id", "titulo", "texto", "fecha"}
        assert all(isinstance(b[c], str) and b[c].strip() for c in b)
        assert datetime.fromisoformat(b["fecha"]).utcoffset() == timedelta(hours=-6)


def test_notas_tienen_los_campos_del_formato_de_lote() -> None:
    for n in notas().values():
        assert set(n) == {"id", "titulo", "texto", "fecha", "medio"}
        assert all(isinstance(n[c], str) and n[c].strip() for c in n)
        assert datetime.fromisoformat(n["fecha"]).tzinfo is not None


def test_ids_unicos() -> None:
    assert len(boletines()) == len(leer_jsonl("boletines.jsonl"))
    assert len(notas()) == len(leer_jsonl("notas.jsonl"))
    assert not set(boletines()) & set(notas())


def test_conteos_minimos() -> None:
    assert len(boletines()) >= 60
    assert len(notas()) >= 600


def test_boletines_de_150_a_450_palabras() -> None:
    largos = {k: len(b["texto"].split()) for k, b in boletines().items()}
    assert all(150 <= n <= 450 for n in largos.values()), largos


def test_boletines_de_varios_municipios_no_solo_tampacan() -> None:
    primero = Counter(
        next((m for m in MUNICIPIOS if m in b["texto"] + b["titulo"]), "otro")
        for b in boletines().values()
    )
    assert len(primero) >= 6
    assert primero["Tampacán"] <= len(boletines()) // 4


def test_verdad_apunta_a_ids_existentes_con_niveles_validos() -> None:
    pares = [(f["nota_id"], f["boletin_id"]) for f in verdad()]
    assert len(pares) == len(set(pares))
    for fila in verdad():
        assert fila["nota_id"] in notas()
        assert fila["boletin_id"] in boletines()
        assert fila["nivel"] in NIVELES


def test_notas_sin_retoma_son_al_menos_35_por_ciento() -> None:
    con_retoma = {f["nota_id"] for f in verdad()}
    assert (len(notas()) - len(con_retoma)) / len(notas()) >= 0.35


def test_hay_todos_los_niveles_y_notas_con_dos_boletines() -> None:
    niveles = Counter(f["nivel"] for f in verdad())
    assert min(niveles[n] for n in NIVELES) >= 60
    por_nota = Counter(f["nota_id"] for f in verdad())
    assert sum(1 for c in por_nota.values() if c == 2) >= 10


def test_cada_boletin_tiene_retoma_de_cada_nivel() -> None:
    niveles: dict[str, set[str]] = {k: set() for k in boletines()}
    for fila in verdad():
        niveles[fila["boletin_id"]].add(fila["nivel"])
    assert all(n == NIVELES for n in niveles.values())


@pytest.mark.parametrize(
    ("nivel", "minimo", "maximo"),
    [
        ("integra", UMBRAL_INTEGRA, 1.0),
        ("parcial", UMBRAL_PARCIAL, UMBRAL_INTEGRA),
        ("reescrita", 0.0, UMBRAL_PARCIAL),
    ],
)
def test_etiquetas_coherentes_con_la_contencion_medida(
    nivel: str, minimo: float, maximo: float
) -> None:
    for fila in (f for f in verdad() if f["nivel"] == nivel):
        c = contencion(fila["boletin_id"], fila["nota_id"])
        assert minimo <= c <= maximo, (fila, round(c, 3))
        assert nivel == "integra" or c < maximo


def test_pares_sin_retoma_casi_no_comparten_texto() -> None:
    positivos = {(f["nota_id"], f["boletin_id"]) for f in verdad()}
    for nota_id in notas():
        for boletin_id in boletines():
            if (nota_id, boletin_id) not in positivos:
                c = contencion(boletin_id, nota_id)
                assert c < UMBRAL_NEGATIVO, (nota_id, boletin_id, round(c, 3))


def test_retomas_publicadas_despues_del_boletin() -> None:
    for fila in verdad():
        nota = datetime.fromisoformat(notas()[fila["nota_id"]]["fecha"])
        assert nota > datetime.fromisoformat(boletines()[fila["boletin_id"]]["fecha"])


def test_tipos_cubren_todas_las_notas_y_los_negativos_dificiles() -> None:
    tipos = {f["nota_id"]: f["tipo"] for f in leer_csv("tipos.csv")}
    assert set(tipos) == set(notas())
    con_retoma = {f["nota_id"] for f in verdad()}
    assert all(t.startswith("neg_") == (k not in con_retoma) for k, t in tipos.items())
    esperados = {"neg_mismo_tema", "neg_otra_fuente", "neg_nacional", "neg_anterior"}
    assert esperados <= set(tipos.values())


def test_archivos_versionados_coinciden_con_el_generador() -> None:
    spec = importlib.util.spec_from_file_location("generar_corpus", DIRECTORIO / "generar.py")
    assert spec is not None and spec.loader is not None
    modulo = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = modulo  # dataclasses necesita el módulo registrado
    try:
        spec.loader.exec_module(modulo)
        archivos = modulo.serializar(*modulo.generar())
    finally:
        del sys.modules[spec.name]
    for nombre, contenido in archivos.items():
        assert (DIRECTORIO / nombre).read_text(encoding="utf-8") == contenido, nombre
