"""Cumplimiento de los convenios: notas entregadas por mes, costo por nota y notas pagadas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from analisis.cumplimiento import (
    CumplimientoMes,
    NotaEntregada,
    costo_por_nota,
    cumplimiento_mensual,
)
from datos.config import cargar
from datos.modelos import Convenio, EstadoRevision, Mencion, Nota, Retoma
from datos.repositorio.bitacora import cambiar, registrar
from datos.repositorio.convenios import obtener


def _rango_utc(convenio: Convenio, zona: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """La vigencia (días locales) como intervalo UTC semiabierto."""
    inicio = dt.datetime.combine(convenio.vigencia_inicio, dt.time(), zona)
    fin = dt.datetime.combine(convenio.vigencia_fin + dt.timedelta(days=1), dt.time(), zona)
    return inicio.astimezone(dt.UTC), fin.astimezone(dt.UTC)


def _es_del_ayuntamiento() -> Any:
    """Condición SQL: la nota retoma un boletín (no rechazado) o menciona al Ayuntamiento."""
    retoma = exists().where(Retoma.nota_id == Nota.id, Retoma.estado != EstadoRevision.RECHAZADA)
    mencion = exists().where(Mencion.nota_id == Nota.id)
    return or_(retoma, mencion)


def notas_del_convenio(s: Session, convenio_id: int, zona: ZoneInfo | None = None) -> list[Nota]:
    """Notas entregadas: del medio, en la vigencia, y que retoman o mencionan al Ayuntamiento
    (o que alguien ya asignó a este convenio)."""
    convenio = obtener(s, convenio_id)
    desde, hasta = _rango_utc(convenio, zona or cargar().zona)
    consulta = (
        select(Nota)
        .where(
            Nota.medio_id == convenio.medio_id,
            Nota.fecha_publicacion >= desde,
            Nota.fecha_publicacion < hasta,
            or_(_es_del_ayuntamiento(), Nota.convenio_id == convenio.id),
        )
        .order_by(Nota.fecha_publicacion, Nota.id)
    )
    return list(s.scalars(consulta))


def cumplimiento(
    s: Session, convenio_id: int, zona: ZoneInfo | None = None
) -> list[CumplimientoMes]:
    """Por mes de vigencia: notas publicadas contra acordadas, con los ids como prueba."""
    zona = zona or cargar().zona
    convenio = obtener(s, convenio_id)
    entregadas = [
        NotaEntregada(n.id, n.fecha_publicacion.astimezone(zona).date())
        for n in notas_del_convenio(s, convenio_id, zona)
        if n.fecha_publicacion is not None
    ]
    return cumplimiento_mensual(
        entregadas, convenio.notas_mes, convenio.vigencia_inicio, convenio.vigencia_fin
    )


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
    """Notas del Ayuntamiento sin clasificar: pagadas si había convenio vigente, si no ganadas."""
    zona = zona or cargar().zona
    pagadas = ganadas = 0
    consulta = select(Nota).where(
        Nota.pagada.is_(None), Nota.fecha_publicacion.is_not(None), _es_del_ayuntamiento()
    )
    for nota in s.scalars(consulta):
        assert nota.fecha_publicacion is not None
        convenio = convenio_vigente(
            s, nota.medio_id, nota.fecha_publicacion.astimezone(zona).date()
        )
        nota.pagada = convenio is not None
        nota.convenio_id = convenio.id if convenio else None
        pagadas += convenio is not None
        ganadas += convenio is None
    return pagadas, ganadas
