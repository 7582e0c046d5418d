"""Exposición: el tablero escucha sólo en 127.0.0.1 y los datos quedan 0600/0700."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from datos import config
from operacion.trabajos import comando_streamlit

RAIZ = Path(__file__).resolve().parent.parent
CLAVE = "huasteca-2026-segura"


def _modo(ruta: Path) -> int:
    """Bits de permiso del archivo."""
    return stat.S_IMODE(ruta.stat().st_mode)


def _umask_tipica() -> None:
    """La umask con que suele arrancar una sesión: 022 (archivos 0644)."""
    os.umask(0o022)


def _cli(*args: str, entrada: str | None = None) -> subprocess.CompletedProcess[str]:
    """`monitoreo ...` en un proceso aparte con la umask típica (022)."""
    return subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", *args],
        check=False,
        cwd=RAIZ,
        env=os.environ.copy(),
        input=entrada,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022) and None,
    )


@pytest.mark.lento
def test_datos_registro_y_respaldo_privados(directorio_datos: Path, tmp_path: Path) -> None:
    os.chmod(directorio_datos, 0o755)  # una instalación anterior con la carpeta abierta
    assert _cli("inicializar").returncode == 0
    assert (
        _cli("usuarios", "crear", "--nombre", "ana", "--rol", "lectura", entrada=CLAVE).returncode
        == 0
    )
    base = directorio_datos / "monitoreo.sqlite3"
    assert _modo(directorio_datos) == 0o700
    for archivo in (base, directorio_datos / "monitoreo.log"):
        assert _modo(archivo) & 0o077 == 0, f"{archivo.name}: {oct(_modo(archivo))}"
    for wal in directorio_datos.glob("*-wal"):
        assert _modo(wal) & 0o077 == 0
    respaldo = tmp_path / "respaldo.tar.gz"
    assert _cli("respaldo", "crear", str(respaldo)).returncode == 0
    assert _modo(respaldo) == 0o600


def test_tablero_en_127_por_omision(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOREO_TABLERO_DIRECCION", raising=False)
    config.recargar()
    comando = comando_streamlit(8501)
    assert comando[comando.index("--server.address") + 1] == "127.0.0.1"
    monkeypatch.setenv("MONITOREO_TABLERO_DIRECCION", "0.0.0.0")
    config.recargar()
    comando = comando_streamlit(8501)
    assert comando[comando.index("--server.address") + 1] == "0.0.0.0"
    config.recargar()


def _escuchas(puerto: int) -> set[str]:
    """Direcciones locales (hex de /proc/net) que escuchan en el puerto."""
    direcciones = set()
    for tabla in ("/proc/net/tcp", "/proc/net/tcp6"):
        for linea in Path(tabla).read_text().splitlines()[1:]:
            campos = linea.split()
            direccion, puerto_hex = campos[1].rsplit(":", 1)
            if int(puerto_hex, 16) == puerto and campos[3] == "0A":
                direcciones.add(direccion)
    return direcciones


def _puerto_libre() -> int:
    """Un puerto TCP libre."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.lento
def test_monitoreo_tablero_escucha_solo_en_loopback(url_bd: str) -> None:
    puerto = _puerto_libre()
    proceso = subprocess.Popen(
        [sys.executable, "-m", "operacion.cli.principal", "tablero", "--puerto", str(puerto)],
        cwd=RAIZ,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        limite = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{puerto}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < limite, "el tablero no arrancó"
                time.sleep(0.3)
        # 0100007F = 127.0.0.1; 00000000 o :: serían todas las interfaces.
        assert _escuchas(puerto) == {"0100007F"}
    finally:
        os.killpg(proceso.pid, signal.SIGTERM)
        proceso.wait(20)
