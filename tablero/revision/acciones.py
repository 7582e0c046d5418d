"""Lectura de la cola y escritura de las decisiones, con los errores explicados en español.

La cola no se cachea: tras cada decisión el personal debe ver el siguiente elemento al instante.
Toda escritura abre UNA transacción (`datos.sesion.sesion()`) y muestra los errores en español.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.consultas import revision as cr
from datos.consultas.revision import FiltroRevision, NotaEnRevision, Pendientes, RetomaEnRevision
from datos.sesion import sesion
from rastreadores.importadores.ocr import OcrNoDisponible
from tablero.autenticacion import UsuarioActivo

log = logging.getLogger(__name__)
T = TypeVar("T")

CLAVE_AVISO = "revision_aviso"
CLAVE_OMITIDOS = "revision_omitidos"
# Los atajos no actúan mientras el cursor está en un filtro o un campo de texto.
FUERA = " (con el cursor fuera de los filtros)"
SOLO_LECTURA = (
    "Tu rol es de sólo lectura: puedes ver y descargar, pero no revisar ni capturar. "
    "Pide a la directora un usuario de personal."
)
# Errores que se explican al usuario; lo demás es un error interno y se registra.
ERRORES_DE_USUARIO = (ValueError, OcrNoDisponible)


def pendientes(filtro: FiltroRevision) -> Pendientes:
    """Retomas y tonos por revisar."""
    with sesion() as s:
        return cr.contar_pendientes(s, filtro)


def cola(filtro: FiltroRevision) -> pd.DataFrame:
    """Cola priorizada sin los elementos que el usuario omitió en esta sesión."""
    with sesion() as s:
        tabla = cr.cola_de_revision(s, filtro, cargar().alcance_alerta)
    omitidos = st.session_state.get(CLAVE_OMITIDOS, set())
    claves = [(t, int(i)) for t, i in zip(tabla["tipo"], tabla["id"], strict=True)]
    return tabla[[c not in omitidos for c in claves]].reset_index(drop=True)


def retoma(retoma_id: int) -> RetomaEnRevision | None:
    """Detalle de la retoma a revisar."""
    with sesion() as s:
        return cr.retoma_en_revision(s, retoma_id)


def nota(nota_id: int) -> NotaEnRevision | None:
    """Detalle de la nota cuyo tono se revisa."""
    with sesion() as s:
        return cr.nota_en_revision(s, nota_id)


def motivo(exc: BaseException) -> str:
    """Mensaje de la excepción con mayúscula inicial."""
    texto = str(exc) or exc.__class__.__name__
    return texto[:1].upper() + texto[1:]


def en_transaccion(accion: Callable[[Session], T]) -> T | None:
    """Ejecuta `accion` en una transacción; ante un error lo explica y devuelve None."""
    try:
        with sesion() as s:
            return accion(s)
    except ERRORES_DE_USUARIO as exc:
        st.error(motivo(exc), icon=":material/error:")
    except SQLAlchemyError:
        log.exception("error de base de datos")
        st.error("La base de datos no respondió: inténtalo de nuevo o avisa a sistemas.")
    except Exception:  # frontera de la interfaz: nunca un traceback al usuario
        log.exception("error interno en el tablero")
        st.error(
            "Ocurrió un error interno: no se guardó nada. Avisa a sistemas (queda en el registro)."
        )
    return None


def decidir(usuario: UsuarioActivo, accion: Callable[[Session], object], aviso: str) -> None:
    """Aplica una decisión del personal y pasa al siguiente elemento."""
    if not usuario.puede("editar"):
        st.error(SOLO_LECTURA)
        return
    if en_transaccion(accion) is None:
        return
    st.cache_data.clear()  # las páginas de seguimiento deben reflejar la decisión ya
    st.session_state[CLAVE_AVISO] = aviso
    st.rerun()


def mostrar_aviso() -> None:
    """Confirma la decisión anterior (tras el st.rerun)."""
    aviso = st.session_state.pop(CLAVE_AVISO, None)
    if aviso:
        st.toast(aviso, icon=":material/check_circle:")


def omitir(tipo: str, elemento_id: int) -> None:
    """Deja el elemento para después (sólo en esta sesión del navegador)."""
    st.session_state.setdefault(CLAVE_OMITIDOS, set()).add((tipo, elemento_id))
    st.rerun()
