"""Reportes (síntesis diaria, mensual, por boletín): utilidades comunes de los reportes."""

from __future__ import annotations

import re

from analisis.metricas import enlace_publico
from analisis.normalizar import MESES
from datos.config import cargar
from reportes.formato import (
    VACIO,
    fecha_hora,
    fecha_larga,
    horas,
    numero,
    porcentaje,
)
from reportes.formato import a_cifra as flotante
from reportes.formato import a_local as local
from reportes.formato import rango_utc as dias_utc


def institucion() -> str:
    """Nombre oficial para encabezados (MONITOREO_INSTITUCION y MONITOREO_ESTADO_ABREVIATURA)."""
    return cargar().institucion.encabezado


DIRECCION = "Dirección de Comunicación Social"
# Resumen "de dos líneas": dos oraciones, y nunca más de esto (≈ dos renglones de PDF en A4).
LARGO_RESUMEN = 280
_FIN_ORACION = re.compile(r"(?<=[.!?…])\s+(?=[¿¡\"“«A-ZÁÉÍÓÚÑ0-9])")


def mes_largo(anio: int, mes: int) -> str:
    """«noviembre de 2026»."""
    return f"{MESES[mes - 1]} de {anio}"


def resumen_corto(resumen: str | None, texto: str) -> str:
    """El resumen de la nota o sus dos primeras oraciones, recortado a dos líneas."""
    base = (resumen or "").strip()
    if not base:
        oraciones = _FIN_ORACION.split(" ".join(texto.split()))
        base = " ".join(oraciones[:2])
    base = " ".join(base.split())
    if len(base) <= LARGO_RESUMEN:
        return base
    return base[: LARGO_RESUMEN - 1].rsplit(" ", 1)[0] + "…"


__all__ = [
    "DIRECCION",
    "LARGO_RESUMEN",
    "MESES",
    "VACIO",
    "dias_utc",
    "enlace_publico",
    "fecha_hora",
    "fecha_larga",
    "flotante",
    "horas",
    "institucion",
    "local",
    "mes_largo",
    "numero",
    "porcentaje",
    "resumen_corto",
]
