"""Sección del reporte mensual: formatos del portal de transparencia fuera del plazo legal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from datos.consultas.portal import formatos_atrasados
from reportes.pdf import DocumentoPDF

SIN_ATRASOS = "Ningún formato del portal está vencido en la última revisión."


def _dia(valor: object) -> str:
    """DD/MM/AAAA o «—»."""
    return f"{valor:%d/%m/%Y}" if isinstance(valor, dt.date) else "—"


def seccion_portal(pdf: DocumentoPDF, sesion: Session) -> None:
    """Formatos vencidos (según la última revisión) con su fracción, periodo y fecha límite."""
    pdf.seccion("Portal de transparencia: formatos atrasados")
    tabla = formatos_atrasados(sesion)
    if tabla.empty:
        pdf.parrafo(SIN_ATRASOS, 8.5, "I")
        return
    filas = [
        [f.fraccion, f.nombre or "—", f.periodicidad, _dia(f.periodo_fin), _dia(f.limite), f.url]
        for f in tabla.itertuples()
    ]
    encabezados = ["Fracción", "Formato", "Periodicidad", "Cubre hasta", "Venció el", "Archivo"]
    pdf.tabla(encabezados, filas, anchos=(0.9, 2, 1.1, 1.1, 1.1, 3))
