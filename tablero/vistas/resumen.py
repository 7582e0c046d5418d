"""Presentación de la página Resumen: los KPIs de la directora y lo que importa hoy."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analisis.indicadores import Indicadores
from analisis.metricas import audiencia_con_unidad
from reportes import formato
from tablero.componentes import celdas
from tablero.componentes.base import Kpi, kpis, tabla
from tablero.componentes.graficas import negativas, texto_tono
from tablero.markdown import literal


def kpis_resumen(actual: Indicadores, anterior: Indicadores) -> None:
    """Los siete KPIs de la directora con su cambio contra el periodo anterior."""
    a, b = actual, anterior
    kpis(
        [
            Kpi(
                "Boletines emitidos",
                celdas.numero(a.boletines),
                celdas.cambio(a.boletines, b.boletines),
            ),
            Kpi(
                "Boletines retomados",
                celdas.numero(a.boletines_retomados),
                celdas.cambio(a.boletines_retomados, b.boletines_retomados),
            ),
            Kpi(
                "Tasa de retoma",
                celdas.porcentaje(a.tasa_retoma),
                celdas.cambio(a.tasa_retoma, b.tasa_retoma, puntos=True),
                "Boletines con al menos una retoma / boletines emitidos.",
            ),
            Kpi("Notas publicadas", celdas.numero(a.notas), celdas.cambio(a.notas, b.notas)),
            _kpi_alcance(a, b),
            Kpi(
                "Notas negativas",
                celdas.porcentaje(negativas(a.tono)),
                celdas.cambio(negativas(a.tono), negativas(b.tono), puntos=True),
                f"Tono hacia el Ayuntamiento: {texto_tono(a.tono)}.",
                inverso=True,
            ),
            Kpi(
                "Latencia mediana",
                celdas.horas(a.latencia_mediana_horas),
                celdas.cambio(a.latencia_mediana_horas, b.latencia_mediana_horas),
                "Tiempo entre la emisión del boletín y la primera publicación de cada medio.",
                inverso=True,
            ),
            Kpi(
                "Fidelidad media",
                celdas.porcentaje(a.fidelidad_media),
                celdas.cambio(a.fidelidad_media, b.fidelidad_media, True),
                "Promedio de la mejor fidelidad de cada medio por boletín.",
            ),
        ]
    )
    st.caption("Alcance potencial por unidad: " + texto_alcance(a))


def _kpi_alcance(actual: Indicadores, anterior: Indicadores) -> Kpi:
    """Alcance potencial en la unidad principal; las demás unidades van aparte, nunca sumadas."""
    principal = next(iter(actual.alcance.con_dato()), None)
    if principal is None:
        return Kpi("Alcance potencial", formato.VACIO, None, "Ningún medio con audiencia.")
    return Kpi(
        f"Alcance potencial ({principal.etiqueta})",
        celdas.numero(principal.total),
        celdas.cambio(principal.total, anterior.alcance.total(principal.unidad)),
        "Audiencia declarada por los medios (potencial, no lectores reales); cada medio cuenta "
        "una vez por boletín y cada unidad por separado. " + texto_alcance(actual),
    )


def texto_alcance(cifras: Indicadores) -> str:
    """«120,000 visitas/mes (2 medios; Declaración del medio, 15 de enero de 2026) · …».

    Las fuentes las escribe el personal o vienen del padrón: se escapan (el texto va en Markdown).
    """
    partes = [
        f"{celdas.numero(u.total)} {u.etiqueta} ({u.cuantos_medios}; "
        f"{literal(', '.join(u.fuentes)) or 'sin fuente'}, "
        f"dato de {formato.fecha_larga(u.fecha_dato)})"
        for u in cifras.alcance.con_dato()
    ]
    texto = " · ".join(partes) or "Sin alcance declarado."
    if cifras.alcance.sin_dato:
        texto += f" {cifras.alcance.sin_dato} retomas de medios sin audiencia declarada no suman."
    return texto


def tabla_importa(importa: pd.DataFrame) -> None:
    """Las pocas notas que requieren atención, cada una con su motivo."""
    vista = importa.assign(
        publicada=importa["fecha_publicacion"].map(celdas.fecha_hora),
        alcance=[
            audiencia_con_unidad(a, u, t)
            for a, u, t in zip(
                importa["audiencia"],
                importa.get("audiencia_tipo", pd.Series(None, index=importa.index)),
                importa.get("medio_tipo", pd.Series(None, index=importa.index)),
                strict=True,
            )
        ],
    )
    tabla(
        vista,
        {
            "medio": "Medio",
            "titulo": "Nota",
            "motivo": "Motivo",
            "publicada": "Publicada",
            "alcance": "Alcance potencial",
            "enlace": "Enlace",
        },
        enlaces=["enlace"],
        fija="medio",
    )
