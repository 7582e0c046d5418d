"""Candado entre procesos para que sólo haya un rastreo (o análisis) a la vez.

Con SQLite usa `fcntl.flock` sobre `rastreo.candado` en el directorio de datos: el sistema operativo
lo suelta cuando el proceso termina de cualquier forma (incluso con kill -9), así que no quedan
candados huérfanos que haya que borrar a mano. El archivo guarda el PID de quien lo tiene, sólo como
dato para el mensaje de error (la verdad es el flock, no el contenido).

Con PostgreSQL (varias máquinas sobre la misma base) usa un candado consultivo de sesión
(`pg_try_advisory_lock`) en una conexión propia: el servidor lo suelta cuando esa conexión se
cierra, también si el proceso muere. `application_name` lleva máquina y PID para el mensaje.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from datos.config import cargar

log = logging.getLogger(__name__)

NOMBRE_ARCHIVO = "rastreo.candado"
# Descriptores de los candados que este proceso tiene ahora (para heredarlos al hijo de Scrapy).
_TOMADOS: list[int] = []
# Cada cuánto se reintenta mientras se espera: imperceptible para quien espera y sin gastar CPU.
PAUSA_SEGUNDOS = 0.1
# Llave del candado consultivo de rastreo en PostgreSQL (número arbitrario, «moni»).
CANDADO_PG = 0x6D6F6E69
PREFIJO_APLICACION = "monitoreo-rastreo"


class CandadoOcupado(RuntimeError):
    """Otro proceso tiene el candado de rastreo."""

    def __init__(self, pid: int | None, maquina: str | None = None) -> None:
        """Mensaje en español con el PID (y la máquina, si es otra) de quien lo tiene."""
        quien = f"el proceso {pid}" if pid else "otro proceso"
        if maquina and maquina != socket.gethostname():
            quien += f" en {maquina}"
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


def _quien_lo_tiene(conexion: Connection) -> tuple[int | None, str | None]:
    """PID y máquina del cliente que tiene el candado consultivo (de su application_name)."""
    nombre = conexion.execute(
        text(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = :k "
            # El candado es de esta base: otra base del mismo servidor tiene el suyo.
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"k": CANDADO_PG},
    ).scalar()
    partes = str(nombre or "").split(":")
    if len(partes) != 3 or partes[0] != PREFIJO_APLICACION or not partes[2].isdigit():
        return None, None
    return int(partes[2]), partes[1]


def _tomar_pg(conexion: Connection, espera: float) -> None:
    """Toma el candado consultivo esperando hasta `espera` segundos; CandadoOcupado si no."""
    limite = time.monotonic() + max(espera, 0.0)
    consulta = text("SELECT pg_try_advisory_lock(:k)")
    while not conexion.execute(consulta, {"k": CANDADO_PG}).scalar():
        if time.monotonic() >= limite:
            raise CandadoOcupado(*_quien_lo_tiene(conexion))
        time.sleep(PAUSA_SEGUNDOS)


@contextmanager
def _candado_pg(url: str, espera: float) -> Iterator[None]:
    """Candado de rastreo compartido por todas las máquinas que usan la misma base PostgreSQL."""
    nombre = f"{PREFIJO_APLICACION}:{socket.gethostname()}:{os.getpid()}"
    url_propia = make_url(url).update_query_dict({"application_name": nombre[:63]})
    # Conexión propia y sin pool: el candado vive exactamente lo que esta conexión.
    motor = create_engine(url_propia, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with motor.connect() as conexion:
            _tomar_pg(conexion, espera)
            log.debug("candado consultivo de rastreo tomado por %d", os.getpid())
            try:
                yield
            finally:
                conexion.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": CANDADO_PG})
    finally:
        motor.dispose()


@contextmanager
def candado_rastreo(espera: float = 0, *, ruta: Path | None = None) -> Iterator[int | None]:
    """Tiene el candado de rastreo durante el bloque; CandadoOcupado si otro proceso lo tiene.

    Con `ruta` siempre es un candado de archivo (p. ej. un servicio por directorio de datos).
    Da el descriptor del flock (que hereda el hijo de Scrapy) o None con PostgreSQL: el candado
    consultivo es de la conexión de este proceso y el hijo muere con él (señal de muerte del
    padre).
    """
    url = cargar().url_bd
    if ruta is None and url.startswith("postgresql"):
        with _candado_pg(url, espera):
            yield None
        return
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
