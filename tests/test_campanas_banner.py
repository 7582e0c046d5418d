"""Prueba de banners: captura con Chromium real de la página de un medio servido en localhost,
guardada como testigo; URLs a la red interna y hosts inalcanzables se rechazan en español."""

from __future__ import annotations

import datetime as dt
import hashlib
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
from datos.consultas.campanas import captura_de_entrega, capturas_de_campana, cumplimiento
from datos.modelos import Ambito, Bitacora, Campana, Entrega, Medio, Rol, TipoMedio, TipoOrden
from datos.repositorio.campanas import DatosOrden, PautaInvalida, crear_campana, crear_orden
from datos.testigos import leer_testigo
from demo.servidor import ServidorHTTP, en_hilo
from rastreadores.pantalla import chromium_disponible
from rastreadores.testigos_pantalla import CapturaFallida, capturar_banner
from tests.fabricas import abrir_pagina, visible
from tests.test_cli import afirmar_error_de_una_linea, correr

pytestmark = [
    pytest.mark.skipif(not chromium_disponible(), reason="no está Chromium del sistema"),
    pytest.mark.usefixtures("cache_limpio"),
]

MEDIO = "Huasteca Hoy"
# Verde del banner de la campaña: se busca en el PNG para saber que se capturó la página real.
VERDE = (0, 153, 102)


class Sitio(ServidorHTTP):
    """Portal del medio con el banner de la campaña; anota cada ruta pedida."""

    def __init__(self, host: str) -> None:
        """Escucha en un puerto libre de `host`."""
        super().__init__((host, 0), _Portada)
        self.pedidas: list[str] = []


class _Portada(http.server.BaseHTTPRequestHandler):
    """La portada con un banner verde de 728×90 arriba de las notas."""

    server: Sitio

    def do_GET(self) -> None:
        """Sirve la portada."""
        self.server.pedidas.append(self.path)
        cuerpo = (
            b"<html><head><title>Huasteca Hoy</title></head><body style='margin:0'>"
            b"<div style='width:728px;height:90px;background:rgb(0,153,102);color:#fff'>"
            b"Agua para Todos</div><h1>Noticias de la Huasteca</h1></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, formato: str, *args: object) -> None:
        """Sin ruido en la salida de pytest."""


@pytest.fixture
def espia() -> Iterator[Sitio]:
    """Servidor en 127.0.0.2: dirección interna que nunca se debe pedir."""
    with en_hilo(Sitio("127.0.0.2")) as servidor:
        yield servidor  # type: ignore[misc]


@pytest.fixture
def sitio(directorio_datos: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sitio]:
    """Portal del medio en 127.0.0.1, el único host interno permitido."""
    monkeypatch.setenv("MONITOREO_HOSTS_PERMITIDOS", "127.0.0.1/32")
    config.recargar()
    with en_hilo(Sitio("127.0.0.1")) as servidor:
        yield servidor  # type: ignore[misc]


def _orden_banner(sesion: Session, tipo: TipoOrden = TipoOrden.BANNER) -> int:
    """Campaña en curso (hoy ± 10 días) con una orden de 3 banners en el portal."""
    sesion.add(Medio(nombre=MEDIO, tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL))
    sesion.flush()
    hoy = dt.datetime.now(config.cargar().zona).date()
    campana = crear_campana(
        sesion, "Agua para Todos", hoy - dt.timedelta(days=10), hoy + dt.timedelta(days=10)
    )
    datos = DatosOrden(MEDIO, tipo, 3, "4,500.00", tamano="728×90", pagina="portada")
    orden = crear_orden(sesion, campana, datos)
    sesion.commit()
    return orden.id


def _puerto_cerrado() -> int:
    """Un puerto de 127.0.0.1 donde nadie escucha."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_captura_del_banner_queda_como_testigo(sitio: Sitio, sesion: Session) -> None:
    orden_id = _orden_banner(sesion)
    url = f"{sitio.base}/portada"
    assert capturar_banner(sesion, orden_id, url, "ana") is True
    sesion.commit()
    entrega = sesion.scalars(select(Entrega)).one()
    assert (entrega.url, entrega.origen) == (url, "captura")
    assert entrega.captura_ruta is not None
    png = leer_testigo(entrega.captura_ruta)
    assert hashlib.sha256(png).hexdigest() == entrega.captura_sha256
    assert len(png) == entrega.captura_tamano
    imagen = Image.open(io.BytesIO(png)).convert("RGB")
    assert imagen.getpixel((360, 45)) == VERDE, "la captura muestra el banner de la página"
    assert imagen.getpixel((360, 200)) != VERDE
    assert sitio.pedidas[0] == "/portada"
    # Cuenta en el cumplimiento y queda en la bitácora de auditoría.
    avance = cumplimiento(sesion, entrega.orden.campana_id).total
    assert (avance.entregadas, avance.faltan, str(avance.costo_por_entrega)) == (1, 2, "4500.00")
    auditoria = sesion.scalars(select(Bitacora).where(Bitacora.entidad == "entrega")).one()
    assert (auditoria.usuario_nombre, auditoria.entidad_id) == ("ana", entrega.id)
    # El visor la encuentra por la entrega, con la forma de un testigo.
    captura = captura_de_entrega(sesion, entrega.id)
    assert captura is not None and captura.archivo.sha256 == entrega.captura_sha256
    assert [c.entrega_id for c in capturas_de_campana(sesion, entrega.orden.campana_id)] == [
        entrega.id
    ]
    # La misma página sin cambios da la misma imagen: no prueba un segundo banner.
    assert capturar_banner(sesion, orden_id, url, "ana") is False


def test_url_a_la_red_interna_no_se_pide(sitio: Sitio, espia: Sitio, sesion: Session) -> None:
    orden_id = _orden_banner(sesion)
    with pytest.raises(CapturaFallida, match=r"dirección no permitida.*127\.0\.0\.2"):
        capturar_banner(sesion, orden_id, f"{espia.base}/portada")
    with pytest.raises(CapturaFallida, match="esquema no permitido «file»"):
        capturar_banner(sesion, orden_id, "file:///etc/passwd")
    assert espia.pedidas == []
    assert sesion.scalars(select(Entrega)).first() is None


def test_host_inalcanzable_o_sin_dns(sitio: Sitio, sesion: Session) -> None:
    orden_id = _orden_banner(sesion)
    with pytest.raises(CapturaFallida, match="no se pudo capturar: el sitio no respondió"):
        capturar_banner(sesion, orden_id, f"http://127.0.0.1:{_puerto_cerrado()}/")
    with pytest.raises(CapturaFallida, match="no se pudo resolver el host"):
        capturar_banner(sesion, orden_id, "http://portal-que-no-existe.invalid/")
    assert sesion.scalars(select(Entrega)).first() is None


def test_solo_ordenes_de_banner(sitio: Sitio, sesion: Session) -> None:
    orden_id = _orden_banner(sesion, TipoOrden.INSERCION)
    with pytest.raises(PautaInvalida, match="no es de banners"):
        capturar_banner(sesion, orden_id, f"{sitio.base}/portada")
    # Se rechaza antes de abrir Chromium: la página ni se pidió.
    assert sitio.pedidas == []


@pytest.mark.lento
def test_cli_captura_y_rechaza_la_red_interna(
    sitio: Sitio, espia: Sitio, sesion: Session, url_bd: str, directorio_datos: Path
) -> None:
    orden_id = _orden_banner(sesion)
    entorno = {"MONITOREO_BD": url_bd, "MONITOREO_HOSTS_PERMITIDOS": "127.0.0.1/32"}
    base = ["campanas", "entrega", "--orden", str(orden_id), "--captura"]
    r = correr([*base, f"{sitio.base}/portada"], directorio_datos, **entorno)
    assert r.returncode == 0, r.stderr
    assert "Entrega registrada." in r.stdout
    r = correr([*base, f"{espia.base}/portada"], directorio_datos, **entorno)
    afirmar_error_de_una_linea(r, "dirección no permitida")
    assert espia.pedidas == []
    r = correr(
        ["campanas", "entrega", "--orden", str(orden_id), "--nota", "1", "--captura", "x"],
        directorio_datos,
        **entorno,
    )
    afirmar_error_de_una_linea(r, "sólo una")
    sesion.expire_all()
    (entrega,) = sesion.scalars(select(Entrega)).all()
    assert entrega.url == f"{sitio.base}/portada"
    assert sesion.scalars(select(Campana)).one().ordenes[0].entregas == [entrega]


def test_el_visor_abre_la_captura_del_banner(sitio: Sitio, sesion: Session) -> None:
    orden_id = _orden_banner(sesion)
    assert capturar_banner(sesion, orden_id, f"{sitio.base}/portada", "ana")
    sesion.commit()
    entrega = sesion.scalars(select(Entrega)).one()
    at = abrir_pagina("paginas/campanas.py", Rol.LECTURA)
    enlaces = [e for e in at.get("page_link") if MEDIO in e.proto.label]
    assert len(enlaces) == 1 and enlaces[0].proto.query_string == f"entrega={entrega.id}"
    at.query_params["entrega"] = str(entrega.id)
    at.switch_page("paginas/testigo.py").run()
    assert not at.exception, [e.value for e in at.exception]
    titulos = [h.proto.body for h in at.get("html")]
    assert any("Banner de la campaña «Agua para Todos»" in t for t in titulos), titulos
    assert any("Captura de pantalla" in m.value for m in at.markdown)
    assert any(f"{sitio.base}/portada" in visible(c.value) for c in at.caption)
    assert any(str(entrega.captura_sha256) in c.value for c in at.caption)
    assert len(at.get("image")) == 1, "la captura se muestra como imagen"
    at.query_params["entrega"] = str(entrega.id + 1)
    at.switch_page("paginas/testigo.py").run()
    assert "ya no existe o no tiene captura" in at.info[0].value


def test_la_pagina_debe_ser_del_sitio_del_medio(sitio: Sitio, sesion: Session) -> None:
    orden_id = _orden_banner(sesion)
    medio = sesion.scalars(select(Medio).where(Medio.nombre == MEDIO)).one()
    medio.sitio_web = "https://www.huastecahoy.ejemplo.mx/"
    sesion.commit()
    with pytest.raises(CapturaFallida, match=r"no es del sitio de Huasteca Hoy \(ejemplo\.mx\)"):
        capturar_banner(sesion, orden_id, f"{sitio.base}/portada")
    assert sitio.pedidas == []
    medio.sitio_web = sitio.base
    sesion.commit()
    assert capturar_banner(sesion, orden_id, f"{sitio.base}/portada")
