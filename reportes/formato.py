"""Formato es-MX puro: fechas, números, porcentajes, rangos de fechas y texto resaltado."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

import pandas as pd

from analisis.normalizar import MESES, celda_segura

VACIO = "—"


def _es_nulo(valor: object) -> bool:
    """None, NaN o NaT."""
    if valor is None:
        return True
    try:
        return bool(pd.isna(valor))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def a_local(momento: dt.datetime, zona: ZoneInfo) -> dt.datetime:
    """Convierte un momento con zona a la zona de la oficina (uno ingenuo se toma como UTC)."""
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=dt.UTC)
    return momento.astimezone(zona)


def fecha_larga(valor: dt.date | dt.datetime | None, zona: ZoneInfo | None = None) -> str:
    """«26 de noviembre de 2026»; con un datetime y zona, la fecha local."""
    if valor is None or _es_nulo(valor):
        return VACIO
    if isinstance(valor, dt.datetime) and zona is not None:
        valor = a_local(valor, zona)
    return f"{valor.day} de {MESES[valor.month - 1]} de {valor.year}"


def fecha_hora(valor: dt.datetime | None, zona: ZoneInfo) -> str:
    """«26 de noviembre de 2026, 14:05» en la zona dada."""
    if valor is None or _es_nulo(valor):
        return VACIO
    local = a_local(valor, zona)
    return f"{fecha_larga(local)}, {local:%H:%M}"


def a_cifra(valor: object) -> float | None:
    """El valor como float finito; None si falta (None, NaN, NA), es texto o no es numérico."""
    if valor is None or isinstance(valor, str | bytes) or _es_nulo(valor):
        return None
    try:
        numero_ = float(valor)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return numero_ if math.isfinite(numero_) else None


def numero(valor: object, decimales: int = 0) -> str:
    """«1,234.5»: coma de miles y punto decimal (es-MX)."""
    valor_ = a_cifra(valor)
    return VACIO if valor_ is None else f"{valor_:,.{decimales}f}"


def plural(cuantos: int, singular: str, plural_: str | None = None) -> str:
    """«1 nota», «3 notas», «1 destinatario», «2 boletines» (con separador de miles)."""
    palabra = singular if cuantos == 1 else (plural_ or _pluralizar(singular))
    return f"{numero(cuantos)} {palabra}"


def _pluralizar(palabra: str) -> str:
    """Plural regular de la última palabra («pasaje» → «pasajes», «edición» → «ediciones»)."""
    *antes, ultima = palabra.split(" ")
    if ultima.endswith(("ón", "ín")):
        ultima = ultima[:-2] + {"ó": "o", "í": "i"}[ultima[-2]] + "nes"
    elif ultima[-1] in "aeiouáéó":
        ultima += "s"
    else:
        ultima += "es"
    return " ".join([*antes, ultima])


def porcentaje(proporcion: object, decimales: int = 1) -> str:
    """Proporción 0–1 como «45.3 %»."""
    valor_ = a_cifra(proporcion)
    return VACIO if valor_ is None else f"{numero(valor_ * 100, decimales)} %"


def horas(valor: object) -> str:
    """Horas con un decimal («5.2 h»); más de dos días, en días («3.5 días»)."""
    valor_ = a_cifra(valor)
    if valor_ is None:
        return VACIO
    if valor_ >= 48:
        return f"{numero(valor_ / 24, 1)} días"
    return f"{numero(valor_, 1)} h"


def cambio(actual: float | None, anterior: float | None, *, puntos: bool = False) -> str | None:
    """Texto del cambio contra el periodo anterior («+12.5 %» o «+3.0 pp»); None si no aplica."""
    if actual is None or anterior is None or _es_nulo(actual) or _es_nulo(anterior):
        return None
    if puntos:
        return f"{(actual - anterior) * 100:+,.1f} pp"
    if anterior == 0:
        return None if actual == 0 else "nuevo"
    return f"{(actual - anterior) / anterior * 100:+,.1f} %"


def rango_utc(desde: dt.date, hasta: dt.date, zona: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Días locales [desde, hasta] como intervalo UTC semiabierto [inicio, fin)."""
    inicio = dt.datetime.combine(desde, dt.time(), zona)
    fin = dt.datetime.combine(hasta + dt.timedelta(days=1), dt.time(), zona)
    return inicio.astimezone(dt.UTC), fin.astimezone(dt.UTC)


def periodo_anterior(desde: dt.date, hasta: dt.date) -> tuple[dt.date, dt.date]:
    """El periodo de igual duración que termina justo antes de `desde`."""
    dias = (hasta - desde).days + 1
    return desde - dt.timedelta(days=dias), desde - dt.timedelta(days=1)


def _intervalos_validos(intervalos: Iterable[Sequence[int]], largo: int) -> list[tuple[int, int]]:
    """Recorta a [0, largo], descarta vacíos y fusiona los que se enciman."""
    limpios = sorted((max(0, int(i)), min(largo, int(f))) for i, f in intervalos if int(f) > int(i))
    fusionados: list[tuple[int, int]] = []
    for ini, fin in limpios:
        if fin <= ini:
            continue
        if fusionados and ini <= fusionados[-1][1]:
            fusionados[-1] = (fusionados[-1][0], max(fin, fusionados[-1][1]))
        else:
            fusionados.append((ini, fin))
    return fusionados


def resaltar(texto: str, intervalos: Iterable[Sequence[int]]) -> str:
    """HTML del texto escapado con los intervalos [ini, fin) entre <mark>; saltos como <br>."""
    partes: list[str] = []
    cursor = 0
    for ini, fin in _intervalos_validos(intervalos, len(texto)):
        partes.append(html.escape(texto[cursor:ini]))
        partes.append(f"<mark>{html.escape(texto[ini:fin])}</mark>")
        cursor = fin
    partes.append(html.escape(texto[cursor:]))
    return "".join(partes).replace("\n", "<br>")


def neutralizar_formulas(marco: pd.DataFrame) -> pd.DataFrame:
    """Copia del marco con encabezados y celdas de texto neutralizados para CSV/Excel."""
    limpio = marco.copy()
    limpio.columns = [str(celda_segura(str(c))) for c in limpio.columns]
    for columna in limpio.columns:
        if limpio[columna].dtype == object or pd.api.types.is_string_dtype(limpio[columna]):
            limpio[columna] = limpio[columna].map(celda_segura)
    return limpio
