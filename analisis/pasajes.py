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
    """Posiciones (en el boletín, en la nota) de n-gramas comunes que no son plantilla (ordenada).

    Para cada n-grama del boletín se toma su primera aparición en la nota (orden estable).
    """
    orden = np.argsort(nota, kind="stable")
    ordenados = nota[orden]
    pos = np.minimum(np.searchsorted(ordenados, boletin), len(ordenados) - 1)
    comun = ordenados[pos] == boletin
    if len(plantilla):
        en_veto = np.minimum(np.searchsorted(plantilla, boletin), len(plantilla) - 1)
        comun &= plantilla[en_veto] != boletin
    i = np.flatnonzero(comun)
    return i.astype(np.int64), orden[pos[i]].astype(np.int64)


def alinear(
    boletin: Secuencia,
    nota: Secuencia,
    *,
    n: int = N_MINIMO_PASAJE,
    plantilla: frozenset[int] | set[int] | npt.NDArray[np.uint64] = frozenset(),
) -> list[Tramo]:
    """Tramos comunes maximales de al menos n palabras, en orden del boletín (vectorizado).

    Un tramo es una racha de n-gramas comunes consecutivos a la vez en el boletín y en la nota; los
    tramos no se traslapan en el boletín. `plantilla` lista hashes de n-gramas que no pueden abrir
    un pasaje (frases de muchos boletines).
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
    corte = np.ones(len(i), dtype=bool)
    corte[1:] = (np.diff(i) != 1) | (np.diff(j) != 1)
    inicios = np.flatnonzero(corte)
    largos = np.diff(np.append(inicios, len(i))) + n - 1
    return _sin_traslapes(i[inicios].tolist(), j[inicios].tolist(), largos.tolist(), n)


def _sin_traslapes(ib: list[int], jn: list[int], largos: list[int], n: int) -> list[Tramo]:
    """Recorta el inicio de cada tramo que se encima con el anterior en el boletín."""
    tramos: list[Tramo] = []
    fin = 0
    for i, j, largo in zip(ib, jn, largos, strict=True):
        recorte = max(0, fin - i)
        if largo - recorte >= n:
            tramos.append(Tramo(i + recorte, j + recorte, largo - recorte))
            fin = i + largo
    return tramos
