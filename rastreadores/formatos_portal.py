"""Fechas dentro de los formatos del portal de transparencia (Excel del SIPOT, CSV o HTML).

Los formatos del SIPOT traen unas filas de encabezado (título, nombre corto, descripción, tipos
de campo) y luego la fila de etiquetas: «Ejercicio», «Fecha de inicio del periodo que se
informa», «Fecha de término del periodo que se informa», … «Fecha de actualización». Se busca esa
fila en las primeras filas y se leen las fechas de cada registro. openpyxl sólo vive aquí.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from analisis.normalizar import plegar

# La fila de etiquetas del SIPOT está en la 7; 30 filas toleran formatos propios con más notas.
FILAS_ENCABEZADO = 30
# Un formato trimestral de un municipio pequeño rara vez pasa de unos miles de registros.
FILAS_MAXIMAS = 100_000
# Un xlsx es un zip: más de 200 MB descomprimidos es una bomba, no un formato de transparencia.
DESCOMPRIMIDO_MAXIMO = 200 * 1024 * 1024
# Números de serie de Excel plausibles para fechas (1954–2119): evita tomar montos por fechas.
SERIE_MINIMA, SERIE_MAXIMA = 20_000, 80_000

_INICIO = "fecha de inicio del periodo"
_TERMINO = "fecha de termino del periodo"
_ACTUALIZACION = "fecha de actualizacion"
_FECHA_DMA = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})")
_FECHA_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ACTUALIZADO_HTML = re.compile(
    r"actualizaci[oó]n[^0-9<]{0,40}(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})", re.IGNORECASE
)


class FormatoIlegible(ValueError):
    """El archivo no se pudo leer como Excel, CSV ni HTML; el mensaje dice por qué."""


@dataclass(frozen=True)
class FechasFormato:
    """Lo que dice el archivo: periodo que cubre y última actualización declarada."""

    inicio: dt.date | None = None
    fin: dt.date | None = None
    actualizado: dt.date | None = None

    @property
    def vacio(self) -> bool:
        """El archivo no trae ninguna fecha útil."""
        return self.fin is None and self.actualizado is None


def a_fecha(valor: object) -> dt.date | None:
    """Fecha de una celda: datetime, date, número de serie de Excel o texto DD/MM/AAAA o ISO."""
    if isinstance(valor, dt.datetime):
        return valor.date()
    if isinstance(valor, dt.date):
        return valor
    if isinstance(valor, int | float) and not isinstance(valor, bool):
        return _de_serie(float(valor))
    if isinstance(valor, str):
        return _de_texto(valor.strip())
    return None


def _de_serie(serie: float) -> dt.date | None:
    """Número de serie de Excel a fecha, sólo en el rango plausible."""
    if not SERIE_MINIMA <= serie <= SERIE_MAXIMA:
        return None
    convertido = from_excel(serie)
    return convertido.date() if isinstance(convertido, dt.datetime) else None


def _de_texto(texto: str) -> dt.date | None:
    """DD/MM/AAAA (como captura el SIPOT) o AAAA-MM-DD; None si no es fecha válida."""
    try:
        if m := _FECHA_DMA.match(texto):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _FECHA_ISO.match(texto):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def _columnas(fila: Sequence[object]) -> dict[str, int]:
    """Índice de las columnas de fechas en una fila de etiquetas (vacío si no lo es)."""
    indices: dict[str, int] = {}
    for i, celda in enumerate(fila):
        texto = plegar(str(celda)) if isinstance(celda, str) else ""
        for clave in (_INICIO, _TERMINO, _ACTUALIZACION):
            if texto.startswith(clave) and clave not in indices:
                indices[clave] = i
    return indices


def _valor(fila: Sequence[object], indice: int | None) -> dt.date | None:
    """Fecha de la celda `indice` de la fila, si existe."""
    if indice is None or indice >= len(fila):
        return None
    return a_fecha(fila[indice])


def fechas_de_filas(filas: Iterable[Sequence[object]]) -> FechasFormato:
    """Periodo más reciente (término máximo) y última actualización de los registros."""
    iterador = iter(filas)
    columnas = _buscar_encabezado(iterador)
    if not columnas:
        return FechasFormato()
    inicio = fin = actualizado = None
    for fila in _acotadas(iterador):
        termino = _valor(fila, columnas.get(_TERMINO))
        if termino is not None and (fin is None or termino > fin):
            fin, inicio = termino, _valor(fila, columnas.get(_INICIO))
        cambio = _valor(fila, columnas.get(_ACTUALIZACION))
        if cambio is not None and (actualizado is None or cambio > actualizado):
            actualizado = cambio
    return FechasFormato(inicio, fin, actualizado)


def _buscar_encabezado(filas: Iterator[Sequence[object]]) -> dict[str, int]:
    """Avanza hasta la fila de etiquetas con columnas de fechas; vacío si no aparece."""
    for _, fila in zip(range(FILAS_ENCABEZADO), filas, strict=False):
        columnas = _columnas(fila)
        if _TERMINO in columnas or _ACTUALIZACION in columnas:
            return columnas
    return {}


def _acotadas(filas: Iterator[Sequence[object]]) -> Iterator[Sequence[object]]:
    """Las filas de datos, a lo más FILAS_MAXIMAS."""
    for _, fila in zip(range(FILAS_MAXIMAS), filas, strict=False):
        yield fila


def _filas_excel(contenido: bytes) -> Iterator[Sequence[object]]:
    """Filas de la primera hoja de un .xlsx (la de información en los formatos del SIPOT)."""
    try:
        with zipfile.ZipFile(io.BytesIO(contenido)) as archivo:
            tamano = sum(i.file_size for i in archivo.infolist())
        if tamano > DESCOMPRIMIDO_MAXIMO:
            raise FormatoIlegible(f"el Excel descomprimido pesaría {tamano:,} bytes: se descarta")
        libro = load_workbook(io.BytesIO(contenido), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, FormatoIlegible):
            raise
        raise FormatoIlegible(f"el Excel está dañado o no es .xlsx: {exc}") from exc
    try:
        yield from libro.worksheets[0].iter_rows(values_only=True)
    finally:
        libro.close()


def _fechas_excel(contenido: bytes) -> FechasFormato:
    """Fechas de un .xlsx; un XML interno roto (se nota al leer las filas) es FormatoIlegible."""
    try:
        return fechas_de_filas(_filas_excel(contenido))
    except FormatoIlegible:
        raise
    # ParseError de ElementTree y XMLSyntaxError de lxml derivan de SyntaxError.
    except (
        SyntaxError,
        KeyError,
        ValueError,
        TypeError,
        EOFError,
        OSError,
        zipfile.BadZipFile,
    ) as exc:
        raise FormatoIlegible(f"el Excel está dañado: {exc}") from exc


def _texto(contenido: bytes) -> str:
    """Texto de un CSV o HTML: UTF-8 (con o sin BOM) o, si no, Windows-1252 (Excel en México)."""
    try:
        return contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        return contenido.decode("cp1252", errors="replace")


def _filas_csv(contenido: bytes) -> list[list[str]]:
    """Filas de un CSV con el separador que use (coma, punto y coma o tabulador)."""
    texto = _texto(contenido)
    try:
        dialecto: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            texto[:8192], delimiters=",;\t"
        )
    except csv.Error:
        dialecto = csv.excel
    return list(csv.reader(io.StringIO(texto), dialecto))


def _fechas_html(contenido: bytes) -> FechasFormato:
    """Página HTML: sólo la leyenda «Fecha de actualización: 15/10/2026» si la trae."""
    encontradas = [a_fecha(m) for m in _ACTUALIZADO_HTML.findall(_texto(contenido))]
    validas = [f for f in encontradas if f is not None]
    return FechasFormato(actualizado=max(validas)) if validas else FechasFormato()


def leer_fechas(contenido: bytes, tipo: str, url: str) -> FechasFormato:
    """Fechas de un formato según su contenido: xlsx, xls (no soportado), CSV o HTML."""
    if contenido.startswith(b"PK\x03\x04"):
        return _fechas_excel(contenido)
    if contenido.startswith(b"\xd0\xcf\x11\xe0"):
        raise FormatoIlegible("el formato es .xls (Excel 97-2003): guárdelo como .xlsx o CSV")
    inicio = contenido[:512].lstrip().lower()
    if "html" in tipo or inicio.startswith((b"<!doctype", b"<html")):
        return _fechas_html(contenido)
    if "csv" in tipo or url.lower().split("?")[0].endswith((".csv", ".txt")):
        return fechas_de_filas(_filas_csv(contenido))
    raise FormatoIlegible(f"tipo de archivo no reconocido ({tipo or 'sin Content-Type'})")
