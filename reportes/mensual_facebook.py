"""Sección «Página de Facebook» del reporte mensual: alcance, interacción, publicaciones y edades.

Las cifras de la página vienen de la exportación de Meta Business Suite ya importada
(`monitoreo facebook importar-insights`); si el mes no tiene, la sección lo dice en lugar de
inventarlas. Las publicaciones del mes son las que el sistema publicó (estado «publicada»).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from analisis.facebook import RANGOS, Jovenes, menores_de_30, tasa_de_interaccion
from datos.consultas.facebook import insights_del_mes, publicadas_en
from reportes import dias_utc, numero, porcentaje
from reportes.formato import VACIO
from reportes.pdf import DocumentoPDF

SIN_INSIGHTS = (
    "No se han importado las cifras de la página de este mes: exporte los insights de la página "
    "en Meta Business Suite y súbalos en la página Facebook del tablero (o con «monitoreo facebook "
    "importar-insights ARCHIVO»)."
)
NOTA_EDADES = (
    "Meta agrupa a los seguidores por rangos (13-17, 18-24, 25-34…) sin corte en 30: «menores de "
    "30» suma 13-24 y la mitad de 25-34 (edades repartidas parejo dentro del rango); entre "
    "paréntesis, lo seguro: menores de 25 y menores de 35. El alcance son personas únicas (con "
    "datos diarios, el día de mayor alcance: una cota inferior del mes)."
)


@dataclass(frozen=True)
class CifrasPagina:
    """Lo que el reporte dice de la página en un mes."""

    publicaciones: int
    alcance: int | None
    interacciones: int | None
    seguidores: int | None
    jovenes: Jovenes | None
    por_edad: dict[str, float]
    con_insights: bool


def cifras_del_mes(s: Session, anio: int, mes: int, zona: ZoneInfo) -> CifrasPagina:
    """Publicaciones del mes (hora de la oficina) y los insights importados de ese mes."""
    primero = dt.date(anio, mes, 1)
    ultimo = (primero + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    desde, hasta = dias_utc(primero, ultimo, zona)
    insights = insights_del_mes(s, primero)
    por_edad = dict(insights.seguidores_por_edad) if insights else {}
    return CifrasPagina(
        publicaciones=publicadas_en(s, desde, hasta),
        alcance=insights.alcance if insights else None,
        interacciones=insights.interacciones if insights else None,
        seguidores=insights.seguidores if insights else None,
        jovenes=menores_de_30(por_edad),
        por_edad=por_edad,
        con_insights=insights is not None,
    )


def _cifra(valor: int | None) -> str:
    """«1,234» o «—» si no vino en la exportación."""
    return VACIO if valor is None else numero(valor)


def _indicadores(c: CifrasPagina) -> list[tuple[str, str]]:
    """Cajas de la sección."""
    tasa = tasa_de_interaccion(c.interacciones, c.alcance)
    jovenes = VACIO
    if c.jovenes is not None:
        jovenes = porcentaje(c.jovenes.estimado)
    return [
        (numero(c.publicaciones), "publicaciones del mes"),
        (_cifra(c.alcance), "alcance (personas)"),
        (_cifra(c.interacciones), "interacciones"),
        (VACIO if tasa is None else porcentaje(tasa), "interacciones por persona alcanzada"),
        (_cifra(c.seguidores), "seguidores al cierre"),
        (jovenes, "seguidores menores de 30 (estimado)"),
    ]


def _tabla_edades(pdf: DocumentoPDF, c: CifrasPagina) -> None:
    """Proporción de seguidores por rango de edad."""
    total = sum(c.por_edad.get(r, 0.0) for r in RANGOS)
    filas: list[list[object]] = [
        [rango, porcentaje(c.por_edad.get(rango, 0.0) / total)] for rango in RANGOS
    ]
    pdf.tabla(("Rango de edad", "Seguidores"), filas, anchos=(1, 1))


def seccion_facebook(pdf: DocumentoPDF, s: Session, anio: int, mes: int, zona: ZoneInfo) -> None:
    """Cifras de la página del Ayuntamiento en el mes, o el aviso de que no hay."""
    c = cifras_del_mes(s, anio, mes, zona)
    pdf.seccion("Página de Facebook del Ayuntamiento")
    if not c.con_insights:
        pdf.parrafo(f"Publicaciones del mes: {numero(c.publicaciones)}.", 9)
        pdf.parrafo(SIN_INSIGHTS, 8.5, "I")
        return
    pdf.indicadores(_indicadores(c), por_renglon=3)
    if c.jovenes is not None:
        pdf.parrafo(
            f"Seguidores menores de 30: {porcentaje(c.jovenes.estimado)} (entre "
            f"{porcentaje(c.jovenes.minimo)} y {porcentaje(c.jovenes.maximo)}).",
            9,
        )
        _tabla_edades(pdf, c)
    else:
        pdf.parrafo("La exportación del mes no trae seguidores por edad.", 8.5, "I")
    pdf.parrafo(NOTA_EDADES, 7.5, "I")
