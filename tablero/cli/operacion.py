"""Comandos de operación: servicio, respaldos."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from datos.config import cargar
from tablero.cli.salida import ErrorDeUsuario, consola

respaldo_app = typer.Typer(
    help="Respaldos completos con manifiesto de sumas.", no_args_is_help=True
)


@respaldo_app.command("crear")
def crear(ruta: Annotated[Path, typer.Argument(help="Carpeta nueva o archivo .tar.gz.")]) -> None:
    """Respalda base, testigos, banco de medios y modelos."""
    from datos.respaldo import ErrorDeRespaldo, crear_respaldo
    from tablero.cli.base import base_lista

    base_lista()
    try:
        manifiesto = crear_respaldo(ruta)
    except (ErrorDeRespaldo, OSError) as exc:
        raise ErrorDeUsuario(f"no se pudo crear el respaldo: {exc}") from exc
    consola.print(f"Respaldo creado en {ruta} ({len(manifiesto.archivos)} archivos verificados).")


@respaldo_app.command("restaurar")
def restaurar(
    ruta: Annotated[Path, typer.Argument(help="Respaldo creado con `respaldo crear`.")],
    reemplazar: Annotated[
        bool, typer.Option("--reemplazar", help="Sustituye los datos actuales.")
    ] = False,
) -> None:
    """Restaura un respaldo después de verificar todas sus sumas."""
    from datos.candado import CandadoOcupado
    from datos.respaldo import ErrorDeRespaldo, restaurar_respaldo

    try:
        manifiesto = restaurar_respaldo(ruta, reemplazar=reemplazar)
    except (ErrorDeRespaldo, CandadoOcupado, OSError) as exc:
        raise ErrorDeUsuario(f"no se pudo restaurar: {exc}") from exc
    consola.print(f"Respaldo restaurado ({len(manifiesto.archivos)} archivos verificados).")


def servicio(
    puerto: Annotated[int, typer.Option("--puerto", help="Puerto del tablero.")] = 8501,
    sin_tablero: Annotated[
        bool, typer.Option("--sin-tablero", help="No sirve el tablero.")
    ] = False,
) -> None:
    """Rastrea, analiza, manda la síntesis diaria, respalda y sirve el tablero, sin atención."""
    from tablero.cli.base import base_lista
    from tablero.servicio import servir

    base_lista()
    try:
        servir(cargar(), puerto_tablero=None if sin_tablero else puerto)
    except (RuntimeError, ValueError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc
