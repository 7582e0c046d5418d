"""El proceso hijo de Scrapy muere con su padre y retiene el candado mientras vive.

Un «tarpit» en 127.0.0.1 responde el feed gota a gota para siempre: el hijo queda rastreando.
Se mata al padre (`monitoreo rastrear`) con kill -9 o SIGTERM y se comprueba que el hijo no
sobrevive y que el candado queda libre.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import Ambito, Fuente, Medio, TipoFuente, TipoMedio
from demo.servidor import en_hilo
from operacion.candado import ocupado, ruta_candado
from tests.servidores import Tarpit

pytestmark = pytest.mark.lento

RAIZ = Path(__file__).resolve().parent.parent
# El hijo de Scrapy cierra con orden (guarda la salud de las fuentes): le damos margen.
ESPERA_MUERTE_SEGUNDOS = 40


@pytest.fixture
def tarpit(motor: Engine) -> Iterator[Tarpit]:
    """Tarpit sirviendo y un medio con su feed ahí."""
    servidor = Tarpit()
    with en_hilo(servidor, "tarpit"):
        with Session(motor) as s:
            medio = Medio(nombre="Diario Lento", tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
            medio.fuentes = [Fuente(tipo=TipoFuente.RSS, url=f"{servidor.base}/feed.xml")]
            s.add(medio)
            s.commit()
        try:
            yield servidor
        finally:
            servidor.alto.set()


def _vivo(pid: int) -> bool:
    """El proceso existe y no es un zombi."""
    try:
        estado = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in estado


def _hijos(pid: int) -> list[int]:
    """PIDs de los hijos directos (Linux)."""
    texto = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in texto.split()]


def _abiertos(pid: int) -> set[str]:
    """Archivos que el proceso tiene abiertos."""
    carpeta = Path(f"/proc/{pid}/fd")
    return {os.path.realpath(carpeta / fd) for fd in os.listdir(carpeta)}


def _lanzar_rastreo(tarpit: Tarpit) -> tuple[subprocess.Popen[bytes], int]:
    """`monitoreo rastrear --todas` real; devuelve el padre y el PID del hijo de Scrapy."""
    padre = subprocess.Popen(
        [sys.executable, "-m", "operacion.cli.principal", "rastrear", "--todas"],
        cwd=RAIZ,
        env={**os.environ, "MONITOREO_RETRASO_MS": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert tarpit.pedido.wait(60), "el rastreo no llegó al tarpit"
    hijos = _hijos(padre.pid)
    assert len(hijos) == 1
    return padre, hijos[0]


def _esperar_muerte(pid: int) -> float:
    """Segundos hasta que el proceso deja de existir (falla si sobrevive)."""
    inicio = time.monotonic()
    while _vivo(pid):
        assert time.monotonic() - inicio < ESPERA_MUERTE_SEGUNDOS, f"el hijo {pid} sigue vivo"
        time.sleep(0.2)
    return time.monotonic() - inicio


def test_kill_9_del_padre_mata_al_hijo_que_tenia_el_candado(tarpit: Tarpit) -> None:
    padre, hijo = _lanzar_rastreo(tarpit)
    if cargar().url_bd.startswith("postgresql"):
        # Candado consultivo de la conexión del padre: lo suelta el servidor y el hijo muere.
        assert ocupado() == padre.pid
    else:
        # El hijo tiene abierto el candado: muerto el padre, nadie más rastrea ni restaura.
        assert str(ruta_candado().resolve()) in _abiertos(hijo)
    padre.send_signal(signal.SIGKILL)
    padre.wait(10)
    _esperar_muerte(hijo)
    assert ocupado() is None


def test_sigterm_detiene_a_ambos_con_orden(tarpit: Tarpit) -> None:
    padre, hijo = _lanzar_rastreo(tarpit)
    padre.send_signal(signal.SIGTERM)
    assert padre.wait(ESPERA_MUERTE_SEGUNDOS) == 143
    assert not _vivo(hijo)
    assert ocupado() is None
