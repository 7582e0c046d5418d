"""`monitoreo inicializar`: crea o actualiza la base (migraciones)."""

from __future__ import annotations

from datos.config import cargar
from operacion.base_datos import base_lista, url_visible
from operacion.salida import consola


def inicializar() -> None:
    """Crea o actualiza la base (migraciones)."""

    base_lista()
    consola.print(f"Base lista: {url_visible(cargar().url_bd)}")
