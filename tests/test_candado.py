"""Candado de rastreo: exclusión entre procesos reales y liberación tras kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from operacion.candado import CandadoOcupado, candado_rastreo, ocupado, ruta_candado

RAIZ = Path(__file__).resolve().parent.parent

# El hijo toma el candado, avisa por stdout y espera a que lo maten.
TOMAR_Y_ESPERAR = """
import sys, time
from operacion.candado import candado_rastreo
with candado_rastreo():
    print("tomado", flush=True)
    time.sleep(60)
"""


def _hijo_con_candado() -> subprocess.Popen[str]:
    """Proceso hijo real que ya tiene el candado."""
    hijo = subprocess.Popen(
        [sys.executable, "-c", TOMAR_Y_ESPERAR],
        stdout=subprocess.PIPE,
        text=True,
        cwd=RAIZ,
        env=os.environ.copy(),
    )
    assert hijo.stdout is not None
    assert hijo.stdout.readline().strip() == "tomado"
    return hijo


def test_dentro_del_mismo_proceso_excluye_y_se_libera(directorio_datos: Path) -> None:
    with candado_rastreo():
        assert ruta_candado().read_text().strip() == str(os.getpid())
        with pytest.raises(CandadoOcupado) as info, candado_rastreo():
            pass
        assert info.value.pid == os.getpid()
    assert ocupado() is None
    with candado_rastreo():
        pass


def test_kill_9_libera_el_candado(directorio_datos: Path) -> None:
    hijo = _hijo_con_candado()
    try:
        with pytest.raises(CandadoOcupado) as info, candado_rastreo():
            pass
        mensaje = str(info.value)
        assert f"proceso {hijo.pid}" in mensaje
        assert "rastreo en curso" in mensaje
        assert ocupado() == hijo.pid
    finally:
        hijo.send_signal(signal.SIGKILL)
        hijo.wait(10)
    assert hijo.returncode == -signal.SIGKILL
    with candado_rastreo():
        assert ruta_candado().read_text().strip() == str(os.getpid())


def test_espera_hasta_que_el_otro_suelta(directorio_datos: Path) -> None:
    hijo = _hijo_con_candado()
    inicio = time.monotonic()
    try:
        with pytest.raises(CandadoOcupado), candado_rastreo(espera=0.3):
            pass
        assert time.monotonic() - inicio >= 0.3
        hijo.terminate()
        with candado_rastreo(espera=10):
            assert ocupado() == os.getpid()
    finally:
        hijo.kill()
        hijo.wait(10)
