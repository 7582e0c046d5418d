"""Ajustes de Scrapy para el rastreador, derivados de la configuración del despliegue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from datos.config import Configuracion
from rastreadores.arana.distribuido import ajustes_distribuidos, middlewares_distribuidos

# Espera máxima por respuesta: los portales regionales lentos tardan hasta ~15 s en horas pico.
TIEMPO_ESPERA_SEGUNDOS = 30
# Reintentos ante 5xx, 429 y fallas de red; con retroceso exponencial (ver middlewares).
REINTENTOS = 2
# Base del retroceso entre reintentos: 2 s, 4 s, ... con tope de 60 s.
RETROCESO_BASE_SEGUNDOS = 2.0
RETROCESO_TOPE_SEGUNDOS = 60.0
# Una cadena de más de 5 redirecciones en un medio es casi siempre un bucle o un muro de cookies.
MAXIMO_REDIRECCIONES = 5
# AutoThrottle: nunca más de 30 s entre peticiones a un mismo sitio, una a la vez en promedio.
RETRASO_MAXIMO_SEGUNDOS = 30.0
CONCURRENCIA_OBJETIVO = 1.0
# Peticiones simultáneas totales del proceso (entre todos los medios).
CONCURRENCIA_TOTAL = 16

_PREFIJO = "rastreadores.arana"


def ajustes(config: Configuracion, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Diccionario de ajustes de Scrapy: cortesía, límites, middlewares y pipelines."""
    base: dict[str, Any] = {
        "BOT_NAME": "monitoreo",
        "USER_AGENT": f"{config.agente} (+mailto:{config.contacto})",
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "TWISTED_DNS_RESOLVER": f"{_PREFIJO}.resolvedor.ResolvedorSeguro",
        "LOG_LEVEL": "INFO",
        "DEFAULT_DROPITEM_LOG_LEVEL": "DEBUG",
        **_cortesia(config),
        **_limites(config),
        "DOWNLOADER_MIDDLEWARES": {
            f"{_PREFIJO}.middlewares.FiltroSsrfMiddleware": 40,
            f"{_PREFIJO}.middlewares.RetrocesoMiddleware": 45,
            f"{_PREFIJO}.middlewares.PlazoFuenteMiddleware": 50,
            **middlewares_distribuidos(config.redis),
        },
        "ITEM_PIPELINES": {
            f"{_PREFIJO}.pipelines.ValidarPipeline": 100,
            f"{_PREFIJO}.pipelines.DeduplicarPipeline": 200,
            f"{_PREFIJO}.pipelines.ExtraerPipeline": 300,
            f"{_PREFIJO}.pipelines.TestigoPipeline": 400,
            f"{_PREFIJO}.pipelines.GuardarPipeline": 500,
        },
    }
    base.update(ajustes_distribuidos(config.redis))
    base.update(extra or {})
    return base


def _cortesia(config: Configuracion) -> dict[str, Any]:
    """Ritmo de descarga: AutoThrottle con el retraso configurado como mínimo."""
    return {
        "DOWNLOAD_DELAY": config.retraso_descarga,
        "CONCURRENT_REQUESTS": CONCURRENCIA_TOTAL,
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(1, config.concurrencia_por_dominio),
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": config.retraso_descarga,
        "AUTOTHROTTLE_MAX_DELAY": max(RETRASO_MAXIMO_SEGUNDOS, config.retraso_descarga),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": CONCURRENCIA_OBJETIVO,
    }


def _limites(config: Configuracion) -> dict[str, Any]:
    """Límites de tiempo, tamaño (también descomprimido), reintentos y redirecciones."""
    return {
        "DOWNLOAD_TIMEOUT": TIEMPO_ESPERA_SEGUNDOS,
        "DOWNLOAD_MAXSIZE": config.tamano_maximo,
        "DOWNLOAD_WARNSIZE": config.tamano_maximo,
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": REINTENTOS,
        "MONITOREO_RETROCESO_BASE": RETROCESO_BASE_SEGUNDOS,
        "MONITOREO_RETROCESO_TOPE": RETROCESO_TOPE_SEGUNDOS,
        "REDIRECT_MAX_TIMES": MAXIMO_REDIRECCIONES,
        "METAREFRESH_MAXDELAY": 0,
        # Plazos: por fuente (middleware) y por rastreo (Scrapy cierra las arañas al vencer).
        "MONITOREO_PLAZO_FUENTE": config.plazo_fuente,
        "CLOSESPIDER_TIMEOUT": config.plazo_rastreo,
    }
