"""Chromium real: la directora ve el calendario de la página de Facebook y aprueba un borrador."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from datos import config
from datos.consultas.facebook import insights_del_mes
from datos.modelos import EstadoPublicacion, PublicacionFacebook
from datos.repositorio import facebook as repo
from datos.repositorio.usuarios import crear_usuario
from tests.test_navegador import (
    BANDERAS,
    CHROMIUM,
    CLAVE,
    entrar,
    servir_tablero,
)

pytestmark = [pytest.mark.navegador, pytest.mark.lento]
ENLACE = "https://www.facebook.com/104857600123456/posts/777"


def _hoy_a_las(hora: int) -> dt.datetime:
    zona = config.cargar().zona
    return dt.datetime.combine(dt.datetime.now(zona).date(), dt.time(hora), zona)


@pytest.fixture
def tablero(url_bd: str, sesion: Session) -> Iterator[str]:
    """`streamlit run` con un borrador y una publicada de hoy, y la directora «ana»."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no está Chromium (make instala el paquete chromium de Debian)")
    crear_usuario(sesion, "ana", "directora", CLAVE)
    repo.crear(
        sesion, texto="Cierre de calles por la feria", programada_para=_hoy_a_las(7), usuario="beto"
    )
    publicada = repo.crear(
        sesion, texto="Arranca la feria", programada_para=_hoy_a_las(8), usuario="beto"
    )
    repo.aprobar(sesion, publicada.id, "ana")
    repo.marcar_publicada(sesion, publicada, "104857600123456_777", ENLACE, "beto")
    sesion.commit()
    with servir_tablero() as url:
        yield url


def test_la_directora_ve_el_calendario_y_aprueba(
    tablero: str, sesion: Session, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
        pagina.goto(tablero)
        entrar(pagina, "ana")
        pagina.get_by_role("link", name="Facebook").first.click()
        expect(pagina.get_by_text("Calendario", exact=True)).to_be_visible(timeout=60_000)
        expect(pagina.get_by_text("Cierre de calles por la feria").first).to_be_visible()
        pagina.get_by_role("button", name="Aprobar").click()
        expect(pagina.get_by_text("Publicación aprobada")).to_be_visible(timeout=30_000)
        assert pagina.locator('[data-testid="stException"]').count() == 0
        pagina.screenshot(path=str(tmp_path / "facebook.png"), full_page=True)
        if os.environ.get("MONITOREO_CAPTURAS_PRUEBA"):
            pagina.screenshot(path=os.environ["MONITOREO_CAPTURAS_PRUEBA"], full_page=True)
        navegador.close()
    sesion.expire_all()
    estados = {p.texto: p.estado for p in sesion.query(PublicacionFacebook)}
    assert estados["Cierre de calles por la feria"] is EstadoPublicacion.APROBADA
    assert estados["Arranca la feria"] is EstadoPublicacion.PUBLICADA


def test_sube_los_insights_desde_el_tablero(tablero: str, sesion: Session, tmp_path: Path) -> None:
    """La exportación de Meta se sube en la página; un archivo que no es de insights se explica."""
    from playwright.sync_api import expect, sync_playwright

    datos = Path(__file__).parent / "datos" / "facebook"
    otro = tmp_path / "contactos.csv"
    otro.write_text("Nombre,Teléfono\nAna,4811234567\n", encoding="utf-8")
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
        pagina.goto(tablero)
        entrar(pagina, "ana")
        pagina.get_by_role("link", name="Facebook").first.click()
        pagina.get_by_text("Subir los insights de Meta Business Suite").click()
        entrada = pagina.locator('[data-testid="stFileUploaderDropzoneInput"]')
        entrada.set_input_files(str(otro))
        expect(pagina.get_by_role("button", name="Remove contactos.csv")).to_be_visible()
        pagina.get_by_role("button", name="Importar insights").click()
        expect(pagina.get_by_text("no parece una exportación de insights")).to_be_visible(
            timeout=30_000
        )
        boton = pagina.get_by_role("button", name="Importar insights")
        if not boton.is_visible():
            pagina.get_by_text("Subir los insights de Meta Business Suite").click()
        entrada.set_input_files(str(datos / "insights_pagina_mensual_en.csv"))
        cargado = pagina.get_by_role("button", name="Remove insights_pagina_mensual_en.csv")
        expect(cargado).to_be_visible()
        pagina.get_by_role("button", name="Importar insights").click()
        expect(pagina.get_by_text("Insights importados: septiembre de 2026")).to_be_visible(
            timeout=30_000
        )
        assert pagina.locator('[data-testid="stException"]').count() == 0
        pagina.screenshot(path=str(tmp_path / "insights.png"), full_page=True)
        navegador.close()
    sesion.expire_all()
    septiembre = insights_del_mes(sesion, dt.date(2026, 9, 1))
    assert septiembre is not None and septiembre.alcance == 18000
