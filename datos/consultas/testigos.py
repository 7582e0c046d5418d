"""Lectura de la evidencia de una nota: sus testigos (todas las versiones) con su huella y fecha."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.metricas import enlace_publico
from datos.modelos import Medio, Nota, Testigo


@dataclass(frozen=True)
class ArchivoEvidencia:
    """Un archivo de testigo: qué es, cuándo se capturó, su versión y su huella."""

    testigo_id: int
    tipo: str
    tipo_mime: str
    sha256: str
    capturado_en: dt.datetime
    version: int
    ruta: str
    tamano: int

    @property
    def extension(self) -> str:
        """Extensión del archivo original (sin el .gz del almacén)."""
        nombre = self.ruta.removesuffix(".gz")
        return nombre.rsplit(".", 1)[-1] if "." in nombre else "bin"


@dataclass(frozen=True)
class EvidenciaNota:
    """Una nota con sus testigos, del más reciente al más antiguo."""

    nota_id: int
    titulo: str
    medio: str
    url: str | None
    tipo_captura: str
    programa: str | None
    fecha_publicacion: dt.datetime | None
    archivos: tuple[ArchivoEvidencia, ...]

    def principal(self, *tipos: str) -> ArchivoEvidencia | None:
        """El archivo más reciente de alguno de esos tipos."""
        return next((a for a in self.archivos if a.tipo in tipos), None)


def evidencia_de_nota(sesion: Session, nota_id: int) -> EvidenciaNota | None:
    """La nota y todos sus testigos; None si la nota no existe."""
    fila = sesion.execute(
        select(Nota, Medio.nombre).join(Medio, Medio.id == Nota.medio_id).where(Nota.id == nota_id)
    ).first()
    if fila is None:
        return None
    nota, medio = fila
    testigos = sesion.scalars(
        select(Testigo)
        .where(Testigo.nota_id == nota_id)
        .order_by(Testigo.capturado_en.desc(), Testigo.id.desc())
    )
    return EvidenciaNota(
        nota_id=nota.id,
        titulo=nota.titulo,
        medio=medio,
        url=enlace_publico(nota.url_original, nota.url_canonica),
        tipo_captura=nota.tipo_captura.value,
        programa=nota.programa,
        fecha_publicacion=nota.fecha_publicacion,
        archivos=tuple(_archivo(t) for t in testigos),
    )


def _archivo(t: Testigo) -> ArchivoEvidencia:
    """ArchivoEvidencia de una fila de testigo."""
    return ArchivoEvidencia(
        testigo_id=t.id,
        tipo=t.tipo.value,
        tipo_mime=t.tipo_mime,
        sha256=t.sha256,
        capturado_en=t.capturado_en,
        version=t.version,
        ruta=t.ruta,
        tamano=t.tamano,
    )
