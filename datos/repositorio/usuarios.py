"""Usuarios del tablero: alta con hash argon2id, verificación y bloqueo por intentos fallidos."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Rol, Usuario
from datos.repositorio.bitacora import registrar

# Tras 5 intentos fallidos seguidos, bloqueo de 15 minutos (OWASP ASVS 2.2.1).
INTENTOS_MAXIMOS = 5
BLOQUEO = dt.timedelta(minutes=15)
# Longitud mínima (NIST SP 800-63B pide 8; 10 para cuentas de gobierno).
LONGITUD_MINIMA = 10

_hasher = PasswordHasher()


class UsuarioInvalido(ValueError):
    """Datos de usuario que no se pueden guardar (mensaje en español)."""


@dataclass(frozen=True)
class Acceso:
    """Resultado de un intento de inicio de sesión."""

    usuario: Usuario | None
    motivo: str


def validar_contrasena(contrasena: str, nombre: str) -> None:
    """Rechaza contraseñas cortas o iguales al nombre de usuario."""
    if len(contrasena) < LONGITUD_MINIMA:
        raise UsuarioInvalido(f"la contraseña debe tener al menos {LONGITUD_MINIMA} caracteres")
    if contrasena.strip().lower() == nombre.strip().lower():
        raise UsuarioInvalido("la contraseña no puede ser igual al nombre de usuario")


def crear_usuario(
    sesion: Session, nombre: str, rol: Rol | str, contrasena: str, *, autor: str = "sistema"
) -> Usuario:
    """Da de alta un usuario (nombre único) y lo anota en la bitácora."""
    nombre = nombre.strip()
    if not nombre:
        raise UsuarioInvalido("el nombre de usuario no puede estar vacío")
    try:
        rol = Rol(rol)
    except ValueError as exc:
        opciones = ", ".join(r.value for r in Rol)
        raise UsuarioInvalido(f"rol desconocido {rol!r}; use uno de: {opciones}") from exc
    if sesion.scalar(select(Usuario.id).where(Usuario.nombre == nombre)) is not None:
        raise UsuarioInvalido(f"ya existe un usuario llamado {nombre!r}")
    validar_contrasena(contrasena, nombre)
    usuario = Usuario(nombre=nombre, rol=rol, hash_contrasena=_hasher.hash(contrasena))
    sesion.add(usuario)
    sesion.flush()
    registrar(
        sesion,
        autor,
        "crear",
        "usuario",
        usuario.id,
        {"nombre": [None, nombre], "rol": [None, rol.value]},
    )
    return usuario


def _hash_valido(usuario: Usuario, contrasena: str) -> bool:
    """Compara la contraseña con el hash guardado sin lanzar."""
    try:
        return _hasher.verify(usuario.hash_contrasena, contrasena)
    except (VerificationError, InvalidHashError):
        return False


def _fallo(usuario: Usuario, ahora: dt.datetime) -> Acceso:
    """Cuenta un intento fallido y bloquea al llegar al máximo."""
    usuario.intentos_fallidos += 1
    if usuario.intentos_fallidos >= INTENTOS_MAXIMOS:
        usuario.bloqueado_hasta = ahora + BLOQUEO
        usuario.intentos_fallidos = 0
        return Acceso(None, "demasiados intentos: la cuenta queda bloqueada 15 minutos")
    return Acceso(None, "usuario o contraseña incorrectos")


def verificar(sesion: Session, nombre: str, contrasena: str, ahora: dt.datetime) -> Acceso:
    """Comprueba credenciales, aplicando el bloqueo; el llamador confirma la transacción."""
    usuario = sesion.scalar(select(Usuario).where(Usuario.nombre == nombre.strip()))
    if usuario is None or not usuario.activo:
        _hasher.hash(contrasena)  # mismo costo que un usuario real: no revela cuáles existen
        return Acceso(None, "usuario o contraseña incorrectos")
    if usuario.bloqueado_hasta is not None and usuario.bloqueado_hasta > ahora:
        return Acceso(None, "cuenta bloqueada temporalmente por intentos fallidos")
    if not _hash_valido(usuario, contrasena):
        return _fallo(usuario, ahora)
    usuario.intentos_fallidos = 0
    usuario.bloqueado_hasta = None
    usuario.ultimo_acceso = ahora
    if _hasher.check_needs_rehash(usuario.hash_contrasena):
        usuario.hash_contrasena = _hasher.hash(contrasena)
    return Acceso(usuario, "")
