"""Base declarativa, tipos compartidos y catálogos de valores."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Enum, MetaData, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Nombres de restricciones estables: Alembic genera migraciones idénticas en SQLite y PostgreSQL.
CONVENCION_NOMBRES = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def ahora() -> dt.datetime:
    """Momento actual en UTC, con zona."""
    return dt.datetime.now(dt.UTC)


class FechaHora(TypeDecorator[dt.datetime]):
    """Fecha y hora con zona: se guarda en UTC y se lee siempre con zona (SQLite no la conserva)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Rechaza fechas ingenuas y normaliza a UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("fecha sin zona horaria: use datetime con tzinfo")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        """Devuelve la fecha en UTC con zona."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


# JSONB en PostgreSQL (indexable), JSON en SQLite.
Json = JSON().with_variant(JSONB(), "postgresql")


def catalogo(clase: type[enum.Enum], nombre: str) -> Enum:
    """Columna de catálogo guardada como texto con CHECK (igual en SQLite y PostgreSQL)."""
    return Enum(
        clase,
        name=nombre,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda c: [m.value for m in c],
        length=20,
    )


class Base(DeclarativeBase):
    """Base de todos los modelos."""

    metadata = MetaData(naming_convention=CONVENCION_NOMBRES)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: FechaHora(),
        str: String(),
    }


class TipoMedio(enum.StrEnum):
    """Tipo de medio de comunicación."""

    IMPRESO = "impreso"
    DIGITAL = "digital"
    RADIO = "radio"
    TELEVISION = "television"
    RED_SOCIAL = "red_social"
    AGENCIA = "agencia"


class Ambito(enum.StrEnum):
    """Alcance geográfico de un medio o de una nota."""

    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    ESTATAL = "estatal"
    NACIONAL = "nacional"


class TipoAudiencia(enum.StrEnum):
    """Qué mide la audiencia potencial declarada."""

    TIRAJE = "tiraje"
    VISITANTES_MES = "visitantes_mes"
    AUDIENCIA = "audiencia"
    SEGUIDORES = "seguidores"


class TipoFuente(enum.StrEnum):
    """Estrategia de recolección."""

    RSS = "rss"
    SITEMAP = "sitemap"
    SECCION = "seccion"
    PDF = "pdf"
    FACEBOOK = "facebook"
    MANUAL = "manual"


class TipoCaptura(enum.StrEnum):
    """Cómo llegó una nota al sistema."""

    RSS = "rss"
    SITEMAP = "sitemap"
    SECCION = "seccion"
    PDF = "pdf"
    OCR = "ocr"
    RADIO = "radio"
    TELEVISION = "television"
    RED_SOCIAL = "red_social"
    MANUAL = "manual"
    IMPORTACION = "importacion"


class Tono(enum.StrEnum):
    """Actitud de la nota hacia el Ayuntamiento."""

    POSITIVO = "positivo"
    NEUTRAL = "neutral"
    NEGATIVO = "negativo"


class TipoTestigo(enum.StrEnum):
    """Clase de prueba de publicación."""

    HTML = "html"
    PDF = "pdf"
    IMAGEN = "imagen"
    AUDIO = "audio"
    CAPTURA = "captura"


class EstadoBoletin(enum.StrEnum):
    """Flujo de un boletín."""

    BORRADOR = "borrador"
    REVISION = "revision"
    APROBADO = "aprobado"
    ENVIADO = "enviado"


class NivelRetoma(enum.StrEnum):
    """Qué tanto de un boletín reproduce una nota."""

    INTEGRA = "integra"
    PARCIAL = "parcial"
    REESCRITA = "reescrita"


class EstadoRevision(enum.StrEnum):
    """Quién decidió una retoma o un tono."""

    AUTOMATICA = "automatica"
    CONFIRMADA = "confirmada"
    RECHAZADA = "rechazada"


class TipoEntidad(enum.StrEnum):
    """Qué se vigila en las menciones."""

    AYUNTAMIENTO = "ayuntamiento"
    FUNCIONARIO = "funcionario"
    DEPENDENCIA = "dependencia"
    PROGRAMA = "programa"
    LOCALIDAD = "localidad"


class TipoEnvio(enum.StrEnum):
    """Qué se envió a un contacto."""

    BOLETIN = "boletin"
    INVITACION = "invitacion"


class EstadoEnvio(enum.StrEnum):
    """Resultado de un envío por contacto."""

    PENDIENTE = "pendiente"
    ENVIADO = "enviado"
    FALLIDO = "fallido"
    REBOTADO = "rebotado"
    CONFIRMADO = "confirmado"


class EstadoEvento(enum.StrEnum):
    """Estado de un evento de la agenda."""

    PROPUESTO = "propuesto"
    CONFIRMADO = "confirmado"
    CUBIERTO = "cubierto"
    CANCELADO = "cancelado"


class RespuestaInvitacion(enum.StrEnum):
    """Respuesta de un medio a una invitación."""

    SIN_RESPUESTA = "sin_respuesta"
    CONFIRMADO = "confirmado"
    DECLINADO = "declinado"


class TipoRecurso(enum.StrEnum):
    """Clase de archivo del banco de medios."""

    FOTO = "foto"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENTO = "documento"


class Rol(enum.StrEnum):
    """Rol de un usuario del tablero."""

    DIRECTORA = "directora"
    PERSONAL = "personal"
    LECTURA = "lectura"
