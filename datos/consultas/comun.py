"""Utilidades compartidas por las consultas: filas a DataFrame y catálogos a texto."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, TypeAlias

import pandas as pd
from sqlalchemy import Select
from sqlalchemy.orm import Session

# Cualquier SELECT, sin importar el tipo de sus columnas.
Consulta: TypeAlias = Select[*tuple[Any, ...]]


def _plano(valor: Any) -> Any:
    """Valor de catálogo (enum) como su texto; lo demás igual."""
    return valor.value if isinstance(valor, enum.Enum) else valor


def marco(sesion: Session, consulta: Consulta) -> pd.DataFrame:
    """Ejecuta la consulta y devuelve sus filas como DataFrame con las columnas nombradas."""
    resultado = sesion.execute(consulta)
    columnas = list(resultado.keys())
    filas = [tuple(_plano(v) for v in fila) for fila in resultado.all()]
    return marco_de_filas(filas, columnas)


def marco_de_filas(filas: Sequence[tuple[Any, ...]], columnas: Sequence[str]) -> pd.DataFrame:
    """DataFrame con las columnas dadas aunque no haya filas."""
    return pd.DataFrame.from_records(list(filas), columns=list(columnas))


def escapar_like(texto: str, escape: str = "\\") -> str:
    """Patrón LIKE que busca el texto literal (los % y _ del usuario no son comodines)."""
    limpio = texto.replace(escape, escape * 2).replace("%", escape + "%")
    return "%" + limpio.replace("_", escape + "_") + "%"


def agregar_folio(tabla: pd.DataFrame) -> pd.DataFrame:
    """Inserta la columna `folio` (045/2026) a partir de `numero` y `anio`."""
    folios = [f"{int(n):03d}/{int(a)}" for n, a in zip(tabla["numero"], tabla["anio"], strict=True)]
    tabla.insert(1, "folio", folios)
    return tabla
