"""Línea base de los benchmarks: TF-IDF disperso de scikit-learn, cada nota contra cada boletín.

Es lo que haría cualquiera con scikit-learn: vectorizador TF-IDF (palabras, sin acentos, tf
sublineal) ajustado con los boletines, producto disperso notas × boletines por tandas y, por nota,
el boletín de mayor coseno si pasa un umbral. El umbral se elige *después* con la verdad (el
mejor F1 de una rejilla): es una línea base optimista, a su favor.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from analisis.emparejamiento import Documento

TANDA = 2000
REJILLA = tuple(round(0.05 * k, 2) for k in range(2, 17))


@dataclass(frozen=True)
class ResultadoBase:
    """Mejor boletín y su coseno por nota, y segundos de reloj y de CPU."""

    mejor: np.ndarray
    coseno: np.ndarray
    segundos: float
    cpu: float


def todos_contra_todos(boletines: Sequence[Documento], notas: Sequence[Documento]) -> ResultadoBase:
    """Coseno TF-IDF de cada nota con cada boletín; se queda con el mayor."""
    t0, c0 = time.perf_counter(), time.process_time()
    vectorizador = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode", dtype=np.float32)
    matriz = vectorizador.fit_transform(f"{b.titulo}\n{b.texto}" for b in boletines).T.tocsr()
    mejores, cosenos = [], []
    for i in range(0, len(notas), TANDA):
        tanda = vectorizador.transform(f"{n.titulo}\n{n.texto}" for n in notas[i : i + TANDA])
        producto = (tanda @ matriz).toarray()
        mejores.append(producto.argmax(axis=1))
        cosenos.append(producto.max(axis=1))
    return ResultadoBase(
        np.concatenate(mejores),
        np.concatenate(cosenos),
        time.perf_counter() - t0,
        time.process_time() - c0,
    )


def mejor_umbral(
    base: ResultadoBase,
    boletines: Sequence[Documento],
    notas: Sequence[Documento],
    medir: Callable[[list[tuple[str, str]]], dict[str, float]],
) -> tuple[float, dict[str, float]]:
    """El umbral de la rejilla con mejor F1 (elegido con la verdad) y sus medidas."""
    resultados = []
    for umbral in REJILLA:
        pares = [
            (n.id, boletines[int(b)].id)
            for n, b, c in zip(notas, base.mejor, base.coseno, strict=True)
            if c >= umbral
        ]
        resultados.append((umbral, medir(pares)))
    return max(resultados, key=lambda r: r[1]["f1"])
