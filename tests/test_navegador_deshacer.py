"""Chromium real: confirmar una retoma y deshacerla; cancelar un evento sólo tras confirmarlo."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Bitacora, EstadoEvento, EstadoRevision, Evento, Retoma
from datos.repositorio.agenda import crear_evento, invitar
from tests.test_navegador import BANDERAS, CHROMIUM, CLAVE, entrar, tablero  # noqa: F401

pytestmark = [pytest.mark.navegador, pytest.mark.lento]

MX = ZoneInfo("America/Mexico_City")
ESPERA_MS = 60_000


def _estados(sesion: Session) -> dict[int, tuple[EstadoRevision, object, object]]:
    """Estado, revisor y momento de revisión de cada retoma (lo que la cola mira)."""
    sesion.expire_all()
    return {r.id: (r.estado, r.revisor_id, r.revisado_en) for r in sesion.scalars(select(Retoma))}


def test_deshacer_una_confirmacion_y_cancelar_con_confirmacion(
    tablero: str,  # noqa: F811
    sesion: Session,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import Page, expect, sync_playwright

    evento = crear_evento(
        sesion,
        titulo="Entrega de becas",
        inicio=dt.datetime.now(MX).replace(hour=23, minute=0, second=0, microsecond=0),
        usuario="ana",
        lugar="Auditorio municipal",
    )
    invitar(sesion, evento.id, [1], "ana")
    sesion.commit()
    antes = _estados(sesion)

    def kpi(pagina: Page, etiqueta: str) -> str:
        """Valor del KPI con esa etiqueta."""
        metrica = pagina.get_by_test_id("stMetric").filter(has_text=etiqueta)
        return str(metrica.get_by_test_id("stMetricValue").inner_text())

    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=CHROMIUM, args=BANDERAS)
        pagina = navegador.new_page(viewport={"width": 1366, "height": 900})
        pagina.goto(tablero)
        entrar(pagina, "ana")
        pagina.get_by_role("link", name="Revisión").first.click()
        pagina.get_by_text("Sólo retomas").click()
        posicion = pagina.get_by_text(re.compile(r"^Elemento 1 de \d+ en la cola"))
        expect(posicion).to_be_visible(timeout=ESPERA_MS)
        expect(pagina.get_by_role("button", name="Confirmar")).to_be_visible(timeout=ESPERA_MS)
        cola_antes, retomas_antes = posicion.inner_text(), kpi(pagina, "Retomas por revisar")
        pagina.get_by_role("button", name="Confirmar").click()
        deshacer = pagina.get_by_role("button", name="Deshacer")
        expect(deshacer).to_be_visible(timeout=ESPERA_MS)
        assert kpi(pagina, "Retomas por revisar") != retomas_antes
        pagina.screenshot(path=str(tmp_path / "deshacer.png"))
        deshacer.click()
        expect(pagina.get_by_text("Deshecho:").first).to_be_visible(timeout=ESPERA_MS)
        expect(posicion).to_have_text(cola_antes, timeout=ESPERA_MS)
        assert kpi(pagina, "Retomas por revisar") == retomas_antes
        assert _estados(sesion) == antes, "la cola quedó como estaba"
        decision, reversion = sesion.scalars(
            select(Bitacora).where(Bitacora.entidad == "retoma").order_by(Bitacora.id)
        )
        assert (decision.accion, reversion.accion) == ("modificar", "deshacer")
        assert reversion.revierte_id == decision.id
        pagina.get_by_role("link", name="Bitácora").first.click()
        detalle = pagina.get_by_role("combobox", name="Ver cambios de")
        expect(detalle).to_have_value(re.compile("ana · deshacer retoma", re.I), timeout=ESPERA_MS)

        pagina.get_by_role("link", name="Agenda").first.click()
        expect(pagina.get_by_text("Entrega de becas").first).to_be_visible(timeout=ESPERA_MS)
        selector = pagina.get_by_role("combobox", name=re.compile(r"^Estado \(ahora"))
        expect(selector).to_have_value("", timeout=ESPERA_MS)
        _elegir_opcion(pagina, selector, "cancelado")
        pagina.get_by_role("button", name="Cambiar estado").click()
        aviso = pagina.get_by_text(re.compile("Se cancelará «Entrega de becas»"))
        expect(aviso).to_be_visible(timeout=ESPERA_MS)
        aviso.scroll_into_view_if_needed()
        pagina.screenshot(path=str(tmp_path / "cancelar.png"))
        sesion.expire_all()
        assert sesion.get(Evento, evento.id).estado == EstadoEvento.PROPUESTO  # type: ignore[union-attr]
        pagina.get_by_role("button", name="Sí, cancelar el evento").click()
        expect(pagina.get_by_text("quedó cancelado").first).to_be_visible(timeout=ESPERA_MS)
        sesion.expire_all()
        assert sesion.get(Evento, evento.id).estado == EstadoEvento.CANCELADO  # type: ignore[union-attr]
        assert pagina.locator('[data-testid="stException"]').count() == 0
        navegador.close()


def _elegir_opcion(pagina: Any, selector: Any, opcion: str) -> None:
    """Abre el selector y elige; reintenta si una recarga (el aviso de deshacer) lo cerró."""
    from playwright.sync_api import TimeoutError as SinRespuesta

    for _ in range(4):
        selector.click()
        try:
            pagina.get_by_role("option", name=opcion).click(timeout=5_000)
            return
        except SinRespuesta:
            continue
    pagina.get_by_role("option", name=opcion).click()
