"""Componentes de la Bitácora: filtros, cambios legibles y detalle en JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from datos.config import cargar
from datos.consultas import oficina as co
from reportes import formato
from tablero import componentes
from tablero.acceso import leer
from tablero.componentes.celdas import fecha_guardada
from tablero.componentes.formularios import elegir, fecha_hora, opciones


def _valor_bitacora(valor: object) -> str:
    """Un valor de la bitácora en una línea legible."""
    if valor is None:
        return "∅"
    valor = fecha_guardada(valor)
    if isinstance(valor, str):
        return valor
    return json.dumps(valor, ensure_ascii=False)


def cambios_legibles(cambios: object) -> str:
    """{"campo": [antes, después]} → «campo: antes → después; ...»."""
    if not isinstance(cambios, dict) or not cambios:
        return formato.VACIO
    partes = []
    for campo, par in cambios.items():
        antes, despues = [*par, None, None][:2] if isinstance(par, list) else (None, par)
        partes.append(f"{campo}: {_valor_bitacora(antes)} → {_valor_bitacora(despues)}")
    return "; ".join(partes)


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
    )
    componentes.tabla(
        vista,
        {
            "cuando": "Cuándo",
            "usuario": "Quién",
            "accion": "Acción",
            "entidad": "Entidad",
            "id_txt": "Id",
            "cambios_txt": "Cambios (antes → después)",
        },
    )


def detalle_bitacora(entradas: pd.DataFrame) -> None:
    """Cambios de una entrada como JSON, campo por campo."""
    valores = opciones(
        entradas,
        "bitacora_id",
        lambda f: f"{fecha_hora(f['momento'])} · {f['usuario']} · {f['accion']} {f['entidad']}",
    )
    elegido = elegir("Ver cambios de", valores, "bitacora_elegida")
    if elegido is None:
        return
    fila = entradas[entradas["bitacora_id"] == elegido].iloc[0]
    cambios = fila["cambios"] if isinstance(fila["cambios"], dict) else {}
    st.json(
        {
            campo: {"antes": fecha_guardada(par[0]), "después": fecha_guardada(par[1])}
            for campo, par in cambios.items()
        }
    )


def entradas_bitacora(
    inicio: dt.datetime, fin: dt.datetime, entidades: Sequence[str], usuarios: Sequence[str]
) -> pd.DataFrame:
    """Entradas de la bitácora con los filtros elegidos."""
    return leer(lambda s: co.bitacora(s, inicio, fin, entidades, usuarios))
