"""El bloque «Hoy» del Resumen: lo de hoy y ayer sobre el Ayuntamiento, en una pantalla."""

from __future__ import annotations

import html

import streamlit as st

from reportes.formato import fecha_larga, plural
from tablero.acceso import BoletinDeAyer, Hoy
from tablero.componentes.base import Kpi, kpis, tabla

PAGINA_REPORTES = "paginas/reportes.py"


def bloque(hoy: Hoy) -> None:
    """Conteos, notas por medio y tono, boletines de ayer, convenios y enlace a la síntesis."""
    if hoy.notas.empty and not hoy.boletines_ayer and hoy.convenios.empty:
        return  # base nueva o sin actividad: la página ya dice qué hacer
    st.subheader(f"Hoy, {fecha_larga(hoy.fecha)}")
    _conteos(hoy)
    izquierda, derecha = st.columns(2)
    with izquierda:
        _notas(hoy)
    with derecha:
        _boletines(hoy.boletines_ayer)
        _convenios(hoy)
    st.page_link(
        PAGINA_REPORTES,
        label="Síntesis de hoy: generar, editar y enviar",
        icon=":material/article:",
    )


def _conteos(hoy: Hoy) -> None:
    """Cuatro cifras: notas de hoy y de ayer, boletines de ayer publicados, convenios al día."""
    por_dia: dict[str, int] = {
        dia: int(hoy.notas.loc[hoy.notas["dia"] == dia, "total"].sum()) for dia in ("Hoy", "Ayer")
    }
    negativas = int(hoy.notas.loc[hoy.notas["dia"] == "Hoy", "negativo"].sum())
    publicados = sum(bool(b.publicaron) for b in hoy.boletines_ayer)
    al_dia = int((hoy.convenios["faltan"] == 0).sum()) if not hoy.convenios.empty else 0
    kpis(
        [
            Kpi("Notas del Ayuntamiento hoy", str(por_dia["Hoy"]), None,
                f"{plural(negativas, 'negativa')} hoy."),
            Kpi("Notas del Ayuntamiento ayer", str(por_dia["Ayer"]), None),
            Kpi("Boletines de ayer publicados", f"{publicados} de {len(hoy.boletines_ayer)}", None),
            Kpi("Convenios al día este mes", f"{al_dia} de {len(hoy.convenios)}", None,
                "Convenios vigentes con todas las notas acordadas del mes ya publicadas."),
        ]
    )  # fmt: skip


def _notas(hoy: Hoy) -> None:
    """Notas del Ayuntamiento de hoy y ayer por medio y tono."""
    st.markdown("**Notas sobre el Ayuntamiento por medio**")
    if hoy.notas.empty:
        st.caption("Ni hoy ni ayer hay notas que hablen del Ayuntamiento todavía.")
        return
    columnas = {
        "medio": "Medio",
        "dia": "Día",
        "positivo": "Positivas",
        "neutral": "Neutrales",
        "negativo": "Negativas",
    }
    tabla(hoy.notas, columnas, filas=8, fija="medio")


def _boletines(boletines: tuple[BoletinDeAyer, ...]) -> None:
    """Quién publicó cada boletín de ayer y a quién se le envió sin que lo publicara."""
    st.markdown("**Boletines de ayer**")
    if not boletines:
        st.caption("Ayer no se emitieron boletines.")
        return
    for b in boletines:
        si = html.escape(", ".join(b.publicaron)) or "nadie todavía"
        no = html.escape(", ".join(b.no_publicaron)) or "ninguno"
        st.markdown(
            f"**{html.escape(b.folio)}** {html.escape(b.titular)}  \n"
            f":green[Publicaron ({len(b.publicaron)}):] {si}  \n"
            f":red[Enviado y sin publicar ({len(b.no_publicaron)}):] {no}"
        )


def _convenios(hoy: Hoy) -> None:
    """Entregas de los convenios vigentes en lo que va del mes."""
    st.markdown("**Convenios: entregas del mes**")
    if hoy.convenios.empty:
        st.caption("No hay convenios vigentes este mes.")
        return
    columnas = {
        "medio": "Medio",
        "acordadas": "Acordadas",
        "publicadas": "Publicadas",
        "faltan": "Faltan",
    }
    tabla(hoy.convenios, columnas, filas=6, fija="medio")
