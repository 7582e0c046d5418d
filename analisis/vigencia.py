"""Vigencia de los formatos del portal de transparencia: periodo que cubren y plazo legal.

Regla (Lineamientos técnicos generales del SIPOT, que aplica la CEGAIP a la LTAIPSLP): cada
formato se actualiza por periodos de calendario (mensual, trimestral, semestral, anual) y la
información de un periodo debe publicarse a más tardar 30 días naturales después de que termina.
Un formato que cubre hasta `fin` está:
- al día mientras el periodo siguiente no haya terminado;
- por vencer cuando el periodo siguiente ya terminó y corren los 30 días para publicarlo;
- vencido cuando pasaron esos 30 días y el archivo sigue cubriendo sólo hasta `fin`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

# Días naturales para publicar la información de un periodo ya terminado (SIPOT, numeral
# octavo de los lineamientos: "dentro de los treinta días naturales siguientes al cierre").
PLAZO_DIAS = 30


class Periodicidad(enum.StrEnum):
    """Cada cuánto se actualiza un formato (periodos de calendario)."""

    MENSUAL = "mensual"
    TRIMESTRAL = "trimestral"
    SEMESTRAL = "semestral"
    ANUAL = "anual"


class EstadoVigencia(enum.StrEnum):
    """Situación de un formato frente a su plazo legal."""

    SIN_REVISAR = "sin_revisar"
    AL_DIA = "al_dia"
    POR_VENCER = "por_vencer"
    VENCIDO = "vencido"
    SIN_FECHAS = "sin_fechas"
    ERROR = "error"


ETIQUETAS = {
    EstadoVigencia.SIN_REVISAR: "sin revisar",
    EstadoVigencia.AL_DIA: "al día",
    EstadoVigencia.POR_VENCER: "por vencer",
    EstadoVigencia.VENCIDO: "vencido",
    EstadoVigencia.SIN_FECHAS: "sin fechas",
    EstadoVigencia.ERROR: "sin acceso",
}

_MESES_POR_PERIODO = {
    Periodicidad.MENSUAL: 1,
    Periodicidad.TRIMESTRAL: 3,
    Periodicidad.SEMESTRAL: 6,
    Periodicidad.ANUAL: 12,
}


@dataclass(frozen=True)
class Vigencia:
    """Resultado del cálculo: estado, periodo que debería estar publicado y fecha límite."""

    estado: EstadoVigencia
    cubre_hasta: dt.date
    siguiente_fin: dt.date
    limite: dt.date
    motivo: str


def fin_de_periodo(dia: dt.date, periodicidad: Periodicidad) -> dt.date:
    """Último día del periodo de calendario que contiene `dia` (31/03, 30/06, ...)."""
    meses = _MESES_POR_PERIODO[periodicidad]
    ultimo_mes = ((dia.month - 1) // meses + 1) * meses
    if ultimo_mes == 12:
        return dt.date(dia.year, 12, 31)
    return dt.date(dia.year, ultimo_mes + 1, 1) - dt.timedelta(days=1)


def periodo_publicable(actualizado: dt.date, periodicidad: Periodicidad) -> dt.date:
    """Fin del último periodo completo a la fecha de una actualización (lo que puede cubrir)."""
    if fin_de_periodo(actualizado, periodicidad) == actualizado:
        return actualizado
    meses = _MESES_POR_PERIODO[periodicidad]
    primer_mes = (actualizado.month - 1) // meses * meses + 1
    return dt.date(actualizado.year, primer_mes, 1) - dt.timedelta(days=1)


def _fecha(dia: dt.date) -> str:
    """DD/MM/AAAA, como en el resto de la interfaz."""
    return f"{dia:%d/%m/%Y}"


def vigencia(cubre_hasta: dt.date, periodicidad: Periodicidad, hoy: dt.date) -> Vigencia:
    """Estado de un formato que cubre hasta `cubre_hasta`, visto el día `hoy`."""
    siguiente = fin_de_periodo(cubre_hasta + dt.timedelta(days=1), periodicidad)
    limite = siguiente + dt.timedelta(days=PLAZO_DIAS)
    if hoy <= siguiente:
        estado = EstadoVigencia.AL_DIA
        motivo = f"cubre hasta el {_fecha(cubre_hasta)}; el periodo en curso cierra el "
        motivo += _fecha(siguiente)
    elif hoy <= limite:
        estado = EstadoVigencia.POR_VENCER
        motivo = f"falta el periodo que cerró el {_fecha(siguiente)}; vence el {_fecha(limite)}"
        motivo += f" (quedan {(limite - hoy).days} días)"
    else:
        estado = EstadoVigencia.VENCIDO
        motivo = f"falta el periodo que cerró el {_fecha(siguiente)}; venció el {_fecha(limite)}"
        motivo += f" (hace {(hoy - limite).days} días)"
    return Vigencia(estado, cubre_hasta, siguiente, limite, motivo)
