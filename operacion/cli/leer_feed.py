"""`monitoreo leer-feed`: entradas de feeds RSS, Atom o JSON Feed guardados."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from operacion.cli.comun import iso, leer_archivo
from operacion.salida import ErrorDeUsuario, consola


def _entradas(ruta: Path) -> list[dict[str, Any]]:
    """Entradas de un feed en el formato del contrato; ErrorDeUsuario si no se puede leer."""
    from rastreadores.feeds import FeedIlegible, leer_feed

    try:
        feed = leer_feed(leer_archivo(ruta))
    except FeedIlegible as exc:
        raise ErrorDeUsuario(f"{ruta}: {exc}") from exc
    return [
        {"titulo": e.titulo, "enlace": e.enlace, "fecha": iso(e.fecha), "resumen": e.resumen}
        for e in feed.entradas
    ]


def leer_feed(
    archivos: Annotated[list[Path], typer.Argument(help="Archivos RSS, Atom o JSON Feed.")],
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON.")] = False,
) -> None:
    """Lee feeds guardados y muestra sus entradas."""
    if len(archivos) == 1:
        entradas = _entradas(archivos[0])
        if como_json:
            print(json.dumps({"entradas": entradas}, ensure_ascii=False))
            return
        for e in entradas:
            consola.print(f"• {e['fecha'] or 'sin fecha'}  {e['titulo'] or '(sin título)'}")
        return
    for ruta in archivos:
        try:
            fila: dict[str, Any] = {"archivo": str(ruta), "entradas": _entradas(ruta)}
        except ErrorDeUsuario as exc:
            fila = {"archivo": str(ruta), "error": str(exc)}
        print(json.dumps(fila, ensure_ascii=False))
