"""Componentes de la Bitácora: filtros, cambios legibles y detalle en JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from analisis import etiquetas
from datos.config import cargar
from datos.consultas import oficina as co
from datos.modelos import Bitacora
from datos.repositorio import deshacer as rd
from reportes import formato
from tablero import componentes
from tablero.acceso import leer
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.celdas import fecha_guardada
from tablero.componentes.formularios import elegir, fecha_hora, opciones
from tablero.deshacer import ejecutar_reversible
from tablero.markdown import literal


def frases(cambios: object) -> list[str]:
    """{"campo": [antes, después]} → [«cambió el tono de neutral a negativo», ...]."""
    if not isinstance(cambios, dict) or not cambios:
        return []
    lista = []
    for campo, par in cambios.items():
        antes, despues = [*par, None, None][:2] if isinstance(par, list) else (None, par)
        lista.append(
            etiquetas.frase_de_cambio(str(campo), fecha_guardada(antes), fecha_guardada(despues))
        )
    return lista


def cambios_legibles(cambios: object) -> str:
    """Los cambios de una entrada en una línea: «cambió el tono de neutral a negativo; ...»."""
    return "; ".join(frases(cambios)) or formato.VACIO


def filtros_bitacora() -> tuple[dt.datetime, dt.datetime, list[str], list[str]]:
    """Periodo, entidades y usuarios elegidos."""
    desde, hasta = componentes.selector_periodo("bitacora")
    entidades, usuarios = leer(co.opciones_de_bitacora)
    izquierda, derecha = st.columns(2)
    elegidas = izquierda.multiselect(
        "Entidad", entidades, placeholder=componentes.TODOS, key="bitacora_entidades"
    )
    quienes = derecha.multiselect(
        "Usuario", usuarios, placeholder=componentes.TODOS, key="bitacora_usuarios"
    )
    inicio, fin = formato.rango_utc(desde, hasta, cargar().zona)
    return inicio, fin, elegidas, quienes


def tabla_bitacora(entradas: pd.DataFrame) -> None:
    """Quién, cuándo, qué y antes → después."""
    vista = entradas.assign(
        cuando=entradas["momento"].map(fecha_hora),
        id_txt=entradas["entidad_id"].map(lambda v: formato.VACIO if pd.isna(v) else str(int(v))),
        cambios_txt=entradas["cambios"].map(cambios_legibles),
        accion_txt=entradas["accion"].map(etiquetas.catalogo),
        entidad_txt=entradas["entidad"].map(etiquetas.catalogo),
    )
    componentes.tabla(
        vista,
        {
            "cuando": "Cuándo",
            "usuario": "Quién",
            "accion_txt": "Acción",
            "entidad_txt": "Sobre",
            "id_txt": "Número",
            "cambios_txt": "Qué cambió",
        },
    )


def revertir_entrada(bitacora_id: int, usuario: UsuarioActivo) -> None:
    """«Revertir» la entrada elegida (deshabilitado con el motivo si no se puede)."""
    motivo = leer(lambda s: _motivo(s, bitacora_id))
    if st.button(
        "Revertir este cambio",
        key=f"bitacora_revertir_{bitacora_id}",
        icon=":material/undo:",
        disabled=motivo is not None,
        help=motivo,
    ):
        ejecutar_reversible(
            lambda s: rd.revertir(s, bitacora_id, usuario.nombre),
            f"Revertido el cambio {bitacora_id} de la bitácora.",
            usuario,
        )


def _motivo(s: Session, bitacora_id: int) -> str | None:
    """Por qué la entrada no se puede revertir (None si se puede)."""
    entrada = s.get(Bitacora, bitacora_id)
    return "ya no existe" if entrada is None else rd.motivo_para_no_deshacer(s, entrada)


def detalle_bitacora(entradas: pd.DataFrame, usuario: UsuarioActivo | None = None) -> None:
    """Cambios de una entrada, uno por renglón y en palabras, y el botón para revertirla."""
    valores = opciones(
        entradas,
        "bitacora_id",
        lambda f: (
            f"{fecha_hora(f['momento'])} · {f['usuario']} · "
            f"{etiquetas.catalogo(f['accion'])} {etiquetas.minuscula(f['entidad'])}"
        ),
    )
    elegido = elegir("Ver cambios de", valores, "bitacora_elegida")
    if elegido is None:
        return
    fila = entradas[entradas["bitacora_id"] == elegido].iloc[0]
    if usuario is not None:
        revertir_entrada(int(elegido), usuario)
    lista = frases(fila["cambios"])
    st.markdown("\n".join(f"- {literal(f)}" for f in lista) or "Sin cambios registrados.")


def entradas_bitacora(
    inicio: dt.datetime, fin: dt.datetime, entidades: Sequence[str], usuarios: Sequence[str]
) -> pd.DataFrame:
    """Entradas de la bitácora con los filtros elegidos."""
    return leer(lambda s: co.bitacora(s, inicio, fin, entidades, usuarios))
