"""Piezas básicas del tablero: KPIs, tablas, HTML escapado, estados vacíos y errores de la base."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from datos.config import cargar

P = ParamSpec("P")
R = TypeVar("R")

# Ancho de la columna anclada: cabe un nombre de medio y deja ver dos columnas más en 390 px.
ANCHO_FIJA = 150
# Alto de fila de st.dataframe en píxeles y filas visibles sin desplazarse (una página de notas).
ALTO_FILA = 35
FILAS_VISIBLES = 25
TODOS = "Todos"


@dataclass(frozen=True)
class Kpi:
    """Un indicador con su cambio contra el periodo anterior."""

    etiqueta: str
    valor: str
    cambio: str | None = None
    ayuda: str | None = None
    inverso: bool = False


def hoy() -> dt.date:
    """La fecha de hoy en la zona de la oficina."""
    return dt.datetime.now(cargar().zona).date()


def vacio(mensaje: str) -> None:
    """Estado vacío que dice qué hacer."""
    st.info(mensaje, icon=":material/info:")


def kpis(indicadores: Sequence[Kpi], por_fila: int = 4) -> None:
    """Fila(s) de métricas con su cambio contra el periodo anterior."""
    for inicio in range(0, len(indicadores), por_fila):
        columnas = st.columns(por_fila)
        for columna, kpi in zip(columnas, indicadores[inicio : inicio + por_fila], strict=False):
            columna.metric(
                kpi.etiqueta,
                kpi.valor,
                kpi.cambio,
                delta_color="inverse" if kpi.inverso else "normal",
                help=kpi.ayuda,
                border=True,
            )


def tabla(
    marco: pd.DataFrame,
    columnas: dict[str, str],
    enlaces: Sequence[str] = (),
    filas: int = FILAS_VISIBLES,
    fija: str | None = None,
) -> None:
    """Tabla con las columnas renombradas a su etiqueta; las de `enlaces` como vínculos.

    `fija` queda anclada a la izquierda: en un teléfono (390 px) la tabla se desplaza de lado y esa
    columna (el medio, la nota) sigue a la vista junto a las que se van leyendo.
    """
    vista = marco[list(columnas)].rename(columns=columnas)
    config: dict[str, Any] = {
        columnas[c]: st.column_config.LinkColumn(columnas[c], display_text="Abrir") for c in enlaces
    }
    if fija is not None:
        config[columnas[fija]] = st.column_config.TextColumn(
            columnas[fija], pinned=True, width=ANCHO_FIJA
        )
    for c in enlaces:
        vista[columnas[c]] = vista[columnas[c]].astype(object).where(vista[columnas[c]].notna(), "")
    st.dataframe(
        vista,
        hide_index=True,
        column_config=config,
        width="stretch",
        height=ALTO_FILA * (min(len(vista), filas) + 1) + 3,
    )


def html_escapado(contenido_escapado: str, alto: int = 420) -> None:
    """Muestra HTML ya escapado (sólo <mark> y <br> propios) en un recuadro con desplazamiento."""
    st.html(
        f'<div style="max-height:{alto}px;overflow-y:auto;padding:0.5rem 0.75rem;'
        f'border:1px solid #ddd;border-radius:0.5rem;line-height:1.5">{contenido_escapado}</div>'
    )


def encabezado(texto: str, nivel: int = 3) -> None:
    """Encabezado con texto de la base, siempre escapado (nunca se interpreta como HTML)."""
    st.html(f"<h{nivel} style='margin:0.5rem 0'>{html.escape(texto)}</h{nivel}>")
