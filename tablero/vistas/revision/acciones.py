"""Lectura de la cola y escritura de las decisiones, con los errores explicados en español.

La cola no se cachea: tras cada decisión el personal debe ver el siguiente elemento al instante.
Toda escritura abre UNA transacción (`datos.sesion.sesion()`) y muestra los errores en español.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.consultas import revision as cr
from datos.consultas.revision import FiltroRevision, NotaEnRevision, Pendientes, RetomaEnRevision
from datos.sesion import sesion
from tablero import deshacer
from tablero.autenticacion import UsuarioActivo

log = logging.getLogger(__name__)

CLAVE_OMITIDOS = "revision_omitidos"
CLAVE_LIMITE = "revision_limite"
# Lo que se decide en Revisión: retomas y el tono de las notas.
ENTIDADES = ("retoma", "nota")
# Los atajos no actúan mientras el cursor está en un filtro o un campo de texto.
FUERA = " (con el cursor fuera de los filtros)"
SOLO_LECTURA = (
    "Tu rol es de sólo lectura: puedes ver y descargar, pero no revisar ni capturar. "
    "Pide a la directora un usuario de personal."
)


def pendientes(filtro: FiltroRevision) -> Pendientes:
    """Retomas y tonos por revisar."""
    with sesion() as s:
        return cr.contar_pendientes(s, filtro)


def limite_cola() -> int:
    """Cuántos elementos por tipo trae la cola (crece con «Cargar los siguientes»)."""
    return int(st.session_state.get(CLAVE_LIMITE, cr.LIMITE_COLA))


def cola(filtro: FiltroRevision) -> pd.DataFrame:
    """Cola priorizada sin los omitidos en esta sesión; `attrs["omitidos"]` dice cuántos quitó."""
    with sesion() as s:
        tabla = cr.cola_de_revision(s, filtro, cargar().alcance_alerta, limite_cola())
    omitidos = st.session_state.get(CLAVE_OMITIDOS, set())
    claves = [(t, int(i)) for t, i in zip(tabla["tipo"], tabla["id"], strict=True)]
    visibles = tabla[[c not in omitidos for c in claves]].reset_index(drop=True)
    visibles.attrs["omitidos"] = len(tabla) - len(visibles)
    return visibles


def retoma(retoma_id: int) -> RetomaEnRevision | None:
    """Detalle de la retoma a revisar."""
    with sesion() as s:
        return cr.retoma_en_revision(s, retoma_id)


def nota(nota_id: int) -> NotaEnRevision | None:
    """Detalle de la nota cuyo tono se revisa."""
    with sesion() as s:
        return cr.nota_en_revision(s, nota_id)


def decidir(usuario: UsuarioActivo, accion: Callable[[Session], object], aviso: str) -> None:
    """Aplica una decisión del personal y pasa al siguiente elemento."""
    if not usuario.puede("editar"):
        st.error(SOLO_LECTURA)
        return
    deshacer.ejecutar_reversible(accion, aviso, usuario)


def omitir(tipo: str, elemento_id: int) -> None:
    """Deja el elemento para después (sólo en esta sesión del navegador)."""
    st.session_state.setdefault(CLAVE_OMITIDOS, set()).add((tipo, elemento_id))
    st.rerun()
