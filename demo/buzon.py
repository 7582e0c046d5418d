"""Buzón local: servidor SMTP (aiosmtpd) en 127.0.0.1 que guarda cada mensaje en .eml.

Es el mismo buzón para la demo y para las pruebas: además del archivo, deja cada mensaje leído
en `recibidos` y puede exigir usuario y contraseña (`credenciales`).
"""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import threading
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

log = logging.getLogger(__name__)

# Puerto habitual de los buzones de desarrollo (MailHog, aiosmtpd); si está ocupado, uno libre.
PUERTO_PREFERIDO = 8025
HOST = "127.0.0.1"


def puerto_libre(preferido: int = PUERTO_PREFERIDO) -> int:
    """El puerto preferido si está libre en 127.0.0.1; si no, uno que asigne el sistema."""
    for intento in (preferido, 0):
        with socket.socket() as s:
            try:
                s.bind((HOST, intento))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise OSError("no hay puertos libres en 127.0.0.1")


class _Guardar:
    """Manejador de aiosmtpd: cada mensaje aceptado se escribe como NNNN.eml y se recuerda."""

    def __init__(self, carpeta: Path) -> None:
        """Numera a partir de los .eml que ya haya en la carpeta."""
        self.carpeta = carpeta
        self.candado = threading.Lock()
        self.siguiente = len(list(carpeta.glob("*.eml"))) + 1
        self.recibidos: list[tuple[list[str], EmailMessage]] = []
        # Direcciones que el buzón rechaza con 550 (cuenta inexistente): así se prueban rebotes.
        self.rechazar: set[str] = set()

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        """Acepta al destinatario o lo rechaza como buzón inexistente."""
        if address in self.rechazar:
            return "550 5.1.1 buzón inexistente"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Guarda el mensaje tal como llegó, con los destinatarios del sobre como cabecera."""
        sobre = f"X-Buzon-Para: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        with self.candado:
            ruta = self.carpeta / f"{self.siguiente:04d}.eml"
            self.siguiente += 1
        ruta.write_bytes(sobre + bytes(envelope.content))
        mensaje = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(mensaje, EmailMessage)
        self.recibidos.append((list(envelope.rcpt_tos), mensaje))
        log.info("buzón local: %s para %s", ruta.name, envelope.rcpt_tos)
        return "250 OK"


class BuzonLocal:
    """Servidor SMTP local que guarda en `carpeta`; úsese con `with`."""

    def __init__(
        self,
        carpeta: Path,
        puerto: int | None = None,
        credenciales: tuple[str, str] | None = None,
    ) -> None:
        """Prepara la carpeta; el servidor arranca al entrar al `with`."""
        self.carpeta = carpeta
        carpeta.mkdir(parents=True, exist_ok=True)
        self._fijo = puerto is not None
        self.puerto = puerto or puerto_libre()
        self._manejador = _Guardar(carpeta)
        self._opciones = _opciones_de_acceso(credenciales)
        self._controlador = self._nuevo_controlador()

    def _nuevo_controlador(self) -> Controller:
        """Controlador de aiosmtpd en el puerto elegido."""
        return Controller(self._manejador, hostname=HOST, port=self.puerto, **self._opciones)

    def __enter__(self) -> BuzonLocal:
        """Arranca el servidor en su propio hilo (en otro puerto si le ganaron el elegido)."""
        try:
            self._controlador.start()
        except OSError:
            if self._fijo:
                raise
            # Otro proceso tomó el puerto entre la prueba y el arranque: se pide uno al sistema.
            self.puerto = puerto_libre(0)
            self._controlador = self._nuevo_controlador()
            self._controlador.start()
        log.info("buzón local en %s:%s → %s", HOST, self.puerto, self.carpeta)
        return self

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        error: BaseException | None,
        traza: TracebackType | None,
    ) -> None:
        """Detiene el servidor."""
        self._controlador.stop()

    @property
    def servidor(self) -> str:
        """Dirección del servidor SMTP."""
        return HOST

    def mensajes(self) -> list[Path]:
        """Los .eml recibidos, en orden de llegada."""
        return sorted(self.carpeta.glob("*.eml"))

    @property
    def recibidos(self) -> list[tuple[list[str], EmailMessage]]:
        """(destinatarios del sobre, mensaje) de cada correo recibido, en orden."""
        return self._manejador.recibidos

    @property
    def rechazar(self) -> set[str]:
        """Direcciones que se rechazan con 550 (modificable)."""
        return self._manejador.rechazar

    @rechazar.setter
    def rechazar(self, direcciones: set[str]) -> None:
        self._manejador.rechazar = set(direcciones)

    def destinatarios(self) -> list[str]:
        """Todas las direcciones que recibieron algo, en orden."""
        return [d for tos, _ in self.recibidos for d in tos]


def _opciones_de_acceso(credenciales: tuple[str, str] | None) -> dict[str, Any]:
    """Opciones de aiosmtpd para exigir usuario y contraseña (sin TLS: sólo en 127.0.0.1)."""
    if credenciales is None:
        return {}
    usuario, contrasena = (c.encode() for c in credenciales)

    def autenticar(
        servidor: Any, sesion: Any, sobre: Any, mecanismo: str, datos: Any
    ) -> AuthResult:
        valido = (
            isinstance(datos, LoginPassword)
            and datos.login == usuario
            and datos.password == contrasena
        )
        return AuthResult(success=valido, handled=False)

    return {"authenticator": autenticar, "auth_require_tls": False, "auth_required": True}
