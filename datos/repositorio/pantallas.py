"""Capturas de pantalla (PNG) como testigo de las notas web relevantes.

Relevante = tiene una retoma no rechazada o una mención. Se captura la versión vigente de la nota
(`Testigo.version == Nota.version`): si el medio corrige la nota, la nueva versión se vuelve a
capturar. Las fallas se anotan en la bitácora (acción «captura_fallida», sin cambiar el modelo) y
una nota con `INTENTOS_MAXIMOS` fallas deja de intentarse: así una página caída o un medio que
bloquea navegadores sin pantalla no ocupa para siempre el cupo de cada ciclo.
"""

from __future__ import annotations

import logging

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import (
    Bitacora,
    EstadoRevision,
    Mencion,
    Nota,
    Retoma,
    Testigo,
    TipoTestigo,
)
from datos.repositorio.bitacora import registrar
from datos.testigos import ArchivoTestigo, guardar_testigo

log = logging.getLogger(__name__)

USUARIO_SISTEMA = "sistema"
ACCION_FALLA = "captura_fallida"
# Tres ciclos seguidos cubren una caída pasajera del medio (el servicio rastrea cada hora);
# más intentos casi nunca dan una captura y gastan ~15 s de Chromium cada uno.
INTENTOS_MAXIMOS = 3


def _es_relevante() -> ColumnElement[bool]:
    """La nota tiene una retoma no rechazada o una mención."""
    retoma = exists().where(Retoma.nota_id == Nota.id, Retoma.estado != EstadoRevision.RECHAZADA)
    return or_(retoma, exists().where(Mencion.nota_id == Nota.id))


def _tiene_captura() -> ColumnElement[bool]:
    """Ya hay captura de la versión vigente de la nota."""
    return exists().where(
        Testigo.nota_id == Nota.id,
        Testigo.tipo == TipoTestigo.CAPTURA,
        Testigo.version == Nota.version,
    )


def _fallas() -> ColumnElement[int]:
    """Cuántas capturas fallidas de la nota hay en la bitácora."""
    return (
        select(func.count(Bitacora.id))
        .where(
            Bitacora.accion == ACCION_FALLA,
            Bitacora.entidad == Nota.__tablename__,
            Bitacora.entidad_id == Nota.id,
        )
        .scalar_subquery()
    )


def notas_sin_captura(s: Session, *, limite: int = 50) -> list[Nota]:
    """Notas web relevantes sin captura de su versión vigente, las más recientes primero."""
    web = or_(Nota.url_canonica.startswith("http://"), Nota.url_canonica.startswith("https://"))
    consulta = (
        select(Nota)
        .where(web, _es_relevante(), ~_tiene_captura(), _fallas() < INTENTOS_MAXIMOS)
        .order_by(Nota.fecha_captura.desc(), Nota.id.desc())
        .limit(limite)
    )
    return list(s.scalars(consulta))


def _anotar_falla(s: Session, nota: Nota, motivo: str) -> None:
    """Registra en el log y la bitácora que la captura de la nota falló."""
    log.warning("no se pudo capturar la nota %s (%s): %s", nota.id, nota.url_canonica, motivo)
    registrar(
        s, USUARIO_SISTEMA, ACCION_FALLA, Nota.__tablename__, nota.id, {"motivo": [None, motivo]}
    )


def guardar_captura(s: Session, nota: Nota, png: bytes) -> Testigo | None:
    """Guarda el PNG como testigo «captura» de la versión vigente; None si ya estaba."""
    return _registrar(s, nota, guardar_testigo(png, comprimir=False, extension="png"))


def _registrar(s: Session, nota: Nota, archivo: ArchivoTestigo) -> Testigo | None:
    """Fila de testigo para un PNG ya guardado en el almacén; None si la nota ya lo tenía."""
    repetido = s.scalar(
        select(Testigo.id).where(Testigo.nota_id == nota.id, Testigo.sha256 == archivo.sha256)
    )
    if repetido is not None:
        _anotar_falla(s, nota, "la captura es idéntica a un testigo anterior")
        return None
    testigo = Testigo(
        nota_id=nota.id,
        tipo=TipoTestigo.CAPTURA,
        sha256=archivo.sha256,
        ruta=archivo.ruta,
        tipo_mime="image/png",
        tamano=archivo.tamano,
        version=nota.version,
    )
    s.add(testigo)
    s.flush()
    return testigo


def _capturar(urls: list[str]) -> list[tuple[str, ArchivoTestigo | None, str | None]]:
    """Captura y guarda los PNG en el almacén (sólo archivos; nada en la base todavía)."""
    from rastreadores.pantalla import capturar_paginas

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
    from rastreadores.pantalla import chromium_disponible

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
            _anotar_falla(s, por_url[url], motivo or "motivo desconocido")
        elif _registrar(s, por_url[url], archivo) is not None:
            guardadas += 1
    s.flush()
    log.info("capturas de pantalla guardadas: %d de %d pendientes", guardadas, len(por_url))
    return guardadas
