"""`monitoreo notas`: impresos (PDF/OCR), clips de radio y TV, Facebook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from operacion.cli.comun import en_transaccion, leer_fecha
from operacion.salida import consola

app = typer.Typer(help="Captura e importación de notas.", no_args_is_help=True)


def _informe(resultado: Any) -> None:
    """Guardadas, repetidas y errores por línea de una importación."""
    consola.print(f"Guardadas: {resultado.guardadas} · repetidas: {resultado.repetidas}")
    for linea, motivo in resultado.errores:
        consola.print(f"  línea {linea}: {motivo}")
    if resultado.errores:
        consola.print(f"{len(resultado.errores)} fila(s) con error no se guardaron.")


@app.command("capturar-impreso")
def capturar_impreso(
    archivo: Annotated[Path, typer.Argument(help="PDF, JPG o PNG de la página.")],
    medio: Annotated[str, typer.Option("--medio", help="Nombre del medio.")],
    fecha: Annotated[str, typer.Option("--fecha", help="Fecha de la edición, AAAA-MM-DD.")],
    pagina: Annotated[int | None, typer.Option("--pagina", help="Número de página.")] = None,
) -> None:
    """Captura una edición impresa: texto por página (PDF) u OCR en español (fotos, escaneos)."""
    from rastreadores.importadores.impresos import capturar_impreso as capturar

    ids = en_transaccion(capturar, archivo, medio=medio, fecha=leer_fecha(fecha), pagina=pagina)
    consola.print(f"Páginas guardadas o actualizadas: {len(ids)}")


@app.command("importar")
def importar(
    archivo: Annotated[Path, typer.Argument(help="CSV o Excel de menciones de radio/TV.")],
) -> None:
    """Importa menciones de radio, TV o clips manuales; valida fila por fila."""
    from rastreadores.importadores.transmisiones import importar_clips

    _informe(en_transaccion(importar_clips, archivo))


@app.command("importar-facebook")
def importar_facebook(
    archivo: Annotated[Path, typer.Argument(help="Exportación de Meta Business Suite.")],
    medio: Annotated[str, typer.Option("--medio", help="Página (medio) de las publicaciones.")],
) -> None:
    """Importa la exportación de publicaciones de una página de Facebook con sus métricas."""
    from rastreadores.importadores.facebook import importar_exportacion_facebook

    _informe(en_transaccion(importar_exportacion_facebook, archivo, medio=medio))


@app.command("capturar-publicacion")
def capturar_publicacion(
    medio: Annotated[str, typer.Option("--medio", help="Medio que publicó.")],
    url: Annotated[str, typer.Option("--url", help="Enlace de la publicación.")],
    texto: Annotated[str, typer.Option("--texto", help="Texto de la publicación.")],
    captura: Annotated[
        Path | None, typer.Option("--captura", help="Imagen de la publicación.")
    ] = None,
) -> None:
    """Captura asistida de una publicación en redes (sin entrar a la red social)."""
    from rastreadores.importadores.facebook import capturar_publicacion as capturar

    ident = en_transaccion(capturar, medio=medio, url=url, texto=texto, captura=captura)
    consola.print(f"Publicación guardada como nota {ident}.")
