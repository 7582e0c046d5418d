"""Lecturas de los indicadores: la única puerta de tablero, reportes, exportaciones y la CLI.

Lee boletines, envíos, retomas y tono del periodo (y, si se pide, de un boletín o de un medio) y
los pasa a `analisis.indicadores.calcular`; así cada cifra sale de una sola definición.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from analisis.indicadores import Indicadores, calcular
from datos.consultas import boletines as cb
from datos.consultas.comun import marco, retoma_valida
from datos.consultas.notas import nota_en_periodo
from datos.modelos import Boletin, Medio, Nota, Retoma

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


def indicadores(
    sesion: Session,
    inicio: dt.datetime,
    fin: dt.datetime,
    *,
    boletin_id: int | None = None,
    medio_id: int | None = None,
) -> Indicadores:
    """Indicadores de los boletines emitidos en [inicio, fin) y las notas del periodo."""
    boletines = _solo_boletin(cb.boletines_emitidos(sesion, inicio, fin), boletin_id)
    envios = _solo_boletin(cb.envios_de_boletines(sesion, inicio, fin), boletin_id)
    retomas = _solo_boletin(cb.retomas_de_boletines(sesion, inicio, fin), boletin_id)
    if boletin_id is not None and boletines.empty:
        # El boletín no se emitió en el periodo: ninguna de sus notas cuenta.
        retomas, tono = retomas.iloc[0:0], conteo_tono(sesion, inicio, inicio, medio_id)
    else:
        tono = conteo_tono(sesion, inicio, fin, medio_id, boletin_id)
    return calcular(boletines, envios, retomas, tono, medio_id)


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
