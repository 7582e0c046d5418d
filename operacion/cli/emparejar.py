"""`monitoreo emparejar`: emparejamiento en lote (formatos de la GUIA §4)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from datos.config import cargar
from operacion.salida import ErrorDeUsuario, avance_con_velocidad, barra_de_avance, consola


def emparejar(
    boletines: Annotated[Path, typer.Option("--boletines", help="B.jsonl")],
    notas: Annotated[Path, typer.Option("--notas", help="N.jsonl")],
    salida: Annotated[Path, typer.Option("--salida", help="P.csv a escribir.")],
    ventana: Annotated[int | None, typer.Option("--ventana", help="Días tras el boletín.")] = None,
) -> None:
    """Empareja notas con boletines en lote (formatos de la GUIA §4)."""
    from analisis.lote import NOMBRE_INDICE, emparejar_archivos

    configuracion = cargar()
    dias = ventana if ventana is not None else configuracion.ventana_dias
    with barra_de_avance() as barra:
        tarea = barra.add_task("Emparejando notas", total=None, velocidad="")

        avanzar = avance_con_velocidad(barra, tarea)
        try:
            filas = emparejar_archivos(
                boletines,
                notas,
                salida,
                dias,
                indice=configuracion.directorio / NOMBRE_INDICE,
                al_avanzar=avanzar,
                trabajadores=os.cpu_count() or 1,
            )
        except (ValueError, OSError) as exc:
            raise ErrorDeUsuario(str(exc)) from exc
    escritas = "retoma escrita" if filas == 1 else "retomas escritas"
    consola.print(f"{filas} {escritas} en {salida}", highlight=False)
