"""Página Medios: clasificación por retoma y ficha de cada medio."""

from __future__ import annotations

import streamlit as st

from tablero import acceso, componentes
from tablero.vistas import medios, notas


def mostrar() -> None:
    """Tabla de clasificación del periodo y la ficha del medio elegido."""
    st.title("Medios")
    desde, hasta = componentes.selector_periodo("medios")
    tabla = acceso.con_datos(acceso.medios, desde, hasta)
    if tabla.empty:
        componentes.vacio(
            "No hay medios registrados: ejecuta `monitoreo demo` para ver un ejemplo o agrega "
            "fuentes con `monitoreo fuentes agregar`."
        )
        return
    st.subheader("Clasificación por tasa de retoma")
    medios.tabla_medios(tabla)
    nombres = dict(zip(tabla["medio_id"], tabla["medio"], strict=True))
    elegido = st.selectbox(
        "Medio", list(nombres), format_func=lambda i: nombres[i], key="medios_elegido"
    )
    ficha = acceso.con_datos(acceso.ficha_medio, int(elegido), desde, hasta)
    if ficha is None:
        componentes.vacio("El medio ya no existe: recarga la página.")
        return
    medios.ficha_medio(ficha)
    filtro = acceso.filtro_de_notas(desde, hasta, medios=(int(elegido),))
    recientes, _ = acceso.con_datos(acceso.notas, filtro, 1)
    st.markdown("**Notas del medio en el periodo y su testigo**")
    notas.testigo_de_pagina(recientes, "medios")


mostrar()
