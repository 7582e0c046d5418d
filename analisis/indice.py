"""Análisis de un boletín en arreglos estables (hashes de 64 bits) que se pueden guardar en disco.

Todo lo que el emparejador necesita de un boletín (hashes de palabras, posiciones en caracteres,
términos, título y datos específicos) se calcula una vez y se guarda con los datos: los hashes
son los de `analisis.texto` (estables entre procesos), así que un índice escrito por `analizar`
sirve igual a `emparejar` y a otros procesos. Aquí no hay E/S: `a_arreglos` y `de_arreglos`
convierten de y a un diccionario de arreglos de NumPy; quien escribe el archivo es `lote.py`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from analisis.texto import (
    ArregloU64,
    especificos,
    hashes_de_textos,
    hashes_palabras,
)

# Versión del formato de los arreglos: si cambia la tokenización o el hash, los índices guardados
# con otra versión se ignoran y se recalculan (nunca se mezclan hashes de dos versiones).
VERSION = 1


@dataclass(frozen=True)
class AnalisisBoletin:
    """Boletín analizado: clave de su contenido y arreglos estables."""

    clave: str
    palabras: ArregloU64
    terminos: ArregloU64
    titulo: ArregloU64
    especificos: ArregloU64

    def __eq__(self, otro: object) -> bool:
        """Iguales si tienen la misma clave y los mismos arreglos."""
        if not isinstance(otro, AnalisisBoletin):
            return NotImplemented
        return self.clave == otro.clave and all(
            np.array_equal(getattr(self, c), getattr(otro, c)) for c in _CAMPOS
        )

    __hash__ = None  # type: ignore[assignment]


_CAMPOS = ("palabras", "terminos", "titulo", "especificos")


def clave_documento(titulo: str, texto: str) -> str:
    """Clave estable del contenido (sha256 de título y texto): la misma en todo proceso."""
    return hashlib.sha256(f"{titulo}\x00{texto}".encode()).hexdigest()


def hashes_especificos(texto: str) -> ArregloU64:
    """Hashes ordenados de los nombres propios y cifras del texto."""
    return np.unique(hashes_palabras(sorted(especificos(texto))))


def analizar_boletin(titulo: str, texto: str) -> AnalisisBoletin:
    """Análisis completo de un boletín (palabras, términos, título, específicos).

    Sin posiciones en caracteres: sólo hacen falta para los pasajes de las retomas detectadas y se
    sacan entonces del texto (`tokenizar`).
    """
    return analizar_boletines([(titulo, texto)])[0]


def analizar_boletines(boletines: Sequence[tuple[str, str]]) -> list[AnalisisBoletin]:
    """`analizar_boletin` de muchos (título, texto) con los hashes de todos en una pasada."""
    hashes = hashes_de_textos([t for _, t in boletines] + [t for t, _ in boletines])
    textos, titulos = hashes[: len(boletines)], hashes[len(boletines) :]
    return [
        AnalisisBoletin(
            clave=clave_documento(titulo, texto),
            palabras=h.palabras,
            terminos=h.lemas[h.terminos],
            titulo=np.unique(t.lemas[t.terminos]),
            especificos=hashes_especificos(texto),
        )
        for (titulo, texto), h, t in zip(boletines, textos, titulos, strict=True)
    ]


def a_arreglos(analisis: Sequence[AnalisisBoletin]) -> dict[str, npt.NDArray[np.generic]]:
    """Varios análisis como arreglos concatenados con sus cortes (para np.savez)."""
    salida: dict[str, npt.NDArray[np.generic]] = {
        "version": np.array([VERSION], dtype=np.int64),
        "claves": np.array([a.clave for a in analisis], dtype="<U64"),
    }
    for campo in _CAMPOS:
        partes = [getattr(a, campo) for a in analisis]
        salida[f"{campo}_largos"] = np.array([len(p) for p in partes], dtype=np.int64)
        salida[campo] = (
            np.concatenate(partes).astype(np.uint64) if partes else np.zeros(0, np.uint64)
        )
    return salida


def de_arreglos(arreglos: Mapping[str, npt.NDArray[np.generic]]) -> list[AnalisisBoletin]:
    """Inverso de `a_arreglos`; lista vacía si los arreglos son de otra versión."""
    if "version" not in arreglos or int(arreglos["version"][0]) != VERSION:
        return []
    claves = [str(c) for c in arreglos["claves"]]
    columnas = {c: _cortar(arreglos[c], arreglos[f"{c}_largos"]) for c in _CAMPOS}
    return [
        AnalisisBoletin(
            clave,
            *(np.asarray(columnas[c][i], dtype=np.uint64) for c in _CAMPOS),
        )
        for i, clave in enumerate(claves)
    ]


def _cortar(
    valores: npt.NDArray[np.generic], largos: npt.NDArray[np.generic]
) -> list[npt.NDArray[np.generic]]:
    """Parte un arreglo concatenado según los largos."""
    cortes = np.cumsum(np.asarray(largos, dtype=np.int64))[:-1]
    return list(np.split(valores, cortes))


def combinar(
    guardados: Iterable[AnalisisBoletin], nuevos: Iterable[AnalisisBoletin]
) -> dict[str, AnalisisBoletin]:
    """Análisis por clave; los nuevos reemplazan a los guardados con la misma clave."""
    resultado = {a.clave: a for a in guardados}
    resultado.update((a.clave, a) for a in nuevos)
    return resultado
