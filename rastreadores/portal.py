"""Descarga cortés de los formatos del portal de transparencia: robots, cortesía y GET condicional.

No se usa Scrapy (ver docs/decisiones.md): son unas decenas de archivos que se revisan una vez al
día y la CLI necesita el resultado en el momento. Se respetan las mismas reglas que la araña:
agente identificado, robots.txt (RFC 9309), un retraso por dominio, GET condicional con ETag y
Last-Modified, tope de bytes y validación anti-SSRF de la URL y de cada redirección.
"""

from __future__ import annotations

import logging
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import urlsplit

from datos.config import Configuracion
from rastreadores.urls import HostSinResolver, RedireccionValidada, UrlRechazada, validar_url

log = logging.getLogger(__name__)

# Un portal municipal lento responde en menos de 30 s (igual que la araña, arana/settings.py).
TIEMPO_ESPERA_SEGUNDOS = 30
TROZO_BYTES = 64 * 1024
# robots.txt más grande que esto es un error del sitio; Google corta en 500 KiB.
ROBOTS_MAXIMO = 512 * 1024
_RAZONES_HTTP = {
    401: "pide usuario y contraseña",
    403: "acceso prohibido",
    404: "no encontrado",
    410: "ya no existe",
    429: "demasiadas peticiones",
    500: "error interno del servidor",
    502: "puerta de enlace inválida",
    503: "servicio no disponible",
}


class DescargaFallida(Exception):
    """No se pudo obtener el formato; `motivo` lo explica en español."""

    def __init__(self, motivo: str) -> None:
        """Guarda el motivo legible."""
        super().__init__(motivo)
        self.motivo = motivo


@dataclass(frozen=True)
class Descarga:
    """Respuesta de un formato: 200 con contenido o 304 (sin cambios desde la última vez)."""

    estado: int
    contenido: bytes = b""
    tipo: str = ""
    etag: str | None = None
    ultima_modificacion: str | None = None

    @property
    def sin_cambios(self) -> bool:
        """El servidor respondió 304."""
        return self.estado == 304


def _validar(url: str, permitidos: Sequence[str]) -> None:
    """UrlRechazada convertida en DescargaFallida con el motivo en español."""
    try:
        validar_url(url, permitidos)
    except HostSinResolver as exc:
        host = urlsplit(url).hostname or url
        motivo = f"no se pudo resolver el nombre del sitio «{host}» (no existe o no hay DNS)"
        raise DescargaFallida(motivo) from exc
    except UrlRechazada as exc:
        raise DescargaFallida(f"URL rechazada: {exc}") from exc


def motivo_de_red(exc: BaseException) -> str:
    """Motivo en español de una falla de conexión de urllib."""
    razon = getattr(exc, "reason", exc)
    if isinstance(razon, ConnectionRefusedError):
        return "el servidor rechazó la conexión (no hay nada escuchando en esa dirección)"
    if isinstance(razon, TimeoutError | socket.timeout):
        return f"tiempo de espera agotado ({TIEMPO_ESPERA_SEGUNDOS} s sin respuesta)"
    if isinstance(razon, socket.gaierror):
        return "no se pudo resolver el nombre del sitio"
    if isinstance(razon, ConnectionResetError):
        return "el servidor cortó la conexión"
    return f"no se pudo conectar con el servidor: {razon}"


def _motivo_http(codigo: int) -> str:
    """«el servidor respondió 404 (no encontrado)»."""
    razon = _RAZONES_HTTP.get(codigo)
    return f"el servidor respondió {codigo}" + (f" ({razon})" if razon else "")


@dataclass
class ClientePortal:
    """Cliente HTTP cortés para los formatos; recuerda robots.txt y la última visita por sitio."""

    config: Configuracion
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _ultima: dict[str, float] = field(default_factory=dict)

    @property
    def agente(self) -> str:
        """User-Agent identificado, igual que la araña."""
        return f"{self.config.agente} (+mailto:{self.config.contacto})"

    def _abrir(self, url: str, cabeceras: dict[str, str]) -> IO[bytes]:
        """GET con redirecciones validadas y el agente del proyecto, tras esperar la cortesía."""
        self._esperar_turno(url)
        abridor = urllib.request.build_opener(
            RedireccionValidada(lambda destino: _validar(destino, self.config.hosts_permitidos))
        )
        pedido = urllib.request.Request(url, headers={"User-Agent": self.agente, **cabeceras})
        respuesta: IO[bytes] = abridor.open(pedido, timeout=TIEMPO_ESPERA_SEGUNDOS)
        return respuesta

    def _esperar_turno(self, url: str) -> None:
        """Retraso de cortesía por sitio (MONITOREO_RETRASO_MS) entre dos peticiones."""
        sitio = urlsplit(url).netloc
        anterior = self._ultima.get(sitio)
        if anterior is not None:
            faltan = self.config.retraso_descarga - (time.monotonic() - anterior)
            if faltan > 0:
                time.sleep(faltan)
        self._ultima[sitio] = time.monotonic()

    def _leer(self, respuesta: IO[bytes], limite: int) -> bytes:
        """Lee por trozos y corta al pasar del tope (sin confiar en Content-Length)."""
        partes: list[bytes] = []
        leidos = 0
        while trozo := respuesta.read(TROZO_BYTES):
            leidos += len(trozo)
            if leidos > limite:
                raise DescargaFallida(f"el archivo pesa más de {limite:,} bytes: se descarta")
            partes.append(trozo)
        return b"".join(partes)

    def permitido(self, url: str) -> bool:
        """¿robots.txt del sitio deja pedir esta URL a nuestro agente?"""
        partes = urlsplit(url)
        origen = f"{partes.scheme}://{partes.netloc}"
        if origen not in self._robots:
            self._robots[origen] = self._cargar_robots(origen)
        return self._robots[origen].can_fetch(self.agente, url)

    def _cargar_robots(self, origen: str) -> urllib.robotparser.RobotFileParser:
        """robots.txt según RFC 9309: 4xx = todo permitido; 5xx o sin conexión = nada."""
        analizador = urllib.robotparser.RobotFileParser(origen + "/robots.txt")
        try:
            with self._abrir(origen + "/robots.txt", {}) as respuesta:
                texto = self._leer(respuesta, ROBOTS_MAXIMO).decode("utf-8", errors="replace")
            analizador.parse(texto.splitlines())
        except urllib.error.HTTPError as exc:
            analizador.parse([] if exc.code < 500 else ["User-agent: *", "Disallow: /"])
        except (urllib.error.URLError, OSError, DescargaFallida):
            # Sin robots.txt legible por una falla de red, la descarga misma fallará y dirá por qué.
            analizador.parse([])
        return analizador

    def descargar(
        self, url: str, etag: str | None = None, ultima_modificacion: str | None = None
    ) -> Descarga:
        """GET condicional del formato; DescargaFallida con el motivo si no se puede."""
        _validar(url, self.config.hosts_permitidos)
        if not self.permitido(url):
            raise DescargaFallida("prohibido por robots.txt del portal")
        cabeceras = {}
        if etag:
            cabeceras["If-None-Match"] = etag
        if ultima_modificacion:
            cabeceras["If-Modified-Since"] = ultima_modificacion
        return self._pedir(url, cabeceras)

    def _pedir(self, url: str, cabeceras: dict[str, str]) -> Descarga:
        """La petición y la traducción de sus fallas."""
        try:
            with self._abrir(url, cabeceras) as respuesta:
                contenido = self._leer(respuesta, self.config.tamano_maximo)
                h = respuesta.headers  # type: ignore[attr-defined]
                return Descarga(
                    200, contenido, h.get("Content-Type", ""), h.get("ETag"), h.get("Last-Modified")
                )
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Descarga(304, etag=cabeceras.get("If-None-Match"))
            raise DescargaFallida(_motivo_http(exc.code)) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DescargaFallida(motivo_de_red(exc)) from exc
