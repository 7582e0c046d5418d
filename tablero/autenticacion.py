"""Inicio de sesión del tablero y permisos por rol."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from datos.modelos import Rol

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


def formulario_de_acceso() -> None:
    """Pantalla de inicio de sesión."""
    st.title("Monitoreo de medios")
    st.caption("Comunicación Social · Ayuntamiento de Tampacán")
    with st.form("acceso"):
        nombre = st.text_input("Usuario")
        contrasena = st.text_input("Contraseña", type="password")
        entrar = st.form_submit_button("Entrar", type="primary")
    if entrar:
        motivo = _intentar(nombre, contrasena)
        if motivo is None:
            st.rerun()
        st.error(motivo.capitalize())


def exigir_sesion() -> UsuarioActivo:
    """Devuelve el usuario o muestra el acceso y detiene la página."""
    usuario = usuario_actual()
    if usuario is None:
        formulario_de_acceso()
        st.stop()
        raise RuntimeError("st.stop() no detuvo la ejecución")  # pragma: no cover
    return usuario


def cerrar_sesion() -> None:
    """Olvida al usuario de esta sesión del navegador."""
    st.session_state.pop(CLAVE_SESION, None)
