"""La demo nunca toca una carpeta que no creó (issue de seguridad, caso 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Cada prueba arranca la CLI en un proceso aparte (≈ 3 s de importaciones).
pytestmark = pytest.mark.lento


def _demo(datos: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """`monitoreo demo --sin-tablero` en un proceso aparte con el entorno dado."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env["MONITOREO_DATOS"] = str(datos)
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", "demo", "--sin-tablero"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _instalacion_real(datos: Path) -> list[Path]:
    """Una instalación con la base en PostgreSQL: testigos y recursos, ningún SQLite."""
    archivos = []
    for carpeta in ("testigos", "recursos", "modelos"):
        (datos / carpeta).mkdir(parents=True)
        archivo = datos / carpeta / "prueba.bin"
        archivo.write_bytes(b"evidencia real")
        archivos.append(archivo)
    return archivos


@pytest.mark.lento
def test_demo_no_borra_una_instalacion_con_base_externa(tmp_path: Path) -> None:
    datos = tmp_path / "real"
    archivos = _instalacion_real(datos)
    r = _demo(datos, MONITOREO_BD="postgresql+psycopg://monitoreo@127.0.0.1:5432/real")
    assert r.returncode == 2
    assert "MONITOREO_BD" in r.stderr and "Traceback" not in r.stderr
    assert all(a.read_bytes() == b"evidencia real" for a in archivos)


@pytest.mark.lento
def test_demo_no_borra_una_carpeta_sin_su_marca(tmp_path: Path) -> None:
    datos = tmp_path / "real"
    archivos = _instalacion_real(datos)
    r = _demo(datos)
    assert r.returncode == 2
    assert "no creó la demostración" in r.stderr
    assert all(a.exists() for a in archivos)
    assert not (datos / ".monitoreo-demo").exists()


def test_una_marca_falsificada_vacia_no_basta(tmp_path: Path) -> None:
    datos = tmp_path / "real"
    archivos = _instalacion_real(datos)
    (datos / ".monitoreo-demo").write_text("")
    assert _demo(datos).returncode == 2
    assert all(a.exists() for a in archivos)
