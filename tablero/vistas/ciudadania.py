"""Componentes de la página Ciudadanía: cifras, alta, notas negativas, tabla y flujo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from analisis.ciudadania import cifras_solicitudes
from datos.config import cargar
from datos.consultas import solicitudes as cs
from datos.modelos import CanalSolicitud, EstadoSolicitud
from datos.repositorio import solicitudes as repo
from datos.temas_solicitud import CAMPOS_CONTACTO, temas
from reportes import formato
from tablero import acciones, componentes
from tablero.acceso import leer
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.exportar import a_csv
from tablero.componentes.formularios import (
    elegir,
    fecha,
    fecha_hora,
    literal,
    opciones,
    texto_o_none,
)

CANALES = {
    CanalSolicitud.VENTANILLA: "Ventanilla",
    CanalSolicitud.TELEFONO: "Teléfono",
    CanalSolicitud.FACEBOOK: "Facebook",
    CanalSolicitud.WHATSAPP: "WhatsApp",
    CanalSolicitud.CORREO: "Correo",
    CanalSolicitud.EVENTO: "Evento",
}
# Notas negativas de este periodo que se ofrecen para crear la solicitud de un clic.
DIAS_NOTAS = 30
FORM = "ciudadania_nueva"


def lista(u: UsuarioActivo) -> pd.DataFrame:
    """Solicitudes; con contacto sólo para los roles que lo necesitan."""
    return leer(lambda s: cs.solicitudes(s, datos_personales=u.puede("datos_personales")))


def cifras(marco: pd.DataFrame) -> None:
    """Abiertas, vencidas, mediana de resolución; por dependencia, localidades y temas."""
    hoy = componentes.hoy()
    c = cifras_solicitudes(marco, hoy)
    columnas = st.columns(4)
    columnas[0].metric("Solicitudes", formato.numero(c.total), border=True)
    columnas[1].metric("Abiertas", formato.numero(c.abiertas), border=True)
    columnas[2].metric("Vencidas", formato.numero(c.vencidas), border=True)
    mediana = f"{formato.numero(c.mediana_dias, 1)} días" if c.mediana_dias is not None else "—"
    columnas[3].metric("Mediana para resolver", mediana, border=True)
    if c.total:
        izquierda, centro, derecha = st.columns(3)
        with izquierda:
            st.caption("Abiertas y vencidas por dependencia")
            componentes.tabla(
                c.por_dependencia,
                {"dependencia": "Dependencia", "abiertas": "Abiertas", "vencidas": "Vencidas"},
            )
        _frecuentes(centro, "Localidades con más solicitudes", c.localidades, "Localidad")
        _frecuentes(derecha, "Temas más frecuentes", c.temas, "Tema")


def _frecuentes(lugar: object, titulo: str, pares: list[tuple[str, int]], nombre: str) -> None:
    """Tabla pequeña de lo más frecuente."""
    with lugar:  # type: ignore[attr-defined]
        st.caption(titulo)
        componentes.tabla(
            pd.DataFrame(pares, columns=["n", "c"]), {"n": nombre, "c": "Solicitudes"}
        )


def formulario(u: UsuarioActivo) -> None:
    """Alta con el aviso de privacidad a la vista."""
    st.info(cargar().ciudadania.aviso_privacidad, icon=":material/privacy_tip:")
    catalogo = temas()
    localidades = leer(repo.localidades)
    dependencias = leer(cs.dependencias)
    with st.form(FORM, clear_on_submit=False):
        asunto = st.text_input("Asunto", key=f"{FORM}_asunto")
        izquierda, derecha = st.columns(2)
        canal = izquierda.selectbox(
            "Canal", list(CANALES), format_func=lambda c: CANALES[c], key=f"{FORM}_canal"
        )
        tema = derecha.selectbox(
            "Tema", list(catalogo), format_func=lambda k: catalogo[k].nombre, key=f"{FORM}_tema"
        )
        localidad = izquierda.selectbox("Localidad", ["", *localidades], key=f"{FORM}_localidad")
        dependencia = derecha.selectbox(
            "Dependencia (vacío: la del tema)", ["", *dependencias], key=f"{FORM}_dependencia"
        )
        descripcion = st.text_area("Descripción", key=f"{FORM}_descripcion")
        contacto = _contacto(u)
        enviado = st.form_submit_button("Registrar", icon=":material/save:")
    if enviado:
        acciones.ejecutar(
            lambda s: repo.crear_solicitud(
                s,
                canal=canal,
                asunto=asunto,
                tema_clave=tema,
                usuario=u.nombre,
                localidad=texto_o_none(localidad),
                dependencia=texto_o_none(dependencia),
                descripcion=texto_o_none(descripcion),
                **contacto,
            ),
            lambda sol: (
                f"Solicitud {cs.folio(sol.id, sol.recibida_en)} registrada; vence el "
                f"{formato.fecha_larga(sol.vence_en)}."
            ),
            limpiar=FORM,
        )


def _contacto(u: UsuarioActivo) -> dict[str, Any]:
    """Contacto opcional de la persona (sólo para quien puede ver datos personales)."""
    if not u.puede("datos_personales"):
        return {}
    st.caption("Contacto de la persona (opcional; se borra al vencer el plazo de conservación)")
    a, b, c = st.columns(3)
    return {
        "contacto_nombre": texto_o_none(a.text_input("Nombre", key=f"{FORM}_nombre")),
        "contacto_telefono": texto_o_none(b.text_input("Teléfono", key=f"{FORM}_telefono")),
        "contacto_correo": texto_o_none(c.text_input("Correo", key=f"{FORM}_correo")),
    }


def desde_notas(u: UsuarioActivo) -> None:
    """Notas negativas recientes: un clic crea la solicitud prellenada con el enlace."""
    desde = dt.datetime.now(dt.UTC) - dt.timedelta(days=DIAS_NOTAS)
    notas = leer(lambda s: cs.notas_negativas_sin_solicitud(s, desde))
    if notas.empty:
        return
    st.subheader("Notas negativas sin solicitud")
    for fila in notas.to_dict("records"):
        izquierda, derecha = st.columns([4, 1], vertical_alignment="center")
        cuando = fecha_hora(fila["fecha"])
        izquierda.markdown(f"**{literal(fila['medio'])}** · {cuando} — {literal(fila['titulo'])}")
        if derecha.button("Crear solicitud", key=f"ciudadania_nota_{fila['nota_id']}"):
            _crear_desde_nota(int(fila["nota_id"]), u)


def _crear_desde_nota(nota_id: int, u: UsuarioActivo) -> None:
    """Acción del clic: la solicitud prellenada con la nota como prueba."""
    acciones.ejecutar(
        lambda s: repo.desde_nota(s, nota_id, u.nombre),
        lambda sol: f"Solicitud {cs.folio(sol.id, sol.recibida_en)} creada desde la nota.",
    )


def tabla_solicitudes(marco: pd.DataFrame, u: UsuarioActivo) -> None:
    """Tabla (con contacto sólo si el rol lo permite) y descarga anónima."""
    hoy = componentes.hoy()
    vista = marco.assign(
        recibida=marco["recibida_en"].map(fecha_hora),
        estado_txt=marco["estado"].map(lambda e: cs.ETIQUETAS_ESTADO[EstadoSolicitud(e)]),
        vence=marco["vence_en"].map(fecha),
        vencida=marco.apply(
            lambda f: (
                "Sí"
                if f["estado"] in {"recibida", "canalizada", "en_atencion"} and f["vence_en"] < hoy
                else ""
            ),
            axis=1,
        ),
    )
    columnas = {
        "folio": "Folio",
        "recibida": "Recibida",
        "asunto": "Asunto",
        "tema_nombre": "Tema",
        "localidad": "Localidad",
        "dependencia": "Dependencia",
        "estado_txt": "Estado",
        "vence": "Vence",
        "vencida": "Vencida",
        "enlace": "Prueba",
    }
    if u.puede("datos_personales"):
        columnas |= {"contacto_nombre": "Contacto", "contacto_telefono": "Teléfono"}
    componentes.tabla(vista, columnas, enlaces=["enlace"])
    anonimo = marco.drop(columns=[c for c in CAMPOS_CONTACTO if c in marco.columns])
    st.download_button(
        "Descargar CSV (anónimo)",
        lambda: a_csv(anonimo.drop(columns=["dependencia_correo"])),
        "solicitudes.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
    )


def cambiar(marco: pd.DataFrame, u: UsuarioActivo) -> None:
    """Avanza el flujo de una solicitud (queda en la bitácora)."""
    valores = opciones(marco, "id", lambda f: f"{f['folio']} · {f['asunto']}")
    elegido = elegir("Solicitud", valores, "ciudadania_elegida")
    if elegido is None:
        return
    actual = EstadoSolicitud(marco[marco["id"] == elegido].iloc[0]["estado"])
    siguientes = sorted(repo.TRANSICIONES[actual], key=list(EstadoSolicitud).index)
    izquierda, derecha = st.columns(2)
    nuevo = izquierda.selectbox(
        "Nuevo estado",
        siguientes,
        format_func=lambda e: cs.ETIQUETAS_ESTADO[e],
        key="ciudadania_estado",
    )
    dependencia = derecha.selectbox(
        "Dependencia", ["", *leer(cs.dependencias)], key="ciudadania_dependencia"
    )
    respuesta = st.text_input("Qué se hizo (opcional)", key="ciudadania_respuesta")
    if st.button("Guardar estado", key="ciudadania_guardar"):
        acciones.ejecutar(
            lambda s: repo.cambiar_estado(
                s,
                elegido,
                nuevo,
                u.nombre,
                dependencia=texto_o_none(dependencia),
                respuesta=texto_o_none(respuesta),
            ),
            f"Solicitud actualizada: {cs.ETIQUETAS_ESTADO[nuevo]}.",
        )


def dependencias_ui(u: UsuarioActivo) -> None:
    """Correo de cada dependencia para los recordatorios (alta o cambio)."""
    nombres = leer(cs.dependencias)
    with st.form("ciudadania_dependencia_form"):
        izquierda, centro, derecha = st.columns(3)
        nombre = izquierda.selectbox(
            "Dependencia", nombres, accept_new_options=True, key="ciudadania_dep_nombre"
        )
        correo = centro.text_input("Correo para recordatorios", key="ciudadania_dep_correo")
        responsable = derecha.text_input("Responsable", key="ciudadania_dep_responsable")
        guardar = st.form_submit_button("Guardar dependencia", icon=":material/save:")
    if guardar:
        acciones.ejecutar(
            lambda s: repo.guardar_dependencia(
                s, str(nombre or ""), u.nombre, texto_o_none(correo), texto_o_none(responsable)
            ),
            lambda d: f"Dependencia {d.nombre} guardada.",
            limpiar="ciudadania_dep",
        )
