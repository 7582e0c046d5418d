"""Buzón local de la demo: servidor SMTP (aiosmtpd) en 127.0.0.1 que guarda cada mensaje en .eml."""

from __future__ import annotations

import logging
import socket
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

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
    """Manejador de aiosmtpd: cada mensaje aceptado se escribe como NNNN.eml."""

    def __init__(self, carpeta: Path) -> None:
        """Numera a partir de los .eml que ya haya en la carpeta."""
        self.carpeta = carpeta
        self.candado = threading.Lock()
        self.siguiente = len(list(carpeta.glob("*.eml"))) + 1

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Guarda el mensaje tal como llegó, con los destinatarios del sobre como cabecera."""
        sobre = f"X-Buzon-Para: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        with self.candado:
            ruta = self.carpeta / f"{self.siguiente:04d}.eml"
            self.siguiente += 1
        ruta.write_bytes(sobre + bytes(envelope.content))
        log.info("buzón local: %s para %s", ruta.name, envelope.rcpt_tos)
        return "250 OK"


class BuzonLocal:
    """Servidor SMTP local que guarda en `carpeta`; úsese con `with`."""

    def __init__(self, carpeta: Path, puerto: int | None = None) -> None:
        """Prepara la carpeta; el servidor arranca al entrar al `with`."""
        self.carpeta = carpeta
        carpeta.mkdir(parents=True, exist_ok=True)
        self._fijo = puerto is not None
        self.puerto = puerto or puerto_libre()
        self._manejador = _Guardar(carpeta)
        self._controlador = Controller(self._manejador, hostname=HOST, port=self.puerto)

    def __enter__(self) -> BuzonLocal:
        """Arranca el servidor en su propio hilo (en otro puerto si le ganaron el elegido)."""
        try:
            self._controlador.start()
        except OSError:
            if self._fijo:
                raise
            # Otro proceso tomó el puerto entre la prueba y el arranque: se pide uno al sistema.
            self.puerto = puerto_libre(0)
            self._controlador = Controller(self._manejador, hostname=HOST, port=self.puerto)
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
