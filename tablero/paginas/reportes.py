"""Página Reportes: síntesis del día, reporte mensual, reporte por boletín y Excel de transparencia.

Cada reporte se genera en una carpeta temporal al pulsar su botón; los bytes se guardan en la
sesión del navegador junto con sus parámetros y se ofrecen con un botón de descarga.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator

from analisis.normalizar import MESES
from datos.config import cargar
from oficina.correo import ErrorDeCorreo
from oficina.sintesis import enviar_sintesis
from reportes import formato
from reportes.boletin import generar_reporte_boletin
from reportes.mensual import generar_mensual
from reportes.sintesis import generar_sintesis
from reportes.transparencia import exportar_trimestre
from reportes.transparencia import formato as formato_transparencia
from tablero import acceso, acciones, componentes
from tablero.autenticacion import usuario_actual
from tablero.vistas import revision
from tablero.vistas import sintesis as vista_sintesis

log = logging.getLogger(__name__)

MIME = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}
FORMATOS_SINTESIS = {"pdf": "PDF", "xlsx": "Excel", "html": "HTML (correo o web)"}
# Boletines ofrecidos para el reporte por boletín: los de este lapso hacia atrás.
DIAS_BOLETINES = 90


@dataclass(frozen=True)
class Generado:
    """Un reporte ya generado: con qué parámetros, su nombre y sus bytes."""

    parametros: tuple[object, ...]
    nombre: str
    datos: bytes


def generar(
    clave: str,
    parametros: tuple[object, ...],
    nombre: str,
    escribir: Callable[[Session, Path], object],
) -> None:
    """Escribe el reporte en una carpeta temporal y guarda sus bytes en la sesión."""

    def hacer(s: Session) -> bytes:
        with tempfile.TemporaryDirectory(prefix="reporte-") as carpeta:
            salida = Path(carpeta) / nombre
            escribir(s, salida)
            return salida.read_bytes()

    with st.spinner("Generando…"):
        datos = acciones.en_transaccion(hacer)
    if datos is not None:
        st.session_state[f"{clave}_archivo"] = Generado(parametros, nombre, datos)


def descarga(
    clave: str, parametros: tuple[object, ...], etiqueta: str, donde: DeltaGenerator
) -> None:
    """Botón de descarga si ya se generó el reporte con estos mismos parámetros."""
    generado = st.session_state.get(f"{clave}_archivo")
    if not isinstance(generado, Generado) or generado.parametros != parametros:
        return
    extension = generado.nombre.rsplit(".", 1)[-1]
    donde.download_button(
        etiqueta,
        generado.datos,
        generado.nombre,
        MIME.get(extension, "application/octet-stream"),
        key=f"{clave}_descargar",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
    )


@dataclass(frozen=True)
class Reporte:
    """Un reporte de la página: clave, parámetros, archivo, etiquetas y cómo escribirlo."""

    clave: str
    parametros: tuple[object, ...]
    nombre: str
    generar: str
    descargar: str
    escribir: Callable[[Session, Path], object]


def botones(reporte: Reporte) -> DeltaGenerator:
    """Fila con «Generar» y, si ya se generó con estos parámetros, «Descargar»."""
    fila = st.container(horizontal=True)
    if fila.button(reporte.generar, key=f"{reporte.clave}_generar", icon=":material/description:"):
        generar(reporte.clave, reporte.parametros, reporte.nombre, reporte.escribir)
    descarga(reporte.clave, reporte.parametros, reporte.descargar, fila)
    return fila


def sintesis() -> None:
    """Síntesis informativa del día: generar, descargar y enviar por correo."""
    st.subheader("Síntesis informativa del día")
    izquierda, derecha = st.columns(2)
    fecha = izquierda.date_input(
        "Fecha", componentes.hoy(), key="reportes_sintesis_fecha", format="DD/MM/YYYY"
    )
    tipo = derecha.selectbox(
        "Formato",
        list(FORMATOS_SINTESIS),
        format_func=FORMATOS_SINTESIS.__getitem__,
        key="reportes_sintesis_formato",
    )
    fila = botones(
        Reporte(
            "reportes_sintesis",
            (fecha, tipo),
            f"sintesis-{fecha.isoformat()}.{tipo}",
            "Generar síntesis",
            f"Descargar síntesis ({FORMATOS_SINTESIS[tipo]})",
            lambda s, salida: generar_sintesis(s, fecha, tipo, salida),
        )
    )
    enviar_por_correo(fecha, fila)
    with st.expander("Editar antes de enviar: quitar, ordenar, reclasificar y anotar"):
        vista_sintesis.editar(fecha)


def enviar_por_correo(fecha: dt.date, fila: DeltaGenerator) -> None:
    """Envía la síntesis del día a los destinatarios configurados (no para sólo lectura)."""
    usuario = usuario_actual()
    permitido = usuario is not None and usuario.puede("editar")
    if not fila.button(
        "Enviar por correo",
        key="reportes_sintesis_enviar",
        icon=":material/send:",
        disabled=not permitido,
        help=None if permitido else revision.SOLO_LECTURA,
    ):
        return
    nombre = usuario.nombre if usuario else "tablero"
    enviados = acciones.en_transaccion(lambda s: _enviar(s, fecha, nombre))
    if enviados is not None:
        destinatarios = componentes.plural(enviados, "destinatario")
        st.success(
            f"Síntesis del {formato.fecha_larga(fecha)} enviada a {destinatarios} "
            "y archivada; queda anotada en la Bitácora."
        )


def _enviar(s: Session, fecha: dt.date, usuario: str) -> int:
    """Envía la síntesis; un fallo del servidor de correo se explica como error de usuario."""
    try:
        return enviar_sintesis(s, fecha, cargar(), usuario)
    except ErrorDeCorreo as exc:
        raise ValueError(f"no se pudo enviar la síntesis: {exc.motivo}") from exc


def mensual() -> None:
    """Reporte mensual en PDF (tendencias, medios, tono, latencia y convenios)."""
    st.subheader("Reporte mensual")
    hoy = componentes.hoy()
    izquierda, derecha = st.columns(2)
    anio = int(izquierda.number_input("Año", 2000, 2100, hoy.year, key="reportes_mensual_anio"))
    mes = int(
        derecha.selectbox(
            "Mes",
            range(1, 13),
            index=hoy.month - 1,
            format_func=lambda m: MESES[m - 1].capitalize(),
            key="reportes_mensual_mes",
        )
    )
    botones(
        Reporte(
            "reportes_mensual",
            (anio, mes),
            f"reporte-{anio}-{mes:02d}.pdf",
            "Generar reporte mensual",
            "Descargar reporte mensual (PDF)",
            lambda s, salida: generar_mensual(s, anio, mes, salida),
        )
    )


def por_boletin() -> None:
    """PDF de rendición de cuentas de un boletín: quién lo publicó, cuándo y qué tan fiel."""
    st.subheader("Reporte por boletín")
    hoy = componentes.hoy()
    lista = acceso.con_datos(acceso.boletines, hoy - dt.timedelta(days=DIAS_BOLETINES - 1), hoy)
    if lista.empty:
        componentes.vacio(
            f"No hay boletines de los últimos {DIAS_BOLETINES} días: registra los de la oficina."
        )
        return
    nombres = dict(zip(lista["boletin_id"], lista["folio"] + " · " + lista["titular"], strict=True))
    elegido = int(
        st.selectbox(
            "Boletín", list(nombres), format_func=nombres.__getitem__, key="reportes_boletin"
        )
    )
    folio = nombres[elegido].split(" · ", 1)[0].replace("/", "-")
    botones(
        Reporte(
            "reportes_boletin",
            (elegido,),
            f"boletin-{folio}.pdf",
            "Generar reporte del boletín",
            "Descargar reporte del boletín (PDF)",
            lambda s, salida: generar_reporte_boletin(s, elegido, salida),
        )
    )


def transparencia() -> None:
    """Excel de transparencia del trimestre (convenios de comunicación social)."""
    st.subheader(f"Transparencia ({formato_transparencia()})")
    hoy = componentes.hoy()
    izquierda, derecha = st.columns(2)
    anio = int(
        izquierda.number_input("Año", 2000, 2100, hoy.year, key="reportes_transparencia_anio")
    )
    trimestre = int(
        derecha.selectbox(
            "Trimestre",
            [1, 2, 3, 4],
            index=(hoy.month - 1) // 3,
            key="reportes_transparencia_trimestre",
        )
    )
    botones(
        Reporte(
            "reportes_transparencia",
            (anio, trimestre),
            f"{formato_transparencia()}-{anio}-T{trimestre}.xlsx",
            "Generar Excel de transparencia",
            "Descargar Excel de transparencia",
            lambda s, salida: exportar_trimestre(s, salida, anio, trimestre),
        )
    )


def mostrar() -> None:
    """Las cuatro secciones de reportes."""
    st.title("Reportes")
    for seccion in (sintesis, mensual, por_boletin, transparencia):
        with st.container(border=True):
            seccion()


mostrar()
