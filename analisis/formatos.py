"""Lectura y escritura de los formatos de lote: B.jsonl, N.jsonl y P.csv (GUIA §4)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from analisis.emparejamiento import Documento, Pareja

# Una fecha sin zona en los archivos de lote es hora de la oficina (America/Mexico_City).
ZONA_OFICINA = ZoneInfo("America/Mexico_City")
ENCABEZADO_PAREJAS = ("nota_id", "boletin_id", "nivel", "puntaje")


def _fecha(valor: Any, donde: str) -> dt.datetime | None:
    """Fecha ISO 8601 (con o sin hora/zona) o None."""
    if valor is None or valor == "":
        return None
    if not isinstance(valor, str):
        raise ValueError(f"{donde}: el campo «fecha» debe ser texto ISO 8601")
    try:
        fecha = dt.datetime.fromisoformat(valor.strip())
    except ValueError:
        raise ValueError(f"{donde}: fecha inválida «{valor}» (use ISO 8601)") from None
    return fecha if fecha.tzinfo else fecha.replace(tzinfo=ZONA_OFICINA)


def _texto(registro: dict[str, Any], campo: str, donde: str, *, requerido: bool) -> str:
    """Campo de texto (los identificadores numéricos se aceptan y se vuelven texto)."""
    valor = registro.get(campo)
    if valor is None:
        if requerido:
            raise ValueError(f"{donde}: falta el campo «{campo}»")
        return ""
    if isinstance(valor, bool) or not isinstance(valor, str | int | float):
        raise ValueError(f"{donde}: el campo «{campo}» debe ser texto")
    return str(valor)


def _documento(linea: str, donde: str) -> Documento:
    """Un documento a partir de una línea JSON."""
    try:
        registro = json.loads(linea)
    except json.JSONDecodeError as error:
        raise ValueError(f"{donde}: JSON inválido (columna {error.colno})") from None
    if not isinstance(registro, dict):
        raise ValueError(f"{donde}: se esperaba un objeto JSON")
    identificador = _texto(registro, "id", donde, requerido=True)
    if not identificador.strip():
        raise ValueError(f"{donde}: el campo «id» está vacío")
    return Documento(
        id=identificador,
        titulo=_texto(registro, "titulo", donde, requerido=False),
        texto=_texto(registro, "texto", donde, requerido=True),
        fecha=_fecha(registro.get("fecha"), donde),
    )


def leer_documentos(ruta: Path) -> Iterator[Documento]:
    """Documentos de un archivo JSON Lines; ValueError con archivo y línea ante cualquier error."""
    vistos: set[str] = set()
    try:
        with ruta.open(encoding="utf-8-sig") as archivo:
            for numero, linea in enumerate(archivo, start=1):
                if not linea.strip():
                    continue
                donde = f"{ruta.name}, línea {numero}"
                doc = _documento(linea, donde)
                if doc.id in vistos:
                    raise ValueError(f"{donde}: el id «{doc.id}» está repetido")
                vistos.add(doc.id)
                yield doc
    except FileNotFoundError:
        raise ValueError(f"no existe el archivo {ruta}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{ruta.name}: el archivo no está en UTF-8") from None


def escribir_parejas(parejas: Iterable[Pareja], salida: TextIO) -> int:
    """Escribe P.csv (nota_id,boletin_id,nivel,puntaje); devuelve cuántas filas escribió."""
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(ENCABEZADO_PAREJAS)
    filas = 0
    for p in parejas:
        escritor.writerow((p.nota_id, p.boletin_id, p.nivel, f"{p.puntaje:.4f}"))
        filas += 1
    return filas
