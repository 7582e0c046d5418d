"""Calidad del emparejamiento (retoma y nivel) contra líneas base de la misma corrida.

Corre con `make benchmark` o:
    .venv/bin/python -m pytest tests/benchmarks/bench_retomas.py -m benchmark -s -p no:xdist
Conjuntos: el corpus etiquetado propio (`tests/datos/emparejamiento`), sus reescrituras con las
declaraciones del boletín citadas tal cual (derivado), el mundo de la demostración (`demo/`),
copias íntegras y medias copias de 100 artículos reales en inglés (Zyte, `../shared/datos`) y, si
está, el corpus de reutilización de texto de Clough y Stevenson (carpeta con
`file_information.csv` y los `.txt` de la distribución original, en
`../shared/datos/reutilizacion/clough` o en `BENCH_CLOUGH`; cut → integra, light → parcial,
heavy → reescrita, non → sin retoma). Líneas base: churnalism (cadenas de 15 caracteres,
`churnalism.py`), TF-IDF todos contra todos con el mejor umbral elegido con la verdad
(`todos_contra_todos.py`; niveles por la contención de cadenas) y las dos juntas.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from analisis.emparejamiento import Documento, Pareja, emparejar_lote
from analisis.evaluacion import Evaluacion, evaluar
from analisis.formatos import leer_documentos
from tests.benchmarks.churnalism import churnalism, contenciones, nivel_por_contencion
from tests.benchmarks.todos_contra_todos import REJILLA, todos_contra_todos
from tests.conftest import COMPARTIDO

CORPUS = Path(__file__).parents[1] / "datos" / "emparejamiento"
CLOUGH = Path(os.environ.get("BENCH_CLOUGH", COMPARTIDO / "reutilizacion" / "clough"))
NIVELES_CLOUGH = {"cut": "integra", "light": "parcial", "heavy": "reescrita"}
_CITA = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"]*\"")


@dataclass(frozen=True)
class Conjunto:
    """Boletines, notas y la verdad {(nota_id, boletin_id): nivel}."""

    nombre: str
    boletines: list[Documento]
    notas: list[Documento]
    verdad: dict[tuple[str, str], str]
    # Sólo se etiquetaron copias: las reescrituras que se predigan no se cuentan (en ningún método).
    solo_copias: bool = False


def _csv(ruta: Path) -> list[dict[str, str]]:
    """Filas de un CSV con encabezado."""
    with ruta.open(encoding="utf-8", newline="") as archivo:
        return list(csv.DictReader(archivo))


def corpus_propio() -> Conjunto:
    """El corpus etiquetado de desarrollo."""
    verdad = {(f["nota_id"], f["boletin_id"]): f["nivel"] for f in _csv(CORPUS / "verdad.csv")}
    boletines = list(leer_documentos(CORPUS / "boletines.jsonl"))
    notas = list(leer_documentos(CORPUS / "notas.jsonl"))
    return Conjunto("corpus propio (es)", boletines, notas, verdad)


def reescrituras_con_citas() -> Conjunto:
    """Reescrituras del corpus con las declaraciones del boletín citadas tal cual al final."""
    base = corpus_propio()
    tipos = {f["nota_id"]: f["tipo"] for f in _csv(CORPUS / "tipos.csv")}
    por_id = {b.id: b for b in base.boletines}
    origen: dict[str, list[str]] = {}
    for n, b in base.verdad:
        origen.setdefault(n, []).append(b)
    notas, verdad = [], {}
    for n in base.notas:
        if not tipos[n.id].startswith("reescritura") or len(origen.get(n.id, [])) != 1:
            continue
        b = origen[n.id][0]
        citas = [c for c in _CITA.findall(por_id[b].texto) if len(c.split()) >= 6]
        if citas:
            declaraciones = " ".join(f"{c}, declaró." for c in citas)
            notas.append(Documento(n.id, n.titulo, f"{n.texto}\n\n{declaraciones}", n.fecha))
            verdad[(n.id, b)] = "reescrita"
    return Conjunto("reescrituras con citas (es, derivado)", base.boletines, notas, verdad)


def mundo_demo() -> Conjunto:
    """El mundo de la demostración (escrito aparte del corpus): boletines y notas con su verdad."""
    from demo.mundo import construir

    mundo = construir(dt.date(2026, 11, 26))
    boletines = [
        Documento(str(i), b.titular, b.texto, b.fecha) for i, b in enumerate(mundo.boletines)
    ]
    notas = [Documento(f"N{k}", n.titulo, n.texto, n.fecha) for k, n in enumerate(mundo.notas)]
    verdad = {(f"N{k}", str(i)): nivel for k, n in enumerate(mundo.notas) for i, nivel in n.verdad}
    return Conjunto("mundo de la demostración (es)", boletines, notas, verdad)


def copias_zyte() -> Conjunto | None:
    """100 artículos reales en inglés como boletines: copia íntegra, media copia y ajenos."""
    ruta = COMPARTIDO / "paginas" / "zyte" / "ground-truth.json"
    if not ruta.exists():
        return None
    cuerpos = json.loads(ruta.read_text("utf-8"))
    textos = _sin_texto_compartido(
        [v["articleBody"] for v in cuerpos.values() if len(v["articleBody"].split()) > 150]
    )
    boletines = [Documento(f"B{i}", "", t) for i, t in enumerate(textos[:100])]
    ajenos = textos[100:]
    notas, verdad = [], {}
    for i, b in enumerate(boletines):
        mitad = " ".join(b.texto.split(" ")[: len(b.texto.split(" ")) // 2])
        notas.append(Documento(f"I{i}", "", "By staff.\n\n" + b.texto))
        notas.append(Documento(f"P{i}", "", ajenos[i % len(ajenos)][:1500] + "\n\n" + mitad))
        verdad[(f"I{i}", b.id)], verdad[(f"P{i}", b.id)] = "integra", "parcial"
    notas += [Documento(f"A{k}", "", t) for k, t in enumerate(ajenos)]
    # Hay artículos del mismo hecho en distintos medios (la gira de los Doobie Brothers, el
    # contrato lunar de la NASA): son reescrituras de verdad que este conjunto no etiqueta.
    return Conjunto("copias de Zyte (en, sólo copias)", boletines, notas, verdad, solo_copias=True)


def _sin_texto_compartido(textos: list[str]) -> list[str]:
    """Quita los artículos que comparten texto con otro (párrafo de empresa, tabla de bolsa).

    Así la verdad de copias queda completa: ninguna copia entre artículos queda sin etiquetar.
    """
    docs = [Documento(str(k), "", t) for k, t in enumerate(textos)]
    matriz = contenciones(docs, docs)
    return [
        t
        for k, t in enumerate(textos)
        if all(matriz[k][j] < 0.1 and matriz[j][k] < 0.1 for j in range(len(textos)) if j != k)
    ]


def clough() -> Conjunto | None:
    """Corpus de Clough y Stevenson en su distribución original, si está."""
    if not (CLOUGH / "file_information.csv").exists():
        return None
    filas = _csv(CLOUGH / "file_information.csv")
    leer = lambda nombre: (CLOUGH / nombre).read_text("utf-8", errors="replace")  # noqa: E731
    tareas = sorted({f["Task"] for f in filas})
    boletines = [Documento(t, "", leer(f"orig_task{t}.txt")) for t in tareas]
    notas = [Documento(f["File"], "", leer(f["File"])) for f in filas]
    verdad = {
        (f["File"], f["Task"]): NIVELES_CLOUGH[f["Category"]]
        for f in filas
        if f["Category"] in NIVELES_CLOUGH
    }
    return Conjunto("Clough y Stevenson (en)", boletines, notas, verdad)


def _parejas(pares: dict[tuple[str, str], str]) -> list[Pareja]:
    """Pares con nivel como parejas (para `evaluar`)."""
    return [Pareja(n, b, nivel, 0.0, 0.0, ()) for (n, b), nivel in pares.items()]


def _evaluar(c: Conjunto, parejas: list[Pareja]) -> Evaluacion:
    """Evalúa contra la verdad (sin las reescrituras predichas si sólo se etiquetaron copias)."""
    if c.solo_copias:
        parejas = [p for p in parejas if p.nivel != "reescrita"]
    return evaluar(parejas, c.verdad)


def _mejor(
    c: Conjunto, candidatos: Callable[[float], dict[tuple[str, str], str]]
) -> tuple[float, Evaluacion]:
    """El umbral de la rejilla con mejor F1 (elegido con la verdad: a favor de la línea base)."""
    resultados = [(u, _evaluar(c, _parejas(candidatos(u)))) for u in REJILLA]
    return max(resultados, key=lambda r: (r[1].f1, r[1].exactitud_nivel))


def medir(c: Conjunto) -> dict[str, Evaluacion]:
    """Monitoreo y las tres líneas base sobre un conjunto, en la misma corrida."""
    matriz = contenciones(c.boletines, c.notas)
    tfidf = todos_contra_todos(c.boletines, c.notas)
    copias = churnalism(c.boletines, matriz, c.notas)

    def por_tfidf(umbral: float) -> dict[tuple[str, str], str]:
        pares = {}
        for k, nota in enumerate(c.notas):
            j = int(tfidf.mejor[k])
            if tfidf.coseno[k] >= umbral:
                pares[(nota.id, c.boletines[j].id)] = nivel_por_contencion(matriz[k][j])
        return pares

    def combinada(umbral: float) -> dict[tuple[str, str], str]:
        con_copia = {n for n, _ in copias}
        return {**{k: v for k, v in por_tfidf(umbral).items() if k[0] not in con_copia}, **copias}

    nuestro = list(emparejar_lote(c.boletines, c.notas))
    return {
        "monitoreo": _evaluar(c, nuestro),
        "churnalism (15 caracteres, > 20 %)": _evaluar(c, _parejas(copias)),
        "TF-IDF todos contra todos (mejor umbral)": _mejor(c, por_tfidf)[1],
        "churnalism + TF-IDF (mejor umbral)": _mejor(c, combinada)[1],
    }


def _tabla(resultados: dict[str, dict[str, Evaluacion]]) -> str:
    """Tabla en Markdown: conjunto, método, precisión, recall, F1 y exactitud del nivel."""
    filas = [
        "| conjunto (retomas) | método | precisión | recall | F1 | nivel |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for nombre, medidas in resultados.items():
        for metodo, e in medidas.items():
            total = e.verdaderos_positivos + e.falsos_negativos
            filas.append(
                f"| {nombre} ({total}) | {metodo} | {e.precision:.3f} | {e.recall:.3f} "
                f"| {e.f1:.3f} | {e.exactitud_nivel:.3f} |"
            )
    return "\n".join(filas)


@pytest.mark.benchmark
def test_calidad_emparejamiento_contra_lineas_base() -> None:
    """Imprime la tabla; monitoreo no queda por debajo de ninguna línea base en F1 ni en nivel."""
    conjuntos = [corpus_propio(), reescrituras_con_citas(), mundo_demo(), copias_zyte(), clough()]
    resultados = {c.nombre: medir(c) for c in conjuntos if c is not None}
    print("\n" + _tabla(resultados))
    if clough() is None:
        print(f"Clough y Stevenson: no está en {CLOUGH} (se omite).")
    for nombre, medidas in resultados.items():
        nuestro = medidas.pop("monitoreo")
        for metodo, base in medidas.items():
            assert nuestro.f1 >= base.f1, (nombre, metodo)
            assert nuestro.exactitud_nivel >= base.exactitud_nivel, (nombre, metodo)
