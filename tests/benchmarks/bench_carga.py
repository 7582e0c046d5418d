"""Carga: rastreo completo del mundo de demostración mientras el tablero atiende peticiones.

Corre con:
    .venv/bin/python -m pytest tests/benchmarks/bench_carga.py -m benchmark -s -p no:xdist
Levanta los medios de demostración (`demo`), el tablero (`streamlit run tablero/app.py` en
un puerto libre de 127.0.0.1) y, mientras rastrea todo, lanza GET concurrentes a `/` y
`/_stcore/health` (acotados en número y en tiempo). Imprime peticiones servidas, errores,
latencias, duración del rastreo y comprueba que no se perdió ninguna nota (conteo = esperado).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from datos import config
from datos.modelos import Nota
from datos.sesion import sesion
from demo.mundo import construir
from demo.servidor import ServidorDemo
from demo.sitios import escribir_sitios
from operacion.cli.demo import cargar_mundo, configurar_entorno
from operacion.trabajos import comando_streamlit
from rastreadores.arana.spiders.pdf import url_de_la_pagina
from rastreadores.ejecutar import rastrear
from tests.test_concurrencia import consultas_del_tablero

# Clientes simultáneos contra el tablero y tope de peticiones (la máquina de 2 núcleos es
# compartida): a ~20 peticiones/s el tope cubre un rastreo completo de la demo (~20 s).
CLIENTES = 4
PETICIONES_MAXIMAS = 1500
# Hilos que corren las consultas del tablero (lo que hace cada sesión abierta) contra la base.
LECTORES_BD = 2
ESPERA_PETICION_SEGUNDOS = 10
ARRANQUE_TABLERO_SEGUNDOS = 60
RUTAS = ("/", "/_stcore/health")


@dataclass
class Carga:
    """Resultados de los clientes HTTP contra el tablero."""

    estados: Counter[str] = field(default_factory=Counter)
    latencias: list[float] = field(default_factory=list)
    consultas: Counter[str] = field(default_factory=Counter)
    latencias_bd: list[float] = field(default_factory=list)
    candado: threading.Lock = field(default_factory=threading.Lock)
    alto: threading.Event = field(default_factory=threading.Event)

    def anotar(self, estado: str, segundos: float, *, http: bool = True) -> None:
        """Cuenta una respuesta HTTP o una vuelta de consultas (o su error) con su latencia."""
        with self.candado:
            (self.estados if http else self.consultas)[estado] += 1
            (self.latencias if http else self.latencias_bd).append(segundos)

    @property
    def total(self) -> int:
        """Peticiones hechas."""
        with self.candado:
            return sum(self.estados.values())


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    """Estado HTTP (como texto) o el nombre del error."""
    try:
        with urllib.request.urlopen(url, timeout=ESPERA_PETICION_SEGUNDOS) as r:
            r.read()
            return str(r.status)
    except urllib.error.HTTPError as exc:
        return str(exc.code)
    except (urllib.error.URLError, OSError) as exc:
        return type(exc).__name__


def _lector_bd(carga: Carga) -> None:
    """Consultas del tablero en bucle mientras se rastrea (cuenta vueltas y errores)."""
    while not carga.alto.is_set():
        inicio = time.monotonic()
        try:
            with sesion() as s:
                consultas_del_tablero(s)
            estado = "consultas"
        except OperationalError as exc:
            estado = f"bd: {exc.orig}"
        carga.anotar(estado, time.monotonic() - inicio, http=False)


def _cliente(base: str, carga: Carga, k: int) -> None:
    """Alterna rutas hasta que se pida alto o se llegue al tope."""
    n = k
    while not carga.alto.is_set() and carga.total < PETICIONES_MAXIMAS:
        inicio = time.monotonic()
        estado = _get(base + RUTAS[n % len(RUTAS)])
        carga.anotar(estado, time.monotonic() - inicio)
        n += 1


@contextmanager
def tablero(tmp_path: Path) -> Iterator[str]:
    """Streamlit sirviendo el tablero en 127.0.0.1 (puerto libre); lo detiene al final."""
    puerto = _puerto_libre()
    comando = [*comando_streamlit(puerto), "--server.address", "127.0.0.1"]
    registro = (tmp_path / "streamlit.log").open("wb")
    proceso = subprocess.Popen(comando, env=os.environ.copy(), stdout=registro, stderr=registro)
    base = f"http://127.0.0.1:{puerto}"
    limite = time.monotonic() + ARRANQUE_TABLERO_SEGUNDOS
    while _get(base + "/_stcore/health") != "200":
        assert proceso.poll() is None and time.monotonic() < limite, "el tablero no arrancó"
        time.sleep(0.5)
    try:
        yield base
    finally:
        proceso.terminate()
        proceso.wait(15)
        registro.close()


@pytest.fixture
def mundo_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Carpeta de datos de demostración aislada (el entorno vuelve a su estado al final)."""
    carpeta = tmp_path / "demo"
    carpeta.mkdir()
    # configurar_entorno escribe en os.environ: monkeypatch lo deja como estaba al final.
    for nombre in ("DATOS", "BD", "HOSTS_PERMITIDOS", "ANTIGUEDAD_DIAS"):
        monkeypatch.setenv(f"MONITOREO_{nombre}", "")
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    monkeypatch.setenv("MONITOREO_CAPTURAS_PANTALLA", "0")
    configurar_entorno(carpeta)
    yield carpeta
    config.recargar()


@pytest.mark.benchmark
def test_carga_rastreo_con_tablero_concurrente(mundo_demo: Path, tmp_path: Path) -> None:
    hoy = dt.datetime.now(config.cargar().zona).date()
    mundo = construir(hoy)
    escribir_sitios(mundo, mundo_demo / "sitios")
    with ServidorDemo(mundo_demo / "sitios") as servidor:
        cargar_mundo(mundo, servidor.urls)
        esperadas = {mundo.url(n, servidor.urls) for n in mundo.notas}
        _medir(tmp_path, esperadas)


def _medir(tmp_path: Path, esperadas: set[str]) -> None:
    """Rastreo completo con el tablero bajo carga; imprime y comprueba las cifras."""
    carga = Carga()
    with tablero(tmp_path) as base:
        hilos = [threading.Thread(target=_cliente, args=(base, carga, k)) for k in range(CLIENTES)]
        hilos += [threading.Thread(target=_lector_bd, args=(carga,)) for _ in range(LECTORES_BD)]
        inicio = time.monotonic()
        for hilo in hilos:
            hilo.start()
        resumen = rastrear(todas=True)
        segundos_rastreo = time.monotonic() - inicio
        carga.alto.set()
        for hilo in hilos:
            hilo.join(ESPERA_PETICION_SEGUNDOS + 5)
    with sesion() as s:
        guardadas = list(s.scalars(select(Nota.url_canonica)))
    _imprimir(resumen.notas_nuevas, resumen.errores, segundos_rastreo, carga, guardadas, esperadas)
    assert len(guardadas) == len(set(guardadas))
    # La verdad del mundo es por página impresa; la araña guarda cada nota de la página aparte.
    assert {url_de_la_pagina(u) for u in guardadas} == esperadas
    assert carga.estados.get("200", 0) == carga.total > 0
    assert set(carga.consultas) == {"consultas"}


def _imprimir(
    nuevas: int,
    errores: int,
    segundos: float,
    carga: Carga,
    guardadas: list[str],
    esperadas: set[str],
) -> None:
    """Tabla de resultados en la salida estándar (pytest -s)."""
    lat = sorted(carga.latencias) or [0.0]
    p95 = lat[int(0.95 * (len(lat) - 1))]
    print(f"\nRastreo completo: {nuevas} notas nuevas, {errores} errores, {segundos:.1f} s")
    print(f"Notas en la base: {len(guardadas)} (esperadas {len(esperadas)})")
    print(f"Faltan: {sorted(esperadas - {url_de_la_pagina(u) for u in guardadas})[:5]}")
    print(
        f"Tablero: {carga.total} peticiones con {CLIENTES} clientes; estados {dict(carga.estados)}"
    )
    print(
        f"Latencia: mediana {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"máx. {lat[-1] * 1000:.0f} ms; {carga.total / segundos:.1f} peticiones/s"
    )
    bd = sorted(carga.latencias_bd) or [0.0]
    print(
        f"Consultas del tablero en {LECTORES_BD} hilos: {dict(carga.consultas)}; "
        f"mediana {statistics.median(bd) * 1000:.0f} ms, máx. {bd[-1] * 1000:.0f} ms por vuelta"
    )
