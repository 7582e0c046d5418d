"""Trabajo de capturas: PNG con Chromium de las notas relevantes, guardado como testigo.

Mientras Chromium trabaja no se escribe en la base (sólo archivos en el almacén): así la
transacción no retiene el candado de escritura de SQLite durante minutos.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from datos.config import cargar
from datos.repositorio.pantallas import anotar_falla, notas_sin_captura, registrar_captura
from datos.testigos import ArchivoTestigo, guardar_testigo
from rastreadores.pantalla import capturar_paginas, chromium_disponible

log = logging.getLogger(__name__)


def _capturar(urls: list[str]) -> list[tuple[str, ArchivoTestigo | None, str | None]]:
    """Captura y guarda los PNG en el almacén (sólo archivos; nada en la base todavía)."""

    return [
        (
            url,
            None if png is None else guardar_testigo(png, comprimir=False, extension="png"),
            motivo,
        )
        for url, png, motivo in capturar_paginas(urls)
    ]


def capturar_pendientes(s: Session, *, limite: int = 50) -> int:
    """Captura las notas pendientes y guarda sus PNG; devuelve cuántas se guardaron (sin commit).

    Mientras Chromium trabaja no se escribe en la base (sólo archivos en el almacén): así la
    transacción no retiene el candado de escritura de SQLite durante minutos. Conviene llamarla
    con la sesión sin escrituras pendientes.
    """

    if not cargar().capturas_pantalla:
        log.info("capturas de pantalla desactivadas (MONITOREO_CAPTURAS_PANTALLA=0)")
        return 0
    if not chromium_disponible():
        log.warning("no hay capturas de pantalla: falta Chromium del sistema o Playwright")
        return 0
    por_url = {n.url_canonica: n for n in notas_sin_captura(s, limite=limite)}
    guardadas = 0
    for url, archivo, motivo in _capturar(list(por_url)):
        if archivo is None:
            anotar_falla(s, por_url[url], motivo or "motivo desconocido")
        elif registrar_captura(s, por_url[url], archivo) is not None:
            guardadas += 1
    s.flush()
    log.info("capturas de pantalla guardadas: %d de %d pendientes", guardadas, len(por_url))
    return guardadas
