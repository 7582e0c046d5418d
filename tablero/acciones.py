"""Escrituras desde el tablero: una transacción por acción, errores en español y aviso.

Toda página escribe por aquí (las lecturas van por `tablero.acceso`): si la acción sale bien se
vacía la caché de lecturas (las páginas de seguimiento deben reflejarla ya), se deja el aviso y se
recarga; si falla, se explica y el formulario conserva lo escrito: nada se pierde.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from datos.sesion import sesion
from rastreadores.importadores.ocr import OcrNoDisponible
from tablero.markdown import literal

log = logging.getLogger(__name__)
T = TypeVar("T")

# Errores de dominio (todos derivan de ValueError): su mensaje ya está en español.
ERRORES_DE_USUARIO: tuple[type[Exception], ...] = (ValueError, OcrNoDisponible)
CLAVE_AVISO = "accion_aviso"
CLAVE_LIMPIAR = "accion_limpiar"


def motivo(exc: BaseException) -> str:
    """Mensaje de la excepción con mayúscula inicial."""
    texto = str(exc) or exc.__class__.__name__
    return texto[:1].upper() + texto[1:]


def intentar(funcion: Callable[[], T]) -> tuple[bool, T | None]:
    """(True, resultado) o (False, None) tras explicar el error; nunca un traceback al usuario."""
    try:
        return True, funcion()
    except ERRORES_DE_USUARIO as exc:
        st.error(literal(motivo(exc)), icon=":material/error:")
    except SQLAlchemyError:
        log.exception("error de base de datos")
        st.error("La base de datos no respondió: no se guardó nada. Inténtalo de nuevo.")
    except Exception:  # frontera de la interfaz
        log.exception("error interno en el tablero")
        st.error(
            "Ocurrió un error interno: no se guardó nada. Avisa a sistemas (queda registrado)."
        )
    return False, None


def transaccion(accion: Callable[[Session], T]) -> Callable[[], T]:
    """`accion` dentro de una transacción (commit al salir bien, rollback si falla)."""

    def correr() -> T:
        with sesion() as s:
            return accion(s)

    return correr


def en_transaccion(accion: Callable[[Session], T]) -> T | None:
    """El resultado de `accion` en una transacción, o None tras explicar el error."""
    return intentar(transaccion(accion))[1]


def avisar(mensaje: str, limpiar: str | None = None) -> None:
    """Deja el aviso para la siguiente ejecución, vacía la caché y el formulario, y recarga."""
    st.cache_data.clear()
    st.session_state[CLAVE_AVISO] = mensaje
    if limpiar:
        st.session_state[CLAVE_LIMPIAR] = [*st.session_state.get(CLAVE_LIMPIAR, []), limpiar]
    st.rerun()


def ejecutar(
    accion: Callable[[Session], T], exito: str | Callable[[T], str], limpiar: str | None = None
) -> None:
    """Escribe en una transacción; si sale bien avisa y vacía el formulario `limpiar`."""
    ok, resultado = intentar(transaccion(accion))
    if ok:
        avisar(exito(resultado) if callable(exito) else exito, limpiar)  # type: ignore[arg-type]


def _limpiar_formularios() -> None:
    """Borra el estado de los campos de los formularios guardados (antes de dibujarlos)."""
    for prefijo in st.session_state.pop(CLAVE_LIMPIAR, []):
        for clave in [k for k in st.session_state if str(k).startswith(prefijo)]:
            del st.session_state[clave]


def avisos(como_toast: bool = False) -> None:
    """Muestra (una vez) el resultado de la última acción y vacía los formularios guardados."""
    _limpiar_formularios()
    mensaje = st.session_state.pop(CLAVE_AVISO, None)
    if mensaje and como_toast:
        st.toast(str(mensaje), icon=":material/check_circle:")
    elif mensaje:
        # Los avisos los arman las vistas y ya escapan con `literal` lo que viene de la base.
        st.success(str(mensaje), icon=":material/check_circle:")
