"""`monitoreo analizar`: empareja, clasifica tono, menciones y temas de lo pendiente."""

from __future__ import annotations

from typing import Annotated

import typer

from operacion.salida import consola
from operacion.trabajos import ejecutar_analisis


def analizar(
    completo: Annotated[
        bool, typer.Option("--completo", help="Reanaliza todo, no sólo lo pendiente.")
    ] = False,
) -> None:
    """Empareja notas con boletines y clasifica tono, menciones y temas de lo pendiente."""
    r = ejecutar_analisis(completo)
    consola.print(
        f"Notas analizadas: {getattr(r, 'notas_analizadas', 0)} · retomas nuevas: "
        f"{getattr(r, 'retomas_nuevas', 0)} · menciones: {getattr(r, 'menciones', 0)} · "
        f"{getattr(r, 'segundos', 0):.1f} s"
    )
