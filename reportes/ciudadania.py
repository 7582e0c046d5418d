"""Sección de atención ciudadana del reporte mensual (anónima: nunca datos de contacto)."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from analisis.ciudadania import cifras_solicitudes
from datos.consultas.solicitudes import solicitudes
from reportes import dias_utc, numero
from reportes.pdf import DocumentoPDF


def seccion_ciudadania(
    pdf: DocumentoPDF, sesion: Session, anio: int, mes: int, zona: ZoneInfo
) -> None:
    """Solicitudes recibidas en el mes: abiertas, vencidas, resolución, dependencias y lugares."""
    primero = dt.date(anio, mes, 1)
    ultimo = dt.date(anio, mes, calendar.monthrange(anio, mes)[1])
    inicio, fin = dias_utc(primero, ultimo, zona)
    marco = solicitudes(sesion, desde=inicio, hasta=fin)
    pdf.seccion("Atención ciudadana")
    if marco.empty:
        pdf.parrafo("No se registraron solicitudes ciudadanas en el mes.", 8.5, "I")
        return
    corte = min(ultimo, dt.datetime.now(zona).date())
    c = cifras_solicitudes(marco, corte)
    mediana = f"{numero(c.mediana_dias, 1)} días" if c.mediana_dias is not None else "—"
    pdf.indicadores(
        [
            (numero(c.total), "solicitudes recibidas"),
            (numero(c.abiertas), "siguen abiertas"),
            (numero(c.vencidas), "abiertas con plazo vencido"),
            (mediana, "mediana de recibida a resuelta"),
        ]
    )
    if not c.por_dependencia.empty:
        filas = [
            [f.dependencia, numero(f.abiertas), numero(f.vencidas)]
            for f in c.por_dependencia.itertuples()
        ]
        pdf.tabla(["Dependencia", "Abiertas", "Vencidas"], filas)
    lugares = [[n, numero(v)] for n, v in c.localidades]
    if lugares:
        pdf.tabla(["Localidad", "Solicitudes"], lugares)
    pdf.tabla(["Tema", "Solicitudes"], [[n, numero(v)] for n, v in c.temas])
