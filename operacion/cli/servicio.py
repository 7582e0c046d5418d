"""`monitoreo servicio`: modo desatendido."""

from __future__ import annotations

from typing import Annotated

import typer

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.salida import ErrorDeUsuario


def servicio(
    puerto: Annotated[int, typer.Option("--puerto", help="Puerto del tablero.")] = 8501,
    sin_tablero: Annotated[
        bool, typer.Option("--sin-tablero", help="No sirve el tablero.")
    ] = False,
) -> None:
    """Rastrea, analiza, manda la síntesis diaria, respalda y sirve el tablero, sin atención."""
    from operacion.servicio import servir

    base_lista()
    try:
        servir(cargar(), puerto_tablero=None if sin_tablero else puerto)
    except (RuntimeError, ValueError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc
