"""Escritura de notas web y sus testigos, con versiones cuando cambia el contenido."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from datos.modelos import Nota, Testigo, TipoCaptura, TipoTestigo, ahora
from datos.testigos import ArchivoTestigo

_ESPACIOS = re.compile(r"\s+")


class EstadoGuardado(enum.StrEnum):
    """Qué pasó al guardar una nota."""

    NUEVA = "nueva"
    SIN_CAMBIOS = "sin_cambios"
    NUEVA_VERSION = "nueva_version"


@dataclass(frozen=True)
class ResultadoGuardado:
    """Resultado de guardar una nota: estado, id y versión vigente."""

    estado: EstadoGuardado
    nota_id: int
    version: int


@dataclass(frozen=True)
class Capturas:
    """Primera captura de una nota, captura de su versión vigente y última revisión."""

    primera: dt.datetime
    vigente: dt.datetime
    revisada: dt.datetime | None = None


@dataclass(kw_only=True)
class NotaWeb:
    """Datos de una nota recolectada (web o página de PDF) listos para guardar."""

    medio_id: int
    fuente_id: int | None
    url_canonica: str
    url_original: str | None
    titulo: str
    texto: str
    tipo_captura: TipoCaptura
    resumen: str | None = None
    autor: str | None = None
    fecha_publicacion: dt.datetime | None = None
    seccion: str | None = None
    pagina: int | None = None
    imagenes: list[dict[str, Any]] = field(default_factory=list)
    testigo: ArchivoTestigo | None = None
    tipo_testigo: TipoTestigo = TipoTestigo.HTML
    capturado_en: dt.datetime | None = None


def hash_texto(titulo: str, texto: str) -> str:
    """sha256 del título y el texto con los espacios normalizados (detecta ediciones reales)."""
    normal = _ESPACIOS.sub(" ", f"{titulo}\n{texto}").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def existe_url(s: Session, url_canonica: str) -> bool:
    """¿Ya hay una nota con esa URL canónica?"""
    return bool(s.scalar(select(exists().where(Nota.url_canonica == url_canonica))))


def capturas_nota(s: Session, url_canonica: str) -> Capturas | None:
    """Primera captura, captura vigente (último testigo) y última revisión de la nota, o None."""
    consulta = (
        select(Nota.fecha_captura, func.max(Testigo.capturado_en), Nota.revisada_en)
        .outerjoin(Testigo, Testigo.nota_id == Nota.id)
        .where(Nota.url_canonica == url_canonica)
        .group_by(Nota.id, Nota.fecha_captura, Nota.revisada_en)
    )
    fila = s.execute(consulta).first()
    if fila is None:
        return None
    primera, ultimo_testigo, revisada = fila
    return Capturas(primera=primera, vigente=ultimo_testigo or primera, revisada=revisada)


def marcar_revisada(s: Session, url_canonica: str, momento: dt.datetime) -> None:
    """Anota que la nota se volvió a pedir para ver si la editaron."""
    s.execute(update(Nota).where(Nota.url_canonica == url_canonica).values(revisada_en=momento))


def existe_prefijo(s: Session, prefijo: str) -> bool:
    """¿Hay alguna nota cuya URL canónica empieza con el prefijo (páginas de un PDF)?"""
    consulta = exists().where(Nota.url_canonica.startswith(prefijo, autoescape=True))
    return bool(s.scalar(select(consulta)))


def hash_vigente(s: Session, url_canonica: str) -> str | None:
    """Hash del contenido vigente de la nota con esa URL, o None si no existe."""
    return s.scalar(select(Nota.hash_contenido).where(Nota.url_canonica == url_canonica))


def _testigo(nota: Nota, datos: NotaWeb, version: int) -> None:
    """Añade el testigo a la nota si trae uno y no estaba ya (mismo sha256)."""
    archivo = datos.testigo
    if archivo is None or any(t.sha256 == archivo.sha256 for t in nota.testigos):
        return
    nota.testigos.append(
        Testigo(
            tipo=datos.tipo_testigo,
            sha256=archivo.sha256,
            ruta=archivo.ruta,
            tipo_mime=archivo.tipo_mime,
            tamano=archivo.tamano,
            version=version,
            capturado_en=datos.capturado_en or ahora(),
        )
    )


def _nueva(s: Session, datos: NotaWeb, huella: str) -> Nota:
    """Crea la nota con su primer testigo."""
    nota = Nota(
        medio_id=datos.medio_id,
        fuente_id=datos.fuente_id,
        url_canonica=datos.url_canonica,
        url_original=datos.url_original,
        titulo=datos.titulo,
        texto=datos.texto,
        resumen=datos.resumen,
        autor=datos.autor,
        fecha_publicacion=datos.fecha_publicacion,
        fecha_captura=datos.capturado_en or ahora(),
        tipo_captura=datos.tipo_captura,
        seccion=datos.seccion,
        pagina=datos.pagina,
        imagenes=datos.imagenes,
        hash_contenido=huella,
        version=1,
    )
    s.add(nota)
    _testigo(nota, datos, 1)
    s.flush()
    return nota


def _actualizar(nota: Nota, datos: NotaWeb, huella: str) -> None:
    """Nueva versión: actualiza el contenido y añade el testigo sin borrar los anteriores."""
    nota.version += 1
    nota.titulo = datos.titulo
    nota.texto = datos.texto
    nota.hash_contenido = huella
    nota.resumen = datos.resumen or nota.resumen
    nota.autor = datos.autor or nota.autor
    nota.imagenes = datos.imagenes or nota.imagenes
    _testigo(nota, datos, nota.version)


def guardar_nota_web(s: Session, datos: NotaWeb) -> ResultadoGuardado:
    """Guarda la nota: nueva, sin cambios (mismo hash) o nueva versión con su testigo."""
    huella = hash_texto(datos.titulo, datos.texto)
    nota = s.scalar(select(Nota).where(Nota.url_canonica == datos.url_canonica))
    if nota is None:
        nota = _nueva(s, datos, huella)
        return ResultadoGuardado(EstadoGuardado.NUEVA, nota.id, 1)
    if nota.hash_contenido == huella:
        return ResultadoGuardado(EstadoGuardado.SIN_CAMBIOS, nota.id, nota.version)
    _actualizar(nota, datos, huella)
    s.flush()
    return ResultadoGuardado(EstadoGuardado.NUEVA_VERSION, nota.id, nota.version)
