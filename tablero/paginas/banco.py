"""Página Banco de medios: subir, buscar, miniaturas, detalle con EXIF y uso en medios."""

from __future__ import annotations

import streamlit as st

from tablero import acciones, componentes
from tablero.componentes import formularios as comun
from tablero.vistas import banco as ui


def mostrar() -> None:
    """Subida (con permiso), búsqueda, cuadrícula, detalle y búsqueda por imagen."""
    st.title("Banco de medios")
    acciones.avisos()
    u = comun.usuario()
    if u.puede("editar"):
        with st.expander("Subir archivos", icon=":material/upload:"):
            ui.subir_ui(u)
    else:
        comun.solo_lectura()
    st.subheader("Buscar")
    recursos = ui.buscar(ui.filtros_banco())
    if not recursos:
        componentes.vacio(
            "No hay archivos que coincidan: sube fotos, audio o video o cambia la búsqueda."
        )
    else:
        ui.cuadricula(recursos)
        st.subheader("Detalle")
        recurso = ui.elegir_recurso(recursos)
        if recurso is not None:
            ui.detalle_recurso(recurso)
            if u.puede("editar"):
                ui.borrar_ui(recurso, u)
            st.subheader("¿Algún medio usó esta foto?")
            ui.usos_en_medios(recurso)
    st.subheader("¿De cuál de nuestras fotos es esta imagen?")
    ui.buscar_por_imagen()


mostrar()
