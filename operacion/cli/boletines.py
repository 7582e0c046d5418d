"""`monitoreo boletines`: envío de boletines aprobados a los medios."""

from __future__ import annotations

from typing import Annotated

import typer

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.cli.comun import autor_cli, ids_de_medios, informe_envio, leer_folio
from operacion.salida import ErrorDeUsuario

app = typer.Typer(help="Boletines: envío a los medios.", no_args_is_help=True)


@app.command("enviar")
def enviar(
    folio: Annotated[str, typer.Option("--folio", help="Boletín aprobado, p. ej. 045/2026.")],
    medios: Annotated[list[str], typer.Option("--medio", help="Medio destinatario (repetible).")],
) -> None:
    """Envía un boletín aprobado por correo; reintentar sólo manda a quien falta."""
    from sqlalchemy import select

    from datos.modelos import Boletin
    from datos.sesion import fabrica, sesion
    from oficina.correo import ErrorDeCorreo
    from oficina.distribucion import enviar_boletin

    numero, anio = leer_folio(folio)
    motor = base_lista()
    with sesion(motor) as s:
        ident = s.scalar(select(Boletin.id).where(Boletin.numero == numero, Boletin.anio == anio))
    if ident is None:
        raise ErrorDeUsuario(f"no existe el boletín {folio}")
    ids = ids_de_medios(motor, medios)
    try:
        r = enviar_boletin(fabrica(motor), ident, ids, cargar().smtp, autor_cli())
    except (ValueError, ErrorDeCorreo) as exc:
        raise ErrorDeUsuario(str(getattr(exc, "motivo", exc))) from exc
    informe_envio(r)
