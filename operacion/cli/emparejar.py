"""`monitoreo emparejar`: emparejamiento en lote (formatos de la GUIA §4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from datos.config import cargar
from operacion.salida import ErrorDeUsuario, consola


def emparejar(
    boletines: Annotated[Path, typer.Option("--boletines", help="B.jsonl")],
    notas: Annotated[Path, typer.Option("--notas", help="N.jsonl")],
    salida: Annotated[Path, typer.Option("--salida", help="P.csv a escribir.")],
    ventana: Annotated[int | None, typer.Option("--ventana", help="Días tras el boletín.")] = None,
) -> None:
    """Empareja notas con boletines en lote (formatos de la GUIA §4)."""
    from analisis.lote import emparejar_archivos

    dias = ventana if ventana is not None else cargar().ventana_dias
    try:
        filas = emparejar_archivos(boletines, notas, salida, dias)
    except (ValueError, OSError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"{filas} retoma(s) escritas en {salida}", highlight=False)
