"""Chromium real: el personal crea una campaña y su orden desde la página Campañas, con el error
de validación en español, el convenio del medio propuesto y la bitácora de auditoría."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Ambito, Bitacora, Campana, Entrega, Medio, Orden, TipoMedio
from datos.repositorio.convenios import crear_convenio
from datos.repositorio.recursos import subir_recurso
from datos.repositorio.usuarios import crear_usuario
from tests.test_campanas_banner import MEDIO, Sitio, _orden_banner, espia, sitio
from tests.test_navegador import (
    BANDERAS,
    CHROMIUM,
    CLAVE,
    entrar,
    servir_tablero,
)

pytestmark = [pytest.mark.navegador, pytest.mark.lento]
__all__ = ["espia", "sitio"]  # fixtures del portal con el banner y del servidor prohibido

ESPERA_MS = 60_000
RADIO = "La Poderosa Huasteca"


def _arte() -> bytes:
    """Un arte JPEG pequeño para el banco de medios."""
    salida = io.BytesIO()
    Image.new("RGB", (64, 64), (20, 90, 160)).save(salida, "JPEG")
    return salida.getvalue()


def _sembrar(sesion: Session) -> None:
    """Una radio con convenio vigente, un arte en el banco y la usuaria del personal."""
    radio = Medio(nombre=RADIO, tipo=TipoMedio.RADIO, ambito=Ambito.REGIONAL)
    sesion.add(radio)
    sesion.flush()
    hoy = dt.date.today()
    crear_convenio(
        sesion,
        medio_id=radio.id,
        numero="CS-07/2026",
        concepto="Spots",
        monto_sin_iva="100",
        vigencia_inicio=hoy - dt.timedelta(days=60),
        vigencia_fin=hoy + dt.timedelta(days=60),
        usuario="ana",
        spots_mes=8,
    )
    subir_recurso(sesion, "arte_vacunacion.jpg", _arte(), tipo="foto")
    crear_usuario(sesion, "ana", "personal", CLAVE)
    sesion.commit()


@pytest.fixture
def tablero(url_bd: str, directorio_datos: Path, sesion: Session) -> Iterator[str]:
    """`streamlit run` real sobre una base con la radio, su convenio y un arte del banco."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no está Chromium (make instala el paquete chromium de Debian)")
    _sembrar(sesion)
    with servir_tablero() as url:
        yield url


def test_crear_campana_y_orden_desde_el_tablero(
    tablero: str, sesion: Session, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 1000})
        pagina.goto(tablero)
        entrar(pagina, "ana")
        pagina.get_by_role("link", name="Campañas").first.click()
        expect(pagina.get_by_text("crea la primera en «Nueva campaña»")).to_be_visible(
            timeout=ESPERA_MS
        )
        pagina.get_by_label("Nombre de la campaña").fill("Vacunación 2026")
        pagina.get_by_label("Mensaje de la campaña").fill("Vacunate en tu centro de salu.")
        pagina.get_by_role("combobox", name="Materiales del banco de medios").click()
        pagina.get_by_role("option", name="arte_vacunacion.jpg (foto)").click()
        pagina.keyboard.press("Escape")
        pagina.get_by_role("button", name="Crear campaña").click()
        expect(pagina.get_by_text("Campaña «Vacunación 2026» creada")).to_be_visible(
            timeout=ESPERA_MS
        )
        # Sin costo: el error del repositorio, en español, y nada guardado.
        pagina.get_by_label("Horario").fill("07:00-09:00")
        pagina.get_by_role("button", name="Agregar orden").click()
        expect(pagina.get_by_text("Falta el costo de la orden")).to_be_visible(timeout=ESPERA_MS)
        assert sesion.scalars(select(Orden)).first() is None
        pagina.get_by_label("Cantidad de spots").fill("12")
        pagina.get_by_label("Costo total con IVA").fill("6,000.00")
        pagina.get_by_role("button", name="Agregar orden").click()
        expect(pagina.get_by_text(f"{RADIO} todavía debe 12 spots")).to_be_visible(
            timeout=ESPERA_MS
        )
        pagina.screenshot(path=str(tmp_path / "campana.png"), full_page=True)
        # Corregir: el mensaje tenía un error; la orden sin entregas se ofrece para borrar.
        pagina.get_by_text("Corregir la campaña").click()
        mensaje = pagina.get_by_label("Mensaje de la campaña").last
        mensaje.fill("Vacúnate en tu centro de salud.")
        pagina.get_by_role("button", name="Guardar cambios").click()
        expect(pagina.get_by_text("Campaña corregida")).to_be_visible(timeout=ESPERA_MS)
        pagina.get_by_text("Corregir la campaña").click()
        expect(pagina.get_by_role("button", name="Borrar esta orden")).to_be_visible()
        pagina.screenshot(path=str(tmp_path / "corregir.png"), full_page=True)
        assert pagina.locator('[data-testid="stException"]').count() == 0
        navegador.close()
    sesion.expire_all()
    campana = sesion.scalars(select(Campana)).one()
    assert campana.mensaje == "Vacúnate en tu centro de salud."
    assert [r.nombre_archivo for r in campana.recursos] == ["arte_vacunacion.jpg"]
    (orden,) = campana.ordenes
    assert (orden.cantidad, orden.costo, orden.horario) == (12, Decimal("6000.00"), "07:00-09:00")
    assert orden.convenio is not None and orden.convenio.numero == "CS-07/2026"
    auditoria = sesion.execute(
        select(Bitacora.usuario_nombre, Bitacora.entidad).where(
            Bitacora.entidad.in_(["campana", "orden"])
        )
    ).all()
    assert sorted(auditoria) == [("ana", "campana"), ("ana", "campana"), ("ana", "orden")]


def test_banner_capturado_desde_la_pagina_y_abierto_en_el_visor(
    sitio: Sitio, espia: Sitio, tablero: str, sesion: Session, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    orden_id = _orden_banner(sesion)
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 1000})
        pagina.goto(tablero)
        entrar(pagina, "ana")
        pagina.get_by_role("link", name="Campañas").first.click()
        pagina.get_by_text("Registrar entregas").click()
        pagina.get_by_label("Página con el banner").fill(f"{espia.base}/portada")
        pagina.get_by_role("button", name="Capturar y registrar").click()
        expect(pagina.get_by_text("dirección no permitida")).to_be_visible(timeout=ESPERA_MS)
        assert espia.pedidas == []
        pagina.get_by_label("Página con el banner").fill(f"{sitio.base}/portada")
        pagina.get_by_role("button", name="Capturar y registrar").click()
        expect(pagina.get_by_text("Banner registrado")).to_be_visible(timeout=ESPERA_MS)
        expect(pagina.get_by_text(f"{MEDIO} todavía debe 2 banners")).to_be_visible()
        # El expediente de comprobación lleva la captura con su huella.
        pagina.get_by_role("button", name="Preparar expediente de comprobación (ZIP)").click()
        with pagina.expect_download(timeout=ESPERA_MS) as descarga:
            pagina.get_by_role("button", name="Descargar expediente (1 entregas)").click()
        zip_ = zipfile.ZipFile(descarga.value.path())
        manifiesto = json.loads(zip_.read("manifiesto.json"))
        (banner,) = manifiesto["entregas"]
        png = zip_.read(banner["archivo"])
        assert png.startswith(b"\x89PNG") and hashlib.sha256(png).hexdigest() == banner["sha256"]
        pagina.get_by_role("link", name=f"{MEDIO} · orden {orden_id}").click()
        expect(pagina.get_by_text("Banner de la campaña «Agua para Todos»")).to_be_visible(
            timeout=ESPERA_MS
        )
        expect(pagina.get_by_text(f"{sitio.base}/portada")).to_be_visible()
        expect(pagina.get_by_test_id("stImage").locator("img")).to_be_visible()
        expect(pagina.get_by_role("button", name="Descargar captura (PNG)")).to_be_visible()
        assert "entrega=" in pagina.url
        pagina.screenshot(path=str(tmp_path / "banner.png"), full_page=True)
        assert pagina.locator('[data-testid="stException"]').count() == 0
        navegador.close()
    sesion.expire_all()
    assert [e.url for e in sesion.scalars(select(Entrega))] == [f"{sitio.base}/portada"]
