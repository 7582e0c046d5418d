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
    TipoCaptura,
    TipoTestigo,
    ahora,
)
from datos.repositorio.notas import (
    EstadoGuardado,
    ResultadoGuardado,
    TestigoNuevo,
    guardar_version,
)
from datos.testigos import ArchivoTestigo, guardar_testigo

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


# Lo que una versión nueva de una pieza capturada toma de la captura (si viene con valor).
CAMBIAN_CAPTURA = ("resumen", "programa", "duracion_segundos", "fecha_publicacion")
_CAMPOS_CAPTURA = (
    "medio_id", "url_canonica", "url_original", "titulo", "texto", "resumen", "fecha_publicacion",
    "tipo_captura", "pagina", "programa", "duracion_segundos",
)  # fmt: skip


def _testigo(datos: NotaCapturada) -> TestigoNuevo:
    """El testigo de la captura; el archivo se escribe en el almacén sólo si hace falta."""

    def archivo() -> ArchivoTestigo | None:
        if datos.testigo is None:
            return None
        return guardar_testigo(datos.testigo, comprimir=False, extension=datos.extension_testigo)

    return TestigoNuevo(datos.tipo_testigo, archivo)


def actualizar_metricas(nota: Nota, metricas: dict[str, Any]) -> bool:
    """Mezcla métricas nuevas con las guardadas; True si alguna cambió."""
    combinadas = {**nota.metricas, **metricas}
    if combinadas == nota.metricas:
        return False
    nota.metricas = combinadas  # asignar un dict nuevo: JSON no detecta mutaciones en sitio
    return True


def guardar_captura(sesion: Session, datos: NotaCapturada) -> ResultadoGuardado:
    """Guarda la nota: nueva, sin cambios (mismo hash) o nueva versión; métricas siempre."""
    nota = buscar_nota(sesion, (datos.url_canonica, *datos.alternativas))
    cambio_metricas = nota is not None and actualizar_metricas(nota, datos.metricas)
    campos = {c: getattr(datos, c) for c in _CAMPOS_CAPTURA}
    campos["metricas"] = dict(datos.metricas)
    if nota is not None:
        del campos["metricas"]  # ya se mezclaron arriba
    resultado = guardar_version(sesion, nota, campos, _testigo(datos), CAMBIAN_CAPTURA)
    if cambio_metricas and resultado.estado is EstadoGuardado.SIN_CAMBIOS:
        sesion.flush()
    return resultado


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
