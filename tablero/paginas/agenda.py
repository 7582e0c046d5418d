"""Página Agenda: eventos del día o de la semana, cobertura, invitaciones a medios y embudo."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tablero import acciones, componentes, deshacer
from tablero.autenticacion import UsuarioActivo
from tablero.componentes import formularios as comun
from tablero.vistas import agenda as ui


def mostrar() -> None:
    """Vista del día o la semana, detalle del evento elegido, alta y embudo por medio."""
    st.title("Agenda")
    acciones.avisos()
    u = comun.usuario()
    deshacer.aviso_deshacer(u)
    desde, hasta, titulo = ui.vista_agenda()
    eventos = ui.eventos_de(desde, hasta)
    st.subheader(titulo)
    if eventos.empty:
        componentes.vacio("No hay eventos en estos días: cambia la fecha o da de alta uno.")
    else:
        ui.tabla_agenda(eventos)
        _detalle(eventos, u)
    if u.puede("editar"):
        with st.expander("Nuevo evento", expanded=eventos.empty, icon=":material/add:"):
            ui.formulario_evento_nuevo(u)
    else:
        comun.solo_lectura()
    if not eventos.empty:
        st.subheader("Embudo por medio: invitado → asistió → publicó")
        ui.embudo_por_medio_ui([int(i) for i in eventos["id"]])


def _detalle(eventos: pd.DataFrame, u: UsuarioActivo) -> None:
    """Datos, cobertura, medios, boletines y embudo del evento elegido."""
    evento_id = ui.elegir_evento(eventos)
    if evento_id is None:
        return
    evento = ui.datos_evento(evento_id)
    ui.ficha_evento(evento)
    editor = u if u.puede("editar") else None
    datos, cobertura, medios, boletines, embudo = st.tabs(
        ["Datos", "Cobertura", "Medios invitados", "Boletines", "Embudo"]
    )
    with datos:
        if editor is not None:
            ui.editar_evento_ui(evento, editor)
    with cobertura:
        ui.cobertura_ui(evento, editor)
    with medios:
        ui.invitaciones_ui(evento, editor)
    with boletines:
        ui.boletines_evento_ui(evento, editor)
    with embudo:
        ui.embudo_evento_ui(evento.id)


mostrar()
