"""Embudo de la agenda: invitado → confirmó → asistió → publicó, por evento y por medio."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.cumplimiento import Embudo, FilaEmbudo, embudo, embudo_por
from datos.modelos import (
    Boletin,
    EstadoRevision,
    Invitacion,
    Medio,
    Nota,
    Retoma,
)
from datos.repositorio.agenda import obtener_evento


def _medios_que_publicaron(s: Session, evento_ids: Sequence[int]) -> set[tuple[int, int]]:
    """(evento, medio) con al menos una retoma no rechazada de un boletín del evento."""
    consulta = (
        select(Boletin.evento_id, Nota.medio_id)
        .join(Retoma, Retoma.boletin_id == Boletin.id)
        .join(Nota, Nota.id == Retoma.nota_id)
        .where(Boletin.evento_id.in_(list(evento_ids)), Retoma.estado != EstadoRevision.RECHAZADA)
        .distinct()
    )
    return {(int(e), int(m)) for e, m in s.execute(consulta) if e is not None}


def filas_embudo(s: Session, evento_ids: Sequence[int] | None = None) -> list[FilaEmbudo]:
    """Las invitaciones (de esos eventos o de todos) como filas del embudo."""
    consulta = select(Invitacion)
    if evento_ids is not None:
        consulta = consulta.where(Invitacion.evento_id.in_(list(evento_ids)))
    invitaciones = list(s.scalars(consulta))
    publicados = _medios_que_publicaron(s, sorted({i.evento_id for i in invitaciones}))
    return [
        FilaEmbudo(
            evento_id=i.evento_id,
            medio_id=i.medio_id,
            respuesta=i.respuesta.value,
            asistio=i.asistio,
            publico=(i.evento_id, i.medio_id) in publicados,
        )
        for i in invitaciones
    ]


def embudo_evento(s: Session, evento_id: int) -> Embudo:
    """Embudo invitado → confirmó → asistió → publicó de un evento."""
    obtener_evento(s, evento_id)
    return embudo(filas_embudo(s, [evento_id]))


def embudo_por_medio(s: Session, evento_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Embudo por medio: invitados, confirmados, asistieron, publicaron y tasas."""
    grupos = embudo_por(filas_embudo(s, evento_ids), lambda f: f.medio_id)
    nombres: dict[object, str] = {i: n for i, n in s.execute(select(Medio.id, Medio.nombre))}
    filas = [
        {
            "medio_id": medio_id,
            "medio": nombres.get(medio_id, ""),
            "invitados": e.invitados,
            "confirmados": e.confirmados,
            "asistieron": e.asistieron,
            "publicaron": e.publicaron,
            "tasa_asistencia": e.tasa_asistencia,
            "tasa_publicacion": e.tasa_publicacion,
        }
        for medio_id, e in grupos.items()
    ]
    columnas = ["medio_id", "medio", "invitados", "confirmados", "asistieron", "publicaron"]
    marco = pd.DataFrame(filas, columns=[*columnas, "tasa_asistencia", "tasa_publicacion"])
    return marco.sort_values("medio").reset_index(drop=True)
