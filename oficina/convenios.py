"""Cumplimiento de los convenios: notas entregadas por mes, costo por nota y notas pagadas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from analisis.cumplimiento import CumplimientoMes, costo_por_nota
from datos.config import cargar
from datos.consultas.metricas import consulta_entregables, cumplimiento_de_convenio, es_entregable
from datos.modelos import Convenio, EstadoRevision, Mencion, Nota, Retoma
from datos.repositorio.bitacora import cambiar, registrar
from datos.repositorio.convenios import obtener


def _es_del_ayuntamiento() -> Any:
    """Condición SQL: la nota retoma un boletín (no rechazado) o menciona al Ayuntamiento."""
    retoma = exists().where(Retoma.nota_id == Nota.id, Retoma.estado != EstadoRevision.RECHAZADA)
    mencion = exists().where(Mencion.nota_id == Nota.id)
    return or_(retoma, mencion)


def notas_del_convenio(s: Session, convenio_id: int, zona: ZoneInfo | None = None) -> list[Nota]:
    """Notas entregadas: del medio, en la vigencia, retomas o ligadas al convenio, sin críticas."""
    convenio = obtener(s, convenio_id)
    return list(s.scalars(consulta_entregables(convenio, zona or cargar().zona)))


def cumplimiento(
    s: Session, convenio_id: int, hoy: dt.date | None = None, *, solo_mes: bool = False
) -> list[CumplimientoMes]:
    """Por mes de vigencia: entregadas contra acordadas y su estado (la definición única)."""
    obtener(s, convenio_id)  # error claro si no existe
    return cumplimiento_de_convenio(s, convenio_id, hoy, solo_mes=solo_mes)


def costo_por_nota_entregada(
    s: Session, convenio_id: int, zona: ZoneInfo | None = None
) -> Decimal | None:
    """Monto total del convenio entre las notas entregadas; None si no hay ninguna."""
    convenio = obtener(s, convenio_id)
    return costo_por_nota(convenio.monto_total, len(notas_del_convenio(s, convenio_id, zona)))


def marcar_pagadas(s: Session, convenio_id: int, usuario: str = "sistema") -> int:
    """Marca pagada=True y el convenio en sus notas entregadas; devuelve cuántas cambiaron."""
    cambiadas = 0
    for nota in notas_del_convenio(s, convenio_id):
        # Una entrada por nota (antes → después): así «Deshacer» devuelve cada una a como estaba.
        cambiadas += cambiar(s, usuario, nota, {"pagada": True, "convenio_id": convenio_id})
    if cambiadas:
        registrar(
            s, usuario, "marcar_pagadas", "convenio", convenio_id, {"notas": [None, cambiadas]}
        )
    return cambiadas


def convenio_vigente(s: Session, medio_id: int, fecha: dt.date) -> Convenio | None:
    """El convenio del medio vigente en esa fecha (el más reciente si hay varios)."""
    consulta = (
        select(Convenio)
        .where(
            Convenio.medio_id == medio_id,
            Convenio.vigencia_inicio <= fecha,
            Convenio.vigencia_fin >= fecha,
        )
        .order_by(Convenio.vigencia_inicio.desc(), Convenio.id.desc())
    )
    return s.scalars(consulta).first()


def clasificar_notas(s: Session, zona: ZoneInfo | None = None) -> tuple[int, int]:
    """Notas del Ayuntamiento sin clasificar: pagadas si son entregables de un convenio vigente
    del medio (retoma o nota ligada, no crítica); si no, ganadas."""
    zona = zona or cargar().zona
    pagadas = ganadas = 0
    consulta = select(Nota).where(
        Nota.pagada.is_(None), Nota.fecha_publicacion.is_not(None), _es_del_ayuntamiento()
    )
    for nota in s.scalars(consulta):
        assert nota.fecha_publicacion is not None
        fecha = nota.fecha_publicacion.astimezone(zona).date()
        convenio = convenio_vigente(s, nota.medio_id, fecha)
        nota.pagada = convenio is not None and _entregable(s, nota, convenio.id)
        pagadas += nota.pagada
        ganadas += not nota.pagada
    return pagadas, ganadas


def _entregable(s: Session, nota: Nota, convenio_id: int) -> bool:
    """¿La nota cuenta como entregable del convenio?"""
    consulta = select(Nota.id).where(Nota.id == nota.id, es_entregable(convenio_id))
    return s.execute(consulta).first() is not None
