"""Reportes (síntesis diaria, mensual, por boletín) y formato es-MX propio de los reportes."""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
VACIO = "—"
INSTITUCION = "H. Ayuntamiento de Tampacán, S.L.P."
DIRECCION = "Dirección de Comunicación Social"
# Resumen "de dos líneas": dos oraciones, y nunca más de esto (≈ dos renglones de PDF en A4).
LARGO_RESUMEN = 280
_FIN_ORACION = re.compile(r"(?<=[.!?…])\s+(?=[¿¡\"“«A-ZÁÉÍÓÚÑ0-9])")


def fecha_larga(valor: dt.date | dt.datetime | None, zona: ZoneInfo | None = None) -> str:
    """«26 de noviembre de 2026»; un datetime con zona se lleva primero a la zona dada."""
    if valor is None:
        return VACIO
    if isinstance(valor, dt.datetime) and zona is not None:
        valor = local(valor, zona)
    return f"{valor.day} de {MESES[valor.month - 1]} de {valor.year}"


def fecha_hora(valor: dt.datetime | None, zona: ZoneInfo) -> str:
    """«26 de noviembre de 2026, 14:05» en la zona de la oficina."""
    if valor is None:
        return VACIO
    return f"{fecha_larga(valor, zona)}, {local(valor, zona):%H:%M}"


def mes_largo(anio: int, mes: int) -> str:
    """«noviembre de 2026»."""
    return f"{MESES[mes - 1]} de {anio}"


def flotante(valor: object) -> float | None:
    """El valor como float finito; None si falta (None, NaN, NA) o no es numérico."""
    if valor is None or isinstance(valor, str | bytes):
        return None
    try:
        numero_ = float(valor)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return numero_ if math.isfinite(numero_) else None


def numero(valor: object, decimales: int = 0) -> str:
    """«1,234.5»: coma de miles y punto decimal (es-MX)."""
    cifra = flotante(valor)
    return VACIO if cifra is None else f"{cifra:,.{decimales}f}"


def porcentaje(proporcion: object, decimales: int = 1) -> str:
    """Proporción 0–1 como «45.3 %»."""
    cifra = flotante(proporcion)
    return VACIO if cifra is None else f"{numero(cifra * 100, decimales)} %"


def horas(valor: object) -> str:
    """«5.2 h»; más de dos días, «3.5 días»."""
    cifra = flotante(valor)
    if cifra is None:
        return VACIO
    if cifra >= 48:
        return f"{numero(cifra / 24, 1)} días"
    return f"{numero(cifra, 1)} h"


def local(momento: dt.datetime, zona: ZoneInfo) -> dt.datetime:
    """El momento en la zona de la oficina (uno ingenuo se toma como UTC)."""
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=dt.UTC)
    return momento.astimezone(zona)


def dias_utc(desde: dt.date, hasta: dt.date, zona: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Días locales [desde, hasta] como intervalo UTC semiabierto [inicio, fin)."""
    inicio = dt.datetime.combine(desde, dt.time(), zona)
    fin = dt.datetime.combine(hasta + dt.timedelta(days=1), dt.time(), zona)
    return inicio.astimezone(dt.UTC), fin.astimezone(dt.UTC)


def enlace_publico(url_original: str | None, url_canonica: str | None) -> str | None:
    """La URL original o la canónica si es http(s); None para URN de impresos, radio y TV."""
    for url in (url_original, url_canonica):
        if url and url.strip().lower().startswith(("http://", "https://")):
            return url.strip()
    return None


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
