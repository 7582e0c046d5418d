"""`monitoreo tablero`: sirve el tablero Streamlit."""

from __future__ import annotations

from typing import Annotated

import typer

from operacion.base_datos import base_lista
from operacion.trabajos import servir_tablero


def tablero(
    puerto: Annotated[int, typer.Option("--puerto", help="Puerto HTTP del tablero.")] = 8501,
) -> None:
    """Abre el tablero."""

    base_lista()
    raise typer.Exit(servir_tablero(puerto))
