"""`monitoreo facebook` de punta a punta: borrador, aprobación, publicar (Graph local), estado."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.graph_local import Falla, servir_graph
from tests.test_cli import afirmar_error_de_una_linea, correr

DATOS = Path(__file__).parent / "datos" / "facebook"
pytestmark = pytest.mark.lento


def _con_stdin(
    args: list[str], datos: Path, entrada: str, **entorno: str
) -> subprocess.CompletedProcess[str]:
    """Como `correr`, con algo en stdin (la contraseña)."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env.update({"MONITOREO_DATOS": str(datos), **entorno})
    return subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", *args],
        input=entrada,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def _preparar(datos: Path) -> None:
    """Base con una directora y un boletín aprobado."""
    assert correr(["inicializar"], datos).returncode == 0
    r = _con_stdin(
        ["usuarios", "crear", "--nombre", "dora", "--rol", "directora"],
        datos,
        "clave-de-dora-2026\n",
    )
    assert r.returncode == 0, r.stderr
    from datos import config
    from datos.modelos import EstadoBoletin
    from datos.repositorio.boletines import crear_boletin
    from datos.sesion import crear_motor, sesion

    motor = crear_motor(f"sqlite:///{datos / 'monitoreo.sqlite3'}")
    with sesion(motor) as s:
        b = crear_boletin(
            s,
            titular="Arranca la feria de la Huasteca",
            entradilla="La presidenta inauguró la feria. Habrá danzas y huapango.",
            cuerpo="El programa sigue toda la semana.",
            usuario="beto",
            fecha_emision=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
        )
        b.estado = EstadoBoletin.APROBADO
    motor.dispose()
    config.recargar()


def test_de_borrador_a_publicada_y_estado(tmp_path: Path) -> None:
    _preparar(tmp_path)
    with servir_graph() as graph:
        entorno = {
            "MONITOREO_FACEBOOK_PAGINA": graph.pagina,
            "MONITOREO_FACEBOOK_TOKEN": graph.token,
            "MONITOREO_FACEBOOK_API": graph.api,
        }
        r = correr(
            [
                "facebook",
                "borrador",
                "--boletin",
                "001/2026",
                "--para",
                "2026-11-20 09:00",
                "--json",
            ],
            tmp_path,
        )
        assert r.returncode == 0, r.stderr
        borrador = json.loads(r.stdout)
        assert borrador["texto"].startswith("Arranca la feria de la Huasteca\n\nLa presidenta")
        # Sin aprobar no sale nada.
        r = correr(["facebook", "publicar", "--json"], tmp_path, **entorno)
        assert json.loads(r.stdout)["publicadas"] == [] and graph.peticiones == []
        r = correr(["facebook", "publicar", "--id", str(borrador["id"])], tmp_path, **entorno)
        afirmar_error_de_una_linea(r, "sólo se publica lo que aprobó la directora")
        malo = _con_stdin(["facebook", "aprobar", "1", "--usuario", "dora"], tmp_path, "otra\n")
        afirmar_error_de_una_linea(malo, "usuario o contraseña incorrectos")
        ok = _con_stdin(
            ["facebook", "aprobar", "1", "--usuario", "dora", "--json"],
            tmp_path,
            "clave-de-dora-2026\n",
        )
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout)["estado"] == "aprobada"
        r = correr(["facebook", "publicar", "--json"], tmp_path, **entorno)
        assert r.returncode == 0, r.stderr
        (publicada,) = json.loads(r.stdout)["publicadas"]
        assert publicada["enlace"].startswith(f"https://www.facebook.com/{graph.pagina}/posts/")
        assert len(graph.a("feed")) == 1
    lista = correr(["facebook", "lista", "--desde", "2026-11-16", "--json"], tmp_path)
    (fila,) = json.loads(lista.stdout)["publicaciones"]
    assert fila["estado"] == "publicada" and fila["enlace"] == publicada["enlace"]
    estado = json.loads(correr(["estado", "--json"], tmp_path).stdout)
    assert estado["publicaciones"]["publicada"] == 1
    assert estado["publicaciones"]["proxima"] is None


def test_publicar_sin_token_y_con_graph_fallando(tmp_path: Path) -> None:
    _preparar(tmp_path)
    r = correr(["facebook", "publicar"], tmp_path)
    afirmar_error_de_una_linea(r, "MONITOREO_FACEBOOK_TOKEN")
    r = correr(["facebook", "crear", "--texto", "Aviso", "--para", "2026-11-01 10:00"], tmp_path)
    assert r.returncode == 0, r.stderr
    ok = _con_stdin(
        ["facebook", "aprobar", "1", "--usuario", "dora"], tmp_path, "clave-de-dora-2026\n"
    )
    assert ok.returncode == 0, ok.stderr
    with servir_graph() as graph:
        graph.fallar("feed", Falla(400, 190, 463, mensaje="Session has expired"))
        entorno = {
            "MONITOREO_FACEBOOK_PAGINA": graph.pagina,
            "MONITOREO_FACEBOOK_TOKEN": graph.token,
            "MONITOREO_FACEBOOK_API": graph.api,
        }
        r = correr(["facebook", "publicar", "--json"], tmp_path, **entorno)
    assert r.returncode == 0, r.stderr
    (fallida,) = json.loads(r.stdout)["fallidas"]
    assert "venció" in fallida["error"]
    assert graph.token not in r.stdout + r.stderr
    estado = json.loads(correr(["estado", "--json"], tmp_path).stdout)
    assert estado["publicaciones"]["fallida"] == 1


def test_errores_de_entrada(tmp_path: Path) -> None:
    r = correr(["facebook", "crear", "--texto", "x", "--para", "mañana"], tmp_path)
    afirmar_error_de_una_linea(r, "fecha y hora inválidas")
    r = correr(["facebook", "borrador", "--boletin", "999/2026"], tmp_path)
    afirmar_error_de_una_linea(r, "no existe el boletín 999/2026")
    r = correr(["facebook", "lista", "--estado", "rara"], tmp_path)
    afirmar_error_de_una_linea(r, "estado inválido")
    r = correr(["facebook", "publicar"], tmp_path, MONITOREO_FACEBOOK_API="ftp://x")
    afirmar_error_de_una_linea(r, "MONITOREO_FACEBOOK_API")


def test_importar_insights(tmp_path: Path) -> None:
    r = correr(
        ["facebook", "importar-insights", str(DATOS / "insights_pagina_diario_es.csv"), "--json"],
        tmp_path,
    )
    assert r.returncode == 0, r.stderr
    datos = json.loads(r.stdout)
    assert datos["meses"] == ["2026-10", "2026-11"]
    assert datos["errores"] == [{"renglon": 5, "motivo": "número inválido: 'muchos'"}]
    r = correr(["facebook", "importar-insights", str(DATOS / "audiencia_edad.csv")], tmp_path)
    afirmar_error_de_una_linea(r, "--mes")
