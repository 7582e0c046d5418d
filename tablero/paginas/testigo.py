"""Página Testigo: la evidencia de una nota abierta desde un enlace (la síntesis en HTML)."""

from __future__ import annotations

import streamlit as st

from tablero import acceso, componentes
from tablero.vistas import testigo


def _nota_pedida() -> int | None:
    """La nota del enlace (?nota=123), si viene y es un número."""
    valor = st.query_params.get("nota", "")
    return int(valor) if valor.isdigit() else None


def mostrar() -> None:
    """El testigo de la nota del enlace, o cómo llegar a uno."""
    st.title("Testigo")
    nota_id = _nota_pedida()
    if nota_id is None:
        componentes.vacio(
            "Abre el testigo desde Boletines, Notas, Medios o Revisión, o desde el enlace «Ver "
            "testigo» de la síntesis."
        )
        return
    evidencia = acceso.con_datos(acceso.evidencia, nota_id)
    if evidencia is None:
        componentes.vacio("La nota del enlace ya no existe.")
        return
    testigo.mostrar(evidencia)


mostrar()
