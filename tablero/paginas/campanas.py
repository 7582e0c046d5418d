"""Página Campañas: qué medio todavía debe spots o inserciones y cuánto costó cada entrega."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tablero import acciones, componentes
from tablero.autenticacion import UsuarioActivo
from tablero.componentes import formularios
from tablero.vistas import campanas as ui
from tablero.vistas import campanas_alta as alta
from tablero.vistas import campanas_correccion as correccion
from tablero.vistas import campanas_entregas as entregas


def mostrar() -> None:
    """Alta de campañas y órdenes, adeudos, indicadores y el cumplimiento por medio y orden."""
    st.title("Campañas")
    acciones.avisos()
    u = formularios.usuario()
    editor = u if u.puede("editar") else None
    campanas = ui.lista()
    if editor is not None:
        alta.formulario_campana(editor, abierto=campanas.empty)
    if campanas.empty:
        componentes.vacio(_invitacion(editor))
        return
    campana_id = ui.elegir_campana(campanas)
    if editor is not None:
        _orden(campanas, campana_id, editor)
    cumplimiento = ui.datos(campana_id)
    if editor is not None:
        correccion.corregir(campana_id, cumplimiento, editor)
    if not cumplimiento.ordenes:
        componentes.vacio(
            "La campaña no tiene órdenes: agrégalas en «Agregar orden»."
            if editor
            else "La campaña todavía no tiene órdenes por medio."
        )
        return
    # Se registra antes de pintar las cifras, para que éstas ya incluyan lo recién guardado.
    if editor is not None and entregas.registrar_entregas(cumplimiento, editor):
        cumplimiento = ui.datos(campana_id)
    ui.adeudos(cumplimiento)
    ui.indicadores(cumplimiento)
    st.subheader("Por medio")
    ui.tabla_medios(cumplimiento)
    st.subheader("Por orden")
    ui.tabla_ordenes(cumplimiento)
    entregas.testigos_de_banners(campana_id)
    entregas.expediente(campana_id)
    st.caption("Se reporta lo que se pagó por cada entrega comprobada, no un valor publicitario.")


def _invitacion(editor: UsuarioActivo | None) -> str:
    """Estado vacío: invita a crear la primera campaña (o dice quién puede)."""
    if editor is None:
        return "Todavía no hay campañas. Quien tenga permiso de edición puede crear la primera."
    return (
        "Todavía no hay campañas: crea la primera en «Nueva campaña» (nombre, periodo, mensaje y "
        "materiales del banco) y después agrega sus órdenes por medio."
    )


def _orden(campanas: pd.DataFrame, campana_id: int, editor: UsuarioActivo) -> None:
    """Formulario de orden para la campaña elegida (abierto si aún no tiene órdenes)."""
    fila = campanas[campanas["id"] == campana_id].iloc[0]
    alta.formulario_orden(campana_id, fila["inicio"], editor, abierto=int(fila["ordenes"]) == 0)


mostrar()
