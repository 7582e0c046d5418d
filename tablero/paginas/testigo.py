"""Página Testigo: la evidencia de una nota abierta desde un enlace (la síntesis en HTML)."""

from __future__ import annotations

import streamlit as st

from tablero import acceso, componentes
from tablero.vistas import testigo


def _pedido(parametro: str) -> int | None:
    """El id del enlace (?nota=123 o ?entrega=45), si viene y es un número."""
    valor = st.query_params.get(parametro, "")
    return int(valor) if valor.isdigit() else None


def _banner(entrega_id: int) -> None:
    """La captura de pantalla que prueba la entrega de un banner de campaña."""
    captura = acceso.captura_de_banner(entrega_id)
    if captura is None:
        componentes.vacio("La entrega del enlace ya no existe o no tiene captura.")
        return
    testigo.mostrar_captura(captura)


def mostrar() -> None:
    """El testigo de la nota (o del banner) del enlace, o cómo llegar a uno."""
    st.title("Testigo")
    entrega_id = _pedido("entrega")
    if entrega_id is not None:
        _banner(entrega_id)
        return
    nota_id = _pedido("nota")
    if nota_id is None:
        componentes.vacio(
            "Abre el testigo desde Boletines, Notas, Medios o Revisión, o desde el enlace «Ver "
            "testigo» de la síntesis; la captura de un banner, desde Campañas."
        )
        return
    evidencia = acceso.con_datos(acceso.evidencia, nota_id)
    if evidencia is None:
        componentes.vacio("La nota del enlace ya no existe.")
        return
    testigo.mostrar(evidencia)


mostrar()
