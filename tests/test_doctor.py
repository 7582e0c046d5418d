"""`monitoreo doctor`: pasa en una base sembrada; falla claro si la base no responde."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from datos import config
from demo.buzon import BuzonLocal
from operacion.doctor import AVISO, FALLA, OK, diagnosticar, hay_fallas, revisar_carpeta
from tests.fabricas import Semilla

RAIZ = Path(__file__).resolve().parent.parent


def correr_doctor(*args: str, **entorno: str) -> subprocess.CompletedProcess[str]:
    """`monitoreo doctor` en otro proceso, con el entorno de la prueba más `entorno`."""
    env = {**os.environ, "PYTHONPATH": str(RAIZ), **entorno}
    env.pop("JOURNAL_STREAM", None)
    return subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", "doctor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_pasa_en_una_base_sembrada_con_correo(
    semilla: Semilla,
    directorio_datos: Path,
    smtp_local: tuple[BuzonLocal, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, puerto = smtp_local
    r = correr_doctor(
        "--json",
        MONITOREO_SMTP_SERVIDOR="127.0.0.1",
        MONITOREO_SMTP_PUERTO=str(puerto),
        MONITOREO_SMTP_TLS="ninguno",
    )
    assert r.returncode == 0, r.stdout + r.stderr
    datos = json.loads(r.stdout)
    estados = {rev["nombre"]: rev["estado"] for rev in datos["revisiones"]}
    assert datos["ok"] is True
    assert list(estados) == [
        "base",
        "migraciones",
        "correo",
        "chromium",
        "tesseract",
        "redis",
        "facebook",
        "disco",
        "zona",
        "carpeta",
    ]
    assert estados["base"] == estados["migraciones"] == estados["correo"] == OK
    assert FALLA not in estados.values()
    assert all(rev["arreglo"] for rev in datos["revisiones"] if rev["estado"] != OK)


def test_falla_con_una_url_de_base_equivocada(directorio_datos: Path) -> None:
    # Un puerto donde no escucha nadie: la URL es válida pero la base no responde.
    r = correr_doctor(MONITOREO_BD="postgresql+psycopg://monitoreo@127.0.0.1:9/nada")
    assert r.returncode == 1, r.stdout + r.stderr
    lineas = r.stdout.splitlines()
    falla = next(linea for linea in lineas if linea.startswith("FALLA base:"))
    assert "127.0.0.1:9/nada" in falla
    siguiente = lineas[lineas.index(falla) + 1]
    assert "MONITOREO_BD" in siguiente
    assert "Traceback" not in r.stdout + r.stderr


def test_url_ilegible_es_entrada_invalida(directorio_datos: Path) -> None:
    r = correr_doctor("--json", MONITOREO_BD="no es una url")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "MONITOREO_BD" in r.stderr


def test_base_sin_migrar_y_smtp_caido(
    directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import create_engine, text

    ruta = directorio_datos / "vacia.sqlite3"
    with create_engine(f"sqlite:///{ruta}").begin() as conexion:
        conexion.execute(text("CREATE TABLE x (y INTEGER)"))
    monkeypatch.setenv("MONITOREO_BD", f"sqlite:///{ruta}")
    monkeypatch.setenv("MONITOREO_SMTP_SERVIDOR", "127.0.0.1")
    monkeypatch.setenv("MONITOREO_SMTP_PUERTO", "9")
    resultado = {r.nombre: r for r in diagnosticar(config.recargar())}
    assert resultado["base"].estado == OK
    assert resultado["migraciones"].estado == FALLA
    assert resultado["migraciones"].arreglo == "corra: monitoreo inicializar"
    assert resultado["correo"].estado == FALLA and "127.0.0.1:9" in resultado["correo"].detalle
    assert hay_fallas(list(resultado.values()))


def test_permisos_de_la_carpeta(directorio_datos: Path) -> None:
    directorio_datos.chmod(0o755)
    abierta = revisar_carpeta(config.recargar())
    assert abierta.estado == AVISO and abierta.arreglo == f"chmod 0750 {directorio_datos}"
    directorio_datos.chmod(0o750)
    assert revisar_carpeta(config.recargar()).estado == OK


def test_facebook_a_medias_es_aviso(
    directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from operacion.doctor import AVISO, revisar_facebook

    assert revisar_facebook(config.recargar()).estado == OK
    monkeypatch.setenv("MONITOREO_FACEBOOK_PAGINA", "104857600123456")
    revision = revisar_facebook(config.recargar())
    assert revision.estado == AVISO and "MONITOREO_FACEBOOK_TOKEN" in revision.detalle


def test_facebook_prueba_el_token_contra_graph(
    directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Con página y token, doctor lee la página (no publica): token bueno, vencido o sin red."""
    from operacion.doctor import FALLA, revisar_facebook
    from tests.graph_local import Falla, servir_graph

    with servir_graph() as graph:
        monkeypatch.setenv("MONITOREO_FACEBOOK_PAGINA", graph.pagina)
        monkeypatch.setenv("MONITOREO_FACEBOOK_API", graph.api)
        monkeypatch.setenv("MONITOREO_FACEBOOK_TOKEN", graph.token)
        revision = revisar_facebook(config.recargar())
        assert revision.estado == OK and "H. Ayuntamiento de Tampacán" in revision.detalle
        assert graph.token not in revision.detalle
        graph.fallar("", Falla(400, 190, 463, mensaje="Error validating access token"))
        revision = revisar_facebook(config.recargar())
        assert revision.estado == FALLA and "MONITOREO_FACEBOOK_TOKEN" in revision.detalle
        monkeypatch.setenv("MONITOREO_FACEBOOK_TOKEN", "EAAotro")
        revision = revisar_facebook(config.recargar())
        assert revision.estado == FALLA and "EAAotro" not in revision.detalle
        assert [p.ruta for p in graph.peticiones] == [f"/v21.0/{graph.pagina}"] * 3
        assert all(p.campos == {} for p in graph.peticiones)
        monkeypatch.setenv("MONITOREO_FACEBOOK_API", graph.base + "/cerrado")
    monkeypatch.setenv("MONITOREO_FACEBOOK_TOKEN", graph.token)
    revision = revisar_facebook(config.recargar())
    assert revision.estado == FALLA and "no se pudo conectar con Facebook" in revision.detalle
