"""La página de Facebook, puro: texto adaptado de un boletín y rangos de edad de Meta.

El borrador de una publicación es el titular, las primeras frases completas que caben en
`LARGO_RESUMEN`, la liga y los hashtags.

Meta agrupa a los seguidores en 13-17, 18-24, 25-34, 35-44, 45-54, 55-64 y 65+: no hay corte en
30. «Menores de 30» se estima sumando 13-24 completos y la mitad de 25-34 (supone edades
repartidas parejo dentro del rango) y se da siempre con sus cotas: menores de 25 (mínimo seguro)
y menores de 35 (máximo seguro).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Una publicación de página se lee en el muro: Meta corta a ~480 caracteres con «Ver más».
# El borrador queda abajo de eso con margen para la liga y los hashtags.
LARGO_RESUMEN = 400
_FRASE = re.compile(r"(?<=[.!?…])\s+")
RANGOS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
# Rangos completos debajo de 25 y el que cruza los 30 (25-34: 5 de sus 10 años son < 30).
_DEBAJO_DE_25 = ("13-17", "18-24")
_CRUZA_30 = "25-34"
FRACCION_25_34_MENOR_30 = 0.5
_RANGO = re.compile(r"(?<!\d)(1[38]|[2-5]5)\D{1,3}(17|24|34|44|54|64)(?!\d)")
_MAYORES = re.compile(r"(?<!\d)65(?!\d)")


def rango_de(texto: str) -> str | None:
    """El rango de Meta que nombra un encabezado o celda («F.18-24», «Hombres 65+»), o None."""
    encontrado = _RANGO.search(texto)
    if encontrado:
        rango = f"{encontrado.group(1)}-{encontrado.group(2)}"
        return rango if rango in RANGOS else None
    return "65+" if _MAYORES.search(texto) else None


@dataclass(frozen=True)
class Jovenes:
    """Proporción (0–1) de seguidores menores de 30, con sus cotas seguras."""

    estimado: float
    minimo: float
    maximo: float


def menores_de_30(por_edad: Mapping[str, float]) -> Jovenes | None:
    """Estimación de menores de 30 sobre la suma de los rangos; None si no hay datos."""
    total = sum(v for k, v in por_edad.items() if k in RANGOS and v > 0)
    if total <= 0:
        return None
    menores_25 = sum(por_edad.get(k, 0.0) for k in _DEBAJO_DE_25) / total
    cruza = por_edad.get(_CRUZA_30, 0.0) / total
    return Jovenes(
        estimado=menores_25 + FRACCION_25_34_MENOR_30 * cruza,
        minimo=menores_25,
        maximo=menores_25 + cruza,
    )


def tasa_de_interaccion(interacciones: int | None, alcance: int | None) -> float | None:
    """Interacciones entre alcance (0–1 o más); None si falta alguno o el alcance es 0."""
    if interacciones is None or not alcance:
        return None
    return interacciones / alcance


def _frases(texto: str) -> list[str]:
    """Frases del texto, sin espacios sobrantes."""
    return [f for f in _FRASE.split(" ".join(texto.split())) if f]


def _resumen(entradilla: str, cuerpo: str, largo: int) -> str:
    """Primeras frases completas que caben en `largo`; si ni una cabe, se corta en palabra."""
    elegidas: list[str] = []
    for frase in _frases(entradilla) + _frases(cuerpo):
        if len(" ".join([*elegidas, frase])) > largo:
            break
        elegidas.append(frase)
    if elegidas:
        return " ".join(elegidas)
    primera = " ".join(entradilla.split())
    return primera[:largo].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def adaptar_texto(
    titular: str,
    entradilla: str,
    cuerpo: str = "",
    *,
    enlace: str | None = None,
    hashtags: Sequence[str] = (),
    largo: int = LARGO_RESUMEN,
) -> str:
    """Texto para la página: titular, primeras frases, liga (si la hay) y hashtags."""
    partes = [" ".join(titular.split()), _resumen(entradilla, cuerpo, largo)]
    if enlace:
        partes.append(f"Lee el boletín completo: {enlace.strip()}")
    if hashtags:
        partes.append(" ".join(hashtags))
    return "\n\n".join(p for p in partes if p)
