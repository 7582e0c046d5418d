"""Motivos en español de las fallas de descarga, para la salud de la fuente."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as terror
from twisted.web._newclient import ResponseFailed

from rastreadores.urls import UrlRechazada

_POR_CLASE: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, terror.TimeoutError, TimeoutError), "tiempo de espera agotado"),
    (
        (CannotResolveHostError, terror.DNSLookupError),
        "no se pudo resolver el nombre del sitio (o apunta a una dirección interna)",
    ),
    (
        (DownloadConnectionRefusedError, terror.ConnectionRefusedError),
        "el servidor rechazó la conexión",
    ),
    ((ResponseDataLossError, ResponseFailed), "respuesta incompleta (cuerpo truncado)"),
    ((DownloadCancelledError,), "descarga cancelada (excede el tamaño máximo)"),
    ((terror.ConnectionLost, terror.ConnectionDone), "el servidor cortó la conexión sin responder"),
    ((DownloadFailedError, terror.ConnectError), "no se pudo conectar"),
)


def _motivo_ignorada(exc: IgnoreRequest) -> str:
    """Traduce los motivos de peticiones descartadas por Scrapy o por nuestro filtro."""
    texto = str(exc)
    minus = texto.lower()
    if "robots.txt" in minus:
        return "prohibido por robots.txt"
    if "max redirections" in minus:
        return "demasiadas redirecciones (posible bucle)"
    if "download_maxsize" in minus or "max size" in minus:
        return "excede el tamaño máximo (también al descomprimir)"
    return texto or "petición descartada"


def motivo_de(falla: Any) -> str:
    """Motivo legible de una falla de Twisted (o excepción) de una petición."""
    exc = getattr(falla, "value", falla)
    if isinstance(exc, UrlRechazada):
        return f"URL rechazada: {exc}"
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        return _motivo_ignorada(exc)
    for clases, motivo in _POR_CLASE:
        if isinstance(exc, clases):
            return motivo
    return f"{type(exc).__name__}: {exc}"[:300]
