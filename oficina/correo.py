"""Único módulo que habla SMTP: arma mensajes y los envía con STARTTLS, SSL o sin TLS."""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from datos.config import Smtp

log = logging.getLogger(__name__)

# Un servidor de correo sano responde en segundos; más de esto es que no está o no contesta.
ESPERA_SEGUNDOS = 30
MODOS_TLS = ("starttls", "ssl", "ninguno")


class ErrorDeCorreo(Exception):
    """El correo no se pudo enviar; `motivo` lo explica en español."""

    def __init__(self, motivo: str) -> None:
        """Guarda el motivo legible."""
        super().__init__(motivo)
        self.motivo = motivo


def crear_mensaje(
    asunto: str,
    remitente: str,
    destinatarios: Sequence[str],
    texto: str,
    html: str | None = None,
    adjuntos: Sequence[Path] = (),
    en_linea: Mapping[str, bytes] | None = None,
) -> EmailMessage:
    """Mensaje con texto plano, HTML alternativo opcional, imágenes en línea (cid:) y adjuntos."""
    mensaje = EmailMessage()
    mensaje["Subject"] = asunto
    mensaje["From"] = remitente
    mensaje["To"] = ", ".join(destinatarios)
    mensaje["Date"] = formatdate(localtime=False, usegmt=True)
    mensaje["Message-ID"] = make_msgid(domain=remitente.rpartition("@")[2] or None)
    mensaje.set_content(texto)
    if html is not None:
        mensaje.add_alternative(html, subtype="html")
        _en_linea(mensaje, en_linea or {})
    for ruta in adjuntos:
        _adjuntar(mensaje, ruta)
    return mensaje


def _en_linea(mensaje: EmailMessage, imagenes: Mapping[str, bytes]) -> None:
    """Imágenes relacionadas con la parte HTML; el HTML las cita como «cid:nombre»."""
    if not imagenes:
        return
    parte_html = mensaje.get_body(("html",))
    assert isinstance(parte_html, EmailMessage)
    for nombre, datos in imagenes.items():
        subtipo = "png" if datos.startswith(b"\x89PNG") else "jpeg"
        parte_html.add_related(
            datos, "image", subtipo, cid=f"<{nombre}>", filename=f"{nombre}.{subtipo}"
        )


def _adjuntar(mensaje: EmailMessage, ruta: Path) -> None:
    """Adjunta un archivo con su tipo (PDF o binario genérico)."""
    subtipo = "pdf" if ruta.suffix.lower() == ".pdf" else "octet-stream"
    mensaje.add_attachment(
        ruta.read_bytes(), maintype="application", subtype=subtipo, filename=ruta.name
    )


def enviar(mensaje: EmailMessage, smtp: Smtp) -> None:
    """Envía el mensaje con el servidor configurado; cualquier falla es ErrorDeCorreo."""
    _validar(smtp)
    destino = f"{smtp.servidor}:{smtp.puerto}"
    try:
        with _conectar(smtp) as cliente:
            if smtp.tls == "starttls":
                cliente.starttls(context=ssl.create_default_context())
            if smtp.usuario:
                cliente.login(smtp.usuario, smtp.contrasena)
            rechazados = cliente.send_message(mensaje)
    except (smtplib.SMTPException, OSError) as exc:
        raise ErrorDeCorreo(_motivo(exc, destino)) from exc
    if rechazados:
        log.warning("destinatarios rechazados por %s: %s", destino, sorted(rechazados))
    log.info("correo enviado por %s: %s", destino, mensaje["Subject"])


def probar(smtp: Smtp) -> None:
    """Conecta, saluda, cifra y autentica sin enviar nada; ErrorDeCorreo con el motivo si falla."""
    _validar(smtp)
    destino = f"{smtp.servidor}:{smtp.puerto}"
    try:
        with _conectar(smtp) as cliente:
            cliente.ehlo()
            if smtp.tls == "starttls":
                cliente.starttls(context=ssl.create_default_context())
            if smtp.usuario:
                cliente.login(smtp.usuario, smtp.contrasena)
            cliente.noop()
    except (smtplib.SMTPException, OSError) as exc:
        raise ErrorDeCorreo(_motivo(exc, destino)) from exc


def _validar(smtp: Smtp) -> None:
    """Configuración mínima para intentar el envío."""
    if not smtp.configurado:
        raise ErrorDeCorreo("no hay servidor de correo configurado (MONITOREO_SMTP_SERVIDOR)")
    if smtp.tls not in MODOS_TLS:
        raise ErrorDeCorreo(f"MONITOREO_SMTP_TLS debe ser starttls, ssl o ninguno, no {smtp.tls!r}")


def _conectar(smtp: Smtp) -> smtplib.SMTP:
    """Abre la conexión (SSL directo si así se configuró)."""
    if smtp.tls == "ssl":
        contexto = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            smtp.servidor, smtp.puerto, timeout=ESPERA_SEGUNDOS, context=contexto
        )
    return smtplib.SMTP(smtp.servidor, smtp.puerto, timeout=ESPERA_SEGUNDOS)


def _motivo(exc: BaseException, destino: str) -> str:
    """Explicación en español de una falla de SMTP o de red."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"el servidor de correo {destino} rechazó el usuario o la contraseña"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"el servidor de correo {destino} cerró la conexión antes de terminar"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"el servidor de correo {destino} no admite STARTTLS ni la autenticación pedida"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"el servidor de correo {destino} rechazó a todos los destinatarios"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"el servidor de correo {destino} rechazó al remitente {exc.sender}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"el servidor de correo {destino} respondió con error {exc.smtp_code}"
    if isinstance(exc, smtplib.SMTPException):
        return f"falló la conversación con el servidor de correo {destino}"
    return _motivo_de_red(exc, destino)


def _motivo_de_red(exc: BaseException, destino: str) -> str:
    """Explicación de una falla de conexión."""
    if isinstance(exc, ConnectionRefusedError):
        return f"no se pudo conectar con el servidor de correo {destino}: conexión rechazada"
    if isinstance(exc, socket.gaierror):
        return f"no se encontró el servidor de correo {destino} (nombre desconocido)"
    if isinstance(exc, TimeoutError):
        return f"el servidor de correo {destino} no respondió a tiempo"
    if isinstance(exc, ssl.SSLError):
        return f"falló la conexión cifrada (TLS) con el servidor de correo {destino}"
    detalle = getattr(exc, "strerror", None) or exc
    return f"no se pudo conectar con el servidor de correo {destino}: {detalle}"
