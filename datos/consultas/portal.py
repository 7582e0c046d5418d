"""Lecturas de los formatos del portal de transparencia (tablero, CLI y reporte mensual)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.vigencia import EstadoVigencia
from datos.consultas.comun import marco
from datos.modelos import FormatoPortal

_COLUMNAS = (
    FormatoPortal.id,
    FormatoPortal.fraccion,
    FormatoPortal.nombre,
    FormatoPortal.url,
    FormatoPortal.periodicidad,
    FormatoPortal.estado,
    FormatoPortal.motivo,
    FormatoPortal.periodo_inicio,
    FormatoPortal.periodo_fin,
    FormatoPortal.actualizado,
    FormatoPortal.origen_fechas,
    FormatoPortal.limite,
    FormatoPortal.revisado_en,
    FormatoPortal.activo,
)


def formatos_portal(s: Session) -> pd.DataFrame:
    """Todos los formatos con su último estado, por fracción."""
    consulta = select(*_COLUMNAS).order_by(FormatoPortal.fraccion, FormatoPortal.id)
    return marco(s, consulta)


def formatos_atrasados(s: Session) -> pd.DataFrame:
    """Formatos activos vencidos (pasó el plazo legal), del plazo más viejo al más nuevo."""
    consulta = (
        select(*_COLUMNAS)
        .where(FormatoPortal.activo.is_(True), FormatoPortal.estado == EstadoVigencia.VENCIDO)
        .order_by(FormatoPortal.limite, FormatoPortal.id)
    )
    return marco(s, consulta)
