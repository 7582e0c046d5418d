"""Punto de entrada de `monitoreo`: registra los comandos y convierte errores en una línea."""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from datos.config import ErrorDeConfiguracion, cargar, proteger
from operacion.cli import (
    agenda,
    analizar,
    boletines,
    buzon,
    campanas,
    demo,
    doctor,
    emparejar,
    estado,
    evaluar,
    extraer,
    facebook,
    fuentes,
    inicializar,
    leer_feed,
    medios,
    metricas,
    notas,
    portal,
    rastrear,
    reporte,
    respaldo,
    servicio,
    sintesis,
    solicitudes,
    tablero,
    testigo,
    tono,
    transparencia,
    usuarios,
)
from operacion.salida import ErrorDeUsuario, configurar_registro, fallar

log = logging.getLogger(__name__)

app = typer.Typer(
    name="monitoreo",
    help="Monitoreo de medios y retomas de boletines de Comunicación Social.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Traducción de los mensajes de uso de Click, que vienen en inglés.
_USO = {
    "No such option": "opción desconocida",
    "No such command": "comando desconocido",
    "Missing option": "falta la opción",
    "Missing argument": "falta el argumento",
    "Invalid value": "valor inválido",
    "Got unexpected extra argument": "argumento de más",
    "requires an argument": "requiere un valor",
    "Option": "la opción",
    "does not exist": "no existe",
    "is not a valid": "no es un valor válido:",
    "File": "el archivo",
    "Path": "la ruta",
    "Did you mean": "¿quiso decir",
}


def _clases_de_uso() -> tuple[type[Exception], ...]:
    """UsageError de Click: Typer reciente trae su propia copia de Click."""
    clases: list[type[Exception]] = []
    for modulo in ("typer._click.exceptions", "click.exceptions"):
        try:
            clases.append(importlib.import_module(modulo).UsageError)
        except (ImportError, AttributeError):
            continue
    return tuple(clases)


ERRORES_DE_USO = _clases_de_uso()


@app.callback()
def _global(
    detalle: Annotated[
        bool, typer.Option("--detalle", "-v", help="Muestra el registro detallado en la terminal.")
    ] = False,
) -> None:
    """Opciones comunes a todos los comandos (el registro se configura en `main`)."""


app.command()(inicializar.inicializar)
app.command()(estado.estado)
app.command()(metricas.metricas)
app.command()(testigo.testigo)
app.command()(rastrear.rastrear)
app.command()(analizar.analizar)
app.command()(tablero.tablero)
app.command()(demo.demo)
app.add_typer(usuarios.app, name="usuarios")
app.command()(sintesis.sintesis)
app.add_typer(reporte.app, name="reporte")
app.command()(extraer.extraer)
app.command("leer-feed")(leer_feed.leer_feed)
app.add_typer(fuentes.app, name="fuentes")
app.add_typer(medios.app, name="medios")
app.add_typer(notas.app, name="notas")
app.add_typer(boletines.app, name="boletines")
app.add_typer(agenda.app, name="agenda")
app.add_typer(buzon.app, name="buzon")
app.add_typer(solicitudes.app, name="solicitudes")
app.add_typer(portal.app, name="portal")
app.add_typer(campanas.app, name="campanas")
app.add_typer(facebook.app, name="facebook")
app.command()(transparencia.transparencia)
app.add_typer(respaldo.app, name="respaldo")
app.command()(emparejar.emparejar)
app.add_typer(evaluar.app, name="evaluar")
app.add_typer(tono.app, name="tono")
app.command()(servicio.servicio)
app.command()(doctor.doctor)


def _traducir_uso(mensaje: str) -> str:
    """Pasa al español los mensajes de uso más comunes de Click."""
    for ingles, espanol in _USO.items():
        mensaje = mensaje.replace(ingles, espanol)
    return mensaje


def _error_de_uso(exc: Exception) -> None:
    """Ayuda si no hubo argumentos; si no, el error de uso en una línea."""
    contexto = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and contexto is not None:
        print(contexto.get_help())
        raise SystemExit(0)
    mensaje = getattr(exc, "format_message", lambda: str(exc))()
    fallar(f"uso incorrecto: {_traducir_uso(mensaje)}")


def _proteger(directorio: Path) -> None:
    """Umask 077 y carpeta de datos 0700; si no se puede (solo lectura), el comando sigue."""
    try:
        proteger(directorio)
    except OSError as exc:
        log.warning("no se pudo proteger %s: %s", directorio, exc)


def _registro_a_stderr(args: list[str]) -> bool:
    """--detalle, o el servicio: su registro va a stderr para que systemd lo lleve al journal."""
    return "--detalle" in args or "-v" in args or "servicio" in args[:1]


def main(argv: list[str] | None = None) -> None:
    """Ejecuta la CLI: 0 bien, 2 entrada inválida, 1 error interno; nunca un traceback."""
    args = sys.argv[1:] if argv is None else argv
    try:
        _proteger(cargar().directorio)
        configurar_registro(cargar().directorio, _registro_a_stderr(args))
        codigo = app(args=args, standalone_mode=False)
    except ERRORES_DE_USO as exc:
        _error_de_uso(exc)
    except (ErrorDeUsuario, ErrorDeConfiguracion) as exc:
        fallar(str(exc))
    except typer.Abort:
        fallar("cancelado por el usuario", 130)
    except KeyboardInterrupt:
        fallar("cancelado por el usuario", 130)
    except Exception as exc:
        log.exception("error interno")
        fallar(f"error interno: {type(exc).__name__}: {exc} (detalles en monitoreo.log)", 1)
    sys.exit(codigo if isinstance(codigo, int) else 0)


if __name__ == "__main__":
    main()
