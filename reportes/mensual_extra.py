"""Secciones del reporte mensual que cuentan el mes: tono por semana y notas clave.

Las cifras salen de los mismos marcos que el resto del reporte; aquí sólo se agrupan y se dibujan.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from reportes import MESES, enlace_publico, fecha_larga, local, numero
from reportes.graficas import barras_agrupadas
from reportes.pdf import COLORES_TONO, DocumentoPDF

TONOS = ("positivo", "neutral", "negativo")
# Notas clave por lista: las que caben en media página con su titular completo.
NOTAS_CLAVE = 5
# Temas guardados como identificadores (temas.toml) y cómo se leen.
ETIQUETAS_TEMA = {
    "obras": "obras",
    "servicios_publicos": "servicios públicos",
    "agua": "agua",
    "salud": "salud",
    "educacion": "educación",
    "seguridad": "seguridad",
    "deporte": "deporte",
    "cultura": "cultura",
    "economia": "economía",
    "desarrollo_social": "desarrollo social",
    "proteccion_civil": "protección civil",
    "gobierno": "gobierno",
    "medio_ambiente": "medio ambiente",
    "turismo": "turismo",
}


def etiqueta_tema(tema: str) -> str:
    """«servicios_publicos» → «servicios públicos»."""
    return ETIQUETAS_TEMA.get(tema, tema.replace("_", " "))


def etiqueta_semana(lunes: dt.date, anio: int, mes: int) -> str:
    """«2 nov», o «26 oct (parcial)» si la semana empieza o termina fuera del mes."""
    ultimo = dt.date(anio, mes, calendar.monthrange(anio, mes)[1])
    texto = f"{lunes.day} {MESES[lunes.month - 1][:3]}"
    parcial = lunes < dt.date(anio, mes, 1) or lunes + dt.timedelta(days=6) > ultimo
    return f"{texto} (parcial)" if parcial else texto


def tono_efectivo(notas: pd.DataFrame) -> pd.Series:
    """El tono confirmado si lo hay; si no, el calculado."""
    return notas["tono_confirmado"].where(notas["tono_confirmado"].notna(), notas["tono"])


def tono_por_semana(notas: pd.DataFrame, semanas: list[dt.date], zona: ZoneInfo) -> pd.DataFrame:
    """Notas por semana (lunes local) y tono efectivo, todas las semanas del mes."""
    tabla = pd.DataFrame(0, index=pd.Index(semanas, name="semana"), columns=list(TONOS))
    if notas.empty:
        return tabla
    fechas = notas["fecha_publicacion"]
    lunes = [_lunes(f, zona) if pd.notna(f) else None for f in fechas]
    marco = pd.DataFrame({"semana": lunes, "tono": tono_efectivo(notas)}).dropna()
    conteo = marco.groupby(["semana", "tono"]).size().unstack(fill_value=0)
    return conteo.reindex(index=tabla.index, columns=list(TONOS), fill_value=0).astype(int)


def _lunes(fecha: dt.datetime, zona: ZoneInfo) -> dt.date:
    """Lunes de la semana local de la fecha."""
    dia = local(fecha, zona).date()
    return dia - dt.timedelta(days=dia.weekday())


def notas_clave(notas: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(de mayor alcance potencial, las más negativas) entre las notas del Ayuntamiento."""
    if notas.empty:
        return notas, notas
    tabla = notas.assign(tono_ef=tono_efectivo(notas), alcance=notas["audiencia"].fillna(0))
    alcance = tabla.sort_values(["alcance", "fecha_publicacion"], ascending=False)
    negativas = tabla[tabla["tono_ef"] == "negativo"].assign(
        fuerza=lambda t: t["tono_puntaje"].fillna(0).abs()
    )
    negativas = negativas.sort_values(["alcance", "fuerza"], ascending=False)
    return alcance.head(NOTAS_CLAVE), negativas.head(NOTAS_CLAVE)


# --- PDF ---------------------------------------------------------------------------------------


def seccion_tono_semanal(
    pdf: DocumentoPDF,
    notas: pd.DataFrame,
    semanas: list[dt.date],
    anio: int,
    mes: int,
    zona: ZoneInfo,
) -> None:
    """Barras por semana con las notas positivas, neutrales y negativas."""
    tabla = tono_por_semana(notas, semanas, zona)
    etiquetas = [etiqueta_semana(s, anio, mes) for s in tabla.index]
    series = {t.capitalize(): tabla[t].astype(float).tolist() for t in TONOS}
    colores = [COLORES_TONO[t] for t in TONOS]
    barras_agrupadas(pdf, "Tono de las notas por semana", etiquetas, series, colores)


def seccion_notas_clave(pdf: DocumentoPDF, notas: pd.DataFrame, zona: ZoneInfo) -> None:
    """Las notas de mayor alcance y las más negativas, con medio, fecha y enlace."""
    alcance, negativas = notas_clave(notas)
    _lista(pdf, "De mayor alcance potencial", alcance, zona)
    _lista(pdf, "Las más negativas (por alcance del medio)", negativas, zona)


def _lista(pdf: DocumentoPDF, titulo: str, tabla: pd.DataFrame, zona: ZoneInfo) -> None:
    """Una tabla de notas clave, o un aviso si no hay."""
    pdf.asegurar_espacio(30)
    pdf.parrafo(titulo, 9.5, "B")
    pdf.ln(1)
    if tabla.empty:
        pdf.parrafo("Ninguna en el mes.", 8.5, "I")
        return
    filas, enlaces = [], []
    for f in tabla.to_dict("records"):
        fecha = (
            fecha_larga(f["fecha_publicacion"], zona) if pd.notna(f["fecha_publicacion"]) else ""
        )
        tono = f["tono_ef"] if isinstance(f["tono_ef"], str) else "sin clasificar"
        filas.append([f["titulo"], f["medio"], fecha, numero(f["audiencia"]), tono])
        enlaces.append(
            [enlace_publico(f["url_original"], f["url_canonica"]), None, None, None, None]
        )
    pdf.tabla(["Nota", "Medio", "Fecha", "Alcance", "Tono"], filas, (5, 2.2, 2, 1.2, 1.2), enlaces)
