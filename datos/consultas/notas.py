"""Consultas de notas: conteos por tono, fechas, negativas y búsqueda filtrada y paginada."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    and_,
    cast,
    desc,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from datos import busqueda
from datos.consultas.comun import (
    Consulta,
    en_periodo,
    fechas_utc,
    hora_utc,
    marco,
    retoma_valida,
    texto_crudo,
)
from datos.modelos import Medio, NivelRetoma, Nota, Retoma, TipoCaptura, Tono

# Una página de resultados en el tablero; más filas sólo hacen lenta la tabla.
POR_PAGINA = 25


@dataclass(frozen=True)
class FiltroNotas:
    """Filtros de la búsqueda de notas (inmutable y hashable: sirve de clave de caché)."""

    inicio: dt.datetime | None = None
    fin: dt.datetime | None = None
    texto: str = ""
    medios: tuple[int, ...] = ()
    tipos_captura: tuple[str, ...] = ()
    tonos: tuple[str, ...] = ()
    niveles: tuple[str, ...] = ()
    tema: str | None = None


def tono_efectivo_sql() -> ColumnElement[Any]:
    """El tono confirmado si lo hay; si no, el calculado."""
    return func.coalesce(Nota.tono_confirmado, Nota.tono)


def publicada_en(inicio: dt.datetime, fin: dt.datetime) -> ColumnElement[bool]:
    """Notas publicadas en [inicio, fin) (usa el índice de fecha de publicación)."""
    return en_periodo(Nota.fecha_publicacion, inicio, fin)


def nota_en_periodo(inicio: dt.datetime, fin: dt.datetime) -> ColumnElement[bool]:
    """Publicada en [inicio, fin); sin fecha de publicación, capturada en [inicio, fin).

    Es la definición de «notas del periodo» de todos los indicadores: una nota de radio o impresa
    capturada sin hora de publicación también cuenta, el día en que se capturó.
    """
    return or_(
        en_periodo(Nota.fecha_publicacion, inicio, fin),
        and_(Nota.fecha_publicacion.is_(None), en_periodo(Nota.fecha_captura, inicio, fin)),
    )


def contar_notas(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> int:
    """Número de notas del periodo (ver `nota_en_periodo`)."""
    consulta = select(func.count(Nota.id)).where(nota_en_periodo(inicio, fin))
    return int(sesion.execute(consulta).scalar_one())


def conteo_tono(
    sesion: Session, inicio: dt.datetime, fin: dt.datetime, medio_id: int | None = None
) -> pd.DataFrame:
    """Notas del periodo agrupadas por tono calculado y confirmado (columnas tono, ..., notas)."""
    consulta = (
        select(Nota.tono, Nota.tono_confirmado, func.count(Nota.id).label("notas"))
        .where(nota_en_periodo(inicio, fin))
        .group_by(Nota.tono, Nota.tono_confirmado)
    )
    if medio_id is not None:
        consulta = consulta.where(Nota.medio_id == medio_id)
    return marco(sesion, consulta)


def notas_por_hora(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Notas del periodo contadas por hora UTC (columnas hora, notas), agregadas en SQL.

    Un año estatal son un millón de fechas; por hora son a lo más 8,760 filas y la semana local
    se calcula después sin perder exactitud (la zona de la oficina cambia en horas enteras).
    """
    hora = hora_utc(sesion, Nota.fecha_publicacion)
    consulta = (
        select(texto_crudo(hora, "hora"), func.count().label("notas"))
        .where(publicada_en(inicio, fin))
        .group_by(hora)
    )
    return fechas_utc(marco(sesion, consulta), "hora")


def _es_retoma() -> ColumnElement[bool]:
    """La nota retoma algún boletín (retoma no rechazada)."""
    return exists().where(Retoma.nota_id == Nota.id, retoma_valida())


def notas_negativas(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Notas negativas del periodo: medio, audiencia, temas, enlaces y si retoman un boletín."""
    consulta = (
        select(
            Nota.id.label("nota_id"),
            Nota.titulo,
            Medio.nombre.label("medio"),
            Medio.audiencia,
            Medio.audiencia_tipo,
            Medio.tipo.label("medio_tipo"),
            Nota.fecha_publicacion,
            Nota.temas,
            Nota.tono,
            Nota.tono_confirmado,
            Nota.url_original,
            Nota.url_canonica,
            _es_retoma().label("es_retoma"),
        )
        .join(Medio, Medio.id == Nota.medio_id)
        .where(publicada_en(inicio, fin), tono_efectivo_sql() == Tono.NEGATIVO)
    )
    return marco(sesion, consulta)


def _filtro_tema(sesion: Session, tema: str) -> ColumnElement[bool]:
    """La lista JSON `temas` contiene el tema (JSONB @> en PostgreSQL, json_each en SQLite)."""
    if sesion.get_bind().dialect.name == "postgresql":
        return Nota.temas.op("@>")(cast(literal(json.dumps([tema])), JSONB))
    return exists(
        select(literal(1))
        .select_from(text("json_each(nota.temas) AS tema_json"))
        .where(text("tema_json.value = :tema").bindparams(tema=tema))
    )


def _dialecto(sesion: Session) -> str:
    """Nombre del motor de la sesión (sqlite o postgresql)."""
    return sesion.get_bind().dialect.name


def _filtro_fechas(filtro: FiltroNotas) -> list[ColumnElement[bool]]:
    """Periodo por fecha de publicación; si la nota no trae fecha, por la de captura.

    Forma para listar: el `coalesce` deja que la base recorra el índice de fecha ya en el orden
    de la tabla (más reciente primero) y se detenga al llenar la página.
    """
    condiciones: list[ColumnElement[bool]] = []
    fecha = func.coalesce(Nota.fecha_publicacion, Nota.fecha_captura)
    if filtro.inicio is not None:
        condiciones.append(fecha >= filtro.inicio)
    if filtro.fin is not None:
        condiciones.append(fecha < filtro.fin)
    return condiciones


def _filtro_fechas_para_contar(filtro: FiltroNotas) -> list[ColumnElement[bool]]:
    """El mismo periodo en forma indexable (rango de publicación O sin fecha y rango de captura).

    Para contar no hay orden que aprovechar: con un millón de notas, el `coalesce` obliga a leer
    la tabla entera (0.43 s) y esta forma usa el índice de fecha (0.09 s).
    """
    if filtro.inicio is None and filtro.fin is None:
        return []
    publicada: list[ColumnElement[bool]] = [Nota.fecha_publicacion.is_not(None)]
    capturada: list[ColumnElement[bool]] = [Nota.fecha_publicacion.is_(None)]
    if filtro.inicio is not None:
        publicada.append(Nota.fecha_publicacion >= filtro.inicio)
        capturada.append(Nota.fecha_captura >= filtro.inicio)
    if filtro.fin is not None:
        publicada.append(Nota.fecha_publicacion < filtro.fin)
        capturada.append(Nota.fecha_captura < filtro.fin)
    return [or_(and_(*publicada), and_(*capturada))]


def _filtro_niveles(niveles: tuple[str, ...]) -> ColumnElement[bool]:
    """La nota retoma algún boletín con uno de los niveles (retomas no rechazadas)."""
    return exists().where(
        Retoma.nota_id == Nota.id,
        Retoma.nivel.in_([NivelRetoma(n) for n in niveles]),
        retoma_valida(),
    )


def _condiciones(
    sesion: Session, filtro: FiltroNotas, para_contar: bool = False
) -> list[ColumnElement[bool]]:
    """Todas las condiciones del filtro, siempre con parámetros enlazados."""
    condiciones = _filtro_fechas_para_contar(filtro) if para_contar else _filtro_fechas(filtro)
    if filtro.texto.strip():
        condiciones.append(busqueda.coincide(_dialecto(sesion), filtro.texto.strip()))
    if filtro.medios:
        condiciones.append(Nota.medio_id.in_(filtro.medios))
    if filtro.tipos_captura:
        condiciones.append(Nota.tipo_captura.in_([TipoCaptura(t) for t in filtro.tipos_captura]))
    if filtro.tonos:
        condiciones.append(tono_efectivo_sql().in_([Tono(t) for t in filtro.tonos]))
    if filtro.niveles:
        condiciones.append(_filtro_niveles(filtro.niveles))
    if filtro.tema:
        condiciones.append(_filtro_tema(sesion, filtro.tema))
    return condiciones


def _columnas_busqueda() -> Consulta:
    """SELECT de la tabla de notas con medio, tono efectivo y el mejor nivel de retoma."""
    # Alfabéticamente integra < parcial < reescrita: el mínimo es el nivel más completo.
    nivel = (
        select(func.min(Retoma.nivel))
        .where(Retoma.nota_id == Nota.id, retoma_valida())
        .correlate(Nota)
        .scalar_subquery()
    )
    return select(
        Nota.id.label("nota_id"),
        Nota.fecha_publicacion,
        Medio.nombre.label("medio"),
        Nota.titulo,
        Nota.tipo_captura,
        tono_efectivo_sql().label("tono"),
        nivel.label("nivel"),
        Nota.temas,
        Nota.url_original,
        Nota.url_canonica,
        Nota.programa,
    ).join(Medio, Medio.id == Nota.medio_id)


def buscar_notas(
    sesion: Session, filtro: FiltroNotas, pagina: int = 1, por_pagina: int = POR_PAGINA
) -> pd.DataFrame:
    """Una página de notas que cumplen el filtro: las más relevantes y luego las más recientes."""
    orden: list[ColumnElement[Any]] = [Nota.fecha_publicacion.desc().nulls_last(), Nota.id.desc()]
    consulta = _columnas_busqueda()
    texto = filtro.texto.strip()
    if texto and _dialecto(sesion) == "sqlite":
        # FTS5 se consulta una vez y se une (la relevancia por nota repetía la búsqueda).
        unidas = busqueda.coincidentes_sqlite(texto)
        consulta = consulta.join(unidas, unidas.c.nota_id == Nota.id)
        orden.insert(0, unidas.c.relevancia.desc())
    elif texto:
        orden.insert(0, desc(busqueda.relevancia(_dialecto(sesion), texto)))
    consulta = (
        consulta.where(*_condiciones(sesion, filtro))
        .order_by(*orden)
        .limit(por_pagina)
        .offset(max(0, pagina - 1) * por_pagina)
    )
    return marco(sesion, consulta)


def contar_busqueda(sesion: Session, filtro: FiltroNotas) -> int:
    """Cuántas notas cumplen el filtro."""
    consulta = select(func.count(Nota.id)).where(*_condiciones(sesion, filtro, para_contar=True))
    return int(sesion.execute(consulta).scalar_one())


# Los temas del filtro salen de las notas más recientes: recorrer el historial entero costaba
# 1.1 s con un millón de notas en cada vista, y el catálogo es cerrado (analisis/temas.py), así
# que en las últimas 20,000 notas aparece todo tema en uso.
MUESTRA_TEMAS = 20_000


def temas_de_notas(sesion: Session) -> list[str]:
    """Temas distintos de las notas recientes (MUESTRA_TEMAS), en orden alfabético."""
    recientes = select(Nota.temas).order_by(Nota.id.desc()).limit(MUESTRA_TEMAS).subquery()
    temas: set[str] = set()
    for (lista,) in sesion.execute(select(recientes.c.temas).distinct()):
        temas.update(str(t) for t in (lista or []))
    return sorted(temas)
