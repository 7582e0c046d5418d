"""Gráficas Altair con las paletas fijas (tendencia semanal y reparto de tono)."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from reportes import formato
from tablero.componentes.paletas import COLOR_MARKDOWN, PALETA_TONO


def dias_en_periodo(semana: pd.Timestamp, desde: dt.date, hasta: dt.date) -> int:
    """Cuántos días de la semana (que empieza en lunes) caen dentro del periodo."""
    inicio = max(semana.date(), desde)
    fin = min(semana.date() + dt.timedelta(days=6), hasta)
    return max((fin - inicio).days + 1, 0)


def grafica_tendencia(
    tendencia: pd.DataFrame, desde: dt.date | None = None, hasta: dt.date | None = None
) -> None:
    """Notas y retomas por semana; las semanas que el periodo corta llevan punto hueco."""
    datos = tendencia.assign(semana=pd.to_datetime(tendencia["semana"]))
    dias = [dias_en_periodo(s, desde, hasta) if desde and hasta else 7 for s in datos["semana"]]
    datos = datos.assign(
        parcial=[d < 7 for d in dias],
        cobertura=[f"parcial: {d} de 7 días" if d < 7 else "completa" for d in dias],
    )
    base = alt.Chart(datos).encode(
        x=alt.X("semana:T", title="Semana (lunes)", axis=alt.Axis(format="%d/%m")),
        y=alt.Y("cantidad:Q", title="Cantidad"),
        color=alt.Color(
            "serie:N",
            title=None,
            scale=alt.Scale(domain=["Notas", "Retomas"], range=["#4d4d4d", "#08519c"]),
        ),
        tooltip=[
            alt.Tooltip("semana:T", title="Semana", format="%d/%m/%Y"),
            alt.Tooltip("cobertura:N", title="Semana"),
            alt.Tooltip("serie:N", title="Serie"),
            alt.Tooltip("cantidad:Q", title="Cantidad", format=",d"),
        ],
    )
    completas = base.transform_filter("!datum.parcial").mark_point(filled=True, size=50)
    parciales = base.transform_filter("datum.parcial").mark_point(filled=False, size=70)
    st.altair_chart(base.mark_line() + completas + parciales, width="stretch")
    if any(d < 7 for d in dias):
        st.caption(
            "Punto hueco: semana parcial (el periodo la corta), su cifra no es comparable con "
            "las semanas completas."
        )


def grafica_tono(distribucion: pd.DataFrame) -> None:
    """Barra apilada horizontal con el reparto de tono (colores fijos)."""
    datos = distribucion[distribucion["notas"] > 0].assign(
        porcentaje=lambda d: d["proporcion"].map(formato.porcentaje)
    )
    grafica = (
        alt.Chart(datos)
        .mark_bar()
        .encode(
            x=alt.X("notas:Q", stack="normalize", title=None, axis=alt.Axis(format="%")),
            color=alt.Color(
                "tono:N",
                title=None,
                scale=alt.Scale(domain=list(PALETA_TONO), range=list(PALETA_TONO.values())),
                # Sin leyenda de Altair: Streamlit la recorta en gráficas bajas; va en texto abajo.
                legend=None,
            ),
            order=alt.Order("orden:Q"),
            tooltip=[
                alt.Tooltip("tono:N", title="Tono"),
                alt.Tooltip("notas:Q", title="Notas", format=",d"),
                alt.Tooltip("porcentaje:N", title="Proporción"),
            ],
        )
        .transform_calculate(orden=f"indexof({list(PALETA_TONO)}, datum.tono)")
        # Con menos de ~60 px Streamlit no dibuja la barra (probado en 1.67): se deja en 70.
        .properties(height=70)
    )
    st.altair_chart(grafica, width="stretch")
    leyenda = [
        f":{COLOR_MARKDOWN[tono]}[■] {tono} {formato.porcentaje(float(p), 0)}"
        for tono, p, n in zip(
            distribucion["tono"], distribucion["proporcion"], distribucion["notas"], strict=True
        )
        if int(n) > 0
    ]
    st.caption(" · ".join(leyenda))


def texto_tono(distribucion: pd.DataFrame) -> str:
    """«62 % positivo · 30 % neutral · 8 % negativo» (omite los tonos sin notas)."""
    partes = [
        f"{formato.porcentaje(float(proporcion), 0)} {tono}"
        for tono, notas, proporcion in zip(
            distribucion["tono"], distribucion["notas"], distribucion["proporcion"], strict=True
        )
        if int(notas) > 0 and tono != "sin clasificar"
    ]
    return " · ".join(partes) or formato.VACIO


def negativas(distribucion: pd.DataFrame) -> float | None:
    """Proporción de notas negativas (None si no hay notas)."""
    if int(distribucion["notas"].sum()) == 0:
        return None
    return float(distribucion.loc[distribucion["tono"] == "negativo", "proporcion"].sum())
