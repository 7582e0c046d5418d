"""Edición de la síntesis antes de enviarla: quitar historias, ordenarlas, reclasificar y anotar."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy.orm import Session

from datos.repositorio.sintesis import guardar_edicion, reclasificar
from reportes.sintesis import SECCIONES
from tablero import acceso, acciones, componentes
from tablero.acceso import EntradaEditable, SintesisEditable
from tablero.autenticacion import usuario_actual

AUTOMATICA = "Automática (según la regla)"


def _etiqueta(entrada: EntradaEditable) -> str:
    """«Municipio · Titular (El Sol, Pulso)» para elegir una historia."""
    medios = ", ".join(entrada.medios)
    return f"{entrada.seccion} · {entrada.titular} ({medios})"


def editar(fecha: dt.date) -> None:
    """Formulario de edición de la síntesis del día (sólo quien puede editar guarda)."""
    datos = acceso.con_datos(acceso.sintesis_editable, fecha)
    if not datos.entradas:
        componentes.vacio("No hay notas en la síntesis de este día.")
        return
    usuario = usuario_actual()
    permitido = usuario is not None and usuario.puede("editar")
    _resumen_de_edicion(datos)
    _formulario(fecha, datos, permitido)
    _reclasificar(datos, permitido)


def _resumen_de_edicion(datos: SintesisEditable) -> None:
    """Qué está cambiado hoy respecto de la síntesis automática."""
    quitadas = sum(any(n in datos.edicion.excluidas for n in e.notas) for e in datos.entradas)
    partes = [componentes.plural(len(datos.entradas), "historia")]
    if quitadas:
        partes.append(f"{componentes.plural(quitadas, 'historia')} fuera")
    if datos.edicion.enviada_en:
        partes.append("ya enviada hoy: lo que guardes se enviará en el siguiente envío")
    st.caption(" · ".join(partes))


def _formulario(fecha: dt.date, datos: SintesisEditable, permitido: bool) -> None:
    """Historias fuera, historias primero (en el orden elegido) y nota de la Dirección."""
    por_clave = {e.clave: e for e in datos.entradas}
    etiquetas = {e.clave: _etiqueta(e) for e in datos.entradas}
    fuera = [e.clave for e in datos.entradas if set(e.notas) & datos.edicion.excluidas]
    primero = [c for c in datos.edicion.orden if c in por_clave]
    with st.form(f"sintesis_edicion_{fecha.isoformat()}", border=False):
        quitar = st.multiselect(
            "Historias que no van en la síntesis", list(etiquetas), fuera,
            format_func=etiquetas.__getitem__, placeholder="Ninguna", key="sintesis_quitar",
        )  # fmt: skip
        orden = st.multiselect(
            "Historias que van primero en su sección (en el orden en que las elijas)",
            list(etiquetas), primero, format_func=etiquetas.__getitem__,
            placeholder="Orden automático", key="sintesis_orden",
        )  # fmt: skip
        nota = st.text_area(
            "Nota de la Dirección (va en la portada)",
            datos.edicion.nota_editorial or "",
            key="sintesis_nota",
        )
        if st.form_submit_button("Guardar cambios de la síntesis", disabled=not permitido):
            excluidas = [n for c in quitar for n in por_clave[c].notas]
            acciones.ejecutar(
                lambda s: _guardar(s, fecha, excluidas, orden, nota),
                "Cambios de la síntesis guardados: el siguiente envío y archivo usan esta versión.",
            )


def _guardar(s: Session, fecha: dt.date, excluidas: list[int], orden: list[int], nota: str) -> bool:
    """Guarda la edición con el nombre de quien la hizo."""
    usuario = usuario_actual()
    if usuario is None:
        raise ValueError("inicia sesión para editar la síntesis")
    return guardar_edicion(s, usuario.nombre, fecha, excluidas, orden, nota)


def _reclasificar(datos: SintesisEditable, permitido: bool) -> None:
    """Cambiar la sección de una historia (p. ej. una columna que la regla no detectó)."""
    etiquetas = {e.clave: _etiqueta(e) for e in datos.entradas}
    por_clave = {e.clave: e for e in datos.entradas}
    izquierda, derecha = st.columns([3, 2])
    clave = izquierda.selectbox(
        "Historia a reclasificar", list(etiquetas), format_func=etiquetas.__getitem__,
        key="sintesis_reclasificar_historia",
    )  # fmt: skip
    seccion = derecha.selectbox(
        "Nueva sección", [AUTOMATICA, *SECCIONES], key="sintesis_reclasificar_seccion"
    )
    if st.button("Cambiar sección", disabled=not permitido, key="sintesis_reclasificar"):
        notas = por_clave[int(clave)].notas
        elegida = None if seccion == AUTOMATICA else seccion
        acciones.ejecutar(
            lambda s: _cambiar_seccion(s, notas, elegida),
            f"Sección cambiada a «{seccion}».",
        )


def _cambiar_seccion(s: Session, notas: tuple[int, ...], seccion: str | None) -> int:
    """Reclasifica todas las notas de la historia."""
    usuario = usuario_actual()
    if usuario is None:
        raise ValueError("inicia sesión para reclasificar")
    return sum(reclasificar(s, usuario.nombre, n, seccion) for n in notas)
