"""`monitoreo usuarios`: alta de usuarios (contraseña por stdin o pregunta, nunca por argumento)."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer

from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Usuarios del tablero.", no_args_is_help=True)


def leer_contrasena() -> str:
    """De stdin si no es una terminal; si no, se pregunta dos veces sin eco."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    primera = getpass.getpass("Contraseña: ")
    if getpass.getpass("Repita la contraseña: ") != primera:
        raise ErrorDeUsuario("las contraseñas no coinciden")
    return primera


@app.command("crear")
def crear(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre de usuario.")],
    rol: Annotated[str, typer.Option("--rol", help="directora | personal | lectura")],
) -> None:
    """Crea un usuario del tablero."""
    from datos.repositorio.usuarios import UsuarioInvalido, crear_usuario
    from datos.sesion import sesion
    from operacion.base_datos import base_lista

    motor = base_lista()
    contrasena = leer_contrasena()
    try:
        with sesion(motor) as s:
            crear_usuario(s, nombre, rol, contrasena, autor="cli")
    except UsuarioInvalido as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"Usuario {nombre!r} creado con rol {rol}.")
