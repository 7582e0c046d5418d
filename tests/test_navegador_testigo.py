"""Chromium real: desde la matriz de Boletines, un clic abre el testigo de una retoma y se ve la
página archivada, sin que el navegador pida nada fuera del tablero."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.repositorio.usuarios import crear_usuario
from tests.fabricas import sembrar
from tests.test_navegador import (
    BANDERAS,
    CHROMIUM,
    CLAVE,
    entrar,
    servir_tablero,
)
from tests.test_testigo import guardar_evidencia

pytestmark = [pytest.mark.navegador, pytest.mark.lento]


@pytest.fixture
def tablero(url_bd: str, sesion: Session) -> Iterator[str]:
    """`streamlit run` sobre la semilla, con HTML y capturas reales del testigo de n1."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no está Chromium (make instala el paquete chromium de Debian)")
    semilla = sembrar(sesion)
    guardar_evidencia(sesion, semilla.notas["n1"])
    crear_usuario(sesion, "ana", "directora", CLAVE)
    sesion.commit()
    with servir_tablero() as url:
        yield url


def test_un_clic_abre_el_testigo_desde_la_matriz(tablero: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    externas: list[str] = []
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
        pagina.on(
            "request",
            lambda r: (
                externas.append(r.url)
                if urlparse(r.url).hostname not in {"127.0.0.1", "localhost", None}
                and not r.url.startswith(("data:", "about:", "blob:"))
                else None
            ),
        )
        pagina.goto(tablero)
        entrar(pagina, "ana")
        pagina.get_by_role("link", name="Boletines").first.click()
        boton = pagina.get_by_role("button", name="Testigo · El Sol de la Huasteca")
        expect(boton).to_be_visible(timeout=60_000)
        boton.click()  # el único clic: abre el cuadro con el testigo
        dialogo = pagina.get_by_role("dialog")
        expect(dialogo.get_by_text("URL original: https://")).to_be_visible(timeout=60_000)
        archivada = dialogo.frame_locator("iframe").first.frame_locator(
            'iframe[title="Página archivada"]'
        )
        expect(archivada.get_by_text("Inaugura el Ayuntamiento la red de agua")).to_be_visible(
            timeout=30_000
        )
        expect(archivada.get_by_text("300 familias")).to_be_visible()
        expect(dialogo.get_by_text("Versiones")).to_be_visible()
        expect(dialogo.get_by_role("button", name="Vista para imprimir")).to_be_visible()
        pagina.screenshot(path=str(tmp_path / "testigo.png"), full_page=True)
        navegador.close()
    # La página archivada trae hojas de estilo, imágenes e iframes remotos: ninguno se pidió.
    # (Streamlit mismo pide sus iconos a fonts.gstatic.com; eso no viene del testigo.)
    del_testigo = [u for u in externas if "example" in (urlparse(u).hostname or "")]
    assert del_testigo == []


def test_el_enlace_de_la_sintesis_abre_el_testigo(
    tablero: str, sesion: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from playwright.sync_api import expect, sync_playwright

    from datos import config
    from datos.modelos import Nota
    from reportes.sintesis import generar_sintesis

    monkeypatch.setenv("MONITOREO_URL_TABLERO", tablero + "/")
    config.recargar()
    nota = sesion.scalars(select(Nota).where(Nota.titulo == "Nota n1")).one()
    assert nota.fecha_publicacion is not None
    dia = nota.fecha_publicacion.astimezone(config.cargar().zona).date()
    html = generar_sintesis(sesion, dia, "html", tmp_path / "s.html").read_text("utf-8")
    enlace = re.search(rf'href="({re.escape(tablero)}/testigo\?nota={nota.id})"', html)
    assert enlace is not None, "la síntesis en HTML enlaza el testigo de la nota"
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
        pagina.goto(enlace.group(1))
        entrar(pagina, "ana")
        archivada = pagina.frame_locator("iframe").first.frame_locator(
            'iframe[title="Página archivada"]'
        )
        expect(archivada.get_by_text("Inaugura el Ayuntamiento la red de agua")).to_be_visible(
            timeout=60_000
        )
        navegador.close()
