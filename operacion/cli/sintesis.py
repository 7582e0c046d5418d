"""`monitoreo sintesis`: síntesis informativa del día."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.cli.comun import leer_fecha
from operacion.salida import ErrorDeUsuario, consola


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
    from oficina.correo import ErrorDeCorreo
    from oficina.sintesis import enviar_sintesis
    from reportes.formato import plural
    from reportes.sintesis import generar_sintesis

    dia = leer_fecha(fecha)
    try:
        with sesion(base_lista()) as s:
            ruta = generar_sintesis(s, dia, formato.lower(), salida)
            consola.print(f"Síntesis del {dia:%d/%m/%Y} escrita en {ruta}")
            if enviar:
                n = enviar_sintesis(s, dia, cargar(), "cli")
                consola.print(f"Enviada a {plural(n, 'destinatario')}; archivada y anotada.")
    except ErrorDeCorreo as exc:
        raise ErrorDeUsuario(f"no se pudo enviar la síntesis: {exc.motivo}") from exc
    except (ValueError, OSError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc
