"""Texto de los datos en la terminal: el marcado de Rich nunca se interpreta."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import correr

pytestmark = pytest.mark.lento

TITULO = "Cierre de [/bold] calles [red]en[/red] la cabecera"
FEED = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>
<item><title>{TITULO}</title><link>https://sol.example.mx/n/1</link>
<pubDate>Wed, 25 Nov 2026 16:00:00 GMT</pubDate></item></channel></rss>"""


def test_leer_feed_con_corchetes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    r = correr(["leer-feed", str(feed)], tmp_path / "datos")
    assert r.returncode == 0, r.stderr
    assert TITULO in r.stdout


def test_medios_agregar_con_corchetes(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    assert correr(["inicializar"], datos).returncode == 0
    nombre = "Diario [/bold] Huasteco"
    r = correr(
        ["medios", "agregar", "--nombre", nombre, "--tipo", "digital", "--ambito", "regional"],
        datos,
    )
    assert r.returncode == 0, r.stderr
    assert nombre in r.stdout
    r = correr(
        ["medios", "agregar", "--nombre", nombre, "--tipo", "digital", "--ambito", "regional"],
        datos,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
