"""Acceso a datos del tablero: abre la sesión, llama a consultas y métricas, y cachea.

Cada función pública tiene una gemela cacheada cuya clave incluye la URL de la base, para que
dos bases (p. ej. en pruebas o tras `monitoreo demo`) nunca compartan resultados.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from analisis import metricas
from analisis.indicadores import Indicadores
from datos.config import cargar
from datos.consultas import boletines as cb
from datos.consultas import medios as cm
from datos.consultas import metricas as cmet
from datos.consultas import notas as cn
from datos.consultas.boletines import DetalleBoletin
from datos.consultas.campanas import CapturaDeBanner, captura_de_entrega
from datos.consultas.notas import FiltroNotas
from datos.consultas.reportes import convenios_vigentes
from datos.consultas.sintesis import EdicionSintesis, edicion_del_dia
from datos.consultas.testigos import EvidenciaNota
from datos.sesion import motor_por_url, sesion
from oficina.convenios import cumplimiento
from reportes.formato import periodo_anterior, rango_utc, resaltar
from reportes.sintesis import armar_sintesis
from tablero import paralelo

log = logging.getLogger(__name__)

# Segundos que vive un resultado en caché: el rastreador escribe cada hora y el personal corrige
# retomas a cada rato; un minuto evita consultas repetidas al navegar sin ocultar lo nuevo.
T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")
TTL_SEGUNDOS = 60
# Tope de filas exportadas a CSV/Excel (un año de la demostración cabe de sobra).
LIMITE_EXPORTACION = 20_000


@dataclass(frozen=True)
class Resumen:
    """Todo lo que muestra la página Resumen, calculado antes de pintar."""

    actual: Indicadores
    anterior: Indicadores
    tendencia: pd.DataFrame
    importa: pd.DataFrame
    medios: pd.DataFrame


@dataclass(frozen=True)
class FichaBoletin:
    """Un boletín con su matriz de retoma y sus indicadores."""

    detalle: DetalleBoletin | None
    matriz: pd.DataFrame
    cifras: Indicadores | None


@dataclass(frozen=True)
class Comparacion:
    """Boletín y nota lado a lado, como HTML escapado con los pasajes retomados marcados."""

    titulo_nota: str
    html_boletin: str
    html_nota: str
    pasajes: int


@dataclass(frozen=True)
class FichaMedio:
    """Ficha de un medio: datos, retoma, tono, salud de recolección y convenios."""

    medio: pd.Series
    tono: pd.DataFrame
    fuentes: pd.DataFrame
    convenios: pd.DataFrame
    clases: pd.DataFrame


def url_base() -> str:
    """URL de la base configurada (parte de toda clave de caché)."""
    return cargar().url_bd


@contextmanager
def _sesion(url: str) -> Iterator[Session]:
    """Sesión de sólo lectura sobre la base de la URL."""
    with sesion(motor_por_url(url)) as s:
        yield s


def _rango(desde: dt.date, hasta: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Días locales a intervalo UTC."""
    return rango_utc(desde, hasta, cargar().zona)


def _clasificacion_de(
    s: Session,
    inicio: dt.datetime,
    fin: dt.datetime,
    retomas: pd.DataFrame | None = None,
    envios: pd.DataFrame | None = None,
    notas: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Clasificación de medios del periodo con sus notas publicadas (medio_id, notas)."""
    tabla = metricas.clasificacion_de_medios(
        cm.catalogo_medios(s),
        cb.envios_de_boletines(s, inicio, fin) if envios is None else envios,
        cb.retomas_de_boletines(s, inicio, fin) if retomas is None else retomas,
    )
    notas = cm.notas_por_medio(s, inicio, fin) if notas is None else notas
    tabla = tabla.merge(notas, on="medio_id", how="left")
    tabla["notas"] = tabla["notas"].fillna(0).astype(int)
    return tabla


def _importa_de(url: str, hasta: dt.date, desde: dt.date) -> pd.DataFrame:
    """Notas negativas recientes (ventana de días de la configuración) que requieren atención."""
    ventana = cargar().ventana_dias
    return _importa(url, max(desde, hasta - dt.timedelta(days=ventana - 1)), hasta)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _importa(url: str, desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """«Lo que importa hoy» de la ventana; cacheado aparte: no cambia al ampliar el periodo."""
    config = cargar()
    inicio, fin = _rango(desde, hasta)
    with _sesion(url) as s:
        negativas = cn.notas_negativas(s, inicio, fin)
        boletines = cb.boletines_emitidos(s, inicio, fin + dt.timedelta(days=config.ventana_dias))
    tabla = metricas.lo_que_importa_hoy(negativas, boletines, config.alcance_alerta)
    tabla["enlace"] = [
        metricas.enlace_publico(o, c)
        for o, c in zip(tabla["url_original"], tabla["url_canonica"], strict=True)
    ]
    return tabla


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _resumen(url: str, desde: dt.date, hasta: dt.date) -> Resumen:
    """Gemela cacheada de `resumen`."""
    inicio, fin = _rango(desde, hasta)
    # El periodo de comparación se calcula a la par, en el proceso de cálculo (segundo núcleo).
    anterior = paralelo.en_paralelo(
        cmet.indicadores_por_url, url, *_rango(*periodo_anterior(desde, hasta))
    )
    with _sesion(url) as s:
        # Envíos, retomas y tono por medio del periodo se leen una vez y sirven a KPIs,
        # tendencia y medios.
        envios = cb.envios_de_boletines(s, inicio, fin)
        retomas = cb.retomas_de_boletines(s, inicio, fin)
        por_medio = cmet.tono_por_medio(s, inicio, fin)
        notas = por_medio.groupby("medio_id", as_index=False).agg(notas=("notas", "sum"))
        horas = cn.notas_por_hora(s, inicio, fin)
        return Resumen(
            actual=cmet.indicadores(s, inicio, fin, leidas=(envios, retomas), tono=por_medio),
            anterior=anterior(),
            tendencia=metricas.tendencia_semanal(
                horas["hora"], retomas["fecha_publicacion"], cargar().zona, horas["notas"]
            ),
            importa=_importa_de(url, hasta, desde),
            medios=_clasificacion_de(s, inicio, fin, retomas, envios, notas),
        )


def resumen(desde: dt.date, hasta: dt.date) -> Resumen:
    """KPIs del periodo y del anterior, tendencias, lo que importa hoy y medios."""
    return _resumen(url_base(), desde, hasta)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _boletines(url: str, desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """Gemela cacheada de `boletines`."""
    inicio, fin = _rango(desde, hasta)
    with _sesion(url) as s:
        tabla = cb.lista_boletines(s, inicio, fin)
        envios = cb.envios_de_boletines(s, inicio, fin)
        retomas = cb.retomas_de_boletines(s, inicio, fin)
    tasas = metricas.tasa_de_retoma_por_boletin(envios, retomas)[["boletin_id", "tasa"]]
    return tabla.merge(tasas, on="boletin_id", how="left")


def boletines(desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """Boletines del periodo con enviados, retomas, medios que publicaron y tasa de retoma."""
    return _boletines(url_base(), desde, hasta)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _boletin(url: str, boletin_id: int) -> FichaBoletin:
    """Gemela cacheada de `boletin`."""
    with _sesion(url) as s:
        detalle = cb.detalle_boletin(s, boletin_id)
        if detalle is None:
            return FichaBoletin(None, pd.DataFrame(), None)
        envios = cb.envios_del_boletin(s, boletin_id)
        retomas = cb.retomas_del_boletin(s, boletin_id)
        cifras = cmet.indicadores_de_boletin(s, boletin_id)
    matriz = metricas.matriz_de_retoma(envios, retomas, detalle.fecha_emision)
    return FichaBoletin(detalle, matriz, cifras)


def boletin(boletin_id: int) -> FichaBoletin:
    """Detalle del boletín, su matriz de retoma y sus indicadores (los del reporte por boletín)."""
    return _boletin(url_base(), boletin_id)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _comparacion(url: str, boletin_id: int, nota_id: int) -> Comparacion | None:
    """Gemela cacheada de `comparacion`."""
    with _sesion(url) as s:
        detalle = cb.detalle_boletin(s, boletin_id)
        nota = cb.texto_de_nota(s, nota_id)
        retomas = cb.retomas_del_boletin(s, boletin_id)
    if detalle is None or nota is None:
        return None
    filas = retomas[retomas["nota_id"] == nota_id]
    pasajes = [p for lista in filas["pasajes"] for p in (lista or [])]
    return Comparacion(
        titulo_nota=nota[0],
        html_boletin=resaltar(detalle.texto, [p["boletin"] for p in pasajes if "boletin" in p]),
        html_nota=resaltar(nota[1], [p["nota"] for p in pasajes if "nota" in p]),
        pasajes=len(pasajes),
    )


def comparacion(boletin_id: int, nota_id: int) -> Comparacion | None:
    """Boletín y nota con los pasajes retomados resaltados (texto siempre escapado)."""
    return _comparacion(url_base(), boletin_id, nota_id)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _medios(url: str, desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """Gemela cacheada de `medios`."""
    with _sesion(url) as s:
        return _clasificacion_de(s, *_rango(desde, hasta))


def medios(desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """Clasificación de medios del periodo por tasa de retoma."""
    return _medios(url_base(), desde, hasta)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _ficha(url: str, medio_id: int, desde: dt.date, hasta: dt.date) -> FichaMedio | None:
    """Gemela cacheada de `ficha_medio`."""
    inicio, fin = _rango(desde, hasta)
    # La clasificación del periodo ya está en la caché de la página Medios: no se recalcula.
    tabla = _medios(url, desde, hasta)
    fila = tabla[tabla["medio_id"] == medio_id]
    if fila.empty:
        return None
    with _sesion(url) as s:
        return FichaMedio(
            medio=fila.iloc[0],
            tono=metricas.distribucion_de_tono(cmet.conteo_tono(s, inicio, fin, medio_id)),
            fuentes=cm.salud_de_fuentes(s, medio_id),
            convenios=cm.convenios_del_medio(s, medio_id),
            clases=cm.pagadas_y_ganadas(s, medio_id, inicio, fin),
        )


def ficha_medio(medio_id: int, desde: dt.date, hasta: dt.date) -> FichaMedio | None:
    """Ficha de un medio en el periodo; None si el medio no existe."""
    return _ficha(url_base(), medio_id, desde, hasta)


def filtro_de_notas(
    desde: dt.date | None,
    hasta: dt.date | None,
    *,
    texto: str = "",
    medios: tuple[int, ...] = (),
    tipos_captura: tuple[str, ...] = (),
    tonos: tuple[str, ...] = (),
    niveles: tuple[str, ...] = (),
    tema: str | None = None,
) -> FiltroNotas:
    """Construye el filtro de notas con las fechas locales convertidas a UTC."""
    return FiltroNotas(
        inicio=_rango(desde, desde)[0] if desde else None,
        fin=_rango(hasta, hasta)[1] if hasta else None,
        texto=texto,
        medios=medios,
        tipos_captura=tipos_captura,
        tonos=tonos,
        niveles=niveles,
        tema=tema,
    )


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _total_notas(url: str, filtro: FiltroNotas) -> int:
    """Total de coincidencias del filtro (la clave no lleva la página: cambiarla no recuenta)."""
    with _sesion(url) as s:
        return cn.contar_busqueda(s, filtro)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _notas(url: str, filtro: FiltroNotas, pagina: int, por_pagina: int) -> tuple[pd.DataFrame, int]:
    """Gemela cacheada de `notas`."""
    total = _total_notas(url, filtro)
    with _sesion(url) as s:
        tabla = cn.buscar_notas(s, filtro, pagina, por_pagina)
    tabla["enlace"] = [
        metricas.enlace_publico(o, c)
        for o, c in zip(tabla["url_original"], tabla["url_canonica"], strict=True)
    ]
    return tabla, total


def notas(
    filtro: FiltroNotas, pagina: int = 1, por_pagina: int = cn.POR_PAGINA
) -> tuple[pd.DataFrame, int]:
    """Una página de notas filtradas y el total de coincidencias."""
    return _notas(url_base(), filtro, pagina, por_pagina)


def notas_para_exportar(filtro: FiltroNotas) -> pd.DataFrame:
    """Todas las notas del filtro (hasta el tope de exportación)."""
    return notas(filtro, 1, LIMITE_EXPORTACION)[0]


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _opciones(url: str) -> tuple[pd.DataFrame, list[str]]:
    """Gemela cacheada de `opciones_de_filtro`."""
    with _sesion(url) as s:
        return cm.catalogo_medios(s)[["medio_id", "medio"]], cn.temas_de_notas(s)


def opciones_de_filtro() -> tuple[pd.DataFrame, list[str]]:
    """Medios (id, nombre) y temas disponibles para los filtros."""
    return _opciones(url_base())


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _fotos_de_boletin(url: str, folio: str) -> pd.DataFrame:
    """Fotos nuestras adjuntas al boletín que aparecen (por pHash) en notas de los medios."""
    from datos.consultas.fotos import fotos_reusadas

    with _sesion(url) as s:
        filas = fotos_reusadas(s, folio=folio)
    columnas = ["nota_id", "medio", "nombre_archivo", "distancia", "url_imagen"]
    return pd.DataFrame([{c: getattr(f, c) for c in columnas} for f in filas], columns=columnas)


def fotos_de_boletin(folio: str) -> pd.DataFrame:
    """Medios que publicaron una foto nuestra del boletín (evidencia de retoma)."""
    return _fotos_de_boletin(url_base(), folio)


def leer(funcion: Callable[[Session], T]) -> T:
    """Lectura sin caché (formularios); si la base falla, lo explica y detiene la página."""

    def _leer() -> T:
        with sesion() as s:
            return funcion(s)

    return con_datos(_leer)


def con_datos(funcion: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Carga los datos de la página o, si la base falla, explica qué hacer y detiene la página."""
    try:
        return funcion(*args, **kwargs)
    except SQLAlchemyError:
        st.error(
            "No se pudo leer la base de datos. Si es nueva, ejecuta `monitoreo inicializar`; "
            "si no, revisa `MONITOREO_BD`."
        )
        st.stop()
        raise  # st.stop() no regresa; esto sólo satisface al verificador de tipos.


def evidencia(nota_id: int) -> EvidenciaNota | None:
    """La nota con todos sus testigos (sin caché: se abre una a la vez y debe ser la última)."""
    from datos.consultas.testigos import evidencia_de_nota

    return leer(lambda s: evidencia_de_nota(s, nota_id))


def captura_de_banner(entrega_id: int) -> CapturaDeBanner | None:
    """La captura de un banner entregado (sin caché, como la evidencia de una nota)."""
    return leer(lambda s: captura_de_entrega(s, entrega_id))


@dataclass(frozen=True)
class EntradaEditable:
    """Una historia de la síntesis del día tal como la edita el personal."""

    clave: int
    seccion: str
    titular: str
    medios: tuple[str, ...]
    notas: tuple[int, ...]
    reclasificada: bool


@dataclass(frozen=True)
class SintesisEditable:
    """Las historias del día (con las excluidas) y la edición guardada."""

    entradas: tuple[EntradaEditable, ...]
    edicion: EdicionSintesis


def sintesis_editable(fecha: dt.date) -> SintesisEditable:
    """Historias de la síntesis del día en el orden guardado, sin quitar las excluidas."""
    with _sesion(url_base()) as s:
        edicion = edicion_del_dia(s, fecha)
        completa = armar_sintesis(s, fecha, cargar(), EdicionSintesis(orden=edicion.orden))
    entradas = tuple(
        EntradaEditable(
            clave=e.principal.nota.nota_id,
            seccion=seccion,
            titular=e.principal.nota.titulo,
            medios=e.medios,
            notas=tuple(p.nota.nota_id for p in e.piezas),
            reclasificada=any(p.nota.seccion_sintesis for p in e.piezas),
        )
        for seccion, es in completa.entradas
        for e in es
    )
    return SintesisEditable(entradas, edicion)


TONOS_HOY = ("positivo", "neutral", "negativo")


@dataclass(frozen=True)
class BoletinDeAyer:
    """Un boletín de ayer: quién lo publicó y a quién se envió sin que lo publicara."""

    folio: str
    titular: str
    publicaron: tuple[str, ...]
    no_publicaron: tuple[str, ...]


@dataclass(frozen=True)
class Hoy:
    """El bloque «Hoy» del Resumen: notas del Ayuntamiento, boletines de ayer y convenios."""

    fecha: dt.date
    notas: pd.DataFrame  # medio, dia («Hoy»/«Ayer»), positivo, neutral, negativo, total
    boletines_ayer: tuple[BoletinDeAyer, ...]
    convenios: pd.DataFrame  # medio, numero, acordadas, publicadas, faltan


def hoy_en_resumen(fecha: dt.date) -> Hoy:
    """Lo del día para la directora, sin depender del periodo elegido."""
    return _hoy(url_base(), fecha)


@st.cache_data(ttl=TTL_SEGUNDOS, show_spinner=False)
def _hoy(url: str, fecha: dt.date) -> Hoy:
    """Gemela cacheada de `hoy_en_resumen`."""
    ayer = fecha - dt.timedelta(days=1)
    with _sesion(url) as s:
        notas = pd.concat([_del_ayuntamiento(s, fecha, "Hoy"), _del_ayuntamiento(s, ayer, "Ayer")])
        boletines = tuple(_boletines_de(s, ayer))
        convenios = _convenios_del_mes(s, fecha)
    return Hoy(fecha, notas.reset_index(drop=True), boletines, convenios)


def _del_ayuntamiento(s: Session, fecha: dt.date, dia: str) -> pd.DataFrame:
    """Notas del día que retoman un boletín o mencionan al Ayuntamiento, por medio y tono."""
    columnas = ["dia", "medio", *TONOS_HOY, "total"]
    conteo = cmet.tono_del_ayuntamiento_por_medio(s, *_rango(fecha, fecha))
    if conteo.empty:
        return pd.DataFrame(columns=columnas)
    conteo["tono"] = conteo["tono"].map(lambda t: getattr(t, "value", t))
    tabla = conteo.pivot_table(
        index="medio", columns="tono", values="notas", aggfunc="sum", fill_value=0
    ).reindex(columns=TONOS_HOY, fill_value=0)
    tabla["total"] = conteo.groupby("medio")["notas"].sum().reindex(tabla.index).astype(int)
    tabla = tabla.reset_index()
    tabla["dia"] = dia
    return tabla[columnas].sort_values("total", ascending=False)


def _boletines_de(s: Session, fecha: dt.date) -> Iterator[BoletinDeAyer]:
    """Los boletines emitidos ese día con su matriz de retoma resumida."""
    inicio, fin = _rango(fecha, fecha)
    for fila in cb.lista_boletines(s, inicio, fin).to_dict("records"):
        boletin_id = int(fila["boletin_id"])
        matriz = metricas.matriz_de_retoma(
            cb.envios_del_boletin(s, boletin_id),
            cb.retomas_del_boletin(s, boletin_id),
            fila["fecha_emision"],
        )
        publicaron = matriz[matriz["publico"]]["medio"]
        faltan = matriz[~matriz["publico"] & matriz["enviado"]]["medio"]
        yield BoletinDeAyer(
            str(fila["folio"]), str(fila["titular"]), tuple(publicaron), tuple(faltan)
        )


def _convenios_del_mes(s: Session, fecha: dt.date) -> pd.DataFrame:
    """Convenios vigentes: notas acordadas y publicadas en lo que va del mes."""
    vigentes = convenios_vigentes(s, fecha.replace(day=1), fecha)
    filas = []
    for fila in vigentes.to_dict("records"):
        meses = cumplimiento(s, int(fila["convenio_id"]), fecha, solo_mes=True)
        mes = next((m for m in meses if (m.anio, m.mes) == (fecha.year, fecha.month)), None)
        if mes is not None:
            faltan = max(mes.acordadas - mes.publicadas, 0)
            filas.append([fila["medio"], fila["numero"], mes.acordadas, mes.publicadas, faltan])
    columnas = ["medio", "numero", "acordadas", "publicadas", "faltan"]
    return pd.DataFrame(filas, columns=columnas)
