"""Página Buzón: lo que llegó al correo oficial, cómo se clasificó y por qué."""

from __future__ import annotations

import streamlit as st

from tablero import acciones, componentes
from tablero.componentes import formularios as comun
from tablero.vistas import buzon as ui


def mostrar() -> None:
    """Cifras, revisión a demanda, lista filtrable y detalle con corrección."""
    st.title("Buzón")
    acciones.avisos()
    u = comun.usuario()
    ui.cifras()
    if u.puede("editar"):
        ui.revisar_ahora()
    else:
        comun.solo_lectura()
    lista = ui.lista(*ui.filtros())
    if lista.empty:
        componentes.vacio(
            "No hay correos con estos filtros: revisa el buzón o cambia la categoría."
        )
        return
    ui.tabla_correos(lista)
    st.subheader("Detalle")
    ui.detalle(lista, u)


mostrar()
