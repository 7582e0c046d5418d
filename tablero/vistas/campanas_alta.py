"""Alta de campañas y de sus órdenes desde la página Campañas (sólo quien puede editar).

Las validaciones y la bitácora de auditoría son las del repositorio que usa también la CLI
(`crear_campana`, `crear_orden`): aquí sólo se capturan los datos y se muestra el motivo.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from datos.consultas import campanas as cc
from datos.consultas import oficina as co
from datos.modelos import TipoMedio, TipoOrden
from datos.repositorio.campanas import (
    MEDIOS_DE_SPOTS,
    DatosOrden,
    buscar_campana,
    crear_campana,
    crear_orden,
)
from reportes import formato
from tablero import componentes
from tablero.acceso import leer
from tablero.acciones import ejecutar
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.formularios import literal, opciones, seleccionar_despues, texto_o_none
from tablero.vistas.campanas import CLAVE_CAMPANA, UNIDADES

CLAVE_ALTA = "campanas_alta"
CLAVE_ORDEN = "campanas_form_orden"
# Duración por omisión de una campaña nueva: un mes, lo usual en la pauta municipal.
DIAS_POR_OMISION = 30
SIN_CONVENIO = 0


def _material(fila: pd.Series) -> str:
    """«spot_agua.mp3 (audio)»."""
    return f"{fila['nombre_archivo']} ({fila['tipo']})"


def _creada(campana: tuple[int, str]) -> str:
    """Deja elegida la campaña nueva y arma el aviso."""
    seleccionar_despues(CLAVE_CAMPANA, campana[0])
    return f"Campaña «{literal(campana[1])}» creada: agrégale sus órdenes por medio."


def formulario_campana(u: UsuarioActivo, abierto: bool) -> None:
    """Alta de campaña: nombre, periodo, mensaje y materiales del banco de medios."""
    materiales = opciones(leer(cc.materiales_del_banco), "recurso_id", _material)
    hoy = componentes.hoy()
    expansor = st.expander("Nueva campaña", icon=":material/campaign:", expanded=abierto)
    with expansor, st.form(CLAVE_ALTA):
        nombre = st.text_input("Nombre de la campaña", key=f"{CLAVE_ALTA}_nombre")
        c1, c2 = st.columns(2)
        inicio = c1.date_input("Inicio", hoy, format="DD/MM/YYYY", key=f"{CLAVE_ALTA}_inicio")
        fin = c2.date_input(
            "Fin",
            hoy + dt.timedelta(days=DIAS_POR_OMISION),
            format="DD/MM/YYYY",
            key=f"{CLAVE_ALTA}_fin",
        )
        mensaje = st.text_area("Mensaje de la campaña", key=f"{CLAVE_ALTA}_mensaje")
        elegidos = st.multiselect(
            "Materiales del banco de medios (spot de audio, arte para impreso…)",
            list(materiales),
            format_func=materiales.__getitem__,
            placeholder="Elige uno o varios",
            key=f"{CLAVE_ALTA}_materiales",
        )
        if len(materiales) >= cc.MAXIMO_MATERIALES:
            st.caption(
                f"Se ofrecen los {cc.MAXIMO_MATERIALES} materiales más recientes (audio, video y "
                "documentos primero); sube al Banco de medios el que falte."
            )
        crear = st.form_submit_button("Crear campaña", type="primary", key="campanas_crear")
    if crear:
        ejecutar(
            lambda s: _alta(s, nombre, inicio, fin, mensaje, elegidos, u.nombre),
            _creada,
            limpiar=CLAVE_ALTA,
        )


def _alta(
    s: Session,
    nombre: str,
    inicio: dt.date,
    fin: dt.date,
    mensaje: str,
    materiales: list[int],
    usuario: str,
) -> tuple[int, str]:
    """Crea la campaña y devuelve (id, nombre) para el aviso."""
    campana = crear_campana(s, nombre, inicio, fin, mensaje, materiales, usuario)
    return campana.id, campana.nombre


def _tipos(tipo_medio: str) -> list[str]:
    """Tipos de orden que admite el medio: spots sólo en radio y televisión."""
    if TipoMedio(tipo_medio) in MEDIOS_DE_SPOTS:
        return [TipoOrden.SPOT.value, TipoOrden.BANNER.value]
    return [TipoOrden.INSERCION.value, TipoOrden.BANNER.value]


def _convenios_del_medio(medio_id: int, campana_inicio: dt.date) -> tuple[dict[int, str], int]:
    """{id: etiqueta} de los convenios del medio y el que se propone (vigente al inicio)."""
    todos = leer(co.convenios)
    del_medio = todos[todos["medio_id"] == medio_id]
    etiquetas = {SIN_CONVENIO: "Sin convenio"}
    propuesto = SIN_CONVENIO
    for _, f in del_medio.iterrows():
        ident = int(f["convenio_id"])
        inicio, fin = f["vigencia_inicio"], f["vigencia_fin"]
        etiquetas[ident] = (
            f"{f['numero']} ({formato.fecha_larga(inicio)} a {formato.fecha_larga(fin)})"
        )
        if propuesto == SIN_CONVENIO and inicio <= campana_inicio <= fin:
            propuesto = ident
    if propuesto == SIN_CONVENIO and len(etiquetas) > 1:
        propuesto = next(i for i in etiquetas if i != SIN_CONVENIO)
    return etiquetas, propuesto


def _detalles(tipo: str) -> tuple[str | None, str | None, str | None]:
    """Horario de los spots, o tamaño y página/ubicación de inserciones y banners."""
    if tipo == TipoOrden.SPOT:
        horario = st.text_input(
            "Horario", placeholder="07:00-09:00, noticiero matutino", key=f"{CLAVE_ORDEN}_horario"
        )
        return horario, None, None
    c1, c2 = st.columns(2)
    muestra = ("1/4 de plana", "3") if tipo == TipoOrden.INSERCION else ("728×90 px", "portada")
    tamano = c1.text_input("Tamaño", placeholder=muestra[0], key=f"{CLAVE_ORDEN}_tamano")
    lugar = "Página o sección" if tipo == TipoOrden.INSERCION else "Ubicación en el sitio"
    pagina = c2.text_input(lugar, placeholder=muestra[1], key=f"{CLAVE_ORDEN}_pagina")
    return None, tamano, pagina


def formulario_orden(campana_id: int, inicio: dt.date, u: UsuarioActivo, abierto: bool) -> None:
    """Alta de una orden: medio, tipo, cantidad, horario o tamaño y página, costo y convenio."""
    medios = leer(co.medios_del_padron)
    medios = medios[medios["activo"].astype(bool)]
    with st.expander("Agregar orden", icon=":material/add_shopping_cart:", expanded=abierto):
        if medios.empty:
            componentes.vacio("Da de alta primero el medio en Medios y convenios.")
            return
        nombres = opciones(medios, "medio_id", lambda f: str(f["medio"]))
        tipos_medio = dict(zip(medios["medio_id"].astype(int), medios["tipo"], strict=True))
        c1, c2 = st.columns(2)
        medio_id = int(
            c1.selectbox("Medio", list(nombres), format_func=nombres.__getitem__, key="campanas_om")
        )
        tipo = str(
            c2.selectbox(
                "Tipo de orden",
                _tipos(str(tipos_medio[medio_id])),
                format_func=lambda t: UNIDADES[t][1].capitalize(),
                key=f"campanas_ot_{medio_id}",
            )
        )
        convenios, propuesto = _convenios_del_medio(medio_id, inicio)
        with st.form(CLAVE_ORDEN):
            c3, c4 = st.columns(2)
            cantidad = c3.number_input(
                f"Cantidad de {UNIDADES[tipo][1]}", 1, step=1, key=f"{CLAVE_ORDEN}_cantidad"
            )
            costo = c4.text_input(
                "Costo total con IVA", placeholder="18,560.00", key=f"{CLAVE_ORDEN}_costo"
            )
            horario, tamano, pagina = _detalles(tipo)
            ids = list(convenios)
            convenio = st.selectbox(
                "Convenio del medio",
                ids,
                ids.index(propuesto),
                format_func=convenios.__getitem__,
                key=f"{CLAVE_ORDEN}_convenio_{medio_id}",
            )
            agregar = st.form_submit_button("Agregar orden", type="primary", key="campanas_agregar")
    if agregar:
        datos = DatosOrden(
            nombres[medio_id],
            TipoOrden(tipo),
            int(cantidad),
            costo,
            texto_o_none(horario),
            texto_o_none(tamano),
            texto_o_none(pagina),
            None if convenio == SIN_CONVENIO else int(convenio),
        )
        ejecutar(
            lambda s: crear_orden(s, buscar_campana(s, campana_id), datos, u.nombre).id,
            lambda i: (
                f"Orden {i} agregada: {literal(nombres[medio_id])}, "
                f"{formato.numero(int(cantidad))} {UNIDADES[tipo][1]}."
            ),
            limpiar=CLAVE_ORDEN,
        )
