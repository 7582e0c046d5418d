"""Escritura de notas web y sus testigos, con versiones cuando cambia el contenido."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Callable, Sequence
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


@dataclass(frozen=True)
class TestigoNuevo:
    """La prueba que acompaña a una versión: se guarda en el almacén sólo si hace falta."""

    tipo: TipoTestigo
    archivo: Callable[[], ArchivoTestigo | None]
    capturado_en: dt.datetime | None = None


def _agregar_testigo(nota: Nota, testigo: TestigoNuevo, version: int) -> None:
    """Liga el testigo a la nota si lo hay y no estaba ya (mismo sha256)."""
    archivo = testigo.archivo()
    if archivo is None or any(t.sha256 == archivo.sha256 for t in nota.testigos):
        return
    nota.testigos.append(
        Testigo(
            tipo=testigo.tipo,
            sha256=archivo.sha256,
            ruta=archivo.ruta,
            tipo_mime=archivo.tipo_mime,
            tamano=archivo.tamano,
            version=version,
            capturado_en=testigo.capturado_en or ahora(),
        )
    )


def _nueva(s: Session, campos: dict[str, Any], huella: str, testigo: TestigoNuevo) -> Nota:
    """Crea la nota (versión 1) con su primer testigo."""
    nota = Nota(**campos, hash_contenido=huella, version=1)
    nota.fecha_captura = testigo.capturado_en or ahora()
    s.add(nota)
    _agregar_testigo(nota, testigo, 1)
    s.flush()
    return nota


def _nueva_version(
    nota: Nota, campos: dict[str, Any], huella: str, testigo: TestigoNuevo, cambian: Sequence[str]
) -> None:
    """Sube la versión: título y texto nuevos; de `cambian`, lo que venga con valor."""
    nota.version += 1
    nota.titulo = campos["titulo"]
    nota.texto = campos["texto"]
    nota.hash_contenido = huella
    for clave in cambian:
        if campos.get(clave):
            setattr(nota, clave, campos[clave])
    _agregar_testigo(nota, testigo, nota.version)


def guardar_version(
    s: Session,
    nota: Nota | None,
    campos: dict[str, Any],
    testigo: TestigoNuevo,
    cambian: Sequence[str] = (),
) -> ResultadoGuardado:
    """El único escritor de notas con versiones: nueva, sin cambios (mismo hash) o versión nueva
    con su testigo, sin borrar los anteriores."""
    huella = hash_texto(campos["titulo"], campos["texto"])
    if nota is None:
        nota = _nueva(s, campos, huella, testigo)
        return ResultadoGuardado(EstadoGuardado.NUEVA, nota.id, 1)
    if nota.hash_contenido == huella:
        return ResultadoGuardado(EstadoGuardado.SIN_CAMBIOS, nota.id, nota.version)
    _nueva_version(nota, campos, huella, testigo, cambian)
    s.flush()
    return ResultadoGuardado(EstadoGuardado.NUEVA_VERSION, nota.id, nota.version)


# Lo que una versión nueva de una nota web toma de la captura (si viene con valor).
CAMBIAN_WEB = ("resumen", "autor", "imagenes")
_CAMPOS_WEB = (
    "medio_id", "fuente_id", "url_canonica", "url_original", "titulo", "texto", "resumen",
    "autor", "fecha_publicacion", "tipo_captura", "seccion", "pagina", "imagenes",
)  # fmt: skip


def guardar_nota_web(s: Session, datos: NotaWeb) -> ResultadoGuardado:
    """Guarda la nota: nueva, sin cambios (mismo hash) o nueva versión con su testigo."""
    nota = s.scalar(select(Nota).where(Nota.url_canonica == datos.url_canonica))
    campos = {c: getattr(datos, c) for c in _CAMPOS_WEB}
    testigo = TestigoNuevo(datos.tipo_testigo, lambda: datos.testigo, datos.capturado_en)
    return guardar_version(s, nota, campos, testigo, CAMBIAN_WEB)
