"""Revocación: cada ejecución del tablero revisa que la cuenta siga activa y con el mismo rol.

Los cambios se hacen con la CLI real (`monitoreo usuarios desactivar|rol|restablecer`) en otro
proceso, mientras la sesión del navegador (AppTest) sigue abierta.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import Bitacora, Rol, Usuario
from datos.repositorio.usuarios import crear_usuario
from tablero.autenticacion import CLAVE_SESION, REVOCADA

pytestmark = pytest.mark.lento

RAIZ = Path(__file__).resolve().parent.parent
APP = str(RAIZ / "tablero" / "app.py")
CLAVE = "huasteca-2026-segura"
NUEVA = "palma-y-piloncillo-2027"
ESPERA_S = 60


def _cli(*args: str, entrada: str | None = None) -> subprocess.CompletedProcess[str]:
    """`monitoreo usuarios ...` en otro proceso sobre la misma base."""
    return subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", "usuarios", *args],
        cwd=RAIZ,
        env=os.environ.copy(),
        input=entrada,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _entrar(at: AppTest, nombre: str, clave: str) -> AppTest:
    """Llena el formulario de acceso y entra."""
    at.text_input[0].input(nombre)
    at.text_input[1].input(clave)
    at.button[0].click().run()
    return at


@pytest.fixture
def ana(sesion: Session) -> AppTest:
    """Ana (personal) con la sesión abierta en el tablero."""
    st.cache_data.clear()
    crear_usuario(sesion, "ana", "personal", CLAVE)
    sesion.commit()
    at = _entrar(AppTest.from_file(APP, default_timeout=ESPERA_S).run(), "ana", CLAVE)
    assert at.session_state[CLAVE_SESION].rol is Rol.PERSONAL
    return at


def _revocada(at: AppTest) -> bool:
    """La siguiente ejecución sacó al usuario y lo explicó."""
    at.run()
    return CLAVE_SESION not in at.session_state and REVOCADA in [w.value for w in at.warning]


def test_cambio_de_rol_cierra_la_sesion(ana: AppTest) -> None:
    r = _cli("rol", "--nombre", "ana", "--rol", "lectura")
    assert r.returncode == 0, r.stderr
    assert _revocada(ana)
    _entrar(ana, "ana", CLAVE)
    assert ana.session_state[CLAVE_SESION].rol is Rol.LECTURA


def test_desactivar_cierra_la_sesion_y_no_deja_entrar(ana: AppTest) -> None:
    assert _cli("desactivar", "--nombre", "ana").returncode == 0
    assert _revocada(ana)
    _entrar(ana, "ana", CLAVE)
    assert CLAVE_SESION not in ana.session_state


def test_restablecer_cierra_sesiones_y_cambia_la_contrasena(ana: AppTest, sesion: Session) -> None:
    r = _cli("restablecer", "--nombre", "ana", entrada=NUEVA + "\n")
    assert r.returncode == 0, r.stderr
    assert _revocada(ana)
    _entrar(ana, "ana", CLAVE)
    assert CLAVE_SESION not in ana.session_state
    _entrar(ana, "ana", NUEVA)
    assert ana.session_state[CLAVE_SESION].nombre == "ana"
    filas = sesion.scalars(select(Bitacora).where(Bitacora.accion == "restablecer")).all()
    u = sesion.scalar(select(Usuario).where(Usuario.nombre == "ana"))
    assert len(filas) == 1 and u is not None and u.hash_contrasena not in str(filas[0].cambios)


def test_errores_de_la_cli_con_codigo_2(url_bd: str) -> None:
    for args, motivo in [
        (("desactivar", "--nombre", "nadie"), "no existe"),
        (("rol", "--nombre", "nadie", "--rol", "lectura"), "no existe"),
    ]:
        r = _cli(*args)
        assert r.returncode == 2 and motivo in r.stderr and "Traceback" not in r.stderr
