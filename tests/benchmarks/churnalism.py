"""Línea base de niveles al estilo churnalism.com: cadenas de 15 caracteres del comunicado.

churnalism.com marcaba una nota como copia de un comunicado si más del 20 % de él aparecía en la
nota en cadenas de 15 caracteres (REFERENCIAS del proyecto). Aquí: contención de las cadenas de 15
caracteres del boletín (minúsculas, espacios colapsados) en la nota, cada nota contra cada boletín.
Los niveles salen de la misma contención con los umbrales de las definiciones: ≥ 0.75 íntegra,
≥ 0.20 parcial. No ve reescrituras (por construcción): para eso se combina con TF-IDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analisis.emparejamiento import Documento

LARGO_CADENA = 15
UMBRAL_COPIA = 0.20
UMBRAL_INTEGRA = 0.75
_ESPACIOS = re.compile(r"\s+")


def cadenas(texto: str) -> set[int]:
    """Hashes de todas las cadenas de 15 caracteres del texto normalizado."""
    plano = _ESPACIOS.sub(" ", texto.lower()).strip()
    return {hash(plano[i : i + LARGO_CADENA]) for i in range(len(plano) - LARGO_CADENA + 1)}


def contenciones(boletines: Sequence[Documento], notas: Sequence[Documento]) -> list[list[float]]:
    """Contención de cada boletín en cada nota: [nota][boletín]."""
    propias = [cadenas(b.texto) for b in boletines]
    resultado = []
    for nota in notas:
        de_nota = cadenas(nota.texto)
        resultado.append([len(c & de_nota) / max(1, len(c)) for c in propias])
    return resultado


def nivel_por_contencion(contencion: float) -> str:
    """Nivel según la contención de cadenas (reescrita si no alcanza a copia)."""
    if contencion >= UMBRAL_INTEGRA:
        return "integra"
    return "parcial" if contencion >= UMBRAL_COPIA else "reescrita"


def churnalism(
    boletines: Sequence[Documento], matriz: list[list[float]], notas: Sequence[Documento]
) -> dict[tuple[str, str], str]:
    """Pares (nota, boletín) con más del 20 % del boletín en la nota y su nivel."""
    return {
        (n.id, b.id): nivel_por_contencion(c)
        for n, fila in zip(notas, matriz, strict=True)
        for b, c in zip(boletines, fila, strict=True)
        if c > UMBRAL_COPIA
    }
