"""Página Ciudadanía: la oficina como gestor social (solicitudes, plazos y cifras)."""

from __future__ import annotations

import streamlit as st

from tablero import acciones, componentes
from tablero.componentes import formularios as comun
from tablero.vistas import ciudadania as ui


def mostrar() -> None:
    """Cifras, alta con aviso de privacidad, notas negativas, lista y cambios de estado."""
    st.title("Ciudadanía")
    acciones.avisos()
    u = comun.usuario()
    marco = ui.lista(u)
    ui.cifras(marco)
    if u.puede("editar"):
        with st.expander("Registrar una solicitud", icon=":material/person_add:"):
            ui.formulario(u)
        with st.expander("Dependencias y su correo", icon=":material/apartment:"):
            ui.dependencias_ui(u)
        ui.desde_notas(u)
    else:
        comun.solo_lectura()
    st.subheader("Solicitudes")
    if marco.empty:
        componentes.vacio(
            "No hay solicitudes: registra la primera o créala desde una nota negativa."
        )
        return
    ui.tabla_solicitudes(marco, u)
    if u.puede("editar"):
        st.subheader("Cambiar estado")
        ui.cambiar(marco, u)


mostrar()
