"""Pruebas del lector de feeds: robustez sobre todos los datos compartidos y casos propios."""

from __future__ import annotations

import json
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rastreadores.feeds import FeedIlegible, leer_feed
from tests.conftest import datos_compartidos

# El tgz se reparte en partes para que pytest-xdist las corra en paralelo (≈4 s en total).
PARTES_TGZ = 4

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Noticias de Tampac\xc3\xa1n</title><link>https://medio.mx/</link>
<item><title>Inaugura la presidenta &lt;b&gt;el puente&lt;/b&gt;</title><link>/2026/11/puente</link>
<description>&lt;p&gt;La obra &lt;b&gt;beneficia&lt;/b&gt; a 3,000 habitantes.&lt;/p&gt;
</description>
<pubDate>Thu, 26 Nov 2026 10:35:00 -0600</pubDate></item>
<item><title>Sin fecha</title><guid>https://medio.mx/sin-fecha</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><title>Nota Atom</title><link rel="alternate" href="https://medio.mx/atom/1"/>
<updated>2026-11-26T10:00:00Z</updated><summary>Resumen</summary></entry></feed>"""


def _archivos(carpeta: Path) -> list[Path]:
    """Archivos de feed de una carpeta (sin licencias ni salidas esperadas)."""
    return [
        p
        for p in sorted(carpeta.rglob("*"))
        if p.is_file()
        and not p.name.startswith("LICENSE")
        and not p.name.endswith((".expected.json", ".tgz", ".csv"))
    ]


def _leer_todos(archivos: list[Path]) -> tuple[int, int]:
    """(legibles, ilegibles); cualquier otra excepción hace fallar la prueba."""
    legibles = ilegibles = 0
    for archivo in archivos:
        try:
            leer_feed(archivo.read_bytes(), "https://ejemplo.mx/feed.xml")
            legibles += 1
        except FeedIlegible as exc:
            assert str(exc), archivo
            ilegibles += 1
    return legibles, ilegibles


def test_rss_propio() -> None:
    """Título, enlace absoluto, fecha con zona (en UTC) y resumen sin HTML."""
    feed = leer_feed(RSS, "https://medio.mx/feed.xml")
    assert feed.titulo == "Noticias de Tampacán"
    primera, segunda = feed.entradas
    assert primera.titulo == "Inaugura la presidenta el puente"
    assert primera.enlace == "https://medio.mx/2026/11/puente"
    assert primera.fecha == datetime(2026, 11, 26, 16, 35, tzinfo=UTC)
    assert primera.resumen == "La obra beneficia a 3,000 habitantes."
    assert segunda.enlace == "https://medio.mx/sin-fecha" and segunda.fecha is None


def test_atom_y_json_feed() -> None:
    """Atom y JSON Feed dan entradas con enlace y fecha con zona."""
    atom = leer_feed(ATOM)
    assert atom.entradas[0].enlace == "https://medio.mx/atom/1"
    assert atom.entradas[0].fecha == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    cuerpo = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON",
        "items": [{"id": "1", "url": "/n/1", "title": "Uno", "date_published": "2026-11-26"}],
    }
    feed = leer_feed(json.dumps(cuerpo).encode(), "https://medio.mx/feed.json")
    assert feed.entradas[0].enlace == "https://medio.mx/n/1"
    assert feed.entradas[0].fecha is not None and feed.entradas[0].fecha.tzinfo is not None


@pytest.mark.parametrize(
    ("contenido", "motivo"),
    [
        (b"", "vac"),
        (b"   \n", "vac"),
        (b"<!DOCTYPE html><html><body><p>Hola</p></body></html>", "HTML"),
        (bytes(range(256)) * 20, "binario"),
        (b'{"hola": 1}', "JSON"),
        (b"/etc/passwd", "no se reconoce"),
        (b"<?xml version='1.0'?><otra><cosa/></otra>", "no se reconoce"),
    ],
)
def test_no_feeds(contenido: bytes, motivo: str) -> None:
    """Lo que no es feed da FeedIlegible con un motivo claro (y nunca lee archivos locales)."""
    with pytest.raises(FeedIlegible, match=motivo):
        leer_feed(contenido)


def test_newsml_es_ilegible() -> None:
    """El NewsML de La Vanguardia no es RSS."""
    archivo = datos_compartidos("feeds", "medios_es", "lavanguardia_newsml.xml")
    with pytest.raises(FeedIlegible, match="NewsML"):
        leer_feed(archivo.read_bytes())


def test_medios_es() -> None:
    """Los 11 feeds de medios en español (2 mal formados) dan entradas con título y enlace."""
    carpeta = datos_compartidos("feeds", "medios_es")
    for archivo in _archivos(carpeta):
        if "newsml" in archivo.name:
            continue
        feed = leer_feed(archivo.read_bytes())
        assert feed.entradas, archivo.name
        assert all(e.titulo and e.enlace for e in feed.entradas), archivo.name


def test_integracion_coincide_con_lo_esperado() -> None:
    """Los feeds reales con salida esperada: mismos títulos, enlaces y fechas."""
    carpeta = datos_compartidos("feeds", "reales", "integracion")
    pares = [(x, x.with_suffix(".json")) for x in sorted(carpeta.glob("*.xml"))]
    pares.append((carpeta / "json_feed_sample.json", carpeta / "json_feed_sample.expected.json"))
    for archivo, esperado in pares:
        entradas = json.loads(esperado.read_text(encoding="utf-8"))["entries"]
        feed = leer_feed(archivo.read_bytes())
        assert len(feed.entradas) == len(entradas), archivo.name
        for obtenida, esperada in zip(feed.entradas, entradas, strict=True):
            assert obtenida.enlace == esperada.get("link"), archivo.name
            if esperada.get("published") and obtenida.fecha:
                assert obtenida.fecha.isoformat() == esperada["published"], archivo.name


@pytest.mark.lento
@pytest.mark.parametrize("carpeta", ["encoding", "entities", "illformed", "json", "wellformed"])
def test_suite_de_feedparser_sin_excepciones(carpeta: str) -> None:
    """Los 2,108 feeds de la suite de feedparser: sólo FeedIlegible, nunca otra excepción."""
    legibles, _ = _leer_todos(_archivos(datos_compartidos("feeds", "feedparser_suite", carpeta)))
    assert legibles > 0


def test_suite_bien_formados_dan_entradas() -> None:
    """Los feeds bien formados de RSS 2.0 y Atom 1.0 de la suite se leen sin FeedIlegible."""
    base = datos_compartidos("feeds", "feedparser_suite", "wellformed")
    legibles, ilegibles = _leer_todos(_archivos(base / "rss") + _archivos(base / "atom10"))
    assert legibles > 100 and ilegibles / (legibles + ilegibles) < 0.6


@pytest.fixture(scope="module")
def feeds_reales(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Los 200 feeds reales del tgz, extraídos una vez a una carpeta temporal."""
    destino = tmp_path_factory.mktemp("feeds_reales")
    with tarfile.open(datos_compartidos("feeds", "reales", "benchmark_data.tgz")) as tgz:
        tgz.extractall(destino, filter="data")
    return _archivos(destino)


@pytest.mark.lento
@pytest.mark.parametrize("parte", range(PARTES_TGZ))
def test_feeds_reales_del_tgz(feeds_reales: list[Path], parte: int) -> None:
    """Los 200 feeds reales capturados: todos legibles y con entradas con título o enlace."""
    assert len(feeds_reales) >= 200
    for archivo in feeds_reales[parte::PARTES_TGZ]:
        feed = leer_feed(archivo.read_bytes())
        assert feed.entradas, archivo.name
        assert any(e.titulo or e.enlace for e in feed.entradas), archivo.name


def test_fecha_rfc822_en_espanol() -> None:
    """pubDate con meses en español (común en CMS mexicanos) se entiende, con su zona."""
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>A</title><link>https://medio.mx/a</link>"
        b"<pubDate>Jue, 26 Dic 2026 10:35:00 -0600</pubDate></item></channel></rss>"
    )
    fecha = leer_feed(rss).entradas[0].fecha
    assert fecha is not None and fecha.astimezone(UTC) == datetime(2026, 12, 26, 16, 35, tzinfo=UTC)
