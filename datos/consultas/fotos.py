"""Nuestras fotos en las notas de los medios: comparación de pHash con el banco de medios."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import imagehash
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.consultas.comun import nota_web_relevante
from datos.modelos import (
    Boletin,
    Medio,
    Nota,
    Recurso,
    boletin_recurso,
)

# pHash de 64 bits: con ≤ 8 bits distintos es la misma foto (recomprimida, escalada o con
# otro brillo); dos fotos distintas del mismo evento suelen quedar a más de 20.
DISTANCIA_PARECIDA = 8


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


def _huellas_de_notas(s: Session) -> Iterator[tuple[int, str, str, Any]]:
    """(nota_id, medio, url, huella) de cada imagen con pHash de las notas relevantes."""
    consulta = (
        select(Nota.id, Medio.nombre, Nota.imagenes)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(nota_web_relevante())
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
