"""Salud de la recolección por fuente, para `monitoreo medios estado` y el tablero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import Fuente, Medio, Nota

# Una fuente con 3 fallas seguidas se marca como problemática (ya está en retroceso exponencial).
FALLAS_PARA_MARCAR = 3
DIAS_RITMO = 30


@dataclass(frozen=True)
class SaludFuente:
    """Estado de una fuente de recolección."""

    medio: str
    tipo: str
    url: str
    activa: bool
    ultimo_exito: dt.datetime | None
    ultimo_error: dt.datetime | None
    motivo_error: str | None
    fallas_consecutivas: int
    proximo_intento: dt.datetime | None
    notas_por_dia: float

    @property
    def marcada(self) -> bool:
        """Falla repetidamente y necesita atención."""
        return self.fallas_consecutivas >= FALLAS_PARA_MARCAR


def _ritmo(sesion: Session, desde: dt.datetime) -> dict[int, float]:
    """Notas por día de cada fuente en los últimos DIAS_RITMO días."""
    filas = sesion.execute(
        select(Nota.fuente_id, func.count())
        .where(Nota.fecha_captura >= desde, Nota.fuente_id.is_not(None))
        .group_by(Nota.fuente_id)
    ).all()
    return {int(f): int(n) / DIAS_RITMO for f, n in filas if f is not None}


def salud_fuentes(sesion: Session, ahora: dt.datetime) -> list[SaludFuente]:
    """Todas las fuentes con su salud, las problemáticas primero."""
    ritmo = _ritmo(sesion, ahora - dt.timedelta(days=DIAS_RITMO))
    filas = sesion.execute(select(Fuente, Medio.nombre).join(Medio)).all()
    salud = [
        SaludFuente(
            medio=nombre,
            tipo=f.tipo.value,
            url=f.url,
            activa=f.activa,
            ultimo_exito=f.ultimo_exito,
            ultimo_error=f.ultimo_error,
            motivo_error=f.motivo_error,
            fallas_consecutivas=f.fallas_consecutivas,
            proximo_intento=f.proximo_intento,
            notas_por_dia=ritmo.get(f.id, 0.0),
        )
        for f, nombre in filas
    ]
    return sorted(salud, key=lambda s: (-s.fallas_consecutivas, s.medio, s.url))
