"""`monitoreo fuentes`: fuentes de recolección de los medios."""

from __future__ import annotations

from typing import Annotated

import typer

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.salida import ErrorDeUsuario, consola, consola_error

app = typer.Typer(help="Fuentes de recolección de los medios.", no_args_is_help=True)


def validar_url_de_fuente(url: str) -> None:
    """Rechaza esquemas no http(s) y direcciones internas; avisa si el host no resuelve ahora."""
    from rastreadores.urls import HostSinResolver, UrlRechazada, validar_url

    try:
        validar_url(url, cargar().hosts_permitidos)
    except HostSinResolver as exc:
        # Sin DNS no se puede verificar; el rastreador vuelve a validar en cada petición.
        consola_error.print(f"aviso: {exc}; se volverá a verificar al rastrear")
    except UrlRechazada as exc:
        raise ErrorDeUsuario(f"URL rechazada: {exc}") from exc


@app.command("agregar")
def agregar_fuente(
    medio: Annotated[str, typer.Option("--medio", help="Nombre del medio (debe existir).")],
    tipo: Annotated[str, typer.Option("--tipo", help="rss | sitemap | seccion | pdf")],
    url: Annotated[str, typer.Option("--url", help="URL de la fuente.")],
    intervalo: Annotated[int, typer.Option("--intervalo", help="Minutos entre rastreos.")] = 60,
    patron: Annotated[
        str | None, typer.Option("--patron", help="Regex de enlaces a notas (sección).")
    ] = None,
) -> None:
    """Registra una fuente de recolección de un medio."""
    from datos.repositorio.fuentes import FuenteInvalida, agregar_fuente
    from datos.sesion import sesion

    validar_url_de_fuente(url)
    try:
        with sesion(base_lista()) as s:
            agregar_fuente(s, medio=medio, tipo=tipo, url=url, intervalo=intervalo, patron=patron)
    except FuenteInvalida as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"Fuente {tipo} de {medio} registrada: {url}")
