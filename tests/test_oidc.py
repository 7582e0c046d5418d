"""Inicio de sesión con la cuenta institucional (OIDC): configuración, búsqueda y AppTest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.errors import StreamlitMissingAuthlibError
from streamlit.testing.v1 import AppTest

from datos.modelos import Bitacora, Rol, Usuario
from datos.repositorio.usuarios import crear_usuario
from tablero import oidc
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests.fabricas import en_base

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
ESPERA_S = 60
CLAVE = "huasteca-2026-segura"
BOTON = "Entrar con la cuenta institucional"
AHORA = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)
# Valores de prueba: nunca se contacta al proveedor.
AUTH: dict[str, Any] = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "secreto-de-prueba-de-al-menos-32-bytes",
    "client_id": "monitoreo-pruebas",
    "client_secret": "secreto-cliente",
    "server_metadata_url": "https://sso.tampacan.example/.well-known/openid-configuration",
}


def _usuario(
    sesion: Session, nombre: str, correo: str | None, *, activo: bool = True, rol: str = "personal"
) -> Usuario:
    u = crear_usuario(sesion, nombre, rol, CLAVE)
    u.correo = correo
    u.activo = activo
    sesion.flush()
    return u


def _app(auth: dict[str, Any] | None = None, user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    return at


def _textos_de_botones(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


# --- Funciones puras ---


@pytest.mark.parametrize(
    ("auth", "esperado"),
    [
        (AUTH, None),
        ({"redirect_uri": "x", "cookie_secret": "y", "microsoft": {"client_id": "z"}}, "microsoft"),
        (
            {"redirect_uri": "x", "google": {"client_id": "a"}, "microsoft": {"client_id": "b"}},
            None,
        ),
    ],
)
def test_proveedor(auth: dict[str, Any], esperado: str | None) -> None:
    assert oidc.proveedor(auth) == esperado


@pytest.mark.parametrize(
    ("info", "esperado"),
    [
        ({"is_logged_in": True, "email": " Ana@Tampacan.GOB.mx "}, "ana@tampacan.gob.mx"),
        ({"is_logged_in": True, "email": "ana@x.mx", "email_verified": True}, "ana@x.mx"),
        ({"is_logged_in": True, "email": "ana@x.mx", "email_verified": False}, None),
        ({"is_logged_in": False, "email": "ana@x.mx"}, None),
        # El valor por omisión de AppTest trae correo pero no dice que volvió del proveedor.
        ({"email": "test@example.com"}, None),
        ({"is_logged_in": True}, None),
        ({"is_logged_in": True, "email": "  "}, None),
    ],
)
def test_correo_de(info: dict[str, Any], esperado: str | None) -> None:
    assert oidc.correo_de(info) == esperado


def test_usuario_por_correo_sin_distinguir_mayusculas(sesion: Session) -> None:
    ana = _usuario(sesion, "ana", "Ana.Perez@Tampacan.gob.mx")
    _usuario(sesion, "luis", None)
    encontrado = oidc.usuario_por_correo(sesion, "ana.perez@TAMPACAN.gob.mx ")
    assert encontrado is not None and encontrado.id == ana.id
    assert oidc.usuario_por_correo(sesion, "nadie@tampacan.gob.mx") is None
    assert oidc.usuario_por_correo(sesion, "") is None


def test_usuario_por_correo_ignora_inactivos_y_ambiguos(sesion: Session) -> None:
    _usuario(sesion, "baja", "baja@tampacan.gob.mx", activo=False)
    assert oidc.usuario_por_correo(sesion, "baja@tampacan.gob.mx") is None
    # Una cuenta inactiva con el mismo correo no estorba a la activa.
    activa = _usuario(sesion, "alta", "BAJA@tampacan.gob.mx")
    encontrado = oidc.usuario_por_correo(sesion, "baja@tampacan.gob.mx")
    assert encontrado is not None and encontrado.id == activa.id
    # Dos cuentas activas con el mismo correo: no se adivina.
    _usuario(sesion, "doble", "baja@tampacan.gob.mx")
    assert oidc.usuario_por_correo(sesion, "baja@tampacan.gob.mx") is None


def test_registrar_acceso_anota_bitacora(sesion: Session) -> None:
    ana = _usuario(sesion, "ana", "ana@tampacan.gob.mx")
    oidc.registrar_acceso(sesion, ana, AHORA)
    sesion.flush()
    fila = sesion.scalar(select(Bitacora).where(Bitacora.accion == oidc.ACCION_BITACORA))
    assert fila is not None
    assert (fila.usuario_id, fila.usuario_nombre, fila.entidad, fila.entidad_id) == (
        ana.id,
        "ana",
        "usuario",
        ana.id,
    )
    assert fila.cambios == {} and ana.ultimo_acceso == AHORA


# --- Tablero (AppTest) ---


def test_sin_auth_no_hay_boton() -> None:
    at = _app().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input[0].label == "Usuario"
    assert BOTON not in _textos_de_botones(at)


@pytest.mark.parametrize(
    ("auth", "esperado"),
    [(AUTH, None), ({**AUTH, "institucional": {"client_id": "x"}}, "institucional")],
)
def test_con_auth_hay_boton_que_llama_a_login(
    monkeypatch: pytest.MonkeyPatch, auth: dict[str, Any], esperado: str | None
) -> None:
    llamadas: list[str | None] = []
    monkeypatch.setattr(st, "login", llamadas.append)
    at = _app(auth).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input[0].label == "Usuario"
    assert BOTON in _textos_de_botones(at)
    boton = next(b for b in at.button if b.label == BOTON)
    boton.click().run()
    assert llamadas == [esperado]
    assert not at.error


def test_sin_authlib_explica_que_instalar(monkeypatch: pytest.MonkeyPatch) -> None:
    def sin_authlib(_proveedor: str | None = None) -> None:
        raise StreamlitMissingAuthlibError

    monkeypatch.setattr(st, "login", sin_authlib)
    at = _app(AUTH).run()
    next(b for b in at.button if b.label == BOTON).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Authlib" in at.error[0].value


def test_vuelta_del_proveedor_crea_sesion_y_bitacora(sesion: Session) -> None:
    ana = _usuario(sesion, "ana", "Ana@Tampacan.gob.mx", rol="directora")
    sesion.commit()
    at = _app(AUTH, {"is_logged_in": True, "email": "ana@tampacan.gob.mx"}).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[CLAVE_SESION] == UsuarioActivo(ana.id, "ana", Rol.DIRECTORA, oidc=True)
    assert "ana" in at.sidebar.caption[0].value
    sesion.expire_all()
    filas = sesion.scalars(select(Bitacora).where(Bitacora.accion == oidc.ACCION_BITACORA)).all()
    assert [(f.usuario_nombre, f.entidad_id) for f in filas] == [("ana", ana.id)]

    # Al cerrar sesión también se sale de la cuenta institucional y vuelve el formulario.
    next(b for b in at.sidebar.button if b.label == "Cerrar sesión").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.user.get("is_logged_in") is False
    assert CLAVE_SESION not in at.session_state
    assert at.text_input[0].label == "Usuario"


@pytest.mark.parametrize("activo", [True, False])
def test_correo_no_registrado_o_inactivo_no_entra(sesion: Session, activo: bool) -> None:
    # Con activo=True el correo es otro; con activo=False coincide pero la cuenta está de baja.
    _usuario(sesion, "luis", "luis@tampacan.gob.mx" if activo else "intruso@x.mx", activo=activo)
    sesion.commit()
    total = sesion.scalar(select(Usuario.id).order_by(Usuario.id.desc()))
    at = _app(AUTH, {"is_logged_in": True, "email": "intruso@x.mx"}).run()
    assert not at.exception, [e.value for e in at.exception]
    assert oidc.NO_REGISTRADA in at.error[0].value
    assert CLAVE_SESION not in at.session_state
    assert not at.text_input  # ni formulario ni páginas
    # Nunca se crean usuarios automáticamente.
    sesion.expire_all()
    assert sesion.scalar(select(Usuario.id).order_by(Usuario.id.desc())) == total
    assert oidc.usuario_por_correo(sesion, "intruso@x.mx") is None
    boton = next(b for b in at.button if b.label == "Salir de la cuenta institucional")
    boton.click().run()
    assert at.user.get("is_logged_in") is False
    assert at.text_input[0].label == "Usuario"


def test_sesion_con_contrasena_no_llama_logout(
    monkeypatch: pytest.MonkeyPatch, url_bd: str
) -> None:
    llamadas: list[bool] = []
    monkeypatch.setattr(st, "logout", lambda: llamadas.append(True))
    at = _app(AUTH)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, "directora", Rol.DIRECTORA))
    at.run()
    next(b for b in at.sidebar.button if b.label == "Cerrar sesión").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert llamadas == []
    assert at.text_input[0].label == "Usuario"
