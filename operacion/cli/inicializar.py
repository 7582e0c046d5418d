"""`monitoreo inicializar`: crea o actualiza la base (migraciones)."""

from __future__ import annotations

from datos.config import cargar
from operacion.base_datos import base_lista, url_visible
from operacion.salida import consola


def inicializar() -> None:
    """Crea o actualiza la base (migraciones) y siembra la lista de vigilancia configurada."""
    from datos.repositorio.vigilancia import sembrar_vigilancia
    from datos.sesion import sesion

    motor = base_lista()
    consola.print(f"Base lista: {url_visible(cargar().url_bd)}")
    semillas = cargar().institucion.vigilancia
    if semillas is not None:
        with sesion(motor) as s:
            nuevos = sembrar_vigilancia(s, semillas)
        if nuevos:
            consola.print(f"Lista de vigilancia: {nuevos} término(s) de {semillas}")
