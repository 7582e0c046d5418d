"""Capturas PNG de páginas de notas con el Chromium del sistema (único módulo que lo maneja).

Decisiones de seguridad (ver también docs/decisiones.md):

- JavaScript deshabilitado. Chromium corre con `--no-sandbox` (contenedores sin espacios de
  nombres), así que ejecutar el JavaScript de sitios ajenos sería darle a cualquier anuncio
  comprometido el mismo usuario que la base de datos. Los portales de noticias (WordPress y
  similares) entregan el titular, el cuerpo y la foto principal en el HTML; lo que se pierde son
  imágenes diferidas, anuncios y avisos de cookies. El HTML original ya se guarda como testigo
  aparte.
- Todo el tráfico de Chromium (incluido 127.0.0.1: `<-loopback>`) pasa por un proxy local que
  resuelve cada host y sólo conecta a IPs permitidas por `rastreadores.urls.validar_url` con
  `hosts_permitidos`. Así se filtran también las redirecciones y las subpeticiones (imágenes, CSS,
  iframes), que `page.route` de Playwright no intercepta en los saltos de redirección, y no hay
  ventana de *DNS rebinding*: el proxy conecta a la misma IP que validó.
- Sin descargas (`accept_downloads=False`), sin *service workers*, un contexto nuevo por URL.
"""

from __future__ import annotations

import logging
import selectors
import shutil
import socket
import socketserver
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from datos.config import cargar
from rastreadores.urls import UrlRechazada, validar_url

if TYPE_CHECKING:
    from playwright.sync_api import Browser

log = logging.getLogger(__name__)

RUTA_CHROMIUM = "/usr/bin/chromium"
# Banderas que evitan conexiones de fondo de Chromium (la máquina de producción puede no tener
# red saliente más que hacia los medios) y que lo dejan correr en contenedores.
BANDERAS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Alto de la ventana antes de medir la página completa: el de una pantalla de escritorio común.
ALTO_VENTANA = 900
# Encabezado de una petición al proxy: las de Chromium miden < 4 KB; 64 KB sobra.
ENCABEZADO_MAXIMO = 64 * 1024
# Segundos sin tráfico en un túnel antes de cerrarlo: más que cualquier respuesta lenta de un
# portal (medido: < 20 s), menos que el plazo de una captura completa.
INACTIVIDAD_TUNEL = 30.0
BLOQUE = 64 * 1024
SIN_CHROMIUM = "no está Chromium del sistema (paquete chromium de Debian) o Playwright"
# Errores de red de Chromium más comunes, en palabras de la oficina. Un destino que no acepta la
# conexión llega como ERR_HTTP_RESPONSE_CODE_FAILURE: el proxy filtrante responde 403 vacío.
ERRORES_DE_RED = {
    "ERR_HTTP_RESPONSE_CODE_FAILURE": "el sitio no respondió: no se pudo conectar",
    "ERR_CONNECTION_REFUSED": "el sitio rechazó la conexión",
    "ERR_TUNNEL_CONNECTION_FAILED": "el sitio no respondió: no se pudo conectar",
    "ERR_NAME_NOT_RESOLVED": "no se encontró el sitio: el nombre no existe",
    "ERR_TIMED_OUT": "el sitio tardó demasiado en responder",
    "ERR_CONNECTION_TIMED_OUT": "el sitio tardó demasiado en responder",
    "ERR_EMPTY_RESPONSE": "el sitio cerró la conexión sin responder",
}


def ruta_chromium() -> str | None:
    """Ruta del ejecutable de Chromium del sistema, o None si no está."""
    ruta = shutil.which("chromium") or RUTA_CHROMIUM
    return ruta if Path(ruta).is_file() else None


def chromium_disponible() -> bool:
    """¿Hay Chromium del sistema y Playwright para manejarlo?"""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return ruta_chromium() is not None


# --- Proxy filtrante ----------------------------------------------------------------------------


def _ip_en_url(ip: str) -> str:
    """IP lista para ir en una URL (IPv6 entre corchetes)."""
    return f"[{ip}]" if ":" in ip else ip


def resolver_permitido(host: str, puerto: int, permitidos: Sequence[str]) -> list[str]:
    """IPs de `host` a las que se puede conectar; UrlRechazada si alguna es interna."""
    try:
        infos = socket.getaddrinfo(host, puerto, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise UrlRechazada(f"no se pudo resolver el host «{host}»: {exc}") from exc
    ips = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
    if host.lower().rstrip(".") in {p.strip().lower().rstrip(".") for p in permitidos}:
        return ips
    # Se valida cada IP que se usará (no el nombre): así no hay segunda resolución que un
    # servidor DNS malicioso pueda cambiar entre la validación y la conexión.
    for ip in ips:
        try:
            validar_url(f"http://{_ip_en_url(ip)}:{puerto}/", permitidos)
        except UrlRechazada as exc:
            raise UrlRechazada(f"«{host}»: {exc}") from exc
    return ips


def _conectar(host: str, puerto: int, permitidos: Sequence[str]) -> socket.socket:
    """Socket conectado a una IP permitida de `host`."""
    ultimo: OSError | None = None
    for ip in resolver_permitido(host, puerto, permitidos):
        try:
            return socket.create_connection((ip, puerto), timeout=INACTIVIDAD_TUNEL)
        except OSError as exc:
            ultimo = exc
    raise ultimo or OSError(f"sin direcciones para {host}")


def _leer_encabezado(conexion: socket.socket) -> bytes:
    """Lee hasta el fin del encabezado HTTP (incluye lo que llegue después)."""
    datos = b""
    while b"\r\n\r\n" not in datos and len(datos) < ENCABEZADO_MAXIMO:
        bloque = conexion.recv(BLOQUE)
        if not bloque:
            break
        datos += bloque
    return datos


def _tuberia(a: socket.socket, b: socket.socket) -> None:
    """Copia bytes en ambos sentidos hasta que un lado cierre o no haya tráfico."""
    with selectors.DefaultSelector() as selector:
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        while eventos := selector.select(timeout=INACTIVIDAD_TUNEL):
            for clave, _ in eventos:
                origen: socket.socket = clave.fileobj  # type: ignore[assignment]
                bloque = origen.recv(BLOQUE)
                if not bloque:
                    return
                clave.data.sendall(bloque)


def _reescribir(cabeza: bytes, resto: bytes) -> tuple[str, int, bytes]:
    """Host, puerto y petición en forma de origen (GET /ruta) de una petición de proxy HTTP."""
    lineas = cabeza.decode("latin-1").split("\r\n")
    metodo, destino, version = lineas[0].split(" ", 2)
    partes = urlsplit(destino)
    if partes.scheme != "http" or not partes.hostname:
        raise UrlRechazada(f"petición de proxy no admitida: {destino[:100]!r}")
    ruta = (partes.path or "/") + (f"?{partes.query}" if partes.query else "")
    quitar = ("proxy-connection", "proxy-authorization", "connection", "keep-alive")
    campos = [x for x in lineas[1:] if x and not x.lower().startswith(quitar)]
    nueva = "\r\n".join([f"{metodo} {ruta} {version}", *campos, "Connection: close", "", ""])
    return partes.hostname, partes.port or 80, nueva.encode("latin-1") + resto


class _Manejador(socketserver.BaseRequestHandler):
    """Atiende una conexión de Chromium: CONNECT (HTTPS) o petición HTTP absoluta."""

    server: _Proxy

    def handle(self) -> None:
        """Valida el destino, conecta a la IP permitida y copia el tráfico."""
        cliente: socket.socket = self.request
        cliente.settimeout(INACTIVIDAD_TUNEL)
        try:
            self._atender(cliente)
        except (UrlRechazada, OSError, ValueError) as exc:
            log.debug("proxy de capturas: %s", exc)
            with suppress(OSError):
                cliente.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    def _atender(self, cliente: socket.socket) -> None:
        """Abre el túnel o reenvía la petición."""
        datos = _leer_encabezado(cliente)
        cabeza, _, resto = datos.partition(b"\r\n\r\n")
        primera = cabeza.split(b"\r\n", 1)[0].decode("latin-1")
        if primera.upper().startswith("CONNECT "):
            nombre, _, puerto_tunel = primera.split(" ")[1].rpartition(":")
            with _conectar(nombre.strip("[]"), int(puerto_tunel), self.server.permitidos) as remoto:
                cliente.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                _tuberia(cliente, remoto)
            return
        host, puerto, peticion = _reescribir(cabeza, resto)
        with _conectar(host, puerto, self.server.permitidos) as remoto:
            remoto.sendall(peticion)
            _tuberia(cliente, remoto)


class _Proxy(socketserver.ThreadingTCPServer):
    """Proxy HTTP local que sólo conecta a direcciones permitidas."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, permitidos: Sequence[str]) -> None:
        """Escucha en un puerto libre de 127.0.0.1."""
        super().__init__(("127.0.0.1", 0), _Manejador)
        self.permitidos = tuple(permitidos)


@contextmanager
def proxy_filtrante(permitidos: Sequence[str]) -> Iterator[_Proxy]:
    """Proxy filtrante en un hilo mientras dure el bloque."""
    proxy = _Proxy(permitidos)
    hilo = threading.Thread(target=proxy.serve_forever, name="proxy-capturas", daemon=True)
    hilo.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()


# --- Capturas -----------------------------------------------------------------------------------


def _argumentos(proxy: _Proxy) -> list[str]:
    """Banderas de Chromium con el proxy filtrante para todo (también 127.0.0.1)."""
    puerto = proxy.server_address[1]
    return [
        *BANDERAS,
        f"--proxy-server=http://127.0.0.1:{puerto}",
        "--proxy-bypass-list=<-loopback>",
    ]


def _capturar(navegador: Browser, url: str, ancho: int, alto_max: int, espera_ms: int) -> bytes:
    """PNG de una página (hasta `alto_max` px de alto); RuntimeError con el motivo si falla."""
    from playwright.sync_api import Error as ErrorPlaywright

    contexto = navegador.new_context(
        viewport={"width": ancho, "height": ALTO_VENTANA},
        java_script_enabled=False,
        accept_downloads=False,
        service_workers="block",
    )
    try:
        pagina = contexto.new_page()
        respuesta = pagina.goto(url, wait_until="domcontentloaded", timeout=espera_ms)
        if respuesta is None or respuesta.status >= 400:
            estado = "sin respuesta" if respuesta is None else f"respondió {respuesta.status}"
            raise RuntimeError(f"la página {estado}")
        with suppress(ErrorPlaywright):
            pagina.wait_for_load_state("load", timeout=espera_ms)
        metricas = contexto.new_cdp_session(pagina).send("Page.getLayoutMetrics")
        alto = min(max(int(metricas["cssContentSize"]["height"]), 1), alto_max)
        recorte = {"x": 0, "y": 0, "width": ancho, "height": alto}
        return pagina.screenshot(full_page=True, clip=recorte, type="png", timeout=espera_ms)  # type: ignore[arg-type]
    except ErrorPlaywright as exc:
        raise RuntimeError(str(exc).splitlines()[0]) from exc
    finally:
        contexto.close()


def _motivo_url(url: str, permitidos: Sequence[str]) -> str | None:
    """Por qué no se debe abrir la URL, o None si se puede."""
    try:
        validar_url(url, permitidos)
    except UrlRechazada as exc:
        return f"URL rechazada: {exc}"
    return None


def capturar_paginas(
    urls: Sequence[str], *, ancho: int = 1280, alto_max: int = 8000, espera_ms: int = 15000
) -> Iterator[tuple[str, bytes | None, str | None]]:
    """Captura cada URL con un solo Chromium: (url, png, None) o (url, None, motivo)."""
    permitidos = cargar().hosts_permitidos
    # Se valida antes de abrir Chromium: si ninguna URL pasa, ni siquiera se lanza.
    motivos = {url: _motivo_url(url, permitidos) for url in urls}
    ejecutable = ruta_chromium()
    if not chromium_disponible() or ejecutable is None:
        motivos = dict.fromkeys(urls, SIN_CHROMIUM)
    if all(motivos.values()):
        yield from ((url, None, motivos[url]) for url in urls)
        return
    with proxy_filtrante(permitidos) as proxy:
        yield from _con_navegador(str(ejecutable), proxy, motivos, (ancho, alto_max, espera_ms))


def _con_navegador(
    ejecutable: str, proxy: _Proxy, motivos: dict[str, str | None], medidas: tuple[int, int, int]
) -> Iterator[tuple[str, bytes | None, str | None]]:
    """Lanza Chromium una vez y captura las URLs válidas; las demás salen con su motivo."""
    from playwright.sync_api import Error as ErrorPlaywright
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            navegador = p.chromium.launch(executable_path=ejecutable, args=_argumentos(proxy))
        except ErrorPlaywright as exc:
            falla = f"no se pudo iniciar Chromium: {str(exc).splitlines()[0]}"
            yield from ((url, None, motivo or falla) for url, motivo in motivos.items())
            return
        try:
            for url, motivo in motivos.items():
                yield (url, None, motivo) if motivo else (url, *_una(navegador, url, medidas))
        finally:
            navegador.close()


def _una(
    navegador: Browser, url: str, medidas: tuple[int, int, int]
) -> tuple[bytes | None, str | None]:
    """Captura una URL ya validada con el navegador abierto: (png, None) o (None, motivo)."""
    try:
        return _capturar(navegador, url, *medidas), None
    except RuntimeError as exc:
        return None, f"no se pudo capturar: {_explicar(str(exc))}"


def _explicar(mensaje: str) -> str:
    """El error de Chromium en español si es uno de red conocido (con su código), o tal cual."""
    codigo = next((c for c in ERRORES_DE_RED if f"net::{c}" in mensaje), None)
    return f"{ERRORES_DE_RED[codigo]} ({codigo})" if codigo else mensaje
