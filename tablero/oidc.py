"""Inicio de sesión con la cuenta institucional (OIDC): configuración y búsqueda del usuario.

Aquí no hay Streamlit: se prueba con diccionarios simples y con la base real. Sólo entran
correos que ya tienen un `Usuario` activo; nunca se crean usuarios automáticamente.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import Usuario
from datos.repositorio.bitacora import registrar

ACCION_BITACORA = "acceso_oidc"
NO_REGISTRADA = (
    "Tu cuenta institucional no está registrada en monitoreo; pide a la directora que te dé de alta"
)


def proveedor(auth: Mapping[str, Any]) -> str | None:
    """El subproveedor de `[auth.<proveedor>]` si hay exactamente uno; si no, el de `[auth]`."""
    subproveedores = [nombre for nombre, valor in auth.items() if isinstance(valor, Mapping)]
    return subproveedores[0] if len(subproveedores) == 1 else None


def correo_de(info: Mapping[str, Any]) -> str | None:
    """Correo normalizado de `st.user` si la persona volvió del proveedor; None si no.

    Si el proveedor dice expresamente que el correo no está verificado, no se acepta.
    """
    if info.get("is_logged_in") is not True:
        return None
    if info.get("email_verified") in (False, "false"):
        return None
    correo = info.get("email")
    if not isinstance(correo, str) or not correo.strip():
        return None
    return correo.strip().lower()


def usuario_por_correo(sesion: Session, correo: str) -> Usuario | None:
    """El usuario ACTIVO con ese correo (sin distinguir mayúsculas); None si no hay o es ambiguo."""
    correo = correo.strip().lower()
    if not correo:
        return None
    candidatos = sesion.scalars(
        select(Usuario)
        .where(func.lower(func.trim(Usuario.correo)) == correo, Usuario.activo.is_(True))
        .limit(2)
    ).all()
    # Dos cuentas activas con el mismo correo: no se adivina cuál es.
    return candidatos[0] if len(candidatos) == 1 else None


def registrar_acceso(sesion: Session, usuario: Usuario, ahora: dt.datetime) -> None:
    """Anota el acceso en la bitácora y la hora del último acceso; no hace commit."""
    usuario.ultimo_acceso = ahora
    registrar(sesion, usuario.nombre, ACCION_BITACORA, "usuario", usuario.id, {})
