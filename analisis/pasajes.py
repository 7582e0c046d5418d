"""Alineación de tramos de palabras comunes entre un boletín y una nota (pasajes compartidos)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Un pasaje empieza en un n-grama común de N_MINIMO_PASAJE palabras (el tamaño de los shingles).
# 5 palabras ≈ 30 caracteres en español o inglés: el doble de las cadenas de 15 caracteres de
# churnalism.com, para que frases hechas cortas ("dijo la presidenta") no cuenten como copia.
N_MINIMO_PASAJE = 5
# Cuántas apariciones de un mismo n-grama en la nota se prueban como inicio de pasaje: acota el
# costo cuando la nota repite una frase (listas, estribillos) sin perder el pasaje más largo.
MAX_INICIOS_PROBADOS = 8


@dataclass(frozen=True)
class Tramo:
    """Tramo común en palabras: inicio en el boletín, inicio en la nota y largo."""

    en_boletin: int
    en_nota: int
    largo: int


def _indice_inicios(ngramas: Sequence[int]) -> dict[int, list[int]]:
    """Posiciones de cada n-grama (por su hash) de la nota."""
    inicios: dict[int, list[int]] = {}
    for j, h in enumerate(ngramas):
        inicios.setdefault(h, []).append(j)
    return inicios


def _extender(boletin: Sequence[int], nota: Sequence[int], i: int, j: int, n: int) -> int:
    """Largo del tramo común que empieza en (i, j); las primeras n palabras ya coinciden."""
    largo = n
    while (
        i + largo < len(boletin) and j + largo < len(nota) and boletin[i + largo] == nota[j + largo]
    ):
        largo += 1
    return largo


@dataclass(frozen=True)
class Secuencia:
    """Palabras de un texto como hashes enteros y los hashes de sus n-gramas."""

    palabras: Sequence[int]
    ngramas: Sequence[int]


def alinear(
    boletin: Secuencia,
    nota: Secuencia,
    *,
    n: int = N_MINIMO_PASAJE,
    plantilla: frozenset[int] | set[int] = frozenset(),
) -> list[Tramo]:
    """Tramos comunes maximales de al menos n palabras (voraz, en orden del boletín).

    `plantilla` lista hashes de n-gramas que no pueden abrir un pasaje (frases de muchos boletines).
    """
    inicios = _indice_inicios(nota.ngramas)
    tramos: list[Tramo] = []
    i = 0
    while i < len(boletin.ngramas):
        h = boletin.ngramas[i]
        candidatos = inicios.get(h)
        if not candidatos or h in plantilla:
            i += 1
            continue
        largos = (
            Tramo(i, j, _extender(boletin.palabras, nota.palabras, i, j, n))
            for j in candidatos[:MAX_INICIOS_PROBADOS]
        )
        mejor = max(largos, key=lambda t: t.largo)
        tramos.append(mejor)
        i += mejor.largo
    return tramos
