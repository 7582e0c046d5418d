"""`monitoreo usuarios`: alta, baja, rol y contraseña (por stdin o pregunta, nunca por argv)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from operacion.salida import ErrorDeUsuario, consola

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    consola.print(f"Usuario {nombre!r} creado con rol {rol}.", markup=False)


def _aplicar(accion: Callable[[Session], object]) -> None:
    """Corre la acción en una transacción; errores de datos como entrada inválida (código 2)."""
    from datos.repositorio.usuarios import UsuarioInvalido
    from datos.sesion import sesion
    from operacion.base_datos import base_lista

    motor = base_lista()
    try:
        with sesion(motor) as s:
            accion(s)
    except UsuarioInvalido as exc:
        raise ErrorDeUsuario(str(exc)) from exc


@app.command("desactivar")
def desactivar(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre de usuario.")],
) -> None:
    """Desactiva un usuario: no entra más y sus sesiones abiertas se cierran."""
    from datos.repositorio.usuarios import desactivar as desactivar_usuario

    _aplicar(lambda s: desactivar_usuario(s, nombre, autor="cli"))
    consola.print(f"Usuario {nombre!r} desactivado.", markup=False)


@app.command("rol")
def rol(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre de usuario.")],
    rol: Annotated[str, typer.Option("--rol", help="directora | personal | lectura")],
) -> None:
    """Cambia el rol; las sesiones abiertas con el rol anterior se cierran."""
    from datos.repositorio.usuarios import cambiar_rol

    _aplicar(lambda s: cambiar_rol(s, nombre, rol, autor="cli"))
    consola.print(f"Usuario {nombre!r} ahora tiene rol {rol}.", markup=False)


@app.command("restablecer")
def restablecer(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre de usuario.")],
) -> None:
    """Contraseña nueva (por stdin o pregunta), reactiva la cuenta y quita el bloqueo."""
    from datos.repositorio.usuarios import restablecer as restablecer_usuario

    contrasena = leer_contrasena()
    _aplicar(lambda s: restablecer_usuario(s, nombre, contrasena, autor="cli"))
    consola.print(f"Contraseña de {nombre!r} restablecida.", markup=False)
