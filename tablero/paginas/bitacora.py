"""Página Bitácora (sólo directora): quién cambió qué, cuándo y de qué valor a cuál."""

from __future__ import annotations

import streamlit as st

from reportes import formato
from tablero import acciones, componentes, deshacer
from tablero.componentes import formularios as comun
from tablero.vistas import bitacora as ui


def mostrar() -> None:
    """Filtros por fecha, entidad y usuario; tabla legible y detalle en JSON."""
    st.title("Bitácora")
    u = comun.usuario()
    if not u.puede("bitacora"):
        st.error("Sólo la directora puede ver la bitácora.")
        st.stop()
    acciones.avisos()
    deshacer.aviso_deshacer(u)
    inicio, fin, entidades, usuarios = ui.filtros_bitacora()
    entradas = ui.entradas_bitacora(inicio, fin, entidades, usuarios)
    if entradas.empty:
        componentes.vacio("No hay cambios registrados con estos filtros: amplía las fechas.")
        return
    st.caption(f"{formato.plural(len(entradas), 'cambio')}, el más reciente primero.")
    ui.tabla_bitacora(entradas)
    ui.detalle_bitacora(entradas, u if u.puede("editar") else None)


mostrar()
