"""Notas publicadas, sus testigos, sus retomas de boletines y sus menciones."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from datos.modelos.base import (
    Base,
    EstadoRevision,
    Json,
    NivelRetoma,
    TipoCaptura,
    TipoEntidad,
    TipoTestigo,
    Tono,
    ahora,
    catalogo,
)

if TYPE_CHECKING:
    from datos.modelos.medios import Convenio, Fuente, Medio
    from datos.modelos.oficina import Boletin
    from datos.modelos.usuarios import Usuario


class Nota(Base):
    """Pieza publicada por un medio: artículo web, página impresa, mención en radio/TV o redes."""

    __tablename__ = "nota"

    id: Mapped[int] = mapped_column(primary_key=True)
    medio_id: Mapped[int] = mapped_column(ForeignKey("medio.id", ondelete="RESTRICT"))
    fuente_id: Mapped[int | None] = mapped_column(ForeignKey("fuente.id", ondelete="SET NULL"))
    # Única: URL normalizada, o un URN estable (urn:monitoreo:...) para impresos, radio y TV.
    url_canonica: Mapped[str] = mapped_column(unique=True)
    url_original: Mapped[str | None]
    titulo: Mapped[str] = mapped_column(Text)
    texto: Mapped[str] = mapped_column(Text)
    resumen: Mapped[str | None] = mapped_column(Text)
    autor: Mapped[str | None]
    fecha_publicacion: Mapped[dt.datetime | None]
    fecha_captura: Mapped[dt.datetime] = mapped_column(default=ahora)
    tipo_captura: Mapped[TipoCaptura] = mapped_column(catalogo(TipoCaptura, "tipo_captura"))
    seccion: Mapped[str | None]
    # Sección de la síntesis elegida por el personal (gana a la detectada); None = automática.
    seccion_sintesis: Mapped[str | None]
    pagina: Mapped[int | None]
    programa: Mapped[str | None]
    duracion_segundos: Mapped[int | None]
    hash_contenido: Mapped[str] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(default=1)
    imagenes: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    metricas: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    # Tono calculado y tono confirmado por el personal (éste siempre gana).
    tono: Mapped[Tono | None] = mapped_column(catalogo(Tono, "tono"))
    tono_puntaje: Mapped[float | None] = mapped_column(Float)
    tono_frases: Mapped[list[str]] = mapped_column(Json, default=list)
    tono_confirmado: Mapped[Tono | None] = mapped_column(catalogo(Tono, "tono_confirmado"))
    tono_revisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("usuario.id", ondelete="SET NULL")
    )
    temas: Mapped[list[str]] = mapped_column(Json, default=list)
    # Pagada (dentro de un convenio) o ganada; None = sin clasificar.
    pagada: Mapped[bool | None]
    convenio_id: Mapped[int | None] = mapped_column(ForeignKey("convenio.id", ondelete="SET NULL"))
    # Análisis incremental: hash del contenido la última vez que se analizó.
    hash_analizado: Mapped[str | None]
    analizada_en: Mapped[dt.datetime | None]
    # Última vez que se volvió a pedir por una edición declarada (feed o sitemap): espacia las
    # revisiones de una nota aunque el medio la marque como actualizada en cada rastreo.
    revisada_en: Mapped[dt.datetime | None]

    medio: Mapped[Medio] = relationship(back_populates="notas")
    fuente: Mapped[Fuente | None] = relationship()
    convenio: Mapped[Convenio | None] = relationship()
    testigos: Mapped[list[Testigo]] = relationship(
        back_populates="nota", cascade="all, delete-orphan"
    )
    retomas: Mapped[list[Retoma]] = relationship(
        back_populates="nota", cascade="all, delete-orphan"
    )
    menciones: Mapped[list[Mencion]] = relationship(
        back_populates="nota", cascade="all, delete-orphan"
    )
    tono_revisor: Mapped[Usuario | None] = relationship()

    __table_args__ = (
        Index("ix_nota_medio_fecha", "medio_id", "fecha_publicacion"),
        # Periodo y tono juntos: el conteo por tono del Resumen y la ventana de la cola de
        # Revisión (con puntaje y medio) se resuelven sólo con el índice, sin leer las notas.
        # Parcial (sólo notas fechadas): si no, SQLite lo elegía para `fecha_publicacion IS
        # NULL` (estima una fila) y recorría todas las notas sin fecha del historial.
        Index(
            "ix_nota_fecha_tono",
            "fecha_publicacion",
            "tono",
            "tono_confirmado",
            "tono_puntaje",
            "medio_id",
            sqlite_where=text("fecha_publicacion IS NOT NULL"),
            postgresql_where=text("fecha_publicacion IS NOT NULL"),
        ),
        # Las notas sin fecha de publicación (impresos y radio) cuentan por su captura: con este
        # índice parcial el periodo se resuelve sin leer cada nota sin fecha del historial.
        Index(
            "ix_nota_sin_fecha_captura",
            "fecha_captura",
            "tono",
            "tono_confirmado",
            "medio_id",
            sqlite_where=text("fecha_publicacion IS NULL"),
            postgresql_where=text("fecha_publicacion IS NULL"),
        ),
        CheckConstraint("pagina IS NULL OR pagina > 0", name="pagina"),
        CheckConstraint("duracion_segundos IS NULL OR duracion_segundos >= 0", name="duracion"),
        CheckConstraint("version >= 1", name="version"),
    )

    @property
    def tono_efectivo(self) -> Tono | None:
        """El tono confirmado si lo hay; si no, el calculado."""
        return self.tono_confirmado or self.tono


class Testigo(Base):
    """Prueba de publicación guardada por contenido (sha256) con su fecha de captura."""

    __tablename__ = "testigo"

    id: Mapped[int] = mapped_column(primary_key=True)
    nota_id: Mapped[int] = mapped_column(ForeignKey("nota.id", ondelete="CASCADE"), index=True)
    tipo: Mapped[TipoTestigo] = mapped_column(catalogo(TipoTestigo, "tipo_testigo"))
    sha256: Mapped[str] = mapped_column(index=True)
    # Ruta relativa al directorio de testigos.
    ruta: Mapped[str]
    tipo_mime: Mapped[str]
    tamano: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    capturado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    nota: Mapped[Nota] = relationship(back_populates="testigos")

    __table_args__ = (
        UniqueConstraint("nota_id", "sha256"),
        CheckConstraint("tamano >= 0", name="tamano"),
    )


class Retoma(Base):
    """Relación nota ↔ boletín con su nivel, puntaje, pasajes compartidos y revisión."""

    __tablename__ = "retoma"

    id: Mapped[int] = mapped_column(primary_key=True)
    nota_id: Mapped[int] = mapped_column(ForeignKey("nota.id", ondelete="CASCADE"))
    boletin_id: Mapped[int] = mapped_column(
        ForeignKey("boletin.id", ondelete="CASCADE"), index=True
    )
    nivel: Mapped[NivelRetoma] = mapped_column(catalogo(NivelRetoma, "nivel_retoma"))
    puntaje: Mapped[float] = mapped_column(Float)
    # Proporción del boletín reproducida (0–1); None si no se midió (clip confirmado a mano).
    fidelidad: Mapped[float | None] = mapped_column(Float)
    # Pasajes compartidos: [{"boletin": [ini, fin], "nota": [ini, fin]}], posiciones en caracteres.
    pasajes: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    estado: Mapped[EstadoRevision] = mapped_column(
        catalogo(EstadoRevision, "estado_revision"), default=EstadoRevision.AUTOMATICA
    )
    revisor_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id", ondelete="SET NULL"))
    revisado_en: Mapped[dt.datetime | None]
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)

    nota: Mapped[Nota] = relationship(back_populates="retomas")
    boletin: Mapped[Boletin] = relationship(back_populates="retomas")
    revisor: Mapped[Usuario | None] = relationship()

    __table_args__ = (
        UniqueConstraint("nota_id", "boletin_id"),
        CheckConstraint("puntaje >= 0 AND puntaje <= 1", name="puntaje"),
        CheckConstraint(
            "fidelidad IS NULL OR (fidelidad >= 0 AND fidelidad <= 1)", name="fidelidad"
        ),
    )


class Mencion(Base):
    """Aparición en una nota de algo vigilado (Ayuntamiento, funcionario, dependencia...)."""

    __tablename__ = "mencion"

    id: Mapped[int] = mapped_column(primary_key=True)
    nota_id: Mapped[int] = mapped_column(ForeignKey("nota.id", ondelete="CASCADE"), index=True)
    termino_id: Mapped[int | None] = mapped_column(
        ForeignKey("termino_vigilado.id", ondelete="SET NULL")
    )
    tipo: Mapped[TipoEntidad] = mapped_column(catalogo(TipoEntidad, "tipo_entidad"))
    entidad: Mapped[str]
    texto: Mapped[str]
    inicio: Mapped[int]
    fin: Mapped[int]
    # True cuando la nota no viene de ningún boletín: mención ganada.
    sin_boletin: Mapped[bool] = mapped_column(default=False)

    nota: Mapped[Nota] = relationship(back_populates="menciones")

    __table_args__ = (
        UniqueConstraint("nota_id", "entidad", "inicio"),
        CheckConstraint("fin >= inicio", name="posicion"),
    )


class TerminoVigilado(Base):
    """Entrada de la lista de vigilancia: nombre canónico y variantes."""

    __tablename__ = "termino_vigilado"

    id: Mapped[int] = mapped_column(primary_key=True)
    tipo: Mapped[TipoEntidad] = mapped_column(catalogo(TipoEntidad, "tipo_entidad_vigilada"))
    nombre: Mapped[str] = mapped_column(unique=True)
    variantes: Mapped[list[str]] = mapped_column(Json, default=list)
    cargo: Mapped[str | None]
    activo: Mapped[bool] = mapped_column(default=True)
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)


class FotoEnNota(Base):
    """Una foto del banco que aparece (por pHash) en una imagen de la nota de un medio.

    Se calcula una vez, al obtener la huella de la imagen de la nota o al subir la foto al banco;
    las páginas sólo la leen (comparar en cada vista crecía con todo el historial).
    """

    __tablename__ = "foto_en_nota"

    id: Mapped[int] = mapped_column(primary_key=True)
    nota_id: Mapped[int] = mapped_column(ForeignKey("nota.id", ondelete="CASCADE"))
    recurso_id: Mapped[int] = mapped_column(ForeignKey("recurso.id", ondelete="CASCADE"))
    # Bits distintos de pHash entre la foto del banco y la imagen más parecida de la nota.
    distancia: Mapped[int]
    url_imagen: Mapped[str] = mapped_column(default="")

    __table_args__ = (
        UniqueConstraint("nota_id", "recurso_id"),
        Index("ix_foto_en_nota_recurso", "recurso_id"),
        CheckConstraint("distancia >= 0", name="distancia"),
    )
