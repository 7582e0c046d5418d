"""Nuestras fotos en las notas de los medios: lectura de las coincidencias ya registradas."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from datos.consultas.comun import Consulta, nota_web_relevante
from datos.modelos import Boletin, FotoEnNota, Medio, Nota, Recurso, boletin_recurso

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


def _consulta(distancia_max: int) -> Consulta:
    """Coincidencias guardadas de notas que siguen siendo relevantes."""
    return (
        select(
            FotoEnNota.nota_id,
            Medio.nombre,
            FotoEnNota.recurso_id,
            Recurso.nombre_archivo,
            FotoEnNota.distancia,
            FotoEnNota.url_imagen,
        )
        .join(Nota, Nota.id == FotoEnNota.nota_id)
        .join(Medio, Medio.id == Nota.medio_id)
        .join(Recurso, Recurso.id == FotoEnNota.recurso_id)
        .where(FotoEnNota.distancia <= distancia_max, nota_web_relevante())
        .order_by(FotoEnNota.nota_id, FotoEnNota.distancia, FotoEnNota.recurso_id)
    )


def fotos_reusadas(
    s: Session,
    *,
    distancia_max: int = DISTANCIA_PARECIDA,
    folio: str | None = None,
    recurso_id: int | None = None,
) -> list[FotoReusada]:
    """Nuestras fotos en notas de medios: una fila por nota y foto (la imagen más parecida).

    Sólo lee lo registrado al calcular huellas (`distancia_max` ≤ DISTANCIA_PARECIDA); `folio`
    o `recurso_id` acotan a las fotos de un boletín o a una foto, con índice.
    """
    consulta = _consulta(distancia_max)
    if recurso_id is not None:
        consulta = consulta.where(FotoEnNota.recurso_id == recurso_id)
    if folio is not None:
        adjuntas = _recursos_del_folio(folio)
        consulta = consulta.where(FotoEnNota.recurso_id.in_(adjuntas))
    filas = [FotoReusada(n, m, r, a, d, (), u) for n, m, r, a, d, u in s.execute(consulta)]
    folios = _folios_por_recurso(s, sorted({f.recurso_id for f in filas}))
    return [replace(f, boletin_folios=folios.get(f.recurso_id, ())) for f in filas]


def _recursos_del_folio(folio: str) -> Consulta:
    """Subconsulta: recursos adjuntos al boletín de ese folio (NNN/AAAA)."""
    numero, _, anio = folio.partition("/")
    consulta = select(boletin_recurso.c.recurso_id).join(
        Boletin, Boletin.id == boletin_recurso.c.boletin_id
    )
    if not (numero.isdigit() and anio.isdigit()):
        return consulta.where(false())
    return consulta.where(Boletin.numero == int(numero), Boletin.anio == int(anio))
