"""Insights de la página del Ayuntamiento exportados de Meta Business Suite (CSV o Excel).

Dos formas, encabezados en español o inglés:
- Por fecha (un renglón por día o por mes): «Fecha/Date», «Alcance/Reach», «Interacciones/
  Content interactions», «Seguidores/Followers» y, si vienen, columnas por rango de edad
  («18-24», «F.18-24», «Mujeres 25-34»…; se suman por rango). Cada mes junta sus días: el alcance
  es el máximo diario (personas únicas: no se suman, es una cota inferior del mes), las
  interacciones se suman, los seguidores y las edades son los del último renglón con dato
  (Meta exporta de la fecha más antigua a la más reciente).
- Audiencia por edad (un renglón por rango: «Edad/Age» y columnas de mujeres, hombres…): se
  guarda en el mes que se indique.
Reimportar el mismo mes lo reemplaza con las cifras nuevas (sólo los campos que trae el archivo).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from analisis.facebook import rango_de
from analisis.normalizar import MESES
from datos.repositorio.facebook import guardar_insights
from rastreadores.importadores.tabla import (
    Fila,
    Tabla,
    celda_entero,
    celda_fecha,
    celda_texto,
    leer_tabla,
    ubicar_columnas,
)

log = logging.getLogger(__name__)

ALIAS: dict[str, tuple[str, ...]] = {
    "fecha": ("Date", "Fecha", "Month", "Mes", "Periodo", "Period"),
    "alcance": (
        "Facebook reach",
        "Alcance de Facebook",
        "Page reach",
        "Alcance de la página",
        "Reach",
        "Alcance",
    ),
    "interacciones": (
        "Content interactions",
        "Interacciones con el contenido",
        "Engagement",
        "Post engagements",
        "Interacciones con la publicación",
        "Interacciones",
    ),
    "seguidores": (
        "Facebook followers",
        "Seguidores de Facebook",
        "Total followers",
        "Total de seguidores",
        "Followers",
        "Seguidores",
    ),
    "edad": ("Age", "Edad", "Rango de edad", "Age range"),
}
_MES_NUMERICO = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_MES_TEXTO = re.compile(r"^([a-záéíóúñ]+)\s+(?:de\s+)?(\d{4})$", re.IGNORECASE)
# «1,234» o «12 345»: separador de miles (un «0.125» es fracción, no 125).
_MILES = re.compile(r"[1-9]\d{0,2}(?:[,. ]\d{3})+")
_PORCENTAJE = re.compile(r"^\s*([\d.,]+)\s*%\s*$")


@dataclass
class ResultadoInsights:
    """Meses guardados (AAAA-MM) y errores por renglón (línea, motivo en español)."""

    meses: list[str] = field(default_factory=list)
    errores: list[tuple[int, str]] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        """Para `--json`."""
        return {
            "meses": self.meses,
            "errores": [{"renglon": n, "motivo": m} for n, m in self.errores],
        }


@dataclass
class Mes:
    """Lo acumulado de un mes."""

    alcance: int | None = None
    interacciones: int | None = None
    seguidores: int | None = None
    por_edad: dict[str, float] = field(default_factory=dict)


def cifra(valor: Any) -> float | None:
    """Número de una celda: 1234, «1,234», «12.5%», «12,5 %»; None si está vacía."""
    texto = celda_texto(valor)
    if texto is None:
        return None
    porcentaje = _PORCENTAJE.match(texto)
    if porcentaje:
        numero = float(porcentaje.group(1).replace(",", "."))
    elif _MILES.fullmatch(texto):
        numero = float(celda_entero(texto) or 0)
    else:
        try:
            numero = float(texto)
        except ValueError as exc:
            raise ValueError(f"número inválido: {texto!r}") from exc
    if not math.isfinite(numero) or numero < 0:
        raise ValueError(f"número inválido: {texto!r}")
    return numero


def leer_mes(valor: Any) -> dt.date:
    """Primer día del mes de una celda: fecha, «2026-11», «noviembre 2026»."""
    texto = celda_texto(valor) or ""
    numerico = _MES_NUMERICO.match(texto)
    if numerico and 1 <= int(numerico.group(2)) <= 12:
        return dt.date(int(numerico.group(1)), int(numerico.group(2)), 1)
    nombrado = _MES_TEXTO.match(texto)
    if nombrado and nombrado.group(1).lower() in MESES:
        return dt.date(int(nombrado.group(2)), MESES.index(nombrado.group(1).lower()) + 1, 1)
    return celda_fecha(valor)[0].replace(day=1)


def _columnas_edad(tabla: Tabla, usadas: set[str]) -> dict[str, str]:
    """Encabezado → rango de edad, para los que nombran uno."""
    return {
        encabezado: rango
        for encabezado in tabla.encabezados
        if encabezado not in usadas and (rango := rango_de(encabezado)) is not None
    }


def _edades_de(fila: Fila, columnas: Mapping[str, str]) -> dict[str, float]:
    """Seguidores por rango de la fila (suma de géneros); vacío si no trae."""
    por_edad: dict[str, float] = {}
    for encabezado, rango in columnas.items():
        valor = cifra(fila.valores.get(encabezado))
        if valor is not None:
            por_edad[rango] = por_edad.get(rango, 0.0) + valor
    return por_edad


def _entero(fila: Fila, columna: str | None) -> int | None:
    """Entero de la columna (None si no existe o está vacía)."""
    if columna is None:
        return None
    numero = cifra(fila.valores.get(columna))
    return None if numero is None else round(numero)


def _sumar(mes: Mes, fila: Fila, columnas: Mapping[str, str], edades: Mapping[str, str]) -> None:
    """Acumula un renglón en su mes (máximo de alcance, suma de interacciones, último del resto)."""
    alcance = _entero(fila, columnas.get("alcance"))
    interacciones = _entero(fila, columnas.get("interacciones"))
    seguidores = _entero(fila, columnas.get("seguidores"))
    por_edad = _edades_de(fila, edades)
    if alcance is not None:
        mes.alcance = max(mes.alcance or 0, alcance)
    if interacciones is not None:
        mes.interacciones = (mes.interacciones or 0) + interacciones
    if seguidores is not None:
        mes.seguidores = seguidores
    if por_edad:
        mes.por_edad = por_edad


def _por_fecha(
    tabla: Tabla, columnas: Mapping[str, str], r: ResultadoInsights
) -> dict[dt.date, Mes]:
    """Meses acumulados de una exportación con columna de fecha."""
    edades = _columnas_edad(tabla, set(columnas.values()))
    if not edades and not {"alcance", "interacciones", "seguidores"} & set(columnas):
        raise ValueError(
            "no se encontró ninguna cifra de la página: faltan «Alcance/Reach», "
            "«Interacciones/Content interactions», «Seguidores/Followers» o rangos de edad"
        )
    meses: dict[dt.date, Mes] = {}
    for fila in tabla.filas:
        try:
            mes = leer_mes(fila.valores.get(columnas["fecha"]))
            _sumar(meses.setdefault(mes, Mes()), fila, columnas, edades)
        except ValueError as exc:
            r.errores.append((fila.linea, str(exc)))
    return meses


def _por_edad(tabla: Tabla, columna: str, r: ResultadoInsights) -> dict[str, float]:
    """Audiencia con un renglón por rango de edad: suma de las columnas numéricas."""
    por_edad: dict[str, float] = {}
    for fila in tabla.filas:
        rango = rango_de(celda_texto(fila.valores.get(columna)) or "")
        if rango is None:
            r.errores.append((fila.linea, "el renglón no nombra un rango de edad de Meta"))
            continue
        try:
            cifras = [cifra(v) for k, v in fila.valores.items() if k != columna]
        except ValueError as exc:
            r.errores.append((fila.linea, str(exc)))
            continue
        por_edad[rango] = por_edad.get(rango, 0.0) + sum(c for c in cifras if c is not None)
    return por_edad


def importar_insights(
    sesion: Session, archivo: Path, mes: dt.date | None = None
) -> ResultadoInsights:
    """Importa los insights de la página; ValueError (en español) si el archivo no sirve."""
    tabla = leer_tabla(archivo)
    columnas = ubicar_columnas(tabla, ALIAS)
    resultado = ResultadoInsights()
    if "fecha" in columnas:
        meses = _por_fecha(tabla, columnas, resultado)
    elif "edad" in columnas:
        if mes is None:
            raise ValueError(
                "el archivo es de audiencia por edad sin fechas: indique --mes AAAA-MM"
            )
        meses = {mes.replace(day=1): Mes(por_edad=_por_edad(tabla, columnas["edad"], resultado))}
    else:
        raise ValueError(
            "no parece una exportación de insights de la página: falta la columna "
            "«Fecha» / «Date» (o «Edad» / «Age» en la de audiencia)"
        )
    for inicio, datos in sorted(meses.items()):
        guardar_insights(
            sesion,
            inicio,
            alcance=datos.alcance,
            interacciones=datos.interacciones,
            seguidores=datos.seguidores,
            por_edad=datos.por_edad,
            archivo=archivo.name,
        )
        resultado.meses.append(f"{inicio:%Y-%m}")
    resultado.errores.sort()
    log.info("insights de la página %s: %s", archivo.name, resultado)
    return resultado
