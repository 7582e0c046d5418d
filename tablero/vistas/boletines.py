"""Presentación de la página Boletines: lista, ficha, matriz de retoma y comparación."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analisis.etiquetas import tema as etiqueta_tema
from analisis.indicadores import Indicadores
from datos.consultas.boletines import DetalleBoletin
from reportes import formato
from tablero.acceso import Comparacion
from tablero.componentes import celdas
from tablero.componentes.base import Kpi, encabezado, html_escapado, kpis, tabla
from tablero.componentes.paletas import ETIQUETA_NIVEL
from tablero.vistas import testigo


def con_cobertura(lista: pd.DataFrame) -> int:
    """Posición del boletín más reciente que ya tiene retomas (el de hoy suele tener puros «No»)."""
    publicados = [i for i, n in enumerate(lista["medios_publicaron"]) if n > 0]
    return publicados[0] if publicados else 0


def tabla_boletines(boletines: pd.DataFrame) -> None:
    """Lista de boletines con su conteo de retomas."""
    vista = boletines.assign(
        emitido=boletines["fecha_emision"].map(celdas.fecha_hora),
        tasa_txt=boletines["tasa"].map(celdas.porcentaje),
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


def ficha_boletin(detalle: DetalleBoletin, cifras: Indicadores) -> None:
    """Encabezado y KPIs del boletín elegido (los mismos del reporte por boletín)."""
    encabezado(f"{detalle.folio} · {detalle.titular}")
    st.caption(
        f"Emitido el {celdas.fecha_hora(detalle.fecha_emision)}"
        f" · Área: {detalle.area or formato.VACIO}"
        f" · Tema: {etiqueta_tema(detalle.tema)}"
    )
    kpis(
        [
            Kpi(
                "Medios que lo recibieron",
                celdas.numero(cifras.medios_recibieron),
                None,
                "Envíos sin falla.",
            ),
            Kpi("Medios que lo publicaron", celdas.numero(cifras.medios_publicaron)),
            Kpi(
                "Tasa de retoma",
                celdas.porcentaje(cifras.tasa_medios),
                None,
                "Medios que lo publicaron de los que lo recibieron / medios que lo recibieron.",
            ),
            Kpi("Notas que lo retoman", celdas.numero(cifras.retomas)),
            Kpi(
                "Latencia mediana",
                celdas.horas(cifras.latencia_mediana_horas),
                None,
                "De la emisión a la primera publicación de cada medio.",
            ),
            Kpi(
                "Fidelidad media",
                celdas.porcentaje(cifras.fidelidad_media),
                None,
                "Promedio de la mejor fidelidad de cada medio.",
            ),
        ]
    )


def tabla_matriz(matriz: pd.DataFrame) -> None:
    """Matriz de retoma: todos los medios enviados o que publicaron."""
    vista = matriz.assign(
        publico_txt=matriz["publico"].map({True: "Sí", False: "No"}),
        envio_txt=matriz["estado_envio"].fillna("sin envío"),
        publicada=matriz["fecha_publicacion"].map(celdas.fecha_hora),
        latencia=matriz["latencia_h"].map(celdas.horas),
        nivel_txt=matriz["nivel"].map(lambda n: ETIQUETA_NIVEL.get(str(n), formato.VACIO)),
        fidelidad_txt=matriz["fidelidad"].map(celdas.porcentaje),
        testigo_txt=matriz["testigo"].map(
            lambda t: "sí (ábrelo abajo)" if isinstance(t, str) else "sin testigo"
        ),
    )
    # Lo que se pregunta primero (¿publicó?, ¿cuándo?) junto al medio anclado: en un teléfono
    # se lee sin desplazar la tabla.
    columnas = {
        "medio": "Medio",
        "publico_txt": "Publicó",
        "publicada": "Publicada",
        "envio_txt": "Envío",
        "latencia": "Latencia",
        "nivel_txt": "Nivel",
        "fidelidad_txt": "Fidelidad",
        "enlace": "Enlace",
        "testigo_txt": "Testigo",
    }
    tabla(vista, columnas, enlaces=["enlace"], fija="medio")


def testigos_de_matriz(matriz: pd.DataFrame) -> None:
    """Un botón por medio que publicó: abre su testigo (la página archivada) con un clic."""
    con_nota = matriz[matriz["publico"] & matriz["nota_id"].notna()]
    if con_nota.empty:
        return
    st.markdown("**Testigos** · la prueba de publicación de cada medio")
    columnas = st.columns(min(len(con_nota), 4))
    for i, (medio, nota_id) in enumerate(zip(con_nota["medio"], con_nota["nota_id"], strict=True)):
        with columnas[i % len(columnas)]:
            testigo.boton(int(nota_id), f"Testigo · {medio}", f"boletines_testigo_{int(nota_id)}")


def comparacion(comp: Comparacion, folio: str) -> None:
    """Boletín y nota lado a lado con los pasajes retomados resaltados."""
    st.caption(
        f"{formato.plural(comp.pasajes, 'pasaje compartido', 'pasajes compartidos')} resaltados."
    )
    izquierda, derecha = st.columns(2)
    with izquierda:
        st.markdown(f"**Boletín {folio}**")
        html_escapado(comp.html_boletin)
    with derecha:
        encabezado(comp.titulo_nota, nivel=5)
        html_escapado(comp.html_nota)


def notas_de_matriz(matriz: pd.DataFrame) -> dict[int, str]:
    """Notas que retomaron el boletín: {nota_id: «Medio · título»} para elegir una."""
    publicadas = matriz[matriz["publico"] & matriz["nota_id"].notna()]
    return {
        int(n): f"{m} · {t}"
        for n, m, t in zip(
            publicadas["nota_id"], publicadas["medio"], publicadas["titulo_nota"], strict=True
        )
    }
