"""Plazos: un feed «tarpit» ya no retiene el rastreo (ni su candado) más de lo configurado."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from datos import config
from datos.modelos import Ambito, Fuente, Medio, TipoFuente, TipoMedio
from demo.servidor import en_hilo
from rastreadores.ejecutar import rastrear
from tests.servidores import Tarpit

pytestmark = pytest.mark.lento  # salvo la última, todas esperan al tarpit

RAIZ = Path(__file__).resolve().parent.parent
# Sin plazos, el tarpit se lleva 30 s por intento (tiempo de espera de Scrapy) × 3 intentos.
SIN_RETROCESO = {"MONITOREO_RETROCESO_BASE": 0.05}


@pytest.fixture
def tarpit(motor: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tarpit]:
    """Tarpit sirviendo y dos medios con su feed ahí."""
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    servidor = Tarpit()
    with en_hilo(servidor, "tarpit"):
        with Session(motor) as s:
            for nombre in ("Diario Lento", "Semanario Lento"):
                medio = Medio(nombre=nombre, tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
                medio.fuentes = [
                    Fuente(tipo=TipoFuente.RSS, url=f"{servidor.base}/{nombre[0]}/feed.xml")
                ]
                s.add(medio)
            s.commit()
        try:
            yield servidor
        finally:
            servidor.alto.set()


def _plazos(monkeypatch: pytest.MonkeyPatch, fuente: int, rastreo: int) -> None:
    """Plazos por fuente y por rastreo que leerá el proceso hijo."""
    monkeypatch.setenv("MONITOREO_PLAZO_FUENTE", str(fuente))
    monkeypatch.setenv("MONITOREO_PLAZO_RASTREO", str(rastreo))
    config.recargar()


def test_plazo_por_fuente(tarpit: Tarpit, monkeypatch: pytest.MonkeyPatch) -> None:
    _plazos(monkeypatch, fuente=3, rastreo=0)
    inicio = time.monotonic()
    resumen = rastrear(todas=True, ajustes=SIN_RETROCESO)
    segundos = time.monotonic() - inicio
    assert segundos < 20, f"el tarpit retuvo el rastreo {segundos:.0f} s"
    assert {m.medio for m in resumen.medios if m.errores} == {"Diario Lento", "Semanario Lento"}
    assert resumen.estadisticas.get("monitoreo/fuentes_con_error") == 2


def test_plazo_por_rastreo(tarpit: Tarpit, monkeypatch: pytest.MonkeyPatch) -> None:
    _plazos(monkeypatch, fuente=0, rastreo=3)
    inicio = time.monotonic()
    rastrear(todas=True, ajustes=SIN_RETROCESO)
    segundos = time.monotonic() - inicio
    assert segundos < 20, f"el tarpit retuvo el rastreo {segundos:.0f} s"


def test_rastrear_sale_con_error_si_todas_fallan(
    tarpit: Tarpit, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plazos(monkeypatch, fuente=2, rastreo=60)
    r = subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", "rastrear", "--todas"],
        cwd=RAIZ,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 1, r.stderr
    assert "ninguna fuente respondió: 2 fuentes con error" in r.stderr
    assert "Traceback" not in r.stderr


def test_sin_plazo_vencido_respeta_el_tiempo_de_espera_configurado() -> None:
    """El middleware no alarga DOWNLOAD_TIMEOUT (corre antes del de Scrapy que lo pone en meta)."""
    from scrapy.http import Request

    from rastreadores.arana.middlewares import PlazoFuenteMiddleware

    plazos = PlazoFuenteMiddleware(plazo_fuente=300, plazo_rastreo=1800, espera=1)
    peticion = Request("http://127.0.0.1/feed.xml")
    plazos.process_request(peticion)
    assert peticion.meta["download_timeout"] == 1
