"""Rastreo repartido entre procesos o máquinas con scrapy-redis (activo sólo con MONITOREO_REDIS).

Varios procesos `monitoreo rastrear` con el mismo MONITOREO_REDIS comparten la cola de peticiones
y el filtro de duplicados: cada nota la descarga uno solo de ellos. Se parte de las clases de
scrapy-redis con dos ajustes necesarios para este rastreador:

- Las arañas marcan las peticiones de notas con `dont_filter=True` (para que un bucle de
  redirecciones llegue al tope y se cuente como error); el planificador de scrapy-redis nunca las
  filtraría. `PlanificadorCompartido` filtra en Redis la *primera* petición de cada nota (no sus
  reintentos ni sus redirecciones) y deja lo demás como Scrapy lo haría en un solo proceso.
- El filtro de scrapy-redis es un conjunto que no caduca: con SCHEDULER_PERSIST una nota que falló
  no se volvería a pedir nunca. `FiltroConVigencia` guarda cada huella con caducidad y
  `LiberarHuellaMiddleware` la borra cuando la descarga falla del todo.

La cola de scrapy-redis es un conjunto ordenado (ZSET): dos procesos que encolan a la vez la misma
lectura de una fuente (petición idéntica) dejan una sola, y la fuente se lee una vez. Es deseable
(menos carga para el medio); el proceso que no la leyó la registra como revisada, sin notas nuevas.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any
from urllib.parse import urlsplit

import redis
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from rastreadores.urls import canonizar

log = logging.getLogger(__name__)

# Prefijo de todas las claves en Redis (cola por araña y huellas de notas).
PREFIJO_CLAVES = "monitoreo"
# Vida de la huella "esta nota ya la pidió un proceso": de sobra para que todos los procesos de una
# misma ronda lean sus fuentes (segundos) y menor que el intervalo más corto de una fuente (RSS,
# 30 min), para que una nota cuya descarga se perdió (proceso muerto) se pida en la siguiente ronda.
VIGENCIA_HUELLA_SEGUNDOS = 20 * 60
_MODULO = __name__


class RedisInalcanzable(RuntimeError):
    """MONITOREO_REDIS está definido pero Redis no responde."""


def verificar_redis(url_redis: str) -> None:
    """Sin URL no hace nada; con URL, RedisInalcanzable (en español) si Redis no responde.

    Sin esta revisión, scrapy-redis no logra abrir las arañas y el rastreo "termina bien" sin
    haber pedido nada.
    """
    if not url_redis:
        return
    try:
        redis.Redis.from_url(url_redis, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        raise RedisInalcanzable(
            f"No responde Redis en MONITOREO_REDIS ({_donde(url_redis)}): {exc}. Arránquelo o "
            "deje la variable vacía para rastrear en un solo proceso."
        ) from exc


def _donde(url_redis: str) -> str:
    """Host y puerto de la URL, sin usuario ni contraseña (el mensaje llega al registro)."""
    partes = urlsplit(url_redis)
    return f"{partes.hostname or '?'}:{partes.port or 6379}"


def claves(prefijo: str = PREFIJO_CLAVES) -> dict[str, str]:
    """Claves de la cola (una por araña) y del filtro (compartido entre arañas) en Redis."""
    return {
        "SCHEDULER_QUEUE_KEY": f"{prefijo}:%(spider)s:peticiones",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefijo}:huellas",
    }


def ajustes_distribuidos(url_redis: str) -> dict[str, Any]:
    """Ajustes de scrapy-redis si hay URL de Redis; si no, ninguno (un solo proceso)."""
    if not url_redis:
        return {}
    return {
        "SCHEDULER": f"{_MODULO}.PlanificadorCompartido",
        "DUPEFILTER_CLASS": f"{_MODULO}.FiltroConVigencia",
        # Persistente: el primer proceso que termina no debe vaciar la cola de los demás.
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": url_redis,
        "MONITOREO_VIGENCIA_HUELLA": VIGENCIA_HUELLA_SEGUNDOS,
        **claves(),
    }


def middlewares_distribuidos(url_redis: str) -> dict[str, int]:
    """Middleware de descarga que libera la huella de una nota fallida (sólo con Redis)."""
    if not url_redis:
        return {}
    return {f"{_MODULO}.LiberarHuellaMiddleware": 50}


def huella(request: Request) -> str:
    """sha1 del método y la URL canónica (sin utm_ ni fragmento: como `_pedidas` de las arañas)."""
    datos = {"method": request.method, "url": canonizar(request.url), "body": ""}
    return hashlib.sha1(json.dumps(datos, sort_keys=True).encode()).hexdigest()


def es_primera_peticion_de_nota(request: Request) -> bool:
    """¿Pide una nota (o edición PDF) por primera vez, sin ser reintento ni redirección?"""
    meta = request.meta
    return (
        "enlace" in request.cb_kwargs
        and not meta.get("retry_times")
        and not meta.get("redirect_times")
    )


class FiltroConVigencia(RFPDupeFilter):  # type: ignore[misc]
    """Filtro de scrapy-redis con una clave por huella que caduca (SET NX EX)."""

    vigencia = VIGENCIA_HUELLA_SEGUNDOS

    @classmethod
    def from_spider(cls, spider: Any) -> FiltroConVigencia:
        """Como en scrapy-redis, más la vigencia de los ajustes."""
        filtro: FiltroConVigencia = super().from_spider(spider)
        filtro.vigencia = spider.settings.getint("MONITOREO_VIGENCIA_HUELLA", filtro.vigencia)
        return filtro

    def request_seen(self, request: Request) -> bool:
        """True si otro proceso (o este) ya reservó la petición y la reserva sigue vigente."""
        nueva = self.server.set(f"{self.key}:{huella(request)}", 1, nx=True, ex=self.vigencia)
        return not nueva

    def clear(self) -> None:
        """Borra todas las huellas del filtro."""
        for clave in self.server.scan_iter(match=f"{self.key}:*", count=500):
            self.server.delete(clave)


class PlanificadorCompartido(Scheduler):  # type: ignore[misc]
    """Planificador de scrapy-redis que reparte las notas: cada una la pide un solo proceso."""

    def open(self, spider: Any) -> None:
        """Abre la cola compartida y el filtro local de las demás peticiones."""
        super().open(spider)
        self.locales: set[str] = set()

    def enqueue_request(self, request: Request) -> bool:
        """Notas: filtro en Redis; lo demás: filtro local del proceso, como Scrapy solo."""
        if es_primera_peticion_de_nota(request):
            if self.df.request_seen(request):
                self.stats.inc_value("monitoreo/pedidas_por_otro_proceso")
                return False
        elif not request.dont_filter:
            clave = huella(request)
            if clave in self.locales:
                return False
            self.locales.add(clave)
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True


class LiberarHuellaMiddleware:
    """Borra la huella de una nota cuya descarga falló del todo, para reintentarla pronto."""

    def __init__(self, servidor: redis.Redis, clave: str) -> None:
        self.servidor = servidor
        self.clave = clave

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LiberarHuellaMiddleware:
        """Conexión y clave del filtro a partir de los ajustes."""
        ajustes: BaseSettings = crawler.settings
        servidor = redis.Redis.from_url(ajustes.get("REDIS_URL"))
        clave = str(ajustes.get("SCHEDULER_DUPEFILTER_KEY")) % {"spider": ""}
        return cls(servidor, clave)

    def liberar(self, request: Request) -> None:
        """Borra la huella de la URL original de la nota."""
        if "enlace" not in request.cb_kwargs:
            return
        original = (request.meta.get("redirect_urls") or [request.url])[0]
        self.servidor.delete(f"{self.clave}:{huella(request.replace(url=original))}")

    def process_exception(self, request: Request, exception: BaseException) -> None:
        """Falla definitiva de red (el middleware de reintentos ya se rindió)."""
        self.liberar(request)

    def process_response(self, request: Request, response: Response) -> Response:
        """Respuesta de error definitiva (4xx/5xx tras los reintentos)."""
        if response.status >= 400:
            self.liberar(request)
        return response
