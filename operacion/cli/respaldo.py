"""`monitoreo respaldo crear|restaurar`: respaldos con manifiesto de sumas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from operacion.base_datos import base_lista
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Respaldos completos con manifiesto de sumas.", no_args_is_help=True)


@app.command("crear")
def crear(ruta: Annotated[Path, typer.Argument(help="Carpeta nueva o archivo .tar.gz.")]) -> None:
    """Respalda base, testigos, banco de medios y modelos."""
    from operacion.respaldo import ErrorDeRespaldo, crear_respaldo

    base_lista()
    try:
        manifiesto = crear_respaldo(ruta)
    except (ErrorDeRespaldo, OSError) as exc:
        raise ErrorDeUsuario(f"no se pudo crear el respaldo: {exc}") from exc
    consola.print(f"Respaldo creado en {ruta} ({len(manifiesto.archivos)} archivos verificados).")


@app.command("restaurar")
def restaurar(
    ruta: Annotated[Path, typer.Argument(help="Respaldo creado con `respaldo crear`.")],
    reemplazar: Annotated[
        bool, typer.Option("--reemplazar", help="Sustituye los datos actuales.")
    ] = False,
) -> None:
    """Restaura un respaldo después de verificar todas sus sumas."""
    from operacion.candado import CandadoOcupado
    from operacion.respaldo import ErrorDeRespaldo, restaurar_respaldo

    try:
        manifiesto = restaurar_respaldo(ruta, reemplazar=reemplazar)
    except (ErrorDeRespaldo, CandadoOcupado, OSError) as exc:
        raise ErrorDeUsuario(f"no se pudo restaurar: {exc}") from exc
    consola.print(f"Respaldo restaurado ({len(manifiesto.archivos)} archivos verificados).")
