"""Servidor HTTP local de los medios de demostración: un ThreadingHTTPServer por medio.

`ServidorHTTP` y `en_hilo` son también los servidores de las pruebas (medios sanos, con fallas,
hostiles): una sola forma de servir en 127.0.0.x y de apagar sin dejar hilos ni puertos.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

from demo.portal import CARPETA as CARPETA_PORTAL
from demo.sitios import BASE, MANIFIESTO, archivo_de

log = logging.getLogger(__name__)

TIPOS = {
    ".html": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Binarios que se sirven tal cual (sin sustituir {BASE} ni declarar charset).
BINARIOS = (".pdf", ".xlsx")
TIPOS_FEED = {"rss.xml": "application/rss+xml", "atom.xml": "application/atom+xml"}
# Sólo se comprime texto de más de este tamaño (por debajo gzip no ahorra nada).
GZIP_MINIMO = 512
# Con el sondeo por omisión (0.5 s) apagar once servidores tardaba más de 5 s.
SONDEO_SEGUNDOS = 0.05
PAGINA_404 = (
    b"<!DOCTYPE html><html><head><title>No encontrado</title></head>"
    b"<body><h1>404</h1><p>No encontrado.</p></body></html>"
)


def _tipo(archivo: Path, codificacion: str) -> str:
    """Content-Type del archivo; el medio ISO-8859-1 no declara charset."""
    tipo = TIPOS_FEED.get(archivo.name) or TIPOS.get(archivo.suffix, "text/html")
    if archivo.suffix in BINARIOS or codificacion != "utf-8":
        return tipo
    return f"{tipo}; charset=utf-8"


class _Manejador(BaseHTTPRequestHandler):
    """Sirve los archivos estáticos de un medio con GET condicional y gzip."""

    server: _Servidor
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Silencioso: nada en stderr."""

    def do_HEAD(self) -> None:
        """Como GET pero sin cuerpo."""
        self._responder(cuerpo=False)

    def do_GET(self) -> None:
        """Sirve un archivo, 304 si no cambió o 404."""
        self._responder(cuerpo=True)

    def _archivo(self) -> Path | None:
        """Archivo dentro de la raíz del medio que corresponde a la ruta pedida."""
        ruta = unquote(urlsplit(self.path).path)
        raiz = self.server.raiz
        archivo = (raiz / archivo_de(ruta)).resolve()
        if archivo.is_dir():
            archivo = archivo / "index.html"
        if not archivo.is_relative_to(raiz) or not archivo.is_file() or ruta.startswith("/admin"):
            return None
        return archivo

    def _responder(self, cuerpo: bool) -> None:
        """Arma la respuesta completa."""
        archivo = self._archivo()
        if archivo is None:
            self._enviar(
                HTTPStatus.NOT_FOUND,
                PAGINA_404,
                {"Content-Type": "text/html; charset=utf-8"},
                cuerpo,
            )
            return
        datos = archivo.read_bytes()
        if archivo.suffix not in BINARIOS:
            datos = datos.replace(BASE.encode(), self.server.base.encode())
        etiqueta = '"' + hashlib.sha256(datos).hexdigest()[:32] + '"'
        mtime = archivo.stat().st_mtime
        cabeceras = {"ETag": etiqueta, "Last-Modified": formatdate(mtime, usegmt=True)}
        if self._sin_cambios(etiqueta, mtime):
            self._enviar(HTTPStatus.NOT_MODIFIED, b"", cabeceras, False)
            return
        cabeceras["Content-Type"] = _tipo(archivo, self.server.codificacion)
        if "gzip" in self.headers.get("Accept-Encoding", "") and len(datos) > GZIP_MINIMO:
            datos = gzip.compress(datos, mtime=0)
            cabeceras["Content-Encoding"] = "gzip"
        cabeceras["Vary"] = "Accept-Encoding"
        self._enviar(HTTPStatus.OK, datos, cabeceras, cuerpo)

    def _sin_cambios(self, etiqueta: str, mtime: float) -> bool:
        """True si If-None-Match o If-Modified-Since dicen que el cliente ya lo tiene."""
        si_no = self.headers.get("If-None-Match")
        if si_no is not None:
            return (
                etiqueta in [e.strip().removeprefix("W/") for e in si_no.split(",")] or si_no == "*"
            )
        desde = self.headers.get("If-Modified-Since")
        if desde:
            try:
                return int(mtime) <= parsedate_to_datetime(desde).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _enviar(
        self, estado: HTTPStatus, datos: bytes, cabeceras: dict[str, str], cuerpo: bool
    ) -> None:
        """Escribe estado, cabeceras y (si toca) el cuerpo."""
        self.send_response(estado)
        for nombre, valor in cabeceras.items():
            self.send_header(nombre, valor)
        if estado != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(datos)))
        self.end_headers()
        if cuerpo and datos:
            self.wfile.write(datos)


class ServidorHTTP(ThreadingHTTPServer):
    """ThreadingHTTPServer para medios simulados: hilos daemon, cola amplia y sin ruido."""

    daemon_threads = True
    # La cola de 5 de ThreadingHTTPServer da tiempos agotados falsos con muchas descargas a la vez.
    request_queue_size = 128

    @property
    def base(self) -> str:
        """URL base del servidor (http://host:puerto)."""
        host, puerto = self.server_address[:2]
        return f"http://{host!s}:{puerto}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Clientes que cortan la conexión: al registro de depuración, no a stderr."""
        log.debug("error atendiendo a %s en %s", client_address, self.base, exc_info=True)


@contextmanager
def en_hilo(servidor: ThreadingHTTPServer, nombre: str = "http") -> Iterator[ThreadingHTTPServer]:
    """Sirve en un hilo daemon mientras dura el bloque; al salir apaga y libera el puerto."""
    hilo = threading.Thread(
        target=servidor.serve_forever,
        kwargs={"poll_interval": SONDEO_SEGUNDOS},
        name=nombre,
        daemon=True,
    )
    hilo.start()
    try:
        yield servidor
    finally:
        servidor.shutdown()
        servidor.server_close()
        hilo.join(timeout=5)


class _Servidor(ServidorHTTP):
    """Servidor de un medio: sabe su raíz y su codificación."""

    def __init__(self, direccion: tuple[str, int], raiz: Path, codificacion: str) -> None:
        super().__init__(direccion, _Manejador)
        self.raiz = raiz.resolve()
        self.codificacion = codificacion


class ServidorDemo:
    """Sirve carpeta/<slug>/ de cada medio en su propia IP de loopback 127.0.0.N."""

    def __init__(self, carpeta: Path, puerto: int = 0) -> None:
        """Prepara (sin arrancar) un servidor por medio del manifiesto de escribir_sitios."""
        self.carpeta = carpeta
        self.puerto = puerto
        self.urls: dict[str, str] = {}
        # El portal de transparencia del Ayuntamiento (demo/portal.py), si se escribió.
        self.url_portal: str | None = None
        self._pila = ExitStack()

    def __enter__(self) -> ServidorDemo:
        """Arranca los servidores en hilos daemon y llena `urls`."""
        manifiesto = json.loads((self.carpeta / MANIFIESTO).read_text("utf-8"))
        try:
            self._arrancar(manifiesto)
        except OSError:
            self.__exit__(None, None, None)
            raise
        log.info("medios de demostración servidos: %d", len(self.urls))
        return self

    def _arrancar(self, manifiesto: dict[str, dict[str, str]]) -> None:
        """Un servidor por medio en 127.0.0.2, 127.0.0.3, ..."""
        for n, (slug, datos) in enumerate(manifiesto.items(), start=2):
            servidor = _Servidor(
                (f"127.0.0.{n}", self.puerto), self.carpeta / slug, datos["codificacion"]
            )
            self._pila.enter_context(en_hilo(servidor, f"demo-{slug}"))
            self.urls[slug] = servidor.base
        if (self.carpeta / CARPETA_PORTAL).is_dir():
            portal = _Servidor(
                (f"127.0.0.{len(manifiesto) + 2}", self.puerto),
                self.carpeta / CARPETA_PORTAL,
                "utf-8",
            )
            self._pila.enter_context(en_hilo(portal, "demo-portal"))
            self.url_portal = portal.base

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        error: BaseException | None,
        traza: TracebackType | None,
    ) -> None:
        """Detiene los servidores y libera los puertos."""
        self._pila.close()
