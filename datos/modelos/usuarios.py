"""Usuarios del tablero y bitácora de cambios."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from datos.modelos.base import Base, Json, Rol, ahora, catalogo


class Usuario(Base):
    """Persona con acceso al tablero y su rol."""

    __tablename__ = "usuario"

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(unique=True)
    nombre_completo: Mapped[str | None]
    correo: Mapped[str | None]
    rol: Mapped[Rol] = mapped_column(catalogo(Rol, "rol"))
    # Hash argon2id; nunca la contraseña.
    hash_contrasena: Mapped[str]
    activo: Mapped[bool] = mapped_column(default=True)
    intentos_fallidos: Mapped[int] = mapped_column(default=0)
    bloqueado_hasta: Mapped[dt.datetime | None]
    ultimo_acceso: Mapped[dt.datetime | None]
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)


class Bitacora(Base):
    """Registro de auditoría: quién cambió qué, cuándo, de qué valor a cuál."""

    __tablename__ = "bitacora"

    id: Mapped[int] = mapped_column(primary_key=True)
    momento: Mapped[dt.datetime] = mapped_column(default=ahora)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id", ondelete="SET NULL"))
    # Se conserva el nombre aunque el usuario se borre después.
    usuario_nombre: Mapped[str]
    accion: Mapped[str]
    entidad: Mapped[str]
    entidad_id: Mapped[int | None]
    # {"campo": [antes, después]}
    cambios: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    # La entrada que esta revierte («deshacer»). Sin clave foránea a propósito: la bitácora es
    # de sólo agregar y así una entrada nunca bloquea ni arrastra a otra.
    revierte_id: Mapped[int | None]

    __table_args__ = (
        Index("ix_bitacora_momento", "momento"),
        Index("ix_bitacora_entidad", "entidad", "entidad_id"),
        Index("ix_bitacora_revierte", "revierte_id"),
    )
