"""Página Redacción y envío: boletines por estado, editor, vista previa, flujo y envío a medios."""

from __future__ import annotations

import streamlit as st

from tablero import acciones, deshacer
from tablero.componentes import formularios as comun
from tablero.vistas import redaccion as ui


def mostrar() -> None:
    """Lista por estado, boletín elegido (o nuevo) con redacción, vista previa y envío."""
    st.title("Redacción y envío")
    acciones.avisos()
    u = comun.usuario()
    deshacer.aviso_deshacer(u)
    puede = u.puede("editar")
    boletines = ui.lista_de_boletines()
    st.subheader("Boletín")
    elegido = ui.elegir_boletin(boletines, puede)
    if elegido is None:
        if puede:
            ui.editor_boletin(None, [], u)
        else:
            comun.solo_lectura()
        return
    boletin, fotos = ui.datos_boletin(elegido)
    ui.ficha_boletin(boletin)
    redaccion, previa, envio = st.tabs(["Redacción", "Vista previa y PDF", "Envío a medios"])
    with redaccion:
        if puede and boletin.estado in ui.EDITABLES:
            ui.editor_boletin(boletin, fotos, u)
        elif puede:
            st.caption("Aprobado o enviado: devuélvelo a borrador para corregirlo.")
        else:
            comun.solo_lectura()
        ui.botones_de_flujo(boletin, u)
    with previa:
        ui.vista_previa(boletin)
    with envio:
        if puede:
            ui.envio_ui(boletin, u)
        ui.registro_de_envios(boletin, u)


mostrar()
