"""Los modelos y las migraciones no pueden divergir; las restricciones protegen los datos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from datos.migraciones import configuracion
from datos.modelos import (
    Ambito,
    Boletin,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoMedio,
)
from datos.sesion import crear_motor
from tests.conftest import URL_PG

AHORA = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


def _url_propia(tmp_path: Path) -> str:
    """Una base aparte para ir y venir por las migraciones."""
    return URL_PG or f"sqlite:///{tmp_path / 'migraciones.sqlite3'}"


def _base_vacia(url: str) -> None:
    """En PostgreSQL la base de pruebas se comparte entre corridas: se parte de un esquema vacío."""
    if not url.startswith("postgresql"):
        return
    motor = crear_motor(url)
    with motor.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    motor.dispose()


def test_upgrade_check_downgrade(tmp_path: Path) -> None:
    _base_vacia(_url_propia(tmp_path))
    cfg = configuracion(_url_propia(tmp_path))
    # Ida y vuelta completa primero: una base compartida con un esquema viejo no engaña al check.
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")
    command.check(cfg)  # lanza si los modelos piden una migración que no existe
    motor = crear_motor(_url_propia(tmp_path))
    tablas = set(inspect(motor).get_table_names())
    assert {"nota", "boletin", "retoma", "testigo", "bitacora", "convenio"} <= tablas
    command.downgrade(cfg, "base")
    assert set(inspect(motor).get_table_names()) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    motor.dispose()


def _medio(s: Session) -> Medio:
    medio = Medio(nombre="Pulso Huasteco", tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
    s.add(medio)
    s.flush()
    return medio


def _nota(medio: Medio, url: str) -> Nota:
    return Nota(
        medio=medio,
        url_canonica=url,
        titulo="Inauguran pozo",
        texto="El Ayuntamiento inauguró un pozo.",
        fecha_publicacion=AHORA,
        tipo_captura=TipoCaptura.RSS,
        hash_contenido="x",
    )


def test_url_canonica_unica(sesion: Session) -> None:
    medio = _medio(sesion)
    sesion.add(_nota(medio, "https://pulso.mx/a"))
    sesion.flush()
    sesion.add(_nota(medio, "https://pulso.mx/a"))
    with pytest.raises(IntegrityError):
        sesion.flush()
    sesion.rollback()


def test_retoma_unica_por_par_y_boletin_unico_por_anio(sesion: Session) -> None:
    medio = _medio(sesion)
    nota = _nota(medio, "https://pulso.mx/b")
    boletin = Boletin(
        numero=45, anio=2026, fecha_emision=AHORA, titular="T", entradilla="E", cuerpo="C"
    )
    sesion.add_all([nota, boletin])
    sesion.flush()
    assert boletin.folio == "045/2026"
    for _ in range(2):
        sesion.add(
            Retoma(
                nota=nota, boletin=boletin, nivel=NivelRetoma.INTEGRA, puntaje=0.9, fidelidad=0.9
            )
        )
    with pytest.raises(IntegrityError):
        sesion.flush()
    sesion.rollback()
    otra = Boletin(numero=45, anio=2026, fecha_emision=AHORA, titular="", entradilla="", cuerpo="")
    sesion.add(otra)
    sesion.add(
        Boletin(numero=45, anio=2026, fecha_emision=AHORA, titular="", entradilla="", cuerpo="")
    )
    with pytest.raises(IntegrityError):
        sesion.flush()
    sesion.rollback()


def test_clave_foranea_y_catalogo(sesion: Session) -> None:
    huerfana = Nota(
        medio_id=12345,
        url_canonica="https://nadie.mx/a",
        titulo="t",
        texto="t",
        tipo_captura=TipoCaptura.RSS,
        hash_contenido="x",
    )
    sesion.add(huerfana)
    with pytest.raises(IntegrityError):
        sesion.flush()
    sesion.rollback()
    sesion.add(Medio(nombre="y", tipo="periodico", ambito=Ambito.ESTATAL))  # type: ignore[arg-type]
    with pytest.raises(StatementError):
        sesion.flush()
    sesion.rollback()


def test_fechas_con_zona(sesion: Session) -> None:
    medio = _medio(sesion)
    zona = dt.timezone(dt.timedelta(hours=-6))
    nota = _nota(medio, "https://pulso.mx/c")
    nota.fecha_publicacion = dt.datetime(2026, 11, 26, 8, 0, tzinfo=zona)
    sesion.add(nota)
    sesion.commit()
    sesion.expire_all()
    leida = sesion.get(Nota, nota.id)
    assert leida is not None and leida.fecha_publicacion is not None
    assert leida.fecha_publicacion.tzinfo is not None
    assert leida.fecha_publicacion == dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
    nota.fecha_publicacion = dt.datetime(2026, 11, 26, 8, 0)
    with pytest.raises(StatementError):
        sesion.flush()
    sesion.rollback()


@pytest.mark.lento
def test_linea_de_comandos_de_alembic_con_pyproject(tmp_path: Path) -> None:
    """`alembic upgrade head` y `alembic check` funcionan sin alembic.ini (config en pyproject)."""
    import os
    import subprocess
    import sys

    raiz = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env["MONITOREO_DATOS"] = str(tmp_path)
    for orden in (["upgrade", "head"], ["check"]):
        r = subprocess.run(
            [sys.executable, "-m", "alembic", *orden],
            cwd=raiz,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "monitoreo.sqlite3").exists()
