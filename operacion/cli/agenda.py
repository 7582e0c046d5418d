"""`monitoreo agenda`: invitaciones a los medios."""

from __future__ import annotations

from typing import Annotated

import typer

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.cli.comun import autor_cli, ids_de_medios, informe_envio
from operacion.salida import ErrorDeUsuario

app = typer.Typer(help="Agenda: invitaciones a los medios.", no_args_is_help=True)


@app.command("invitar")
def invitar(
    evento: Annotated[int, typer.Option("--evento", help="Id del evento de la agenda.")],
    medios: Annotated[list[str], typer.Option("--medio", help="Medio invitado (repetible).")],
) -> None:
    """Envía la invitación del evento a los contactos de los medios; reintentar no duplica."""
    from datos.modelos import Evento
    from datos.sesion import fabrica, sesion
    from oficina.correo import ErrorDeCorreo
    from oficina.distribucion import enviar_invitaciones

    motor = base_lista()
    with sesion(motor) as s:
        if s.get(Evento, evento) is None:
            raise ErrorDeUsuario(f"no existe el evento {evento}")
    ids = ids_de_medios(motor, medios)
    try:
        r = enviar_invitaciones(fabrica(motor), evento, ids, cargar().smtp, autor_cli())
    except (ValueError, ErrorDeCorreo) as exc:
        raise ErrorDeUsuario(str(getattr(exc, "motivo", exc))) from exc
    informe_envio(r)
