"""Inicio de sesión del tablero y permisos por rol."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAuthError, StreamlitMissingAuthlibError

from datos.config import cargar
from datos.modelos import Rol
from tablero import oidc

CLAVE_SESION = "usuario"

# Qué puede hacer cada rol (issue de seguridad): lectura sólo ve y descarga.
PERMISOS: dict[Rol, frozenset[str]] = {
    Rol.DIRECTORA: frozenset({"ver", "editar", "aprobar", "usuarios", "bitacora"}),
    Rol.PERSONAL: frozenset({"ver", "editar"}),
    Rol.LECTURA: frozenset({"ver"}),
}


@dataclass(frozen=True)
class UsuarioActivo:
    """Lo que el tablero guarda del usuario que inició sesión."""

    id: int
    nombre: str
    rol: Rol
    # True si entró con la cuenta institucional (OIDC): al salir también se llama a st.logout().
    oidc: bool = False

    def puede(self, accion: str) -> bool:
        """El rol permite la acción."""
        return accion in PERMISOS[self.rol]


def usuario_actual() -> UsuarioActivo | None:
    """El usuario de esta sesión del navegador, si inició sesión."""
    valor = st.session_state.get(CLAVE_SESION)
    return valor if isinstance(valor, UsuarioActivo) else None


def _intentar(nombre: str, contrasena: str) -> str | None:
    """Verifica credenciales y guarda al usuario; devuelve el motivo si falla."""
    from datos.repositorio.usuarios import verificar
    from datos.sesion import sesion

    with sesion() as s:
        acceso = verificar(s, nombre, contrasena, dt.datetime.now(dt.UTC))
        if acceso.usuario is None:
            return acceso.motivo
        u = acceso.usuario
        st.session_state[CLAVE_SESION] = UsuarioActivo(u.id, u.nombre, u.rol)
    return None


def configuracion_oidc() -> Mapping[str, Any] | None:
    """La sección `[auth]` de los secrets si está configurada; None si no (sin lanzar)."""
    if not st.secrets.load_if_toml_exists():
        return None
    auth = st.secrets.get("auth")
    return auth if isinstance(auth, Mapping) and auth else None


def _iniciar_oidc(auth: Mapping[str, Any]) -> None:
    """Manda al proveedor institucional; si falta algo, lo explica en vez de fallar."""
    try:
        st.login(oidc.proveedor(auth))
    except StreamlitMissingAuthlibError:
        st.error(
            "Falta instalar Authlib para entrar con la cuenta institucional: "
            "`pip install 'streamlit[auth]'`."
        )
    except StreamlitAuthError as exc:
        st.error(f"La cuenta institucional no está bien configurada en secrets.toml: {exc}")


def formulario_de_acceso() -> None:
    """Pantalla de inicio de sesión."""
    st.title("Monitoreo de medios")
    st.caption(f"Comunicación Social · {cargar().institucion.nombre}")
    with st.form("acceso"):
        nombre = st.text_input("Usuario")
        contrasena = st.text_input("Contraseña", type="password")
        entrar = st.form_submit_button("Entrar", type="primary")
    if entrar:
        motivo = _intentar(nombre, contrasena)
        if motivo is None:
            st.rerun()
        st.error(motivo.capitalize())
    auth = configuracion_oidc()
    if auth is not None and st.button(
        "Entrar con la cuenta institucional", icon=":material/account_circle:"
    ):
        _iniciar_oidc(auth)


def _sesion_oidc(correo: str) -> UsuarioActivo | None:
    """Crea la sesión del usuario activo con ese correo y la anota en la bitácora."""
    from datos.sesion import sesion

    with sesion() as s:
        u = oidc.usuario_por_correo(s, correo)
        if u is None:
            return None
        oidc.registrar_acceso(s, u, dt.datetime.now(dt.UTC))
        usuario = UsuarioActivo(u.id, u.nombre, u.rol, oidc=True)
    st.session_state[CLAVE_SESION] = usuario
    return usuario


def _rechazo_oidc() -> None:
    """La cuenta institucional no corresponde a ningún usuario activo."""
    st.title("Monitoreo de medios")
    st.error(oidc.NO_REGISTRADA)
    if st.button("Salir de la cuenta institucional", icon=":material/logout:"):
        st.logout()
        st.rerun()


def exigir_sesion() -> UsuarioActivo:
    """Devuelve el usuario o muestra el acceso y detiene la página."""
    usuario = usuario_actual()
    if usuario is None and configuracion_oidc() is not None:
        correo = oidc.correo_de(st.user.to_dict())
        if correo is not None:
            usuario = _sesion_oidc(correo)
            if usuario is None:
                _rechazo_oidc()
                st.stop()
    if usuario is None:
        formulario_de_acceso()
        st.stop()
        raise RuntimeError("st.stop() no detuvo la ejecución")  # pragma: no cover
    return usuario


def cerrar_sesion() -> None:
    """Olvida al usuario de esta sesión del navegador (y la cuenta institucional, si entró así)."""
    usuario = usuario_actual()
    st.session_state.pop(CLAVE_SESION, None)
    if usuario is not None and usuario.oidc:
        st.logout()
