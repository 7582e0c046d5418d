"""Alineación de tramos de palabras comunes entre un boletín y una nota (pasajes compartidos)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Un pasaje empieza en un n-grama común de N_MINIMO_PASAJE palabras (el tamaño de los shingles).
# 5 palabras ≈ 30 caracteres en español o inglés: el doble de las cadenas de 15 caracteres de
# churnalism.com, para que frases hechas cortas ("dijo la presidenta") no cuenten como copia.
N_MINIMO_PASAJE = 5
# Apariciones de un mismo n-grama en la nota que se consideran: acota el costo cuando la nota
# repite una frase (listas, estribillos) sin perder el pasaje más largo.
MAX_APARICIONES = 8


@dataclass(frozen=True)
class Tramo:
    """Tramo común en palabras: inicio en el boletín, inicio en la nota y largo."""

    en_boletin: int
    en_nota: int
    largo: int


@dataclass(frozen=True)
class Secuencia:
    """Palabras de un texto como hashes enteros y los hashes de sus n-gramas."""

    palabras: Sequence[int] | npt.NDArray[np.uint64]
    ngramas: Sequence[int] | npt.NDArray[np.uint64]


def _coincidencias(
    boletin: npt.NDArray[np.uint64], nota: npt.NDArray[np.uint64], plantilla: npt.NDArray[np.uint64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pares de posiciones (en el boletín, en la nota) de n-gramas comunes que no son plantilla.

    Un n-grama repetido en la nota da un par por aparición (a lo más MAX_APARICIONES): así un
    pasaje no se corta por una frase que la nota repite en otro lado.
    """
    orden = np.argsort(nota, kind="stable")
    ordenados = nota[orden]
    desde = np.searchsorted(ordenados, boletin, side="left")
    cuantas = np.minimum(np.searchsorted(ordenados, boletin, side="right") - desde, MAX_APARICIONES)
    if len(plantilla):
        en_veto = np.minimum(np.searchsorted(plantilla, boletin), len(plantilla) - 1)
        cuantas[plantilla[en_veto] == boletin] = 0
    i = np.repeat(np.arange(len(boletin), dtype=np.int64), cuantas)
    primero = np.repeat(desde - (np.cumsum(cuantas) - cuantas), cuantas)
    j = orden[np.arange(len(i)) + primero]
    return i, j.astype(np.int64)


def alinear(
    boletin: Secuencia,
    nota: Secuencia,
    *,
    n: int = N_MINIMO_PASAJE,
    plantilla: frozenset[int] | set[int] | npt.NDArray[np.uint64] = frozenset(),
) -> list[Tramo]:
    """Tramos comunes maximales de al menos n palabras, en orden del boletín (vectorizado).

    Un tramo es una racha de n-gramas comunes consecutivos en una misma diagonal (mismo
    desplazamiento entre boletín y nota). Se eligen de mayor a menor y sin traslaparse en el
    boletín. `plantilla` lista hashes de n-gramas que no pueden abrir un pasaje.
    """
    b = np.asarray(boletin.ngramas, dtype=np.uint64)
    m = np.asarray(nota.ngramas, dtype=np.uint64)
    if len(b) == 0 or len(m) == 0:
        return []
    if isinstance(plantilla, np.ndarray):
        veto = plantilla
    else:
        veto = np.sort(np.fromiter(plantilla, dtype=np.uint64, count=len(plantilla)))
    i, j = _coincidencias(b, m, veto)
    if len(i) == 0:
        return []
    diagonal = j - i
    orden = np.lexsort((i, diagonal))
    i, diagonal = i[orden], diagonal[orden]
    corte = np.ones(len(i), dtype=bool)
    corte[1:] = (np.diff(diagonal) != 0) | (np.diff(i) != 1)
    inicios = np.flatnonzero(corte)
    largos = np.diff(np.append(inicios, len(i))) + n - 1
    ib = i[inicios]
    return _sin_traslapes(ib, ib + diagonal[inicios], largos, n, len(boletin.palabras))


def _sin_traslapes(
    ib: npt.NDArray[np.int64],
    jn: npt.NDArray[np.int64],
    largos: npt.NDArray[np.int64],
    n: int,
    palabras: int,
) -> list[Tramo]:
    """Tramos de mayor a menor; cada uno se queda con su parte aún libre del boletín (≥ n)."""
    ocupado = np.zeros(palabras + 1, dtype=bool)
    tramos: list[Tramo] = []
    for k in np.argsort(-largos, kind="stable").tolist():
        i, j, largo = int(ib[k]), int(jn[k]), int(largos[k])
        libre = ~ocupado[i : i + largo]
        if not libre.all():
            i, j, largo = _parte_libre(i, j, libre)
        if largo >= n:
            ocupado[i : i + largo] = True
            tramos.append(Tramo(i, j, largo))
    return sorted(tramos, key=lambda t: t.en_boletin)


def _parte_libre(i: int, j: int, libre: npt.NDArray[np.bool_]) -> tuple[int, int, int]:
    """La racha libre más larga de un tramo (inicio en boletín, en nota y largo)."""
    bordes = np.flatnonzero(np.diff(np.concatenate([[0], libre.astype(np.int8), [0]])))
    if len(bordes) == 0:
        return i, j, 0
    largos = bordes[1::2] - bordes[::2]
    mejor = int(np.argmax(largos))
    desde = int(bordes[2 * mejor])
    return i + desde, j + desde, int(largos[mejor])
