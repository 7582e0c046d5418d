"""Lo compartido por las páginas de la oficina: sesiones, avisos, selectores y formato.

Las lecturas van con `leer` y las escrituras con `ejecutar` (una transacción, aviso y recarga);
todo texto de la base se muestra escapado (Markdown literal o HTML con `html.escape`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from datos.config import cargar
from oficina.distribucion import ResumenEnvio
from reportes import formato
from reportes.formato import plural
from tablero import acciones
from tablero.autenticacion import UsuarioActivo, usuario_actual
from tablero.componentes import celdas
from tablero.markdown import literal

__all__ = ["literal"]

T = TypeVar("T")


def usuario() -> UsuarioActivo:
    """El usuario de la sesión (app.py ya exigió el inicio de sesión)."""
    actual = usuario_actual()
    if actual is None:
        st.error("Inicia sesión para usar esta página.")
        st.stop()
        raise RuntimeError("st.stop() no detuvo la ejecución")  # pragma: no cover
    return actual


def frase(texto: str) -> str:
    """Mensaje con mayúscula inicial."""
    return texto[:1].upper() + texto[1:]


# Fecha y hora locales o «—», igual que en las páginas de seguimiento.
fecha_hora = celdas.fecha_hora


def fecha(valor: object) -> str:
    """Fecha larga o «—»."""
    if isinstance(valor, dt.datetime):
        return formato.fecha_larga(valor, cargar().zona)
    if isinstance(valor, dt.date):
        return formato.fecha_larga(valor)
    return formato.VACIO


def momento_local(dia: dt.date, hora: dt.time) -> dt.datetime:
    """Día y hora de la oficina como datetime con zona."""
    return dt.datetime.combine(dia, hora, cargar().zona)


def texto_o_none(valor: str | None) -> str | None:
    """Texto sin espacios sobrantes o None si quedó vacío."""
    limpio = (valor or "").strip()
    return limpio or None


def si_no(valor: object) -> str:
    """«Sí», «No» o «—»."""
    if valor is None or (isinstance(valor, float) and pd.isna(valor)):
        return formato.VACIO
    return "Sí" if bool(valor) else "No"


def opciones(marco: pd.DataFrame, id_: str, etiqueta: Callable[[pd.Series], str]) -> dict[int, str]:
    """{id: etiqueta} de las filas del marco, para selectbox y multiselect."""
    return {int(fila[id_]): etiqueta(fila) for _, fila in marco.iterrows()}


def elegir(
    etiqueta: str, valores: dict[int, str], clave: str, nuevo: str | None = None
) -> int | None:
    """Selectbox de ids con etiquetas; con `nuevo`, la opción 0 significa «crear uno nuevo»."""
    lista = ([0] if nuevo else []) + list(valores)
    if not lista:
        return None
    pendiente = st.session_state.pop(f"{clave}_pendiente", None)
    if pendiente in lista:
        st.session_state[clave] = pendiente
    elif st.session_state.get(clave) not in lista:
        st.session_state.pop(clave, None)
    nombres = {0: nuevo or "", **valores}
    elegido = st.selectbox(etiqueta, lista, format_func=lambda i: nombres[i], key=clave)
    return None if elegido in (None, 0) else int(elegido)


def elegir_con_boton(
    etiqueta: str, valores: dict[int, str], clave: str, boton: str, clave_boton: str
) -> int | None:
    """Selectbox de ids con un botón al lado; el id elegido sólo si se pulsó el botón."""
    izquierda, derecha = st.columns([3, 1], vertical_alignment="bottom")
    elegido = izquierda.selectbox(
        etiqueta, list(valores), format_func=lambda i: valores[i], key=clave
    )
    return int(elegido) if derecha.button(boton, key=clave_boton) else None


def seleccionar_despues(clave: str, valor: int) -> None:
    """Deja elegido `valor` en el selectbox `clave` en la siguiente ejecución."""
    st.session_state[f"{clave}_pendiente"] = valor


def solo_lectura() -> None:
    """Aviso para el rol lectura."""
    st.caption("Tu rol es de sólo lectura: puedes ver y descargar, no editar.")


def texto_resumen(resumen: ResumenEnvio, que: str) -> str:
    """«Se enviaron 3 correos; 1 falló; 2 ya habían llegado.» (`que` en singular)."""
    verbo = "Se envió" if resumen.enviados == 1 else "Se enviaron"
    partes = [f"{verbo} {plural(resumen.enviados, que)}"]
    if resumen.fallidos == 1:
        partes.append("1 falló (el motivo está en el registro)")
    elif resumen.fallidos:
        partes.append(f"{resumen.fallidos} fallaron (el motivo está en el registro)")
    if resumen.ya_enviados == 1:
        partes.append("1 ya había llegado y no se repitió")
    elif resumen.ya_enviados:
        partes.append(f"{resumen.ya_enviados} ya habían llegado y no se repitieron")
    return "; ".join(partes) + "."


def mandar(envio: Callable[[], ResumenEnvio], que: str) -> None:
    """Manda correos (boletín o invitaciones), deja el resumen como aviso y recarga."""
    ok, resumen = acciones.intentar(envio)
    if ok and resumen is not None:
        acciones.avisar(texto_resumen(resumen, que))
