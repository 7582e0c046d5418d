"""Reporte mensual para la directora: retoma por semana, medios, tono, temas, latencia, convenios.

Sin "valor publicitario equivalente" (AVE): los Principios de Barcelona 3.0 lo rechazan. Donde hay
convenio se reporta el monto contratado, y el alcance siempre se etiqueta como potencial.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy.orm import Session

from datos import config as configuracion
from datos.consultas import reportes as consultas
from reportes import MESES, dias_utc, horas, local, mes_largo, numero, porcentaje
from reportes.graficas import barras_agrupadas, barras_horizontales
from reportes.mensual_campanas import seccion_campanas
from reportes.pdf import COLOR_TENUE, COLORES_TONO, DocumentoPDF

log = logging.getLogger(__name__)

# La hora de emisión se captura a mano y suele ser la del evento: una nota publicada hasta 1 h
# antes cuenta con latencia 0; más temprano, la fecha de la nota está mal y se descarta.
TOLERANCIA_ADELANTO_H = 1.0
# Cortes de latencia que usa la oficina: mismo turno, mismo día, día siguiente, después.
CORTES_LATENCIA = ((6.0, "menos de 6 h"), (24.0, "6 a 24 h"), (48.0, "24 a 48 h"))
MAS_DE_48 = "más de 48 h"
# Una página de gráfica legible: más medios o temas que éstos van sólo en la tabla.
MAXIMO_BARRAS = 12
ORDEN_TONO = ("positivo", "neutral", "negativo", "sin clasificar")
NOTA_METODOLOGICA = (
    "Metodología: una retoma es una nota que reproduce un boletín (íntegra, parcial o reescrita); "
    "las retomas rechazadas en revisión no cuentan. La tasa de retoma por medio es boletines "
    "publicados entre boletines que le llegaron. La latencia va de la emisión del boletín a la "
    "publicación de la nota. El alcance es potencial: la suma de las audiencias declaradas por "
    "los medios (tiraje, visitantes o audiencia), no lectores reales. Conforme a los Principios de "
    "Barcelona 3.0 no se calcula valor publicitario equivalente (AVE); de los convenios se reporta "
    "el monto contratado."
)


@dataclass(frozen=True)
class DatosMes:
    """Marcos del mes leídos de la base."""

    anio: int
    mes: int
    zona: ZoneInfo
    boletines: pd.DataFrame
    retomas: pd.DataFrame
    envios: pd.DataFrame
    notas: pd.DataFrame
    convenios: pd.DataFrame


def leer_mes(sesion: Session, anio: int, mes: int, zona: ZoneInfo) -> DatosMes:
    """Lee boletines, retomas, envíos, notas y convenios del mes local."""
    if not 1 <= mes <= 12:
        raise ValueError(f"mes inválido: {mes} (debe ser de 1 a 12)")
    primero = dt.date(anio, mes, 1)
    ultimo = dt.date(anio, mes, calendar.monthrange(anio, mes)[1])
    inicio, fin = dias_utc(primero, ultimo, zona)
    return DatosMes(
        anio=anio,
        mes=mes,
        zona=zona,
        boletines=consultas.boletines_del_periodo(sesion, inicio, fin),
        retomas=latencias(consultas.retomas_del_periodo(sesion, inicio, fin)),
        envios=consultas.envios_del_periodo(sesion, inicio, fin),
        notas=consultas.notas_del_periodo(sesion, inicio, fin),
        convenios=consultas.convenios_vigentes(sesion, primero, ultimo),
    )


def latencias(retomas: pd.DataFrame) -> pd.DataFrame:
    """Agrega `latencia_h` (horas; NaN si falta la fecha o es imposible)."""
    tabla = retomas.copy()
    if tabla.empty:
        return tabla.assign(latencia_h=pd.Series(dtype=float))
    emision = pd.to_datetime(tabla["fecha_emision"], utc=True)
    publicacion = pd.to_datetime(tabla["fecha_publicacion"], utc=True)
    bruto = (publicacion - emision).dt.total_seconds() / 3600
    valido = bruto >= -TOLERANCIA_ADELANTO_H
    tabla["latencia_h"] = bruto.clip(lower=0).where(valido)
    return tabla


def semanas_del_mes(anio: int, mes: int) -> list[dt.date]:
    """Lunes de cada semana que toca el mes (la primera puede empezar en el mes anterior)."""
    dia = dt.date(anio, mes, 1)
    lunes = dia - dt.timedelta(days=dia.weekday())
    ultimo = dt.date(anio, mes, calendar.monthrange(anio, mes)[1])
    return [lunes + dt.timedelta(weeks=i) for i in range((ultimo - lunes).days // 7 + 1)]


def tendencia_semanal(datos: DatosMes) -> pd.DataFrame:
    """Por semana (lunes local), todas las del mes: emitidos, retomados, retomas y tasa."""
    semanas = pd.Index(semanas_del_mes(datos.anio, datos.mes), name="semana")
    boletines = datos.boletines.assign(
        semana=[_lunes(f, datos.zona) for f in datos.boletines["fecha_emision"]]
    )
    por_boletin = datos.retomas.groupby("boletin_id").size()
    boletines["retomas"] = boletines["boletin_id"].map(por_boletin).fillna(0).astype(int)
    tabla = boletines.groupby("semana").agg(
        emitidos=("boletin_id", "count"),
        retomados=("retomas", lambda r: int((r > 0).sum())),
        retomas=("retomas", "sum"),
    )
    tabla = tabla.reindex(semanas, fill_value=0).astype(int)
    tabla["tasa"] = (tabla["retomados"] / tabla["emitidos"]).where(tabla["emitidos"] > 0)
    return tabla.reset_index()


def _lunes(fecha: dt.datetime, zona: ZoneInfo) -> dt.date:
    """Lunes de la semana local de la fecha."""
    dia = local(fecha, zona).date()
    return dia - dt.timedelta(days=dia.weekday())


def clasificacion_de_medios(datos: DatosMes) -> pd.DataFrame:
    """Por medio: boletines recibidos, publicados, tasa, retomas, latencia y fidelidad."""
    columnas = ["medio", "recibidos", "publicados", "tasa", "retomas", "latencia_h", "fidelidad"]
    if datos.envios.empty and datos.retomas.empty:
        return pd.DataFrame(columns=columnas)
    recibidos = datos.envios.groupby("medio")["boletin_id"].nunique()
    r = datos.retomas
    por_medio = (
        r.groupby("medio").agg(
            publicados=("boletin_id", "nunique"),
            retomas=("nota_id", "count"),
            latencia_h=("latencia_h", "median"),
            fidelidad=("fidelidad", "mean"),
        )
        if not r.empty
        else pd.DataFrame(columns=columnas[2:])
    )
    tabla = pd.concat([recibidos.rename("recibidos"), por_medio], axis=1)
    tabla[["recibidos", "publicados", "retomas"]] = tabla[
        ["recibidos", "publicados", "retomas"]
    ].fillna(0)
    tabla["tasa"] = (tabla["publicados"] / tabla["recibidos"]).where(tabla["recibidos"] > 0)
    tabla = tabla.rename_axis("medio").reset_index()
    return tabla.sort_values(["publicados", "retomas", "medio"], ascending=[False, False, True])[
        columnas
    ]


def tono_del_mes(notas: pd.DataFrame) -> list[tuple[str, int]]:
    """(tono efectivo, notas) en orden fijo; el confirmado gana al calculado."""
    if notas.empty:
        return []
    efectivo = notas["tono_confirmado"].where(notas["tono_confirmado"].notna(), notas["tono"])
    conteo = Counter(efectivo.fillna("sin clasificar"))
    return [(t, conteo[t]) for t in ORDEN_TONO if conteo[t]]


def temas_del_mes(datos: DatosMes) -> list[tuple[str, int]]:
    """Temas más frecuentes en las notas del mes (o, si no hay, en los boletines)."""
    conteo: Counter[str] = Counter()
    for temas in datos.notas.get("temas", pd.Series(dtype=object)):
        conteo.update(t for t in (temas or []) if t)
    if not conteo and not datos.boletines.empty:
        conteo.update(t for t in datos.boletines["tema"] if isinstance(t, str) and t)
    return conteo.most_common(MAXIMO_BARRAS)


def distribucion_latencia(retomas: pd.DataFrame) -> list[tuple[str, int]]:
    """Retomas por tramo de latencia."""
    conteo: Counter[str] = Counter()
    for valor in retomas.get("latencia_h", pd.Series(dtype=float)).dropna():
        conteo[next((e for c, e in CORTES_LATENCIA if valor < c), MAS_DE_48)] += 1
    return [(e, conteo[e]) for e in [*(e for _, e in CORTES_LATENCIA), MAS_DE_48]]


def pagado_y_ganado(notas: pd.DataFrame) -> list[tuple[str, int]]:
    """Notas pagadas (convenio), ganadas y sin clasificar."""
    if notas.empty:
        return []
    pagada = notas["pagada"].eq(True) | notas["convenio_id"].notna()
    ganada = notas["pagada"].eq(False) & ~pagada
    sin = ~(pagada | ganada)
    return [
        ("pagadas (convenio)", int(pagada.sum())),
        ("ganadas", int(ganada.sum())),
        ("sin clasificar", int(sin.sum())),
    ]


def cumplimiento_de_convenios(datos: DatosMes) -> pd.DataFrame:
    """Por convenio: notas comprometidas al mes contra notas publicadas por el medio en el mes."""
    tabla = datos.convenios.copy()
    if tabla.empty:
        return tabla.assign(publicadas=[], en_convenio=[], cumplimiento=[])
    por_medio = (
        datos.notas.groupby("medio_id").size() if not datos.notas.empty else pd.Series(dtype=int)
    )
    por_convenio = (
        datos.notas.groupby("convenio_id").size() if not datos.notas.empty else pd.Series(dtype=int)
    )
    tabla["publicadas"] = tabla["medio_id"].map(por_medio).fillna(0).astype(int)
    tabla["en_convenio"] = tabla["convenio_id"].map(por_convenio).fillna(0).astype(int)
    tabla["cumplimiento"] = (tabla["publicadas"] / tabla["notas_mes"]).where(tabla["notas_mes"] > 0)
    return tabla


def alcance_potencial(retomas: pd.DataFrame) -> tuple[int, int]:
    """(suma de audiencias declaradas por par boletín-medio, pares sin dato)."""
    if retomas.empty:
        return 0, 0
    pares = retomas.drop_duplicates(["boletin_id", "medio_id"])
    return int(pares["audiencia"].fillna(0).sum()), int(pares["audiencia"].isna().sum())


# --- PDF ---------------------------------------------------------------------------------------


def generar_mensual(sesion: Session, anio: int, mes: int, salida: Path) -> Path:
    """Genera el reporte mensual en PDF y devuelve la ruta."""
    zona = configuracion.cargar().zona
    datos = leer_mes(sesion, anio, mes, zona)
    pdf = DocumentoPDF(f"Reporte mensual — {mes_largo(anio, mes)}", zona)
    pdf.titulo(f"Reporte mensual de monitoreo: {MESES[mes - 1]} de {anio}")
    _resumen(pdf, datos)
    _seccion_tendencia(pdf, datos)
    _seccion_medios(pdf, datos)
    _seccion_tono_temas(pdf, datos)
    _seccion_latencia(pdf, datos)
    _seccion_convenios(pdf, datos)
    seccion_campanas(pdf, sesion, anio, mes, zona)
    pdf.ln(4)
    pdf.parrafo(NOTA_METODOLOGICA, 7.5, "I", COLOR_TENUE)
    return pdf.guardar(salida)


def _resumen(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Indicadores del mes."""
    emitidos = len(datos.boletines)
    retomados = datos.retomas["boletin_id"].nunique() if not datos.retomas.empty else 0
    alcance, sin_dato = alcance_potencial(datos.retomas)
    medios = datos.retomas["medio_id"].nunique() if not datos.retomas.empty else 0
    latencia = datos.retomas["latencia_h"].median() if not datos.retomas.empty else None
    fidelidad = datos.retomas["fidelidad"].mean() if not datos.retomas.empty else None
    pdf.indicadores(
        [
            (numero(emitidos), "boletines emitidos"),
            (
                numero(retomados),
                f"boletines retomados ({porcentaje(retomados / emitidos if emitidos else None)})",
            ),
            (numero(len(datos.retomas)), "retomas (notas que retoman boletín)"),
            (numero(medios), "medios que publicaron"),
            (numero(len(datos.notas)), "notas monitoreadas"),
            (horas(latencia), "latencia mediana"),
            (porcentaje(fidelidad), "fidelidad media"),
            (numero(alcance), "alcance potencial (audiencia declarada)"),
        ]
    )
    if sin_dato:
        pdf.parrafo(
            f"{numero(sin_dato)} publicaciones de medios sin audiencia declarada no suman alcance.",
            7.5,
            "I",
            COLOR_TENUE,
        )


def _seccion_tendencia(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Tendencia de retoma por semana: gráfica y tabla."""
    pdf.seccion("Tendencia de retoma por semana")
    tabla = tendencia_semanal(datos)
    etiquetas = [f"{s.day} {MESES[s.month - 1][:3]}" for s in tabla["semana"]]
    series = {
        "Boletines emitidos": tabla["emitidos"].tolist(),
        "Boletines retomados": tabla["retomados"].tolist(),
        "Retomas": tabla["retomas"].tolist(),
    }
    barras_agrupadas(
        pdf, "Boletines y retomas por semana (semana que inicia el lunes)", etiquetas, series
    )
    filas = [
        [
            f"semana del {e}",
            numero(f.emitidos),
            numero(f.retomados),
            numero(f.retomas),
            porcentaje(f.tasa),
        ]
        for e, f in zip(etiquetas, tabla.itertuples(), strict=True)
    ]
    if filas:
        pdf.tabla(["Semana", "Emitidos", "Retomados", "Retomas", "Tasa de retoma"], filas)


def _seccion_medios(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Clasificación de medios por boletines publicados."""
    pdf.seccion("Clasificación de medios")
    tabla = clasificacion_de_medios(datos)
    arriba = tabla.head(MAXIMO_BARRAS)
    barras_horizontales(
        pdf,
        "Boletines publicados por medio",
        arriba["medio"].tolist(),
        arriba["publicados"].astype(float).tolist(),
    )
    filas = [
        [
            f.medio,
            numero(f.recibidos),
            numero(f.publicados),
            porcentaje(f.tasa),
            numero(f.retomas),
            horas(f.latencia_h),
            porcentaje(f.fidelidad),
        ]
        for f in tabla.itertuples()
    ]
    if filas:
        encabezados = [
            "Medio",
            "Recibidos",
            "Publicados",
            "Tasa",
            "Retomas",
            "Latencia mediana",
            "Fidelidad media",
        ]
        pdf.tabla(encabezados, filas, anchos=(3, 1, 1, 1, 1, 1.3, 1.3))


def _seccion_tono_temas(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Tono hacia el Ayuntamiento y temas."""
    pdf.seccion("Tono y temas")
    tonos = tono_del_mes(datos.notas)
    colores = [COLORES_TONO.get(t, (158, 158, 158)) for t, _ in tonos]
    barras_horizontales(
        pdf,
        "Tono de las notas hacia el Ayuntamiento",
        [t for t, _ in tonos],
        [float(n) for _, n in tonos],
        colores=colores,
    )
    temas = temas_del_mes(datos)
    barras_horizontales(
        pdf, "Temas más frecuentes", [t for t, _ in temas], [float(n) for _, n in temas]
    )


def _seccion_latencia(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Distribución de la latencia de publicación."""
    pdf.seccion("Latencia de publicación")
    tramos = distribucion_latencia(datos.retomas)
    if sum(n for _, n in tramos):
        barras_horizontales(
            pdf,
            "Retomas según el tiempo entre boletín y nota",
            [e for e, _ in tramos],
            [float(n) for _, n in tramos],
        )
    else:
        barras_horizontales(pdf, "Retomas según el tiempo entre boletín y nota", [], [])


def _seccion_convenios(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Notas pagadas contra ganadas y cumplimiento de entregables de cada convenio."""
    pdf.seccion("Convenios: pagado y ganado")
    reparto = pagado_y_ganado(datos.notas)
    barras_horizontales(
        pdf,
        "Notas del mes: pagadas y ganadas",
        [e for e, _ in reparto],
        [float(n) for _, n in reparto],
    )
    tabla = cumplimiento_de_convenios(datos)
    if tabla.empty:
        pdf.parrafo("No hubo convenios vigentes en el mes.", 8.5, "I")
        return
    filas = [
        [
            f.numero,
            f.medio,
            f"${numero(f.monto_total, 2)}",
            numero(f.notas_mes),
            numero(f.publicadas),
            numero(f.en_convenio),
            porcentaje(f.cumplimiento),
        ]
        for f in tabla.itertuples()
    ]
    encabezados = [
        "Convenio",
        "Medio",
        "Monto contratado (con IVA)",
        "Notas comprometidas al mes",
        "Notas publicadas en el mes",
        "Ligadas al convenio",
        "Cumplimiento",
    ]
    pdf.tabla(encabezados, filas, anchos=(1.3, 2, 1.4, 1.3, 1.3, 1.1, 1.4))
