"""Inicio de sesión del tablero y permisos por rol."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitAuthError, StreamlitMissingAuthlibError

from datos.config import cargar
from datos.modelos import Rol
from tablero import oidc
from tablero.markdown import literal

log = logging.getLogger(__name__)

CLAVE_SESION = "usuario"
# Marca para explicar, en la pantalla de acceso, que la sesión se cerró por un cambio de cuenta.
CLAVE_REVOCADA = "sesion_revocada"
SIN_BASE = (
    "No se pudo leer la base de datos. Si es nueva, ejecuta `monitoreo inicializar`; "
    "si no, revisa `MONITOREO_BD`."
)
REVOCADA = (
    "Tu sesión se cerró porque tu cuenta cambió (rol, desactivación o contraseña). Vuelve a entrar."
)

# Qué puede hacer cada rol (issue de seguridad): lectura sólo ve y descarga.
PERMISOS: dict[Rol, frozenset[str]] = {
    # «datos_personales»: contacto de las solicitudes ciudadanas (quien las atiende lo necesita).
    Rol.DIRECTORA: frozenset(
        {"ver", "editar", "aprobar", "usuarios", "bitacora", "datos_personales"}
    ),
    Rol.PERSONAL: frozenset({"ver", "editar", "datos_personales"}),
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
    # Huella del hash de la contraseña al entrar (repositorio.usuarios.sello); vacía con OIDC.
    sello: str = ""

    def puede(self, accion: str) -> bool:
        """El rol permite la acción."""
        return accion in PERMISOS[self.rol]


def usuario_actual() -> UsuarioActivo | None:
    """El usuario de esta sesión del navegador, si inició sesión."""
    valor = st.session_state.get(CLAVE_SESION)
    return valor if isinstance(valor, UsuarioActivo) else None


def _vigente(usuario: UsuarioActivo) -> bool:
    """La cuenta sigue activa con el mismo rol; sin base, se detiene (falla cerrado)."""
    from datos.repositorio.usuarios import vigente
    from datos.sesion import sesion

    try:
        with sesion() as s:
            return vigente(s, usuario.id, usuario.nombre, usuario.rol, usuario.sello)
    except SQLAlchemyError:
        log.exception("no se pudo revisar la vigencia de la sesión")
        st.error(SIN_BASE)
        st.stop()
        raise  # st.stop() no regresa; esto sólo satisface al verificador de tipos.


def _revisar_vigencia(usuario: UsuarioActivo | None) -> UsuarioActivo | None:
    """En cada ejecución: una cuenta desactivada o con otro rol pierde la sesión abierta."""
    if usuario is None or _vigente(usuario):
        return usuario
    st.session_state.pop(CLAVE_SESION, None)
    st.session_state[CLAVE_REVOCADA] = True
    return None


def _intentar(nombre: str, contrasena: str) -> str | None:
    """Verifica credenciales y guarda al usuario; devuelve el motivo si falla."""
    from datos.repositorio.usuarios import sello, verificar
    from datos.sesion import sesion

    with sesion() as s:
        acceso = verificar(s, nombre, contrasena, dt.datetime.now(dt.UTC))
        if acceso.usuario is None:
            return acceso.motivo
        u = acceso.usuario
        st.session_state[CLAVE_SESION] = UsuarioActivo(u.id, u.nombre, u.rol, sello=sello(u))
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
        st.error(
            f"La cuenta institucional no está bien configurada en secrets.toml: {literal(exc)}"
        )


def formulario_de_acceso() -> None:
    """Pantalla de inicio de sesión."""
    st.title("Monitoreo de medios")
    st.caption(f"Comunicación Social · {cargar().institucion.nombre}")
    if st.session_state.pop(CLAVE_REVOCADA, False):
        st.warning(REVOCADA, icon=":material/lock:")
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
    """Devuelve el usuario vigente o muestra el acceso y detiene la página."""
    usuario = _revisar_vigencia(usuario_actual())
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
