"""Motor y sesiones de SQLAlchemy, con los ajustes de SQLite que protegen los datos."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from datos.config import cargar

# Espera a un escritor concurrente antes de rendirse: el rastreador escribe mientras el tablero lee.
ESPERA_BLOQUEO_MS = 30_000


def _ajustar_sqlite(conexion: Any, _registro: Any) -> None:
    """WAL, claves foráneas activas y espera ante bloqueos en cada conexión SQLite."""
    cursor = conexion.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={ESPERA_BLOQUEO_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def crear_motor(url: str) -> Engine:
    """Crea un motor; en SQLite crea la carpeta del archivo y activa WAL y claves foráneas."""
    datos_url = make_url(url)
    if datos_url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if datos_url.database and datos_url.database != ":memory:":
        Path(datos_url.database).parent.mkdir(parents=True, exist_ok=True)
    motor = create_engine(url, connect_args={"timeout": ESPERA_BLOQUEO_MS / 1000})
    event.listen(motor, "connect", _ajustar_sqlite)
    return motor


@functools.cache
def motor_por_url(url: str) -> Engine:
    """Un motor por URL y proceso."""
    return crear_motor(url)


def motor() -> Engine:
    """El motor de la base configurada."""
    return motor_por_url(cargar().url_bd)


def fabrica(motor_: Engine | None = None) -> sessionmaker[Session]:
    """Fábrica de sesiones sobre el motor dado o el configurado."""
    return sessionmaker(bind=motor_ or motor(), expire_on_commit=False)


@contextmanager
def sesion(motor_: Engine | None = None) -> Iterator[Session]:
    """Sesión con commit al salir sin error y rollback si hay excepción."""
    with fabrica(motor_).begin() as s:
        yield s
