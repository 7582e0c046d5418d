"""Buzón oficial: correos recibidos por IMAP, su clasificación y las dependencias que escriben."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from datos.modelos.base import Base, Json, ahora, catalogo


class CategoriaCorreo(enum.StrEnum):
    """Qué es un correo del buzón (el personal puede corregirlo)."""

    RESPUESTA_INVITACION = "respuesta_invitacion"
    AGENDA = "agenda"
    ADJUNTOS = "adjuntos"
    REBOTE = "rebote"
    AUTOMATICA = "automatica"
    OTRO = "otro"


class Dependencia(Base):
    """Área del Ayuntamiento que envía avisos y agendas, y recibe solicitudes canalizadas."""

    __tablename__ = "dependencia"

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(unique=True)
    # Contacto de la dependencia: a quien se le recuerdan las solicitudes por vencer.
    correo: Mapped[str | None]
    responsable: Mapped[str | None]
    activa: Mapped[bool] = mapped_column(default=True)
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)


class Correo(Base):
    """Un mensaje del buzón oficial, guardado tal cual llegó y clasificado con su motivo."""

    __tablename__ = "correo"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Idempotencia: "mid:<Message-ID>" o, si no trae, "uid:<carpeta>:<uidvalidity>:<uid>".
    clave: Mapped[str] = mapped_column(unique=True)
    carpeta: Mapped[str] = mapped_column(default="INBOX")
    uidvalidity: Mapped[int | None]
    uid: Mapped[int | None]
    message_id: Mapped[str | None] = mapped_column(index=True)
    remitente: Mapped[str] = mapped_column(default="")
    remitente_nombre: Mapped[str | None]
    asunto: Mapped[str] = mapped_column(Text, default="")
    fecha: Mapped[dt.datetime | None]
    recibido_en: Mapped[dt.datetime] = mapped_column(default=ahora)
    texto: Mapped[str] = mapped_column(Text, default="")
    categoria: Mapped[CategoriaCorreo] = mapped_column(
        catalogo(CategoriaCorreo, "categoria_correo")
    )
    motivo: Mapped[str] = mapped_column(Text, default="")
    corregido_por: Mapped[str | None]
    # Lo que se toleró al leerlo: MIME mal formado, juego de caracteres, adjunto omitido...
    problemas: Mapped[list[str]] = mapped_column(Json, default=list)
    # [{"nombre", "tipo", "tamano", "recurso_id", "motivo"}]
    adjuntos: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    respuesta: Mapped[str | None]
    invitacion_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitacion.id", ondelete="SET NULL")
    )
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("evento.id", ondelete="SET NULL"))
    contacto_id: Mapped[int | None] = mapped_column(ForeignKey("contacto.id", ondelete="SET NULL"))
    dependencia_id: Mapped[int | None] = mapped_column(
        ForeignKey("dependencia.id", ondelete="SET NULL")
    )
    # El mensaje crudo (.eml) en el directorio de datos: nunca se pierde aunque no se entienda.
    archivo: Mapped[str]
    atendido: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        Index("ix_correo_categoria", "categoria"),
        Index("ix_correo_fecha", "fecha"),
    )
