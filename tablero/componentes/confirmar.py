"""Acciones destructivas en dos pasos: el primer clic dice qué va a pasar; el segundo lo hace.

Cancelar un evento, borrar un recurso, retirar una aprobación o mandar correos a los medios no se
hacen con un solo clic: se muestra qué pasará (con nombres y cifras) y se pide confirmarlo.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def cuantos(numero: int, singular: str, plural: str) -> str:
    """«1 medio», «3 medios» (con separador de miles)."""
    return f"{numero:,} {singular if numero == 1 else plural}"


def _pendiente(clave: str) -> str:
    """Clave de la sesión que recuerda que se pidió confirmar."""
    return f"{clave}_por_confirmar"


def confirmar(
    boton: str,
    clave: str,
    mensaje: str,
    si: str,
    *,
    donde: DeltaGenerator | None = None,
    deshabilitado: bool = False,
) -> bool:
    """True sólo cuando, tras pulsar `boton` y leer `mensaje`, se pulsa `si`."""
    lugar = donde if donde is not None else st
    if lugar.button(boton, key=clave, disabled=deshabilitado):
        st.session_state[_pendiente(clave)] = mensaje
    # Si lo que se iba a hacer cambió (otro evento, otros medios), se vuelve a preguntar.
    if st.session_state.get(_pendiente(clave)) != mensaje:
        st.session_state.pop(_pendiente(clave), None)
        return False
    with st.container(border=True, key=f"{clave}_confirmacion"):
        st.warning(mensaje, icon=":material/warning:")
        izquierda, derecha = st.columns(2)
        if izquierda.button(si, key=f"{clave}_si", type="primary"):
            st.session_state.pop(_pendiente(clave), None)
            return True
        if derecha.button("No, dejarlo como está", key=f"{clave}_no"):
            st.session_state.pop(_pendiente(clave), None)
            st.rerun()
    return False
