"""Medición de la extracción y la lectura de feeds contra los datos compartidos.

Corre con `make benchmark`, o sólo ésta:
    .venv/bin/python -m pytest tests/benchmarks/bench_extraccion.py -m benchmark -s -p no:xdist
Corre `monitoreo evaluar extraccion DIR --json` sobre cada conjunto de `../shared/datos/paginas`
(monitoreo y trafilatura + htmldate en la misma corrida), imprime la tabla de todos, la velocidad
de extracción y la de lectura de feeds, y afirma que monitoreo no pierde en ningún conjunto ni
campo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

import pytest

from rastreadores.evaluacion import EXTRACTORES, cargar_conjunto, medir
from rastreadores.feeds import FeedIlegible, leer_feed
from tests.conftest import datos_compartidos

CONJUNTOS = ("trafilatura_es", "zyte", "fundus_otros", "readability_otros")


def _fila(conjunto: str, n: int, campo: str, nuestro: str, suyo: str) -> str:
    """Una fila de la tabla en Markdown."""
    return f"| {conjunto} ({n}) | {campo} | {nuestro} | {suyo} |"


def _evaluar(carpeta: Path) -> dict[str, Any]:
    """Salida JSON de `monitoreo evaluar extraccion` sobre una carpeta."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    orden = ["evaluar", "extraccion", str(carpeta), "--json"]
    r = subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", *orden],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    datos: dict[str, Any] = json.loads(r.stdout)
    return datos


def _razon(aciertos: int, total: int) -> str:
    """Proporción con tres decimales."""
    return f"{aciertos / total:.3f}"


def _filas(ev: dict[str, Any]) -> list[str]:
    """Filas de cuerpo, título y fecha de un conjunto (los campos sin oro se omiten)."""
    nuestro, suyo = ev["extractores"]["monitoreo"], ev["extractores"]["trafilatura + htmldate"]
    nombre, n = ev["conjunto"], ev["paginas"]
    cuerpo = f"cuerpo F1 ({'fragmentos' if ev['formato'] == 'trafilatura' else '4-gramas'})"
    filas = [
        _fila(nombre, n, cuerpo, f"{nuestro['cuerpo']['f1']:.3f}", f"{suyo['cuerpo']['f1']:.3f}")
    ]
    if nuestro["titulo"]["total"]:
        t, u = nuestro["titulo"], suyo["titulo"]
        campo = f"título exacto ({t['total']})"
        filas.append(
            _fila(
                nombre, n, campo, _razon(t["exactos"], t["total"]), _razon(u["exactos"], u["total"])
            )
        )
    if nuestro["fecha"]["total"]:
        f, g = nuestro["fecha"], suyo["fecha"]
        filas.append(
            _fila(
                nombre,
                n,
                f"día exacto ({f['total']}; sin fecha)",
                f"{_razon(f['exactas'], f['total'])} ({f['sin_fecha']})",
                f"{_razon(g['exactas'], g['total'])} ({g['sin_fecha']})",
            )
        )
    return filas


def _no_pierde(ev: dict[str, Any]) -> None:
    """monitoreo iguala o supera a la biblioteca en cada campo con oro."""
    nuestro, suyo = ev["extractores"]["monitoreo"], ev["extractores"]["trafilatura + htmldate"]
    assert nuestro["cuerpo"]["f1"] >= suyo["cuerpo"]["f1"], ev["conjunto"]
    assert nuestro["titulo"]["exactos"] >= suyo["titulo"]["exactos"], ev["conjunto"]
    assert nuestro["fecha"]["exactas"] >= suyo["fecha"]["exactas"], ev["conjunto"]
    assert nuestro["fecha"]["sin_fecha"] <= suyo["fecha"]["sin_fecha"], ev["conjunto"]


def _velocidad(carpeta: Path) -> dict[str, float]:
    """Páginas por segundo de CPU de cada extractor sobre un conjunto."""
    conjunto = cargar_conjunto(carpeta)
    velocidades = {}
    for nombre, lector in EXTRACTORES.items():
        inicio = time.process_time()
        medir(conjunto, lector)
        velocidades[nombre] = len(conjunto.casos) / (time.process_time() - inicio)
    return velocidades


def _feeds_por_segundo() -> tuple[int, int, float]:
    """(feeds legibles, entradas, feeds/s) sobre los 200 feeds reales del tgz."""
    with tarfile.open(datos_compartidos("feeds", "reales", "benchmark_data.tgz")) as tgz:
        contenidos = [
            tgz.extractfile(m).read()  # type: ignore[union-attr]
            for m in tgz.getmembers()
            if m.isfile()
        ]
    legibles = entradas = 0
    inicio = time.perf_counter()
    for contenido in contenidos:
        try:
            entradas += len(leer_feed(contenido).entradas)
            legibles += 1
        except FeedIlegible:
            pass
    return legibles, entradas, len(contenidos) / (time.perf_counter() - inicio)


@pytest.mark.benchmark
def test_medicion_extraccion() -> None:
    """Imprime la tabla de calidad de cada conjunto; monitoreo nunca por debajo de la biblioteca."""
    paginas = datos_compartidos("paginas")
    evaluaciones = [_evaluar(paginas / c) for c in CONJUNTOS if (paginas / c).exists()]
    filas = [
        "| conjunto (páginas) | campo | monitoreo | trafilatura + htmldate |",
        "|---" * 4 + "|",
    ]
    for ev in evaluaciones:
        filas += _filas(ev)
    print("\n" + "\n".join(filas))
    velocidad = _velocidad(paginas / "trafilatura_es")
    print(
        "Páginas por segundo de CPU (trafilatura_es): "
        + ", ".join(f"{n} {v:.1f}" for n, v in velocidad.items())
    )
    legibles, entradas, fps = _feeds_por_segundo()
    print(f"Feeds reales: {legibles} legibles, {entradas} entradas, {fps:.1f} feeds/s.")
    for ev in evaluaciones:
        _no_pierde(ev)
