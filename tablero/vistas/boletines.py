"""Presentación de la página Boletines: lista, ficha, matriz de retoma y comparación."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from datos.consultas.boletines import DetalleBoletin
from reportes import formato
from tablero.acceso import Comparacion
from tablero.componentes import celdas
from tablero.componentes.base import Kpi, encabezado, html_escapado, kpis, tabla
from tablero.componentes.paletas import ETIQUETA_NIVEL


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


def ficha_boletin(detalle: DetalleBoletin, matriz: pd.DataFrame) -> None:
    """Encabezado y KPIs del boletín elegido."""
    encabezado(f"{detalle.folio} · {detalle.titular}")
    st.caption(
        f"Emitido el {celdas.fecha_hora(detalle.fecha_emision)}"
        f" · Área: {detalle.area or formato.VACIO}"
        f" · Tema: {detalle.tema or formato.VACIO}"
    )
    recibieron = int(matriz["recibio"].sum()) if not matriz.empty else 0
    publicaron = int(matriz["publico"].sum()) if not matriz.empty else 0
    de_recibidos = int((matriz["recibio"] & matriz["publico"]).sum()) if not matriz.empty else 0
    latencia = matriz["latencia_h"].median() if not matriz.empty else None
    kpis(
        [
            Kpi("Medios que lo recibieron", celdas.numero(recibieron), None, "Envíos sin falla."),
            Kpi("Medios que lo publicaron", celdas.numero(publicaron)),
            Kpi(
                "Tasa de retoma",
                celdas.porcentaje(de_recibidos / recibieron if recibieron else None),
                None,
                "Medios que lo publicaron de los que lo recibieron / medios que lo recibieron.",
            ),
            Kpi("Latencia mediana", celdas.horas(latencia)),
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
        testigo_txt=matriz["testigo"].fillna(formato.VACIO),
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
