"""Utilidades de texto que usa todo el sistema: plegado de acentos, meses y celdas seguras.

Vive en `analisis` (la capa de abajo, pura) para que rastreadores, datos, reportes y la demo
compartan una sola versión en vez de repetirla.
"""

from __future__ import annotations

import re
import unicodedata

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
# Prefijos que Excel y LibreOffice interpretan como fórmula (inyección CSV, OWASP).
PREFIJOS_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_ESPACIOS = re.compile(r"\s+")


def sin_acentos(texto: str) -> str:
    """El texto sin diacríticos (á→a, ü→u, ñ→n), con todo lo demás igual."""
    descompuesto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def plegar(texto: str) -> str:
    """Minúsculas sin diacríticos y con los espacios normalizados: la forma para comparar."""
    return _ESPACIOS.sub(" ", sin_acentos(texto.casefold())).strip()


def a_ascii(texto: str) -> str:
    """Sólo ASCII: sin diacríticos y sin lo que no tiene equivalente (URLs, fuentes básicas)."""
    return sin_acentos(texto).encode("ascii", "ignore").decode()


def celda_segura(valor: object) -> object:
    """El valor tal cual, salvo un texto que una hoja de cálculo ejecutaría como fórmula: a ése
    se le antepone un apóstrofo."""
    if isinstance(valor, str) and valor.startswith(PREFIJOS_FORMULA):
        return "'" + valor
    return valor
