"""Visor de testigos: la página archivada (limpia y aislada), la captura, la página impresa o el
audio de una nota, con fecha de captura, URL original, sha256 e historial de versiones."""

from __future__ import annotations

import pandas as pd
import streamlit as st
import streamlit.components.v1 as componentes_html

from datos.config import cargar
from datos.consultas.campanas import CapturaDeBanner
from datos.consultas.testigos import ArchivoEvidencia, EvidenciaNota
from datos.testigos import TestigoInvalido, leer_testigo
from reportes import formato
from reportes import testigo as rt
from tablero import acceso
from tablero.componentes import encabezado, vacio
from tablero.markdown import literal

# Alto del marco con la página archivada: cabe el titular, la fecha y varios párrafos.
ALTO_PAGINA_PX = 640


def boton(nota_id: int, etiqueta: str, clave: str) -> None:
    """Un botón que abre el testigo de la nota en un cuadro, con un solo clic."""
    if st.button(etiqueta, key=clave, icon=":material/verified:"):
        ver(nota_id)


@st.dialog("Testigo de la nota", width="large")
def ver(nota_id: int) -> None:
    """Cuadro con la evidencia de la nota."""
    evidencia = acceso.evidencia(nota_id)
    if evidencia is None:
        st.error("La nota ya no existe: recarga la página.")
        return
    mostrar(evidencia)


def mostrar(evidencia: EvidenciaNota) -> None:
    """Titular, origen, el testigo más reciente de cada tipo, versiones y descargas."""
    encabezado(evidencia.titulo, nivel=4)
    origen = evidencia.url or "sin dirección pública (captura de impreso, radio o TV)"
    st.caption(f"{literal(evidencia.medio)} · URL original: {literal(origen)}")
    if not evidencia.archivos:
        vacio("Esta nota todavía no tiene testigo guardado.")
        return
    for tipo in ("html", "captura", "imagen", "pdf", "audio"):
        archivo = evidencia.principal(tipo)
        if archivo is not None:
            _pieza(archivo)
    _versiones(evidencia)
    _descargas(evidencia)


def mostrar_captura(captura: CapturaDeBanner) -> None:
    """La captura de pantalla que prueba un banner de campaña, con su página, fecha y sha256."""
    encabezado(f"Banner de la campaña «{captura.campana}»", nivel=4)
    st.caption(
        f"{literal(captura.medio)} · orden {captura.orden_id} · "
        f"página donde apareció: {literal(captura.url)}"
    )
    archivo = captura.archivo
    _pieza(archivo)
    st.caption(f"sha256 {archivo.sha256}")
    contenido = _bytes(archivo)
    if contenido is not None:
        st.download_button(
            "Descargar captura (PNG)",
            contenido,
            f"banner-orden-{captura.orden_id}-entrega-{captura.entrega_id}.png",
            "image/png",
            on_click="ignore",
            icon=":material/download:",
            key=f"testigo_banner_{captura.entrega_id}",
        )


def _bytes(archivo: ArchivoEvidencia) -> bytes | None:
    """Contenido original del archivo; None (con aviso) si falta o está dañado."""
    try:
        return leer_testigo(archivo.ruta)
    except (OSError, TestigoInvalido):
        st.warning(f"Falta el archivo de la versión {archivo.version} ({archivo.tipo}).")
        return None


def _pieza(archivo: ArchivoEvidencia) -> None:
    """Un testigo según su tipo, con su fecha de captura."""
    contenido = _bytes(archivo)
    if contenido is None:
        return
    capturado = formato.fecha_hora(archivo.capturado_en, cargar().zona)
    st.markdown(f"**{rt.NOMBRES_TIPO.get(archivo.tipo, archivo.tipo)}** · capturado {capturado}")
    if archivo.tipo == "html":
        documento = rt.html_seguro(contenido)
        componentes_html.html(
            rt.marco_seguro(documento, ALTO_PAGINA_PX), height=ALTO_PAGINA_PX + 20
        )
    elif archivo.tipo in {"captura", "imagen"}:
        st.image(contenido, width="stretch")
    elif archivo.tipo == "pdf":
        imagen = rt.recorte(contenido, "pdf")
        if imagen is not None:
            st.image(imagen, caption="Parte superior de la página impresa", width="stretch")
    elif archivo.tipo == "audio":
        st.audio(contenido, format=archivo.tipo_mime)


def _versiones(evidencia: EvidenciaNota) -> None:
    """Historial: cada versión con su tipo, fecha de captura y huella sha256."""
    zona = cargar().zona
    filas = [
        {
            "Versión": f"v{a.version}",
            "Archivo": rt.NOMBRES_TIPO.get(a.tipo, a.tipo),
            "Capturado": formato.fecha_hora(a.capturado_en, zona),
            "sha256": a.sha256,
        }
        for a in evidencia.archivos
    ]
    st.markdown("**Versiones** (v2, v3… cuando el medio editó la nota)")
    st.dataframe(pd.DataFrame(filas), hide_index=True, width="stretch")


def _descargas(evidencia: EvidenciaNota) -> None:
    """Descarga de cada archivo original y de la vista para imprimir."""
    columnas = st.columns(min(len(evidencia.archivos), 3) + 1)
    columnas[0].download_button(
        "Vista para imprimir",
        lambda: rt.vista_para_imprimir(evidencia, cargar().zona),
        f"testigo-{evidencia.nota_id}.html",
        "text/html",
        on_click="ignore",
        icon=":material/print:",
        key=f"testigo_imprimir_{evidencia.nota_id}",
    )
    for i, archivo in enumerate(evidencia.archivos[: len(columnas) - 1], start=1):
        contenido = _bytes(archivo)
        if contenido is None:
            continue
        columnas[i].download_button(
            f"Descargar v{archivo.version} ({archivo.extension.upper()})",
            contenido,
            rt.nombre_de_archivo(archivo),
            archivo.tipo_mime,
            on_click="ignore",
            icon=":material/download:",
            key=f"testigo_descargar_{archivo.testigo_id}",
        )
