"""Migraciones Alembic de la base de monitoreo."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from datos.busqueda import asegurar_sqlite

CARPETA = Path(__file__).resolve().parent
# Candado consultivo de PostgreSQL para migrar: dos máquinas que arrancan a la vez no corren la
# misma migración dos veces; la segunda espera y encuentra la base al día. (Número arbitrario,
# distinto del candado de rastreo de operacion.candado.)
CANDADO_MIGRACIONES = 0x6D6F6E6D


def configuracion(url: str) -> Config:
    """Configuración de Alembic apuntando a las migraciones del paquete y a la URL dada."""
    cfg = Config()
    cfg.set_main_option("script_location", str(CARPETA))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def actualizar(motor: Engine) -> None:
    """Lleva la base a la última migración (crea las tablas si no existen)."""
    cfg = configuracion(motor.url.render_as_string(hide_password=False))
    with motor.begin() as conexion:
        if conexion.dialect.name == "postgresql":
            # Se suelta solo al terminar la transacción (con éxito o no).
            conexion.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CANDADO_MIGRACIONES})
        cfg.attributes["connection"] = conexion
        command.upgrade(cfg, "head")
        if conexion.dialect.name == "sqlite":
            asegurar_sqlite(conexion)


def revisiones(motor: Engine) -> tuple[str | None, str | None]:
    """(revisión en que está la base, última revisión del código); None si la base está vacía."""
    cfg = configuracion(motor.url.render_as_string(hide_password=False))
    ultima = ScriptDirectory.from_config(cfg).get_current_head()
    with motor.connect() as conexion:
        actual = MigrationContext.configure(conexion).get_current_revision()
    return actual, ultima


def esta_inicializada(motor: Engine) -> bool:
    """La base ya tiene el esquema de monitoreo."""
    return "alembic_version" in inspect(motor).get_table_names()
