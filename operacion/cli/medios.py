"""`monitoreo medios`: padrón de medios y salud de su recolección."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.cli.comun import autor_cli, en_transaccion
from operacion.salida import consola

app = typer.Typer(help="Medios de comunicación.", no_args_is_help=True)


@app.command("agregar")
def agregar_medio(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre del medio.")],
    tipo: Annotated[str, typer.Option("--tipo", help="impreso|digital|radio|television|...")],
    ambito: Annotated[str, typer.Option("--ambito", help="municipal|regional|estatal|nacional")],
    sitio: Annotated[str | None, typer.Option("--sitio", help="Sitio web.")] = None,
) -> None:
    """Registra un medio en el padrón."""
    from datos.repositorio.medios import crear_medio

    en_transaccion(
        crear_medio, nombre=nombre, tipo=tipo, ambito=ambito, usuario=autor_cli(), sitio_web=sitio
    )
    consola.print(f"Medio {nombre!r} registrado.")


@app.command("importar")
def importar_medios(
    archivo: Annotated[Path, typer.Argument(help="CSV o Excel del padrón.")],
) -> None:
    """Importa medios y contactos; cada fila con error se informa y se salta."""
    from datos.repositorio.medios import importar_padron

    r = en_transaccion(importar_padron, archivo, autor_cli())
    consola.print(f"Medios nuevos: {r.medios_nuevos} · actualizados: {r.medios_actualizados}")
    for error in r.errores:
        consola.print(f"  {error}")


@app.command("exportar")
def exportar_medios(archivo: Annotated[Path, typer.Argument(help="Destino .csv o .xlsx.")]) -> None:
    """Exporta el padrón de medios con contactos."""
    from datos.repositorio.medios import exportar_padron

    filas = en_transaccion(exportar_padron, archivo)
    consola.print(f"{filas} filas escritas en {archivo}")


def _cuando(fecha: dt.datetime | None) -> str:
    """Fecha local corta o guion."""
    return fecha.astimezone(cargar().zona).strftime("%d/%m/%Y %H:%M") if fecha else "—"


@app.command("estado")
def estado_medios() -> None:
    """Salud de la recolección por fuente: éxitos, errores, fallas seguidas, notas por día."""
    from datos.consultas.salud import salud_fuentes
    from datos.sesion import sesion

    with sesion(base_lista()) as s:
        filas = salud_fuentes(s, dt.datetime.now(dt.UTC))
    tabla = Table(title="Salud de las fuentes")
    for col in ("Medio", "Tipo", "Último éxito", "Último error", "Fallas", "Notas/día", "Motivo"):
        tabla.add_column(col)
    for f in filas:
        marca = "⚠ " if f.marcada else ""
        tabla.add_row(
            f"{marca}{f.medio}",
            f.tipo,
            _cuando(f.ultimo_exito),
            _cuando(f.ultimo_error),
            str(f.fallas_consecutivas),
            f"{f.notas_por_dia:.1f}",
            (f.motivo_error or "")[:60],
        )
    consola.print(
        tabla if filas else "No hay fuentes: registre una con `monitoreo fuentes agregar`."
    )
