"""Página Campañas con AppTest: quién debe spots y cuánto costó cada uno."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import Rol
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests.fabricas import en_base, visible
from tests.test_campanas import orden_de, sembrar_campana, spots

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
ESPERA_S = 60


@pytest.fixture(autouse=True)
def _cache_limpio() -> Iterator[None]:
    """Cada prueba empieza sin resultados cacheados."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _abrir(rol: Rol = Rol.LECTURA) -> AppTest:
    """El tablero con sesión iniciada, en la página Campañas."""
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, "lucia", rol))
    at.run()
    at.switch_page("paginas/campanas.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_sin_campanas_dice_que_hacer(sesion: Session) -> None:
    at = _abrir()
    assert "monitoreo campanas crear" in at.info[0].value


def test_quien_debe_spots_y_costo_por_spot(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    spots(sesion, orden_de(c, "La Poderosa Huasteca"), 7)
    spots(sesion, orden_de(c, "Canal 9 Huasteca"), 5)
    sesion.commit()
    at = _abrir()
    avisos = [visible(w.value) for w in at.warning]
    assert any("La Poderosa Huasteca** todavía debe 3 spots" in a for a in avisos)
    assert any("El Sol de la Huasteca** todavía debe 4 inserciones" in a for a in avisos)
    assert not any("Canal 9" in a for a in avisos)
    metricas = {m.label: m.value for m in at.metric}
    assert metricas["Costo de la pauta"] == "$ 17,500.00"
    assert metricas["Entregado"] == "12 de 19"
    assert metricas["Medios que deben"] == "2 de 3"
    medios = at.dataframe[0].value.set_index("Medio")
    assert medios.loc["La Poderosa Huasteca", "Costo por entrega"] == "$ 500.00"
    assert medios.loc["Canal 9 Huasteca", "Costo por entrega"] == "$ 1,200.00"
    assert medios.loc["El Sol de la Huasteca", "Costo por entrega"] == "—"
    assert medios.loc["Total de la campaña", "Faltan"] == 7
    ordenes = at.dataframe[1].value
    assert list(ordenes["Detalle"]) == ["—", "1/4 de plana · pág. 3", "07:00-09:00"]
