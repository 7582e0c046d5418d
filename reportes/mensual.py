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

from analisis import etiquetas, metricas
from analisis.cumplimiento import CumplimientoMes
from analisis.indicadores import Indicadores
from datos import config as configuracion
from datos.consultas import metricas as cmet
from datos.consultas import reportes as consultas
from datos.consultas.mensual import notas_del_ayuntamiento
from reportes import MESES, dias_utc, fecha_larga, horas, local, mes_largo, numero, porcentaje
from reportes.ciudadania import seccion_ciudadania
from reportes.graficas import (
    ALTO_AREA,
    ALTO_BARRA,
    SEPARACION,
    barras_agrupadas,
    barras_horizontales,
)
from reportes.mensual_campanas import seccion_campanas
from reportes.mensual_extra import (
    etiqueta_semana,
    seccion_notas_clave,
    seccion_tono_semanal,
)
from reportes.mensual_facebook import seccion_facebook
from reportes.pdf import COLOR_TENUE, COLORES_TONO, DocumentoPDF
from reportes.portal import seccion_portal

log = logging.getLogger(__name__)

# Cortes de latencia que usa la oficina: mismo turno, mismo día, día siguiente, después.
CORTES_LATENCIA = ((6.0, "menos de 6 h"), (24.0, "6 a 24 h"), (48.0, "24 a 48 h"))
MAS_DE_48 = "más de 48 h"
# Una página de gráfica legible: más medios o temas que éstos van sólo en la tabla.
MAXIMO_BARRAS = 12
ORDEN_TONO = ("positivo", "neutral", "negativo", "sin clasificar")
# Alto (mm) de una gráfica semanal con su título y leyenda: el título de sección no se queda solo
# al pie de la página si no cabe debajo la primera gráfica.
ALTO_GRAFICA_SEMANAL = ALTO_AREA + 40


def alto_barras(barras: int) -> float:
    """Alto de una gráfica de barras horizontales con su título (para no dejar el título solo)."""
    return barras * (ALTO_BARRA + SEPARACION) + 30


NOTA_METODOLOGICA = (
    "Metodología: una retoma es una nota que reproduce un boletín (íntegra, parcial o reescrita); "
    "las retomas rechazadas en revisión no cuentan. La tasa de retoma por medio es boletines "
    "publicados entre boletines que le llegaron. La latencia va de la emisión del boletín a la "
    "primera publicación de cada medio; la fidelidad media promedia la mejor nota de cada medio "
    "por boletín. El alcance es potencial: las audiencias declaradas por los medios, cada unidad "
    "(visitas al mes, tiraje, seguidores, audiencia) por separado y nunca sumadas, no lectores "
    "reales. Conforme a los Principios de "
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
    cifras: Indicadores
    cumplimiento: dict[int, CumplimientoMes]


def leer_mes(
    sesion: Session, anio: int, mes: int, zona: ZoneInfo, hoy: dt.date | None = None
) -> DatosMes:
    """Lee boletines, retomas, envíos, notas, convenios y su cumplimiento del mes local."""
    if not 1 <= mes <= 12:
        raise ValueError(f"mes inválido: {mes} (debe ser de 1 a 12)")
    primero = dt.date(anio, mes, 1)
    ultimo = dt.date(anio, mes, calendar.monthrange(anio, mes)[1])
    inicio, fin = dias_utc(primero, ultimo, zona)
    convenios = consultas.convenios_vigentes(sesion, primero, ultimo)
    return DatosMes(
        anio=anio,
        mes=mes,
        zona=zona,
        boletines=consultas.boletines_del_periodo(sesion, inicio, fin),
        retomas=consultas.retomas_del_periodo(sesion, inicio, fin),
        envios=consultas.envios_del_periodo(sesion, inicio, fin),
        notas=consultas.notas_del_periodo(sesion, inicio, fin),
        convenios=convenios,
        cifras=cmet.indicadores(sesion, inicio, fin),
        cumplimiento=_cumplimiento_del_mes(sesion, convenios, anio, mes, hoy),
    )


def _cumplimiento_del_mes(
    sesion: Session, convenios: pd.DataFrame, anio: int, mes: int, hoy: dt.date | None
) -> dict[int, CumplimientoMes]:
    """El renglón del mes de cada convenio, de la misma lista que la pantalla de convenios."""
    renglones: dict[int, CumplimientoMes] = {}
    for convenio_id in convenios.get("convenio_id", pd.Series(dtype=int)):
        meses = cmet.cumplimiento_de_convenio(sesion, int(convenio_id), hoy)
        renglon = next((m for m in meses if (m.anio, m.mes) == (anio, mes)), None)
        if renglon is not None:
            renglones[int(convenio_id)] = renglon
    return renglones


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
    """Por medio: recibidos, publicados, tasa, retomas, latencia y fidelidad (las del tablero)."""
    columnas = ["medio", "recibidos", "publicados", "tasa", "retomas", "latencia_h", "fidelidad"]
    if datos.envios.empty and datos.retomas.empty:
        return pd.DataFrame(columns=columnas)
    partes = [datos.envios[["medio_id", "medio"]], datos.retomas[["medio_id", "medio"]]]
    medios = pd.concat(partes).drop_duplicates("medio_id").assign(audiencia=float("nan"))
    tabla = metricas.clasificacion_de_medios(medios, datos.envios, datos.retomas)
    retomas = datos.retomas.groupby("medio_id").size()
    tabla["retomas"] = tabla["medio_id"].map(dict(retomas.items())).fillna(0).astype(int)
    tabla = tabla.rename(columns={"enviados": "recibidos"})
    return tabla.sort_values(["publicados", "retomas", "medio"], ascending=[False, False, True])[
        columnas
    ]


def tono_del_mes(cifras: Indicadores) -> list[tuple[str, int]]:
    """(tono efectivo, notas) en orden fijo, de los indicadores del mes."""
    return [(t, cifras.conteo_tono(t)) for t in ORDEN_TONO if cifras.conteo_tono(t)]


def temas_del_mes(datos: DatosMes) -> list[tuple[str, int]]:
    """Temas más frecuentes en las notas del mes (o, si no hay, en los boletines)."""
    conteo: Counter[str] = Counter()
    for temas in datos.notas.get("temas", pd.Series(dtype=object)):
        conteo.update(t for t in (temas or []) if t)
    if not conteo and not datos.boletines.empty:
        conteo.update(t for t in datos.boletines["tema"] if isinstance(t, str) and t)
    return conteo.most_common(MAXIMO_BARRAS)


def distribucion_latencia(retomas: pd.DataFrame) -> list[tuple[str, int]]:
    """Primeras publicaciones de cada medio por boletín, por tramo de latencia (como la mediana)."""
    conteo: Counter[str] = Counter()
    for valor in metricas.latencias(retomas)["latencia_h"].dropna():
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
    """Por convenio: meta del mes, entregadas (retomas y ligadas, sin críticas) y estado."""
    tabla = datos.convenios.copy()
    if tabla.empty:
        return tabla.assign(acordadas=[], entregadas=[], cumplimiento=[], estado=[])
    renglones = [datos.cumplimiento.get(int(i)) for i in tabla["convenio_id"]]
    tabla["acordadas"] = [r.acordadas if r else 0 for r in renglones]
    tabla["entregadas"] = [r.publicadas if r else 0 for r in renglones]
    tabla["cumplimiento"] = [r.proporcion if r else None for r in renglones]
    tabla["estado"] = [r.texto_estado if r else "fuera de vigencia" for r in renglones]
    return tabla


# --- PDF ---------------------------------------------------------------------------------------


def generar_mensual(
    sesion: Session, anio: int, mes: int, salida: Path, hoy: dt.date | None = None
) -> Path:
    """Genera el reporte mensual en PDF y devuelve la ruta."""
    zona = configuracion.cargar().zona
    datos = leer_mes(sesion, anio, mes, zona, hoy)
    pdf = DocumentoPDF(f"Reporte mensual — {mes_largo(anio, mes)}", zona)
    pdf.titulo(f"Reporte mensual de monitoreo: {MESES[mes - 1]} de {anio}")
    _resumen(pdf, datos)
    # La nota de método va con los indicadores que explica (al final quedaba sola en una página).
    pdf.ln(2)
    pdf.parrafo(NOTA_METODOLOGICA, 7.5, "I", COLOR_TENUE)
    _seccion_tendencia(pdf, datos)
    _seccion_tono_semanal(pdf, datos, sesion)
    _seccion_medios(pdf, datos)
    _seccion_tono_temas(pdf, datos)
    _seccion_latencia(pdf, datos)
    _seccion_convenios(pdf, datos)
    seccion_ciudadania(pdf, sesion, anio, mes, zona)
    seccion_portal(pdf, sesion)
    seccion_campanas(pdf, sesion, anio, mes, zona)
    seccion_facebook(pdf, sesion, anio, mes, zona)
    return pdf.guardar(salida)


def _seccion_tono_semanal(pdf: DocumentoPDF, datos: DatosMes, sesion: Session) -> None:
    """Tono por semana y notas clave del mes (mayor alcance y más negativas)."""
    pdf.seccion("Tono por semana y notas clave", ALTO_GRAFICA_SEMANAL)
    semanas = semanas_del_mes(datos.anio, datos.mes)
    seccion_tono_semanal(pdf, datos.notas, semanas, datos.anio, datos.mes, datos.zona)
    primero = dt.date(datos.anio, datos.mes, 1)
    ultimo = dt.date(datos.anio, datos.mes, calendar.monthrange(datos.anio, datos.mes)[1])
    inicio, fin = dias_utc(primero, ultimo, datos.zona)
    seccion_notas_clave(pdf, notas_del_ayuntamiento(sesion, inicio, fin), datos.zona)


def _resumen(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Indicadores del mes: los mismos del tablero y de `monitoreo metricas`."""
    c = datos.cifras
    medios = datos.retomas["medio_id"].nunique() if not datos.retomas.empty else 0
    pdf.indicadores(
        [
            (numero(c.boletines), "boletines emitidos"),
            (numero(c.boletines_retomados), "boletines retomados"),
            (porcentaje(c.tasa_retoma), "tasa de retoma"),
            (numero(c.retomas), "retomas (notas que retoman boletín)"),
            (numero(medios), "medios que publicaron"),
            (numero(c.notas), "notas del mes"),
            (horas(c.latencia_mediana_horas), "latencia mediana"),
            (porcentaje(c.fidelidad_media), "fidelidad media"),
            *[(numero(u.total), f"alcance potencial: {u.etiqueta}") for u in c.alcance.con_dato()],
        ]
    )
    pdf.parrafo(_texto_alcance(c), 7.5, "I", COLOR_TENUE)


def _texto_alcance(cifras: Indicadores) -> str:
    """De dónde sale cada unidad de alcance; las unidades nunca se suman entre sí."""
    partes = [
        f"{u.etiqueta}: {u.cuantos_medios}, fuente {', '.join(u.fuentes) or 'sin fuente'}, "
        f"dato de {fecha_larga(u.fecha_dato)}"
        for u in cifras.alcance.con_dato()
    ]
    texto = "Alcance potencial por unidad (no se suman entre sí). " + "; ".join(partes) + "."
    if cifras.alcance.sin_dato:
        texto += f" {numero(cifras.alcance.sin_dato)} publicaciones de medios sin audiencia"
        texto += " declarada no suman alcance."
    return texto


def _seccion_tendencia(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Tendencia de retoma por semana: gráfica y tabla."""
    pdf.seccion("Tendencia de retoma por semana", ALTO_GRAFICA_SEMANAL)
    tabla = tendencia_semanal(datos)
    etiquetas = [etiqueta_semana(s, datos.anio, datos.mes) for s in tabla["semana"]]
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
    tabla = clasificacion_de_medios(datos)
    arriba = tabla.head(MAXIMO_BARRAS)
    pdf.seccion("Clasificación de medios", alto_barras(len(arriba)))
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
    tonos = tono_del_mes(datos.cifras)
    pdf.seccion("Tono y temas", alto_barras(len(tonos)))
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
        pdf,
        "Temas más frecuentes",
        [etiquetas.tema(t) for t, _ in temas],
        [float(n) for _, n in temas],
    )


def _seccion_latencia(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Distribución de la latencia de publicación."""
    pdf.seccion("Latencia de publicación", alto_barras(len(CORTES_LATENCIA) + 1))
    tramos = distribucion_latencia(datos.retomas)
    if sum(n for _, n in tramos):
        barras_horizontales(
            pdf,
            "Primera publicación de cada medio según el tiempo entre boletín y nota",
            [e for e, _ in tramos],
            [float(n) for _, n in tramos],
        )
    else:
        barras_horizontales(
            pdf, "Primera publicación de cada medio según el tiempo entre boletín y nota", [], []
        )


def _seccion_convenios(pdf: DocumentoPDF, datos: DatosMes) -> None:
    """Notas pagadas contra ganadas y cumplimiento de entregables de cada convenio."""
    pdf.seccion("Convenios: pagado y ganado", alto_barras(3))
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
            numero(f.acordadas),
            numero(f.entregadas),
            porcentaje(f.cumplimiento),
            f.estado,
        ]
        for f in tabla.itertuples()
    ]
    # Encabezados de palabras cortas y anchos que no parten el folio ni una palabra en dos.
    encabezados = [
        "Convenio",
        "Medio",
        "Monto con IVA",
        "Notas al mes",
        "Notas entregadas",
        "Cumplimiento",
        "Estado",
    ]
    pdf.tabla(encabezados, filas, anchos=(1.6, 2.0, 1.5, 1.1, 1.4, 1.3, 1.6))
    pdf.parrafo(
        "Notas entregadas: retomas de nuestros boletines y notas que el personal ligó al convenio; "
        "las críticas no cuentan. El mes en curso se compara con lo exigible a la fecha.",
        7.5,
        "I",
        COLOR_TENUE,
    )
