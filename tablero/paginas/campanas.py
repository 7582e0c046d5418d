"""Página Campañas: qué medio todavía debe spots o inserciones y cuánto costó cada entrega."""

from __future__ import annotations

import streamlit as st

from tablero import acciones, componentes
from tablero.componentes import formularios
from tablero.vistas import campanas as ui
from tablero.vistas import campanas_entregas as entregas


def mostrar() -> None:
    """Elige la campaña y muestra adeudos, indicadores y el cumplimiento por medio y orden."""
    st.title("Campañas")
    acciones.avisos()
    campanas = ui.lista()
    if campanas.empty:
        componentes.vacio(
            "No hay campañas registradas: créalas con `monitoreo campanas crear` y agrega sus "
            "órdenes con `monitoreo campanas orden`."
        )
        return
    campana_id = ui.elegir_campana(campanas)
    cumplimiento = ui.datos(campana_id)
    if not cumplimiento.ordenes:
        componentes.vacio("La campaña no tiene órdenes: agrégalas con `monitoreo campanas orden`.")
        return
    # Se registra antes de pintar las cifras, para que éstas ya incluyan lo recién guardado.
    if formularios.usuario().puede("editar") and entregas.registrar_entregas(cumplimiento):
        cumplimiento = ui.datos(campana_id)
    ui.adeudos(cumplimiento)
    ui.indicadores(cumplimiento)
    st.subheader("Por medio")
    ui.tabla_medios(cumplimiento)
    st.subheader("Por orden")
    ui.tabla_ordenes(cumplimiento)
    st.caption("Se reporta lo que se pagó por cada entrega comprobada, no un valor publicitario.")


mostrar()
