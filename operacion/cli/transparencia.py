"""`monitoreo transparencia`: formato de convenios de comunicación social."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from operacion.cli.comun import en_transaccion
from operacion.salida import ErrorDeUsuario, consola


def transparencia(
    anio: Annotated[int, typer.Option("--anio", help="Ejercicio.")],
    trimestre: Annotated[int, typer.Option("--trimestre", help="1 a 4.")],
    salida: Annotated[Path, typer.Option("--salida", help="Excel a escribir.")],
) -> None:
    """Formato de transparencia de un trimestre en Excel: convenios y campañas."""
    from reportes.transparencia import exportar_trimestre

    if not 1 <= trimestre <= 4:
        raise ErrorDeUsuario("el trimestre debe ser de 1 a 4")
    filas = en_transaccion(exportar_trimestre, salida, anio, trimestre)
    consola.print(
        f"{filas} fila(s) de convenios escritas en {salida} (las campañas van en su propia hoja)"
    )
