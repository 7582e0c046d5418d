"""Distancia entre huellas perceptuales (pHash de 64 bits) de una imagen contra miles a la vez.

imagehash compara un par por llamada en Python; con el banco entero y cada imagen de nota eso
es lento y, en una vista, crecía con el historial. Aquí la huella es un entero de 64 bits y la
distancia de Hamming es el conteo de bits del XOR, en NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

# Bits encendidos de cada byte: el conteo de un uint64 es la suma sobre sus 8 bytes
# (np.bitwise_count existe sólo desde NumPy 2).
_BITS_POR_BYTE = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)

Huellas = npt.NDArray[np.uint64]


def a_entero(huella: str) -> int | None:
    """La huella hexadecimal de 16 cifras como entero, o None si no es una huella válida."""
    texto = huella.strip()
    if len(texto) != 16:
        return None
    try:
        return int(texto, 16)
    except ValueError:
        return None


def arreglo(enteros: Sequence[int]) -> Huellas:
    """Arreglo uint64 de huellas ya convertidas."""
    return np.array(enteros, dtype=np.uint64)


def distancias(huella: int, banco: Huellas) -> npt.NDArray[np.int64]:
    """Bits distintos entre una huella y cada huella del banco."""
    xor = np.bitwise_xor(banco, np.uint64(huella))
    bits: npt.NDArray[np.int64] = (
        _BITS_POR_BYTE[xor.view(np.uint8)].reshape(-1, 8).sum(axis=1, dtype=np.int64)
    )
    return bits


def parecidas(huella: int, banco: Huellas, distancia_max: int) -> list[tuple[int, int]]:
    """(posición en el banco, bits) de las huellas a ≤ distancia_max bits."""
    if banco.size == 0:
        return []
    bits = distancias(huella, banco)
    cerca = np.flatnonzero(bits <= distancia_max)
    return [(int(i), int(bits[i])) for i in cerca]
