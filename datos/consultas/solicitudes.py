"""Lecturas de la atención ciudadana: con o sin datos personales, según quién las pide."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from datos.consultas.notas import tono_efectivo_sql
from datos.modelos import Dependencia, EstadoSolicitud, Medio, Nota, Solicitud, Tono
from datos.temas_solicitud import CAMPOS_CONTACTO, temas

ETIQUETAS_ESTADO = {
    EstadoSolicitud.RECIBIDA: "Recibida",
    EstadoSolicitud.CANALIZADA: "Canalizada",
    EstadoSolicitud.EN_ATENCION: "En atención",
    EstadoSolicitud.RESUELTA: "Resuelta",
    EstadoSolicitud.NO_PROCEDE: "No procede",
}
COLUMNAS = [
    "id",
    "folio",
    "recibida_en",
    "canal",
    "asunto",
    "localidad",
    "tema",
    "tema_nombre",
    "dependencia",
    "dependencia_correo",
    "estado",
    "vence_en",
    "cerrada_en",
    "enlace",
    "nota_id",
]


def folio(solicitud_id: int, recibida: dt.datetime) -> str:
    """Folio legible de la solicitud: AC-0012/2026."""
    return f"AC-{solicitud_id:04d}/{recibida.year}"


def solicitudes(
    s: Session,
    *,
    datos_personales: bool = False,
    estado: EstadoSolicitud | None = None,
    desde: dt.datetime | None = None,
    hasta: dt.datetime | None = None,
) -> pd.DataFrame:
    """Solicitudes, la más reciente primero; el contacto sólo si se pide (roles que lo usan)."""
    consulta = (
        select(Solicitud, Dependencia.nombre, Dependencia.correo)
        .outerjoin(Dependencia, Solicitud.dependencia_id == Dependencia.id)
        .order_by(Solicitud.recibida_en.desc(), Solicitud.id.desc())
    )
    if estado is not None:
        consulta = consulta.where(Solicitud.estado == estado)
    if desde is not None:
        consulta = consulta.where(Solicitud.recibida_en >= desde)
    if hasta is not None:
        consulta = consulta.where(Solicitud.recibida_en < hasta)
    columnas = COLUMNAS + (list(CAMPOS_CONTACTO) if datos_personales else [])
    filas = [_fila(sol, dep, correo, datos_personales) for sol, dep, correo in s.execute(consulta)]
    return pd.DataFrame(filas, columns=columnas)


def _fila(
    sol: Solicitud, dependencia: str | None, correo: str | None, personales: bool
) -> dict[str, object]:
    """Una solicitud como renglón."""
    catalogo = temas()
    fila: dict[str, object] = {
        "id": sol.id,
        "folio": folio(sol.id, sol.recibida_en),
        "recibida_en": sol.recibida_en,
        "canal": sol.canal.value,
        "asunto": sol.asunto,
        "localidad": sol.localidad,
        "tema": sol.tema,
        "tema_nombre": catalogo[sol.tema].nombre if sol.tema in catalogo else sol.tema,
        "dependencia": dependencia,
        "dependencia_correo": correo,
        "estado": sol.estado.value,
        "vence_en": sol.vence_en,
        "cerrada_en": sol.cerrada_en,
        "enlace": sol.enlace,
        "nota_id": sol.nota_id,
    }
    if personales:
        fila.update({c: getattr(sol, c) for c in CAMPOS_CONTACTO})
    return fila


def notas_negativas_sin_solicitud(s: Session, desde: dt.datetime, limite: int = 5) -> pd.DataFrame:
    """Notas negativas recientes que aún no originaron una solicitud (para crearla de un clic)."""
    con_solicitud = select(Solicitud.nota_id).where(Solicitud.nota_id.is_not(None))
    consulta = (
        select(Nota.id, Nota.titulo, Medio.nombre, Nota.fecha_publicacion)
        .join(Medio, Nota.medio_id == Medio.id)
        .where(
            tono_efectivo_sql() == Tono.NEGATIVO,
            # Cada rama por su índice (fecha de publicación, o sin ella la de captura): con
            # `coalesce` se recorría el millón de notas.
            or_(
                Nota.fecha_publicacion >= desde,
                and_(Nota.fecha_publicacion.is_(None), Nota.fecha_captura >= desde),
            ),
            Nota.id.not_in(con_solicitud),
        )
        .order_by(func.coalesce(Nota.fecha_publicacion, Nota.fecha_captura).desc())
        .limit(limite)
    )
    filas = s.execute(consulta).all()
    return pd.DataFrame(filas, columns=["nota_id", "titulo", "medio", "fecha"])


def dependencias(s: Session) -> list[str]:
    """Nombres de las dependencias activas."""
    consulta = select(Dependencia.nombre).where(Dependencia.activa.is_(True))
    return list(s.scalars(consulta.order_by(Dependencia.nombre)))
