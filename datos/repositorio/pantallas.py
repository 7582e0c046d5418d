"""Capturas de pantalla (PNG) como testigo de las notas web relevantes.

Relevante = tiene una retoma no rechazada o una mención. Se captura la versión vigente de la nota
(`Testigo.version == Nota.version`): si el medio corrige la nota, la nueva versión se vuelve a
capturar. Las fallas se anotan en la bitácora (acción «captura_fallida», sin cambiar el modelo) y
una nota con `INTENTOS_MAXIMOS` fallas deja de intentarse: así una página caída o un medio que
bloquea navegadores sin pantalla no ocupa para siempre el cupo de cada ciclo.
"""

from __future__ import annotations

import logging

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from datos.consultas.comun import nota_web_relevante
from datos.modelos import (
    Bitacora,
    Nota,
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
    consulta = (
        select(Nota)
        .where(nota_web_relevante(), ~_tiene_captura(), _fallas() < INTENTOS_MAXIMOS)
        .order_by(Nota.fecha_captura.desc(), Nota.id.desc())
        .limit(limite)
    )
    return list(s.scalars(consulta))


def anotar_falla(s: Session, nota: Nota, motivo: str) -> None:
    """Registra en el log y la bitácora que la captura de la nota falló."""
    log.warning("no se pudo capturar la nota %s (%s): %s", nota.id, nota.url_canonica, motivo)
    registrar(
        s, USUARIO_SISTEMA, ACCION_FALLA, Nota.__tablename__, nota.id, {"motivo": [None, motivo]}
    )


def guardar_captura(s: Session, nota: Nota, png: bytes) -> Testigo | None:
    """Guarda el PNG como testigo «captura» de la versión vigente; None si ya estaba."""
    return registrar_captura(s, nota, guardar_testigo(png, comprimir=False, extension="png"))


def registrar_captura(s: Session, nota: Nota, archivo: ArchivoTestigo) -> Testigo | None:
    """Fila de testigo para un PNG ya guardado en el almacén; None si la nota ya lo tenía."""
    repetido = s.scalar(
        select(Testigo.id).where(Testigo.nota_id == nota.id, Testigo.sha256 == archivo.sha256)
    )
    if repetido is not None:
        anotar_falla(s, nota, "la captura es idéntica a un testigo anterior")
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
