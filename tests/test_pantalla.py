"""Capturas PNG con Chromium real contra servidores HTTP locales, y su guardado como testigo."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos import config
from datos.modelos import (
    Ambito,
    Bitacora,
    Boletin,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoMedio,
    TipoTestigo,
)
from datos.modelos import (
    Testigo as FilaTestigo,
)
from datos.repositorio.pantallas import (
    ACCION_FALLA,
    INTENTOS_MAXIMOS,
    notas_sin_captura,
)
from datos.testigos import leer_testigo
from demo.servidor import ServidorHTTP, en_hilo
from rastreadores.pantalla import (
    capturar_paginas,
    chromium_disponible,
    proxy_filtrante,
    resolver_permitido,
)
from rastreadores.testigos_pantalla import capturar_pendientes
from rastreadores.urls import UrlRechazada

con_chromium = pytest.mark.skipif(not chromium_disponible(), reason="no está Chromium del sistema")
FIRMA_PNG = b"\x89PNG\r\n\x1a\n"


class Servidor(ServidorHTTP):
    """Servidor HTTP real que anota cada ruta pedida."""

    def __init__(self, host: str, espia: str = "") -> None:
        """Escucha en un puerto libre de `host`; `espia` es la base del servidor prohibido."""
        super().__init__((host, 0), _Pagina)
        self.pedidas: list[str] = []
        self.espia = espia


class _Pagina(http.server.BaseHTTPRequestHandler):
    """Una nota con una imagen hacia el servidor prohibido, y una redirección hacia él."""

    server: Servidor

    def do_GET(self) -> None:
        """Sirve la nota o redirige."""
        self.server.pedidas.append(self.path)
        if self.path == "/redirige":
            self.send_response(302)
            self.send_header("Location", f"{self.server.espia}/secreto")
            self.end_headers()
            return
        cuerpo = (
            "<html><head><title>Nota</title></head><body style='margin:0'>"
            "<h1>Inaugura el Ayuntamiento de Tampacán la red de agua</h1>"
            f"<img src='{self.server.espia}/rastreo.png'>"
            "<div style='height:2500px;background:#eee'>Cuerpo de la nota</div></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, formato: str, *args: object) -> None:
        """Sin ruido en la salida de pytest."""


def _arrancar(servidor: Servidor) -> Iterator[Servidor]:
    """Sirve en un hilo mientras dure la prueba."""
    with en_hilo(servidor):
        yield servidor


@pytest.fixture
def espia() -> Iterator[Servidor]:
    """Servidor en 127.0.0.2: dirección interna que Chromium nunca debe tocar."""
    yield from _arrancar(Servidor("127.0.0.2"))


@pytest.fixture
def sitio(
    espia: Servidor, directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Servidor]:
    """Sitio del medio en 127.0.0.1, el único host interno permitido."""
    monkeypatch.setenv("MONITOREO_HOSTS_PERMITIDOS", "127.0.0.1/32")
    config.recargar()
    yield from _arrancar(Servidor("127.0.0.1", espia.base))


def _activar_capturas(monkeypatch: pytest.MonkeyPatch) -> None:
    """MONITOREO_CAPTURAS_PANTALLA=1 (el fixture de conftest las apaga)."""
    monkeypatch.setenv("MONITOREO_CAPTURAS_PANTALLA", "1")
    config.recargar()


def _nota(s: Session, medio: Medio, url: str, boletin: Boletin | None) -> Nota:
    """Nota web, con retoma del boletín si se da."""
    nota = Nota(
        medio=medio,
        url_canonica=url,
        titulo="Inaugura el Ayuntamiento la red de agua",
        texto="La presidenta municipal inauguró la red de agua potable.",
        tipo_captura=TipoCaptura.RSS,
        hash_contenido=url,
    )
    s.add(nota)
    if boletin is not None:
        s.add(Retoma(nota=nota, boletin=boletin, nivel=NivelRetoma.PARCIAL, puntaje=0.8))
    s.flush()
    return nota


def _sembrar(s: Session, url_con_retoma: str) -> Nota:
    """Un medio, un boletín, la nota retomada y dos notas que no se deben capturar."""
    medio = Medio(nombre="El Sol de la Huasteca", tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
    boletin = Boletin(
        numero=45,
        anio=2026,
        fecha_emision=dt.datetime(2026, 11, 25, 15, tzinfo=dt.UTC),
        titular="Inaugura el Ayuntamiento la red de agua",
        entradilla="Tampacán, S.L.P.",
        cuerpo="La presidenta municipal inauguró la red de agua potable.",
    )
    s.add_all([medio, boletin])
    nota = _nota(s, medio, url_con_retoma, boletin)
    _nota(s, medio, "http://127.0.0.1:9/sin-relacion", None)
    _nota(s, medio, "urn:monitoreo:impreso:1", boletin)
    return nota


def _png(contenido: bytes | None) -> Image.Image:
    """Abre un PNG con Pillow tras revisar su firma."""
    assert contenido is not None and contenido.startswith(FIRMA_PNG)
    return Image.open(io.BytesIO(contenido))


@pytest.mark.navegador
@con_chromium
def test_captura_con_ancho_pedido_y_bloquea_direcciones_internas(
    sitio: Servidor, espia: Servidor
) -> None:
    urls = [
        f"{sitio.base}/nota",
        f"{sitio.base}/redirige",
        "http://169.254.169.254/latest/meta-data/",
        f"{espia.base}/directo",
        "file:///etc/passwd",
    ]
    resultados = {u: (png, motivo) for u, png, motivo in capturar_paginas(urls, ancho=1024)}
    png, motivo = resultados[urls[0]]
    assert motivo is None
    imagen = _png(png)
    assert imagen.width == 1024 and 2000 < imagen.height <= 8000
    assert all(resultados[u][0] is None and resultados[u][1] for u in urls[1:])
    assert "metadatos" in str(resultados[urls[2]][1])
    assert "esquema" in str(resultados[urls[4]][1])
    # Ni la imagen incrustada, ni la redirección, ni la URL directa llegaron al servidor interno.
    assert espia.pedidas == []
    assert "/redirige" in sitio.pedidas


@pytest.mark.navegador
@con_chromium
def test_alto_maximo_recorta_la_captura(sitio: Servidor) -> None:
    [(_, png, motivo)] = capturar_paginas([f"{sitio.base}/nota"], ancho=800, alto_max=600)
    assert motivo is None
    assert _png(png).size == (800, 600)


@pytest.mark.lento
@pytest.mark.navegador
@con_chromium
def test_capturar_pendientes_guarda_png_una_sola_vez(
    sitio: Servidor, sesion: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _activar_capturas(monkeypatch)
    nota = _sembrar(sesion, f"{sitio.base}/nota")
    assert [n.id for n in notas_sin_captura(sesion)] == [nota.id]
    assert capturar_pendientes(sesion) == 1
    [testigo] = sesion.scalars(select(FilaTestigo)).all()
    assert (testigo.nota_id, testigo.tipo, testigo.tipo_mime) == (
        nota.id,
        TipoTestigo.CAPTURA,
        "image/png",
    )
    assert testigo.version == nota.version and testigo.ruta.endswith(".png")
    assert _png(leer_testigo(testigo.ruta)).width == 1280
    pedidas = len(sitio.pedidas)
    assert capturar_pendientes(sesion) == 0
    assert len(sitio.pedidas) == pedidas and notas_sin_captura(sesion) == []


@pytest.mark.lento
@pytest.mark.navegador
@con_chromium
def test_nueva_version_se_vuelve_a_capturar(
    sitio: Servidor, sesion: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _activar_capturas(monkeypatch)
    nota = _sembrar(sesion, f"{sitio.base}/nota")
    assert capturar_pendientes(sesion) == 1
    nota.version = 2
    sesion.flush()
    assert [n.id for n in notas_sin_captura(sesion)] == [nota.id]


def test_desactivadas_no_captura(sitio: Servidor, sesion: Session) -> None:
    assert config.cargar().capturas_pantalla is False  # conftest: MONITOREO_CAPTURAS_PANTALLA=0
    _sembrar(sesion, f"{sitio.base}/nota")
    assert capturar_pendientes(sesion) == 0
    assert sesion.scalars(select(FilaTestigo)).all() == []
    assert sitio.pedidas == []


@pytest.mark.navegador
@con_chromium
def test_falla_se_anota_y_deja_de_intentarse(
    sitio: Servidor, sesion: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _activar_capturas(monkeypatch)
    nota = _sembrar(sesion, "http://169.254.169.254/latest/meta-data/")
    for _ in range(INTENTOS_MAXIMOS - 1):
        sesion.add(
            Bitacora(
                usuario_nombre="sistema", accion=ACCION_FALLA, entidad="nota", entidad_id=nota.id
            )
        )
    sesion.flush()
    assert capturar_pendientes(sesion) == 0
    fallas = sesion.scalars(select(Bitacora).where(Bitacora.accion == ACCION_FALLA)).all()
    assert len(fallas) == INTENTOS_MAXIMOS
    assert "metadatos" in fallas[-1].cambios["motivo"][1]
    assert notas_sin_captura(sesion) == [] and sesion.scalars(select(FilaTestigo)).all() == []


def _por_proxy(puerto: int, peticion: bytes) -> bytes:
    """Envía una petición cruda al proxy y devuelve toda la respuesta."""
    with socket.create_connection(("127.0.0.1", puerto), timeout=10) as conexion:
        conexion.sendall(peticion)
        respuesta = b""
        while bloque := conexion.recv(65536):
            respuesta += bloque
    return respuesta


def test_proxy_filtra_por_ip_sin_chromium(sitio: Servidor, espia: Servidor) -> None:
    permitidos = config.cargar().hosts_permitidos
    assert resolver_permitido("127.0.0.1", 80, permitidos) == ["127.0.0.1"]
    with pytest.raises(UrlRechazada, match="loopback"):
        resolver_permitido("localhost", 80, ())
    with proxy_filtrante(permitidos) as proxy:
        puerto = proxy.server_address[1]
        bien = _por_proxy(puerto, f"GET {sitio.base}/nota HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert bien.startswith(b"HTTP/1.0 200") and "Tampacán".encode() in bien
        destino = espia.base.removeprefix("http://")
        tunel = _por_proxy(puerto, f"CONNECT {destino} HTTP/1.1\r\n\r\n".encode())
        directo = _por_proxy(puerto, f"GET {espia.base}/x HTTP/1.1\r\n\r\n".encode())
    assert tunel.startswith(b"HTTP/1.1 403") and directo.startswith(b"HTTP/1.1 403")
    assert espia.pedidas == [] and sitio.pedidas == ["/nota"]
