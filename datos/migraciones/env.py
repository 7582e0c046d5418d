"""Entorno de Alembic: usa la URL de la configuración o la que se pase en `sqlalchemy.url`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from datos.config import cargar
from datos.modelos import Base
from datos.sesion import crear_motor

config = context.config
metadata_objetivo = Base.metadata


def _url() -> str:
    """La URL pasada por quien llama (pruebas, CLI) o la de MONITOREO_BD."""
    # Desde la línea de comandos de Alembic no hay alembic.ini (la configuración está en
    # pyproject.toml): la URL sale de MONITOREO_BD como en el resto del sistema.
    if not config.file_config.has_section(config.config_ini_section):
        return cargar().url_bd
    return config.get_main_option("sqlalchemy.url") or cargar().url_bd


def _incluir(nombre: str | None, tipo: str, _padres: object) -> bool:
    """Fuera de la comparación con los modelos: la búsqueda de texto (datos/busqueda.py).

    La tabla FTS5 (y sus tablas internas) de SQLite y el índice de expresión de PostgreSQL no
    caben en los modelos; los crea la migración 0008.
    """
    if tipo == "table":
        return not (nombre or "").startswith("nota_fts")
    return not (tipo == "index" and nombre == "ix_nota_busqueda")


def correr_sin_conexion() -> None:
    """Genera SQL sin conectarse."""
    context.configure(url=_url(), target_metadata=metadata_objetivo, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def correr_con_conexion() -> None:
    """Aplica las migraciones sobre una conexión real (reutiliza la del llamador si la hay)."""
    conexion = config.attributes.get("connection")
    if conexion is not None:
        _migrar(conexion)
        return
    motor = crear_motor(_url())
    with motor.connect() as nueva:
        _migrar(nueva)
    motor.dispose()


def _migrar(conexion: Connection) -> None:
    """Configura el contexto y corre las migraciones en una transacción."""
    context.configure(
        connection=conexion,
        target_metadata=metadata_objetivo,
        render_as_batch=True,
        compare_type=True,
        include_name=_incluir,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    correr_sin_conexion()
else:
    correr_con_conexion()
