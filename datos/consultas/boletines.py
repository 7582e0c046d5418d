"""Consultas de boletines, sus envíos y sus retomas (agregadas en SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import Session

from datos.consultas.comun import (
    Consulta,
    agregar_folio,
    en_periodo,
    fechas_utc,
    marco,
    retoma_valida,
    texto_crudo,
)
from datos.modelos import (
    Boletin,
    Envio,
    EstadoEnvio,
    Medio,
    Nota,
    Retoma,
    Testigo,
    TipoEnvio,
)

# Un envío fallido o rebotado no llegó: no cuenta como "se le envió" para la tasa de retoma.
ESTADOS_ENVIADOS = (EstadoEnvio.ENVIADO, EstadoEnvio.CONFIRMADO)

C = TypeVar("C", bound=Consulta)


@dataclass(frozen=True)
class DetalleBoletin:
    """Datos de un boletín para mostrarlo junto a sus retomas."""

    boletin_id: int
    folio: str
    titular: str
    texto: str
    fecha_emision: dt.datetime
    area: str | None
    tema: str | None
    estado: str


def _en_periodo(consulta: C, inicio: dt.datetime, fin: dt.datetime) -> C:
    """Boletines emitidos en [inicio, fin)."""
    return consulta.where(en_periodo(Boletin.fecha_emision, inicio, fin))


def columnas_de_lista() -> tuple[Any, ...]:
    """Columnas de un boletín en las listas: id, número y año (el folio), fecha, titular y área."""
    return (
        Boletin.id.label("boletin_id"),
        Boletin.numero,
        Boletin.anio,
        Boletin.fecha_emision,
        Boletin.titular,
        Boletin.area,
    )


def boletines_emitidos(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Boletines emitidos en el periodo: id, folio, fecha, titular, área, tema y estado."""
    consulta = select(*columnas_de_lista(), Boletin.tema, Boletin.estado).order_by(
        Boletin.fecha_emision.desc(), Boletin.id.desc()
    )
    return agregar_folio(marco(sesion, _en_periodo(consulta, inicio, fin)))


def lista_boletines(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Boletines del periodo con medios enviados, notas que los retoman y medios que publicaron."""
    # Las subconsultas se limitan a los boletines del periodo: agrupar todas las retomas y todos
    # los envíos de la historia tardaba más de un segundo con 150,000 retomas.
    retomas = _retomas_agrupadas(inicio, fin)
    envios = _envios_agrupados(inicio, fin)
    consulta = (
        select(
            *columnas_de_lista(),
            Boletin.tema,
            func.coalesce(envios.c.enviados, 0).label("enviados"),
            func.coalesce(retomas.c.retomas, 0).label("retomas"),
            func.coalesce(retomas.c.medios_publicaron, 0).label("medios_publicaron"),
        )
        .outerjoin(retomas, retomas.c.boletin_id == Boletin.id)
        .outerjoin(envios, envios.c.boletin_id == Boletin.id)
        .order_by(Boletin.fecha_emision.desc(), Boletin.id.desc())
    )
    return agregar_folio(marco(sesion, _en_periodo(consulta, inicio, fin)))


def _retomas_agrupadas(inicio: dt.datetime, fin: dt.datetime) -> Any:
    """Subconsulta: retomas válidas y medios distintos por boletín del periodo."""
    consulta = (
        select(
            Retoma.boletin_id,
            func.count(Retoma.id).label("retomas"),
            func.count(distinct(Nota.medio_id)).label("medios_publicaron"),
        )
        .join(Boletin, Boletin.id == Retoma.boletin_id)
        .join(Nota, Nota.id == Retoma.nota_id)
        .where(retoma_valida())
        .group_by(Retoma.boletin_id)
    )
    return _en_periodo(consulta, inicio, fin).subquery()


def _envios_agrupados(inicio: dt.datetime, fin: dt.datetime) -> Any:
    """Subconsulta: medios distintos a los que llegó cada boletín del periodo."""
    consulta = (
        select(Envio.boletin_id, func.count(distinct(Envio.medio_id)).label("enviados"))
        .join(Boletin, Boletin.id == Envio.boletin_id)
        .where(_llego())
        .group_by(Envio.boletin_id)
    )
    return _en_periodo(consulta, inicio, fin).subquery()


def _llego() -> ColumnElement[bool]:
    """Envío de boletín que llegó al medio (enviado o confirmado)."""
    return (Envio.tipo == TipoEnvio.BOLETIN) & Envio.estado.in_(ESTADOS_ENVIADOS)


def consulta_de_envios(inicio: dt.datetime, fin: dt.datetime, *columnas: Any) -> Consulta:
    """SELECT DISTINCT de (boletin_id, medio_id, columnas) de boletines del periodo que llegaron."""
    consulta = (
        select(Envio.boletin_id, Envio.medio_id, *columnas)
        .distinct()
        .join(Boletin, Boletin.id == Envio.boletin_id)
        .where(_llego())
    )
    return _en_periodo(consulta, inicio, fin)


def envios_de_boletines(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Pares (boletin_id, medio_id) de boletines del periodo que llegaron a cada medio."""
    return marco(sesion, consulta_de_envios(inicio, fin))


def consulta_de_retomas(inicio: dt.datetime, fin: dt.datetime, *columnas: Any) -> Consulta:
    """SELECT de retomas válidas de los boletines emitidos en el periodo, con su nota y su medio."""
    consulta = (
        select(*columnas)
        .select_from(Retoma)
        .join(Boletin, Boletin.id == Retoma.boletin_id)
        .join(Nota, Nota.id == Retoma.nota_id)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(retoma_valida())
    )
    return _en_periodo(consulta, inicio, fin)


def retomas_de_boletines(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Retomas válidas de los boletines emitidos en el periodo, con medio, fechas y audiencia."""
    # Fechas y catálogos crudos: con decenas de miles de retomas, convertirlos fila por fila
    # costaba tanto como la consulta; se convierten después, vectorizado. La audiencia es del
    # medio: se une en pandas desde el catálogo (cientos de filas), no se lee en cada retoma.
    consulta = consulta_de_retomas(
        inicio,
        fin,
        Retoma.id.label("retoma_id"),
        Retoma.boletin_id,
        Retoma.nota_id,
        Nota.medio_id,
        texto_crudo(Retoma.nivel, "nivel"),
        Retoma.fidelidad,
        texto_crudo(Retoma.estado, "estado"),
        texto_crudo(Boletin.fecha_emision, "fecha_emision"),
        texto_crudo(Nota.fecha_publicacion, "fecha_publicacion"),
    )
    retomas = fechas_utc(marco(sesion, consulta), "fecha_emision", "fecha_publicacion")
    return retomas.merge(_audiencias(sesion), on="medio_id", how="left")


def _audiencias(sesion: Session) -> pd.DataFrame:
    """Audiencia declarada y tipo de cada medio (columnas que acompañan a cada retoma)."""
    consulta = select(
        Medio.id.label("medio_id"),
        Medio.audiencia,
        texto_crudo(Medio.audiencia_tipo, "audiencia_tipo"),
        Medio.audiencia_fuente,
        texto_crudo(Medio.audiencia_fecha, "audiencia_fecha"),
        texto_crudo(Medio.tipo, "medio_tipo"),
    )
    return marco(sesion, consulta)


def detalle_boletin(sesion: Session, boletin_id: int) -> DetalleBoletin | None:
    """El boletín con su texto (entradilla y cuerpo); None si no existe."""
    boletin = sesion.get(Boletin, boletin_id)
    if boletin is None:
        return None
    return DetalleBoletin(
        boletin_id=boletin.id,
        folio=boletin.folio,
        titular=boletin.titular,
        texto=boletin.texto,
        fecha_emision=boletin.fecha_emision,
        area=boletin.area,
        tema=boletin.tema,
        estado=str(boletin.estado.value),
    )


def envios_del_boletin(sesion: Session, boletin_id: int) -> pd.DataFrame:
    """Envíos del boletín por medio (todos los estados), para la matriz de retoma."""
    consulta = (
        select(Envio.medio_id, Medio.nombre.label("medio"), Envio.estado)
        .join(Medio, Medio.id == Envio.medio_id)
        .where(Envio.boletin_id == boletin_id, Envio.tipo == TipoEnvio.BOLETIN)
    )
    return marco(sesion, consulta)


def retomas_del_boletin(sesion: Session, boletin_id: int) -> pd.DataFrame:
    """Retomas válidas del boletín con su nota, medio, enlace, testigo y pasajes."""
    testigo = (
        select(func.min(Testigo.ruta))
        .where(Testigo.nota_id == Nota.id)
        .correlate(Nota)
        .scalar_subquery()
    )
    consulta = (
        select(
            Retoma.id.label("retoma_id"),
            Retoma.nota_id,
            Nota.medio_id,
            Medio.nombre.label("medio"),
            Nota.titulo,
            Nota.fecha_publicacion,
            Retoma.nivel,
            Retoma.fidelidad,
            Retoma.estado,
            Retoma.pasajes,
            Nota.url_original,
            Nota.url_canonica,
            testigo.label("testigo"),
        )
        .join(Nota, Nota.id == Retoma.nota_id)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(Retoma.boletin_id == boletin_id, retoma_valida())
        .order_by(Nota.fecha_publicacion, Retoma.id)
    )
    return marco(sesion, consulta)


def texto_de_nota(sesion: Session, nota_id: int) -> tuple[str, str] | None:
    """Título y texto de una nota; None si no existe."""
    fila = sesion.execute(select(Nota.titulo, Nota.texto).where(Nota.id == nota_id)).first()
    return None if fila is None else (fila[0], fila[1])
