"""Presentación de la página Notas: tabla de resultados y exportación."""

from __future__ import annotations

import pandas as pd

from datos.consultas.notas import FiltroNotas
from reportes import formato
from tablero.acceso import notas_para_exportar
from tablero.componentes import celdas
from tablero.componentes.base import tabla
from tablero.componentes.exportar import descargas
from tablero.componentes.paletas import ETIQUETA_NIVEL


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
        temas_txt=notas["temas"].map(lambda t: ", ".join(map(str, t or []))),
    )


def descargas_de_notas(filtro: FiltroNotas) -> None:
    """Descargas de todas las notas del filtro (no sólo la página visible)."""
    descargas(lambda: exportable(notas_para_exportar(filtro)), "notas")


def exportable(notas: pd.DataFrame) -> pd.DataFrame:
    """Marco de notas listo para CSV/Excel: columnas con nombre en español, sin zonas horarias."""
    vista = vista_notas(notas).assign(enlace=notas["enlace"].fillna(notas["url_canonica"]))
    return vista[list(COLUMNAS_NOTAS)].rename(columns=COLUMNAS_NOTAS)
