"""Notas negativas de alto alcance que aún no se han alertado por correo.

Marca de "ya alertada": una fila de la bitácora con acción «alerta» sobre la nota (entidad «nota»).
Se eligió la bitácora y no `Nota.metricas["alertada_en"]` porque las métricas son datos de
audiencia que los importadores fusionan y el tablero muestra; la bitácora es de sólo anexar, deja
constancia de cuándo se avisó y a quién, y no exige cambiar el modelo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from analisis.metricas import unidad_de
from datos.consultas.notas import tono_efectivo_sql
from datos.modelos import Bitacora, Medio, Nota, Tono

ACCION_ALERTA = "alerta"


@dataclass(frozen=True)
class NotaAlerta:
    """Una nota negativa de alto alcance con lo necesario para el correo de alerta."""

    nota_id: int
    titulo: str
    medio: str
    audiencia: int
    url_original: str | None
    url_canonica: str
    resumen: str | None
    texto: str
    fecha_publicacion: dt.datetime | None
    fecha_captura: dt.datetime
    tono_confirmado: bool
    unidad: str | None = None


def _ya_alertada() -> ColumnElement[bool]:
    """Hay una alerta de la nota en la bitácora."""
    return exists().where(
        Bitacora.accion == ACCION_ALERTA,
        Bitacora.entidad == Nota.__tablename__,
        Bitacora.entidad_id == Nota.id,
    )


def notas_para_alertar(s: Session, *, alcance_minimo: int, desde: dt.datetime) -> list[NotaAlerta]:
    """Notas negativas de audiencia ≥ mínimo capturadas desde `desde` y aún sin alertar."""
    consulta = (
        select(Nota, Medio.nombre, Medio.audiencia, Medio.audiencia_tipo, Medio.tipo)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(
            tono_efectivo_sql() == Tono.NEGATIVO,
            Medio.audiencia >= alcance_minimo,
            Nota.fecha_captura >= desde,
            ~_ya_alertada(),
        )
        .order_by(Medio.audiencia.desc(), Nota.fecha_captura.desc(), Nota.id)
    )
    return [
        replace(_fila(n, medio, audiencia or 0), unidad=unidad_de(unidad, tipo))
        for n, medio, audiencia, unidad, tipo in s.execute(consulta)
    ]


def _fila(nota: Nota, medio: str, audiencia: int) -> NotaAlerta:
    """NotaAlerta a partir de la nota y su medio."""
    return NotaAlerta(
        nota_id=nota.id,
        titulo=nota.titulo,
        medio=medio,
        audiencia=audiencia,
        url_original=nota.url_original,
        url_canonica=nota.url_canonica,
        resumen=nota.resumen,
        texto=nota.texto,
        fecha_publicacion=nota.fecha_publicacion,
        fecha_captura=nota.fecha_captura,
        tono_confirmado=nota.tono_confirmado is not None,
    )
