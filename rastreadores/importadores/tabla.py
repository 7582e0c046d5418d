"""Lectura robusta de tablas CSV o Excel: codificación, separador, encabezados y número de línea."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from analisis.normalizar import plegar
from datos.aislado import acotado
from rastreadores.importadores.archivos import TABLAS, ArchivoValidado, validar_archivo

log = logging.getLogger(__name__)

SEPARADORES = ",;\t|"
# Una importación de clips o publicaciones de un mes cabe de sobra; más es un error o un ataque.
MAXIMO_FILAS = 50_000
# Excel en español guarda CSV con «;» y cp1252; LibreOffice y Google Sheets con «,» y UTF-8.
# Se adivina con el primer renglón: gana el separador que más aparece fuera de comillas.
_NO_ALFANUMERICO = re.compile(r"[^a-z0-9]+")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Fila:
    """Un renglón de datos con su número de línea en el archivo (1 = encabezados)."""

    linea: int
    valores: dict[str, Any]


@dataclass(frozen=True)
class Tabla:
    """Encabezados normalizados y renglones de datos no vacíos."""

    encabezados: tuple[str, ...]
    filas: tuple[Fila, ...]


def normalizar_encabezado(texto: object) -> str:
    """Minúsculas sin acentos ni signos: «Duración (seg.)» → «duracion seg»."""
    return _NO_ALFANUMERICO.sub(" ", plegar(str(texto or ""))).strip()


def decodificar(contenido: bytes) -> str:
    """Texto del CSV: BOM, luego UTF-8 estricto y, si falla, cp1252 (Excel de Windows)."""
    for bom, nombre in _BOMS:
        if contenido.startswith(bom):
            return contenido.decode(nombre, errors="replace").lstrip("\ufeff")
    try:
        return contenido.decode("utf-8")
    except UnicodeDecodeError:
        return contenido.decode("cp1252", errors="replace")


def _fuera_de_comillas(linea: str) -> str:
    """La línea sin lo que va entre comillas dobles."""
    return re.sub(r'"[^"]*"', "", linea)


def detectar_separador(texto: str) -> str:
    """Separador más frecuente en el primer renglón no vacío (coma si no hay ninguno)."""
    primera = next((linea for linea in texto.splitlines() if linea.strip()), "")
    limpia = _fuera_de_comillas(primera)
    conteos = {s: limpia.count(s) for s in SEPARADORES}
    mejor = max(conteos, key=lambda s: conteos[s])
    return mejor if conteos[mejor] else ","


def _vacia(valores: Iterable[Any]) -> bool:
    """¿Todas las celdas están vacías?"""
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in valores)


def _armar(renglones: Iterator[tuple[int, list[Any]]]) -> Tabla:
    """Toma el primer renglón no vacío como encabezados y arma las filas con su línea."""
    encabezados: list[str] | None = None
    filas: list[Fila] = []
    for linea, celdas in renglones:
        if _vacia(celdas):
            continue
        if len(filas) >= MAXIMO_FILAS:
            raise ValueError(f"el archivo tiene más de {MAXIMO_FILAS:,} filas: divídalo")
        if encabezados is None:
            encabezados = [normalizar_encabezado(c) for c in celdas]
            continue
        valores = dict(zip(encabezados, celdas, strict=False))
        filas.append(Fila(linea, {k: v for k, v in valores.items() if k}))
    if encabezados is None:
        raise ValueError("el archivo está vacío: no tiene encabezados ni datos")
    return Tabla(tuple(e for e in encabezados if e), tuple(filas))


def _renglones_csv(texto: str) -> Iterator[tuple[int, list[Any]]]:
    """Renglones del CSV con la línea física donde empieza cada uno."""
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=detectar_separador(texto))
    while True:
        inicio = lector.line_num + 1
        try:
            celdas = next(lector)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValueError(f"CSV mal formado cerca de la línea {inicio}: {exc}") from exc
        yield inicio, list(celdas)


def _renglones_excel(contenido: bytes) -> Iterator[tuple[int, list[Any]]]:
    """Renglones de la primera hoja con su número de fila de Excel."""
    try:
        libro = openpyxl.load_workbook(io.BytesIO(contenido), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl lanza KeyError, zipfile y XML según el daño
        raise ValueError(f"no se pudo leer el archivo de Excel: {type(exc).__name__}") from exc
    try:
        hoja = libro.worksheets[0]
        for numero, celdas in enumerate(hoja.iter_rows(values_only=True), start=1):
            yield numero, list(celdas)
    finally:
        libro.close()


def tabla_de(validado: ArchivoValidado) -> Tabla:
    """Tabla de un archivo ya validado (texto CSV o .xlsx)."""
    if validado.tipo == "xlsx":
        return _armar(_renglones_excel(validado.contenido))
    return _armar(_renglones_csv(decodificar(validado.contenido)))


def leer_tabla(archivo: Path) -> Tabla:
    """Valida y lee un CSV (cualquier codificación y separador) o un Excel .xlsx.

    La lectura corre en un proceso acotado en tiempo y memoria (`datos.aislado`).
    """
    return acotado(tabla_de, validar_archivo(archivo, TABLAS))


def ubicar_columnas(tabla: Tabla, alias: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Para cada campo, el primer encabezado presente de sus alias (ya normalizados)."""
    presentes = set(tabla.encabezados)
    ubicadas: dict[str, str] = {}
    for campo, nombres in alias.items():
        encontrado = next((n for n in map(normalizar_encabezado, nombres) if n in presentes), None)
        if encontrado is not None:
            ubicadas[campo] = encontrado
    return ubicadas


def celda_texto(valor: Any) -> str | None:
    """Texto limpio de una celda (None si está vacía); 12.0 → «12»."""
    if valor is None:
        return None
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    if isinstance(valor, dt.datetime | dt.date | dt.time):
        return valor.isoformat()
    limpio = str(valor).strip()
    return limpio or None


_FECHA_NUMERICA = re.compile(r"^(\d{1,4})[/\-.](\d{1,2})[/\-.](\d{2,4})(?:[ T,]+(.+))?$")
_HORA = re.compile(
    r"^(\d{1,2})\s*[:h.]\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\.\d+)?\s*(?:([ap])\.?\s*m\.?)?$",
    re.IGNORECASE,
)
_ENTERO_CON_MILES = re.compile(r"^-?\d{1,3}([,.' ])\d{3}(?:\1\d{3})*$")
SEGUNDOS_DIA = 86_400


def celda_hora(valor: Any) -> dt.time:
    """Hora de una celda: time de Excel, fracción de día, «07:30», «7:30:15», «7.30 p. m.»."""
    if isinstance(valor, dt.datetime):
        return valor.time()
    if isinstance(valor, dt.time):
        return valor
    if isinstance(valor, int | float) and not isinstance(valor, bool) and 0 <= valor < 1:
        segundos = round(valor * SEGUNDOS_DIA)
        return dt.time(segundos // 3600, segundos % 3600 // 60, segundos % 60)
    texto = celda_texto(valor) or ""
    m = _HORA.match(texto)
    if m is None:
        raise ValueError(f"hora inválida: {texto!r} (use HH:MM)")
    hora, minuto, segundo = int(m[1]), int(m[2]), int(m[3] or 0)
    if m[4] and hora <= 12:
        hora = hora % 12 + (12 if m[4].lower() == "p" else 0)
    try:
        return dt.time(hora, minuto, segundo)
    except ValueError as exc:
        raise ValueError(f"hora inválida: {texto!r}") from exc


def _fecha_numerica(m: re.Match[str], dia_primero: bool) -> dt.date:
    """Fecha de «25/11/2026» (o 11/25/2026 si no es día primero, o 2026-11-25)."""
    a, b, c = (int(g) for g in m.groups()[:3])
    if len(m[1]) == 4:
        return dt.date(a, b, c)
    anio = c + 2000 if c < 100 else c
    dia, mes = (a, b) if dia_primero else (b, a)
    if mes > 12 >= dia:  # el orden del archivo no era el supuesto: 25/11 o 11/25 sólo tienen uno
        dia, mes = mes, dia
    return dt.date(anio, mes, dia)


def _fecha_de_texto(texto: str, dia_primero: bool) -> tuple[dt.date, dt.time | None]:
    """Fecha (y hora si viene) de un texto ISO o numérico."""
    try:
        iso = dt.datetime.fromisoformat(texto.replace("Z", "+00:00"))
        return iso.date(), (iso.timetz() if iso.time() != dt.time(0) else None)
    except ValueError:
        pass
    m = _FECHA_NUMERICA.match(texto)
    if m is None:
        raise ValueError(f"fecha inválida: {texto!r} (use AAAA-MM-DD o DD/MM/AAAA)")
    try:
        fecha = _fecha_numerica(m, dia_primero)
    except ValueError as exc:
        raise ValueError(f"fecha inválida: {texto!r}") from exc
    return fecha, (celda_hora(m[4]) if m[4] else None)


def celda_fecha(valor: Any, *, dia_primero: bool = True) -> tuple[dt.date, dt.time | None]:
    """Fecha de una celda y su hora si la trae (None si no o si es medianoche de Excel)."""
    if isinstance(valor, dt.datetime):
        return valor.date(), (valor.timetz() if valor.time() != dt.time(0) else None)
    if isinstance(valor, dt.date):
        return valor, None
    texto = celda_texto(valor)
    if texto is None:
        raise ValueError("falta la fecha")
    return _fecha_de_texto(texto, dia_primero)


def celda_entero(valor: Any) -> int | None:
    """Entero de una celda: 1234, 1234.0, «1,234», «1 234»; None si está vacía."""
    if isinstance(valor, bool):
        raise ValueError(f"número inválido: {valor!r}")
    if isinstance(valor, int):
        return valor
    texto = celda_texto(valor)
    if texto is None:
        return None
    if _ENTERO_CON_MILES.match(texto):
        texto = re.sub(r"[,.' ]", "", texto)
    try:
        numero = float(texto)
    except ValueError as exc:
        raise ValueError(f"número inválido: {texto!r}") from exc
    if not math.isfinite(numero):
        raise ValueError(f"número inválido: {texto!r}")
    return round(numero)
