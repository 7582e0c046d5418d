"""Candado entre procesos para que sólo haya un rastreo a la vez.

Usa `fcntl.flock` sobre `rastreo.candado` en el directorio de datos: el sistema operativo lo suelta
cuando el proceso termina de cualquier forma (incluso con kill -9), así que no quedan candados
huérfanos que haya que borrar a mano. El archivo guarda el PID de quien lo tiene, sólo como dato
para el mensaje de error (la verdad es el flock, no el contenido).
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from datos.config import cargar

log = logging.getLogger(__name__)

NOMBRE_ARCHIVO = "rastreo.candado"
# Descriptores de los candados que este proceso tiene ahora (para heredarlos al hijo de Scrapy).
_TOMADOS: list[int] = []
# Cada cuánto se reintenta mientras se espera: imperceptible para quien espera y sin gastar CPU.
PAUSA_SEGUNDOS = 0.1


class CandadoOcupado(RuntimeError):
    """Otro proceso tiene el candado de rastreo."""

    def __init__(self, pid: int | None) -> None:
        """Mensaje en español con el PID de quien lo tiene (si se sabe)."""
        quien = f"el proceso {pid}" if pid else "otro proceso"
        super().__init__(
            f"Ya hay un rastreo en curso ({quien} tiene el candado); espere a que termine."
        )
        self.pid = pid


def ruta_candado() -> Path:
    """Archivo del candado en el directorio de datos."""
    return cargar().directorio / NOMBRE_ARCHIVO


def _intentar(fd: int) -> bool:
    """Toma el flock exclusivo sin bloquear; False si otro lo tiene."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _pid_escrito(fd: int) -> int | None:
    """PID que dejó escrito quien tiene el candado."""
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (ValueError, OSError):
        return None


def _escribir_pid(fd: int) -> None:
    """Deja el PID propio en el archivo."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)


def _tomar(fd: int, espera: float) -> None:
    """Toma el candado esperando hasta `espera` segundos; CandadoOcupado si no se pudo."""
    limite = time.monotonic() + max(espera, 0.0)
    while not _intentar(fd):
        if time.monotonic() >= limite:
            raise CandadoOcupado(_pid_escrito(fd))
        time.sleep(PAUSA_SEGUNDOS)


@contextmanager
def candado_rastreo(espera: float = 0, *, ruta: Path | None = None) -> Iterator[int]:
    """Tiene el candado de rastreo durante el bloque; CandadoOcupado si otro proceso lo tiene."""
    archivo = ruta or ruta_candado()
    archivo.parent.mkdir(parents=True, exist_ok=True)
    # O_CLOEXEC (lo normal en Python): los hijos no heredan el candado ni lo retienen al morir éste.
    fd = os.open(archivo, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        _tomar(fd, espera)
        _escribir_pid(fd)
        log.debug("candado de rastreo tomado por %d", os.getpid())
        _TOMADOS.append(fd)
        try:
            yield fd
        finally:
            _TOMADOS.remove(fd)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def tomados() -> tuple[int, ...]:
    """Descriptores de los candados de rastreo que este proceso tiene ahora."""
    return tuple(_TOMADOS)


def ocupado(*, ruta: Path | None = None) -> int | None:
    """PID de quien tiene el candado ahora, o None si está libre (para el tablero y la CLI)."""
    try:
        with candado_rastreo(ruta=ruta):
            return None
    except CandadoOcupado as exc:
        return exc.pid or -1
