"""Captura manual: impresos, clips de radio y TV, publicaciones de Facebook e importación."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session
from streamlit.runtime.uploaded_file_manager import UploadedFile

from datos.config import cargar
from rastreadores.importadores.archivos import (
    AUDIOS,
    IMAGENES,
    IMPRESOS,
    TABLAS,
    ArchivoValidado,
    validar_contenido,
)
from rastreadores.importadores.facebook import capturar_publicacion
from rastreadores.importadores.impresos import capturar_impreso
from rastreadores.importadores.transmisiones import (
    Clip,
    ResultadoImportacion,
    celda_duracion,
    guardar_clip,
    importar_clips,
)
from reportes import formato
from tablero import componentes
from tablero.acciones import en_transaccion

MIME_TABLAS = ["csv", "txt", "xlsx"]


@contextmanager
def archivo_temporal(validado: ArchivoValidado) -> Iterator[Path]:
    """El archivo validado escrito en una carpeta temporal que se borra al salir."""
    with tempfile.TemporaryDirectory(prefix="captura-") as carpeta:
        ruta = Path(carpeta) / validado.nombre
        ruta.write_bytes(validado.contenido)
        yield ruta


def _validar_subido(
    subido: UploadedFile | None, permitidos: frozenset[str]
) -> ArchivoValidado | None:
    """Valida un archivo de st.file_uploader (None si no se subió nada)."""
    if subido is None:
        return None
    return validar_contenido(subido.name, subido.getvalue(), permitidos)


def selector_medio(medios: pd.DataFrame, clave: str) -> str:
    """Nombre del medio elegido."""
    return str(st.selectbox("Medio", medios["medio"].tolist(), key=clave))


def formulario_impreso(medios: pd.DataFrame) -> None:
    """Sube el PDF o la foto de una página impresa: una nota por página (PDF u OCR)."""
    with st.form("revision_form_impreso"):
        medio = selector_medio(medios, "impreso_medio")
        fecha = st.date_input(
            "Fecha de la edición", componentes.hoy(), key="impreso_fecha", format="DD/MM/YYYY"
        )
        pagina = st.number_input("Número de la primera página", 1, 999, 1, key="impreso_pagina")
        subido = st.file_uploader(
            "PDF o foto (JPG, PNG)", ["pdf", "jpg", "jpeg", "png"], key="impreso_archivo"
        )
        enviar = st.form_submit_button("Guardar impreso", type="primary", key="impreso_guardar")
    if not enviar:
        return
    if subido is None:
        st.error("Sube el PDF o la foto de la página.")
        return

    def guardar(s: Session) -> list[int]:
        validado = _validar_subido(subido, IMPRESOS)
        assert validado is not None
        with archivo_temporal(validado) as ruta:
            return capturar_impreso(s, ruta, medio=medio, fecha=fecha, pagina=int(pagina))

    with st.spinner("Leyendo el impreso (el OCR tarda unos segundos por página)…"):
        ids = en_transaccion(guardar)
    if ids is not None:
        st.success(
            f"Se guardaron {formato.plural(len(ids), 'página')} como notas "
            "(las repetidas no se cuentan)."
        )


def _inicio_clip(fecha: dt.date, hora: dt.time) -> dt.datetime:
    """Fecha y hora locales de la transmisión, con la zona de la oficina."""
    return dt.datetime.combine(fecha, hora, tzinfo=cargar().zona)


def formulario_clip(medios: pd.DataFrame) -> None:
    """Una mención en radio o TV: cuándo, cuánto, qué se dijo, boletín y audio opcionales."""
    with st.form("revision_form_clip"):
        medio = selector_medio(medios, "clip_medio")
        programa = st.text_input("Programa o noticiero", key="clip_programa")
        c1, c2, c3 = st.columns(3)
        fecha = c1.date_input("Fecha", componentes.hoy(), key="clip_fecha", format="DD/MM/YYYY")
        hora = c2.time_input("Hora de inicio", dt.time(8, 0), key="clip_hora")
        duracion = c3.text_input("Duración (segundos o MM:SS)", key="clip_duracion")
        titulo = st.text_input("Título o tema", key="clip_titulo")
        texto = st.text_area("Qué se dijo (resumen o transcripción)", key="clip_texto")
        folio = st.text_input(
            "Folio del boletín que retoma (opcional, p. ej. 045/2026)", key="clip_folio"
        )
        url = st.text_input("Enlace (opcional)", key="clip_url")
        audio = st.file_uploader("Audio (opcional)", ["mp3", "ogg", "flac", "wav", "m4a"])
        enviar = st.form_submit_button("Guardar clip", type="primary", key="clip_guardar")
    if not enviar:
        return

    def guardar(s: Session) -> int:
        clip = Clip(
            medio=medio,
            programa=programa or None,
            inicio=_inicio_clip(fecha, hora),
            duracion_segundos=celda_duracion(duracion),
            titulo=titulo,
            texto=texto,
            boletin=folio.strip() or None,
            url=url.strip() or None,
        )
        validado = _validar_subido(audio, AUDIOS)
        if validado is None:
            return guardar_clip(s, clip)
        with archivo_temporal(validado) as ruta:
            clip.audio = ruta
            return guardar_clip(s, clip)

    nota_id = en_transaccion(guardar)
    if nota_id is not None:
        st.success(f"Clip guardado como la nota {nota_id}.")


def _fecha_opcional(fecha: dt.date | None, hora: dt.time | None) -> dt.datetime | None:
    """Fecha y hora locales si se dio la fecha (sin hora: mediodía, para no cambiar de día)."""
    if fecha is None:
        return None
    return dt.datetime.combine(fecha, hora or dt.time(12, 0), tzinfo=cargar().zona)


def formulario_facebook(medios: pd.DataFrame) -> None:
    """Publicación de Facebook copiada a mano: enlace, texto, fecha y captura de pantalla."""
    with st.form("revision_form_facebook"):
        medio = selector_medio(medios, "facebook_medio")
        url = st.text_input("Enlace de la publicación", key="facebook_url")
        texto = st.text_area("Texto de la publicación", key="facebook_texto")
        c1, c2 = st.columns(2)
        fecha = c1.date_input("Fecha (opcional)", None, key="facebook_fecha", format="DD/MM/YYYY")
        hora = c2.time_input("Hora (opcional)", None, key="facebook_hora")
        captura = st.file_uploader("Captura de pantalla (opcional)", ["png", "jpg", "jpeg"])
        enviar = st.form_submit_button(
            "Guardar publicación", type="primary", key="facebook_guardar"
        )
    if not enviar:
        return

    def guardar(s: Session) -> int:
        momento = _fecha_opcional(fecha, hora)
        validado = _validar_subido(captura, IMAGENES)
        if validado is None:
            return capturar_publicacion(s, medio=medio, url=url, texto=texto, fecha=momento)
        with archivo_temporal(validado) as ruta:
            return capturar_publicacion(
                s, medio=medio, url=url, texto=texto, fecha=momento, captura=ruta
            )

    nota_id = en_transaccion(guardar)
    if nota_id is not None:
        st.success(f"Publicación guardada como la nota {nota_id}.")


def _tabla_pegada(subido: UploadedFile | None, pegado: str) -> ArchivoValidado:
    """El archivo subido o, si no hay, el texto pegado como CSV; ValueError si no hay nada."""
    validado = _validar_subido(subido, TABLAS)
    if validado is not None:
        return validado
    if not pegado.strip():
        raise ValueError("sube un archivo CSV/Excel o pega las filas con sus encabezados")
    return validar_contenido("pegado.csv", pegado.encode("utf-8"), TABLAS)


def formulario_importacion() -> None:
    """Importa clips de un CSV o Excel (o filas pegadas); muestra cada fila con error."""
    st.caption(
        "Columnas: medio, fecha, hora, duración, programa, título, texto, boletín (folio), enlace."
    )
    with st.form("revision_form_importar"):
        subido = st.file_uploader("Archivo CSV o Excel", MIME_TABLAS, key="importar_archivo")
        pegado = st.text_area("…o pega aquí las filas copiadas de Excel", key="importar_pegado")
        enviar = st.form_submit_button("Importar clips", type="primary", key="importar_guardar")
    if not enviar:
        return

    def importar(s: Session) -> ResultadoImportacion:
        with archivo_temporal(_tabla_pegada(subido, pegado)) as ruta:
            return importar_clips(s, ruta)

    resultado = en_transaccion(importar)
    if resultado is not None:
        resultado_importacion(resultado)


def resultado_importacion(resultado: ResultadoImportacion) -> None:
    """Guardadas, repetidas y la tabla de filas con error (línea y motivo)."""
    st.success(
        f"Clips guardados: {formato.numero(resultado.guardadas)} · "
        f"ya estaban: {formato.numero(resultado.repetidas)}."
    )
    if not resultado.errores:
        return
    st.error(f"{len(resultado.errores)} filas no se importaron; corrígelas y vuelve a importarlas.")
    errores = pd.DataFrame(resultado.errores, columns=["Línea", "Motivo"])
    st.dataframe(errores, hide_index=True, width="stretch")
