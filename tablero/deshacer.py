"""Deshacer en el tablero: aviso con «Deshacer» tras cada decisión e historial por objeto.

Una decisión reversible (`ejecutar_reversible`) recuerda en la sesión del navegador qué entradas
de la bitácora escribió; la página siguiente muestra unos segundos un aviso con el botón
«Deshacer», que las revierte (y esa reversión también queda en la bitácora). El historial de un
objeto lista sus decisiones con un «Revertir» por cada una.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st
from sqlalchemy.orm import Session

from analisis import etiquetas
from datos.config import cargar
from datos.repositorio import deshacer as rd
from datos.sesion import sesion
from reportes import formato
from tablero import acciones
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.celdas import fecha_guardada
from tablero.markdown import literal

T = TypeVar("T")

CLAVE = "deshacer_pendiente"
# Lo que tarda una persona en notar un clic equivocado y volver la vista al aviso.
SEGUNDOS_DESHACER = 15
# Cada cuánto revisa el aviso si ya venció (para quitarlo sin que nadie toque nada).
REVISION_AVISO_S = 2
NOMBRES_ACCION = {"modificar": "cambió", "deshacer": "deshizo"}


@dataclass(frozen=True)
class Deshacible:
    """Lo que hizo la última decisión: sus entradas de bitácora, el aviso y hasta cuándo."""

    entradas: tuple[int, ...]
    texto: str
    hasta: float


def ejecutar_reversible(
    accion: Callable[[Session], T],
    aviso: str | Callable[[T], str],
    usuario: UsuarioActivo,
    limpiar: str | None = None,
) -> bool:
    """Como `acciones.ejecutar`, pero deja el aviso con «Deshacer» (False si falló)."""

    def con_registro(s: Session) -> tuple[T, tuple[int, ...]]:
        desde = rd.ultima_entrada(s)
        resultado = accion(s)
        return resultado, tuple(rd.entradas_desde(s, desde, usuario.nombre))

    ok, salida = acciones.intentar(acciones.transaccion(con_registro))
    if not ok or salida is None:
        return False
    resultado, entradas = salida
    texto = aviso(resultado) if callable(aviso) else aviso
    if entradas:
        st.session_state[CLAVE] = Deshacible(entradas, texto, time.time() + SEGUNDOS_DESHACER)
    else:
        st.session_state.pop(CLAVE, None)
    acciones.avisar(texto, limpiar)
    return True


def _deshacer(pendiente: Deshacible, usuario: UsuarioActivo) -> None:
    """Revierte la última decisión y avisa (el aviso de lo deshecho ya no ofrece deshacer)."""
    st.session_state.pop(CLAVE, None)
    ok, _ = acciones.intentar(
        acciones.transaccion(lambda s: rd.revertir_varias(s, pendiente.entradas, usuario.nombre))
    )
    if ok:
        acciones.avisar(f"Deshecho: {pendiente.texto}")


@st.fragment(run_every=REVISION_AVISO_S)
def _aviso_con_temporizador(usuario: UsuarioActivo) -> None:
    """El aviso mientras no venza; al vencer se quita y la página se redibuja sin él."""
    pendiente = st.session_state.get(CLAVE)
    if not isinstance(pendiente, Deshacible):
        return
    if time.time() > pendiente.hasta:
        st.session_state.pop(CLAVE, None)
        st.rerun()
    _aviso(pendiente, usuario)


def _aviso(pendiente: Deshacible, usuario: UsuarioActivo) -> None:
    """El texto de la decisión y el botón «Deshacer»."""
    with st.container(border=True, key="deshacer_aviso"):
        izquierda, derecha = st.columns([5, 1], vertical_alignment="center")
        izquierda.markdown(f":material/check_circle: {pendiente.texto}")
        if derecha.button("Deshacer", key="deshacer_ultimo", icon=":material/undo:"):
            _deshacer(pendiente, usuario)


def aviso_deshacer(usuario: UsuarioActivo) -> None:
    """Muestra el aviso con «Deshacer» de la última decisión, si sigue vigente."""
    pendiente = st.session_state.get(CLAVE)
    if not isinstance(pendiente, Deshacible):
        return
    # Un clic que llegó justo al vencer todavía cuenta: la máquina pudo tardar en redibujar.
    if st.session_state.get("deshacer_ultimo"):
        _deshacer(pendiente, usuario)
        return
    _aviso_con_temporizador(usuario)


def _cambios(cambios: dict[str, object]) -> str:
    """«cambió el estado de automática a confirmada; cambió el nivel de parcial a íntegra»."""
    partes = []
    for campo, par in cambios.items():
        antes, despues = par if isinstance(par, list) and len(par) == 2 else (None, par)
        partes.append(
            etiquetas.frase_de_cambio(str(campo), fecha_guardada(antes), fecha_guardada(despues))
        )
    return "; ".join(partes)


def _fila(entrada: rd.EntradaHistorial, usuario: UsuarioActivo, clave: str) -> None:
    """Una decisión con su botón «Revertir» (deshabilitado con el motivo si no se puede)."""
    cuando = formato.fecha_hora(entrada.momento, cargar().zona)
    izquierda, derecha = st.columns([5, 1], vertical_alignment="center")
    verbo = NOMBRES_ACCION.get(entrada.accion, entrada.accion)
    izquierda.caption(
        f"{cuando} · {literal(entrada.usuario)} {verbo} "
        f"{etiquetas.minuscula(entrada.entidad)} {entrada.entidad_id}: "
        f"{literal(_cambios(entrada.cambios))}"
    )
    if derecha.button(
        "Revertir",
        key=f"{clave}_revertir_{entrada.bitacora_id}",
        disabled=not entrada.reversible or not usuario.puede("editar"),
        help=entrada.motivo,
        width="stretch",
    ):
        ejecutar_reversible(
            lambda s: rd.revertir(s, entrada.bitacora_id, usuario.nombre),
            f"Revertido el cambio del {cuando} de {entrada.usuario}.",
            usuario,
        )


def leer_historial(
    entidades: Sequence[str], entidad_id: int | None = None
) -> list[rd.EntradaHistorial]:
    """Las decisiones recientes (sin caché: tras revertir debe verse al instante)."""
    with sesion() as s:
        return rd.historial(s, entidades, entidad_id)


def historial(
    titulo: str,
    entidades: Sequence[str],
    usuario: UsuarioActivo,
    clave: str,
    entidad_id: int | None = None,
) -> None:
    """Expansor con las decisiones de un objeto (o recientes) y un «Revertir» por cada una."""
    with st.expander(titulo, icon=":material/history:"):
        entradas = acciones.intentar(lambda: leer_historial(entidades, entidad_id))[1]
        if not entradas:
            st.caption("Sin decisiones registradas todavía.")
            return
        for entrada in entradas:
            _fila(entrada, usuario, clave)
