"""Registrar entregas desde la página Campañas: bitácora del medio, spot a mano o página impresa."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.consultas import campanas as cc
from datos.repositorio.campanas import obtener_orden, registrar_insercion, registrar_transmision
from rastreadores.importadores.archivos import TABLAS, validar_contenido
from rastreadores.importadores.pauta import importar_bitacora
from rastreadores.importadores.transmisiones import ResultadoImportacion
from rastreadores.testigos_pantalla import capturar_banner
from reportes import formato
from reportes.expediente import a_zip
from reportes.expediente import cargar as cargar_expediente
from reportes.expediente import escribir as escribir_expediente
from tablero.acceso import leer
from tablero.acciones import en_transaccion
from tablero.autenticacion import UsuarioActivo
from tablero.markdown import literal
from tablero.vistas.campanas import UNIDADES

TIPOS_TABLA = ["csv", "txt", "xlsx"]


def elegir_orden(c: cc.Cumplimiento) -> cc.FilaOrden:
    """Selector de la orden a la que se registran entregas."""
    ordenes = {f.orden_id: f for f in c.ordenes}
    return ordenes[
        int(
            st.selectbox(
                "Orden",
                list(ordenes),
                format_func=lambda i: (
                    f"Orden {i} · {ordenes[i].medio} · "
                    f"{formato.numero(ordenes[i].avance.ordenadas)} {UNIDADES[ordenes[i].tipo][1]}"
                ),
                key="campanas_orden",
            )
        )
    ]


def _importar(orden_id: int, nombre: str, contenido: bytes) -> ResultadoImportacion | None:
    """Valida el archivo (o el texto pegado) y lo importa en una transacción."""

    def importar(s: Session) -> ResultadoImportacion:
        validado = validar_contenido(nombre, contenido, TABLAS)
        with tempfile.TemporaryDirectory(prefix="bitacora-") as carpeta:
            ruta = Path(carpeta) / validado.nombre
            ruta.write_bytes(validado.contenido)
            return importar_bitacora(s, ruta, orden_id)

    return en_transaccion(importar)


def _resultado(r: ResultadoImportacion) -> None:
    """Spots guardados, repetidos y la tabla de filas con error (línea y motivo)."""
    st.success(
        f"Spots registrados: {formato.numero(r.guardadas)} · ya estaban: "
        f"{formato.numero(r.repetidas)}."
    )
    if r.errores:
        st.error(f"{len(r.errores)} filas no se importaron; corrígelas y vuelve a importarlas.")
        errores = pd.DataFrame(r.errores, columns=["Línea", "Motivo"])
        st.dataframe(errores, hide_index=True, width="stretch")


def formulario_bitacora(orden_id: int) -> bool:
    """Importa la bitácora del medio (CSV, Excel o filas pegadas); True si se guardó algo."""
    st.caption("Columnas: fecha, hora, duración, programa y medio (si viene, el de la orden).")
    with st.form("campanas_form_bitacora"):
        subido = st.file_uploader("Bitácora CSV o Excel", TIPOS_TABLA, key="campanas_archivo")
        pegado = st.text_area("…o pega aquí las filas con sus encabezados", key="campanas_pegado")
        enviar = st.form_submit_button("Importar bitácora", type="primary", key="campanas_importar")
    if not enviar:
        return False
    if subido is None and not pegado.strip():
        st.error("Sube un archivo CSV/Excel o pega las filas con sus encabezados.")
        return False
    nombre, contenido = (
        (subido.name, subido.getvalue()) if subido else ("pegado.csv", pegado.encode("utf-8"))
    )
    resultado = _importar(orden_id, nombre, contenido)
    if resultado is not None:
        _resultado(resultado)
    return bool(resultado and resultado.guardadas)


def formulario_spot(orden_id: int) -> bool:
    """Registra a mano un spot transmitido; True si se guardó."""
    with st.form("campanas_form_spot"):
        c1, c2, c3 = st.columns(3)
        dia = c1.date_input("Día", format="DD/MM/YYYY", key="campanas_spot_dia")
        hora = c2.time_input("Hora", dt.time(7, 0), key="campanas_spot_hora")
        programa = c3.text_input("Programa", key="campanas_spot_programa")
        enviar = st.form_submit_button("Registrar spot", key="campanas_spot")
    if not enviar:
        return False
    momento = dt.datetime.combine(dia, hora, cargar().zona)
    nuevo = en_transaccion(
        lambda s: registrar_transmision(s, obtener_orden(s, orden_id), momento, programa)
    )
    if nuevo is None:
        return False
    st.success("Spot registrado." if nuevo else "Ese spot ya estaba registrado.")
    return bool(nuevo)


def formulario_insercion(orden_id: int) -> bool:
    """Liga una página impresa ya recolectada como testigo de la inserción; True si se ligó."""
    paginas = leer(lambda s: cc.paginas_para_insercion(s, orden_id))
    if paginas.empty:
        st.info("No hay páginas impresas de este medio en el periodo de la campaña sin ligar.")
        return False
    etiquetas = {
        int(n): f"{formato.fecha_larga(f)} · pág. {p or '?'} · {t}"
        for n, f, p, t in zip(
            paginas["nota_id"], paginas["fecha"], paginas["pagina"], paginas["titulo"], strict=True
        )
    }
    with st.form("campanas_form_insercion"):
        nota_id = st.selectbox(
            "Página (testigo)", list(etiquetas), format_func=etiquetas.__getitem__
        )
        enviar = st.form_submit_button("Ligar página", key="campanas_ligar")
    if not enviar or nota_id is None:
        return False
    ligada = en_transaccion(
        lambda s: registrar_insercion(s, obtener_orden(s, orden_id), int(nota_id))
    )
    if ligada:
        st.success(f"Página ligada como testigo: {literal(etiquetas[int(nota_id)])}.")
    return bool(ligada)


def formulario_banner(orden_id: int, u: UsuarioActivo) -> bool:
    """Captura con Chromium la página del medio donde aparece el banner; True si se registró."""
    st.caption(
        "Pega la dirección de la página del medio donde aparece el banner: se toma la captura "
        "de pantalla, se guarda como testigo y cuenta como un banner entregado."
    )
    with st.form("campanas_form_banner"):
        url = st.text_input(
            "Página con el banner", placeholder="https://…", key="campanas_banner_url"
        )
        enviar = st.form_submit_button("Capturar y registrar", key="campanas_capturar")
    if not enviar:
        return False
    if not url.strip():
        st.error("Escribe la dirección de la página donde aparece el banner.")
        return False
    with st.spinner("Tomando la captura de la página con Chromium…"):
        nueva = en_transaccion(lambda s: capturar_banner(s, orden_id, url, u.nombre))
    if nueva is None:
        return False
    if nueva:
        st.success("Banner registrado: su captura quedó como testigo.")
    else:
        st.info("Esa captura ya estaba registrada para esta orden.")
    return bool(nueva)


def testigos_de_banners(campana_id: int) -> None:
    """Las capturas que prueban los banners de la campaña, cada una con su enlace al testigo."""
    capturas = leer(lambda s: cc.capturas_de_campana(s, campana_id))
    if not capturas:
        return
    st.subheader("Banners comprobados")
    zona = cargar().zona
    for c in capturas:
        st.page_link(
            "paginas/testigo.py",
            label=(
                f"{c.medio} · orden {c.orden_id} · capturado "
                f"{formato.fecha_hora(c.archivo.capturado_en, zona)}"
            ),
            icon=":material/verified:",
            query_params={"entrega": str(c.entrega_id)},
        )


def expediente(campana_id: int) -> None:
    """Prepara y ofrece el expediente de comprobación en ZIP (entregas, capturas, impresos)."""
    if not st.button("Preparar expediente de comprobación (ZIP)", key="campanas_expediente"):
        return
    datos = leer(lambda s: cargar_expediente(s, campana_id, cargar().zona))
    with tempfile.TemporaryDirectory(prefix="expediente-") as carpeta:
        manifiesto = json.loads(escribir_expediente(datos, Path(carpeta)).read_text("utf-8"))
        contenido = a_zip(Path(carpeta))
    for clave, motivo in (("alteradas", "no coincide con su huella"), ("faltantes", "falta")):
        if manifiesto[clave]:
            st.error(f"La prueba de las entregas {manifiesto[clave]} {motivo}.")
    st.download_button(
        f"Descargar expediente ({formato.numero(len(datos.entregas))} entregas)",
        contenido,
        file_name=f"expediente-campana-{campana_id}.zip",
        mime="application/zip",
        icon=":material/download:",
        key="campanas_expediente_zip",
    )


def registrar_entregas(c: cc.Cumplimiento, u: UsuarioActivo) -> bool:
    """Sección para el personal: elige la orden y registra su prueba; True si cambió algo."""
    with st.expander("Registrar entregas", icon=":material/playlist_add_check:"):
        fila = elegir_orden(c)
        if fila.tipo == "spot":
            importado = formulario_bitacora(fila.orden_id)
            return formulario_spot(fila.orden_id) or importado
        if fila.tipo == "insercion":
            return formulario_insercion(fila.orden_id)
        return formulario_banner(fila.orden_id, u)
