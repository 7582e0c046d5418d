"""Configuración: entorno y .env leídos una vez y validados al arrancar; la institución."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos import config
from datos.modelos import TerminoVigilado
from demo.institucion import INSTITUCION_DEMO, RUTA_VIGILANCIA

RAIZ = Path(__file__).resolve().parent.parent


@pytest.fixture
def sin_entorno(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Carpeta de trabajo vacía y sin ninguna variable MONITOREO_ en el entorno."""
    for variable in list(os.environ):
        if variable.startswith("MONITOREO_"):
            monkeypatch.delenv(variable)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MONITOREO_DATOS", str(tmp_path / "datos"))
    yield tmp_path
    monkeypatch.undo()
    config.recargar()


def test_lee_el_archivo_env_y_el_entorno_gana(
    sin_entorno: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sin_entorno / ".env").write_text(
        "# comentario\nMONITOREO_VENTANA_DIAS=9\nMONITOREO_MUNICIPIO='Xilitla'\n"
        "MONITOREO_SMTP_PUERTO=2525\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MONITOREO_SMTP_PUERTO", "465")
    ajustes = config.recargar()
    assert ajustes.ventana_dias == 9
    assert ajustes.institucion.municipio == "Xilitla"
    assert ajustes.smtp.puerto == 465


def test_monitoreo_env_apunta_a_otro_archivo(
    sin_entorno: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archivo = sin_entorno / "monitoreo.env"
    archivo.write_text("MONITOREO_ALCANCE_ALERTA=123\n", encoding="utf-8")
    monkeypatch.setenv("MONITOREO_ENV", str(archivo))
    assert config.recargar().alcance_alerta == 123
    monkeypatch.setenv("MONITOREO_ENV", str(sin_entorno / "no-existe.env"))
    with pytest.raises(config.ErrorDeConfiguracion, match="MONITOREO_ENV"):
        config.recargar()


@pytest.mark.parametrize(
    ("variable", "valor"),
    [
        ("SMTP_PUERTO", "quinientos"),
        ("CAPTURAS_PANTALLA", "quizá"),
        ("SMTP_TLS", "tls1.3"),
        ("SINTESIS_HORA", "7:30 pm"),
        ("ZONA_HORARIA", "Marte/Olimpo"),
        ("BD", "esto no es una url"),
        ("REDIS", "http://127.0.0.1:6379"),
        ("MUNICIPIO_INEGI", "24-038"),
        ("LOGO", "/no/existe/logo.png"),
        ("VIGILANCIA", "/no/existe/vigilancia.toml"),
    ],
)
def test_valor_invalido_nombra_la_variable(
    sin_entorno: Path, monkeypatch: pytest.MonkeyPatch, variable: str, valor: str
) -> None:
    monkeypatch.setenv(f"MONITOREO_{variable}", valor)
    with pytest.raises(config.ErrorDeConfiguracion) as error:
        config.recargar()
    assert f"MONITOREO_{variable}" in str(error.value)


def test_cli_con_env_invalido_sale_con_2_y_una_linea(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MONITOREO_SMTP_TLS=cifrado\n", encoding="utf-8")
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    entorno["MONITOREO_DATOS"] = str(tmp_path / "datos")
    entorno["PYTHONPATH"] = str(RAIZ)
    r = subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", "estado", "--json"],
        capture_output=True,
        text=True,
        env=entorno,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert r.returncode == 2, r.stderr
    lineas = r.stderr.strip().splitlines()
    assert len(lineas) == 1 and "Traceback" not in r.stderr
    assert "MONITOREO_SMTP_TLS" in lineas[0] and "cifrado" in lineas[0]
    assert not (tmp_path / "datos" / "monitoreo.sqlite3").exists()


def test_institucion_neutra_sin_configurar(sin_entorno: Path) -> None:
    institucion = config.recargar().institucion
    assert institucion.nombre == "Ayuntamiento"
    assert institucion.lugar == "" and institucion.clave_inegi == ""


def test_institucion_de_la_demo(sin_entorno: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, valor in INSTITUCION_DEMO.items():
        monkeypatch.setenv(variable, valor)
    institucion = config.recargar().institucion
    assert institucion.encabezado == "H. Ayuntamiento de Tampacán, S.L.P."
    assert institucion.lugar == "Tampacán, S.L.P."
    assert institucion.ambito == "Tampacán, San Luis Potosí"
    assert institucion.clave_inegi == "24038"
    assert institucion.vigilancia == RUTA_VIGILANCIA


def test_otra_institucion_en_boletin_y_transparencia(
    sesion: Session, directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportes.documento_boletin import texto_boletin
    from reportes.transparencia import Ajustes, formato
    from tests.fabricas import boletin

    monkeypatch.setenv("MONITOREO_INSTITUCION", "H. Ayuntamiento de Huejutla de Reyes")
    monkeypatch.setenv("MONITOREO_ESTADO", "Hidalgo")
    monkeypatch.setenv("MONITOREO_ESTADO_ABREVIATURA", "Hgo.")
    monkeypatch.setenv("MONITOREO_MUNICIPIO", "Huejutla de Reyes")
    monkeypatch.setenv("MONITOREO_FORMATO_TRANSPARENCIA", "LTAIPH69XXIIIB")
    config.recargar()
    emision = dt.datetime(2026, 11, 26, 18, tzinfo=dt.UTC)
    b = boletin(sesion, 1, emision, "Arranca la feria", "feria")
    texto = texto_boletin(b)
    assert texto.startswith("H. Ayuntamiento de Huejutla de Reyes, Hgo.\n")
    assert "Huejutla de Reyes, Hgo., a " in texto
    assert formato() == "LTAIPH69XXIIIB"
    ajustes = Ajustes()
    assert ajustes.ambito_geografico == "Huejutla de Reyes, Hidalgo"
    assert ajustes.fundamento.endswith("del Estado de Hidalgo")


def test_inicializar_siembra_la_vigilancia_una_vez(
    url_bd: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datos.sesion import crear_motor
    from operacion.cli.inicializar import inicializar

    semillas = RUTA_VIGILANCIA.parent / "vigilancia.toml"
    monkeypatch.setenv("MONITOREO_VIGILANCIA", str(semillas))
    config.recargar()
    inicializar()
    inicializar()
    motor = crear_motor(url_bd)
    with Session(motor) as s:
        cuantos = s.scalar(select(func.count()).select_from(TerminoVigilado))
    motor.dispose()
    assert cuantos is not None and cuantos > 10
    nombres = semillas.read_text("utf-8").count("[[termino]]")
    assert cuantos == nombres
