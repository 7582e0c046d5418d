"""Huellas (pHash) de las imágenes de las notas web y búsqueda de nuestras fotos reusadas.

Una foto del banco de medios que aparece en la nota de un medio es evidencia de retoma aunque el
texto esté reescrito. `Nota.imagenes` guarda `[{"url": ...}]`; aquí se le añade `"phash"` (o
`"error"` si no se pudo descargar o abrir) a las primeras imágenes de cada nota relevante, y luego
se comparan esas huellas con `Recurso.hash_perceptual`.

Un `"error"` es definitivo: la imagen de una nota casi nunca cambia y la captura de pantalla
queda como testigo; reintentar cada ciclo sólo volvería a golpear al medio.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import imagehash
from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import (
    Boletin,
    EstadoRevision,
    Medio,
    Mencion,
    Nota,
    Recurso,
    Retoma,
    boletin_recurso,
)
from datos.repositorio.recursos import DISTANCIA_PARECIDA, hash_perceptual

log = logging.getLogger(__name__)

# og:image más las dos primeras del cuerpo: ahí va la foto del boletín; las siguientes suelen
# ser publicidad o notas relacionadas y triplicarían las descargas por nota.
IMAGENES_POR_NOTA = 3


@dataclass(frozen=True)
class FotoReusada:
    """Una foto del banco que aparece (por pHash) en la nota de un medio."""

    nota_id: int
    medio: str
    recurso_id: int
    nombre_archivo: str
    distancia: int
    boletin_folios: tuple[str, ...]
    url_imagen: str = ""


def _es_relevante() -> ColumnElement[bool]:
    """Nota web con una retoma no rechazada o una mención."""
    web = or_(Nota.url_canonica.startswith("http://"), Nota.url_canonica.startswith("https://"))
    retoma = exists().where(Retoma.nota_id == Nota.id, Retoma.estado != EstadoRevision.RECHAZADA)
    return web & or_(retoma, exists().where(Mencion.nota_id == Nota.id))


def _pendiente(entrada: Any) -> bool:
    """¿La entrada tiene URL y todavía no tiene huella ni error?"""
    return (
        isinstance(entrada, dict)
        and bool(entrada.get("url"))
        and "phash" not in entrada
        and "error" not in entrada
    )


def _con_pendientes(s: Session, limite: int) -> list[Nota]:
    """Notas relevantes con alguna de sus primeras imágenes sin huella, las recientes primero."""
    consulta = (
        select(Nota.id, Nota.imagenes)
        .where(_es_relevante())
        .order_by(Nota.fecha_captura.desc(), Nota.id.desc())
    )
    # Las imágenes están en JSON: el filtro se hace aquí para que valga en SQLite y PostgreSQL;
    # sólo se leen id e imágenes (no el texto) porque casi todas ya tienen huella.
    ids: list[int] = []
    for nota_id, imagenes in s.execute(consulta):
        if any(_pendiente(e) for e in (imagenes or [])[:IMAGENES_POR_NOTA]):
            ids.append(nota_id)
            if len(ids) >= limite:
                break
    notas = {n.id: n for n in s.scalars(select(Nota).where(Nota.id.in_(ids)))}
    return [notas[i] for i in ids]


def _huella(url: str, limite_bytes: int) -> dict[str, str]:
    """{"phash": ...} de la imagen, o {"error": motivo} si no se pudo."""
    from rastreadores.imagenes import ImagenInvalida, abrir_imagen, descargar_imagen

    try:
        with abrir_imagen(descargar_imagen(url, limite_bytes=limite_bytes)) as imagen:
            return {"phash": hash_perceptual(imagen)}
    except ImagenInvalida as exc:
        log.info("imagen de nota sin huella %s: %s", url, exc)
        return {"error": str(exc)}


def _nuevas_imagenes(
    imagenes: Sequence[Any], cache: dict[str, dict[str, str]], limite_bytes: int
) -> list[Any]:
    """Copia de la lista con huella (o error) en las primeras imágenes pendientes."""
    nuevas: list[Any] = []
    for posicion, entrada in enumerate(imagenes):
        if posicion < IMAGENES_POR_NOTA and _pendiente(entrada):
            url = str(entrada["url"])
            if url not in cache:
                cache[url] = _huella(url, limite_bytes)
            nuevas.append({**entrada, **cache[url]})
        else:
            nuevas.append(entrada)
    return nuevas


def huellas_pendientes(s: Session, *, limite: int = 50) -> int:
    """Calcula el pHash de las imágenes pendientes de hasta `limite` notas; cuántas guardó.

    Descarga todo antes de escribir: así la sesión no retiene el candado de escritura de SQLite
    mientras espera a los medios. No hace commit.
    """
    limite_bytes = cargar().tamano_maximo
    cache: dict[str, dict[str, str]] = {}
    cambios = [
        (n, _nuevas_imagenes(n.imagenes, cache, limite_bytes)) for n in _con_pendientes(s, limite)
    ]
    guardadas = 0
    for nota, nuevas in cambios:
        antes = sum(1 for e in nota.imagenes if isinstance(e, dict) and "phash" in e)
        # Lista nueva, sin mutar la vieja: SQLAlchemy sólo ve el cambio de un JSON al reasignarlo.
        nota.imagenes = nuevas
        guardadas += sum(1 for e in nuevas if isinstance(e, dict) and "phash" in e) - antes
    s.flush()
    log.info("huellas de imágenes de notas: %d nuevas en %d notas", guardadas, len(cambios))
    return guardadas


def _huellas_de_notas(s: Session) -> Iterator[tuple[int, str, str, Any]]:
    """(nota_id, medio, url, huella) de cada imagen con pHash de las notas relevantes."""
    consulta = (
        select(Nota.id, Medio.nombre, Nota.imagenes)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(_es_relevante())
        .order_by(Nota.id)
    )
    for nota_id, medio, imagenes in s.execute(consulta):
        for entrada in imagenes or []:
            if isinstance(entrada, dict) and entrada.get("phash"):
                try:
                    huella = imagehash.hex_to_hash(str(entrada["phash"]))
                except ValueError:
                    continue
                yield nota_id, medio, str(entrada.get("url", "")), huella


def _folios_por_recurso(s: Session, recurso_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """Folios de los boletines a los que está adjunto cada recurso, en orden de emisión."""
    consulta = (
        select(boletin_recurso.c.recurso_id, Boletin)
        .join(Boletin, Boletin.id == boletin_recurso.c.boletin_id)
        .where(boletin_recurso.c.recurso_id.in_(recurso_ids))
        .order_by(Boletin.fecha_emision, Boletin.id)
    )
    folios: dict[int, list[str]] = defaultdict(list)
    for recurso_id, boletin in s.execute(consulta):
        folios[recurso_id].append(boletin.folio)
    return {r: tuple(f) for r, f in folios.items()}


def fotos_reusadas(s: Session, *, distancia_max: int = DISTANCIA_PARECIDA) -> list[FotoReusada]:
    """Nuestras fotos en notas de medios: una fila por nota y foto (la imagen más parecida)."""
    consulta = select(Recurso.id, Recurso.nombre_archivo, Recurso.hash_perceptual).where(
        Recurso.hash_perceptual.is_not(None)
    )
    recursos = [(i, n, imagehash.hex_to_hash(str(h))) for i, n, h in s.execute(consulta)]
    mejores: dict[tuple[int, int], FotoReusada] = {}
    for nota_id, medio, url, huella in _huellas_de_notas(s):
        for recurso_id, nombre, suya in recursos:
            bits = int(huella - suya)
            previa = mejores.get((nota_id, recurso_id))
            if bits <= distancia_max and (previa is None or bits < previa.distancia):
                mejores[nota_id, recurso_id] = FotoReusada(
                    nota_id, medio, recurso_id, nombre, bits, (), url
                )
    folios = _folios_por_recurso(s, sorted({r for _, r in mejores}))
    ordenadas = sorted(mejores.values(), key=lambda f: (f.nota_id, f.distancia, f.recurso_id))
    return [replace(f, boletin_folios=folios.get(f.recurso_id, ())) for f in ordenadas]
