"""Atención ciudadana (gestor social): solicitudes de la gente canalizadas a las dependencias."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from datos.modelos.base import Base, ahora, catalogo


class CanalSolicitud(enum.StrEnum):
    """Por dónde llegó la solicitud."""

    VENTANILLA = "ventanilla"
    TELEFONO = "telefono"
    FACEBOOK = "facebook"
    WHATSAPP = "whatsapp"
    CORREO = "correo"
    EVENTO = "evento"
    NOTA = "nota"


class EstadoSolicitud(enum.StrEnum):
    """recibida → canalizada → en atención → resuelta | no procede."""

    RECIBIDA = "recibida"
    CANALIZADA = "canalizada"
    EN_ATENCION = "en_atencion"
    RESUELTA = "resuelta"
    NO_PROCEDE = "no_procede"


class Solicitud(Base):
    """Petición o queja de una persona, con su plazo y la dependencia que la atiende."""

    __tablename__ = "solicitud"

    id: Mapped[int] = mapped_column(primary_key=True)
    canal: Mapped[CanalSolicitud] = mapped_column(catalogo(CanalSolicitud, "canal_solicitud"))
    asunto: Mapped[str] = mapped_column(Text)
    descripcion: Mapped[str | None] = mapped_column(Text)
    localidad: Mapped[str | None]
    tema: Mapped[str]
    dependencia_id: Mapped[int | None] = mapped_column(
        ForeignKey("dependencia.id", ondelete="SET NULL"), index=True
    )
    estado: Mapped[EstadoSolicitud] = mapped_column(
        catalogo(EstadoSolicitud, "estado_solicitud"), default=EstadoSolicitud.RECIBIDA
    )
    recibida_en: Mapped[dt.datetime] = mapped_column(default=ahora)
    vence_en: Mapped[dt.date]
    cerrada_en: Mapped[dt.datetime | None]
    respuesta: Mapped[str | None] = mapped_column(Text)
    # Prueba cuando nace de una nota o publicación negativa.
    nota_id: Mapped[int | None] = mapped_column(ForeignKey("nota.id", ondelete="SET NULL"))
    enlace: Mapped[str | None]
    # Datos personales (ley general de protección de datos en posesión de sujetos obligados):
    # sólo los ven los roles que los necesitan y se borran al vencer el plazo de conservación.
    contacto_nombre: Mapped[str | None]
    contacto_telefono: Mapped[str | None]
    contacto_correo: Mapped[str | None]
    datos_borrados_en: Mapped[dt.datetime | None]
    ultimo_recordatorio: Mapped[dt.date | None]
    creada_por: Mapped[str]

    __table_args__ = (
        Index("ix_solicitud_estado", "estado"),
        CheckConstraint("length(asunto) > 0", name="asunto"),
    )
