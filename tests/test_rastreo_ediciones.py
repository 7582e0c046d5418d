"""Notas editadas en la misma URL: se vuelven a pedir sólo si el medio declara una edición.

Un servidor HTTP real en 127.0.0.1 sirve un feed RSS (con `<atom:updated>`) o un sitemap (con
`<lastmod>`) y dos notas cuyo texto se puede cambiar entre rastreos; anota cada petición y su
`If-Modified-Since`. La base es SQLite real y el rastreo corre en su proceso hijo, como en
producción.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from sqlalchemy import Engine, select, update
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
)
from datos.repositorio.notas import NotaWeb, capturas_nota, guardar_nota_web
from datos.testigos import guardar_testigo, leer_testigo
from rastreadores.arana.spiders.base import DIAS_REVISION_EDICIONES, HORAS_ENTRE_REVISIONES
from rastreadores.arana.spiders.sitemap import leer_sitemap
from rastreadores.ejecutar import ResumenRastreo, rastrear
from rastreadores.feeds import leer_feed
from tests.servidores import Manejador, SitioNotas, enviar, nota_html, servir

MEDIO = "Diario Corregido"
# Sin reintentos ni AutoThrottle: las respuestas son locales y la prueba mide peticiones exactas.
AJUSTES = {"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0, "AUTOTHROTTLE_ENABLED": False}
FE_DE_ERRATAS = "FE DE ERRATAS: la obra costó 2.5 millones de pesos, no 25 millones."


def _iso(fecha: dt.datetime) -> str:
    """Fecha W3C con segundos (la que usan Atom y los sitemaps)."""
    return fecha.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class SitioEditable(SitioNotas):
    """Un medio con notas editables, feed con `<atom:updated>` y sitemap con `<lastmod>`."""

    n: int = 2
    publicada: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # Por ruta: fecha de modificación declarada en el feed y el sitemap.
    actualizadas: dict[str, dt.datetime] = field(default_factory=dict)
    # Por ruta: texto añadido al editar la nota.
    ediciones: dict[str, str] = field(default_factory=dict)
    responde_304: bool = False
    # Por ruta: valores de If-Modified-Since recibidos (None si la petición no era condicional).
    condicionales: dict[str, list[str | None]] = field(default_factory=dict)
    candado_log: threading.Lock = field(default_factory=threading.Lock)

    def cuerpo_nota(self, ruta: str) -> bytes:
        """La nota, con la fe de erratas si ya se editó."""
        html = nota_html(f"Tampacán estrena obra {ruta[-3:]}", f"{self.base}{ruta}")
        extra = self.ediciones.get(ruta)
        return html.replace(b"</article>", f"<p>{extra}</p></article>".encode()) if extra else html

    def responder(self, h: Manejador, ruta: str) -> None:
        """Robots, feed, sitemap y notas (304 ante una petición condicional si así se pide)."""
        if ruta in self.rutas_notas:
            desde = h.headers.get("If-Modified-Since")
            with self.candado_log:
                self.condicionales.setdefault(ruta, []).append(desde)
            if desde and self.responde_304:
                self.contar(ruta)
                h.send_response(304)
                h.end_headers()
                return
        if ruta == "/sitemap.xml":
            self.contar(ruta)
            enviar(h, self.sitemap(), "application/xml")
            return
        super().responder(h, ruta)

    def feed(self) -> bytes:
        """RSS 2.0 con pubDate fija y `<atom:updated>` donde se declaró una modificación."""
        items = ""
        for ruta in self.rutas_notas:
            items += f"<item><title>Nota {ruta}</title><link>{self.base}{ruta}</link>"
            items += f"<pubDate>{format_datetime(self.publicada, usegmt=True)}</pubDate>"
            if ruta in self.actualizadas:
                items += f"<atom:updated>{_iso(self.actualizadas[ruta])}</atom:updated>"
            items += "</item>"
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Diario Corregido</title>'
            f"<link>{self.base}/</link>{items}</channel></rss>"
        ).encode()

    def sitemap(self) -> bytes:
        """Sitemap común: sólo `<loc>` y `<lastmod>` (la publicación si no hay modificación)."""
        urls = "".join(
            f"<url><loc>{self.base}{r}</loc>"
            f"<lastmod>{_iso(self.actualizadas.get(r, self.publicada))}</lastmod></url>"
            for r in self.rutas_notas
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()


@dataclass
class SitioRss(SitioEditable):
    """El mismo medio, con su feed en /feed.xml."""

    def responder(self, h: Manejador, ruta: str) -> None:
        """El feed sale del estado actual del sitio."""
        if ruta == "/feed.xml":
            self.contar(ruta)
            enviar(h, self.feed(), "application/rss+xml")
            return
        super().responder(h, ruta)


@pytest.fixture
def entorno(url_bd: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Sin retraso de cortesía (el hijo hereda el entorno)."""
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    config.recargar()
    return url_bd


@pytest.fixture
def sitio_rss() -> Iterator[SitioRss]:
    """Medio con feed, publicado hace una hora."""
    publicada = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    with servir(SitioRss(publicada=publicada)) as sitio:
        yield sitio


@pytest.fixture
def sitio_sitemap() -> Iterator[SitioEditable]:
    """Medio con sitemap, publicado hace una hora."""
    publicada = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    with servir(SitioEditable(publicada=publicada)) as sitio:
        yield sitio


def _registrar(motor: Engine, tipo: TipoFuente, url: str) -> None:
    """Un medio digital con una sola fuente."""
    with Session(motor) as s:
        medio = Medio(nombre=MEDIO, tipo=TipoMedio.DIGITAL, ambito=Ambito.MUNICIPAL)
        medio.fuentes = [Fuente(tipo=tipo, url=url)]
        s.add(medio)
        s.commit()


def _nota(motor: Engine, url: str) -> Nota:
    """La nota de esa canónica con sus testigos cargados."""
    with Session(motor) as s:
        nota = s.scalars(select(Nota).where(Nota.url_canonica == url)).one()
        _ = nota.testigos
        return nota


def _fuente(motor: Engine) -> Fuente:
    """La única fuente registrada."""
    with Session(motor) as s:
        return s.scalars(select(Fuente)).one()


def _rastrear() -> ResumenRastreo:
    """Rastreo de todas las fuentes del medio, vencidas o no."""
    return rastrear(MEDIO, todas=True, ajustes=AJUSTES)


def _despues_de_ahora() -> dt.datetime:
    """Un momento posterior a todo lo ya capturado (las fechas del feed van en segundos)."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)


def _primer_rastreo(motor: Engine, sitio: SitioEditable) -> None:
    """Primer rastreo: las dos notas nuevas, versión 1, ninguna petición condicional."""
    resumen = _rastrear()
    assert resumen.notas_nuevas == 2 and resumen.errores == 0
    for ruta in sitio.rutas_notas:
        assert sitio.condicionales[ruta] == [None]
        assert _nota(motor, f"{sitio.base}{ruta}").version == 1


@pytest.mark.lento
def test_feed_con_updated_posterior_crea_version_2(
    entorno: str, motor: Engine, sitio_rss: SitioRss
) -> None:
    _registrar(motor, TipoFuente.RSS, f"{sitio_rss.base}/feed.xml")
    _primer_rastreo(motor, sitio_rss)
    editada, intacta = sitio_rss.rutas_notas
    canonica = f"{sitio_rss.base}{editada}"
    capturada = _nota(motor, canonica).testigos[0].capturado_en

    sitio_rss.ediciones[editada] = FE_DE_ERRATAS
    sitio_rss.actualizadas[editada] = _despues_de_ahora()
    segundo = _rastrear()

    nota = _nota(motor, canonica)
    assert nota.version == 2 and "FE DE ERRATAS" in nota.texto
    testigos = sorted(nota.testigos, key=lambda t: t.version)
    assert [t.version for t in testigos] == [1, 2]
    assert b"FE DE ERRATAS" not in leer_testigo(testigos[0].ruta)
    assert b"FE DE ERRATAS" in leer_testigo(testigos[1].ruta)
    # La revisión fue un GET condicional con la hora de nuestra captura (resolución de segundos).
    desde = sitio_rss.condicionales[editada][1]
    assert desde is not None and desde.endswith(" GMT")
    assert parsedate_to_datetime(desde) == capturada.replace(microsecond=0)
    # La otra nota no declaró edición: no se volvió a pedir.
    assert sitio_rss.condicionales[intacta] == [None]
    assert segundo.notas_nuevas == 0 and segundo.errores == 0
    assert segundo.medios[0].versiones == 1 and segundo.medios[0].omitidas == 1

    # Tercer rastreo con el mismo feed: la versión 2 es posterior al updated, nada que revisar.
    _rastrear()
    assert len(sitio_rss.condicionales[editada]) == 2
    assert _nota(motor, canonica).version == 2


@pytest.mark.lento
def test_feed_con_updated_sin_cambios_no_vuelve_a_pedir(
    entorno: str, motor: Engine, sitio_rss: SitioRss
) -> None:
    # El updated es anterior a la primera captura y no cambia entre rastreos.
    for ruta in sitio_rss.rutas_notas:
        sitio_rss.actualizadas[ruta] = sitio_rss.publicada + dt.timedelta(minutes=10)
    _registrar(motor, TipoFuente.RSS, f"{sitio_rss.base}/feed.xml")
    _primer_rastreo(motor, sitio_rss)

    segundo = _rastrear()

    assert sitio_rss.peticiones["/feed.xml"] == 2
    for ruta in sitio_rss.rutas_notas:
        assert sitio_rss.peticiones[ruta] == 1
        assert _nota(motor, f"{sitio_rss.base}{ruta}").version == 1
    assert segundo.medios[0].omitidas == 2 and segundo.errores == 0


@pytest.mark.lento
def test_respuesta_304_es_nota_sin_cambios_y_no_error(
    entorno: str, motor: Engine, sitio_rss: SitioRss
) -> None:
    _registrar(motor, TipoFuente.RSS, f"{sitio_rss.base}/feed.xml")
    _primer_rastreo(motor, sitio_rss)
    editada = sitio_rss.rutas_notas[0]
    sitio_rss.actualizadas[editada] = _despues_de_ahora()
    sitio_rss.responde_304 = True

    segundo = _rastrear()

    assert sitio_rss.peticiones[editada] == 2
    assert sitio_rss.condicionales[editada][1] is not None
    nota = _nota(motor, f"{sitio_rss.base}{editada}")
    assert nota.version == 1 and len(nota.testigos) == 1
    assert segundo.errores == 0 and segundo.medios[0].sin_cambios == 1
    assert segundo.estadisticas["monitoreo/notas_sin_cambios"] == 1
    fuente = _fuente(motor)
    assert fuente.fallas_consecutivas == 0 and fuente.motivo_error is None


@pytest.mark.lento
def test_cms_que_actualiza_todo_en_cada_feed_no_provoca_revisiones_seguidas(
    entorno: str, motor: Engine, sitio_rss: SitioRss
) -> None:
    # Hay CMS que ponen la hora de generación del feed como actualización de cada entrada y
    # responden 200 aunque la nota no cambió: una revisión, y la siguiente hasta pasadas 6 h.
    _registrar(motor, TipoFuente.RSS, f"{sitio_rss.base}/feed.xml")
    _primer_rastreo(motor, sitio_rss)
    ruta = sitio_rss.rutas_notas[0]
    canonica = f"{sitio_rss.base}{ruta}"
    for _ in range(2):
        sitio_rss.actualizadas[ruta] = _despues_de_ahora()
        _rastrear()
    assert sitio_rss.peticiones[ruta] == 2
    nota = _nota(motor, canonica)
    assert nota.version == 1 and nota.revisada_en is not None
    # Pasadas las horas de pausa, una edición declarada vuelve a revisarse.
    with Session(motor) as s:
        atras = dt.datetime.now(dt.UTC) - dt.timedelta(hours=HORAS_ENTRE_REVISIONES + 1)
        s.execute(update(Nota).where(Nota.url_canonica == canonica).values(revisada_en=atras))
        s.commit()
    sitio_rss.actualizadas[ruta] = _despues_de_ahora()
    _rastrear()
    assert sitio_rss.peticiones[ruta] == 3


@pytest.mark.lento
def test_sitemap_lastmod_posterior_y_ventana_de_revision(
    entorno: str, motor: Engine, sitio_sitemap: SitioEditable
) -> None:
    _registrar(motor, TipoFuente.SITEMAP, f"{sitio_sitemap.base}/sitemap.xml")
    _primer_rastreo(motor, sitio_sitemap)
    reciente, vieja = sitio_sitemap.rutas_notas
    # La segunda nota se capturó (según la base) hace más de la ventana de revisión.
    hace = dt.datetime.now(dt.UTC) - dt.timedelta(days=DIAS_REVISION_EDICIONES + 3)
    with Session(motor) as s:
        nota_id = s.scalars(
            select(Nota.id).where(Nota.url_canonica == f"{sitio_sitemap.base}{vieja}")
        ).one()
        s.execute(update(Nota).where(Nota.id == nota_id).values(fecha_captura=hace))
        s.execute(update(m.Testigo).where(m.Testigo.nota_id == nota_id).values(capturado_en=hace))
        s.commit()
    for ruta in (reciente, vieja):
        sitio_sitemap.ediciones[ruta] = FE_DE_ERRATAS
        sitio_sitemap.actualizadas[ruta] = _despues_de_ahora()

    segundo = _rastrear()

    assert sitio_sitemap.condicionales[reciente][1] is not None
    assert _nota(motor, f"{sitio_sitemap.base}{reciente}").version == 2
    assert sitio_sitemap.condicionales[vieja] == [None]
    nota_vieja = _nota(motor, f"{sitio_sitemap.base}{vieja}")
    assert nota_vieja.version == 1 and "FE DE ERRATAS" not in nota_vieja.texto
    assert segundo.medios[0].versiones == 1 and segundo.medios[0].omitidas == 1


def test_capturas_nota_usa_el_ultimo_testigo(sesion: Session) -> None:
    medio = Medio(nombre=MEDIO, tipo=TipoMedio.DIGITAL, ambito=Ambito.MUNICIPAL)
    sesion.add(medio)
    sesion.flush()
    url = "https://diario.example/nota"
    assert capturas_nota(sesion, url) is None
    primera = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    for dias, texto in enumerate(["versión uno", "versión dos"]):
        datos = NotaWeb(
            medio_id=medio.id,
            fuente_id=None,
            url_canonica=url,
            url_original=url,
            titulo="Obra en Tampacán",
            texto=texto,
            tipo_captura=TipoCaptura.RSS,
            testigo=guardar_testigo(texto.encode(), comprimir=True, extension="html"),
            capturado_en=primera + dt.timedelta(days=dias),
        )
        guardar_nota_web(sesion, datos)
    capturas = capturas_nota(sesion, url)
    assert capturas is not None
    assert capturas.primera == primera
    assert capturas.vigente == primera + dt.timedelta(days=1)


def test_fechas_de_actualizacion_del_feed_y_del_sitemap() -> None:
    feed = leer_feed(
        b'<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        b"<channel><title>t</title>"
        b"<item><link>https://d.example/a</link><pubDate>Wed, 25 Nov 2026 16:00:00 GMT</pubDate>"
        b"<atom:updated>2026-11-26T10:00:00Z</atom:updated></item>"
        b"<item><link>https://d.example/b</link><pubDate>Wed, 25 Nov 2026 16:00:00 GMT</pubDate>"
        b"</item></channel></rss>"
    )
    editada, sin_editar = feed.entradas
    assert editada.actualizada == dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
    assert editada.fecha == dt.datetime(2026, 11, 25, 16, tzinfo=dt.UTC)
    # Sin updated propio (feedparser devolvería la publicación) no hay edición declarada.
    assert sin_editar.actualizada is None
    _, entradas = leer_sitemap(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        b' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://d.example/a</loc><lastmod>2026-11-26T10:00:00Z</lastmod><news:news>"
        b"<news:publication_date>2026-11-25T16:00:00Z</news:publication_date></news:news></url>"
        b"<url><loc>https://d.example/b</loc></url></urlset>"
    )
    assert entradas[0].fecha == dt.datetime(2026, 11, 25, 16, tzinfo=dt.UTC)
    assert entradas[0].actualizada == dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)
    assert entradas[1].actualizada is None
