"""Middlewares de descarga: filtro contra SSRF en cada petición y retroceso entre reintentos."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from datos.config import cargar
from rastreadores.urls import UrlRechazada, validar_url

log = logging.getLogger(__name__)

PREFIJO_RECHAZO = "URL rechazada"


class FiltroSsrfMiddleware:
    """Descarta toda petición (incluidas redirecciones y robots.txt) a direcciones internas."""

    def __init__(self, crawler: Crawler, permitidos: Sequence[str]) -> None:
        self.crawler = crawler
        self.permitidos = tuple(permitidos)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FiltroSsrfMiddleware:
        """Construye el filtro con los hosts permitidos de la configuración."""
        return cls(crawler, cargar().hosts_permitidos)

    async def process_request(self, request: Request) -> None:
        """Valida la URL; si es interna la descarta con el motivo contado en stats."""
        try:
            # validar_url resuelve el nombre (DNS): en un hilo para no frenar las demás descargas.
            await asyncio.to_thread(validar_url, request.url, self.permitidos)
        except UrlRechazada as exc:
            stats = self.crawler.stats
            if stats is not None:
                stats.inc_value("monitoreo/url_rechazada")
            log.warning("petición descartada por SSRF: %s (%s)", request.url, exc)
            raise IgnoreRequest(f"{PREFIJO_RECHAZO}: {exc}") from exc


class RetrocesoMiddleware:
    """Espera base × 2^(n-1) segundos antes del n-ésimo reintento de una petición."""

    def __init__(self, base: float, tope: float) -> None:
        self.base = base
        self.tope = tope

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetrocesoMiddleware:
        """Lee la base y el tope del retroceso de los ajustes."""
        ajustes = crawler.settings
        return cls(
            ajustes.getfloat("MONITOREO_RETROCESO_BASE", 2.0),
            ajustes.getfloat("MONITOREO_RETROCESO_TOPE", 60.0),
        )

    def espera(self, intento: int) -> float:
        """Segundos a esperar antes del intento `intento` (1 = primer reintento)."""
        if intento <= 0 or self.base <= 0:
            return 0.0
        return float(min(self.base * 2 ** (intento - 1), self.tope))

    async def process_request(self, request: Request) -> Any:
        """Duerme antes de dejar pasar un reintento, sin bloquear el reactor."""
        segundos = self.espera(int(request.meta.get("retry_times", 0)))
        if segundos > 0:
            await asyncio.sleep(segundos)
        return None


class PlazoFuenteMiddleware:
    """Plazo total por fuente (feed, reintentos y notas) y por rastreo; vencido, se descarta.

    Un feed «tarpit» que gotea bytes tenía el candado del rastreo 276 s: el tiempo de espera de
    Scrapy es por petición y se multiplica por reintentos y notas. Además, cada descarga espera a
    lo más lo que le queda al plazo de su fuente y al del rastreo: al vencer CLOSESPIDER_TIMEOUT,
    Scrapy cierra con orden pero espera las descargas en curso, que así terminan a tiempo.
    """

    def __init__(self, plazo_fuente: float, plazo_rastreo: float, espera: float = 180.0) -> None:
        self.plazo_fuente = plazo_fuente
        self.plazo_rastreo = plazo_rastreo
        # DOWNLOAD_TIMEOUT: este middleware corre antes que el de Scrapy que lo pone en meta.
        self.espera = espera
        self.inicio = time.monotonic()
        self.inicios: dict[int, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PlazoFuenteMiddleware:
        """Lee los plazos (segundos; 0 = sin plazo) de los ajustes."""
        ajustes = crawler.settings
        return cls(
            ajustes.getfloat("MONITOREO_PLAZO_FUENTE", 0.0),
            ajustes.getfloat("CLOSESPIDER_TIMEOUT", 0.0),
            ajustes.getfloat("DOWNLOAD_TIMEOUT", 180.0),
        )

    def _restante(self, request: Request) -> tuple[float, str] | None:
        """Segundos que quedan al plazo más cercano y cuál es; None si no hay plazos."""
        restantes = []
        if self.plazo_rastreo > 0:
            resta = self.plazo_rastreo - (time.monotonic() - self.inicio)
            restantes.append((resta, "del rastreo"))
        fuente_id = getattr(request.cb_kwargs.get("fuente"), "fuente_id", None)
        if self.plazo_fuente > 0 and isinstance(fuente_id, int):
            inicio = self.inicios.setdefault(fuente_id, time.monotonic())
            restantes.append((self.plazo_fuente - (time.monotonic() - inicio), "de la fuente"))
        return min(restantes) if restantes else None

    def process_request(self, request: Request) -> None:
        """Descarta si venció un plazo; si no, acota la espera de la descarga a lo que queda."""
        restante = self._restante(request)
        if restante is None:
            return
        segundos, cual = restante
        if segundos <= 0:
            raise IgnoreRequest(f"plazo {cual} agotado")
        actual = float(request.meta.get("download_timeout", self.espera))
        request.meta["download_timeout"] = max(min(actual, segundos), 0.1)
