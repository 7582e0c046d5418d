"""Trabajos largos de la CLI, el servicio y la demo: rastrear, analizar, capturas, tablero."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from operacion.salida import ErrorDeUsuario, avance_con_velocidad, barra_de_avance, consola

APP = Path(__file__).resolve().parent.parent / "tablero" / "app.py"


def _progreso() -> Progress:
    """Barra de progreso común."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        console=consola,
        transient=True,
    )


@contextmanager
def _candado(compartido: bool = False) -> Iterator[None]:
    """Un solo rastreo o análisis a la vez; con Redis varios rastreos comparten la cola."""
    from datos.config import cargar
    from operacion.candado import CandadoOcupado, candado_rastreo

    if compartido and cargar().redis:
        yield
        return
    try:
        with candado_rastreo():
            yield
    except CandadoOcupado as exc:
        raise ErrorDeUsuario(str(exc)) from exc


class Terminado(SystemExit):
    """SIGTERM recibido: se sale con 143 tras detener al proceso hijo."""


def _al_sigterm(_numero: int, _marco: FrameType | None) -> None:
    """Convierte SIGTERM en una salida ordenada (los `finally` detienen al hijo del rastreo)."""
    raise Terminado(128 + signal.SIGTERM)


@contextmanager
def sigterm_ordenado() -> Iterator[None]:
    """Mientras dura el bloque, SIGTERM desenrolla la pila en vez de matar al proceso en seco."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    anterior = signal.signal(signal.SIGTERM, _al_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, anterior)


def ejecutar_rastreo(medio: str | None, todas: bool) -> object:
    """Rastrea con una barra que avanza por nota y devuelve el resumen."""
    from operacion.candado import tomados
    from rastreadores.ejecutar import Avance, RastreoFallido, rastrear

    with sigterm_ordenado(), _candado(compartido=True), _progreso() as barra:
        tarea = barra.add_task("Rastreando medios", total=None)

        def avanzar(avance: Avance) -> None:
            barra.update(tarea, advance=1, description=f"Rastreando {avance.medio}")

        try:
            return rastrear(medio, al_avanzar=avanzar, todas=todas, heredar=tomados())
        except (ValueError, RastreoFallido) as exc:
            raise ErrorDeUsuario(str(exc)) from exc


def ejecutar_analisis(completo: bool = False, capturas: int = 50) -> object:
    """Analiza lo pendiente con barra de progreso y confirma la transacción."""
    from analisis.lote import analizar as analizar_lote
    from datos.sesion import sesion
    from oficina.convenios import clasificar_notas
    from operacion.base_datos import base_lista

    motor = base_lista()
    # Barra con velocidad y tiempo restante (la misma de `emparejar`): con --completo son miles.
    with _candado(), barra_de_avance() as barra, sesion(motor) as s:
        tarea = barra.add_task("Analizando notas", total=None, velocidad="")
        avanzar = avance_con_velocidad(barra, tarea)
        resumen = analizar_lote(s, al_avanzar=avanzar, completo=completo)
        # Con el tono y las retomas ya calculados, cada nota nueva del Ayuntamiento queda como
        # pagada (entregable de un convenio vigente) o ganada.
        clasificar_notas(s)
    capturar_pantallas(capturas)
    huellas_de_imagenes(capturas)
    return resumen


def huellas_de_imagenes(limite: int = 50) -> int:
    """pHash de las imágenes de las notas relevantes (para reconocer nuestras fotos)."""
    from datos.sesion import sesion
    from rastreadores.huellas_imagenes import huellas_pendientes

    with consola.status("Calculando huellas de las imágenes de las notas"), sesion() as s:
        return huellas_pendientes(s, limite=limite)


def capturar_pantallas(limite: int = 50) -> int:
    """Testigo PNG de las notas relevantes (si hay Chromium y MONITOREO_CAPTURAS_PANTALLA=1)."""
    from datos.sesion import sesion
    from rastreadores.testigos_pantalla import capturar_pendientes

    with consola.status("Capturando pantallas de las notas relevantes"), sesion() as s:
        return capturar_pendientes(s, limite=limite)


def comando_streamlit(puerto: int) -> list[str]:
    """Línea de comando para servir el tablero (en 127.0.0.1 salvo MONITOREO_TABLERO_DIRECCION)."""
    from datos.config import cargar

    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(puerto),
        # Streamlit escucha en todas las interfaces por omisión, en HTTP sin cifrar.
        "--server.address",
        cargar().direccion_tablero,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # Sin el botón «Deploy» ni menús de desarrollo: es una herramienta de la oficina.
        "--client.toolbarMode",
        "minimal",
        # Sin exportar CSV desde la barra de las tablas (ver tablero/app.py).
        "--client.disableDataExport",
        "true",
    ]


def servir_tablero(puerto: int) -> int:
    """Corre Streamlit en primer plano hasta Ctrl-C; devuelve su código de salida."""
    consola.print(f"Tablero en http://localhost:{puerto} (Ctrl-C para terminar)")
    try:
        return subprocess.call(comando_streamlit(puerto), env=os.environ.copy())
    except KeyboardInterrupt:
        return 0
