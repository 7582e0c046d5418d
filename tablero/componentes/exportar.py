"""Descargas CSV y Excel con las fórmulas neutralizadas."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from reportes import formato


def a_csv(marco: pd.DataFrame) -> bytes:
    """CSV en UTF-8 con BOM (Excel lo abre con acentos) y fórmulas neutralizadas."""
    texto = formato.neutralizar_formulas(marco).to_csv(index=False)
    return ("\ufeff" + texto).encode("utf-8")


def a_excel(marco: pd.DataFrame, hoja: str = "Notas") -> bytes:
    """Libro .xlsx con las celdas que parecen fórmula neutralizadas (siempre como texto)."""
    salida = io.BytesIO()
    with pd.ExcelWriter(
        salida, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}
    ) as libro:
        formato.neutralizar_formulas(marco).to_excel(libro, sheet_name=hoja, index=False)
    return salida.getvalue()


def descargas(obtener: Callable[[], pd.DataFrame], nombre: str) -> None:
    """Botones CSV y Excel; los datos se generan sólo al hacer clic (no en cada recarga)."""
    izquierda, derecha = st.columns(2)
    izquierda.download_button(
        "Descargar CSV",
        lambda: a_csv(obtener()),
        f"{nombre}.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    derecha.download_button(
        "Descargar Excel",
        lambda: a_excel(obtener()),
        f"{nombre}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
    )
