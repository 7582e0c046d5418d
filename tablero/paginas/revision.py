"""Página Revisión: el personal confirma retomas y tonos uno a uno, y captura notas a mano."""

from __future__ import annotations

import streamlit as st

from tablero import acceso, acciones, componentes, deshacer
from tablero.autenticacion import UsuarioActivo, usuario_actual
from tablero.vistas import revision

PESTANAS = ["Cola de revisión", "Impreso", "Radio y TV", "Facebook", "Importar clips"]


def _cola(usuario: UsuarioActivo) -> None:
    """Filtros, contador y el primer elemento pendiente."""
    medios, _ = acceso.con_datos(acceso.opciones_de_filtro)
    filtro = revision.filtros(medios)
    cuantos = acceso.con_datos(revision.pendientes, filtro)
    revision.contador(cuantos)
    tabla = acceso.con_datos(revision.cola, filtro)
    if tabla.empty:
        revision.sin_pendientes()
    else:
        revision.primero(tabla, usuario, revision.en_cola(cuantos, filtro, tabla))
    deshacer.historial(
        "Decisiones recientes (revertir)", revision.ENTIDADES, usuario, "revision_historial"
    )


def _captura(pestana: str) -> None:
    """El formulario de captura de la pestaña abierta."""
    medios, _ = acceso.con_datos(acceso.opciones_de_filtro)
    if pestana == "Importar clips":
        revision.formulario_importacion()
    elif medios.empty:
        componentes.vacio("No hay medios registrados: agrega primero el medio al padrón.")
    elif pestana == "Impreso":
        revision.formulario_impreso(medios)
    elif pestana == "Radio y TV":
        revision.formulario_clip(medios)
    else:
        revision.formulario_facebook(medios)


def mostrar() -> None:
    """Cola de revisión y formularios de captura en pestañas (sólo corre la pestaña abierta)."""
    st.title("Revisión")
    usuario = usuario_actual()
    if usuario is None:
        st.stop()
        return
    acciones.avisos(como_toast=True)
    deshacer.aviso_deshacer(usuario)
    pestanas = st.tabs(PESTANAS, key="revision_pestana", on_change="rerun")
    for titulo, pestana in zip(PESTANAS, pestanas, strict=True):
        if not pestana.open:
            continue
        with pestana:
            if titulo == PESTANAS[0]:
                _cola(usuario)
            elif usuario.puede("editar"):
                _captura(titulo)
            else:
                componentes.vacio(revision.SOLO_LECTURA)


mostrar()
