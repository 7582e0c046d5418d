"""Usuarios del tablero: alta con hash argon2id, verificación y bloqueo por intentos fallidos."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from datos.modelos import Rol, Usuario
from datos.repositorio.bitacora import cambiar, registrar

# Tras 5 intentos fallidos seguidos, bloqueo de 15 minutos (OWASP ASVS 2.2.1).
INTENTOS_MAXIMOS = 5
BLOQUEO = dt.timedelta(minutes=15)
# Longitud mínima (NIST SP 800-63B pide 8; 10 para cuentas de gobierno).
LONGITUD_MINIMA = 10
# Un solo mensaje para todo rechazo: contraseña mala, usuario inexistente, inactivo o bloqueado.
RECHAZO = (
    "usuario o contraseña incorrectos, o cuenta bloqueada temporalmente "
    f"tras {INTENTOS_MAXIMOS} intentos fallidos"
)

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


def _reservar_intento(sesion: Session, nombre: str, ahora: dt.datetime) -> int | None:
    """Cuenta el intento ANTES de revisar la contraseña, en un solo UPDATE atómico.

    Devuelve el id del usuario si le quedan intentos; None si no existe, está inactivo o bloqueado.
    Un leer-sumar-escribir dejaba pasar decenas de intentos en paralelo antes del bloqueo; así,
    la base serializa la reserva y a lo más INTENTOS_MAXIMOS contraseñas se comprueban.
    """
    libre = or_(Usuario.bloqueado_hasta.is_(None), Usuario.bloqueado_hasta <= ahora)
    orden = (
        update(Usuario)
        .where(Usuario.nombre == nombre.strip(), Usuario.activo.is_(True), libre)
        .where(Usuario.intentos_fallidos < INTENTOS_MAXIMOS)
        .values(intentos_fallidos=Usuario.intentos_fallidos + 1)
        .returning(Usuario.id)
        .execution_options(synchronize_session=False)
    )
    return sesion.execute(orden).scalar_one_or_none()


def _fallo(sesion: Session, usuario: Usuario, ahora: dt.datetime) -> Acceso:
    """El intento ya se contó; al llegar al máximo, bloquea y reinicia la cuenta."""
    if usuario.intentos_fallidos >= INTENTOS_MAXIMOS:
        sesion.execute(
            update(Usuario)
            .where(Usuario.id == usuario.id)
            .values(bloqueado_hasta=ahora + BLOQUEO, intentos_fallidos=0)
            .execution_options(synchronize_session=False)
        )
    return Acceso(None, RECHAZO)


def verificar(sesion: Session, nombre: str, contrasena: str, ahora: dt.datetime) -> Acceso:
    """Comprueba credenciales, aplicando el bloqueo; el llamador confirma la transacción.

    Todo rechazo da el mismo mensaje y el mismo costo: no revela si el usuario existe o está
    bloqueado.
    """
    usuario_id = _reservar_intento(sesion, nombre, ahora)
    if usuario_id is None:
        _hasher.hash(contrasena)  # mismo costo que un usuario real: no revela cuáles existen
        return Acceso(None, RECHAZO)
    usuario = sesion.get(Usuario, usuario_id, populate_existing=True)
    if usuario is None or not _hash_valido(usuario, contrasena):
        return Acceso(None, RECHAZO) if usuario is None else _fallo(sesion, usuario, ahora)
    usuario.intentos_fallidos = 0
    usuario.bloqueado_hasta = None
    usuario.ultimo_acceso = ahora
    if _hasher.check_needs_rehash(usuario.hash_contrasena):
        usuario.hash_contrasena = _hasher.hash(contrasena)
    return Acceso(usuario, "")


def _buscar(sesion: Session, nombre: str) -> Usuario:
    """El usuario con ese nombre o UsuarioInvalido."""
    usuario = sesion.scalar(select(Usuario).where(Usuario.nombre == nombre.strip()))
    if usuario is None:
        raise UsuarioInvalido(f"no existe el usuario {nombre!r}")
    return usuario


def desactivar(sesion: Session, nombre: str, *, autor: str = "sistema") -> bool:
    """Desactiva la cuenta (sus sesiones abiertas se cierran en la siguiente acción)."""
    return cambiar(sesion, autor, _buscar(sesion, nombre), {"activo": False})


def cambiar_rol(sesion: Session, nombre: str, rol: Rol | str, *, autor: str = "sistema") -> bool:
    """Cambia el rol (las sesiones abiertas con el rol anterior se cierran)."""
    try:
        nuevo = Rol(rol)
    except ValueError as exc:
        opciones = ", ".join(r.value for r in Rol)
        raise UsuarioInvalido(f"rol desconocido {rol!r}; use uno de: {opciones}") from exc
    return cambiar(sesion, autor, _buscar(sesion, nombre), {"rol": nuevo})


def restablecer(sesion: Session, nombre: str, contrasena: str, *, autor: str = "sistema") -> None:
    """Contraseña nueva, cuenta activa y sin bloqueo; la bitácora no guarda el hash."""
    usuario = _buscar(sesion, nombre)
    validar_contrasena(contrasena, usuario.nombre)
    usuario.hash_contrasena = _hasher.hash(contrasena)
    usuario.intentos_fallidos = 0
    usuario.bloqueado_hasta = None
    cambiar(sesion, autor, usuario, {"activo": True})
    registrar(sesion, autor, "restablecer", "usuario", usuario.id, {"contrasena": ["***", "***"]})


def sello(usuario: Usuario) -> str:
    """Huella corta del hash de la contraseña: cambia al restablecerla (cierra otras sesiones)."""
    return hashlib.sha256(usuario.hash_contrasena.encode()).hexdigest()[:16]


def vigente(
    sesion: Session, usuario_id: int, nombre: str, rol: Rol, sello_sesion: str = ""
) -> bool:
    """La cuenta de una sesión abierta sigue activa, con el mismo nombre, rol y contraseña.

    `sello_sesion` vacío (sesiones de la cuenta institucional) no compara la contraseña.
    """
    usuario = sesion.get(Usuario, usuario_id)
    if usuario is None or not usuario.activo or (usuario.nombre, usuario.rol) != (nombre, rol):
        return False
    return not sello_sesion or sello(usuario) == sello_sesion
