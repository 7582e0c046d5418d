"""Envío de la síntesis diaria por correo (HTML con imágenes en línea y el PDF adjunto).

Lo que se envía es la versión editada por el personal (exclusiones, orden, nota de la Dirección) y
esa misma versión se archiva en `<datos>/sintesis/` y se anota en la Bitácora.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy.orm import Session

from datos import config as configuracion
from datos.repositorio.sintesis import registrar_envio
from oficina import correo
from reportes.sintesis import (
    Imagenes,
    Sintesis,
    armar_sintesis,
    html_sintesis,
    pdf_sintesis,
    texto_sintesis,
)

CARPETA_ARCHIVO = "sintesis"
USUARIO_SERVICIO = "servicio"


def ruta_archivo(config: configuracion.Configuracion, fecha: dt.date) -> Path:
    """Dónde queda archivado el PDF enviado de un día."""
    return config.directorio / CARPETA_ARCHIVO / f"sintesis-{fecha.isoformat()}.pdf"


def enviar_sintesis(
    sesion: Session,
    fecha: dt.date,
    config: configuracion.Configuracion,
    usuario: str = USUARIO_SERVICIO,
) -> int:
    """Envía la síntesis editada a los destinatarios, la archiva y lo anota; devuelve cuántos."""
    if not config.smtp.configurado:
        raise ValueError("no hay servidor de correo configurado (MONITOREO_SMTP_SERVIDOR)")
    destinatarios = list(config.sintesis_destinatarios)
    if not destinatarios:
        raise ValueError("no hay destinatarios de la síntesis (MONITOREO_SINTESIS_DESTINATARIOS)")
    sintesis = armar_sintesis(sesion, fecha, config)
    archivo = ruta_archivo(config, fecha)
    with tempfile.TemporaryDirectory(prefix="sintesis-") as carpeta:
        pdf = pdf_sintesis(sintesis, Path(carpeta) / archivo.name)
        correo.enviar(_mensaje(sintesis, config, destinatarios, pdf), config.smtp)
        # Sólo lo que sí salió queda como la versión archivada del día.
        archivo.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, archivo)
    relativa = archivo.relative_to(config.directorio).as_posix()
    registrar_envio(sesion, usuario, fecha, relativa, destinatarios)
    return len(destinatarios)


def _mensaje(
    sintesis: Sintesis, config: configuracion.Configuracion, destinatarios: list[str], pdf: Path
) -> EmailMessage:
    """El correo: texto, HTML con imágenes cid: y el PDF adjunto con su nombre del día."""
    imagenes = Imagenes(en_correo=True)
    html = html_sintesis(sintesis, con_miniaturas=False, imagenes=imagenes)
    return correo.crear_mensaje(
        sintesis.titulo,
        config.smtp.remitente,
        destinatarios,
        texto_sintesis(sintesis),
        html,
        [pdf],
        imagenes.partes,
    )
