"""Libros de Excel (xlsxwriter) con celdas de texto neutralizadas contra inyección de fórmulas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from analisis.normalizar import celda_segura

# Prefijos que Excel/LibreOffice interpretan como fórmula (inyección CSV/Excel, OWASP).
# Ancho de columna en caracteres: legible sin que una columna ocupe toda la pantalla.
ANCHO_MINIMO = 8
ANCHO_MAXIMO = 60
# Excel no acepta hipervínculos más largos; esos quedan como texto.
LARGO_MAXIMO_URL = 2000


@dataclass(frozen=True)
class Hoja:
    """Una hoja: nombre, encabezados, filas y, opcional, la columna que lleva enlaces."""

    nombre: str
    encabezados: Sequence[str]
    filas: Sequence[Sequence[object]]
    columna_enlace: int | None = None


def escribir_libro(salida: Path, hojas: Sequence[Hoja]) -> Path:
    """Escribe el libro con una hoja por elemento y devuelve la ruta."""
    salida.parent.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(
        str(salida), {"strings_to_formulas": False, "strings_to_urls": False}
    )
    formatos = {
        "encabezado": libro.add_format(
            {"bold": True, "bg_color": "#7A1E34", "font_color": "white"}
        ),
        "texto": libro.add_format({"text_wrap": True, "valign": "top"}),
        "fecha": libro.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"}),
        "enlace": libro.add_format({"font_color": "blue", "underline": 1, "valign": "top"}),
    }
    for hoja in hojas:
        _escribir_hoja(libro.add_worksheet(hoja.nombre[:31]), hoja, formatos)
    libro.close()
    return salida


def _escribir_hoja(hoja_xlsx: Any, hoja: Hoja, formatos: dict[str, Any]) -> None:
    """Encabezados, filas, anchos, filtro y panel fijo."""
    for j, encabezado in enumerate(hoja.encabezados):
        hoja_xlsx.write_string(0, j, str(celda_segura(str(encabezado))), formatos["encabezado"])
    for i, fila in enumerate(hoja.filas, start=1):
        for j, valor in enumerate(fila):
            enlace = j == hoja.columna_enlace
            _escribir_celda(hoja_xlsx, i, j, valor, formatos, enlace)
    for j, encabezado in enumerate(hoja.encabezados):
        largo = max([len(str(encabezado))] + [len(str(f[j] or "")) for f in hoja.filas])
        hoja_xlsx.set_column(j, j, min(max(largo + 2, ANCHO_MINIMO), ANCHO_MAXIMO))
    hoja_xlsx.freeze_panes(1, 0)
    if hoja.filas:
        hoja_xlsx.autofilter(0, 0, len(hoja.filas), len(hoja.encabezados) - 1)


def _escribir_celda(
    hoja: Any, fila: int, columna: int, valor: object, formatos: dict[str, Any], enlace: bool
) -> None:
    """Escribe un valor con el tipo correcto; el texto siempre como texto neutralizado."""
    if valor is None:
        hoja.write_blank(fila, columna, None)
    elif isinstance(valor, bool):
        hoja.write_string(fila, columna, "sí" if valor else "no", formatos["texto"])
    elif isinstance(valor, int | float):
        hoja.write_number(fila, columna, valor)
    elif isinstance(valor, dt.datetime):
        hoja.write_datetime(fila, columna, valor.replace(tzinfo=None), formatos["fecha"])
    elif enlace and _es_url(str(valor)):
        hoja.write_url(fila, columna, str(valor), formatos["enlace"], string=str(valor))
    else:
        hoja.write_string(fila, columna, str(celda_segura(str(valor))), formatos["texto"])


def _es_url(valor: str) -> bool:
    """URL http(s) que Excel acepta como hipervínculo."""
    return valor.startswith(("http://", "https://")) and len(valor) < LARGO_MAXIMO_URL
