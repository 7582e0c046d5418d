"""Página Facebook: el calendario de la página del Ayuntamiento y lo que falta aprobar."""

from __future__ import annotations

import streamlit as st

from tablero import acciones, componentes
from tablero.componentes import formularios
from tablero.vistas import facebook as ui


def mostrar() -> None:
    """Calendario de la semana o del mes, borradores desde boletines, aprobación y publicación."""
    st.title("Página de Facebook")
    acciones.avisos()
    ui.aviso_de_token()
    u = formularios.usuario()
    if u.puede("editar"):
        ui.nuevo_desde_boletin(u)
    desde, hasta = ui.periodo()
    marco = ui.calendario(desde, hasta)
    ui.cifras_de_la_pagina(desde)
    if u.puede("editar"):
        ui.subir_insights()
    if marco.empty:
        componentes.vacio(
            "No hay publicaciones programadas en este periodo: prepara una desde un boletín "
            "aprobado (arriba) o con `monitoreo facebook borrador --boletin FOLIO`."
        )
        return
    ui.indicadores(marco)
    st.subheader("Calendario")
    if ui.es_semana(desde, hasta):
        ui.semana(marco, desde)
    ui.tabla_calendario(marco)
    st.subheader("Revisar una publicación")
    elegida = ui.elegir_publicacion(marco)
    if elegida is not None:
        ui.ficha(elegida, u)
    st.caption("Nada sale a la página sin la aprobación de la directora.")


mostrar()
