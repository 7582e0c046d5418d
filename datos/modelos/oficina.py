"""Trabajo de la oficina: boletines, envíos, agenda, invitaciones y banco de medios."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from datos.modelos.base import (
    Base,
    EstadoBoletin,
    EstadoEnvio,
    EstadoEvento,
    Json,
    RespuestaInvitacion,
    TipoEnvio,
    TipoRecurso,
    ahora,
    catalogo,
)

if TYPE_CHECKING:
    from datos.modelos.medios import Contacto, Medio
    from datos.modelos.notas import Retoma
    from datos.modelos.usuarios import Usuario

boletin_recurso = Table(
    "boletin_recurso",
    Base.metadata,
    Column("boletin_id", ForeignKey("boletin.id", ondelete="CASCADE"), primary_key=True),
    Column("recurso_id", ForeignKey("recurso.id", ondelete="CASCADE"), primary_key=True),
)


class Boletin(Base):
    """Comunicado oficial con número consecutivo por año (045/2026)."""

    __tablename__ = "boletin"

    id: Mapped[int] = mapped_column(primary_key=True)
    numero: Mapped[int]
    anio: Mapped[int]
    fecha_emision: Mapped[dt.datetime]
    lugar: Mapped[str | None]
    titular: Mapped[str] = mapped_column(Text)
    entradilla: Mapped[str] = mapped_column(Text)
    cuerpo: Mapped[str] = mapped_column(Text)
    citas: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    area: Mapped[str | None]
    tema: Mapped[str | None]
    estado: Mapped[EstadoBoletin] = mapped_column(
        catalogo(EstadoBoletin, "estado_boletin"), default=EstadoBoletin.BORRADOR
    )
    autor_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id", ondelete="SET NULL"))
    autor_nombre: Mapped[str | None]
    aprobado_por_id: Mapped[int | None] = mapped_column(
        ForeignKey("usuario.id", ondelete="SET NULL")
    )
    # sha256 del texto que la directora aprobó (repositorio.boletines.version).
    version_aprobada: Mapped[str | None]
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("evento.id", ondelete="SET NULL"))
    enviado_en: Mapped[dt.datetime | None]
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)
    actualizado_en: Mapped[dt.datetime] = mapped_column(default=ahora, onupdate=ahora)
    # Análisis incremental: hash del texto la última vez que se emparejó.
    hash_analizado: Mapped[str | None]

    retomas: Mapped[list[Retoma]] = relationship(back_populates="boletin")
    envios: Mapped[list[Envio]] = relationship(back_populates="boletin")
    evento: Mapped[Evento | None] = relationship(back_populates="boletines")
    recursos: Mapped[list[Recurso]] = relationship(secondary=boletin_recurso)
    autor: Mapped[Usuario | None] = relationship(foreign_keys=[autor_id])

    __table_args__ = (
        UniqueConstraint("anio", "numero"),
        # Tres cifras en Tampacán (045/2026); una oficina estatal pasa de mil boletines al año.
        CheckConstraint("numero > 0 AND numero < 10000", name="numero"),
        Index("ix_boletin_fecha_emision", "fecha_emision"),
    )

    @property
    def folio(self) -> str:
        """Número oficial, p. ej. 045/2026."""
        return f"{self.numero:03d}/{self.anio}"

    @property
    def texto(self) -> str:
        """Entradilla y cuerpo, el texto que se busca en las notas."""
        return f"{self.entradilla}\n\n{self.cuerpo}".strip()


class Envio(Base):
    """Un boletín o una invitación enviados a un contacto, con su resultado."""

    __tablename__ = "envio"

    id: Mapped[int] = mapped_column(primary_key=True)
    tipo: Mapped[TipoEnvio] = mapped_column(catalogo(TipoEnvio, "tipo_envio"))
    boletin_id: Mapped[int | None] = mapped_column(
        ForeignKey("boletin.id", ondelete="CASCADE"), index=True
    )
    invitacion_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitacion.id", ondelete="CASCADE")
    )
    medio_id: Mapped[int] = mapped_column(ForeignKey("medio.id", ondelete="RESTRICT"), index=True)
    contacto_id: Mapped[int | None] = mapped_column(ForeignKey("contacto.id", ondelete="SET NULL"))
    correo: Mapped[str]
    # Idempotencia: "boletin:12:contacto:5"; un reintento nunca envía dos veces.
    clave: Mapped[str] = mapped_column(unique=True)
    estado: Mapped[EstadoEnvio] = mapped_column(
        catalogo(EstadoEnvio, "estado_envio"), default=EstadoEnvio.PENDIENTE
    )
    motivo: Mapped[str | None] = mapped_column(Text)
    intentos: Mapped[int] = mapped_column(default=0)
    id_mensaje: Mapped[str | None]
    enviado_en: Mapped[dt.datetime | None]
    confirmado_por_id: Mapped[int | None] = mapped_column(
        ForeignKey("usuario.id", ondelete="SET NULL")
    )
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    boletin: Mapped[Boletin | None] = relationship(back_populates="envios")
    medio: Mapped[Medio] = relationship()
    contacto: Mapped[Contacto | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(tipo = 'boletin' AND boletin_id IS NOT NULL) OR "
            "(tipo = 'invitacion' AND invitacion_id IS NOT NULL)",
            name="objeto",
        ),
    )


class Evento(Base):
    """Actividad de la agenda de la presidenta o de las dependencias."""

    __tablename__ = "evento"

    id: Mapped[int] = mapped_column(primary_key=True)
    titulo: Mapped[str]
    descripcion: Mapped[str | None] = mapped_column(Text)
    inicio: Mapped[dt.datetime]
    fin: Mapped[dt.datetime | None]
    lugar: Mapped[str | None]
    localidad: Mapped[str | None]
    dependencia: Mapped[str | None]
    responsable: Mapped[str | None]
    tipo: Mapped[str | None]
    prioridad: Mapped[int] = mapped_column(default=3)
    prioridad_sugerida: Mapped[int | None]
    estado: Mapped[EstadoEvento] = mapped_column(
        catalogo(EstadoEvento, "estado_evento"), default=EstadoEvento.PROPUESTO
    )
    # {"foto": "nombre de quien cubre", "video": ..., "audio": ...}
    cobertura: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    invitaciones: Mapped[list[Invitacion]] = relationship(
        back_populates="evento", cascade="all, delete-orphan"
    )
    boletines: Mapped[list[Boletin]] = relationship(back_populates="evento")

    __table_args__ = (
        CheckConstraint("prioridad BETWEEN 1 AND 5", name="prioridad"),
        CheckConstraint("fin IS NULL OR fin >= inicio", name="horario"),
        Index("ix_evento_inicio", "inicio"),
    )


class Invitacion(Base):
    """Convocatoria a un medio para cubrir un evento, con respuesta y asistencia."""

    __tablename__ = "invitacion"

    id: Mapped[int] = mapped_column(primary_key=True)
    evento_id: Mapped[int] = mapped_column(ForeignKey("evento.id", ondelete="CASCADE"))
    medio_id: Mapped[int] = mapped_column(ForeignKey("medio.id", ondelete="RESTRICT"), index=True)
    contacto_id: Mapped[int | None] = mapped_column(ForeignKey("contacto.id", ondelete="SET NULL"))
    enviada_en: Mapped[dt.datetime | None]
    respuesta: Mapped[RespuestaInvitacion] = mapped_column(
        catalogo(RespuestaInvitacion, "respuesta_invitacion"),
        default=RespuestaInvitacion.SIN_RESPUESTA,
    )
    asistio: Mapped[bool | None]
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    evento: Mapped[Evento] = relationship(back_populates="invitaciones")
    medio: Mapped[Medio] = relationship()

    __table_args__ = (UniqueConstraint("evento_id", "medio_id"),)


class Recurso(Base):
    """Archivo del banco de medios, guardado por contenido."""

    __tablename__ = "recurso"

    id: Mapped[int] = mapped_column(primary_key=True)
    tipo: Mapped[TipoRecurso] = mapped_column(catalogo(TipoRecurso, "tipo_recurso"))
    nombre_archivo: Mapped[str]
    sha256: Mapped[str] = mapped_column(unique=True)
    ruta: Mapped[str]
    tipo_mime: Mapped[str]
    tamano: Mapped[int]
    ancho: Mapped[int | None]
    alto: Mapped[int | None]
    fecha_toma: Mapped[dt.datetime | None]
    autor: Mapped[str | None]
    descripcion: Mapped[str | None] = mapped_column(Text)
    etiquetas: Mapped[list[str]] = mapped_column(Json, default=list)
    # Hash perceptual (pHash) para reconocer nuestras fotos en las notas.
    hash_perceptual: Mapped[str | None] = mapped_column(index=True)
    miniatura: Mapped[str | None]
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("evento.id", ondelete="SET NULL"))
    subido_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id", ondelete="SET NULL"))
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    __table_args__ = (CheckConstraint("tamano >= 0", name="tamano"),)


class SintesisDia(Base):
    """La edición de la síntesis de un día: qué se excluye, en qué orden, nota y envío."""

    __tablename__ = "sintesis_dia"

    id: Mapped[int] = mapped_column(primary_key=True)
    fecha: Mapped[dt.date] = mapped_column(unique=True)
    # Ids de nota: las excluidas no salen; `orden` lista las primeras notas de cada entrada
    # en el orden elegido (lo que no está en la lista sigue en el orden automático).
    excluidas: Mapped[list[int]] = mapped_column(Json, default=list)
    orden: Mapped[list[int]] = mapped_column(Json, default=list)
    nota_editorial: Mapped[str | None] = mapped_column(Text)
    actualizada_en: Mapped[dt.datetime] = mapped_column(default=ahora)
    enviada_en: Mapped[dt.datetime | None]
    # Ruta del PDF archivado (relativa al directorio de datos) tal como se envió.
    archivo: Mapped[str | None]
