"""Trabajo de capturas: PNG con Chromium de las notas relevantes, guardado como testigo.

Mientras Chromium trabaja no se escribe en la base (sólo archivos en el almacén): así la
transacción no retiene el candado de escritura de SQLite durante minutos.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import Orden
from datos.repositorio.campanas import exigir_banner, obtener_orden, registrar_banner
from datos.repositorio.pantallas import anotar_falla, notas_sin_captura, registrar_captura
from datos.testigos import ArchivoTestigo, guardar_testigo
from rastreadores.pantalla import capturar_paginas, chromium_disponible
from rastreadores.urls import sitio_registrable

log = logging.getLogger(__name__)


class CapturaFallida(ValueError):
    """No se pudo tomar la captura de una página (el mensaje dice por qué, en español)."""


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


def capturar_url(url: str) -> ArchivoTestigo:
    """Captura una página (URL validada contra SSRF) y guarda el PNG; CapturaFallida si no."""
    ((_, archivo, motivo),) = _capturar([url.strip()])
    if archivo is None:
        raise CapturaFallida(f"no se tomó la captura de {url.strip()}: {motivo}")
    return archivo


def capturar_banner(s: Session, orden_id: int, url: str, usuario: str = "sistema") -> bool:
    """Captura la página del medio donde aparece el banner y registra la entrega de la orden.

    La orden y el periodo se revisan antes de abrir Chromium; durante la captura la sesión sólo
    ha leído (no retiene el candado de escritura de SQLite). False si esa captura ya estaba.
    """
    orden = obtener_orden(s, orden_id)
    momento = dt.datetime.now(dt.UTC)
    exigir_banner(orden, momento)
    _del_sitio_del_medio(orden, url)
    archivo = capturar_url(url)
    return registrar_banner(s, orden, url.strip(), archivo, momento, usuario)


def _del_sitio_del_medio(orden: Orden, url: str) -> None:
    """CapturaFallida si el medio declara su sitio web y la URL es de otro sitio."""
    sitio = orden.medio.sitio_web
    if not sitio or sitio_registrable(sitio) is None:
        return
    if sitio_registrable(url.strip()) != sitio_registrable(sitio):
        raise CapturaFallida(
            f"la página {url.strip()} no es del sitio de {orden.medio.nombre} "
            f"({sitio_registrable(sitio)}): el banner se comprueba en el sitio del medio"
        )
