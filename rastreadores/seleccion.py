"""Elección del cuerpo entre las extracciones de precisión, equilibrada y exhaustiva.

Cada modo de trafilatura se equivoca distinto: precisión a veces deja fuera párrafos reales en el
marcado de los portales grandes; exhaustividad a veces mete notas vecinas. Se elige el texto que
más coincide con los otros dos (el "medoide" por F1 de 4-gramas de palabras): si precisión pierde
la mitad de la nota, equilibrado y exhaustivo coinciden entre sí y gana uno de ellos; si
exhaustivo agrega otra nota, precisión y equilibrado coinciden. Medido en las cuatro colecciones
de `../shared/datos/paginas` contra cada modo fijo (ver docs/decisiones.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

# 4-gramas de palabras: la misma unidad con la que se mide el cuerpo (article-extraction-benchmark).
N_GRAMA = 4
# Diferencia de acuerdo por debajo de la cual dos candidatos empatan (errores de redondeo).
EMPATE = 1e-9
_PALABRA = re.compile(r"\w+")


def ngramas(texto: str | None, n: int = N_GRAMA) -> Counter[tuple[str, ...]]:
    """N-gramas de palabras (con repetición) de un texto."""
    palabras = _PALABRA.findall(texto or "")
    return Counter(tuple(palabras[i : i + n]) for i in range(max(len(palabras) - n + 1, 0)))


def f1_ngramas(a: Counter[tuple[str, ...]], b: Counter[tuple[str, ...]]) -> float:
    """F1 de dos bolsas de n-gramas (1.0 si ambas están vacías)."""
    if not a and not b:
        return 1.0
    comunes = sum((a & b).values())
    total = sum(a.values()) + sum(b.values())
    return 2 * comunes / total if total else 0.0


def elegir_texto(candidatos: Mapping[str, str]) -> str:
    """Clave del candidato que más coincide con los demás; empates, el primero en orden."""
    bolsas = {clave: ngramas(texto) for clave, texto in candidatos.items()}
    acuerdo = {
        clave: sum(f1_ngramas(bolsa, otra) for otro, otra in bolsas.items() if otro != clave)
        for clave, bolsa in bolsas.items()
    }
    mejor = max(acuerdo.values())
    return next(clave for clave, valor in acuerdo.items() if valor >= mejor - EMPATE)
