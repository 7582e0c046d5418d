"""Trabajo pesado sobre archivos de terceros en un proceso aparte, con tiempo y memoria acotados.

Un .xlsx de 10 MB se llevó 215 s y ~1 GB dentro del proceso del tablero: lo que lee hojas de
cálculo subidas corre aquí, en un proceso `spawn` (seguro con los hilos de Streamlit) con
RLIMIT_AS y un tiempo máximo; al vencer se mata y el usuario recibe un error en español.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from datos.config import cargar

T = TypeVar("T")


class TrabajoExcedido(ValueError):
    """El archivo pidió más tiempo o memoria de los permitidos (mensaje en español)."""


def _limitar(megabytes: int) -> None:
    """En el proceso hijo: tope de memoria virtual y un solo hilo de BLAS."""
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    if megabytes > 0:
        tope = megabytes << 20
        resource.setrlimit(resource.RLIMIT_AS, (tope, tope))


@contextmanager
def _sin_principal() -> Iterator[None]:
    """Un `__main__` vacío mientras nacen los procesos hijos.

    `spawn` vuelve a ejecutar en el hijo el módulo principal del padre; dentro del tablero ése es
    la página de Streamlit (o el arranque de un trabajador de pytest-xdist), que en el hijo falla
    o hace trabajo de más. El hijo sólo necesita importar la función que va a correr.
    """
    anterior = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if anterior is not None:
            sys.modules["__main__"] = anterior


def acotado(funcion: Callable[..., T], *args: Any) -> T:
    """`funcion(*args)` en un proceso hijo acotado; sus excepciones llegan tal cual."""
    config = cargar()
    segundos, megabytes = config.importacion_segundos, config.importacion_memoria_mb
    contexto = multiprocessing.get_context("spawn")
    with _sin_principal():
        grupo = contexto.Pool(1, initializer=_limitar, initargs=(megabytes,))
    with grupo:
        pendiente = grupo.apply_async(funcion, args)
        try:
            return pendiente.get(segundos or None)
        except multiprocessing.TimeoutError as exc:
            raise TrabajoExcedido(
                f"leer el archivo tardó más de {segundos} s y se detuvo "
                "(MONITOREO_IMPORTACION_SEGUNDOS): revise que sea el archivo correcto"
            ) from exc
        except MemoryError as exc:
            raise TrabajoExcedido(
                f"leer el archivo pidió más de {megabytes} MB de memoria y se detuvo "
                "(MONITOREO_IMPORTACION_MEMORIA_MB)"
            ) from exc
