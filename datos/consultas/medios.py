"""Consultas de medios: catálogo, notas por medio, salud de fuentes y convenios."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from datos.consultas.comun import a_numeros, marco
from datos.consultas.notas import nota_en_periodo
from datos.modelos import Convenio, Fuente, Medio, Nota


def catalogo_medios(sesion: Session) -> pd.DataFrame:
    """Medios con su tipo, ámbito y audiencia potencial declarada (tipo, fuente y fecha)."""
    consulta = select(
        Medio.id.label("medio_id"),
        Medio.nombre.label("medio"),
        Medio.tipo,
        Medio.ambito,
        Medio.audiencia,
        Medio.audiencia_tipo,
        Medio.audiencia_fuente,
        Medio.audiencia_fecha,
        Medio.sitio_web,
        Medio.activo,
    ).order_by(Medio.nombre)
    return marco(sesion, consulta)


def notas_por_medio(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Notas publicadas por medio en el periodo (columnas medio_id, notas)."""
    consulta = (
        select(Nota.medio_id, func.count(Nota.id).label("notas"))
        .where(nota_en_periodo(inicio, fin))
        .group_by(Nota.medio_id)
    )
    return marco(sesion, consulta)


def salud_de_fuentes(sesion: Session, medio_id: int) -> pd.DataFrame:
    """Fuentes del medio con último éxito, último error, motivo y fallas consecutivas."""
    consulta = (
        select(
            Fuente.id.label("fuente_id"),
            Fuente.tipo,
            Fuente.url,
            Fuente.activa,
            Fuente.ultimo_exito,
            Fuente.ultimo_error,
            Fuente.motivo_error,
            Fuente.fallas_consecutivas,
            Fuente.notas_totales,
        )
        .where(Fuente.medio_id == medio_id)
        .order_by(Fuente.id)
    )
    return marco(sesion, consulta)


def convenios_del_medio(sesion: Session, medio_id: int) -> pd.DataFrame:
    """Convenios del medio con monto pagado, vigencia y entregables mensuales."""
    consulta = (
        select(
            Convenio.numero,
            Convenio.concepto,
            Convenio.monto_total,
            Convenio.vigencia_inicio,
            Convenio.vigencia_fin,
            Convenio.notas_mes,
        )
        .where(Convenio.medio_id == medio_id)
        .order_by(Convenio.vigencia_inicio.desc())
    )
    return a_numeros(marco(sesion, consulta), "monto_total")


def pagadas_y_ganadas(
    sesion: Session, medio_id: int, inicio: dt.datetime, fin: dt.datetime
) -> pd.DataFrame:
    """Notas del medio en el periodo por clase: pagada (convenio), ganada o sin clasificar."""
    clase = case(
        (Nota.pagada.is_(True) | Nota.convenio_id.is_not(None), "pagada"),
        (Nota.pagada.is_(False), "ganada"),
        else_="sin clasificar",
    )
    consulta = (
        select(clase.label("clase"), func.count(Nota.id).label("notas"))
        .where(Nota.medio_id == medio_id, nota_en_periodo(inicio, fin))
        .group_by(clase)
    )
    return marco(sesion, consulta)
