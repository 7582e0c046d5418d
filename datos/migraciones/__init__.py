"""Migraciones Alembic de la base de monitoreo."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

CARPETA = Path(__file__).resolve().parent


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
        cfg.attributes["connection"] = conexion
        command.upgrade(cfg, "heads")  # varias ramas sin encadenar aún


def esta_inicializada(motor: Engine) -> bool:
    """La base ya tiene el esquema de monitoreo."""
    return "alembic_version" in inspect(motor).get_table_names()
