"""Usuarios: hash argon2, bloqueo por intentos fallidos, bitácora de altas."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Bitacora, Rol, Usuario
from datos.repositorio.usuarios import (
    INTENTOS_MAXIMOS,
    UsuarioInvalido,
    crear_usuario,
    verificar,
)

AHORA = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)
CLAVE = "huasteca-2026-segura"


def test_alta_guarda_hash_y_bitacora(sesion: Session) -> None:
    u = crear_usuario(sesion, "ana", "directora", CLAVE)
    assert u.rol is Rol.DIRECTORA
    assert CLAVE not in u.hash_contrasena and u.hash_contrasena.startswith("$argon2id$")
    fila = sesion.scalar(select(Bitacora).where(Bitacora.entidad == "usuario"))
    assert fila is not None and fila.cambios["nombre"] == [None, "ana"]


@pytest.mark.parametrize(
    ("nombre", "rol", "clave", "motivo"),
    [
        ("", "personal", CLAVE, "vacío"),
        ("luis", "jefe", CLAVE, "rol desconocido"),
        ("luis", "personal", "corta", "al menos"),
        ("luisfernando", "personal", "LUISFERNANDO", "igual al nombre"),
    ],
)
def test_alta_invalida(sesion: Session, nombre: str, rol: str, clave: str, motivo: str) -> None:
    with pytest.raises(UsuarioInvalido, match=motivo):
        crear_usuario(sesion, nombre, rol, clave)


def test_nombre_duplicado(sesion: Session) -> None:
    crear_usuario(sesion, "ana", "personal", CLAVE)
    with pytest.raises(UsuarioInvalido, match="ya existe"):
        crear_usuario(sesion, "ana", "lectura", CLAVE)


@pytest.mark.lento
def test_verificar_y_bloqueo(sesion: Session) -> None:
    crear_usuario(sesion, "ana", "personal", CLAVE)
    assert verificar(sesion, "ana", CLAVE, AHORA).usuario is not None
    assert verificar(sesion, "nadie", CLAVE, AHORA).usuario is None
    for _ in range(INTENTOS_MAXIMOS):
        acceso = verificar(sesion, "ana", "equivocada-123", AHORA)
    assert acceso.usuario is None and "bloqueada" in acceso.motivo
    # Ni la contraseña correcta entra mientras dura el bloqueo; después sí.
    assert verificar(sesion, "ana", CLAVE, AHORA + dt.timedelta(minutes=1)).usuario is None
    despues = AHORA + dt.timedelta(minutes=16)
    assert verificar(sesion, "ana", CLAVE, despues).usuario is not None
    u = sesion.scalar(select(Usuario).where(Usuario.nombre == "ana"))
    assert u is not None and u.ultimo_acceso == despues and u.intentos_fallidos == 0
