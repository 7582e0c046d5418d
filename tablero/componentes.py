"""Componentes del tablero: periodo, KPIs, tablas, gráficas Altair, paletas y descargas es-MX."""

from __future__ import annotations

import datetime as dt
import html
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from datos.config import cargar
from datos.consultas.boletines import DetalleBoletin
from datos.consultas.notas import POR_PAGINA, FiltroNotas
from datos.modelos import NivelRetoma, TipoCaptura, Tono
from tablero import formato
from tablero.acceso import (
    Comparacion,
    FichaMedio,
    Indicadores,
    filtro_de_notas,
    notas_para_exportar,
)

P = ParamSpec("P")
R = TypeVar("R")

# Paletas fijas: el mismo color significa lo mismo en todas las páginas y reportes.
# Tono: verde/gris/rojo de ColorBrewer RdYlGn (distinguibles en daltonismo rojo-verde por brillo).
PALETA_TONO = {
    "positivo": "#1a9850",
    "neutral": "#8c8c8c",
    "negativo": "#d73027",
    "sin clasificar": "#d9d9d9",
}
# Niveles de retoma: azules de más (íntegra) a menos (reescrita) intensos.
PALETA_NIVEL = {"integra": "#08519c", "parcial": "#4292c6", "reescrita": "#9ecae1"}
COLOR_MARKDOWN = {
    "positivo": "green",
    "neutral": "gray",
    "negativo": "red",
    "sin clasificar": "gray",
}
ETIQUETA_NIVEL = {"integra": "íntegra", "parcial": "parcial", "reescrita": "reescrita"}
DIAS_POR_OMISION = 30
# Alto de fila de st.dataframe en píxeles y filas visibles sin desplazarse (una página de notas).
ALTO_FILA = 35
FILAS_VISIBLES = 25
TODOS = "Todos"
ETIQUETA_TIPO = {
    "television": "televisión",
    "red_social": "red social",
    "seccion": "sección",
    "ocr": "OCR",
    "pdf": "PDF",
    "rss": "RSS",
    "importacion": "importación",
}


@dataclass(frozen=True)
class Kpi:
    """Un indicador con su cambio contra el periodo anterior."""

    etiqueta: str
    valor: str
    cambio: str | None = None
    ayuda: str | None = None
    inverso: bool = False


def hoy() -> dt.date:
    """La fecha de hoy en la zona de la oficina."""
    return dt.datetime.now(cargar().zona).date()


def selector_periodo(clave: str, dias: int = DIAS_POR_OMISION) -> tuple[dt.date, dt.date]:
    """Dos fechas (desde, hasta); por omisión los últimos `dias` días hasta hoy."""
    fin = hoy()
    izquierda, derecha = st.columns(2)
    desde = izquierda.date_input(
        "Desde", fin - dt.timedelta(days=dias - 1), key=f"{clave}_desde", format="DD/MM/YYYY"
    )
    hasta = derecha.date_input("Hasta", fin, key=f"{clave}_hasta", format="DD/MM/YYYY")
    if desde > hasta:
        st.warning("La fecha inicial es posterior a la final: se intercambiaron.")
        desde, hasta = hasta, desde
    return desde, hasta


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


def vacio(mensaje: str) -> None:
    """Estado vacío que dice qué hacer."""
    st.info(mensaje, icon=":material/info:")


def kpis(indicadores: Sequence[Kpi], por_fila: int = 4) -> None:
    """Fila(s) de métricas con su cambio contra el periodo anterior."""
    for inicio in range(0, len(indicadores), por_fila):
        columnas = st.columns(por_fila)
        for columna, kpi in zip(columnas, indicadores[inicio : inicio + por_fila], strict=False):
            columna.metric(
                kpi.etiqueta,
                kpi.valor,
                kpi.cambio,
                delta_color="inverse" if kpi.inverso else "normal",
                help=kpi.ayuda,
                border=True,
            )


def grafica_tendencia(tendencia: pd.DataFrame) -> None:
    """Líneas de notas y retomas por semana."""
    datos = tendencia.assign(semana=pd.to_datetime(tendencia["semana"]))
    grafica = (
        alt.Chart(datos)
        .mark_line(point=True)
        .encode(
            x=alt.X("semana:T", title="Semana (lunes)", axis=alt.Axis(format="%d/%m")),
            y=alt.Y("cantidad:Q", title="Cantidad"),
            color=alt.Color(
                "serie:N",
                title=None,
                scale=alt.Scale(domain=["Notas", "Retomas"], range=["#4d4d4d", "#08519c"]),
            ),
            tooltip=[
                alt.Tooltip("semana:T", title="Semana", format="%d/%m/%Y"),
                alt.Tooltip("serie:N", title="Serie"),
                alt.Tooltip("cantidad:Q", title="Cantidad", format=",d"),
            ],
        )
    )
    st.altair_chart(grafica, width="stretch")


def grafica_tono(distribucion: pd.DataFrame) -> None:
    """Barra apilada horizontal con el reparto de tono (colores fijos)."""
    datos = distribucion[distribucion["notas"] > 0].assign(
        porcentaje=lambda d: d["proporcion"].map(formato.porcentaje)
    )
    grafica = (
        alt.Chart(datos)
        .mark_bar()
        .encode(
            x=alt.X("notas:Q", stack="normalize", title=None, axis=alt.Axis(format="%")),
            color=alt.Color(
                "tono:N",
                title=None,
                scale=alt.Scale(domain=list(PALETA_TONO), range=list(PALETA_TONO.values())),
                # Sin leyenda de Altair: Streamlit la recorta en gráficas bajas; va en texto abajo.
                legend=None,
            ),
            order=alt.Order("orden:Q"),
            tooltip=[
                alt.Tooltip("tono:N", title="Tono"),
                alt.Tooltip("notas:Q", title="Notas", format=",d"),
                alt.Tooltip("porcentaje:N", title="Proporción"),
            ],
        )
        .transform_calculate(orden=f"indexof({list(PALETA_TONO)}, datum.tono)")
        # Con menos de ~60 px Streamlit no dibuja la barra (probado en 1.67): se deja en 70.
        .properties(height=70)
    )
    st.altair_chart(grafica, width="stretch")
    leyenda = [
        f":{COLOR_MARKDOWN[tono]}[■] {tono} {formato.porcentaje(float(p), 0)}"
        for tono, p, n in zip(
            distribucion["tono"], distribucion["proporcion"], distribucion["notas"], strict=True
        )
        if int(n) > 0
    ]
    st.caption(" · ".join(leyenda))


def texto_tono(distribucion: pd.DataFrame) -> str:
    """«62 % positivo · 30 % neutral · 8 % negativo» (omite los tonos sin notas)."""
    partes = [
        f"{formato.porcentaje(float(proporcion), 0)} {tono}"
        for tono, notas, proporcion in zip(
            distribucion["tono"], distribucion["notas"], distribucion["proporcion"], strict=True
        )
        if int(notas) > 0 and tono != "sin clasificar"
    ]
    return " · ".join(partes) or formato.VACIO


def _negativas(distribucion: pd.DataFrame) -> float | None:
    """Proporción de notas negativas (None si no hay notas)."""
    if int(distribucion["notas"].sum()) == 0:
        return None
    return float(distribucion.loc[distribucion["tono"] == "negativo", "proporcion"].sum())


def tabla(
    marco: pd.DataFrame,
    columnas: dict[str, str],
    enlaces: Sequence[str] = (),
    filas: int = FILAS_VISIBLES,
) -> None:
    """Tabla con las columnas renombradas a su etiqueta; las de `enlaces` como vínculos."""
    vista = marco[list(columnas)].rename(columns=columnas)
    config = {
        columnas[c]: st.column_config.LinkColumn(columnas[c], display_text="Abrir") for c in enlaces
    }
    for c in enlaces:
        vista[columnas[c]] = vista[columnas[c]].astype(object).where(vista[columnas[c]].notna(), "")
    st.dataframe(
        vista,
        hide_index=True,
        column_config=config,
        width="stretch",
        height=ALTO_FILA * (min(len(vista), filas) + 1) + 3,
    )


def html_escapado(contenido_escapado: str, alto: int = 420) -> None:
    """Muestra HTML ya escapado (sólo <mark> y <br> propios) en un recuadro con desplazamiento."""
    st.html(
        f'<div style="max-height:{alto}px;overflow-y:auto;padding:0.5rem 0.75rem;'
        f'border:1px solid #ddd;border-radius:0.5rem;line-height:1.5">{contenido_escapado}</div>'
    )


def a_csv(marco: pd.DataFrame) -> bytes:
    """CSV en UTF-8 con BOM (Excel lo abre con acentos) y fórmulas neutralizadas."""
    texto = formato.neutralizar_formulas(marco).to_csv(index=False)
    return ("\ufeff" + texto).encode("utf-8")


def a_excel(marco: pd.DataFrame, hoja: str = "Notas") -> bytes:
    """Libro .xlsx con las celdas que parecen fórmula neutralizadas (siempre como texto)."""
    salida = io.BytesIO()
    with pd.ExcelWriter(
        salida, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}
    ) as libro:
        formato.neutralizar_formulas(marco).to_excel(libro, sheet_name=hoja, index=False)
    return salida.getvalue()


def descargas(obtener: Callable[[], pd.DataFrame], nombre: str) -> None:
    """Botones CSV y Excel; los datos se generan sólo al hacer clic (no en cada recarga)."""
    izquierda, derecha = st.columns(2)
    izquierda.download_button(
        "Descargar CSV",
        lambda: a_csv(obtener()),
        f"{nombre}.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    derecha.download_button(
        "Descargar Excel",
        lambda: a_excel(obtener()),
        f"{nombre}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
    )


# ---- Presentación por página: marcos crudos → tablas y KPIs en español de México. ----


def encabezado(texto: str, nivel: int = 3) -> None:
    """Encabezado con texto de la base, siempre escapado (nunca se interpreta como HTML)."""
    st.html(f"<h{nivel} style='margin:0.5rem 0'>{html.escape(texto)}</h{nivel}>")


def _a_float(valor: object) -> float | None:
    """Número o None (para None, NaN, NaT y textos no numéricos)."""
    try:
        numero = float(valor)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(numero) else numero


def _fecha(valor: object) -> str:
    """Fecha y hora locales o «—»."""
    if not isinstance(valor, dt.datetime) or pd.isna(valor):
        return formato.VACIO
    return formato.fecha_hora(valor, cargar().zona)


def _num(valor: object, decimales: int = 0) -> str:
    """Número es-MX o «—»."""
    return formato.numero(_a_float(valor), decimales)


def _pct(valor: object) -> str:
    """Porcentaje es-MX o «—»."""
    return formato.porcentaje(_a_float(valor))


def _horas(valor: object) -> str:
    """Horas es-MX o «—»."""
    return formato.horas(_a_float(valor))


def _cambio(actual: float | None, anterior: float | None, puntos: bool = False) -> str | None:
    """Cambio contra el periodo anterior, con la leyenda del periodo."""
    texto = formato.cambio(actual, anterior, puntos=puntos)
    return None if texto is None else f"{texto} vs. periodo anterior"


def kpis_resumen(actual: Indicadores, anterior: Indicadores) -> None:
    """Los siete KPIs de la directora con su cambio contra el periodo anterior."""
    a, b = actual, anterior
    kpis(
        [
            Kpi("Boletines emitidos", _num(a.boletines), _cambio(a.boletines, b.boletines)),
            Kpi("Boletines retomados", _num(a.retomados), _cambio(a.retomados, b.retomados)),
            Kpi(
                "Tasa de retoma",
                _pct(a.tasa_retoma),
                _cambio(a.tasa_retoma, b.tasa_retoma, puntos=True),
                "Boletines con al menos una retoma / boletines emitidos.",
            ),
            Kpi("Notas publicadas", _num(a.notas), _cambio(a.notas, b.notas)),
            Kpi(
                "Alcance potencial",
                _num(a.alcance.total),
                _cambio(a.alcance.total, b.alcance.total),
                "Audiencia declarada por los medios (potencial, no lectores reales); cada medio "
                f"cuenta una vez por boletín. {a.alcance.sin_dato} retomas de medios sin dato.",
            ),
            Kpi(
                "Notas negativas",
                _pct(_negativas(a.tono)),
                _cambio(_negativas(a.tono), _negativas(b.tono), puntos=True),
                f"Tono hacia el Ayuntamiento: {texto_tono(a.tono)}.",
                inverso=True,
            ),
            Kpi(
                "Latencia mediana",
                _horas(a.latencia_h),
                _cambio(a.latencia_h, b.latencia_h),
                "Tiempo entre la emisión del boletín y la primera publicación de cada medio.",
                inverso=True,
            ),
            Kpi("Fidelidad media", _pct(a.fidelidad), _cambio(a.fidelidad, b.fidelidad, True)),
        ]
    )


def tabla_importa(importa: pd.DataFrame) -> None:
    """Las pocas notas que requieren atención, cada una con su motivo."""
    vista = importa.assign(
        publicada=importa["fecha_publicacion"].map(_fecha),
        alcance=importa["audiencia"].map(_num),
    )
    tabla(
        vista,
        {
            "titulo": "Nota",
            "motivo": "Motivo",
            "medio": "Medio",
            "publicada": "Publicada",
            "alcance": "Alcance potencial",
            "enlace": "Enlace",
        },
        enlaces=["enlace"],
    )


def _etiqueta(valor: object) -> str:
    """Valor de catálogo como texto para la oficina («red_social» → «red social»)."""
    texto = str(valor) if valor is not None and not pd.isna(valor) else formato.VACIO  # type: ignore[call-overload]
    return ETIQUETA_TIPO.get(texto, texto.replace("_", " "))


def _vista_medios(medios: pd.DataFrame) -> pd.DataFrame:
    """Clasificación de medios formateada."""
    return medios.assign(
        tipo_txt=medios["tipo"].map(_etiqueta),
        tasa_txt=medios["tasa"].map(_pct),
        latencia_txt=medios["latencia_h"].map(_horas),
        fidelidad_txt=medios["fidelidad"].map(_pct),
        audiencia_txt=medios["audiencia"].map(_num),
        publicados_txt=[
            f"{p:,} de {e:,}"
            for p, e in zip(medios["de_enviados"], medios["enviados"], strict=True)
        ],
    )


COLUMNAS_MEDIOS = {
    "medio": "Medio",
    "tipo_txt": "Tipo",
    "publicados_txt": "Publicó (de enviados)",
    "tasa_txt": "Tasa de retoma",
    "sin_envio": "Retomas sin envío",
    "latencia_txt": "Latencia mediana",
    "fidelidad_txt": "Fidelidad media",
    "notas": "Notas",
    "audiencia_txt": "Audiencia potencial",
}


def tabla_medios(medios: pd.DataFrame) -> None:
    """Tabla de clasificación de medios por tasa de retoma."""
    tabla(_vista_medios(medios), COLUMNAS_MEDIOS)


def mejores_y_peores(medios: pd.DataFrame, cuantos: int = 3) -> None:
    """Los medios con mejor y peor tasa de retoma (sólo los que recibieron boletines)."""
    con_envios = medios[medios["enviados"] > 0].sort_values(
        ["tasa", "de_enviados"], ascending=False
    )
    if con_envios.empty:
        vacio("Ningún medio recibió boletines en este periodo: registra los envíos para medir.")
        return
    columnas = {k: COLUMNAS_MEDIOS[k] for k in ("medio", "publicados_txt", "tasa_txt")}
    # Los peores se toman de los que no están entre los mejores: nunca aparece un medio dos veces.
    peores = con_envios.iloc[cuantos:].tail(cuantos).iloc[::-1]
    izquierda, derecha = st.columns(2)
    with izquierda:
        st.markdown("**Mejores medios por retoma**")
        tabla(_vista_medios(con_envios.head(cuantos)), columnas)
    with derecha:
        st.markdown("**Medios que menos retoman**")
        if peores.empty:
            st.caption("Hay pocos medios con envíos en el periodo para comparar.")
        else:
            tabla(_vista_medios(peores), columnas)


def tabla_boletines(boletines: pd.DataFrame) -> None:
    """Lista de boletines con su conteo de retomas."""
    vista = boletines.assign(
        emitido=boletines["fecha_emision"].map(_fecha), tasa_txt=boletines["tasa"].map(_pct)
    )
    tabla(
        vista,
        {
            "folio": "Folio",
            "emitido": "Emitido",
            "titular": "Titular",
            "area": "Área",
            "enviados": "Medios enviados",
            "retomas": "Retomas",
            "medios_publicaron": "Medios que publicaron",
            "tasa_txt": "Tasa de retoma",
        },
        filas=8,
    )


def ficha_boletin(detalle: DetalleBoletin, matriz: pd.DataFrame) -> None:
    """Encabezado y KPIs del boletín elegido."""
    encabezado(f"{detalle.folio} · {detalle.titular}")
    st.caption(
        f"Emitido el {_fecha(detalle.fecha_emision)} · Área: {detalle.area or formato.VACIO}"
        f" · Tema: {detalle.tema or formato.VACIO}"
    )
    recibieron = int(matriz["recibio"].sum()) if not matriz.empty else 0
    publicaron = int(matriz["publico"].sum()) if not matriz.empty else 0
    de_recibidos = int((matriz["recibio"] & matriz["publico"]).sum()) if not matriz.empty else 0
    latencia = matriz["latencia_h"].median() if not matriz.empty else None
    kpis(
        [
            Kpi("Medios que lo recibieron", _num(recibieron), None, "Envíos sin falla."),
            Kpi("Medios que lo publicaron", _num(publicaron)),
            Kpi(
                "Tasa de retoma",
                _pct(de_recibidos / recibieron if recibieron else None),
                None,
                "Medios que lo publicaron de los que lo recibieron / medios que lo recibieron.",
            ),
            Kpi("Latencia mediana", _horas(latencia)),
        ]
    )


def tabla_matriz(matriz: pd.DataFrame) -> None:
    """Matriz de retoma: todos los medios enviados o que publicaron."""
    vista = matriz.assign(
        publico_txt=matriz["publico"].map({True: "Sí", False: "No"}),
        envio_txt=matriz["estado_envio"].fillna("sin envío"),
        publicada=matriz["fecha_publicacion"].map(_fecha),
        latencia=matriz["latencia_h"].map(_horas),
        nivel_txt=matriz["nivel"].map(lambda n: ETIQUETA_NIVEL.get(str(n), formato.VACIO)),
        fidelidad_txt=matriz["fidelidad"].map(_pct),
        testigo_txt=matriz["testigo"].fillna(formato.VACIO),
    )
    columnas = {
        "medio": "Medio",
        "envio_txt": "Envío",
        "publico_txt": "Publicó",
        "publicada": "Publicada",
        "latencia": "Latencia",
        "nivel_txt": "Nivel",
        "fidelidad_txt": "Fidelidad",
        "enlace": "Enlace",
        "testigo_txt": "Testigo",
    }
    tabla(vista, columnas, enlaces=["enlace"])


def comparacion(comp: Comparacion, folio: str) -> None:
    """Boletín y nota lado a lado con los pasajes retomados resaltados."""
    st.caption(f"{comp.pasajes} pasajes compartidos resaltados.")
    izquierda, derecha = st.columns(2)
    with izquierda:
        st.markdown(f"**Boletín {folio}**")
        html_escapado(comp.html_boletin)
    with derecha:
        encabezado(comp.titulo_nota, nivel=5)
        html_escapado(comp.html_nota)


def ficha_medio(ficha: FichaMedio) -> None:
    """Ficha del medio: retoma, latencia, alcance, tono, salud de recolección y convenio."""
    m = ficha.medio
    encabezado(str(m["medio"]))
    kpis(
        [
            Kpi("Tasa de retoma", _pct(m["tasa"]), None, f"{m['de_enviados']} de {m['enviados']}"),
            Kpi("Latencia mediana", _horas(m["latencia_h"])),
            Kpi("Fidelidad media", _pct(m["fidelidad"])),
            Kpi("Alcance potencial", _num(m["audiencia"]), None, _origen_audiencia(m)),
        ]
    )
    st.caption(f"Audiencia potencial declarada: {_origen_audiencia(m)}")
    st.markdown("**Tono hacia el Ayuntamiento**")
    if ficha.tono["notas"].sum() == 0:
        vacio("El medio no publicó notas en este periodo: amplía las fechas.")
    else:
        grafica_tono(ficha.tono)
    _salud(ficha.fuentes)
    _convenio(ficha.convenios, ficha.clases)


def _origen_audiencia(m: pd.Series) -> str:
    """«120,000 visitantes_mes · fuente · fecha» o aviso de que falta el dato."""
    if pd.isna(m["audiencia"]):
        return "sin dato de audiencia: regístralo en el padrón del medio"
    fecha = m["audiencia_fecha"]
    partes = [str(m["audiencia_tipo"] or "tipo sin especificar").replace("_", " ")]
    partes.append(str(m["audiencia_fuente"] or "fuente sin especificar"))
    partes.append(formato.fecha_larga(fecha) if fecha is not None and not pd.isna(fecha) else "")
    return " · ".join(p for p in partes if p)


def _salud(fuentes: pd.DataFrame) -> None:
    """Salud de recolección por fuente."""
    st.markdown("**Salud de recolección**")
    if fuentes.empty:
        vacio("Sin fuentes de recolección: agrega una con `monitoreo fuentes agregar`.")
        return
    vista = fuentes.assign(
        exito=fuentes["ultimo_exito"].map(_fecha),
        error=fuentes["ultimo_error"].map(_fecha),
        motivo=fuentes["motivo_error"].fillna(formato.VACIO),
    )
    tabla(
        vista,
        {
            "tipo": "Tipo",
            "url": "Dirección",
            "exito": "Último éxito",
            "error": "Último error",
            "motivo": "Motivo",
            "fallas_consecutivas": "Fallas seguidas",
            "notas_totales": "Notas",
        },
    )


def _convenio(convenios: pd.DataFrame, clases: pd.DataFrame) -> None:
    """Convenios (lo pagado) frente a notas pagadas y ganadas del periodo."""
    st.markdown("**Convenio: pagado frente a ganado**")
    conteo = dict(zip(clases["clase"], clases["notas"], strict=True))
    st.caption(
        f"Notas pagadas: {_num(conteo.get('pagada', 0))} · ganadas: {_num(conteo.get('ganada', 0))}"
        f" · sin clasificar: {_num(conteo.get('sin clasificar', 0))}"
    )
    if convenios.empty:
        st.caption("Sin convenio: todo lo publicado por este medio es ganado.")
        return
    vista = convenios.assign(
        monto=convenios["monto_total"].map(lambda v: f"$ {_num(v, 2)}"),
        vigencia=[
            f"{formato.fecha_larga(a)} al {formato.fecha_larga(b)}"
            for a, b in zip(convenios["vigencia_inicio"], convenios["vigencia_fin"], strict=True)
        ],
    )
    columnas = {"numero": "Convenio", "concepto": "Concepto", "monto": "Monto pagado (con IVA)"}
    tabla(vista, {**columnas, "vigencia": "Vigencia", "notas_mes": "Notas al mes"})


def tabla_notas(notas: pd.DataFrame) -> None:
    """Página de resultados de la búsqueda de notas."""
    tabla(vista_notas(notas), COLUMNAS_NOTAS, enlaces=["enlace"])


COLUMNAS_NOTAS = {
    "publicada": "Publicada",
    "medio": "Medio",
    "titulo": "Título",
    "captura": "Captura",
    "tono_txt": "Tono",
    "nivel_txt": "Retoma",
    "temas_txt": "Temas",
    "enlace": "Enlace",
}


def vista_notas(notas: pd.DataFrame) -> pd.DataFrame:
    """Notas con fecha, tono, nivel y temas en texto legible (también para exportar)."""
    return notas.assign(
        captura=notas["tipo_captura"].map(_etiqueta),
        publicada=notas["fecha_publicacion"].map(_fecha),
        tono_txt=notas["tono"].fillna("sin clasificar"),
        nivel_txt=notas["nivel"].map(lambda n: ETIQUETA_NIVEL.get(str(n), formato.VACIO)),
        temas_txt=notas["temas"].map(lambda t: ", ".join(map(str, t or []))),
    )


def descargas_de_notas(filtro: FiltroNotas) -> None:
    """Descargas de todas las notas del filtro (no sólo la página visible)."""
    descargas(lambda: exportable(notas_para_exportar(filtro)), "notas")


def exportable(notas: pd.DataFrame) -> pd.DataFrame:
    """Marco de notas listo para CSV/Excel: columnas con nombre en español, sin zonas horarias."""
    vista = vista_notas(notas).assign(enlace=notas["enlace"].fillna(notas["url_canonica"]))
    return vista[list(COLUMNAS_NOTAS)].rename(columns=COLUMNAS_NOTAS)


def notas_de_matriz(matriz: pd.DataFrame) -> dict[int, str]:
    """Notas que retomaron el boletín: {nota_id: «Medio · título»} para elegir una."""
    publicadas = matriz[matriz["publico"] & matriz["nota_id"].notna()]
    return {
        int(n): f"{m} · {t}"
        for n, m, t in zip(
            publicadas["nota_id"], publicadas["medio"], publicadas["titulo_nota"], strict=True
        )
    }


TIPOS_CAPTURA = [t.value for t in TipoCaptura]
TONOS = [t.value for t in Tono]
NIVELES = [n.value for n in NivelRetoma]


def filtros_de_notas(medios: pd.DataFrame, temas: list[str]) -> FiltroNotas:
    """Widgets de búsqueda y filtros de la página Notas; devuelve el filtro."""
    texto = st.text_input("Buscar en título y texto", key="notas_texto")
    desde, hasta = selector_periodo("notas")
    nombres = dict(zip(medios["medio_id"], medios["medio"], strict=True))
    col1, col2, col3 = st.columns(3)
    elegidos = col1.multiselect(
        "Medio",
        list(nombres),
        format_func=lambda i: nombres[i],
        placeholder=TODOS,
        key="notas_medios",
    )
    tipos = col2.multiselect(
        "Tipo de captura",
        TIPOS_CAPTURA,
        format_func=_etiqueta,
        placeholder=TODOS,
        key="notas_tipos",
    )
    tonos = col3.multiselect("Tono", TONOS, placeholder=TODOS, key="notas_tonos")
    col4, col5 = st.columns(2)
    niveles = col4.multiselect(
        "Nivel de retoma",
        NIVELES,
        format_func=lambda n: ETIQUETA_NIVEL[n],
        placeholder=TODOS,
        key="notas_niveles",
    )
    tema = col5.selectbox("Tema", [TODOS, *temas], key="notas_tema")
    return filtro_de_notas(
        desde,
        hasta,
        texto=texto,
        medios=tuple(int(m) for m in elegidos),
        tipos_captura=tuple(tipos),
        tonos=tuple(tonos),
        niveles=tuple(niveles),
        tema=None if tema == TODOS else tema,
    )


def selector_pagina(total: int, clave: str, por_pagina: int = POR_PAGINA) -> int:
    """Número de página (1..n) con el conteo de resultados."""
    paginas = max(1, math.ceil(total / por_pagina))
    izquierda, derecha = st.columns([1, 4], vertical_alignment="bottom")
    pagina = izquierda.number_input(
        "Página", min_value=1, max_value=paginas, value=1, step=1, key=clave
    )
    derecha.caption(f"{formato.numero(total)} notas · página {int(pagina)} de {paginas}")
    return int(pagina)
