"""`monitoreo reporte mensual|boletin`: reportes en PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from operacion.base_datos import base_lista
from operacion.cli.comun import leer_folio, leer_mes
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Reportes en PDF.", no_args_is_help=True)


@app.command("mensual")
def mensual(
    mes: Annotated[str, typer.Option("--mes", help="Mes del reporte, AAAA-MM.")],
    salida: Annotated[Path, typer.Option("--salida", help="PDF a escribir.")],
) -> None:
    """Reporte mensual para la dirección (PDF con gráficas)."""
    from datos.sesion import sesion
    from reportes.mensual import generar_mensual

    anio, numero = leer_mes(mes)
    try:
        with sesion(base_lista()) as s:
            ruta = generar_mensual(s, anio, numero, salida)
    except (ValueError, OSError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"Reporte mensual {mes} escrito en {ruta}")


@app.command("boletin")
def boletin(
    folio: Annotated[str, typer.Option("--folio", help="Número del boletín, p. ej. 045/2026.")],
    salida: Annotated[Path, typer.Option("--salida", help="PDF a escribir.")],
) -> None:
    """Reporte de un boletín: quién lo publicó y quién no, con testigos."""
    from datos.modelos import Boletin
    from datos.sesion import sesion
    from reportes.boletin import generar_reporte_boletin

    numero, anio = leer_folio(folio)
    with sesion(base_lista()) as s:
        ident = s.scalar(select(Boletin.id).where(Boletin.numero == numero, Boletin.anio == anio))
        if ident is None:
            raise ErrorDeUsuario(f"no existe el boletín {folio}")
        try:
            ruta = generar_reporte_boletin(s, ident, salida)
        except (ValueError, OSError) as exc:
            raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"Reporte del boletín {folio} escrito en {ruta}")
