"""Servidores HTTP reales en 127.0.0.1 para las pruebas: un medio sano y uno que inyecta fallas.

`SitioNotas` sirve un RSS con N notas (cada una con más de 60 palabras y canónica declarada) y
lleva la cuenta de las peticiones por ruta. `SitioConFallas` decide, con semilla fija, cómo responde
cada petición de nota: bien, 500, conexión reiniciada, más lento que el tiempo de espera, cuerpo
truncado o goteo lento. La decisión depende de (semilla, ruta, número de intento), no del orden de
llegada, así que es reproducible aunque el rastreador pida en paralelo.
"""

from __future__ import annotations

import enum
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from demo.servidor import ServidorHTTP, en_hilo

RELLENO = (
    "La presidenta municipal de Tampacán explicó que la obra beneficiará a las familias de las "
    "comunidades de la Huasteca potosina y que los trabajos se realizaron con recursos del "
    "ayuntamiento y con la participación de los comités de vecinos, quienes vigilaron cada etapa. "
    "Los habitantes de la cabecera agradecieron la atención y pidieron continuar con el programa "
    "durante el próximo año, en especial en los caminos rurales y en las escuelas primarias."
)
# Pausa entre trozos del goteo lento: 10 trozos × 0.3 s = 3 s, más que el tiempo de espera de
# 2 s que usan las pruebas, para que el goteo siempre termine en "tiempo de espera agotado".
GOTEO_PAUSA_SEGUNDOS = 0.3
GOTEO_TROZOS = 10


class Falla(enum.StrEnum):
    """Cómo responde el servidor a una petición de nota."""

    BIEN = "bien"
    ERROR_500 = "error_500"
    REINICIO = "reinicio"
    LENTO = "lento"
    TRUNCADO = "truncado"
    GOTEO = "goteo"


FALLAS = tuple(f for f in Falla if f is not Falla.BIEN)


def nota_html(titulo: str, canonica: str) -> bytes:
    """Una nota HTML con fecha, canónica y texto suficiente para la extracción."""
    return f"""<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>{titulo} | Diario de Prueba</title><link rel="canonical" href="{canonica}">
<meta property="article:published_time" content="2026-11-25T10:00:00-06:00"></head>
<body><nav><a href="/">Inicio</a></nav><article><h1>{titulo}</h1><p>{titulo}. {RELLENO}</p>
<p>Durante el acto se informó que {titulo.lower()} forma parte del plan municipal. {RELLENO}</p>
</article><footer>Diario de Prueba, Tampacán, S.L.P.</footer></body></html>""".encode()


def rss(base: str, rutas: list[str]) -> bytes:
    """RSS 2.0 con una entrada por ruta de nota."""
    items = "".join(
        f"<item><title>Nota {ruta}</title><link>{base}{ruta}</link>"
        "<pubDate>Wed, 25 Nov 2026 16:00:00 GMT</pubDate></item>"
        for ruta in rutas
    )
    canal = f"<channel><title>Diario de Prueba</title><link>{base}/</link>{items}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{canal}</rss>'.encode()


@dataclass
class SitioNotas:
    """Un medio sano: /feed.xml con `n` notas en /notas/nota-K; cuenta peticiones por ruta."""

    n: int = 20
    pausa: float = 0.0
    base: str = ""
    peticiones: Counter[str] = field(default_factory=Counter)
    candado: threading.Lock = field(default_factory=threading.Lock)

    @property
    def rutas_notas(self) -> list[str]:
        """Rutas de las notas del sitio."""
        return [f"/notas/nota-{k:03d}" for k in range(self.n)]

    def contar(self, ruta: str) -> int:
        """Anota la petición y devuelve cuántas van a esa ruta (1 = primera)."""
        with self.candado:
            self.peticiones[ruta] += 1
            return self.peticiones[ruta]

    def cuerpo_nota(self, ruta: str) -> bytes:
        """HTML de la nota de esa ruta."""
        return nota_html(f"Tampacán informa {ruta.rsplit('-', 1)[-1]}", f"{self.base}{ruta}")

    def responder(self, h: Manejador, ruta: str) -> None:
        """Feed, robots, notas (con pausa opcional) o 404."""
        intento = self.contar(ruta)
        if ruta == "/robots.txt":
            enviar(h, b"User-agent: *\nAllow: /\n", "text/plain")
        elif ruta == "/feed.xml":
            enviar(h, rss(self.base, self.rutas_notas), "application/rss+xml")
        elif ruta in self.rutas_notas:
            self.nota(h, ruta, intento)
        else:
            enviar(h, b"no encontrado", "text/plain", estado=404)

    def nota(self, h: Manejador, ruta: str, intento: int) -> None:
        """Sirve la nota, tras la pausa configurada."""
        if self.pausa:
            time.sleep(self.pausa)
        enviar(h, self.cuerpo_nota(ruta), "text/html; charset=utf-8")


@dataclass
class SitioConFallas(SitioNotas):
    """Como `SitioNotas`, pero cada petición de nota puede fallar (reproducible con la semilla)."""

    semilla: int = 2026
    probabilidad: float = 0.4
    lento_segundos: float = 2.0
    # Por ruta, el resultado de cada intento en orden.
    resultados: dict[str, list[Falla]] = field(default_factory=dict)

    def decidir(self, ruta: str, intento: int) -> Falla:
        """Resultado del intento `intento` de la ruta, fijo para la semilla dada."""
        azar = random.Random(f"{self.semilla}:{ruta}:{intento}")
        if azar.random() >= self.probabilidad:
            return Falla.BIEN
        return azar.choice(FALLAS)

    def nota(self, h: Manejador, ruta: str, intento: int) -> None:
        """Responde según la decisión y la anota."""
        falla = self.decidir(ruta, intento)
        with self.candado:
            self.resultados.setdefault(ruta, []).append(falla)
        _RESPUESTAS[falla](self, h, ruta)

    def servidas_bien(self) -> set[str]:
        """Rutas que el servidor respondió completas al menos una vez."""
        with self.candado:
            return {r for r, lista in self.resultados.items() if Falla.BIEN in lista}

    def total(self, falla: Falla) -> int:
        """Cuántas respuestas de ese tipo se dieron."""
        with self.candado:
            return sum(lista.count(falla) for lista in self.resultados.values())


def enviar(h: Manejador, cuerpo: bytes, tipo: str, estado: int = 200) -> None:
    """Respuesta completa con Content-Length."""
    h.send_response(estado)
    h.send_header("Content-Type", tipo)
    h.send_header("Content-Length", str(len(cuerpo)))
    h.end_headers()
    h.wfile.write(cuerpo)


def _bien(sitio: SitioNotas, h: Manejador, ruta: str) -> None:
    enviar(h, sitio.cuerpo_nota(ruta), "text/html; charset=utf-8")


def _error_500(sitio: SitioNotas, h: Manejador, ruta: str) -> None:
    enviar(h, b"error interno", "text/plain", estado=500)


def _reinicio(sitio: SitioNotas, h: Manejador, ruta: str) -> None:
    # SO_LINGER con espera 0: close() manda RST en vez de FIN (conexión reiniciada por el par).
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def _lento(sitio: SitioNotas, h: Manejador, ruta: str) -> None:
    assert isinstance(sitio, SitioConFallas)
    time.sleep(sitio.lento_segundos)
    try:
        _bien(sitio, h, ruta)
    except OSError:  # el rastreador ya se cansó de esperar y cerró la conexión
        h.close_connection = True


def _truncado(sitio: SitioNotas, h: Manejador, ruta: str) -> None:
    cuerpo = sitio.cuerpo_nota(ruta)
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(cuerpo) * 2))
    h.end_headers()
    h.wfile.write(cuerpo[: len(cuerpo) // 2])
    h.close_connection = True


def _goteo(sitio: SitioNotas, h: Manejador, ruta: str) -> None:
    cuerpo = sitio.cuerpo_nota(ruta)
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(len(cuerpo)))
    h.end_headers()
    trozo = len(cuerpo) // GOTEO_TROZOS + 1
    try:
        for k in range(0, len(cuerpo), trozo):
            h.wfile.write(cuerpo[k : k + trozo])
            h.wfile.flush()
            time.sleep(GOTEO_PAUSA_SEGUNDOS)
    except OSError:
        h.close_connection = True


_RESPUESTAS = {
    Falla.BIEN: _bien,
    Falla.ERROR_500: _error_500,
    Falla.REINICIO: _reinicio,
    Falla.LENTO: _lento,
    Falla.TRUNCADO: _truncado,
    Falla.GOTEO: _goteo,
}


class Manejador(BaseHTTPRequestHandler):
    """Delega cada GET en el sitio del servidor."""

    server: _Servidor

    def log_message(self, format: str, *args: Any) -> None:
        """Silencioso."""

    def do_GET(self) -> None:
        """Pasa la ruta (sin consulta) al sitio."""
        self.server.sitio.responder(self, urlsplit(self.path).path)


class _Servidor(ServidorHTTP):
    """Servidor de la demo con su sitio de prueba."""

    def __init__(self, sitio: SitioNotas) -> None:
        super().__init__(("127.0.0.1", 0), Manejador)
        self.sitio = sitio


@contextmanager
def servir(sitio: SitioNotas) -> Iterator[SitioNotas]:
    """Sirve el sitio en 127.0.0.1 (puerto libre) mientras dura el bloque."""
    with en_hilo(_Servidor(sitio)) as servidor:
        sitio.base = servidor.base  # type: ignore[attr-defined]
        yield sitio


# Un byte cada medio segundo: nunca se agota el tiempo de espera «sin datos».
GOTA_SEGUNDOS = 0.5


class Tarpit(ServidorHTTP):
    """Responde 200 y manda un byte cada medio segundo, para siempre (robots.txt: 404)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Gotero)
        self.pedido = threading.Event()
        self.alto = threading.Event()


class _Gotero(BaseHTTPRequestHandler):
    server: Tarpit

    def log_message(self, format: str, *args: object) -> None:
        """Sin ruido."""

    def do_GET(self) -> None:
        """Gotea el cuerpo hasta que el cliente corte o la prueba termine."""
        if self.path.startswith("/robots.txt"):
            self.send_error(404)
            return
        self.server.pedido.set()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        try:
            while not self.server.alto.is_set():
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(GOTA_SEGUNDOS)
        except OSError:
            return
