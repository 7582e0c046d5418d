"""Lecturas de la página de Facebook: calendario, conteos por estado, insights y cifras del mes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.consultas.comun import marco
from datos.modelos import (
    Boletin,
    EstadoPublicacion,
    InsightsPagina,
    PublicacionFacebook,
    Usuario,
    publicacion_recurso,
)

# Estados que todavía esperan su hora de salir.
POR_SALIR = (EstadoPublicacion.APROBADA,)
COLUMNAS_CALENDARIO = [
    "id",
    "programada_para",
    "estado",
    "texto",
    "boletin",
    "fotos",
    "enlace",
    "error",
    "intentos",
    "aprobada_por",
    "publicada_en",
]


def calendario(s: Session, desde: dt.datetime, hasta: dt.datetime) -> pd.DataFrame:
    """Publicaciones programadas en [desde, hasta), en orden de hora (columnas del calendario)."""
    fotos = (
        select(func.count())
        .where(publicacion_recurso.c.publicacion_id == PublicacionFacebook.id)
        .scalar_subquery()
    )
    folio = Boletin.numero, Boletin.anio
    consulta = (
        select(
            PublicacionFacebook.id,
            PublicacionFacebook.programada_para,
            PublicacionFacebook.estado,
            PublicacionFacebook.texto,
            *folio,
            fotos.label("fotos"),
            PublicacionFacebook.enlace,
            PublicacionFacebook.error,
            PublicacionFacebook.intentos,
            Usuario.nombre.label("aprobada_por"),
            PublicacionFacebook.publicada_en,
        )
        .outerjoin(Boletin, Boletin.id == PublicacionFacebook.boletin_id)
        .outerjoin(Usuario, Usuario.id == PublicacionFacebook.aprobado_por_id)
        .where(
            PublicacionFacebook.programada_para >= desde,
            PublicacionFacebook.programada_para < hasta,
        )
        .order_by(PublicacionFacebook.programada_para, PublicacionFacebook.id)
    )
    tabla = marco(s, consulta)
    tabla.insert(
        4, "boletin", [_folio(n, a) for n, a in zip(tabla.numero, tabla.anio, strict=True)]
    )
    return tabla.drop(columns=["numero", "anio"])[COLUMNAS_CALENDARIO]


def _folio(numero: Any, anio: Any) -> str | None:
    """Folio 045/2026 o None si la publicación no viene de un boletín."""
    return None if pd.isna(numero) else f"{int(numero):03d}/{int(anio)}"


def conteo_publicaciones(s: Session) -> dict[str, Any]:
    """Conteo por estado (todos presentes) y la próxima aprobada por salir (ISO o None)."""
    filas = s.execute(
        select(PublicacionFacebook.estado, func.count()).group_by(PublicacionFacebook.estado)
    ).all()
    conteo: dict[str, Any] = {e.value: 0 for e in EstadoPublicacion}
    conteo.update({EstadoPublicacion(e).value: int(n) for e, n in filas})
    proxima = s.scalar(
        select(func.min(PublicacionFacebook.programada_para)).where(
            PublicacionFacebook.estado.in_(POR_SALIR)
        )
    )
    conteo["proxima"] = _iso_utc(proxima)
    return conteo


def _iso_utc(valor: dt.datetime | None) -> str | None:
    """ISO 8601 con zona (SQLite puede devolver la hora sin zona en un agregado)."""
    if valor is None:
        return None
    return (valor if valor.tzinfo else valor.replace(tzinfo=dt.UTC)).isoformat()


def publicadas_en(s: Session, desde: dt.datetime, hasta: dt.datetime) -> int:
    """Publicaciones que salieron a la página en [desde, hasta)."""
    consulta = select(func.count()).where(
        PublicacionFacebook.estado == EstadoPublicacion.PUBLICADA,
        PublicacionFacebook.publicada_en >= desde,
        PublicacionFacebook.publicada_en < hasta,
    )
    return int(s.scalar(consulta) or 0)


def insights_del_mes(s: Session, mes: dt.date) -> InsightsPagina | None:
    """Los insights importados de ese mes (primer día), o None."""
    return s.scalar(select(InsightsPagina).where(InsightsPagina.mes == mes.replace(day=1)))
