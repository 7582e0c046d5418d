"""Campañas de difusión, sus órdenes por medio (pauta) y la prueba de cada entrega."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Numeric,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from datos.modelos.base import Base, ahora, catalogo

if TYPE_CHECKING:
    from datos.modelos.medios import Convenio, Medio
    from datos.modelos.notas import Nota
    from datos.modelos.oficina import Recurso


class TipoOrden(enum.StrEnum):
    """Qué se contrató en una orden de la pauta."""

    SPOT = "spot"
    INSERCION = "insercion"
    BANNER = "banner"


campana_recurso = Table(
    "campana_recurso",
    Base.metadata,
    Column("campana_id", ForeignKey("campana.id", ondelete="CASCADE"), primary_key=True),
    Column("recurso_id", ForeignKey("recurso.id", ondelete="CASCADE"), primary_key=True),
)


class Campana(Base):
    """Campaña de difusión: nombre, periodo, mensaje y materiales del banco de medios."""

    __tablename__ = "campana"

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(unique=True)
    inicio: Mapped[dt.date]
    fin: Mapped[dt.date]
    mensaje: Mapped[str] = mapped_column(Text, default="")
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    recursos: Mapped[list[Recurso]] = relationship(secondary=campana_recurso)
    ordenes: Mapped[list[Orden]] = relationship(
        back_populates="campana", cascade="all, delete-orphan", order_by="Orden.id"
    )

    __table_args__ = (CheckConstraint("fin >= inicio", name="periodo"),)


class Orden(Base):
    """Orden a un medio: spots (cantidad y horario), inserciones o banners, con su costo."""

    __tablename__ = "orden"

    id: Mapped[int] = mapped_column(primary_key=True)
    campana_id: Mapped[int] = mapped_column(
        ForeignKey("campana.id", ondelete="CASCADE"), index=True
    )
    medio_id: Mapped[int] = mapped_column(ForeignKey("medio.id", ondelete="RESTRICT"), index=True)
    convenio_id: Mapped[int | None] = mapped_column(ForeignKey("convenio.id", ondelete="SET NULL"))
    tipo: Mapped[TipoOrden] = mapped_column(catalogo(TipoOrden, "tipo_orden"))
    cantidad: Mapped[int]
    # Spots: franja de transmisión («07:00-09:00, noticiero matutino»).
    horario: Mapped[str | None]
    # Inserciones impresas: tamaño («1/4 de plana») y página o sección pedida.
    tamano: Mapped[str | None]
    pagina: Mapped[str | None]
    costo: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    campana: Mapped[Campana] = relationship(back_populates="ordenes")
    medio: Mapped[Medio] = relationship()
    convenio: Mapped[Convenio | None] = relationship()
    entregas: Mapped[list[Entrega]] = relationship(
        back_populates="orden", cascade="all, delete-orphan", order_by="Entrega.momento"
    )

    __table_args__ = (
        CheckConstraint("cantidad > 0", name="cantidad"),
        CheckConstraint("costo >= 0", name="costo"),
    )


class Entrega(Base):
    """Prueba de una entrega: un spot transmitido o una inserción publicada (nota como testigo)."""

    __tablename__ = "entrega"

    id: Mapped[int] = mapped_column(primary_key=True)
    orden_id: Mapped[int] = mapped_column(ForeignKey("orden.id", ondelete="CASCADE"), index=True)
    momento: Mapped[dt.datetime]
    programa: Mapped[str | None]
    duracion_segundos: Mapped[int | None]
    # Inserción impresa: la página ya recolectada que sirve de testigo.
    nota_id: Mapped[int | None] = mapped_column(ForeignKey("nota.id", ondelete="SET NULL"))
    # Banner web: la página del medio donde apareció y su captura PNG, guardada en el almacén de
    # testigos (ruta relativa, sha256 y bytes, como un Testigo; éste exige una nota y un banner
    # no lo es).
    url: Mapped[str | None]
    captura_ruta: Mapped[str | None]
    captura_sha256: Mapped[str | None]
    captura_tamano: Mapped[int | None]
    # manual, importacion, nota o captura: de dónde salió la prueba.
    origen: Mapped[str] = mapped_column(default="manual")
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    orden: Mapped[Orden] = relationship(back_populates="entregas")
    nota: Mapped[Nota | None] = relationship()

    # Mismo medio y mismo instante es la misma transmisión: reimportar la bitácora no duplica.
    __table_args__ = (UniqueConstraint("orden_id", "momento"),)
