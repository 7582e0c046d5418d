"""Salida de la CLI: consola rich, errores de una línea y registro (stderr y archivo rotado)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

# Sin marcado de Rich: nombres de medios, títulos de feeds y rutas traen corchetes («[/bold]»
# hacía fallar `leer-feed` y `medios agregar` con código 1). El estilo va con `style=`.
consola = Console(highlight=False, markup=False)
consola_error = Console(stderr=True, highlight=False, markup=False)


RUIDOSOS = ("spacy", "streamlit", "urllib3", "pdfminer", "fontTools", "PIL")
ARCHIVO_REGISTRO = "monitoreo.log"
# monitoreo.log rota a los 10 MB y guarda 5 anteriores: unas semanas del servicio con INFO.
TAMANO_REGISTRO = 10 * 1024 * 1024
COPIAS_REGISTRO = 5


class ErrorDeUsuario(Exception):
    """Entrada inválida o situación que el usuario puede corregir: código 2, mensaje en español."""


def fallar(mensaje: str, codigo: int = 2) -> NoReturn:
    """Imprime una línea de error en stderr y termina con el código dado."""
    linea = " ".join(mensaje.split())
    print(f"monitoreo: {linea}", file=sys.stderr)
    raise SystemExit(codigo)


def bajo_journal() -> bool:
    """stderr va al journal de systemd (la unidad lo conecta y define JOURNAL_STREAM)."""
    return bool(os.environ.get("JOURNAL_STREAM"))


def configurar_registro(directorio: Path, detalle: bool) -> Path | None:
    """Registro a stderr con --detalle (y en el servicio); a archivo rotado salvo bajo systemd."""
    raiz = logging.getLogger()
    raiz.setLevel(logging.INFO)
    # spaCy trae su propio manejador a stderr: sus avisos de INFO ensuciarían la terminal.
    for ruidoso in RUIDOSOS:
        logging.getLogger(ruidoso).setLevel(logging.WARNING)
    formato = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    if detalle:
        consola_h = logging.StreamHandler(sys.stderr)
        consola_h.setFormatter(formato)
        raiz.addHandler(consola_h)
    if detalle and bajo_journal():
        # El journal ya guarda y rota todo; un segundo archivo sólo duplicaría.
        return None
    try:
        directorio.mkdir(parents=True, exist_ok=True)
        ruta = directorio / ARCHIVO_REGISTRO
        archivo = RotatingFileHandler(
            ruta, maxBytes=TAMANO_REGISTRO, backupCount=COPIAS_REGISTRO, encoding="utf-8"
        )
    except OSError:
        return None
    archivo.setFormatter(formato)
    raiz.addHandler(archivo)
    return ruta


def barra_de_avance() -> Progress:
    """Barra de progreso con velocidad (notas/s) y tiempo restante estimado."""
    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[velocidad]}", markup=False),
        TimeElapsedColumn(),
        TextColumn("quedan"),
        TimeRemainingColumn(),
        console=consola,
        transient=True,
    )


def avance_con_velocidad(barra: Progress, tarea: TaskID) -> Callable[[int, int], None]:
    """Función de avance (hechas, total) que además muestra las notas por segundo."""

    def avanzar(hechas: int, total: int) -> None:
        velocidad = barra.tasks[tarea].speed
        texto = f"{velocidad:,.0f} notas/s" if velocidad else ""
        barra.update(tarea, completed=hechas, total=total, velocidad=texto)

    return avanzar
