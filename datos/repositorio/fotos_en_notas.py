"""Registro de nuestras fotos en notas de medios: se compara una vez, al tener la huella.

Una nota nueva con huella se compara con el banco (miles de fotos, en NumPy); una foto nueva del
banco se compara con las notas capturadas desde que se tomó. Las páginas sólo leen la tabla.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from analisis.huellas import Huellas, a_entero, arreglo, parecidas
from datos.consultas.fotos import DISTANCIA_PARECIDA
from datos.modelos import FotoEnNota, Nota, Recurso

# Una foto no aparece en notas capturadas antes de tomarla (o de subirla, si no trae EXIF);
# un día de margen por husos horarios y relojes de cámara.
MARGEN_TOMA = dt.timedelta(days=1)
LOTE_NOTAS = 5_000

# (url de la imagen, huella como entero)
ImagenConHuella = tuple[str, int]


def imagenes_con_huella(imagenes: Sequence[Any] | None) -> list[ImagenConHuella]:
    """Las imágenes de una nota que ya tienen pHash válido."""
    salida = []
    for entrada in imagenes or []:
        if isinstance(entrada, dict) and entrada.get("phash"):
            entero = a_entero(str(entrada["phash"]))
            if entero is not None:
                salida.append((str(entrada.get("url", "")), entero))
    return salida


def _banco(s: Session) -> tuple[list[int], Huellas]:
    """Ids y huellas de las fotos del banco que tienen pHash."""
    filas = s.execute(
        select(Recurso.id, Recurso.hash_perceptual).where(Recurso.hash_perceptual.is_not(None))
    )
    pares = [(i, a_entero(str(h))) for i, h in filas]
    validos = [(i, h) for i, h in pares if h is not None]
    return [i for i, _ in validos], arreglo([h for _, h in validos])


def _mejores(
    imagenes: list[ImagenConHuella], ids: list[int], banco: Huellas
) -> dict[int, tuple[int, str]]:
    """Por foto del banco, la imagen de la nota más parecida: {recurso_id: (bits, url)}."""
    mejores: dict[int, tuple[int, str]] = {}
    for url, huella in imagenes:
        for posicion, bits in parecidas(huella, banco, DISTANCIA_PARECIDA):
            recurso_id = ids[posicion]
            if recurso_id not in mejores or bits < mejores[recurso_id][0]:
                mejores[recurso_id] = (bits, url)
    return mejores


def _guardar(s: Session, nota_id: int, mejores: dict[int, tuple[int, str]]) -> int:
    """Agrega las coincidencias de una nota; cuántas."""
    for recurso_id, (bits, url) in mejores.items():
        s.add(FotoEnNota(nota_id=nota_id, recurso_id=recurso_id, distancia=bits, url_imagen=url))
    return len(mejores)


def registrar_notas(s: Session, notas: Iterable[Nota]) -> int:
    """Recalcula las fotos del banco presentes en estas notas; cuántas encontró. No hace commit."""
    ids, banco = _banco(s)
    encontradas = 0
    for nota in notas:
        s.execute(delete(FotoEnNota).where(FotoEnNota.nota_id == nota.id))
        mejores = _mejores(imagenes_con_huella(nota.imagenes), ids, banco)
        encontradas += _guardar(s, nota.id, mejores)
    s.flush()
    return encontradas


def _notas_con_huella(
    s: Session, desde: dt.datetime | None
) -> Iterator[tuple[int, list[ImagenConHuella]]]:
    """(nota_id, imágenes con huella) de las notas capturadas desde `desde`, por lotes."""
    consulta = select(Nota.id, Nota.imagenes).order_by(Nota.id)
    if desde is not None:
        consulta = consulta.where(Nota.fecha_captura >= desde)
    for nota_id, imagenes in s.execute(consulta.execution_options(yield_per=LOTE_NOTAS)):
        con_huella = imagenes_con_huella(imagenes)
        if con_huella:
            yield nota_id, con_huella


def _desde_toma(recurso: Recurso) -> dt.datetime | None:
    """Desde cuándo pudo aparecer la foto en una nota."""
    fechas = [f for f in (recurso.fecha_toma, recurso.creado_en) if f is not None]
    return min(fechas) - MARGEN_TOMA if fechas else None


def registrar_recurso(s: Session, recurso: Recurso, *, todas: bool = False) -> int:
    """Busca una foto del banco en las notas (desde su toma, o todas); cuántas encontró."""
    huella = a_entero(recurso.hash_perceptual or "")
    if huella is None:
        return 0
    s.execute(delete(FotoEnNota).where(FotoEnNota.recurso_id == recurso.id))
    banco = arreglo([huella])
    encontradas = 0
    for nota_id, imagenes in _notas_con_huella(s, None if todas else _desde_toma(recurso)):
        encontradas += _guardar(s, nota_id, _mejores(imagenes, [recurso.id], banco))
    s.flush()
    return encontradas


def recalcular_todo(s: Session) -> int:
    """Rehace la tabla completa (migración o reparación): todo el banco contra todas las notas."""
    s.execute(delete(FotoEnNota))
    ids, banco = _banco(s)
    encontradas = 0
    for nota_id, imagenes in _notas_con_huella(s, None):
        encontradas += _guardar(s, nota_id, _mejores(imagenes, ids, banco))
    s.flush()
    return encontradas
