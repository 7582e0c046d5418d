"""Presentación de la página Resumen: los KPIs de la directora y lo que importa hoy."""

from __future__ import annotations

import pandas as pd

from tablero.acceso import Indicadores
from tablero.componentes import celdas
from tablero.componentes.base import Kpi, kpis, tabla
from tablero.componentes.graficas import negativas, texto_tono


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
                celdas.numero(a.retomados),
                celdas.cambio(a.retomados, b.retomados),
            ),
            Kpi(
                "Tasa de retoma",
                celdas.porcentaje(a.tasa_retoma),
                celdas.cambio(a.tasa_retoma, b.tasa_retoma, puntos=True),
                "Boletines con al menos una retoma / boletines emitidos.",
            ),
            Kpi("Notas publicadas", celdas.numero(a.notas), celdas.cambio(a.notas, b.notas)),
            Kpi(
                "Alcance potencial",
                celdas.numero(a.alcance.total),
                celdas.cambio(a.alcance.total, b.alcance.total),
                "Audiencia declarada por los medios (potencial, no lectores reales); cada medio "
                f"cuenta una vez por boletín. {a.alcance.sin_dato} retomas de medios sin dato.",
            ),
            Kpi(
                "Notas negativas",
                celdas.porcentaje(negativas(a.tono)),
                celdas.cambio(negativas(a.tono), negativas(b.tono), puntos=True),
                f"Tono hacia el Ayuntamiento: {texto_tono(a.tono)}.",
                inverso=True,
            ),
            Kpi(
                "Latencia mediana",
                celdas.horas(a.latencia_h),
                celdas.cambio(a.latencia_h, b.latencia_h),
                "Tiempo entre la emisión del boletín y la primera publicación de cada medio.",
                inverso=True,
            ),
            Kpi(
                "Fidelidad media",
                celdas.porcentaje(a.fidelidad),
                celdas.cambio(a.fidelidad, b.fidelidad, True),
            ),
        ]
    )


def tabla_importa(importa: pd.DataFrame) -> None:
    """Las pocas notas que requieren atención, cada una con su motivo."""
    vista = importa.assign(
        publicada=importa["fecha_publicacion"].map(celdas.fecha_hora),
        alcance=importa["audiencia"].map(celdas.numero),
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
