"""Resolución de nombres que rechaza direcciones internas al conectar (cierra el DNS rebinding).

El middleware valida la URL antes de pedirla, pero Twisted vuelve a resolver el nombre al
conectar: un DNS hostil puede responder una IP pública a la validación y 169.254.169.254 a la
conexión. Aquí se valida la IP con la que de verdad se conecta.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from datos.config import cargar
from rastreadores.urls import UrlRechazada, validar_url

log = logging.getLogger(__name__)


def verificar_ip(ip: str, nombre: str, permitidos: Sequence[str]) -> str:
    """Devuelve la IP si se puede usar para `nombre`; si no, lanza UrlRechazada."""
    if nombre.lower().rstrip(".") in {p.strip().lower().rstrip(".") for p in permitidos}:
        return ip
    literal = f"[{ip}]" if ":" in ip else ip
    validar_url(f"http://{literal}/", permitidos)
    return ip


def _verificar_al_conectar(ip: str, nombre: str, permitidos: Sequence[str]) -> str:
    """Como verificar_ip, pero falla como búsqueda DNS fallida (lo que Twisted sabe manejar)."""
    try:
        return verificar_ip(ip, nombre, permitidos)
    except UrlRechazada as exc:
        log.warning("conexión bloqueada por SSRF al resolver %s: %s", nombre, exc)
        raise DNSLookupError(f"URL rechazada: {exc}") from exc


class ResolvedorSeguro(CachingThreadedResolver):
    """El resolvedor con caché de Scrapy, más la validación de la IP resuelta."""

    def __init__(self, reactor: Any, cache_size: int, timeout: float) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.permitidos = cargar().hosts_permitidos

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802
        """Resuelve y valida (también lo que venga de la caché)."""
        diferido = super().getHostByName(name, timeout)
        diferido.addCallback(_verificar_al_conectar, name, self.permitidos)
        return diferido
