"""La cola de revisión: filtros, contador de pendientes y el primer elemento."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from datos.consultas.revision import LIMITE_COLA, FiltroRevision, Pendientes
from reportes import formato
from tablero import acceso, componentes
from tablero.autenticacion import UsuarioActivo
from tablero.vistas.revision.acciones import (
    CLAVE_LIMITE,
    CLAVE_OMITIDOS,
    limite_cola,
    nota,
    retoma,
)
from tablero.vistas.revision.pantalla_retoma import elemento_retoma
from tablero.vistas.revision.pantalla_tono import elemento_tono

TIPOS_FILTRO = {"todos": "Todo", "retomas": "Sólo retomas", "tonos": "Sólo tonos"}
ORDENES = {
    "prioridad": "Prioridad (dudoso, negativo, alto alcance)",
    "incertidumbre": "Lo más incierto primero (enseña más)",
}


def filtros(medios: pd.DataFrame) -> FiltroRevision:
    """Qué revisar (todo, retomas o tonos) y de qué medios."""
    izquierda, derecha = st.columns([2, 3])
    tipo = izquierda.radio(
        "Revisar",
        list(TIPOS_FILTRO),
        format_func=TIPOS_FILTRO.__getitem__,
        horizontal=True,
        key="revision_tipo",
    )
    nombres = dict(zip(medios["medio_id"], medios["medio"], strict=True))
    elegidos = derecha.multiselect(
        "Medio",
        list(nombres),
        format_func=lambda i: nombres[i],
        placeholder=componentes.TODOS,
        key="revision_medios",
    )
    orden = st.radio(
        "Orden",
        list(ORDENES),
        format_func=ORDENES.__getitem__,
        horizontal=True,
        key="revision_orden",
        help="Lo más incierto primero: cada confirmación de ésas es la que más enseña al modelo "
        "de tono (`monitoreo tono entrenar`) y a la calibración de los niveles.",
    )
    return FiltroRevision(tipo=str(tipo), medios=tuple(int(m) for m in elegidos), orden=str(orden))


def contador(cuantos: Pendientes) -> None:
    """Cuántos elementos faltan por revisar."""
    componentes.kpis(
        [
            componentes.Kpi("Retomas por revisar", formato.numero(cuantos.retomas)),
            componentes.Kpi("Tonos por revisar", formato.numero(cuantos.tonos)),
        ],
        por_fila=2,
    )


def sin_pendientes() -> None:
    """Estado vacío de la cola (con la opción de recuperar los omitidos)."""
    omitidos = st.session_state.get(CLAVE_OMITIDOS, set())
    if not omitidos:
        componentes.vacio(
            "No hay nada por revisar con estos filtros: ejecuta `monitoreo analizar` tras rastrear."
        )
        return
    componentes.vacio(f"Omitiste {len(omitidos)} elementos en esta sesión.")
    if st.button("Volver a mostrar los omitidos", key="revision_recuperar"):
        st.session_state[CLAVE_OMITIDOS] = set()
        st.rerun()


def en_cola(cuantos: Pendientes, filtro: FiltroRevision, tabla: pd.DataFrame) -> int:
    """Los pendientes del filtro, menos los omitidos en esta sesión: lo que dicen los KPIs."""
    total = {"retomas": cuantos.retomas, "tonos": cuantos.tonos}.get(filtro.tipo, cuantos.total)
    return max(total - int(tabla.attrs.get("omitidos", 0)), len(tabla))


def posicion(tabla: pd.DataFrame, total: int) -> None:
    """«Elemento 1 de 305» y, si la cola no trajo todos, cuántos cargó y cómo ver el resto."""
    if len(tabla) >= total:
        st.caption(f"Elemento 1 de {formato.numero(total)} en la cola.")
        return
    izquierda, derecha = st.columns([3, 1], vertical_alignment="center")
    izquierda.caption(
        f"Elemento 1 de {formato.numero(total)} en la cola · cargados los primeros "
        f"{formato.numero(len(tabla))} de {formato.numero(total)} por prioridad (los demás "
        "entran al decidir o al cargarlos)."
    )
    if derecha.button(f"Cargar {formato.numero(LIMITE_COLA)} más", key="revision_mas"):
        st.session_state[CLAVE_LIMITE] = limite_cola() + LIMITE_COLA
        st.rerun()


def primero(tabla: pd.DataFrame, usuario: UsuarioActivo, total: int | None = None) -> None:
    """Muestra el primer elemento de la cola (o avisa si otro ya lo resolvió)."""
    fila = tabla.iloc[0]
    posicion(tabla, len(tabla) if total is None else total)
    if fila["tipo"] == "retoma":
        detalle = acceso.con_datos(retoma, int(fila["id"]))
        if detalle is not None:
            elemento_retoma(detalle, usuario, str(fila["motivo"]))
            return
    else:
        n = acceso.con_datos(nota, int(fila["id"]))
        if n is not None:
            elemento_tono(n, usuario, str(fila["motivo"]))
            return
    componentes.vacio("El elemento ya no existe (lo retiró el análisis): recarga la página.")
