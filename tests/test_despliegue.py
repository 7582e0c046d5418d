"""deploy/: unidad de systemd, proxy con TLS y plantilla de ajustes, válidos y en el README."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from datos import config
from operacion.salida import ARCHIVO_REGISTRO, TAMANO_REGISTRO, configurar_registro
from rastreadores.registro_rastreo import abrir_registro

RAIZ = Path(__file__).resolve().parent.parent
DEPLOY = RAIZ / "deploy"
ARCHIVOS = ("monitoreo.service", "monitoreo.env", "Caddyfile")


@pytest.mark.parametrize("nombre", ARCHIVOS)
def test_el_readme_muestra_el_archivo_tal_cual(nombre: str) -> None:
    readme = (RAIZ / "README.md").read_text("utf-8")
    assert (DEPLOY / nombre).read_text("utf-8") in readme


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no hay systemd-analyze")
def test_unidad_de_systemd_verificada(tmp_path: Path) -> None:
    # verify exige que los ejecutables existan: se apunta al monitoreo de este .venv.
    ejecutable = RAIZ / ".venv" / "bin" / "monitoreo"
    if not ejecutable.exists():
        pytest.skip("no hay .venv/bin/monitoreo")
    unidad = (DEPLOY / "monitoreo.service").read_text("utf-8")
    copia = tmp_path / "monitoreo.service"
    copia.write_text(unidad.replace("/opt/monitoreo/.venv/bin/monitoreo", str(ejecutable)))
    r = subprocess.run(
        ["systemd-analyze", "verify", str(copia)], capture_output=True, text=True, check=False
    )
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr


@pytest.mark.skipif(shutil.which("caddy") is None, reason="no hay caddy")
def test_caddyfile_valido() -> None:
    r = subprocess.run(
        ["caddy", "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "reverse_proxy 127.0.0.1:8501" in (DEPLOY / "Caddyfile").read_text("utf-8")


def test_plantilla_de_ajustes_valida_y_documentada(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in list(os.environ):
        if variable.startswith("MONITOREO_"):
            monkeypatch.delenv(variable)
    monkeypatch.setenv("MONITOREO_ENV", str(DEPLOY / "monitoreo.env"))
    # La plantilla apunta a /opt/monitoreo; aquí, a la lista del árbol (el entorno gana).
    monkeypatch.setenv("MONITOREO_VIGILANCIA", str(RAIZ / "analisis" / "vigilancia.toml"))
    try:
        ajustes = config.recargar()
    finally:
        monkeypatch.undo()
        config.recargar()
    assert ajustes.directorio == Path("/var/lib/monitoreo")
    assert ajustes.url_bd.startswith("postgresql+psycopg://")
    assert ajustes.institucion.lugar == "Tampacán, S.L.P."
    assert ajustes.smtp.tls == "starttls"
    ejemplo = (RAIZ / ".env.example").read_text("utf-8")
    for linea in (DEPLOY / "monitoreo.env").read_text("utf-8").splitlines():
        if linea.startswith("MONITOREO_"):
            assert linea.split("=")[0] + "=" in ejemplo


@pytest.fixture
def registro_limpio() -> Iterator[None]:
    """Deja los manejadores del registro raíz como estaban."""
    raiz = logging.getLogger()
    antes = list(raiz.handlers)
    yield
    for manejador in raiz.handlers[len(antes) :]:
        manejador.close()
    raiz.handlers[:] = antes


def test_a_mano_el_registro_va_a_un_archivo_rotado(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registro_limpio: None
) -> None:
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    assert configurar_registro(tmp_path, detalle=True) == tmp_path / ARCHIVO_REGISTRO
    rotados = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    assert len(rotados) == 1 and rotados[0].maxBytes == TAMANO_REGISTRO
    logging.getLogger("prueba").warning("hola desde la prueba")
    assert "hola desde la prueba" in (tmp_path / ARCHIVO_REGISTRO).read_text("utf-8")


def test_bajo_systemd_el_servicio_solo_escribe_a_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registro_limpio: None
) -> None:
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    assert configurar_registro(tmp_path, detalle=True) is None
    assert not (tmp_path / ARCHIVO_REGISTRO).exists()
    manejadores = logging.getLogger().handlers
    assert any(getattr(h, "stream", None) is not None for h in manejadores)


def test_registro_de_rastreo_por_corrida_y_rotado(tmp_path: Path) -> None:
    carpeta = tmp_path / "registros"
    carpeta.mkdir()
    for dia in range(1, 6):
        (carpeta / f"rastreo-202611{dia:02d}-070000-1.log").write_text("viejo")
    archivo, ruta = abrir_registro(tmp_path, conservar=3)
    with archivo:
        archivo.write(b"2026-12-03 INFO: Spider opened")
    assert ruta is not None and ruta.read_text() == "2026-12-03 INFO: Spider opened"
    restantes = sorted(p.name for p in carpeta.iterdir())
    assert len(restantes) == 3 and ruta.name in restantes
    assert restantes[0] == "rastreo-20261104-070000-1.log"


def test_el_servicio_registra_a_stderr_y_los_demas_comandos_no() -> None:
    from operacion.cli.principal import _registro_a_stderr

    assert _registro_a_stderr(["servicio", "--puerto", "8501"])
    assert _registro_a_stderr(["--detalle", "rastrear"])
    assert not _registro_a_stderr(["estado", "--json"])
