"""Componentes de la página Buzón: cifras, filtros, tabla, detalle y correcciones."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from datos.config import cargar
from datos.consultas import buzon as cb
from datos.modelos import CategoriaCorreo, EstadoEvento
from datos.repositorio import buzon as repo
from datos.repositorio.agenda import cambiar_estado_evento
from oficina.buzon.ingreso import corregir
from reportes import formato
from tablero import acciones, componentes
from tablero.acceso import leer
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.formularios import elegir, fecha_hora, frase, literal, opciones

TODAS = "Todas"


def cifras() -> None:
    """Correos, pendientes, borradores por confirmar y rebotes."""
    c = leer(cb.cifras_buzon)
    columnas = st.columns(4)
    columnas[0].metric("Correos", formato.numero(c["total"]), border=True)
    columnas[1].metric("Por atender", formato.numero(c["pendientes"]), border=True)
    columnas[2].metric("Borradores de agenda", formato.numero(c["borradores"]), border=True)
    columnas[3].metric("Rebotes", formato.numero(c["rebotes"]), border=True)


def revisar_ahora() -> None:
    """Botón para leer el buzón ya (si está configurado)."""
    imap = cargar().imap
    if not imap.configurado:
        st.caption("No hay buzón configurado (MONITOREO_IMAP_SERVIDOR y MONITOREO_IMAP_USUARIO).")
        return
    if st.button("Revisar el buzón ahora", icon=":material/mail:", key="buzon_revisar"):
        from datos.sesion import fabrica
        from oficina.buzon.imap import ErrorDeBuzon
        from oficina.buzon.ingreso import revisar

        try:
            resumen = revisar(fabrica(), cargar())
        except ErrorDeBuzon as exc:
            st.error(literal(frase(exc.motivo)))
            return
        acciones.avisar(f"Buzón revisado: {resumen.texto()}.")


def filtros() -> tuple[CategoriaCorreo | None, bool]:
    """Categoría y «sólo por atender»."""
    izquierda, derecha = st.columns([2, 1], vertical_alignment="bottom")
    nombres = {TODAS: TODAS, **{c.value: e for c, e in cb.ETIQUETAS_CATEGORIA.items()}}
    elegida = izquierda.selectbox(
        "Categoría", list(nombres), format_func=lambda k: nombres[k], key="buzon_categoria"
    )
    pendientes = derecha.checkbox("Sólo por atender", key="buzon_pendientes")
    return (None if elegida == TODAS else CategoriaCorreo(elegida)), pendientes


def lista(categoria: CategoriaCorreo | None, pendientes: bool) -> pd.DataFrame:
    """Correos con los filtros elegidos."""
    return leer(lambda s: cb.correos(s, categoria, pendientes))


def _categoria(valor: str) -> str:
    """Etiqueta legible de una categoría."""
    return cb.ETIQUETAS_CATEGORIA.get(CategoriaCorreo(valor), valor)


def tabla_correos(marco: pd.DataFrame) -> None:
    """Cuándo, de quién, asunto, categoría y su motivo."""
    vista = marco.assign(
        cuando=marco["fecha"].map(fecha_hora),
        categoria_txt=marco["categoria"].map(_categoria),
        archivos=marco.apply(lambda f: f"{f['al_banco']} de {f['adjuntos']}", axis=1),
        atendido_txt=marco["atendido"].map(lambda v: "Sí" if v else "No"),
    )
    componentes.tabla(
        vista,
        {
            "cuando": "Fecha",
            "remitente": "De",
            "asunto": "Asunto",
            "categoria_txt": "Categoría",
            "motivo": "Motivo",
            "archivos": "Al banco",
            "problemas": "Problemas de formato",
            "atendido_txt": "Atendido",
        },
    )


def detalle(marco: pd.DataFrame, u: UsuarioActivo) -> None:
    """Texto, motivo y acciones del correo elegido."""
    valores = opciones(marco, "correo_id", lambda f: f"{fecha_hora(f['fecha'])} · {f['asunto']}")
    elegido = elegir("Correo", valores, "buzon_elegido")
    if elegido is None:
        return
    fila = marco[marco["correo_id"] == elegido].iloc[0]
    st.markdown(f"**{literal(fila['asunto'])}** — {literal(fila['remitente'])}")
    st.caption(f"{_categoria(fila['categoria'])}: {literal(str(fila['motivo']))}")
    if fila["problemas"]:
        st.warning(
            f"Se leyó con problemas: {literal(str(fila['problemas']))}", icon=":material/warning:"
        )
    st.text(fila["texto"] or "(sin texto)")
    _adjuntos(fila["lista_adjuntos"])
    if u.puede("editar"):
        _acciones(fila, u)


def _adjuntos(adjuntos: list[dict[str, object]]) -> None:
    """Archivos del correo: si llegaron al banco o por qué no."""
    if not adjuntos:
        return
    filas = [
        {
            "nombre": a.get("nombre"),
            "tamano": f"{formato.numero(float(str(a.get('tamano') or 0)) / 1024, 1)} KB",
            "destino": f"En el banco (recurso {a['recurso_id']})"
            if a.get("recurso_id")
            else str(a.get("motivo") or "No entró al banco"),
        }
        for a in adjuntos
    ]
    componentes.tabla(
        pd.DataFrame(filas), {"nombre": "Archivo", "tamano": "Tamaño", "destino": "Destino"}
    )


def _acciones(fila: pd.Series, u: UsuarioActivo) -> None:
    """Corregir la categoría, marcar atendido y confirmar el borrador de agenda."""
    correo_id = int(fila["correo_id"])
    izquierda, centro, derecha = st.columns(3, vertical_alignment="bottom")
    nombres = {c.value: e for c, e in cb.ETIQUETAS_CATEGORIA.items()}
    nueva = izquierda.selectbox(
        "Corregir categoría",
        list(nombres),
        index=list(nombres).index(fila["categoria"]),
        format_func=lambda k: nombres[k],
        key=f"buzon_corregir_{correo_id}",
    )
    if izquierda.button("Guardar categoría", key="buzon_guardar_categoria"):
        acciones.ejecutar(
            lambda s: corregir(s, correo_id, nueva, u.nombre, cargar().zona),
            "Categoría corregida.",
        )
    if not fila["atendido"] and centro.button("Marcar atendido", key="buzon_atendido"):
        acciones.ejecutar(
            lambda s: repo.marcar_atendido(s, correo_id, u.nombre), "Correo marcado como atendido."
        )
    if fila["evento_estado"] == EstadoEvento.PROPUESTO.value and derecha.button(
        "Confirmar en la agenda", key="buzon_confirmar_evento"
    ):
        evento_id = int(fila["evento_id"])
        acciones.ejecutar(
            lambda s: cambiar_estado_evento(s, evento_id, EstadoEvento.CONFIRMADO, u.nombre),
            "Evento confirmado en la agenda.",
        )
