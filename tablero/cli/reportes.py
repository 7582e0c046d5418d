"""Comandos de reportes: síntesis diaria, reporte mensual y reporte por boletín."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from datos.config import cargar
from tablero.cli.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Reportes en PDF.", no_args_is_help=True)


def leer_fecha(texto: str) -> dt.date:
    """AAAA-MM-DD o error en español."""
    try:
        return dt.date.fromisoformat(texto)
    except ValueError as exc:
        raise ErrorDeUsuario(f"fecha inválida {texto!r}: use AAAA-MM-DD") from exc


def leer_mes(texto: str) -> tuple[int, int]:
    """AAAA-MM o error en español."""
    coincidencia = re.fullmatch(r"(\d{4})-(\d{2})", texto.strip())
    if not coincidencia or not 1 <= int(coincidencia.group(2)) <= 12:
        raise ErrorDeUsuario(f"mes inválido {texto!r}: use AAAA-MM")
    return int(coincidencia.group(1)), int(coincidencia.group(2))


def leer_folio(folio: str) -> tuple[int, int]:
    """NNN/AAAA → (número, año) o error en español."""
    coincidencia = re.fullmatch(r"(\d{1,4})/(\d{4})", folio.strip())
    if not coincidencia:
        raise ErrorDeUsuario(f"folio inválido {folio!r}: use NNN/AAAA")
    return int(coincidencia.group(1)), int(coincidencia.group(2))


def sintesis(
    fecha: Annotated[str, typer.Option("--fecha", help="Día de la síntesis, AAAA-MM-DD.")],
    formato: Annotated[str, typer.Option("--formato", help="pdf | xlsx | html")],
    salida: Annotated[Path, typer.Option("--salida", help="Archivo a escribir.")],
    enviar: Annotated[
        bool, typer.Option("--enviar", help="Además, envíala por correo a la lista configurada.")
    ] = False,
) -> None:
    """Síntesis informativa del día en PDF, Excel o HTML."""
    from datos.sesion import sesion
    from tablero.cli.base import base_lista
    from tablero.correo import ErrorDeCorreo
    from tablero.reportes.sintesis import enviar_sintesis, generar_sintesis

    dia = leer_fecha(fecha)
    try:
        with sesion(base_lista()) as s:
            ruta = generar_sintesis(s, dia, formato.lower(), salida)
            consola.print(f"Síntesis del {dia:%d/%m/%Y} escrita en {ruta}")
            if enviar:
                n = enviar_sintesis(s, dia, cargar())
                consola.print(f"Enviada a {n} destinatario(s).")
    except ErrorDeCorreo as exc:
        raise ErrorDeUsuario(f"no se pudo enviar la síntesis: {exc.motivo}") from exc
    except (ValueError, OSError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc


@app.command("mensual")
def mensual(
    mes: Annotated[str, typer.Option("--mes", help="Mes del reporte, AAAA-MM.")],
    salida: Annotated[Path, typer.Option("--salida", help="PDF a escribir.")],
) -> None:
    """Reporte mensual para la dirección (PDF con gráficas)."""
    from datos.sesion import sesion
    from tablero.cli.base import base_lista
    from tablero.reportes.mensual import generar_mensual

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
    from tablero.cli.base import base_lista
    from tablero.reportes.boletin import generar_reporte_boletin

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
