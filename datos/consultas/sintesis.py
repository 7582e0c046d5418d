"""Consultas de la síntesis: primeras planas del día y la edición guardada por el personal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.consultas.comun import en_periodo
from datos.modelos import Medio, Nota, SintesisDia, Testigo, TipoCaptura, TipoTestigo

# Capturas que vienen de una edición impresa completa (su página 1 es la portada).
CAPTURAS_IMPRESAS = (TipoCaptura.PDF, TipoCaptura.OCR)
TESTIGOS_PLANA = (TipoTestigo.PDF, TipoTestigo.IMAGEN)


@dataclass(frozen=True)
class PrimeraPlana:
    """La portada de una edición impresa: medio, testigo (PDF o imagen) y la nota que la abre."""

    medio: str
    ruta: str
    tipo: str
    nota_id: int
    url: str | None


@dataclass(frozen=True)
class EdicionSintesis:
    """Lo que el personal cambió en la síntesis de un día."""

    excluidas: frozenset[int] = frozenset()
    orden: tuple[int, ...] = ()
    nota_editorial: str | None = None
    enviada_en: dt.datetime | None = None
    archivo: str | None = None


def primeras_planas(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> list[PrimeraPlana]:
    """Una portada por medio: el testigo de la página 1 de su edición del periodo."""
    filas = sesion.execute(
        select(Medio.nombre, Testigo.ruta, Testigo.tipo, Nota.id, Nota.url_original)
        .join(Nota, Nota.medio_id == Medio.id)
        .join(Testigo, Testigo.nota_id == Nota.id)
        .where(
            Nota.pagina == 1,
            Nota.tipo_captura.in_(CAPTURAS_IMPRESAS),
            Testigo.tipo.in_(TESTIGOS_PLANA),
            en_periodo(Nota.fecha_publicacion, inicio, fin),
        )
        .order_by(Medio.nombre, Nota.id, Testigo.version.desc())
    ).all()
    planas: dict[str, PrimeraPlana] = {}
    for medio, ruta, tipo, nota_id, url in filas:
        planas.setdefault(medio, PrimeraPlana(medio, ruta, tipo.value, nota_id, url))
    return list(planas.values())


def edicion_del_dia(sesion: Session, fecha: dt.date) -> EdicionSintesis:
    """La edición guardada de la síntesis del día (vacía si nadie la tocó)."""
    fila = sesion.scalar(select(SintesisDia).where(SintesisDia.fecha == fecha))
    if fila is None:
        return EdicionSintesis()
    return EdicionSintesis(
        frozenset(fila.excluidas),
        tuple(fila.orden),
        fila.nota_editorial,
        fila.enviada_en,
        fila.archivo,
    )
