"""Decisiones del personal sobre retomas y tonos, con su revisor y su rastro en la bitácora.

Lo que decide una persona manda: el análisis automático (`analisis.lote`) sólo crea, actualiza o
borra retomas en estado `automatica` y sólo escribe `Nota.tono`, nunca `Nota.tono_confirmado`.
Las funciones no hacen commit: quien llama es dueño de la transacción.
"""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.orm import Session

from datos.modelos import EstadoRevision, NivelRetoma, Nota, Retoma, Tono, ahora
from datos.repositorio.bitacora import cambiar

log = logging.getLogger(__name__)


class Revisor(Protocol):
    """Quien decide: basta con su id y su nombre (UsuarioActivo del tablero o Usuario)."""

    @property
    def id(self) -> int:
        """Id del usuario."""

    @property
    def nombre(self) -> str:
        """Nombre de usuario (queda en la bitácora)."""


def _retoma(sesion: Session, retoma_id: int) -> Retoma:
    """La retoma o ValueError con un motivo en español."""
    retoma = sesion.get(Retoma, retoma_id)
    if retoma is None:
        raise ValueError(f"no existe la retoma {retoma_id}: quizá el análisis la retiró")
    return retoma


def _decidir(
    sesion: Session, retoma_id: int, usuario: Revisor, estado: EstadoRevision, **extra: object
) -> Retoma:
    """Aplica el estado (y otros campos) a la retoma con revisor, momento y bitácora."""
    retoma = _retoma(sesion, retoma_id)
    nuevos: dict[str, object] = {
        **extra,
        "estado": estado,
        "revisor_id": usuario.id,
        "revisado_en": ahora(),
    }
    cambiar(sesion, usuario.nombre, retoma, nuevos)
    sesion.flush()
    log.info("retoma %d: %s por %s", retoma_id, estado.value, usuario.nombre)
    return retoma


def confirmar_retoma(sesion: Session, retoma_id: int, usuario: Revisor) -> Retoma:
    """La nota sí retoma el boletín, con el nivel propuesto."""
    return _decidir(sesion, retoma_id, usuario, EstadoRevision.CONFIRMADA)


def rechazar_retoma(sesion: Session, retoma_id: int, usuario: Revisor) -> Retoma:
    """La nota no retoma el boletín: deja de contar en tasas, matriz y reportes."""
    return _decidir(sesion, retoma_id, usuario, EstadoRevision.RECHAZADA)


def cambiar_nivel(
    sesion: Session, retoma_id: int, nivel: NivelRetoma | str, usuario: Revisor
) -> Retoma:
    """Corrige el nivel (íntegra, parcial, reescrita); la retoma queda confirmada."""
    try:
        valor = NivelRetoma(nivel)
    except ValueError as exc:
        raise ValueError(f"nivel de retoma desconocido: {nivel!r}") from exc
    return _decidir(sesion, retoma_id, usuario, EstadoRevision.CONFIRMADA, nivel=valor)


def confirmar_tono(sesion: Session, nota_id: int, tono: Tono | str, usuario: Revisor) -> Nota:
    """Fija el tono de la nota hacia el Ayuntamiento (siempre gana al calculado)."""
    try:
        valor = Tono(tono)
    except ValueError as exc:
        raise ValueError(f"tono desconocido: {tono!r} (use positivo, neutral o negativo)") from exc
    nota = sesion.get(Nota, nota_id)
    if nota is None:
        raise ValueError(f"no existe la nota {nota_id}")
    nuevos = {"tono_confirmado": valor, "tono_revisor_id": usuario.id}
    cambiar(sesion, usuario.nombre, nota, nuevos)
    sesion.flush()
    log.info("nota %d: tono %s por %s", nota_id, valor.value, usuario.nombre)
    return nota
