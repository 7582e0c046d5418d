"""Sección «Campañas» del reporte mensual: lo ordenado, lo entregado y el costo por entrega.

Va aparte de `reportes/mensual.py` para que el reporte sólo tenga que llamarla: el corte es el fin
del mes, así que un mes cerrado no cambia aunque después se importen más bitácoras.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from analisis.campanas import Avance
from datos.consultas.campanas import Cumplimiento, campanas_del_periodo, cumplimiento
from reportes import dias_utc, numero, porcentaje
from reportes.formato import VACIO
from reportes.pdf import DocumentoPDF

ENCABEZADOS = (
    "Campaña",
    "Medio",
    "Ordenadas",
    "Entregadas",
    "Faltan",
    "Cumplimiento",
    "Costo (con IVA)",
    "Costo por entrega",
)
ANCHOS = (1.6, 2.0, 1.2, 1.25, 0.8, 1.5, 1.2, 1.2)


def _dinero(valor: object) -> str:
    """«$1,166.67» o «—»."""
    return VACIO if valor is None else f"${numero(valor, 2)}"


def _fila(campana: str, medio: str, a: Avance) -> list[object]:
    """Una fila de la tabla."""
    return [
        campana,
        medio,
        numero(a.ordenadas),
        numero(a.entregadas),
        numero(a.faltan),
        porcentaje(a.proporcion),
        _dinero(a.costo),
        _dinero(a.costo_por_entrega),
    ]


def filas_del_mes(
    s: Session, primero: dt.date, ultimo: dt.date, zona: ZoneInfo
) -> list[list[object]]:
    """Por campaña del mes: una fila por medio y la del total, con entregas hasta el fin del mes."""
    _, corte = dias_utc(primero, ultimo, zona)
    filas: list[list[object]] = []
    for campana_id in campanas_del_periodo(s, primero, ultimo):
        c: Cumplimiento = cumplimiento(s, campana_id, antes_de=corte)
        filas += [_fila(c.nombre, medio, a) for medio, a in c.por_medio.items()]
        filas.append(_fila(c.nombre, "Total", c.total))
    return filas


def seccion_campanas(pdf: DocumentoPDF, s: Session, anio: int, mes: int, zona: ZoneInfo) -> None:
    """Tabla de cumplimiento de las campañas con periodo en el mes."""
    primero = dt.date(anio, mes, 1)
    ultimo = (primero + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    pdf.seccion("Campañas: ordenado y entregado")
    filas = filas_del_mes(s, primero, ultimo, zona)
    if not filas:
        pdf.parrafo("No hubo campañas en el mes.", 8.5, "I")
        return
    pdf.parrafo(
        "Spots, inserciones y banners comprobados hasta el último día del mes (bitácora del medio "
        "o página impresa o captura del banner como testigo). «Faltan» es lo que el medio todavía "
        "debe de cada orden.",
        8,
    )
    pdf.tabla(ENCABEZADOS, filas, anchos=ANCHOS)
