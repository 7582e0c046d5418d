"""Página Boletines: quién publicó cada boletín, cuándo, qué tan fiel, con enlace y testigo."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tablero import acceso, componentes
from tablero.vistas import boletines


def mostrar() -> None:
    """Lista de boletines del periodo, matriz de retoma y comparación lado a lado."""
    st.title("Boletines")
    desde, hasta = componentes.selector_periodo("boletines")
    lista = acceso.con_datos(acceso.boletines, desde, hasta)
    if lista.empty:
        componentes.vacio(
            "No hay boletines emitidos en este periodo: amplía las fechas o registra los boletines "
            "de la oficina."
        )
        return
    boletines.tabla_boletines(lista)
    nombres = dict(zip(lista["boletin_id"], lista["folio"] + " · " + lista["titular"], strict=True))
    elegido = st.selectbox(
        "Boletín",
        list(nombres),
        index=boletines.con_cobertura(lista),
        format_func=lambda i: nombres[i],
        key="boletines_elegido",
    )
    ficha = acceso.con_datos(acceso.boletin, int(elegido))
    detalle, matriz = ficha.detalle, ficha.matriz
    if detalle is None or ficha.cifras is None:
        componentes.vacio("El boletín ya no existe: recarga la página.")
        return
    boletines.ficha_boletin(detalle, ficha.cifras)
    st.subheader("Matriz de retoma")
    if matriz.empty:
        componentes.vacio("Este boletín no se envió ni se retomó: registra sus envíos.")
        return
    boletines.tabla_matriz(matriz)
    boletines.testigos_de_matriz(matriz)
    _fotos(detalle.folio)
    _comparar(detalle.boletin_id, detalle.folio, matriz)


def _fotos(folio: str) -> None:
    """Fotos nuestras del boletín que aparecen en notas: también prueban la retoma."""
    fotos = acceso.con_datos(acceso.fotos_de_boletin, folio)
    if fotos.empty:
        return
    st.subheader("Fotos nuestras publicadas por los medios")
    componentes.tabla(
        fotos,
        {
            "medio": "Medio",
            "nombre_archivo": "Foto del banco",
            "distancia": "Diferencia (bits)",
            "url_imagen": "Imagen en la nota",
        },
        enlaces=["url_imagen"],
    )


def _comparar(boletin_id: int, folio: str, matriz: pd.DataFrame) -> None:
    """Selector de nota y comparación lado a lado con los pasajes retomados."""
    publicadas = boletines.notas_de_matriz(matriz)
    if not publicadas:
        return
    st.subheader("Boletín y nota lado a lado")
    nota_id = st.selectbox(
        "Nota", list(publicadas), format_func=lambda i: publicadas[i], key="boletines_nota"
    )
    comp = acceso.con_datos(acceso.comparacion, boletin_id, int(nota_id))
    if comp is not None:
        boletines.comparacion(comp, folio)


mostrar()
