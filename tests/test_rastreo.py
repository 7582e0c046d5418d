"""Rastreo de extremo a extremo contra dos sitios HTTP reales en 127.0.0.1.

«El Sol de Prueba» es un medio sano (RSS, sitemap de noticias, sección y edición PDF) y «Diario
Roto» reúne las fallas de la vida real: 500, lentitud, bucles de redirección, cuerpo truncado,
bomba gzip, charset equivocado, robots.txt y una redirección al servicio de metadatos.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fpdf import FPDF
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from datos import config
from datos import modelos as m
from datos.modelos import (
    Ambito,
    Fuente,
    Medio,
    Nota,
    TipoCaptura,
    TipoFuente,
    TipoMedio,
    TipoTestigo,
)
from datos.testigos import leer_testigo
from demo.servidor import ServidorHTTP, en_hilo
from rastreadores.arana.middlewares import RetrocesoMiddleware
from rastreadores.arana.resolvedor import verificar_ip
from rastreadores.arana.settings import ajustes
from rastreadores.arana.spiders.base import ErrorDeFuente
from rastreadores.arana.spiders.seccion import parece_nota
from rastreadores.arana.spiders.sitemap import cuerpo_xml, leer_sitemap
from rastreadores.cabezas import titulo_de
from rastreadores.ejecutar import Avance, RastreoFallido, ResumenMedio, rastrear
from rastreadores.urls import UrlRechazada

CONTACTO = "pruebas@tampacan.gob.mx"
TAMANO_MAXIMO = 1_000_000
# Para que las fallas lleguen pronto: 1 s de espera, un reintento y 50 ms de retroceso.
AJUSTES_PRUEBA = {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 1, "MONITOREO_RETROCESO_BASE": 0.05}
SOL = "El Sol de Prueba"
ROTO = "Diario Roto"

_RELLENO = (
    "La presidenta municipal de Tampacán explicó que la obra beneficiará a las familias de las "
    "comunidades de la Huasteca potosina y que los trabajos se realizaron con recursos del "
    "ayuntamiento y con la participación de los comités de vecinos, quienes vigilaron cada etapa. "
    "Los habitantes de la cabecera agradecieron la atención y pidieron continuar con el programa "
    "durante el próximo año, en especial en los caminos rurales y en las escuelas primarias."
)


def _html(titulo: str, canonica: str, extra: str = "") -> bytes:
    """Una nota HTML con más de 60 palabras, fecha y canónica declarada."""
    return f"""<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>{titulo} | Sol de Prueba</title><link rel="canonical" href="{canonica}">
<meta property="article:published_time" content="2026-11-25T10:00:00-06:00"></head>
<body><nav><a href="/">Inicio</a> <a href="/contacto">Contacto</a></nav>
<article><h1>{titulo}</h1><p>{titulo}. {extra} {_RELLENO}</p>
<p>Durante el acto se informó que {titulo.lower()} forma parte del plan municipal. {_RELLENO}</p>
</article><footer>Sol de Prueba, Tampacán, S.L.P.</footer></body></html>""".encode()


def _pdf(cabezas: list[str], fecha: str) -> bytes:
    """Edición impresa con una página por cabeza, bajo la cabeza del diario y el folio."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for numero, cabeza in enumerate(cabezas, start=1):
        pdf.add_page()
        # La araña debe saltar esta línea: el título es la cabeza de la nota, no la del diario.
        folio = f"EL SOL DE PRUEBA · MUNICIPIOS · Página {numero}"
        pdf.cell(0, 10, folio, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 10, cabeza, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 8, f"El Sol de Prueba, {fecha}. " + _RELLENO)
    return bytes(pdf.output())


@dataclass
class Sitio:
    """Rutas de un servidor de prueba y bitácora de lo que recibió."""

    paginas: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    especiales: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    recibidas: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def rutas(self) -> list[str]:
        """Rutas (con consulta) pedidas hasta ahora."""
        return [ruta for ruta, _ in self.recibidas]


def _manejador(sitio: Sitio) -> type[BaseHTTPRequestHandler]:
    """Clase de manejador que sirve `sitio` con GET condicional por ETag."""

    class Manejador(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            sitio.recibidas.append((self.path, dict(self.headers.items())))
            ruta = urlsplit(self.path).path
            if ruta in sitio.especiales:
                sitio.especiales[ruta](self)
            elif ruta in sitio.paginas:
                self._servir(*sitio.paginas[ruta])
            else:
                self.send_error(404)

        def _servir(self, cuerpo: bytes, tipo: str) -> None:
            etag = '"' + hashlib.sha256(cuerpo).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", tipo)
            self.send_header("Content-Length", str(len(cuerpo)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", "Wed, 25 Nov 2026 16:00:00 GMT")
            self.end_headers()
            self.wfile.write(cuerpo)

    return Manejador


@pytest.fixture
def servidor() -> Iterator[Callable[[Sitio], Sitio]]:
    """Arranca servidores HTTP reales en 127.0.0.1 y los apaga al final."""
    with ExitStack() as pila:

        def arrancar(sitio: Sitio) -> Sitio:
            http = pila.enter_context(en_hilo(ServidorHTTP(("127.0.0.1", 0), _manejador(sitio))))
            sitio.base = http.base  # type: ignore[attr-defined]
            return sitio

        yield arrancar


SLUGS = [
    "tampacan-inaugura-clinica-rural",
    "nota-con-rastreo-utm-y-canonica",
    "presidenta-entrega-apoyos-al-campo",
    "rehabilitan-camino-a-la-cabecera",
    "feria-de-la-huasteca-rompe-record",
    "sitemap-arranca-campana-de-vacunacion",
    "sitemap-limpian-el-rio-moctezuma",
    "seccion-cabildo-aprueba-presupuesto",
]


def _titulo(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def sitio_sol(sitio: Sitio) -> Sitio:
    """Medio sano: RSS (5 notas, una con utm_), sitemap de noticias, sección y PDF."""
    b = sitio.base
    for slug in SLUGS:
        sitio.paginas[f"/notas/{slug}"] = (_html(_titulo(slug), f"{b}/notas/{slug}"), "text/html")
    sitio.paginas["/robots.txt"] = (b"User-agent: *\nAllow: /\n", "text/plain")
    sitio.paginas["/feed.xml"] = (_rss(b, SLUGS[:5]), "application/rss+xml")
    sitio.paginas["/sitemap.xml"] = (_sitemap(b, [SLUGS[0], SLUGS[5], SLUGS[6]]), "text/xml")
    enlaces = '<a href="/seccion/deportes">Deportes</a><a href="/contacto">Contacto</a>'
    enlaces += f'<a href="/notas/{SLUGS[7]}">Cabildo</a><a href="/notas/{SLUGS[7]}">otra vez</a>'
    sitio.paginas["/seccion/municipio"] = (
        f"<html><body>{enlaces}</body></html>".encode(),
        "text/html",
    )
    indice = '<html><body><a href="/ediciones/sol-2026-11-25.pdf">Edición</a></body></html>'
    sitio.paginas["/ediciones/"] = (indice.encode(), "text/html")
    cabezas = ["Tampacán estrena alumbrado en la plaza", "Deportes: gana el equipo local"]
    sitio.paginas["/ediciones/sol-2026-11-25.pdf"] = (
        _pdf(cabezas, "lunes 25 de noviembre de 2026"),
        "application/pdf",
    )
    # PDF directo sin fecha en el nombre: la fecha sale del texto de la portada.
    hoy = _pdf(["Portada: cabildo abierto en la cabecera"], "26 de noviembre de 2026")
    sitio.paginas["/impreso/hoy.pdf"] = (hoy, "application/pdf")
    return sitio


def _rss(base: str, slugs: list[str]) -> bytes:
    items = ""
    for slug in slugs:
        enlace = f"{base}/notas/{slug}"
        if "utm" in slug:
            enlace += "?utm_source=rss&amp;utm_medium=feed"
        items += f"<item><title>{_titulo(slug)}</title><link>{enlace}</link>"
        items += "<pubDate>Wed, 25 Nov 2026 16:00:00 GMT</pubDate></item>"
    canal = f"<channel><title>Sol de Prueba</title><link>{base}/</link>{items}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{canal}</rss>'.encode()


def _sitemap(base: str, slugs: list[str]) -> bytes:
    hoy = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    urls = "".join(
        f"<url><loc>{base}/notas/{s}</loc><news:news><news:publication><news:name>Sol</news:name>"
        f"<news:language>es</news:language></news:publication><news:publication_date>{hoy}"
        f"</news:publication_date><news:title>{_titulo(s)}</news:title></news:news></url>"
        for s in slugs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    ).encode()


def _redirigir(destino: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def responder(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", destino)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return responder


def _estado(codigo: int) -> Callable[[BaseHTTPRequestHandler], None]:
    def responder(h: BaseHTTPRequestHandler) -> None:
        h.send_response(codigo)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return responder


def _lento(h: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    try:
        _estado(200)(h)
    except OSError:  # el rastreador ya se cansó de esperar y cerró la conexión
        h.close_connection = True


def _truncado(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "50000")
    h.end_headers()
    h.wfile.write(b"<html><body><h1>Nota truncada</h1><p>" + b"texto " * 30)
    h.close_connection = True


BOMBA = gzip.compress(b"<html><body>" + b" " * (8 * TAMANO_MAXIMO), 9)


def _bomba(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Encoding", "gzip")
    h.send_header("Content-Length", str(len(BOMBA)))
    h.end_headers()
    h.wfile.write(BOMBA)


def sitio_roto(sitio: Sitio) -> Sitio:
    """Medio defectuoso: cada enlace de su portada falla de una forma distinta (salvo uno)."""
    b = sitio.base
    sitio.paginas["/robots.txt"] = (b"User-agent: *\nDisallow: /privado/\n", "text/plain")
    sitio.especiales["/feed-roto.xml"] = _estado(500)
    sitio.especiales["/sitemap.xml"] = _redirigir("http://169.254.169.254/latest/meta-data/")
    sitio.especiales["/n/lento"] = _lento
    sitio.especiales["/n/bucle"] = _redirigir(f"{b}/n/bucle2")
    sitio.especiales["/n/bucle2"] = _redirigir(f"{b}/n/bucle")
    sitio.especiales["/n/truncado"] = _truncado
    sitio.especiales["/n/bomba"] = _bomba
    sitio.especiales["/n/metadatos"] = _redirigir("http://169.254.169.254/latest/meta-data/")
    sitio.paginas["/privado/n/secreto"] = (_html("Secreto", f"{b}/privado/n/secreto"), "text/html")
    # Declara UTF-8 pero está en cp1252 (sin <meta charset>): pasa en sitios viejos.
    mal = _html("Tampacán abre biblioteca", f"{b}/n/charset").replace(
        b'<meta charset="utf-8">', b""
    )
    sitio.paginas["/n/charset"] = (mal.decode().encode("cp1252"), "text/html; charset=utf-8")
    rutas = ["lento", "bucle", "truncado", "bomba", "metadatos", "charset"]
    enlaces = "".join(f'<a href="/n/{r}">{r}</a>' for r in rutas)
    enlaces += '<a href="/privado/n/secreto">secreto</a>'
    sitio.paginas["/portada"] = (f"<html><body>{enlaces}</body></html>".encode(), "text/html")
    return sitio


def _registrar_medios(motor: Engine, sol: Sitio, roto: Sitio) -> None:
    with Session(motor) as s:
        medio_sol = Medio(nombre=SOL, tipo=TipoMedio.DIGITAL, ambito=Ambito.MUNICIPAL)
        medio_roto = Medio(nombre=ROTO, tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
        medio_sol.fuentes = [
            Fuente(tipo=TipoFuente.RSS, url=f"{sol.base}/feed.xml"),
            Fuente(tipo=TipoFuente.SITEMAP, url=f"{sol.base}/sitemap.xml"),
            Fuente(tipo=TipoFuente.SECCION, url=f"{sol.base}/seccion/municipio"),
            Fuente(tipo=TipoFuente.PDF, url=f"{sol.base}/ediciones/"),
            Fuente(tipo=TipoFuente.PDF, url=f"{sol.base}/impreso/hoy.pdf"),
        ]
        medio_roto.fuentes = [
            Fuente(tipo=TipoFuente.RSS, url=f"{roto.base}/feed-roto.xml"),
            Fuente(tipo=TipoFuente.SITEMAP, url=f"{roto.base}/sitemap.xml"),
            Fuente(tipo=TipoFuente.SECCION, url=f"{roto.base}/portada", patron_enlaces="/n/"),
        ]
        s.add_all([medio_sol, medio_roto])
        s.commit()


@pytest.fixture
def entorno(url_bd: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Variables que hereda el proceso hijo: sin retraso, tamaño máximo chico, contacto."""
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    monkeypatch.setenv("MONITOREO_TAMANO_MAXIMO", str(TAMANO_MAXIMO))
    monkeypatch.setenv("MONITOREO_CONTACTO", CONTACTO)
    config.recargar()
    return url_bd


def _por_medio(resumen: list[ResumenMedio], nombre: str) -> ResumenMedio:
    return next(r for r in resumen if r.medio == nombre)


def _notas(motor: Engine, medio: str) -> list[Nota]:
    with Session(motor) as s:
        consulta = select(Nota).join(Medio).where(Medio.nombre == medio).order_by(Nota.id)
        notas = list(s.scalars(consulta))
        for nota in notas:
            _ = nota.testigos
        return notas


def _fuente(motor: Engine, url: str) -> Fuente:
    with Session(motor) as s:
        return s.scalars(select(Fuente).where(Fuente.url == url)).one()


def _contar(motor: Engine, modelo: type[Any]) -> int:
    with Session(motor) as s:
        return int(s.scalar(select(func.count()).select_from(modelo)) or 0)


@pytest.mark.lento
def test_rastreo_completo_incremental_y_con_fallas(
    entorno: str, motor: Engine, servidor: Callable[[Sitio], Sitio]
) -> None:
    sol = sitio_sol(servidor(Sitio()))
    roto = sitio_roto(servidor(Sitio()))
    _registrar_medios(motor, sol, roto)
    avances: list[Avance] = []

    primero = rastrear(al_avanzar=avances.append, ajustes=AJUSTES_PRUEBA)

    # --- El medio sano: 5 del feed + 2 nuevas del sitemap + 1 de la sección + 3 páginas de PDF.
    notas = _notas(motor, SOL)
    assert len(notas) == 11
    assert _por_medio(primero.medios, SOL).nuevas == 11
    assert primero.notas_nuevas == 12  # y la de charset equivocado de Diario Roto
    canonicas = {n.url_canonica for n in notas}
    assert f"{sol.base}/notas/{SLUGS[1]}" in canonicas  # sin utm_: la canónica declarada
    assert not any("utm_" in c for c in canonicas)
    for nota in (n for n in notas if n.pagina is None):
        assert len(nota.testigos) == 1
        testigo = nota.testigos[0]
        assert testigo.tipo is TipoTestigo.HTML and testigo.ruta.endswith(".html.gz")
        assert nota.titulo.encode() in leer_testigo(testigo.ruta)
        assert nota.version == 1 and nota.fecha_publicacion is not None
    portada = next(n for n in notas if n.url_canonica == f"{sol.base}/impreso/hoy.pdf#pagina=1")
    assert portada.titulo == "Portada: cabildo abierto en la cabecera"
    assert portada.tipo_captura is TipoCaptura.PDF and portada.fecha_publicacion is not None
    hoy_local = portada.fecha_publicacion.astimezone(config.cargar().zona)
    assert hoy_local.date() == dt.date(2026, 11, 26)
    paginas = sorted(
        (n for n in notas if n.pagina and n is not portada), key=lambda n: n.pagina or 0
    )
    assert [n.pagina for n in paginas] == [1, 2]
    assert paginas[0].url_canonica.endswith("sol-2026-11-25.pdf#pagina=1")
    assert paginas[0].titulo == "Tampacán estrena alumbrado en la plaza"
    assert paginas[1].titulo == "Deportes: gana el equipo local"
    assert paginas[0].fecha_publicacion is not None
    fecha_local = paginas[0].fecha_publicacion.astimezone(config.cargar().zona)
    assert fecha_local.date() == dt.date(2026, 11, 25)
    pdf_testigos = {(t.sha256, t.ruta, t.tipo) for n in paginas for t in n.testigos}
    assert len(pdf_testigos) == 1
    assert leer_testigo(next(iter(pdf_testigos))[1]).startswith(b"%PDF")
    feed = _fuente(motor, f"{sol.base}/feed.xml")
    assert feed.etag and feed.fallas_consecutivas == 0
    # La primera nota está en el feed y en el sitemap: se descarga y se cuenta una sola vez.
    assert sol.rutas().count(f"/notas/{SLUGS[0]}") == 1
    fuentes_sol = [f"{sol.base}{r}" for r in ("/feed.xml", "/sitemap.xml", "/seccion/municipio")]
    totales = [_fuente(motor, u).notas_totales for u in [*fuentes_sol, f"{sol.base}/ediciones/"]]
    assert sum(totales) == 10 and totales[2:] == [1, 2]
    assert _fuente(motor, f"{sol.base}/impreso/hoy.pdf").notas_totales == 1
    # La sección sólo siguió el enlace con forma de nota, una sola vez.
    assert sol.rutas().count(f"/notas/{SLUGS[7]}") == 1
    assert "/contacto" not in sol.rutas() and "/seccion/deportes" not in sol.rutas()

    # --- User-Agent con contacto en todas las peticiones.
    for _, cabeceras in sol.recibidas + roto.recibidas:
        assert f"+mailto:{CONTACTO}" in cabeceras["User-Agent"]

    # --- El medio defectuoso: fallas contadas con su motivo, sin detener el rastreo.
    charset = _notas(motor, ROTO)
    assert [n.url_canonica for n in charset] == [f"{roto.base}/n/charset"]
    assert "Tampacán abre biblioteca" in charset[0].titulo
    assert "presidenta municipal de Tampacán" in charset[0].texto
    rota = _fuente(motor, f"{roto.base}/feed-roto.xml")
    assert rota.fallas_consecutivas == 1 and rota.motivo_error == "HTTP 500"
    assert rota.proximo_intento is not None
    assert rota.proximo_intento > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=60)
    errores = {
        urlsplit(a.url).path: a.motivo
        for a in avances
        if a.medio == ROTO and a.evento in ("error", "fuente_error") and a.url
    }
    assert errores["/feed-roto.xml"] == "HTTP 500"
    assert errores["/n/lento"] == "tiempo de espera agotado"
    assert errores["/n/bucle"] == "demasiadas redirecciones (posible bucle)"
    assert errores["/n/truncado"] == "respuesta incompleta (cuerpo truncado)"
    # La bomba pesa unos KB comprimida: la corta el límite aplicado a lo descomprimido.
    assert len(BOMBA) < TAMANO_MAXIMO / 100
    assert errores["/n/bomba"] == "excede el tamaño máximo (también al descomprimir)"
    assert errores["/privado/n/secreto"] == "prohibido por robots.txt"
    assert "169.254.169.254" in (errores["/n/metadatos"] or "")
    assert "metadatos" in (errores["/sitemap.xml"] or "")
    motivos = " | ".join(_por_medio(primero.medios, ROTO).motivos)
    assert "HTTP 500" in motivos and "169.254.169.254" in motivos
    assert _por_medio(primero.medios, ROTO).errores == 8
    # Una fuente que redirige al servicio de metadatos queda en falla con el motivo.
    ssrf = _fuente(motor, f"{roto.base}/sitemap.xml")
    assert ssrf.fallas_consecutivas == 1 and "metadatos" in (ssrf.motivo_error or "")
    # La portada funcionó (una nota) aunque 6 de sus 7 enlaces fallaron: aviso sin falla.
    portada = _fuente(motor, f"{roto.base}/portada")
    assert portada.fallas_consecutivas == 0 and portada.notas_totales == 1
    assert (portada.motivo_error or "").startswith("6 de 7 notas fallaron")
    stats = primero.estadisticas
    assert stats["monitoreo/url_rechazada"] == 2 and stats["robotstxt/forbidden"] == 1
    assert stats["monitoreo/nuevas"] == 12 and stats["monitoreo/errores"] == 6
    assert not any(r.startswith("/privado/") for r in roto.rutas())
    assert {a.evento for a in avances} >= {"nota_nueva", "error", "fuente_lista", "fuente_error"}

    # --- Segundo rastreo del medio sano: todo 304, ningún artículo se vuelve a descargar.
    pedidas_antes = len(sol.recibidas)
    segundo = rastrear(SOL, todas=True, ajustes=AJUSTES_PRUEBA)
    nuevas_rutas = sol.rutas()[pedidas_antes:]
    assert not any(r.startswith(("/notas/", "/ediciones/sol")) for r in nuevas_rutas)
    assert nuevas_rutas.count("/impreso/hoy.pdf") == 1  # pedido, pero respondió 304
    assert sorted(set(nuevas_rutas) - {"/robots.txt"}) == [
        "/ediciones/",
        "/feed.xml",
        "/impreso/hoy.pdf",
        "/seccion/municipio",
        "/sitemap.xml",
    ]
    assert _por_medio(segundo.medios, SOL).sin_cambios == 5
    assert segundo.notas_nuevas == 0 and segundo.errores == 0
    assert segundo.peticiones <= 9 and segundo.bytes_descargados < 4_000
    assert segundo.bytes_descargados < primero.bytes_descargados / 10
    assert _contar(motor, Nota) == 12

    # --- Sin `todas`, nada está vencido todavía: ni una petición.
    assert rastrear(ajustes=AJUSTES_PRUEBA).peticiones == 0

    # --- Nota editada: el feed la republica con otra URL y la misma canónica → versión 2.
    editada = SLUGS[2]
    canonica = f"{sol.base}/notas/{editada}"
    sol.paginas[f"/notas/{editada}"] = (
        _html(_titulo(editada), canonica, "FE DE ERRATAS."),
        "text/html",
    )
    sol.paginas["/feed.xml"] = (_rss(sol.base, [*SLUGS[:5], f"{editada}?edicion=2"]), "text/xml")
    tercero = rastrear(SOL, todas=True, ajustes=AJUSTES_PRUEBA)
    assert _por_medio(tercero.medios, SOL).versiones == 1
    assert _contar(motor, Nota) == 12
    nota = next(n for n in _notas(motor, SOL) if n.url_canonica == canonica)
    assert nota.version == 2 and "FE DE ERRATAS" in nota.texto
    testigos = sorted(nota.testigos, key=lambda t: t.version)
    assert [t.version for t in testigos] == [1, 2]
    assert b"FE DE ERRATAS" not in leer_testigo(testigos[0].ruta)
    assert b"FE DE ERRATAS" in leer_testigo(testigos[1].ruta)
    assert _contar(motor, m.Testigo) == 13

    # --- Cada rastreo deja su registro de Scrapy, aunque haya terminado bien.
    registros = sorted((config.cargar().directorio / "registros").glob("rastreo-*.log"))
    assert len(registros) >= 4
    assert "robotstxt/forbidden" in registros[0].read_text("utf-8")


def test_medio_desconocido_es_error_en_espanol(entorno: str) -> None:
    with pytest.raises(ValueError, match="No existe el medio «La Nada»"):
        rastrear("La Nada")


@pytest.mark.lento
def test_hijo_sin_resumen_es_rastreo_fallido(entorno: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Sólo el hijo lee la variable inválida: muere antes de emitir su resumen.
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "mucho")
    try:
        with pytest.raises(RastreoFallido, match="MONITOREO_RETRASO_MS") as fallo:
            rastrear()
        ruta = Path(str(fallo.value).split("registro completo: ")[1].split(")")[0])
        assert "MONITOREO_RETRASO_MS" in ruta.read_text("utf-8")
    finally:
        monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")


def test_ajustes_de_cortesia(directorio_datos: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOREO_CONTACTO", CONTACTO)
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "1500")
    a = ajustes(config.recargar())
    assert a["USER_AGENT"].endswith(f"(+mailto:{CONTACTO})")
    assert a["ROBOTSTXT_OBEY"] and a["AUTOTHROTTLE_ENABLED"]
    assert a["DOWNLOAD_DELAY"] == 1.5
    assert a["DOWNLOAD_MAXSIZE"] == a["DOWNLOAD_WARNSIZE"] == config.cargar().tamano_maximo
    assert a["CONCURRENT_REQUESTS_PER_DOMAIN"] == config.cargar().concurrencia_por_dominio
    assert list(a["ITEM_PIPELINES"].values()) == [100, 200, 300, 400, 500]


def test_sitemap_indice_gzip_y_sin_entidades() -> None:
    indice = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://sol.example.mx/s1.xml</loc><lastmod>2026-11-25</lastmod></sitemap>"
        b"</sitemapindex>"
    )
    tipo, entradas = leer_sitemap(cuerpo_xml(gzip.compress(indice), TAMANO_MAXIMO))
    assert tipo == "sitemapindex" and entradas[0].url == "https://sol.example.mx/s1.xml"
    assert entradas[0].fecha == dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    with pytest.raises(ErrorDeFuente, match="tamaño máximo"):
        cuerpo_xml(gzip.compress(b" " * 5000), 1000)
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.mx/&x;'
        b"</loc></url></urlset>"
    )
    _, entradas = leer_sitemap(xxe)
    assert all("root:" not in e.url for e in entradas)
    with pytest.raises(ErrorDeFuente):
        leer_sitemap(b"<html><body>no soy sitemap</body></html>")


def test_heuristicas_de_seccion_pdf_y_retroceso() -> None:
    assert parece_nota("https://sol.mx/municipio/tampacan-inaugura-la-clinica")
    assert parece_nota("https://sol.mx/nota/2026/11/25/123456")
    assert not parece_nota("https://sol.mx/seccion/deportes")
    assert not parece_nota("https://sol.mx/tag/tampacan-huasteca-potosina")
    assert titulo_de("\n 12 \nTampacán  estrena   alumbrado\nmás texto", 3) == (
        "Tampacán estrena alumbrado"
    )
    assert titulo_de("  123 456 \n", 4) == "Página 4"
    retroceso = RetrocesoMiddleware(base=2.0, tope=5.0)
    assert [retroceso.espera(n) for n in range(5)] == [0.0, 2.0, 4.0, 5.0, 5.0]


def test_resolvedor_rechaza_ip_interna_al_conectar() -> None:
    # DNS rebinding: el nombre pasó la validación, pero al conectar resuelve a los metadatos.
    with pytest.raises(UrlRechazada, match="metadatos"):
        verificar_ip("169.254.169.254", "noticias.example.mx", ())
    with pytest.raises(UrlRechazada):
        verificar_ip("10.0.0.7", "noticias.example.mx", ("127.0.0.0/8",))
    assert verificar_ip("127.0.0.1", "noticias.example.mx", ("127.0.0.0/8",)) == "127.0.0.1"
    assert verificar_ip("10.0.0.7", "intranet.tampacan.gob.mx", ("intranet.tampacan.gob.mx",))
    assert verificar_ip("93.184.216.34", "noticias.example.mx", ()) == "93.184.216.34"
