"""`monitoreo testigo NOTA_ID --salida DIR`: la evidencia de una nota con su manifiesto."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from operacion.base_datos import base_lista
from operacion.salida import ErrorDeUsuario, consola


def testigo(
    nota_id: Annotated[int, typer.Argument(help="Número de la nota.")],
    salida: Annotated[Path, typer.Option("--salida", help="Carpeta donde dejar la evidencia.")],
) -> None:
    """Exporta los archivos del testigo (todas sus versiones) y `manifiesto.json`."""
    from datos.consultas.testigos import evidencia_de_nota
    from datos.sesion import sesion
    from reportes.testigo import exportar

    with sesion(base_lista()) as s:
        evidencia = evidencia_de_nota(s, nota_id)
    if evidencia is None:
        raise ErrorDeUsuario(f"no existe la nota {nota_id}")
    if not evidencia.archivos:
        raise ErrorDeUsuario(f"la nota {nota_id} no tiene testigo guardado")
    try:
        manifiesto = exportar(evidencia, salida)
    except (OSError, ValueError) as exc:
        raise ErrorDeUsuario(f"no se pudo exportar el testigo: {exc}") from exc
    consola.print(f"{len(evidencia.archivos)} archivo(s) y {manifiesto.name} escritos en {salida}")
