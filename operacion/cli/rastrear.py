"""`monitoreo rastrear`: recolecta de las fuentes vencidas (o de un medio)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from operacion.base_datos import base_lista
from operacion.salida import consola, fallar
from operacion.trabajos import ejecutar_rastreo


def imprimir_rastreo(resumen: object) -> None:
    """Resumen por medio: nuevas, omitidas, sin cambios y errores."""
    tabla = Table(title="Rastreo por medio")
    for col in ("Medio", "Nuevas", "Versiones", "Omitidas", "Sin cambios", "Errores", "Motivo"):
        tabla.add_column(col)
    for m in getattr(resumen, "medios", []):
        motivo = "; ".join(m.motivos[:2])
        tabla.add_row(
            m.medio,
            str(m.nuevas),
            str(m.versiones),
            str(m.omitidas),
            str(m.sin_cambios),
            str(m.errores),
            motivo,
        )
    consola.print(tabla)
    consola.print(
        f"Notas nuevas: {getattr(resumen, 'notas_nuevas', 0)} · errores: "
        f"{getattr(resumen, 'errores', 0)} · {getattr(resumen, 'segundos', 0):.1f} s"
    )


def rastrear(
    medio: Annotated[
        str | None, typer.Option("--medio", help="Sólo las fuentes de este medio.")
    ] = None,
    todas: Annotated[
        bool, typer.Option("--todas", help="Ignora el intervalo y rastrea todas las fuentes.")
    ] = False,
) -> None:
    """Recolecta de todas las fuentes activas y vencidas (o de un medio)."""

    base_lista()
    resumen = ejecutar_rastreo(medio, todas)
    imprimir_rastreo(resumen)
    fallidas = todas_fallaron(resumen)
    if fallidas:
        # Código 1: nada se pudo leer (red caída, medios caídos); un script o systemd lo nota.
        fallar(f"ninguna fuente respondió: {fallidas} fuentes con error", 1)


def todas_fallaron(resumen: object) -> int:
    """Cuántas fuentes fallaron si fallaron todas las que se intentaron; 0 si alguna respondió."""
    estadisticas = getattr(resumen, "estadisticas", {})
    con_error = int(estadisticas.get("monitoreo/fuentes_con_error", 0))
    leidas = int(estadisticas.get("monitoreo/fuentes_leidas", 0))
    sin_cambios = int(estadisticas.get("monitoreo/sin_cambios", 0))
    return con_error if con_error and not (leidas or sin_cambios) else 0
