"""La base lista para trabajar: migrada, con las fallas de conexión explicadas en español."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from datos.config import cargar
from datos.migraciones import actualizar
from datos.sesion import motor
from operacion.salida import ErrorDeUsuario


def url_visible(url: str) -> str:
    """La URL de la base sin contraseña, para mensajes."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(URL inválida)"


def base_lista() -> Engine:
    """El motor configurado con el esquema al día; errores de conexión como ErrorDeUsuario."""
    url = cargar().url_bd
    try:
        m = motor()
        actualizar(m)
    except ArgumentError as exc:
        raise ErrorDeUsuario(
            f"MONITOREO_BD no es una URL de base de datos válida: {url!r}"
        ) from exc
    except (OperationalError, ProgrammingError) as exc:
        motivo = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ErrorDeUsuario(f"no se pudo abrir la base {url_visible(url)}: {motivo}") from exc
    except OSError as exc:
        raise ErrorDeUsuario(f"no se pudo abrir la base {url_visible(url)}: {exc}") from exc
    except ModuleNotFoundError as exc:
        raise ErrorDeUsuario(
            f"falta el controlador de la base para {url_visible(url)}: {exc.name}"
        ) from exc
    return m
