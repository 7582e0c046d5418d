"""Envío de la síntesis diaria por correo (HTML con el PDF adjunto)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from datos import config as configuracion
from oficina import correo
from reportes.sintesis import (
    Imagenes,
    armar_sintesis,
    html_sintesis,
    pdf_sintesis,
    texto_sintesis,
)


def enviar_sintesis(sesion: Session, fecha: dt.date, config: configuracion.Configuracion) -> int:
    """Envía la síntesis (HTML con el PDF adjunto) a los destinatarios; devuelve cuántos."""
    if not config.smtp.configurado:
        raise ValueError("no hay servidor de correo configurado (MONITOREO_SMTP_SERVIDOR)")
    destinatarios = list(config.sintesis_destinatarios)
    if not destinatarios:
        raise ValueError("no hay destinatarios de la síntesis (MONITOREO_SINTESIS_DESTINATARIOS)")
    sintesis = armar_sintesis(sesion, fecha, config)
    with tempfile.TemporaryDirectory(prefix="sintesis-") as carpeta:
        pdf = pdf_sintesis(sintesis, Path(carpeta) / f"sintesis-{fecha.isoformat()}.pdf")
        imagenes = Imagenes(en_correo=True)
        html = html_sintesis(sintesis, con_miniaturas=False, imagenes=imagenes)
        mensaje = correo.crear_mensaje(
            sintesis.titulo,
            config.smtp.remitente,
            destinatarios,
            texto_sintesis(sintesis),
            html,
            [pdf],
            imagenes.partes,
        )
        correo.enviar(mensaje, config.smtp)
    return len(destinatarios)
