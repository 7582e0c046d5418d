"""Trabajo de huellas: descarga las imágenes de las notas relevantes y guarda su pHash.

Un `"error"` es definitivo: la imagen de una nota casi nunca cambia y la captura de pantalla
queda como testigo; reintentar cada ciclo sólo volvería a golpear al medio.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from datos.config import cargar
from datos.repositorio.fotos_en_notas import registrar_notas
from datos.repositorio.imagenes_notas import (
    IMAGENES_POR_NOTA,
    notas_con_imagenes_pendientes,
    pendiente,
)
from datos.repositorio.recursos import hash_perceptual
from rastreadores.imagenes import ImagenInvalida, abrir_imagen, descargar_imagen

log = logging.getLogger(__name__)


def _huella(url: str, limite_bytes: int) -> dict[str, str]:
    """{"phash": ...} de la imagen, o {"error": motivo} si no se pudo."""

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
        if posicion < IMAGENES_POR_NOTA and pendiente(entrada):
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
        (n, _nuevas_imagenes(n.imagenes, cache, limite_bytes))
        for n in notas_con_imagenes_pendientes(s, limite)
    ]
    guardadas = 0
    for nota, nuevas in cambios:
        antes = sum(1 for e in nota.imagenes if isinstance(e, dict) and "phash" in e)
        # Lista nueva, sin mutar la vieja: SQLAlchemy sólo ve el cambio de un JSON al reasignarlo.
        nota.imagenes = nuevas
        guardadas += sum(1 for e in nuevas if isinstance(e, dict) and "phash" in e) - antes
    s.flush()
    registrar_notas(s, [nota for nota, _ in cambios])
    log.info("huellas de imágenes de notas: %d nuevas en %d notas", guardadas, len(cambios))
    return guardadas
