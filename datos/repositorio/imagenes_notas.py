"""Imágenes de las notas web pendientes de huella (pHash); el trabajo vive en rastreadores.

Una foto del banco de medios que aparece en la nota de un medio es evidencia de retoma aunque el
texto esté reescrito. `Nota.imagenes` guarda `[{"url": ...}]`; aquí se le añade `"phash"` (o
`"error"` si no se pudo descargar o abrir) a las primeras imágenes de cada nota relevante, y luego
se comparan esas huellas con `Recurso.hash_perceptual`.

Un `"error"` es definitivo: la imagen de una nota casi nunca cambia y la captura de pantalla
queda como testigo; reintentar cada ciclo sólo volvería a golpear al medio.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.consultas.comun import nota_web_relevante
from datos.modelos import (
    Nota,
)

log = logging.getLogger(__name__)

# og:image más las dos primeras del cuerpo: ahí va la foto del boletín; las siguientes suelen
# ser publicidad o notas relacionadas y triplicarían las descargas por nota.
IMAGENES_POR_NOTA = 3


def pendiente(entrada: Any) -> bool:
    """¿La entrada tiene URL y todavía no tiene huella ni error?"""
    return (
        isinstance(entrada, dict)
        and bool(entrada.get("url"))
        and "phash" not in entrada
        and "error" not in entrada
    )


def notas_con_imagenes_pendientes(s: Session, limite: int) -> list[Nota]:
    """Notas relevantes con alguna de sus primeras imágenes sin huella, las recientes primero."""
    consulta = (
        select(Nota.id, Nota.imagenes)
        .where(nota_web_relevante())
        .order_by(Nota.fecha_captura.desc(), Nota.id.desc())
    )
    # Las imágenes están en JSON: el filtro se hace aquí para que valga en SQLite y PostgreSQL;
    # sólo se leen id e imágenes (no el texto) porque casi todas ya tienen huella.
    ids: list[int] = []
    for nota_id, imagenes in s.execute(consulta):
        if any(pendiente(e) for e in (imagenes or [])[:IMAGENES_POR_NOTA]):
            ids.append(nota_id)
            if len(ids) >= limite:
                break
    notas = {n.id: n for n in s.scalars(select(Nota).where(Nota.id.in_(ids)))}
    return [notas[i] for i in ids]
