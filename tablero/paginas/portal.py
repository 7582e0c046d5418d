"""Página Portal de transparencia: vigencia de los formatos de la LTAIPSLP a cargo de la oficina."""

from __future__ import annotations

import streamlit as st

from analisis.vigencia import PLAZO_DIAS
from tablero import acciones, componentes
from tablero.componentes import formularios as comun
from tablero.vistas import portal as ui


def mostrar() -> None:
    """Semáforo, tabla de formatos, revisión inmediata y alta."""
    st.title("Portal de transparencia")
    acciones.avisos()
    st.caption(
        "Cada formato debe cubrir el último periodo terminado a más tardar "
        f"{PLAZO_DIAS} días naturales después de su cierre (Lineamientos del SIPOT)."
    )
    u = comun.usuario()
    editor = u if u.puede("editar") else None
    marco = ui.formatos()
    if marco.empty:
        componentes.vacio("No hay formatos registrados: agrega el primero abajo.")
    else:
        ui.semaforo(marco)
        ui.tabla(marco)
    if editor is None:
        comun.solo_lectura()
        return
    ui.revisar_ahora()
    if not marco.empty:
        st.subheader("Formatos que se revisan")
        ui.vigilancia(marco, editor)
    st.subheader("Agregar formato")
    ui.formulario_alta(editor)


mostrar()
