"""Corregir una campaña en la página Campañas: nombre, periodo y mensaje; borrar lo capturado mal.

Las reglas (el periodo debe incluir lo ya comprobado, nada con entregas se borra) y la bitácora son
las del repositorio (`editar_campana`, `borrar_orden`, `borrar_campana`): aquí sólo se captura.
"""

from __future__ import annotations

import streamlit as st

from datos.consultas import campanas as cc
from datos.repositorio.campanas import borrar_campana, borrar_orden, editar_campana
from tablero.acceso import leer
from tablero.acciones import ejecutar
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.confirmar import confirmar
from tablero.markdown import literal
from tablero.vistas.campanas import UNIDADES

CLAVE = "campanas_corregir"


def corregir(campana_id: int, cumplimiento: cc.Cumplimiento, u: UsuarioActivo) -> None:
    """Expansor «Corregir la campaña»: editar datos, borrar una orden o la campaña entera."""
    datos = leer(lambda s: cc.datos_de_campana(s, campana_id))
    if datos is None:
        return
    with st.expander("Corregir la campaña", icon=":material/edit:"):
        _editar(campana_id, datos, u)
        _borrar_orden(cumplimiento, u)
        _borrar_campana(campana_id, datos.nombre, cumplimiento, u)


def _editar(campana_id: int, datos: cc.DatosCampana, u: UsuarioActivo) -> None:
    """Nombre, periodo y mensaje, con los valores actuales."""
    # Las claves llevan el id: al elegir otra campaña los campos toman sus valores.
    clave = f"{CLAVE}_{campana_id}"
    with st.form(clave, border=False):
        nombre = st.text_input("Nombre", datos.nombre, key=f"{clave}_nombre")
        c1, c2 = st.columns(2)
        inicio = c1.date_input("Inicio", datos.inicio, format="DD/MM/YYYY", key=f"{clave}_inicio")
        fin = c2.date_input("Fin", datos.fin, format="DD/MM/YYYY", key=f"{clave}_fin")
        mensaje = st.text_area("Mensaje de la campaña", datos.mensaje, key=f"{clave}_mensaje")
        guardar = st.form_submit_button("Guardar cambios", key=f"{CLAVE}_guardar")
    if guardar:
        ejecutar(
            lambda s: editar_campana(s, campana_id, nombre, inicio, fin, mensaje, u.nombre),
            "Campaña corregida.",
        )


def _borrar_orden(cumplimiento: cc.Cumplimiento, u: UsuarioActivo) -> None:
    """Borra una orden capturada por error (sólo las que no tienen entregas)."""
    libres = {f.orden_id: f for f in cumplimiento.ordenes if f.avance.entregadas == 0}
    if not libres:
        st.caption("Todas las órdenes tienen entregas registradas: no se pueden borrar.")
        return
    orden_id = st.selectbox(
        "Orden capturada por error (sin entregas)",
        list(libres),
        format_func=lambda i: _etiqueta_orden(libres[i]),
        key=f"{CLAVE}_orden",
    )
    fila = libres[int(orden_id)]
    if confirmar(
        "Borrar esta orden",
        f"{CLAVE}_borrar_orden",
        f"Se borrará la orden {fila.orden_id} a {literal(fila.medio)}; queda en la bitácora.",
        "Sí, borrar la orden",
    ):
        ejecutar(lambda s: borrar_orden(s, fila.orden_id, u.nombre), "Orden borrada.")


def _etiqueta_orden(fila: cc.FilaOrden) -> str:
    """«Orden 7 · Canal 9 Huasteca · 5 spots»."""
    return (
        f"Orden {fila.orden_id} · {fila.medio} · {fila.avance.ordenadas} {UNIDADES[fila.tipo][1]}"
    )


def _borrar_campana(
    campana_id: int, nombre: str, cumplimiento: cc.Cumplimiento, u: UsuarioActivo
) -> None:
    """Borra la campaña con sus órdenes, si nada se ha entregado todavía."""
    entregadas = sum(f.avance.entregadas for f in cumplimiento.ordenes)
    if entregadas:
        st.caption(
            f"La campaña tiene {entregadas} entregas registradas (prueba de lo que se pagó): "
            "no se puede borrar."
        )
        return
    if confirmar(
        "Borrar la campaña",
        f"{CLAVE}_borrar_campana",
        f"Se borrará la campaña «{literal(nombre)}» con sus órdenes; queda en la bitácora.",
        "Sí, borrar la campaña",
    ):
        ejecutar(lambda s: borrar_campana(s, campana_id, u.nombre), "Campaña borrada.")
