"""Página Medios y convenios: padrón (medios, contactos, CSV/Excel) y convenios con cumplimiento."""

from __future__ import annotations

import streamlit as st

from tablero import acciones, componentes, deshacer
from tablero.autenticacion import UsuarioActivo
from tablero.componentes import formularios as comun
from tablero.vistas import convenios as ui


def mostrar() -> None:
    """Dos pestañas: padrón de medios y convenios."""
    st.title("Medios y convenios")
    acciones.avisos()
    u = comun.usuario()
    deshacer.aviso_deshacer(u)
    editor = u if u.puede("editar") else None
    if editor is None:
        comun.solo_lectura()
    padron, convenios = st.tabs(["Padrón de medios", "Convenios"])
    with padron:
        _padron(editor)
    with convenios:
        _convenios(editor)


def _padron(editor: UsuarioActivo | None) -> None:
    """Tabla, descargas, importación, alta/edición de medios y contactos."""
    medios = ui.medios_del_padron()
    if medios.empty:
        componentes.vacio("No hay medios en el padrón: da de alta uno o importa un CSV o Excel.")
    else:
        ui.tabla_padron(medios)
        ui.descargas_padron()
    if editor is not None:
        ui.importar_padron_ui(editor)
        st.subheader("Alta y edición de medios")
    medio_id = ui.elegir_medio(medios, editor is not None)
    if editor is not None:
        medio = ui.medio(medio_id) if medio_id is not None else None
        ui.formulario_medio(medio, editor)
    if medio_id is not None:
        st.markdown("**Contactos**")
        ui.contactos_ui(medio_id, editor)
    if medio_id is not None and editor is not None:
        deshacer.historial(
            "Historial del medio (revertir)",
            ("medio",),
            editor,
            "convenios_medio_hist",
            medio_id,
        )


def _convenios(editor: UsuarioActivo | None) -> None:
    """Tabla, cumplimiento del convenio elegido y alta/edición."""
    lista = ui.lista_de_convenios()
    if lista.empty:
        componentes.vacio("No hay convenios registrados: da de alta el primero abajo.")
    else:
        ui.tabla_convenios(lista)
        st.subheader("Cumplimiento")
        convenio_id = ui.elegir_convenio(lista, "convenios_elegido")
        if convenio_id is not None:
            ui.cumplimiento_ui(convenio_id, editor)
    if editor is None:
        return
    st.subheader("Alta y edición de convenios")
    elegido = ui.elegir_convenio(lista, "convenios_editar", ui.NUEVO_CONVENIO)
    convenio = ui.convenio(elegido) if elegido is not None else None
    ui.formulario_convenio(convenio, ui.medios_del_padron(), editor)


mostrar()
