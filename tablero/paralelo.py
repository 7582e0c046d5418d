"""Un proceso de cálculo aparte para el tablero: el segundo núcleo de la máquina.

El Resumen compara el periodo elegido con el anterior: dos lecturas del mismo tamaño. Con hilos no
se ganaba nada (armar filas y tablas es Python que retiene el GIL); un proceso sí corre a la par.
Si el proceso falta o se cae, el cálculo se hace aquí mismo: más lento, nunca sin datos.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

_candado = threading.Lock()
_procesos: list[ProcessPoolExecutor] = []


def _ejecutor() -> ProcessPoolExecutor:
    """El proceso de cálculo (uno, compartido por todas las sesiones), creado al primer uso."""
    with _candado:
        if not _procesos:
            # spawn: hacer fork de un servidor con hilos (Streamlit, Tornado) puede trabarse.
            contexto = multiprocessing.get_context("spawn")
            _procesos.append(ProcessPoolExecutor(max_workers=1, mp_context=contexto))
        return _procesos[0]


def _descartar() -> None:
    """Olvida un proceso roto; el siguiente uso crea otro."""
    with _candado:
        for ejecutor in _procesos:
            ejecutor.shutdown(wait=False, cancel_futures=True)
        _procesos.clear()


def en_paralelo(funcion: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Callable[[], T]:
    """Lanza `funcion` en el proceso de cálculo y devuelve cómo recoger su resultado.

    `funcion` y sus argumentos deben poder enviarse a otro proceso (funciones de módulo, fechas,
    textos). Si el proceso no está disponible, se calcula aquí al recoger.
    """
    try:
        futuro: Future[T] = _ejecutor().submit(funcion, *args, **kwargs)
    except (BrokenProcessPool, RuntimeError, OSError) as exc:
        log.warning("sin proceso de cálculo (%s): se calcula en el tablero", exc)
        _descartar()
        return lambda: funcion(*args, **kwargs)

    def recoger() -> T:
        try:
            return futuro.result()
        except BrokenProcessPool:
            log.warning("el proceso de cálculo se cayó: se calcula en el tablero")
            _descartar()
        except CancelledError:
            # Otra sesión descartó el proceso (se había caído) con esta tarea en la cola.
            log.warning("tarea cancelada en el proceso de cálculo: se calcula en el tablero")
        return funcion(*args, **kwargs)

    return recoger
