"""Página Notas: búsqueda de texto y filtros, tabla paginada y exportación a CSV y Excel."""

from __future__ import annotations

import streamlit as st

from tablero import acceso, componentes
from tablero.vistas import notas


def mostrar() -> None:
    """Filtros, resultados paginados y descargas."""
    st.title("Notas")
    medios, temas = acceso.con_datos(acceso.opciones_de_filtro)
    filtro = componentes.filtros_de_notas(medios, temas)
    total = acceso.con_datos(acceso.notas, filtro, 1)[1]
    if total == 0:
        componentes.vacio(
            "No hay notas en este periodo: amplía las fechas o ejecuta `monitoreo rastrear`."
        )
        return
    pagina = componentes.selector_pagina(total, "notas_pagina")
    resultados, _ = acceso.con_datos(acceso.notas, filtro, pagina)
    notas.tabla_notas(resultados)
    notas.testigo_de_pagina(resultados)
    notas.descargas_de_notas(filtro)


mostrar()
