"""Presentación de la página Notas: tabla de resultados y exportación."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analisis import etiquetas
from datos.consultas.notas import FiltroNotas
from reportes import formato
from tablero.acceso import notas_para_exportar
from tablero.componentes import celdas
from tablero.componentes.base import tabla
from tablero.componentes.exportar import descargas
from tablero.componentes.paletas import ETIQUETA_NIVEL
from tablero.vistas import testigo


def tabla_notas(notas: pd.DataFrame) -> None:
    """Página de resultados de la búsqueda de notas."""
    tabla(vista_notas(notas), COLUMNAS_NOTAS, enlaces=["enlace"])


COLUMNAS_NOTAS = {
    "publicada": "Publicada",
    "medio": "Medio",
    "titulo": "Título",
    "captura": "Captura",
    "tono_txt": "Tono",
    "nivel_txt": "Retoma",
    "temas_txt": "Temas",
    "enlace": "Enlace",
}


def vista_notas(notas: pd.DataFrame) -> pd.DataFrame:
    """Notas con fecha, tono, nivel y temas en texto legible (también para exportar)."""
    return notas.assign(
        captura=notas["tipo_captura"].map(celdas.etiqueta),
        publicada=notas["fecha_publicacion"].map(celdas.fecha_hora),
        tono_txt=notas["tono"].fillna("sin clasificar"),
        nivel_txt=notas["nivel"].map(lambda n: ETIQUETA_NIVEL.get(str(n), formato.VACIO)),
        temas_txt=notas["temas"].map(lambda t: etiquetas.temas(list(t or []))),
    )


def testigo_de_pagina(notas: pd.DataFrame, clave: str = "notas") -> None:
    """Elegir una nota de la lista y abrir su testigo."""
    if notas.empty:
        return
    titulos = dict(zip(notas["nota_id"], notas["medio"] + " · " + notas["titulo"], strict=True))
    izquierda, derecha = st.columns([4, 1], vertical_alignment="bottom")
    elegida = izquierda.selectbox(
        "Testigo de la nota",
        list(titulos),
        format_func=lambda i: titulos[i],
        key=f"{clave}_testigo",
    )
    with derecha:
        testigo.boton(int(elegida), "Ver testigo", f"{clave}_ver_testigo")


def descargas_de_notas(filtro: FiltroNotas) -> None:
    """Descargas de todas las notas del filtro (no sólo la página visible)."""
    descargas(lambda: exportable(notas_para_exportar(filtro)), "notas")


def exportable(notas: pd.DataFrame) -> pd.DataFrame:
    """Marco de notas listo para CSV/Excel: columnas con nombre en español, sin zonas horarias."""
    vista = vista_notas(notas)
    # Sin URL pública (impreso, radio, TV) se cita el medio o programa y la fecha, nunca el URN.
    citas = [
        e if isinstance(e, str) else etiquetas.referencia_sin_enlace(t, m, p, f)
        for e, t, m, p, f in zip(
            notas["enlace"],
            notas["tipo_captura"],
            notas["medio"],
            notas.get("programa", pd.Series(None, index=notas.index)),
            vista["publicada"],
            strict=True,
        )
    ]
    vista = vista.assign(enlace=citas)
    return vista[list(COLUMNAS_NOTAS)].rename(columns=COLUMNAS_NOTAS)
