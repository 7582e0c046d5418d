"""Fixtures comunes: directorio de datos temporal y base real (SQLite en archivo o PostgreSQL)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from datos import config
from datos.migraciones import actualizar
from datos.modelos import Base
from datos.sesion import crear_motor
from demo.buzon import BuzonLocal
from demo.institucion import INSTITUCION_DEMO
from tests.fabricas import Semilla, sembrar

RAIZ = Path(__file__).resolve().parent.parent
# ../shared/datos junto al proyecto; MONITOREO_COMPARTIDO la cambia (árboles de trabajo de git
# que no viven junto a shared/).
COMPARTIDO = Path(os.environ.get("MONITOREO_COMPARTIDO") or RAIZ.parent / "shared" / "datos")
URL_PG = os.environ.get("MONITOREO_BD_PRUEBAS", "")
# Las pruebas, como la demo, son de Tampacán (textos de boletines, formato de transparencia).
for _variable, _valor in INSTITUCION_DEMO.items():
    os.environ.setdefault(_variable, _valor)


def datos_compartidos(*partes: str) -> Path:
    """Ruta dentro de ../shared/datos; salta la prueba si no existe."""
    ruta = COMPARTIDO.joinpath(*partes)
    if not ruta.exists():
        pytest.skip(f"no están los datos compartidos: {ruta}")
    return ruta


@pytest.fixture(scope="session")
def _plantilla_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Un SQLite migrado una vez por sesión de pruebas, para copiarlo en cada prueba."""
    ruta = tmp_path_factory.mktemp("plantilla") / "plantilla.sqlite3"
    motor = crear_motor(f"sqlite:///{ruta}")
    actualizar(motor)
    with motor.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    motor.dispose()
    return ruta


def _vaciar(motor: Engine) -> None:
    """Borra todas las filas (PostgreSQL compartido entre pruebas)."""
    tablas = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with motor.begin() as c:
        c.execute(text(f"TRUNCATE {tablas} RESTART IDENTITY CASCADE"))


def _url_pg_del_proceso() -> str:
    """Con pytest-xdist cada proceso usa su propia base (test_gw0, test_gw1...) para no pisarse."""
    trabajador = os.environ.get("PYTEST_XDIST_WORKER")
    if not trabajador:
        return URL_PG
    url = make_url(URL_PG)
    nombre = f"{url.database}_{trabajador}"
    administrador = create_engine(URL_PG, isolation_level="AUTOCOMMIT")
    with administrador.connect() as c:
        existe = c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": nombre})
        if not existe:
            c.execute(text(f'CREATE DATABASE "{nombre}"'))
    administrador.dispose()
    return url.set(database=nombre).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _url_pg() -> str:
    """URL de PostgreSQL de este proceso de pruebas."""
    return _url_pg_del_proceso()


@pytest.fixture(scope="session")
def _motor_pg(_url_pg: str) -> Iterator[Engine]:
    """Motor PostgreSQL con el esquema recreado una vez por sesión (nada de corridas anteriores)."""
    motor = crear_motor(_url_pg)
    with motor.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    actualizar(motor)
    yield motor
    motor.dispose()


@pytest.fixture
def directorio_datos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """MONITOREO_DATOS apuntando a una carpeta temporal, con la configuración recargada."""
    carpeta = tmp_path / "datos"
    carpeta.mkdir()
    monkeypatch.setenv("MONITOREO_DATOS", str(carpeta))
    monkeypatch.setenv("MONITOREO_CAPTURAS_PANTALLA", "0")
    monkeypatch.setenv("MONITOREO_HOSTS_PERMITIDOS", "127.0.0.0/8")
    monkeypatch.delenv("MONITOREO_BD", raising=False)
    config.recargar()
    yield carpeta
    config.recargar()


@pytest.fixture
def url_bd(
    request: pytest.FixtureRequest,
    directorio_datos: Path,
    _plantilla_sqlite: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """URL de una base migrada y vacía para esta prueba (MONITOREO_BD queda apuntando a ella)."""
    if URL_PG:
        _vaciar(request.getfixturevalue("_motor_pg"))
        url = str(request.getfixturevalue("_url_pg"))
    else:
        destino = directorio_datos / "monitoreo.sqlite3"
        shutil.copyfile(_plantilla_sqlite, destino)
        url = f"sqlite:///{destino}"
    monkeypatch.setenv("MONITOREO_BD", url)
    config.recargar()
    return url


@pytest.fixture
def motor(url_bd: str) -> Iterator[Engine]:
    """Motor sobre la base de la prueba."""
    m = crear_motor(url_bd)
    yield m
    m.dispose()


@pytest.fixture
def sesion(motor: Engine) -> Iterator[Session]:
    """Sesión de la prueba; se confirma al final si no hubo error."""
    with Session(motor, expire_on_commit=False) as s:
        yield s
        s.commit()


@pytest.fixture
def smtp_local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuzonLocal, int]]:
    """El buzón SMTP de la demo (aiosmtpd real en 127.0.0.1), sin TLS ni autenticación."""
    with BuzonLocal(tmp_path_factory.mktemp("buzon")) as buzon:
        yield buzon, buzon.puerto


@pytest.fixture
def cache_limpio() -> Iterator[None]:
    """Sin resultados cacheados del tablero antes y después (PostgreSQL comparte URL)."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def semilla(sesion: Session) -> Semilla:
    """La base pequeña de `tests.fabricas.sembrar`, ya confirmada."""
    datos = sembrar(sesion)
    sesion.commit()
    return datos
