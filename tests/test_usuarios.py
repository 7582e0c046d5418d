"""Usuarios: hash argon2, bloqueo por intentos fallidos, bitácora de altas."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from datos.modelos import Bitacora, Rol, Usuario
from datos.repositorio import usuarios
from datos.repositorio.usuarios import (
    INTENTOS_MAXIMOS,
    RECHAZO,
    UsuarioInvalido,
    crear_usuario,
    verificar,
)
from datos.sesion import sesion as sesion_bd

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
    assert acceso.usuario is None and acceso.motivo == RECHAZO
    # Ni la contraseña correcta entra mientras dura el bloqueo; después sí.
    assert verificar(sesion, "ana", CLAVE, AHORA + dt.timedelta(minutes=1)).usuario is None
    despues = AHORA + dt.timedelta(minutes=16)
    assert verificar(sesion, "ana", CLAVE, despues).usuario is not None
    u = sesion.scalar(select(Usuario).where(Usuario.nombre == "ana"))
    assert u is not None and u.ultimo_acceso == despues and u.intentos_fallidos == 0


@pytest.mark.lento
def test_intentos_en_paralelo_no_pasan_del_maximo(
    sesion: Session, motor: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """12 contraseñas malas a la vez: a lo más 5 se comprueban y la cuenta queda bloqueada."""
    crear_usuario(sesion, "ana", "personal", CLAVE)
    sesion.commit()
    comprobadas: list[str] = []
    original = usuarios._hash_valido

    def contando(usuario: Usuario, contrasena: str) -> bool:
        comprobadas.append(contrasena)
        return original(usuario, contrasena)

    monkeypatch.setattr(usuarios, "_hash_valido", contando)
    barrera = threading.Barrier(12)

    def intento(k: int) -> str:
        barrera.wait()
        with sesion_bd(motor) as s:
            return verificar(s, "ana", f"equivocada-{k:03d}", AHORA).motivo

    with ThreadPoolExecutor(12) as grupo:
        motivos = list(grupo.map(intento, range(12)))
    assert len(comprobadas) <= INTENTOS_MAXIMOS
    assert set(motivos) == {RECHAZO}
    with sesion_bd(motor) as s:
        assert verificar(s, "ana", CLAVE, AHORA + dt.timedelta(minutes=1)).usuario is None
    with sesion_bd(motor) as s:
        assert verificar(s, "ana", CLAVE, AHORA + dt.timedelta(minutes=16)).usuario is not None


def test_mensajes_no_revelan_usuarios(sesion: Session) -> None:
    """Inexistente, inactivo, contraseña mala y bloqueada: el mismo mensaje."""
    crear_usuario(sesion, "ana", "personal", CLAVE)
    inactivo = crear_usuario(sesion, "beto", "personal", CLAVE)
    inactivo.activo = False
    motivos = {verificar(sesion, n, "equivocada-123", AHORA).motivo for n in ("nadie", "beto")}
    for _ in range(INTENTOS_MAXIMOS + 1):
        motivos.add(verificar(sesion, "ana", "equivocada-123", AHORA).motivo)
    assert motivos == {RECHAZO}
