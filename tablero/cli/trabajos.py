"""Comandos de trabajo: rastrear, analizar y abrir el tablero."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from tablero.cli.salida import ErrorDeUsuario, consola

APP = Path(__file__).resolve().parent.parent / "app.py"


def _progreso() -> Progress:
    """Barra de progreso común."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=consola,
        transient=True,
    )


@contextmanager
def _candado(compartido: bool = False) -> Iterator[None]:
    """Un solo rastreo o análisis a la vez; con Redis varios rastreos comparten la cola."""
    from datos.candado import CandadoOcupado, candado_rastreo
    from datos.config import cargar

    if compartido and cargar().redis:
        yield
        return
    try:
        with candado_rastreo():
            yield
    except CandadoOcupado as exc:
        raise ErrorDeUsuario(str(exc)) from exc


def ejecutar_rastreo(medio: str | None, todas: bool) -> object:
    """Rastrea con una barra que avanza por nota y devuelve el resumen."""
    from rastreadores.ejecutar import Avance, RastreoFallido, rastrear

    with _candado(compartido=True), _progreso() as barra:
        tarea = barra.add_task("Rastreando medios", total=None)

        def avanzar(avance: Avance) -> None:
            barra.update(tarea, advance=1, description=f"Rastreando {avance.medio}")

        try:
            return rastrear(medio, al_avanzar=avanzar, todas=todas)
        except (ValueError, RastreoFallido) as exc:
            raise ErrorDeUsuario(str(exc)) from exc


def imprimir_rastreo(resumen: object) -> None:
    """Resumen por medio: nuevas, omitidas, sin cambios y errores."""
    tabla = Table(title="Rastreo por medio")
    for col in ("Medio", "Nuevas", "Versiones", "Omitidas", "Sin cambios", "Errores", "Motivo"):
        tabla.add_column(col)
    for m in getattr(resumen, "medios", []):
        motivo = "; ".join(m.motivos[:2])
        tabla.add_row(
            m.medio,
            str(m.nuevas),
            str(m.versiones),
            str(m.omitidas),
            str(m.sin_cambios),
            str(m.errores),
            motivo,
        )
    consola.print(tabla)
    consola.print(
        f"Notas nuevas: {getattr(resumen, 'notas_nuevas', 0)} · errores: "
        f"{getattr(resumen, 'errores', 0)} · {getattr(resumen, 'segundos', 0):.1f} s"
    )


def rastrear(
    medio: Annotated[
        str | None, typer.Option("--medio", help="Sólo las fuentes de este medio.")
    ] = None,
    todas: Annotated[
        bool, typer.Option("--todas", help="Ignora el intervalo y rastrea todas las fuentes.")
    ] = False,
) -> None:
    """Recolecta de todas las fuentes activas y vencidas (o de un medio)."""
    from tablero.cli.base import base_lista

    base_lista()
    imprimir_rastreo(ejecutar_rastreo(medio, todas))


def ejecutar_analisis(completo: bool = False, capturas: int = 50) -> object:
    """Analiza lo pendiente con barra de progreso y confirma la transacción."""
    from analisis.lote import analizar as analizar_lote
    from datos.sesion import sesion
    from tablero.cli.base import base_lista

    motor = base_lista()
    # Barra con velocidad y tiempo restante (la misma de `emparejar`): con --completo son miles.
    from tablero.cli.analisis_cli import barra_de_avance

    with _candado(), barra_de_avance() as barra, sesion(motor) as s:
        tarea = barra.add_task("Analizando notas", total=None, velocidad="")

        def avanzar(hechas: int, total: int) -> None:
            velocidad = barra.tasks[tarea].speed
            texto = f"{velocidad:,.0f} notas/s" if velocidad else ""
            barra.update(tarea, completed=hechas, total=total, velocidad=texto)

        resumen = analizar_lote(s, al_avanzar=avanzar, completo=completo)
    capturar_pantallas(capturas)
    huellas_de_imagenes(capturas)
    return resumen


def huellas_de_imagenes(limite: int = 50) -> int:
    """pHash de las imágenes de las notas relevantes (para reconocer nuestras fotos)."""
    from datos.repositorio.imagenes_notas import huellas_pendientes
    from datos.sesion import sesion

    with consola.status("Calculando huellas de las imágenes de las notas"), sesion() as s:
        return huellas_pendientes(s, limite=limite)


def capturar_pantallas(limite: int = 50) -> int:
    """Testigo PNG de las notas relevantes (si hay Chromium y MONITOREO_CAPTURAS_PANTALLA=1)."""
    from datos.repositorio.pantallas import capturar_pendientes
    from datos.sesion import sesion

    with consola.status("Capturando pantallas de las notas relevantes"), sesion() as s:
        return capturar_pendientes(s, limite=limite)


def analizar(
    completo: Annotated[
        bool, typer.Option("--completo", help="Reanaliza todo, no sólo lo pendiente.")
    ] = False,
) -> None:
    """Empareja notas con boletines y clasifica tono, menciones y temas de lo pendiente."""
    r = ejecutar_analisis(completo)
    consola.print(
        f"Notas analizadas: {getattr(r, 'notas_analizadas', 0)} · retomas nuevas: "
        f"{getattr(r, 'retomas_nuevas', 0)} · menciones: {getattr(r, 'menciones', 0)} · "
        f"{getattr(r, 'segundos', 0):.1f} s"
    )


def comando_streamlit(puerto: int) -> list[str]:
    """Línea de comando para servir el tablero."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(puerto),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # Sin el botón «Deploy» ni menús de desarrollo: es una herramienta de la oficina.
        "--client.toolbarMode",
        "minimal",
    ]


def servir_tablero(puerto: int) -> int:
    """Corre Streamlit en primer plano hasta Ctrl-C; devuelve su código de salida."""
    consola.print(f"Tablero en http://localhost:{puerto} (Ctrl-C para terminar)")
    try:
        return subprocess.call(comando_streamlit(puerto), env=os.environ.copy())
    except KeyboardInterrupt:
        return 0


def tablero(
    puerto: Annotated[int, typer.Option("--puerto", help="Puerto HTTP del tablero.")] = 8501,
) -> None:
    """Abre el tablero."""
    from tablero.cli.base import base_lista

    base_lista()
    raise typer.Exit(servir_tablero(puerto))
