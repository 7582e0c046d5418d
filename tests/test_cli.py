"""La CLI: formato estable de `estado --json` y errores de una línea con código 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLAVES = [
    "medios",
    "fuentes",
    "notas",
    "boletines",
    "retomas",
    "menciones",
    "envios",
    "eventos",
    "invitaciones",
    "convenios",
    "recursos",
    "usuarios",
]


def correr(args: list[str], datos: Path, **entorno: str) -> subprocess.CompletedProcess[str]:
    """Corre `monitoreo` en un proceso aparte con un directorio de datos propio."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env.update({"MONITOREO_DATOS": str(datos), **entorno})
    return subprocess.run(
        [sys.executable, "-m", "tablero.cli.principal", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def afirmar_error_de_una_linea(r: subprocess.CompletedProcess[str], fragmento: str) -> None:
    """Código 2, una sola línea en stderr, en español y sin traceback."""
    assert r.returncode == 2, r.stderr
    lineas = r.stderr.strip().splitlines()
    assert len(lineas) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert fragmento in lineas[0]


def test_estado_json_en_base_nueva(tmp_path: Path) -> None:
    r = correr(["estado", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    datos = json.loads(r.stdout)
    assert list(datos) == CLAVES
    assert datos["retomas"] == {"integra": 0, "parcial": 0, "reescrita": 0}
    assert all(isinstance(datos[k], int) for k in CLAVES if k != "retomas")
    assert (tmp_path / "monitoreo.sqlite3").exists()


def test_inicializar_y_estado_legible(tmp_path: Path) -> None:
    r = correr(["inicializar"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Base lista" in r.stdout
    r = correr(["estado"], tmp_path)
    assert r.returncode == 0 and "Boletines" in r.stdout


def test_opcion_desconocida(tmp_path: Path) -> None:
    r = correr(["estado", "--formato-raro"], tmp_path)
    afirmar_error_de_una_linea(r, "opción desconocida")


def test_comando_desconocido(tmp_path: Path) -> None:
    afirmar_error_de_una_linea(correr(["volar"], tmp_path), "comando desconocido")


@pytest.mark.parametrize(
    ("url", "fragmento"),
    [
        ("esto-no-es-una-url", "no es una URL"),
        ("postgresql+psycopg://nadie@127.0.0.1:1/inexistente", "no se pudo abrir la base"),
        ("sqlite:////proc/no/se/puede/crear.sqlite3", "no se pudo abrir la base"),
    ],
)
def test_base_inaccesible(tmp_path: Path, url: str, fragmento: str) -> None:
    r = correr(["estado", "--json"], tmp_path, MONITOREO_BD=url)
    afirmar_error_de_una_linea(r, fragmento)


def test_configuracion_invalida(tmp_path: Path) -> None:
    r = correr(["estado"], tmp_path, MONITOREO_ZONA_HORARIA="Marte/Olimpo")
    afirmar_error_de_una_linea(r, "MONITOREO_ZONA_HORARIA")


def test_rastrear_medio_inexistente(tmp_path: Path) -> None:
    r = correr(["rastrear", "--medio", "Diario Fantasma"], tmp_path)
    afirmar_error_de_una_linea(r, "Diario Fantasma")


def test_usuarios_crear_por_stdin(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env["MONITOREO_DATOS"] = str(tmp_path)
    args = [sys.executable, "-m", "tablero.cli.principal", "usuarios", "crear"]
    ok = subprocess.run(
        [*args, "--nombre", "ana", "--rol", "directora"],
        input="huasteca-2026-segura\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    r = correr(["estado", "--json"], tmp_path)
    assert json.loads(r.stdout)["usuarios"] == 1
    corta = subprocess.run(
        [*args, "--nombre", "luis", "--rol", "personal"],
        input="corta\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    afirmar_error_de_una_linea(corta, "al menos")


def test_sintesis_y_reporte_mensual_en_base_vacia(tmp_path: Path) -> None:
    pdf = tmp_path / "sintesis.pdf"
    r = correr(
        ["sintesis", "--fecha", "2026-11-26", "--formato", "pdf", "--salida", str(pdf)], tmp_path
    )
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    mensual = tmp_path / "mensual.pdf"
    r = correr(["reporte", "mensual", "--mes", "2026-11", "--salida", str(mensual)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert mensual.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "fragmento"),
    [
        (["sintesis", "--fecha", "2026-13-01", "--formato", "pdf", "--salida", "x.pdf"], "fecha"),
        (["sintesis", "--fecha", "2026-11-26", "--formato", "doc", "--salida", "x.doc"], "doc"),
        (["reporte", "mensual", "--mes", "noviembre", "--salida", "x.pdf"], "mes inválido"),
        (["reporte", "boletin", "--folio", "999/2026", "--salida", "x.pdf"], "no existe"),
    ],
)
def test_reportes_entrada_invalida(tmp_path: Path, args: list[str], fragmento: str) -> None:
    afirmar_error_de_una_linea(correr(args, tmp_path), fragmento)


def test_sintesis_enviar_sin_smtp(tmp_path: Path) -> None:
    salida = tmp_path / "s.html"
    args = ["sintesis", "--fecha", "2026-11-26", "--formato", "html", "--salida", str(salida)]
    r = correr([*args, "--enviar"], tmp_path)
    afirmar_error_de_una_linea(r, "SMTP")
    assert salida.exists()
