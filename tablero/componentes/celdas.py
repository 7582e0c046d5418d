"""Valores de celda en español de México («—» cuando falta el dato)."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from datos.config import cargar
from reportes import formato
from tablero.componentes.paletas import ETIQUETA_TIPO

# «2026-12-03» o «2026-12-03T14:44:38+00:00», como los guarda la bitácora.
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$")


def a_float(valor: object) -> float | None:
    """Número o None (para None, NaN, NaT y textos no numéricos)."""
    try:
        numero = float(valor)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(numero) else numero


def fecha_hora(valor: object) -> str:
    """Fecha y hora locales o «—»."""
    if not isinstance(valor, dt.datetime) or pd.isna(valor):
        return formato.VACIO
    return formato.fecha_hora(valor, cargar().zona)


def fecha_guardada(valor: object) -> object:
    """Fecha ISO guardada como texto (bitácora, JSON) en la forma de la oficina; lo demás igual."""
    if not isinstance(valor, str) or not ISO.match(valor):
        return valor
    try:
        momento = dt.datetime.fromisoformat(valor)
    except ValueError:
        return valor
    if len(valor) == 10:
        return formato.fecha_larga(momento.date())
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=dt.UTC)
    return formato.fecha_hora(momento, cargar().zona)


def numero(valor: object, decimales: int = 0) -> str:
    """Número es-MX o «—»."""
    return formato.numero(a_float(valor), decimales)


def porcentaje(valor: object) -> str:
    """Porcentaje es-MX o «—»."""
    return formato.porcentaje(a_float(valor))


def horas(valor: object) -> str:
    """Horas es-MX o «—»."""
    return formato.horas(a_float(valor))


def cambio(actual: float | None, anterior: float | None, puntos: bool = False) -> str | None:
    """Cambio contra el periodo anterior, con la leyenda del periodo."""
    texto = formato.cambio(actual, anterior, puntos=puntos)
    return None if texto is None else f"{texto} vs. periodo anterior"


def etiqueta(valor: object) -> str:
    """Valor de catálogo como texto para la oficina («red_social» → «red social»)."""
    texto = str(valor) if valor is not None and not pd.isna(valor) else formato.VACIO  # type: ignore[call-overload]
    return ETIQUETA_TIPO.get(texto, texto.replace("_", " "))
