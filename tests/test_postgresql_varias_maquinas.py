"""PostgreSQL con varias máquinas: candado consultivo de rastreo y migraciones que no chocan."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from datos.migraciones import revisiones
from datos.sesion import crear_motor
from operacion.candado import CandadoOcupado, candado_rastreo, ocupado, ruta_candado
from tests.conftest import URL_PG

RAIZ = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not URL_PG, reason="sin MONITOREO_BD_PRUEBAS (PostgreSQL)")

TOMAR_Y_ESPERAR = """
import time
from operacion.candado import candado_rastreo
with candado_rastreo():
    print("tomado", flush=True)
    time.sleep(60)
"""

MIGRAR = """
import sys
from datos.migraciones import actualizar
from datos.sesion import crear_motor
actualizar(crear_motor(sys.argv[1]))
"""


def _hijo(codigo: str, *args: str) -> subprocess.Popen[str]:
    """Proceso hijo real con el entorno de la prueba."""
    return subprocess.Popen(
        [sys.executable, "-c", codigo, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=RAIZ,
        env=os.environ.copy(),
    )


def test_candado_consultivo_entre_procesos_y_tras_kill_9(url_bd: str) -> None:
    hijo = _hijo(TOMAR_Y_ESPERAR)
    try:
        assert hijo.stdout is not None and hijo.stdout.readline().strip() == "tomado"
        with pytest.raises(CandadoOcupado) as info, candado_rastreo():
            pass
        assert info.value.pid == hijo.pid
        assert ocupado() == hijo.pid
        # No es un candado de archivo: el directorio de datos no tiene nada que ver.
        assert not ruta_candado().exists()
    finally:
        hijo.send_signal(signal.SIGKILL)
        hijo.wait()
    # El servidor suelta el candado al cerrarse la conexión del proceso muerto.
    with candado_rastreo(espera=10), pytest.raises(CandadoOcupado), candado_rastreo():
        pass
    assert ocupado() is None


@pytest.fixture
def base_nueva() -> Iterator[str]:
    """Una base PostgreSQL vacía sólo para esta prueba."""
    nombre = f"migrar_{os.getpid()}"
    administrador = create_engine(URL_PG, isolation_level="AUTOCOMMIT")
    with administrador.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{nombre}"'))
        c.execute(text(f'CREATE DATABASE "{nombre}"'))
    yield make_url(URL_PG).set(database=nombre).render_as_string(hide_password=False)
    with administrador.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)'))
    administrador.dispose()


@pytest.mark.lento
def test_dos_maquinas_migran_a_la_vez_sin_chocar(base_nueva: str) -> None:
    hijos = [_hijo(MIGRAR, base_nueva) for _ in range(3)]
    for hijo in hijos:
        _, error = hijo.communicate(timeout=120)
        assert hijo.returncode == 0, error
    motor = crear_motor(base_nueva)
    actual, ultima = revisiones(motor)
    motor.dispose()
    assert actual == ultima is not None
