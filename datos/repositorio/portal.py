"""Formatos del portal de transparencia: alta y resultado de cada revisión."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.vigencia import EstadoVigencia, Periodicidad
from datos.modelos import FormatoPortal
from datos.repositorio.bitacora import cambiar, registrar

# Los motivos se recortan para que un mensaje de error largo no llene la tabla.
LARGO_MAXIMO_MOTIVO = 500
# Lo que un 304 o una falla no traen: se conserva lo de la revisión anterior (con un 200 no).
_CONSERVADOS = (
    "etag",
    "ultima_modificacion",
    "periodo_inicio",
    "periodo_fin",
    "actualizado",
    "origen_fechas",
)


class FormatoInvalido(ValueError):
    """El formato no se puede registrar; el mensaje dice por qué."""


@dataclass(frozen=True)
class Revision:
    """Lo que dejó una revisión de un formato (sin red ni archivos: sólo datos)."""

    estado: EstadoVigencia
    motivo: str
    revisado_en: dt.datetime
    etag: str | None = None
    ultima_modificacion: str | None = None
    periodo_inicio: dt.date | None = None
    periodo_fin: dt.date | None = None
    actualizado: dt.date | None = None
    origen_fechas: str | None = None
    limite: dt.date | None = None
    # True si el servidor mandó el archivo (200): sus fechas reemplazan todas las anteriores.
    nuevo: bool = False


def periodicidad(texto: str) -> Periodicidad:
    """Periodicidad a partir del texto del usuario; FormatoInvalido con las opciones si no es."""
    try:
        return Periodicidad(texto.strip().lower())
    except ValueError as exc:
        opciones = ", ".join(p.value for p in Periodicidad)
        raise FormatoInvalido(f"periodicidad «{texto}» no válida: use {opciones}") from exc


def agregar_formato(
    s: Session, *, url: str, fraccion: str, periodo: str, usuario: str, nombre: str | None = None
) -> FormatoPortal:
    """Registra un formato del portal; FormatoInvalido si ya estaba o faltan datos."""
    if not fraccion.strip():
        raise FormatoInvalido("falta la fracción (p. ej. «XXIX»)")
    cada = periodicidad(periodo)
    if s.scalar(select(FormatoPortal.id).where(FormatoPortal.url == url.strip())) is not None:
        raise FormatoInvalido(f"el formato {url} ya está registrado")
    formato = FormatoPortal(
        url=url.strip(), fraccion=fraccion.strip(), nombre=nombre, periodicidad=cada
    )
    s.add(formato)
    s.flush()
    registrar(s, usuario, "crear", FormatoPortal.__tablename__, formato.id, {"url": [None, url]})
    return formato


def vigilar(s: Session, url: str, activo: bool, usuario: str) -> FormatoPortal:
    """Deja de vigilar un formato (o lo vuelve a vigilar), con su entrada en la bitácora."""
    formato = s.scalar(select(FormatoPortal).where(FormatoPortal.url == url.strip()))
    if formato is None:
        raise FormatoInvalido(f"no hay un formato registrado con la URL {url}")
    cambiar(s, usuario, formato, {"activo": activo})
    s.flush()
    return formato


def formatos_activos(s: Session) -> list[FormatoPortal]:
    """Formatos activos en orden de alta."""
    consulta = select(FormatoPortal).where(FormatoPortal.activo.is_(True))
    return list(s.scalars(consulta.order_by(FormatoPortal.id)))


def anotar_revision(s: Session, formato_id: int, revision: Revision) -> FormatoPortal:
    """Guarda el resultado de una revisión; en un 304 conserva ETag y fechas anteriores."""
    formato = s.get_one(FormatoPortal, formato_id)
    formato.estado = revision.estado
    formato.motivo = revision.motivo[:LARGO_MAXIMO_MOTIVO]
    formato.revisado_en = revision.revisado_en
    formato.limite = revision.limite
    for campo in _CONSERVADOS:
        if revision.nuevo or getattr(revision, campo) is not None:
            setattr(formato, campo, getattr(revision, campo))
    s.flush()
    return formato


def marcar_alertados(s: Session, formato_ids: list[int]) -> None:
    """Anota el plazo ya alertado de cada formato para no repetir el correo."""
    for formato in s.scalars(select(FormatoPortal).where(FormatoPortal.id.in_(formato_ids))):
        formato.alertado_limite = formato.limite
    s.flush()
