"""Escritura de notas capturadas a mano o importadas (impresos, radio/TV, redes) con su testigo.

Comparte con `datos.repositorio.notas` el hash de contenido y las versiones: misma URL canónica y
mismo hash no cambia nada; texto distinto crea una nueva versión con su testigo, sin borrar los
anteriores. Las métricas (alcance, reacciones...) se actualizan siempre, aunque el texto no cambie.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import (
    Boletin,
    EstadoRevision,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    Testigo,
    TipoCaptura,
    TipoTestigo,
    ahora,
)
from datos.repositorio.notas import EstadoGuardado, ResultadoGuardado, hash_texto
from datos.testigos import guardar_testigo

_FOLIO = re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{4})\s*$")


@dataclass(kw_only=True)
class NotaCapturada:
    """Datos de una nota capturada o importada, con el contenido de su testigo (si lo hay)."""

    medio_id: int
    url_canonica: str
    titulo: str
    texto: str
    tipo_captura: TipoCaptura
    url_original: str | None = None
    resumen: str | None = None
    fecha_publicacion: dt.datetime | None = None
    pagina: int | None = None
    programa: str | None = None
    duracion_segundos: int | None = None
    metricas: dict[str, Any] = field(default_factory=dict)
    testigo: bytes | None = None
    extension_testigo: str | None = None
    tipo_testigo: TipoTestigo = TipoTestigo.PDF
    # URLs canónicas anteriores con las que pudo guardarse la misma pieza (p. ej. URN por id).
    alternativas: tuple[str, ...] = ()


def buscar_medio(sesion: Session, nombre: str) -> Medio:
    """El medio con ese nombre (sin distinguir mayúsculas); ValueError si no existe."""
    limpio = nombre.strip()
    medio = sesion.scalar(select(Medio).where(Medio.nombre == limpio))
    if medio is None:
        todos = sesion.scalars(select(Medio)).all()
        medio = next((m for m in todos if m.nombre.casefold() == limpio.casefold()), None)
    if medio is None:
        raise ValueError(f"no existe el medio {limpio!r}")
    return medio


def buscar_nota(sesion: Session, urls: Sequence[str]) -> Nota | None:
    """La primera nota cuya URL canónica esté en `urls` (en ese orden de preferencia)."""
    notas = {
        n.url_canonica: n for n in sesion.scalars(select(Nota).where(Nota.url_canonica.in_(urls)))
    }
    return next((notas[u] for u in urls if u in notas), None)


def _agregar_testigo(nota: Nota, datos: NotaCapturada, version: int) -> None:
    """Guarda el testigo en el almacén y lo liga a la nota si no estaba (mismo sha256)."""
    if datos.testigo is None:
        return
    archivo = guardar_testigo(datos.testigo, comprimir=False, extension=datos.extension_testigo)
    if any(t.sha256 == archivo.sha256 for t in nota.testigos):
        return
    nota.testigos.append(
        Testigo(
            tipo=datos.tipo_testigo,
            sha256=archivo.sha256,
            ruta=archivo.ruta,
            tipo_mime=archivo.tipo_mime,
            tamano=archivo.tamano,
            version=version,
            capturado_en=ahora(),
        )
    )


def _nueva(sesion: Session, datos: NotaCapturada, huella: str) -> Nota:
    """Crea la nota con su primer testigo."""
    nota = Nota(
        medio_id=datos.medio_id,
        url_canonica=datos.url_canonica,
        url_original=datos.url_original,
        titulo=datos.titulo,
        texto=datos.texto,
        resumen=datos.resumen,
        fecha_publicacion=datos.fecha_publicacion,
        fecha_captura=ahora(),
        tipo_captura=datos.tipo_captura,
        pagina=datos.pagina,
        programa=datos.programa,
        duracion_segundos=datos.duracion_segundos,
        metricas=dict(datos.metricas),
        hash_contenido=huella,
        version=1,
    )
    sesion.add(nota)
    _agregar_testigo(nota, datos, 1)
    sesion.flush()
    return nota


def _nueva_version(nota: Nota, datos: NotaCapturada, huella: str) -> None:
    """Actualiza el contenido, sube la versión y añade el testigo nuevo."""
    nota.version += 1
    nota.titulo = datos.titulo
    nota.texto = datos.texto
    nota.hash_contenido = huella
    nota.resumen = datos.resumen or nota.resumen
    nota.programa = datos.programa or nota.programa
    nota.duracion_segundos = datos.duracion_segundos or nota.duracion_segundos
    nota.fecha_publicacion = datos.fecha_publicacion or nota.fecha_publicacion
    _agregar_testigo(nota, datos, nota.version)


def actualizar_metricas(nota: Nota, metricas: dict[str, Any]) -> bool:
    """Mezcla métricas nuevas con las guardadas; True si alguna cambió."""
    combinadas = {**nota.metricas, **metricas}
    if combinadas == nota.metricas:
        return False
    nota.metricas = combinadas  # asignar un dict nuevo: JSON no detecta mutaciones en sitio
    return True


def guardar_captura(sesion: Session, datos: NotaCapturada) -> ResultadoGuardado:
    """Guarda la nota: nueva, sin cambios (mismo hash) o nueva versión; métricas siempre."""
    huella = hash_texto(datos.titulo, datos.texto)
    nota = buscar_nota(sesion, (datos.url_canonica, *datos.alternativas))
    if nota is None:
        nota = _nueva(sesion, datos, huella)
        return ResultadoGuardado(EstadoGuardado.NUEVA, nota.id, 1)
    cambio_metricas = actualizar_metricas(nota, datos.metricas)
    if nota.hash_contenido == huella:
        if cambio_metricas:
            sesion.flush()
        return ResultadoGuardado(EstadoGuardado.SIN_CAMBIOS, nota.id, nota.version)
    _nueva_version(nota, datos, huella)
    sesion.flush()
    return ResultadoGuardado(EstadoGuardado.NUEVA_VERSION, nota.id, nota.version)


def buscar_boletin(sesion: Session, folio: str) -> Boletin:
    """El boletín con folio NNN/AAAA; ValueError si el folio es inválido o no existe."""
    m = _FOLIO.match(folio)
    if m is None:
        raise ValueError(f"folio de boletín inválido {folio!r}: use NNN/AAAA, p. ej. 045/2026")
    numero, anio = int(m[1]), int(m[2])
    boletin = sesion.scalar(select(Boletin).where(Boletin.numero == numero, Boletin.anio == anio))
    if boletin is None:
        raise ValueError(f"no existe el boletín {numero:03d}/{anio}")
    return boletin


def confirmar_retoma(
    sesion: Session, nota_id: int, boletin: Boletin, nivel: NivelRetoma = NivelRetoma.REESCRITA
) -> Retoma:
    """Retoma confirmada por el personal (captura manual); si ya existía, la confirma."""
    retoma = sesion.scalar(
        select(Retoma).where(Retoma.nota_id == nota_id, Retoma.boletin_id == boletin.id)
    )
    if retoma is None:
        # Puntaje 1: lo afirma una persona. Fidelidad 0: no se midió (el texto es un resumen).
        retoma = Retoma(
            nota_id=nota_id,
            boletin_id=boletin.id,
            nivel=nivel,
            puntaje=1.0,
            fidelidad=None,
            pasajes=[],
        )
        sesion.add(retoma)
    retoma.estado = EstadoRevision.CONFIRMADA
    retoma.revisado_en = ahora()
    sesion.flush()
    return retoma
