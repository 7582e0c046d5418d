"""Lecturas de los indicadores: la única puerta de tablero, reportes, exportaciones y la CLI.

Lee boletines, envíos, retomas y tono del periodo (y, si se pide, de un boletín o de un medio) y
los pasa a `analisis.indicadores.calcular`; así cada cifra sale de una sola definición.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from analisis.cumplimiento import CumplimientoMes, NotaEntregada, cumplimiento_mensual
from analisis.indicadores import Indicadores, calcular
from datos.config import cargar
from datos.consultas import boletines as cb
from datos.consultas.comun import Consulta, en_periodo, marco, retoma_valida
from datos.consultas.notas import nota_en_periodo
from datos.modelos import Boletin, Convenio, Medio, Nota, Retoma, Tono

# Un boletín se elige por su emisión exacta: el intervalo [emisión, emisión + 1 µs).
UN_INSTANTE = dt.timedelta(microseconds=1)


def _solo_boletin(tabla: pd.DataFrame, boletin_id: int | None) -> pd.DataFrame:
    """Las filas del boletín pedido (todas si no se pide ninguno)."""
    if boletin_id is None or tabla.empty:
        return tabla if boletin_id is None else tabla.iloc[0:0]
    return tabla[tabla["boletin_id"] == boletin_id]


def conteo_tono(
    sesion: Session,
    inicio: dt.datetime,
    fin: dt.datetime,
    medio_id: int | None = None,
    boletin_id: int | None = None,
) -> pd.DataFrame:
    """Notas por tono calculado y confirmado: del periodo, o las que retoman el boletín."""
    consulta = select(Nota.tono, Nota.tono_confirmado, func.count(Nota.id).label("notas"))
    if boletin_id is None:
        consulta = consulta.where(nota_en_periodo(inicio, fin))
    else:
        retoma = exists().where(
            Retoma.nota_id == Nota.id, Retoma.boletin_id == boletin_id, retoma_valida()
        )
        consulta = consulta.where(retoma)
    if medio_id is not None:
        consulta = consulta.where(Nota.medio_id == medio_id)
    return marco(sesion, consulta.group_by(Nota.tono, Nota.tono_confirmado))


def tono_por_medio(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Notas del periodo por medio y tono (calculado y confirmado), en una sola pasada.

    Sirve a la vez de conteo de tono (`calcular` pondera cada renglón por `notas`) y de notas por
    medio: el Resumen recorría dos veces las notas del periodo.
    """
    consulta = select(
        Nota.medio_id, Nota.tono, Nota.tono_confirmado, func.count(Nota.id).label("notas")
    ).where(nota_en_periodo(inicio, fin))
    return marco(sesion, consulta.group_by(Nota.medio_id, Nota.tono, Nota.tono_confirmado))


# (envíos, retomas) de un periodo, como los dan `envios_de_boletines` y `retomas_de_boletines`.
Leidas = tuple[pd.DataFrame, pd.DataFrame]


def indicadores(
    sesion: Session,
    inicio: dt.datetime,
    fin: dt.datetime,
    *,
    boletin_id: int | None = None,
    medio_id: int | None = None,
    leidas: Leidas | None = None,
    tono: pd.DataFrame | None = None,
) -> Indicadores:
    """Indicadores de los boletines emitidos en [inicio, fin) y las notas del periodo.

    `leidas` son envíos y retomas del mismo periodo ya leídos (el Resumen los usa también en la
    tabla de medios y la tendencia), y `tono` el conteo de `tono_por_medio` del periodo (sólo
    sin boletín ni medio): así no se leen dos veces.
    """
    envios_todos, retomas_todas = leidas or (
        cb.envios_de_boletines(sesion, inicio, fin),
        cb.retomas_de_boletines(sesion, inicio, fin),
    )
    boletines = _solo_boletin(cb.boletines_emitidos(sesion, inicio, fin), boletin_id)
    envios = _solo_boletin(envios_todos, boletin_id)
    retomas = _solo_boletin(retomas_todas, boletin_id)
    if boletin_id is not None and boletines.empty:
        # El boletín no se emitió en el periodo: ninguna de sus notas cuenta.
        retomas, tono = retomas.iloc[0:0], conteo_tono(sesion, inicio, inicio, medio_id)
    elif tono is None or boletin_id is not None or medio_id is not None:
        tono = conteo_tono(sesion, inicio, fin, medio_id, boletin_id)
    return calcular(boletines, envios, retomas, tono, medio_id)


def indicadores_por_url(url: str, inicio: dt.datetime, fin: dt.datetime) -> Indicadores:
    """`indicadores` del periodo con una sesión propia sobre esa base (para otro proceso)."""
    from datos.sesion import motor_por_url, sesion

    with sesion(motor_por_url(url)) as s:
        return indicadores(s, inicio, fin)


def indicadores_de_boletin(sesion: Session, boletin_id: int) -> Indicadores | None:
    """Indicadores de un boletín sin importar el periodo; None si no existe."""
    boletin = sesion.get(Boletin, boletin_id)
    if boletin is None:
        return None
    inicio = boletin.fecha_emision
    return indicadores(sesion, inicio, inicio + UN_INSTANTE, boletin_id=boletin_id)


def boletin_por_folio(sesion: Session, numero: int, anio: int) -> int | None:
    """Id del boletín número/año; None si no existe."""
    consulta = select(Boletin.id).where(Boletin.numero == numero, Boletin.anio == anio)
    return sesion.execute(consulta).scalar_one_or_none()


def medio_por_nombre(sesion: Session, nombre: str) -> int | None:
    """Id del medio con ese nombre (sin distinguir mayúsculas); None si no existe."""
    consulta = select(Medio.id).where(func.lower(Medio.nombre) == nombre.strip().lower())
    return sesion.execute(consulta).scalars().first()


def _rango_vigencia(convenio: Convenio, zona: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """La vigencia (días locales) como intervalo UTC semiabierto."""
    inicio = dt.datetime.combine(convenio.vigencia_inicio, dt.time(), zona)
    fin = dt.datetime.combine(convenio.vigencia_fin + dt.timedelta(days=1), dt.time(), zona)
    return inicio.astimezone(dt.UTC), fin.astimezone(dt.UTC)


def es_entregable(convenio_id: int) -> ColumnElement[bool]:
    """Lo que el convenio paga: retoma de un boletín o nota ligada al convenio; nunca una crítica.

    Una nota con tono efectivo negativo no es un entregable aunque retome un boletín o esté
    ligada: el convenio paga difusión, no quejas contra el Ayuntamiento.
    """
    retoma = exists().where(Retoma.nota_id == Nota.id, retoma_valida())
    tono = func.coalesce(Nota.tono_confirmado, Nota.tono)
    no_negativa = or_(tono.is_(None), tono != Tono.NEGATIVO)
    return and_(or_(retoma, Nota.convenio_id == convenio_id), no_negativa)


def consulta_entregables(convenio: Convenio, zona: ZoneInfo) -> Consulta:
    """SELECT de las notas entregadas: del medio, publicadas en la vigencia y entregables."""
    desde, hasta = _rango_vigencia(convenio, zona)
    return (
        select(Nota)
        .where(
            Nota.medio_id == convenio.medio_id,
            en_periodo(Nota.fecha_publicacion, desde, hasta),
            es_entregable(convenio.id),
        )
        .order_by(Nota.fecha_publicacion, Nota.id)
    )


def _mes_utc(dia: dt.date, zona: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """El mes local de `dia` como intervalo UTC [primer día, primer día del mes siguiente)."""
    primero = dia.replace(day=1)
    siguiente = (primero + dt.timedelta(days=32)).replace(day=1)
    inicio = dt.datetime.combine(primero, dt.time(), zona)
    fin = dt.datetime.combine(siguiente, dt.time(), zona)
    return inicio.astimezone(dt.UTC), fin.astimezone(dt.UTC)


def tono_del_ayuntamiento_por_medio(
    sesion: Session, inicio: dt.datetime, fin: dt.datetime
) -> pd.DataFrame:
    """Notas del periodo que retoman un boletín o mencionan al Ayuntamiento, por medio y tono."""
    from datos.modelos import Mencion

    retoma = exists().where(Retoma.nota_id == Nota.id, retoma_valida())
    mencion = exists().where(Mencion.nota_id == Nota.id)
    tono = func.coalesce(Nota.tono_confirmado, Nota.tono)
    consulta = (
        select(Medio.nombre.label("medio"), tono.label("tono"), func.count(Nota.id).label("notas"))
        .join(Medio, Medio.id == Nota.medio_id)
        .where(nota_en_periodo(inicio, fin), or_(retoma, mencion))
        .group_by(Medio.nombre, tono)
    )
    return marco(sesion, consulta)


def cumplimiento_de_convenio(
    sesion: Session, convenio_id: int, hoy: dt.date | None = None, *, solo_mes: bool = False
) -> list[CumplimientoMes]:
    """Por mes de vigencia: entregadas contra acordadas y estado (pendiente, en curso, ...).

    Pantalla, reporte mensual y exportación de transparencia leen esta misma lista. Con
    `solo_mes` sólo el mes de `hoy` trae sus entregas (el bloque «Hoy» no necesita los demás).
    """
    zona = cargar().zona
    convenio = sesion.get(Convenio, convenio_id)
    if convenio is None:
        return []
    hoy = hoy or dt.datetime.now(zona).date()
    # Sólo id y fecha: cargar cada nota entera (con su texto) costaba segundos por convenio.
    consulta = consulta_entregables(convenio, zona).with_only_columns(
        Nota.id, Nota.fecha_publicacion
    )
    if solo_mes:
        consulta = consulta.where(en_periodo(Nota.fecha_publicacion, *_mes_utc(hoy, zona)))
    entregadas = [
        NotaEntregada(nota_id, publicada.astimezone(zona).date())
        for nota_id, publicada in sesion.execute(consulta)
        if publicada is not None
    ]
    return cumplimiento_mensual(
        entregadas, convenio.notas_mes, convenio.vigencia_inicio, convenio.vigencia_fin, hoy
    )
