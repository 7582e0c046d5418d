"""Página Resumen: lo que la directora revisa cada mañana."""

from __future__ import annotations

import streamlit as st

from tablero import acceso, componentes
from tablero.vistas import hoy, medios, resumen


def mostrar() -> None:
    """Hoy arriba; luego KPIs del periodo, tendencias, lo que importa hoy y medios."""
    st.title("Resumen")
    hoy.bloque(acceso.con_datos(acceso.hoy_en_resumen, componentes.hoy()))
    st.divider()
    desde, hasta = componentes.selector_periodo("resumen")
    datos = acceso.con_datos(acceso.resumen, desde, hasta)
    if datos.actual.notas == 0 and datos.actual.boletines == 0:
        componentes.vacio(
            "No hay notas en este periodo: amplía las fechas o ejecuta `monitoreo rastrear`."
        )
        return
    resumen.kpis_resumen(datos.actual, datos.anterior)
    st.subheader("Lo que importa hoy")
    if datos.importa.empty:
        st.success("Ninguna nota negativa de alto alcance o sin respuesta en los últimos días.")
    else:
        resumen.tabla_importa(datos.importa)
    st.subheader("Tendencias por semana")
    componentes.grafica_tendencia(datos.tendencia, desde, hasta)
    st.subheader("Tono hacia el Ayuntamiento")
    componentes.grafica_tono(datos.actual.tono)
    st.subheader("Medios")
    medios.mejores_y_peores(datos.medios)


mostrar()
