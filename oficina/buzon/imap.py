"""Único módulo que habla IMAP (imap-tools): entra con contraseña o XOAUTH2 y baja lo nuevo.

Nunca borra ni mueve: sólo lee con BODY.PEEK (no marca como leído) y, si se pide, pone \\Seen.
"""

from __future__ import annotations

import imaplib
import logging
import socket
import ssl
from collections.abc import Callable, Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass

from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import MailboxLoginError, UnexpectedCommandStatusError
from imap_tools.mailbox import BaseMailBox

from datos.config import Imap

log = logging.getLogger(__name__)

# Un servidor IMAP sano responde en segundos.
ESPERA_SEGUNDOS = 30
# Se bajan de a pocos: un buzón con años de correo no debe llenar la memoria.
LOTE = 20


class ErrorDeBuzon(Exception):
    """No se pudo leer el buzón; `motivo` lo explica en español."""

    def __init__(self, motivo: str) -> None:
        """Guarda el motivo legible."""
        super().__init__(motivo)
        self.motivo = motivo


@dataclass(frozen=True)
class CorreoCrudo:
    """Un mensaje tal como está en el servidor."""

    carpeta: str
    uidvalidity: int | None
    uid: int
    crudo: bytes


class _MensajeCrudo(MailMessage):
    """MailMessage que conserva los bytes exactos (imap-tools sólo guarda el objeto analizado)."""

    def __init__(self, fetch_data: list[object]) -> None:
        super().__init__(fetch_data)
        self.crudo: bytes = self._get_message_data_parts(fetch_data)[0]


def _buzon(config: Imap) -> BaseMailBox:
    """El cliente según el modo TLS configurado."""
    if config.tls == "ssl":
        buzon: BaseMailBox = MailBox(config.servidor, config.puerto, timeout=ESPERA_SEGUNDOS)
    elif config.tls == "starttls":
        contexto = ssl.create_default_context()
        buzon = MailBoxStartTls(
            config.servidor, config.puerto, timeout=ESPERA_SEGUNDOS, ssl_context=contexto
        )
    elif config.tls == "ninguno":
        buzon = MailBoxUnencrypted(config.servidor, config.puerto, timeout=ESPERA_SEGUNDOS)
    else:
        raise ErrorDeBuzon(
            f"MONITOREO_IMAP_TLS debe ser ssl, starttls o ninguno, no {config.tls!r}"
        )
    buzon.email_message_class = _MensajeCrudo
    return buzon


def _motivo(exc: BaseException, destino: str) -> str:
    """Explicación en español de una falla de IMAP o de red."""
    if isinstance(exc, MailboxLoginError) or "AUTHENTICATIONFAILED" in str(exc):
        return f"el buzón {destino} rechazó el usuario, la contraseña o el token"
    if isinstance(exc, ConnectionRefusedError):
        return f"no se pudo conectar con el buzón {destino}: conexión rechazada"
    if isinstance(exc, socket.gaierror):
        return f"no se encontró el servidor de correo {destino} (nombre desconocido)"
    if isinstance(exc, TimeoutError):
        return f"el buzón {destino} no respondió a tiempo"
    if isinstance(exc, ssl.SSLError):
        return f"falló la conexión cifrada (TLS) con el buzón {destino}"
    if isinstance(exc, UnexpectedCommandStatusError | imaplib.IMAP4.error):
        return f"el buzón {destino} respondió con error: {exc}"
    return f"no se pudo leer el buzón {destino}: {getattr(exc, 'strerror', None) or exc}"


@contextmanager
def conectar(config: Imap) -> Iterator[BaseMailBox]:
    """Sesión IMAP abierta en la carpeta configurada; toda falla es ErrorDeBuzon."""
    if not config.configurado:
        raise ErrorDeBuzon("no hay buzón configurado (MONITOREO_IMAP_SERVIDOR y _USUARIO)")
    destino = f"{config.servidor}:{config.puerto}"
    try:
        buzon = _buzon(config)
        if config.token:
            buzon.xoauth2(config.usuario, config.token, config.carpeta)
        else:
            buzon.login(config.usuario, config.contrasena, config.carpeta)
    except ErrorDeBuzon:
        raise
    except (OSError, imaplib.IMAP4.error, MailboxLoginError, UnexpectedCommandStatusError) as exc:
        raise ErrorDeBuzon(_motivo(exc, destino)) from exc
    try:
        yield buzon
    except (OSError, imaplib.IMAP4.error, UnexpectedCommandStatusError) as exc:
        raise ErrorDeBuzon(_motivo(exc, destino)) from exc
    finally:
        try:
            buzon.logout()
        except (OSError, imaplib.IMAP4.error):
            log.debug("el buzón %s cerró la conexión antes del LOGOUT", destino)


def _uidvalidity(buzon: BaseMailBox, carpeta: str) -> int | None:
    """UIDVALIDITY de la carpeta: si cambia, los UID viejos ya no valen."""
    estado = buzon.folder.status(carpeta, ["UIDVALIDITY"])
    valor = estado.get("UIDVALIDITY")
    return int(valor) if valor is not None else None


def leer_nuevos(config: Imap, ya_leidos: Callable[[int | None], Set[int]]) -> Iterator[CorreoCrudo]:
    """Los mensajes cuyo UID no está en `ya_leidos(uidvalidity)`, sin marcarlos como leídos."""
    with conectar(config) as buzon:
        validez = _uidvalidity(buzon, config.carpeta)
        conocidos = ya_leidos(validez)
        nuevos = [u for u in buzon.uids("ALL") if int(u) not in conocidos]
        log.info("buzón %s: %d mensajes nuevos", config.carpeta, len(nuevos))
        for inicio in range(0, len(nuevos), LOTE):
            lote = nuevos[inicio : inicio + LOTE]
            for mensaje in buzon.fetch(uid_list=lote, mark_seen=False, bulk=True):
                assert isinstance(mensaje, _MensajeCrudo)
                yield CorreoCrudo(config.carpeta, validez, int(mensaje.uid or 0), mensaje.crudo)


def marcar_leidos(config: Imap, uids: list[int]) -> None:
    """Pone \\Seen a los mensajes ya guardados (opcional: MONITOREO_IMAP_MARCAR_LEIDOS)."""
    if not uids:
        return
    with conectar(config) as buzon:
        buzon.flag([str(u) for u in uids], "\\Seen", True)
