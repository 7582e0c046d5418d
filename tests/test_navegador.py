"""Prueba con un navegador real: `streamlit run` sobre una base de prueba, Chromium sin pantalla."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from datos.repositorio.usuarios import crear_usuario
from tests.fabricas import TITULO_PELIGROSO, sembrar

pytestmark = [pytest.mark.navegador, pytest.mark.lento]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
APP = Path(__file__).resolve().parent.parent / "tablero" / "app.py"
CLAVE = "huasteca-2026-segura"
# Páginas del menú y un texto que cada una muestra con los datos sembrados.
PAGINAS = {
    "Resumen": "Boletines emitidos",
    "Boletines": "Inaugura el Ayuntamiento la red de agua",
    "Medios": "El Sol de la Huasteca",
    "Notas": "Descargar Excel",
    "Revisión": "Revisión",
    "Reportes": "Reporte mensual",
    "Agenda": "Agenda",
    "Redacción y envío": "Redacción y envío",
    "Banco de medios": "Banco de medios",
    "Buzón": "Borradores de agenda",
    "Ciudadanía": "Mediana para resolver",
    "Medios y convenios": "Medios y convenios",
    "Facebook": "Página de Facebook",
    "Bitácora": "Bitácora",
}
ANCHO_MOVIL = 390
# Banderas que evitan conexiones de fondo de Chromium (la máquina no tiene red).
BANDERAS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _puerto_libre() -> int:
    """Un puerto TCP libre en 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _esperar(url: str, segundos: float) -> None:
    """Espera a que el servidor responda."""
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"el tablero no respondió en {segundos} s")


@contextmanager
def servir_tablero() -> Iterator[str]:
    """`streamlit run` real del tablero sobre la base del entorno; su URL mientras dure."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no está Chromium (make instala el paquete chromium de Debian)")
    puerto = _puerto_libre()
    comando = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(puerto)]
    comando += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    comando += ["--client.toolbarMode", "minimal"]
    proceso = subprocess.Popen(comando, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    try:
        _esperar(f"http://127.0.0.1:{puerto}/_stcore/health", 60)
        yield f"http://127.0.0.1:{puerto}"
    finally:
        proceso.terminate()
        proceso.wait(timeout=20)


def entrar(pagina: Any, usuario: str) -> None:
    """Inicia sesión en la pantalla de entrada con la clave de las pruebas."""
    pagina.get_by_label("Usuario").fill(usuario)
    pagina.get_by_label("Contraseña").fill(CLAVE)
    pagina.get_by_role("button", name="Entrar").click()


@pytest.fixture
def tablero(url_bd: str, sesion: Session) -> Iterator[str]:
    """`streamlit run` real sobre la base de prueba con datos y una usuaria."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no está Chromium (make instala el paquete chromium de Debian)")
    sembrar(sesion)
    crear_usuario(sesion, "ana", "directora", CLAVE)
    sesion.commit()
    with servir_tablero() as url:
        yield url


def test_todas_las_paginas_en_chromium(tablero: str, tmp_path: Path) -> None:
    from playwright.sync_api import Dialog, expect, sync_playwright

    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
        # Si el titular rastreado con <script>alert()</script> se ejecutara, saldría un diálogo.
        dialogos: list[str] = []

        def anotar(dialogo: Dialog) -> None:
            dialogos.append(dialogo.message)
            dialogo.dismiss()

        pagina.on("dialog", anotar)
        pagina.goto(tablero)
        entrar(pagina, "ana")
        for titulo, texto in PAGINAS.items():
            pagina.get_by_role("link", name=titulo).first.click()
            expect(pagina.get_by_text(texto).filter(visible=True).first).to_be_visible(
                timeout=60_000
            )
            assert pagina.locator('[data-testid="stException"]').count() == 0
            nombre = titulo.lower().replace(" ", "_")
            pagina.screenshot(path=str(tmp_path / f"{nombre}.png"), full_page=True)
        # A lo ancho de un teléfono el Resumen se lee sin desplazamiento horizontal.
        pagina.get_by_role("link", name="Resumen").first.click()
        pagina.set_viewport_size({"width": ANCHO_MOVIL, "height": 844})
        expect(pagina.get_by_text("Boletines emitidos").first).to_be_visible(timeout=60_000)
        ancho = pagina.evaluate("() => document.documentElement.scrollWidth")
        pagina.screenshot(path=str(tmp_path / "movil.png"))
        navegador.close()
    assert ancho <= ANCHO_MOVIL + 1
    assert "<script>" in TITULO_PELIGROSO and dialogos == []
    assert len(list(tmp_path.glob("*.png"))) == len(PAGINAS) + 1


def test_tablas_sin_descarga_de_la_barra(tablero: str, sesion: Session) -> None:
    """Ningún rol ve «Download as CSV» en la barra de una tabla: exportaría fórmulas crudas."""
    from playwright.sync_api import expect, sync_playwright

    crear_usuario(sesion, "lucia", "lectura", CLAVE)
    sesion.commit()
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
        pagina.goto(tablero)
        entrar(pagina, "lucia")
        pagina.get_by_role("link", name="Boletines").first.click()
        tabla = pagina.locator('[data-testid="stDataFrame"]').first
        expect(tabla).to_be_visible(timeout=60_000)
        tabla.hover()
        barra = pagina.locator('[data-testid="stElementToolbar"]').first
        # La barra sí aparece (pantalla completa, buscar): lo que falta es sólo la descarga.
        expect(barra.get_by_role("button").first).to_be_visible(timeout=10_000)
        descargas = pagina.get_by_role("button", name="Download as CSV").count()
        navegador.close()
    assert descargas == 0


def test_canario_en_markdown_no_se_pide(tablero: str, sesion: Session) -> None:
    """Un medio llamado con una imagen Markdown no hace que el navegador la pida."""
    from http.server import BaseHTTPRequestHandler

    from playwright.sync_api import expect, sync_playwright
    from sqlalchemy import select

    from datos.modelos import Medio
    from demo.servidor import ServidorHTTP, en_hilo

    pedidas: list[str] = []

    class Canario(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            pedidas.append(self.path)
            self.send_error(404)

        def log_message(self, format: str, *args: object) -> None:
            """Sin ruido."""

    with en_hilo(ServidorHTTP(("127.0.0.1", 0), Canario)) as canario:
        base = f"http://127.0.0.1:{canario.server_address[1]}"
        marca = f"![canario]({base}/canario.png) [clic]({base}/enlace)"
        medio = sesion.scalar(select(Medio).where(Medio.nombre == "El Sol de la Huasteca"))
        assert medio is not None
        medio.audiencia_fuente = marca
        crear_usuario(sesion, "lucia", "lectura", CLAVE)
        sesion.commit()
        with sync_playwright() as p:
            navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
            pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
            pagina.goto(tablero)
            entrar(pagina, "lucia")
            pagina.get_by_role("link", name="Medios").first.click()
            declarada = pagina.get_by_text("Audiencia potencial declarada", exact=False)
            expect(declarada.first).to_be_visible(timeout=60_000)
            pagina.wait_for_timeout(1500)
            navegador.close()
    assert pedidas == []


# Textos de la interfaz propia de Streamlit que no deben verse (el guion del tablero los traduce).
INGLES = (
    "Upload",
    "per file",
    "Drag and drop",
    "Browse files",
    "Choose an option",
    "Choose options",
    "No results",
    "No options to select",
    "View more",
    "View less",
    "Deploy",
)
ANCHOS = {"escritorio": 1440, "telefono": ANCHO_MOVIL}


def _menu_abierto(pagina: Any) -> bool:
    """¿El menú lateral ocupa pantalla? (cerrado, Streamlit lo corre a la izquierda)."""
    caja = pagina.locator('[data-testid="stSidebar"]').bounding_box()
    return caja is not None and caja["width"] > 0 and caja["x"] + caja["width"] > 0


def _ir(pagina: Any, titulo: str, texto: str, telefono: bool) -> None:
    """Abre el menú si hace falta (teléfono), elige la página y espera su contenido."""
    from playwright.sync_api import expect

    if telefono and not _menu_abierto(pagina):
        pagina.locator('[data-testid="stExpandSidebarButton"]').click()
        expect(pagina.get_by_role("link", name=titulo).first).to_be_visible(timeout=10_000)
    pagina.get_by_role("link", name=titulo).first.click()
    expect(pagina.get_by_text(texto).filter(visible=True).first).to_be_visible(timeout=60_000)
    pagina.wait_for_timeout(800)


def test_cada_pagina_en_escritorio_y_telefono_en_espanol(tablero: str, tmp_path: Path) -> None:
    """Captura cada página a 1440 y 390 px: sin textos en inglés y, en el teléfono, el menú se
    cierra al elegir una página."""
    from playwright.sync_api import sync_playwright

    ingles: dict[str, list[str]] = {}
    menu_abierto: list[str] = []
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        for nombre, ancho in ANCHOS.items():
            pagina = navegador.new_page(viewport={"width": ancho, "height": 900})
            pagina.goto(tablero)
            entrar(pagina, "ana")
            for titulo, texto in PAGINAS.items():
                _ir(pagina, titulo, texto, nombre == "telefono")
                assert pagina.locator('[data-testid="stException"]').count() == 0, titulo
                visible = pagina.evaluate("() => document.body.innerText")
                ingles[f"{nombre}/{titulo}"] = [t for t in INGLES if t in visible]
                if nombre == "telefono" and _menu_abierto(pagina):
                    menu_abierto.append(titulo)
                archivo = f"{nombre}-{titulo.lower().replace(' ', '_')}.png"
                pagina.screenshot(path=str(tmp_path / archivo), full_page=True)
            pagina.close()
        navegador.close()
    assert {k: v for k, v in ingles.items() if v} == {}
    assert menu_abierto == []
    assert len(list(tmp_path.glob("*.png"))) == 2 * len(PAGINAS)
