"""La página de Facebook del Ayuntamiento: calendario de publicaciones e insights mensuales."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from datos.modelos.base import Base, Json, ahora, catalogo

if TYPE_CHECKING:
    from datos.modelos.oficina import Boletin, Recurso


class EstadoPublicacion(enum.StrEnum):
    """Flujo de una publicación: nada sale a la página sin aprobación de la directora."""

    BORRADOR = "borrador"
    EN_REVISION = "en_revision"
    APROBADA = "aprobada"
    PUBLICADA = "publicada"
    FALLIDA = "fallida"
    CANCELADA = "cancelada"


publicacion_recurso = Table(
    "publicacion_recurso",
    Base.metadata,
    Column(
        "publicacion_id",
        ForeignKey("publicacion_facebook.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("recurso_id", ForeignKey("recurso.id", ondelete="RESTRICT"), primary_key=True),
)


class PublicacionFacebook(Base):
    """Una publicación de la página: texto, fotos del banco, fecha programada y resultado."""

    __tablename__ = "publicacion_facebook"

    id: Mapped[int] = mapped_column(primary_key=True)
    boletin_id: Mapped[int | None] = mapped_column(
        ForeignKey("boletin.id", ondelete="SET NULL"), index=True
    )
    texto: Mapped[str] = mapped_column(Text)
    programada_para: Mapped[dt.datetime] = mapped_column(index=True)
    estado: Mapped[EstadoPublicacion] = mapped_column(
        catalogo(EstadoPublicacion, "estado_publicacion"), default=EstadoPublicacion.BORRADOR
    )
    # Lo que devuelve la Graph API al publicar: id «PAGINA_PUBLICACION» y su enlace permanente.
    id_facebook: Mapped[str | None] = mapped_column(unique=True)
    enlace: Mapped[str | None]
    # Motivo legible (en español) del último intento fallido.
    error: Mapped[str | None] = mapped_column(Text)
    intentos: Mapped[int] = mapped_column(default=0)
    # Quién publica la aparta por unos minutos: el servicio y la CLI no la publican dos veces.
    reservada_en: Mapped[dt.datetime | None]
    aprobado_por_id: Mapped[int | None] = mapped_column(
        ForeignKey("usuario.id", ondelete="SET NULL")
    )
    # sha256 de lo aprobado (texto, fotos, hora): si cambia, la aprobación no vale.
    version_aprobada: Mapped[str | None]
    aprobada_en: Mapped[dt.datetime | None]
    publicada_en: Mapped[dt.datetime | None]
    creado_por: Mapped[str | None]
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)
    actualizado_en: Mapped[dt.datetime] = mapped_column(default=ahora, onupdate=ahora)

    boletin: Mapped[Boletin | None] = relationship()
    recursos: Mapped[list[Recurso]] = relationship(
        secondary=publicacion_recurso, order_by="Recurso.id"
    )

    __table_args__ = (CheckConstraint("intentos >= 0", name="intentos"),)


class InsightsPagina(Base):
    """Cifras de un mes de la página (exportación de Meta Business Suite)."""

    __tablename__ = "insights_pagina"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Primer día del mes que cubren las cifras.
    mes: Mapped[dt.date] = mapped_column(unique=True)
    # Personas únicas: con renglones diarios es el máximo de un día (cota inferior del mes).
    alcance: Mapped[int | None]
    interacciones: Mapped[int | None]
    seguidores: Mapped[int | None]
    # Rango de edad de Meta («13-17», «18-24», …, «65+») → seguidores o porcentaje, tal como vino;
    # las proporciones se calculan sobre la suma de los rangos.
    seguidores_por_edad: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    archivo: Mapped[str | None]
    importado_en: Mapped[dt.datetime] = mapped_column(default=ahora, onupdate=ahora)

    __table_args__ = (
        CheckConstraint("alcance IS NULL OR alcance >= 0", name="alcance"),
        CheckConstraint("interacciones IS NULL OR interacciones >= 0", name="interacciones"),
        CheckConstraint("seguidores IS NULL OR seguidores >= 0", name="seguidores"),
    )
