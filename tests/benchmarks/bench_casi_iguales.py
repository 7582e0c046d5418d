"""Benchmarks de `emparejar` contra TF-IDF todos contra todos: casi iguales y sintético.

Corre con `make benchmark` o:
    .venv/bin/python -m pytest tests/benchmarks/bench_casi_iguales.py -m benchmark -s -p no:xdist
Tamaño por variables de entorno (por omisión, el del issue: 5,000 boletines y 20,000 notas):
    BENCH_CASI_BOLETINES=5000 BENCH_CASI_NOTAS=20000
El conjunto se arma con el corpus propio (`casi_iguales.py`). Cada lado corre en un proceso
aparte (memoria pico aislada, ru_maxrss) y en la misma corrida: `emparejar` como lo corre la
CLI (B.jsonl y N.jsonl en disco, índice nuevo, P.csv) y la línea base de `todos_contra_todos.py`.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest

from analisis.emparejamiento import Documento
from analisis.lote import emparejar_archivos
from tests.benchmarks.bench_emparejamiento import Generador
from tests.benchmarks.casi_iguales import f1_por_historia, generar
from tests.benchmarks.todos_contra_todos import mejor_umbral, todos_contra_todos

BOLETINES = int(os.environ.get("BENCH_CASI_BOLETINES", "5000"))
NOTAS = int(os.environ.get("BENCH_CASI_NOTAS", "20000"))
# Procesos de `emparejar` (la CLI usa todos los núcleos; la máquina de medida tiene 2).
# Con BENCH_CASI_BASE=0 no se corre la línea base (para medir sólo la escala de emparejar).
CON_BASE = os.environ.get("BENCH_CASI_BASE", "1") != "0"
TRABAJADORES = int(os.environ.get("BENCH_CASI_TRABAJADORES", str(os.cpu_count() or 1)))


def _memoria_mb() -> float:
    """Memoria residente pico del proceso en MB (Linux: ru_maxrss en KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """Segundos de CPU del proceso y de sus hijos ya terminados (los trabajadores de emparejar)."""
    propio = resource.getrusage(resource.RUSAGE_SELF)
    hijos = resource.getrusage(resource.RUSAGE_CHILDREN)
    return propio.ru_utime + propio.ru_stime + hijos.ru_utime + hijos.ru_stime


def _memoria_hijos_mb() -> float:
    """Memoria residente pico del mayor proceso hijo ya terminado (los trabajadores), en MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _jsonl(ruta: Path, documentos: list[Documento]) -> None:
    """Documentos en formato B.jsonl / N.jsonl."""
    with ruta.open("w", encoding="utf-8") as archivo:
        for d in documentos:
            registro = {"id": d.id, "titulo": d.titulo, "texto": d.texto}
            archivo.write(json.dumps(registro, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class Conjunto:
    """Boletines, notas y cómo medir pares (nota_id, boletin_id) predichos contra la verdad."""

    boletines: list[Documento]
    notas: list[Documento]
    medir: Callable[[list[tuple[str, str]]], dict[str, float]]


def conjunto_casi_iguales(boletines: int, notas: int) -> Conjunto:
    """El conjunto de casi iguales (verdad por historia)."""
    c = generar(boletines, notas)
    return Conjunto(c.boletines, c.notas, lambda pares: f1_por_historia(c, pares))


def conjunto_sintetico(boletines: int, notas: int) -> Conjunto:
    """El conjunto sintético de siempre (Zipf; verdad por boletín exacto, sin contar el nivel)."""
    generador = Generador(7)
    originales = [generador.boletin(k) for k in range(boletines)]
    lista, verdad = [], set()
    for k in range(notas):
        nota, nivel, origen = generador.nota(k, originales)
        lista.append(nota)
        if nivel:
            verdad.add((nota.id, origen))

    def medir(pares: list[tuple[str, str]]) -> dict[str, float]:
        aciertos = len(set(pares) & verdad)
        return {
            "precision": aciertos / max(1, len(set(pares))),
            "recall": aciertos / max(1, len(verdad)),
            "f1": 2 * aciertos / max(1, len(set(pares)) + len(verdad)),
        }

    return Conjunto([b for b, _ in originales], lista, medir)


CONJUNTOS: dict[str, Callable[[int, int], Conjunto]] = {
    "casi_iguales": conjunto_casi_iguales,
    "sintetico": conjunto_sintetico,
}


def medir_emparejar(nombre: str, boletines: int, notas: int) -> dict[str, Any]:
    """`emparejar` de punta a punta (lectura, índice nuevo, emparejamiento, P.csv)."""
    conjunto = CONJUNTOS[nombre](boletines, notas)
    with tempfile.TemporaryDirectory() as carpeta:
        raiz = Path(carpeta)
        _jsonl(raiz / "B.jsonl", conjunto.boletines)
        _jsonl(raiz / "N.jsonl", conjunto.notas)
        base = _memoria_mb()
        t0, c0 = time.perf_counter(), _cpu()
        emparejar_archivos(
            raiz / "B.jsonl", raiz / "N.jsonl", raiz / "P.csv", 7, trabajadores=TRABAJADORES
        )
        segundos, cpu = time.perf_counter() - t0, _cpu() - c0
        with (raiz / "P.csv").open(encoding="utf-8") as archivo:
            pares = [(f["nota_id"], f["boletin_id"]) for f in csv.DictReader(archivo)]
    return {
        "segundos": segundos,
        "cpu": cpu,
        "memoria_mb": max(_memoria_mb(), _memoria_hijos_mb()),
        "memoria_extra_mb": _memoria_mb() - base,
        **conjunto.medir(pares),
    }


def medir_base(nombre: str, boletines: int, notas: int) -> dict[str, Any]:
    """TF-IDF todos contra todos con el mejor umbral (elegido con la verdad)."""
    conjunto = CONJUNTOS[nombre](boletines, notas)
    base = _memoria_mb()
    r = todos_contra_todos(conjunto.boletines, conjunto.notas)
    umbral, medidas = mejor_umbral(r, conjunto.boletines, conjunto.notas, conjunto.medir)
    return {
        "segundos": r.segundos,
        "cpu": r.cpu,
        "memoria_mb": _memoria_mb(),
        "memoria_extra_mb": _memoria_mb() - base,
        "umbral": umbral,
        **medidas,
    }


def en_proceso(funcion: Any, *args: str | int) -> dict[str, Any]:
    """Corre una medición en un proceso nuevo (memoria pico aislada)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as ejecutor:
        resultado: dict[str, Any] = ejecutor.submit(funcion, *args).result()
    return resultado


def imprimir(titulo: str, nuestro: dict[str, Any], base: dict[str, Any]) -> None:
    """Tabla de la corrida: tiempo, CPU, memoria, calidad y razón contra la línea base."""
    print(f"\n{titulo}")
    print("método                       s reloj   s CPU  mem.pico MB  precisión  recall     F1")
    for nombre, r in (("monitoreo emparejar", nuestro), ("TF-IDF todos contra todos", base)):
        print(
            f"{nombre:<27} {r['segundos']:>8.1f} {r['cpu']:>7.1f} {r['memoria_mb']:>12.0f}"
            f" {r['precision']:>10.3f} {r['recall']:>7.3f} {r['f1']:>6.3f}"
        )
    razon = base["segundos"] / nuestro["segundos"]
    print(
        f"razón de tiempo (todos contra todos / emparejar): {razon:.2f}"
        f" en reloj, {base['cpu'] / nuestro['cpu']:.2f} en CPU; umbral de la base: {base['umbral']}"
    )
    if "exacto_media_copia" in nuestro:  # sólo en el de casi iguales
        print(f"medias copias ligadas a su boletín exacto: {nuestro['exacto_media_copia']:.3f}")


@pytest.mark.benchmark
def test_benchmark_casi_iguales() -> None:
    """Imprime la tabla; la calidad no debe quedar por debajo de la línea base."""
    nuestro = en_proceso(medir_emparejar, "casi_iguales", BOLETINES, NOTAS)
    base = en_proceso(medir_base, "casi_iguales", BOLETINES, NOTAS)
    imprimir(
        f"Casi iguales: {BOLETINES:,} boletines (copias de 60 historias) × {NOTAS:,} notas",
        nuestro,
        base,
    )
    assert nuestro["precision"] > 0.95


@pytest.mark.benchmark
def test_benchmark_sintetico_contra_todos() -> None:
    """El conjunto sintético de siempre, con la misma comparación y el mismo tamaño."""
    nuestro = en_proceso(medir_emparejar, "sintetico", BOLETINES, NOTAS)
    titulo = f"Sintético (Zipf): {BOLETINES:,} boletines × {NOTAS:,} notas"
    if not CON_BASE:
        print(f"\n{titulo}\n{nuestro}")
        return
    base = en_proceso(medir_base, "sintetico", BOLETINES, NOTAS)
    imprimir(titulo, nuestro, base)
    assert nuestro["f1"] >= base["f1"] - 0.01


if __name__ == "__main__":
    test_benchmark_casi_iguales()
