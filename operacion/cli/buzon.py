"""`monitoreo buzon`: el buzón oficial de la oficina (IMAP)."""

from __future__ import annotations

import typer

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Buzón oficial: lectura por IMAP y clasificación.", no_args_is_help=True)


@app.command("revisar")
def revisar() -> None:
    """Lee lo nuevo del buzón y lo clasifica; correrlo otra vez no duplica ni borra nada."""
    from datos.sesion import fabrica
    from oficina.buzon.imap import ErrorDeBuzon
    from oficina.buzon.ingreso import revisar as revisar_buzon

    motor = base_lista()
    try:
        resumen = revisar_buzon(fabrica(motor), cargar())
    except ErrorDeBuzon as exc:
        raise ErrorDeUsuario(exc.motivo) from exc
    consola.print(f"Buzón: {resumen.texto()}")
