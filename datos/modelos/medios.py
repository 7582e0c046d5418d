"""Medios, sus contactos, sus fuentes de recolección y sus convenios."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from datos.modelos.base import (
    Ambito,
    Base,
    Json,
    TipoAudiencia,
    TipoFuente,
    TipoMedio,
    ahora,
    catalogo,
)

if TYPE_CHECKING:
    from datos.modelos.notas import Nota


class Medio(Base):
    """Un medio de comunicación con sus datos de padrón."""

    __tablename__ = "medio"

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(unique=True)
    tipo: Mapped[TipoMedio] = mapped_column(catalogo(TipoMedio, "tipo_medio"))
    ambito: Mapped[Ambito] = mapped_column(catalogo(Ambito, "ambito"))
    sitio_web: Mapped[str | None]
    # Audiencia *potencial* declarada; siempre con su tipo, fuente y fecha para que sea creíble.
    audiencia: Mapped[int | None]
    audiencia_tipo: Mapped[TipoAudiencia | None] = mapped_column(
        catalogo(TipoAudiencia, "tipo_audiencia")
    )
    audiencia_fuente: Mapped[str | None]
    audiencia_fecha: Mapped[dt.date | None]
    cobertura_geografica: Mapped[str | None]
    # Campos de padrón (Ley General de Comunicación Social, art. 35; padrones estatales).
    razon_social: Mapped[str | None]
    rfc: Mapped[str | None]
    registro_padron: Mapped[str | None]
    tarifas: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    publico_objetivo: Mapped[str | None]
    clasificacion_contenidos: Mapped[str | None]
    fundado: Mapped[dt.date | None]
    activo: Mapped[bool] = mapped_column(default=True)
    observaciones: Mapped[str | None] = mapped_column(Text)
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    contactos: Mapped[list[Contacto]] = relationship(
        back_populates="medio", cascade="all, delete-orphan"
    )
    fuentes: Mapped[list[Fuente]] = relationship(
        back_populates="medio", cascade="all, delete-orphan"
    )
    convenios: Mapped[list[Convenio]] = relationship(back_populates="medio")
    notas: Mapped[list[Nota]] = relationship(back_populates="medio")

    __table_args__ = (CheckConstraint("audiencia IS NULL OR audiencia >= 0", name="audiencia"),)


class Contacto(Base):
    """Persona de un medio a quien se envían boletines e invitaciones."""

    __tablename__ = "contacto"

    id: Mapped[int] = mapped_column(primary_key=True)
    medio_id: Mapped[int] = mapped_column(ForeignKey("medio.id", ondelete="CASCADE"), index=True)
    nombre: Mapped[str]
    cargo: Mapped[str | None]
    correo: Mapped[str | None]
    telefono: Mapped[str | None]
    recibe_boletines: Mapped[bool] = mapped_column(default=True)
    recibe_invitaciones: Mapped[bool] = mapped_column(default=True)
    activo: Mapped[bool] = mapped_column(default=True)
    # Un rebote en el buzón marca la dirección como fallida (con el motivo del servidor).
    correo_falla: Mapped[str | None] = mapped_column(Text)
    correo_falla_en: Mapped[dt.datetime | None]

    medio: Mapped[Medio] = relationship(back_populates="contactos")

    __table_args__ = (UniqueConstraint("medio_id", "correo"),)


class Fuente(Base):
    """Punto de recolección de un medio, con su estado de salud y de GET condicional."""

    __tablename__ = "fuente"

    id: Mapped[int] = mapped_column(primary_key=True)
    medio_id: Mapped[int] = mapped_column(ForeignKey("medio.id", ondelete="CASCADE"), index=True)
    tipo: Mapped[TipoFuente] = mapped_column(catalogo(TipoFuente, "tipo_fuente"))
    url: Mapped[str] = mapped_column(unique=True)
    intervalo_minutos: Mapped[int] = mapped_column(default=60)
    activa: Mapped[bool] = mapped_column(default=True)
    # Para secciones: expresión regular de los enlaces a notas; para sitios difíciles, selectores.
    patron_enlaces: Mapped[str | None]
    selectores: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    # GET condicional: lo que el servidor respondió la última vez.
    etag: Mapped[str | None]
    ultima_modificacion: Mapped[str | None]
    # Salud.
    ultimo_intento: Mapped[dt.datetime | None]
    ultimo_exito: Mapped[dt.datetime | None]
    ultimo_error: Mapped[dt.datetime | None]
    motivo_error: Mapped[str | None] = mapped_column(Text)
    fallas_consecutivas: Mapped[int] = mapped_column(default=0)
    proximo_intento: Mapped[dt.datetime | None]
    notas_totales: Mapped[int] = mapped_column(default=0)
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    medio: Mapped[Medio] = relationship(back_populates="fuentes")

    __table_args__ = (
        CheckConstraint("intervalo_minutos > 0", name="intervalo"),
        CheckConstraint("fallas_consecutivas >= 0", name="fallas"),
    )


class Convenio(Base):
    """Contrato de difusión pagado con un medio: montos, vigencia y entregables."""

    __tablename__ = "convenio"

    id: Mapped[int] = mapped_column(primary_key=True)
    medio_id: Mapped[int] = mapped_column(ForeignKey("medio.id", ondelete="RESTRICT"), index=True)
    numero: Mapped[str] = mapped_column(unique=True)
    concepto: Mapped[str]
    campana: Mapped[str | None]
    area_solicitante: Mapped[str | None]
    tipo_servicio: Mapped[str | None]
    monto_sin_iva: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    iva: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    monto_total: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    vigencia_inicio: Mapped[dt.date]
    vigencia_fin: Mapped[dt.date]
    # Entregables mensuales acordados.
    notas_mes: Mapped[int] = mapped_column(default=0)
    spots_mes: Mapped[int] = mapped_column(default=0)
    banners_mes: Mapped[int] = mapped_column(default=0)
    inserciones_mes: Mapped[int] = mapped_column(default=0)
    observaciones: Mapped[str | None] = mapped_column(Text)
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    medio: Mapped[Medio] = relationship(back_populates="convenios")

    __table_args__ = (
        CheckConstraint("vigencia_fin >= vigencia_inicio", name="vigencia"),
        CheckConstraint("monto_total >= 0 AND monto_sin_iva >= 0 AND iva >= 0", name="montos"),
    )
