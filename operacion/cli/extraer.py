"""`monitoreo extraer`: título, texto, fecha y autor de páginas HTML guardadas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from operacion.cli.comun import iso, leer_archivo
from operacion.salida import ErrorDeUsuario, consola


def _extraccion(ruta: Path, url: str | None) -> dict[str, Any]:
    """Campos del contrato de `monitoreo extraer` para un archivo."""
    from rastreadores.extraccion import extraer as extraer_html

    ex = extraer_html(leer_archivo(ruta), url)
    return {"titulo": ex.titulo, "texto": ex.texto, "fecha": iso(ex.fecha), "autor": ex.autor}


def _imprimir(datos: dict[str, Any], como_json: bool) -> None:
    """JSON de una línea o texto legible."""
    if como_json:
        print(json.dumps(datos, ensure_ascii=False))
        return
    for clave, valor in datos.items():
        consola.print(Text.assemble((clave, "bold"), f": {valor if valor is not None else '—'}"))


def extraer(
    archivos: Annotated[list[Path], typer.Argument(help="Archivos HTML.")],
    url: Annotated[
        str | None, typer.Option("--url", help="URL original (un solo archivo).")
    ] = None,
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON.")] = False,
) -> None:
    """Extrae título, texto, fecha y autor de páginas HTML guardadas."""
    if url and len(archivos) > 1:
        raise ErrorDeUsuario("--url sólo se puede usar con un archivo")
    if len(archivos) == 1:
        _imprimir(_extraccion(archivos[0], url), como_json)
        return
    for ruta in archivos:
        try:
            fila = {"archivo": str(ruta), **_extraccion(ruta, None)}
        except ErrorDeUsuario as exc:
            fila = {"archivo": str(ruta), "error": str(exc)}
        print(json.dumps(fila, ensure_ascii=False))
