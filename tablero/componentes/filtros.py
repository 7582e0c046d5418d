"""Selectores: periodo, filtros de la búsqueda de notas y paginación."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from analisis import etiquetas
from datos.consultas.notas import POR_PAGINA, FiltroNotas
from datos.modelos import NivelRetoma, TipoCaptura, Tono
from reportes import formato
from tablero.acceso import filtro_de_notas
from tablero.componentes import celdas
from tablero.componentes.base import TODOS, hoy
from tablero.componentes.paletas import ETIQUETA_NIVEL

DIAS_POR_OMISION = 30


def selector_periodo(clave: str, dias: int = DIAS_POR_OMISION) -> tuple[dt.date, dt.date]:
    """Dos fechas (desde, hasta); por omisión los últimos `dias` días hasta hoy."""
    fin = hoy()
    izquierda, derecha = st.columns(2)
    desde = izquierda.date_input(
        "Desde", fin - dt.timedelta(days=dias - 1), key=f"{clave}_desde", format="DD/MM/YYYY"
    )
    hasta = derecha.date_input("Hasta", fin, key=f"{clave}_hasta", format="DD/MM/YYYY")
    if desde > hasta:
        st.warning("La fecha inicial es posterior a la final: se intercambiaron.")
        desde, hasta = hasta, desde
    return desde, hasta


TIPOS_CAPTURA = [t.value for t in TipoCaptura]
TONOS = [t.value for t in Tono]
NIVELES = [n.value for n in NivelRetoma]


def filtros_de_notas(medios: pd.DataFrame, temas: list[str]) -> FiltroNotas:
    """Widgets de búsqueda y filtros de la página Notas; devuelve el filtro."""
    texto = st.text_input("Buscar en título y texto", key="notas_texto")
    desde, hasta = selector_periodo("notas")
    nombres = dict(zip(medios["medio_id"], medios["medio"], strict=True))
    col1, col2, col3 = st.columns(3)
    elegidos = col1.multiselect(
        "Medio",
        list(nombres),
        format_func=lambda i: nombres[i],
        placeholder=TODOS,
        key="notas_medios",
    )
    tipos = col2.multiselect(
        "Tipo de captura",
        TIPOS_CAPTURA,
        format_func=celdas.etiqueta,
        placeholder=TODOS,
        key="notas_tipos",
    )
    tonos = col3.multiselect("Tono", TONOS, placeholder=TODOS, key="notas_tonos")
    col4, col5 = st.columns(2)
    niveles = col4.multiselect(
        "Nivel de retoma",
        NIVELES,
        format_func=lambda n: ETIQUETA_NIVEL[n],
        placeholder=TODOS,
        key="notas_niveles",
    )
    tema = col5.selectbox(
        "Tema",
        [TODOS, *temas],
        format_func=lambda t: t if t == TODOS else etiquetas.tema(t),
        key="notas_tema",
    )
    return filtro_de_notas(
        desde,
        hasta,
        texto=texto,
        medios=tuple(int(m) for m in elegidos),
        tipos_captura=tuple(tipos),
        tonos=tuple(tonos),
        niveles=tuple(niveles),
        tema=None if tema == TODOS else tema,
    )


def selector_pagina(total: int, clave: str, por_pagina: int = POR_PAGINA) -> int:
    """Número de página (1..n) con el conteo de resultados."""
    paginas = max(1, math.ceil(total / por_pagina))
    izquierda, derecha = st.columns([1, 4], vertical_alignment="bottom")
    pagina = izquierda.number_input(
        "Página", min_value=1, max_value=paginas, value=1, step=1, key=clave
    )
    derecha.caption(f"{formato.plural(total, 'nota')} · página {int(pagina)} de {paginas}")
    return int(pagina)
