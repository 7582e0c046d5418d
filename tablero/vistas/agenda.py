"""Componentes de la Agenda: eventos, cobertura, invitaciones y embudo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from analisis.prioridad import PRIORIDAD_POR_TIPO, sugerir_prioridad
from datos.config import cargar
from datos.consultas import oficina as co
from datos.modelos import EstadoEvento, Evento
from datos.repositorio.agenda import (
    TRANSICIONES_EVENTO,
    asignar_cobertura,
    cambiar_estado_evento,
    crear_evento,
    dia_con_eventos,
    editar_evento,
    enlazar_boletin,
    eventos_entre,
    invitar,
    obtener_evento,
    registrar_asistencia,
    registrar_respuesta,
)
from datos.sesion import fabrica
from oficina.agenda import embudo_evento, embudo_por_medio
from oficina.distribucion import enviar_invitaciones
from reportes import formato
from reportes.documento_boletin import invitacion_a_medios
from tablero import componentes
from tablero.acceso import leer
from tablero.acciones import ejecutar
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.confirmar import confirmar, cuantos
from tablero.componentes.formularios import (
    elegir,
    elegir_con_boton,
    fecha_hora,
    literal,
    mandar,
    momento_local,
    opciones,
    seleccionar_despues,
    si_no,
    texto_o_none,
)
from tablero.deshacer import ejecutar_reversible, historial

# Los tipos del catálogo de prioridad están sin acentos; se guardan y muestran con ellos
# (sugerir_prioridad normaliza los acentos al comparar).
ACENTOS_TIPO = {
    "inauguracion": "inauguración",
    "sesion de cabildo": "sesión de cabildo",
    "ceremonia civica": "ceremonia cívica",
    "reunion": "reunión",
    "capacitacion": "capacitación",
    "audiencia publica": "audiencia pública",
}
TIPOS_EVENTO = [ACENTOS_TIPO.get(t, t) for t in PRIORIDAD_POR_TIPO]
FUNCIONES_COBERTURA = ["foto", "video", "audio", "redacción", "redes"]
ETIQUETA_RESPUESTA = {
    "sin_respuesta": "sin respuesta",
    "confirmado": "confirmó",
    "declinado": "declinó",
}
ETAPAS_EMBUDO = ["Invitados", "Confirmaron", "Asistieron", "Publicaron"]
CLAVE_FECHA_PENDIENTE = "agenda_fecha_pendiente"


def quedarse_en(evento: Evento) -> None:
    """Tras guardar, la siguiente vista sigue en el evento (y en su día, si cambió de fecha)."""
    seleccionar_despues("agenda_evento", evento.id)
    st.session_state[CLAVE_FECHA_PENDIENTE] = evento.inicio.astimezone(cargar().zona).date()


def vista_agenda() -> tuple[dt.date, dt.date, str]:
    """Día o semana elegidos: (desde, hasta, descripción)."""
    izquierda, derecha = st.columns(2)
    vista = izquierda.radio("Vista", ["Día", "Semana"], horizontal=True, key="agenda_vista")
    pendiente = st.session_state.pop(CLAVE_FECHA_PENDIENTE, None)
    if isinstance(pendiente, dt.date):
        st.session_state["agenda_fecha"] = pendiente
        dia = derecha.date_input("Fecha", key="agenda_fecha", format="DD/MM/YYYY")
    else:
        # Abre en el día que tiene eventos (hoy o el siguiente), no en un día vacío.
        inicial = leer(lambda s: dia_con_eventos(s, componentes.hoy()))
        dia = derecha.date_input("Fecha", inicial, key="agenda_fecha", format="DD/MM/YYYY")
    if vista == "Día":
        return dia, dia, f"Agenda del {formato.fecha_larga(dia)}"
    lunes = dia - dt.timedelta(days=dia.weekday())
    domingo = lunes + dt.timedelta(days=6)
    return (
        lunes,
        domingo,
        f"Semana del {formato.fecha_larga(lunes)} al {formato.fecha_larga(domingo)}",
    )


def _cobertura_txt(cobertura: object) -> str:
    """«foto: Luis · video: Ana»."""
    if not isinstance(cobertura, dict) or not cobertura:
        return "sin asignar"
    return " · ".join(f"{k}: {v}" for k, v in cobertura.items())


def tabla_agenda(eventos: pd.DataFrame) -> None:
    """Eventos con hora local, prioridad, estado y cobertura."""
    vista = eventos.assign(
        hora=eventos["inicio"].map(fecha_hora),
        cobertura_txt=eventos["cobertura"].map(_cobertura_txt),
        tipo_txt=eventos["tipo"].fillna(formato.VACIO),
        lugar_txt=eventos["lugar"].fillna(formato.VACIO),
    )
    componentes.tabla(
        vista,
        {
            "hora": "Inicio",
            "titulo": "Evento",
            "lugar_txt": "Lugar",
            "tipo_txt": "Tipo",
            "prioridad": "Prioridad",
            "estado": "Estado",
            "cobertura_txt": "Cobertura",
        },
    )


def eventos_de(desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """Eventos de los días locales [desde, hasta]."""
    return leer(lambda s: eventos_entre(s, desde, hasta))


def elegir_evento(eventos: pd.DataFrame) -> int | None:
    """Selector del evento a trabajar."""
    valores = opciones(
        eventos, "id", lambda f: f"{f['inicio']:%d/%m %H:%M} · {f['titulo']} (P{f['prioridad']})"
    )
    return elegir("Evento", valores, "agenda_evento")


def formulario_evento_nuevo(u: UsuarioActivo) -> None:
    """Alta de evento: la prioridad sugerida se calcula al momento y se puede cambiar (1–5)."""
    col1, col2, col3 = st.columns(3)
    tipo = col1.selectbox(
        "Tipo de evento", ["", *TIPOS_EVENTO], key="agenda_nuevo_tipo", format_func=_tipo_txt
    )
    audiencia = col2.number_input(
        "Asistencia esperada", min_value=0, value=None, step=10, key="agenda_nuevo_audiencia"
    )
    presidenta = col3.checkbox("Asiste la presidenta", key="agenda_nuevo_presidenta")
    sugerida = sugerir_prioridad(tipo or None, audiencia, con_presidenta=presidenta)
    st.caption(f"Prioridad sugerida: **{sugerida}** (1 baja – 5 máxima); puedes cambiarla.")
    with st.form("agenda_nuevo"):
        titulo = st.text_input("Título", key="agenda_nuevo_titulo")
        c1, c2, c3 = st.columns(3)
        dia = c1.date_input("Fecha", componentes.hoy(), format="DD/MM/YYYY", key="agenda_nuevo_dia")
        inicio = c2.time_input("Hora de inicio", dt.time(10, 0), key="agenda_nuevo_inicio")
        fin = c3.time_input("Hora de término (opcional)", None, key="agenda_nuevo_fin")
        datos = _campos_evento("agenda_nuevo", {})
        prioridad = st.number_input(
            "Prioridad", 1, 5, sugerida, step=1, key=f"agenda_nuevo_prioridad_{sugerida}"
        )
        guardar = st.form_submit_button("Guardar evento", type="primary", key="agenda_guardar")
    if guardar:
        ejecutar(
            lambda s: _creado(
                s,
                titulo=titulo,
                inicio=momento_local(dia, inicio),
                fin=momento_local(dia, fin) if fin else None,
                usuario=u.nombre,
                tipo=tipo or None,
                audiencia=audiencia,
                con_presidenta=presidenta,
                prioridad=int(prioridad),
                **datos,
            ),
            lambda e: f"Evento «{literal(e.titulo)}» guardado con prioridad {e.prioridad}.",
            limpiar="agenda_nuevo",
        )


def _creado(s: Session, **datos: Any) -> Evento:
    """Crea el evento y deja la agenda en su día con el evento elegido."""
    evento = crear_evento(s, **datos)
    quedarse_en(evento)
    return evento


def _editado(s: Session, evento_id: int, usuario: str, **cambios: Any) -> bool:
    """Edita el evento y deja la agenda en él (aunque su título o su día hayan cambiado)."""
    cambio = editar_evento(s, evento_id, usuario, **cambios)
    quedarse_en(obtener_evento(s, evento_id))
    return cambio


def _tipo_txt(tipo: str) -> str:
    """Etiqueta del tipo de evento."""
    return tipo.capitalize() if tipo else "Sin tipo"


def _campos_evento(prefijo: str, actual: dict[str, Any]) -> dict[str, str | None]:
    """Lugar, localidad, dependencia, responsable y descripción (dentro de un formulario)."""
    c1, c2 = st.columns(2)
    datos = {
        "lugar": c1.text_input("Lugar", actual.get("lugar") or "", key=f"{prefijo}_lugar"),
        "localidad": c2.text_input(
            "Localidad", actual.get("localidad") or "", key=f"{prefijo}_localidad"
        ),
        "dependencia": c1.text_input(
            "Dependencia", actual.get("dependencia") or "", key=f"{prefijo}_dependencia"
        ),
        "responsable": c2.text_input(
            "Responsable", actual.get("responsable") or "", key=f"{prefijo}_responsable"
        ),
        "descripcion": st.text_area(
            "Descripción", actual.get("descripcion") or "", key=f"{prefijo}_descripcion"
        ),
    }
    return {k: texto_o_none(v) for k, v in datos.items()}


def datos_evento(evento_id: int) -> Evento:
    """El evento (columnas cargadas) para mostrarlo y editarlo."""
    return leer(lambda s: obtener_evento(s, evento_id))


def ficha_evento(evento: Evento) -> None:
    """Resumen del evento elegido, con su texto escapado."""
    componentes.encabezado(evento.titulo, nivel=4)
    lugar = ", ".join(p for p in (evento.lugar, evento.localidad) if p) or "lugar por confirmar"
    st.caption(
        f"{literal(fecha_hora(evento.inicio))} · {literal(lugar)} · prioridad {evento.prioridad}"
        f" (sugerida {evento.prioridad_sugerida or formato.VACIO}) · {evento.estado.value}"
    )
    if evento.descripcion:
        st.text(evento.descripcion)


def editar_evento_ui(evento: Evento, u: UsuarioActivo) -> None:
    """Formulario de edición de datos y prioridad, y cambio de estado."""
    zona = cargar().zona
    inicio = evento.inicio.astimezone(zona)
    prefijo = f"agenda_editar_{evento.id}"
    with st.form(prefijo):
        titulo = st.text_input("Título", evento.titulo, key=f"{prefijo}_titulo")
        c1, c2, c3 = st.columns(3)
        dia = c1.date_input("Fecha", inicio.date(), format="DD/MM/YYYY", key=f"{prefijo}_dia")
        hora = c2.time_input("Hora de inicio", inicio.time(), key=f"{prefijo}_hora")
        fin_actual = evento.fin.astimezone(zona).time() if evento.fin else None
        fin = c3.time_input("Hora de término", fin_actual, key=f"{prefijo}_fin")
        datos = _campos_evento(prefijo, vars(evento))
        prioridad = st.number_input(
            f"Prioridad (sugerida: {evento.prioridad_sugerida or formato.VACIO})",
            1,
            5,
            evento.prioridad,
            step=1,
            key=f"{prefijo}_prioridad",
        )
        guardar = st.form_submit_button("Guardar cambios", key=f"{prefijo}_guardar")
    if guardar and not titulo.strip():
        st.error("El evento necesita un título.")
    elif guardar:
        cambios = {
            "titulo": titulo.strip(),
            "inicio": momento_local(dia, hora),
            "fin": momento_local(dia, fin) if fin else None,
            "prioridad": int(prioridad),
            **datos,
        }
        ejecutar_reversible(
            lambda s: _editado(s, evento.id, u.nombre, **cambios),
            lambda cambio: "Evento actualizado." if cambio else "No había cambios que guardar.",
            u,
        )
    _estado_evento(evento, u)
    historial("Historial del evento (revertir)", ("evento",), u, "agenda_historial", evento.id)


def _estado_evento(evento: Evento, u: UsuarioActivo) -> None:
    """Cambia el estado por las transiciones válidas; nada viene elegido y cancelar se confirma."""
    posibles = [e.value for e in TRANSICIONES_EVENTO[evento.estado]]
    if not posibles:
        return
    izquierda, derecha = st.columns([3, 1], vertical_alignment="bottom")
    # Sin opción elegida de antemano: «cancelado» iba primero por orden alfabético.
    nuevo = izquierda.selectbox(
        f"Estado (ahora: {evento.estado.value})",
        sorted(posibles, key=lambda e: (e == EstadoEvento.CANCELADO.value, e)),
        index=None,
        placeholder="Elige el nuevo estado",
        key=f"agenda_estado_{evento.id}",
    )
    if nuevo == EstadoEvento.CANCELADO.value:
        cambiar = confirmar(
            "Cambiar estado",
            "agenda_cambiar_estado",
            _aviso_cancelar(evento),
            "Sí, cancelar el evento",
            donde=derecha,
        )
    else:
        cambiar = derecha.button(
            "Cambiar estado", key="agenda_cambiar_estado", disabled=nuevo is None
        )
    if cambiar and nuevo is not None:
        quedarse_en(evento)
        ejecutar_reversible(
            lambda s: cambiar_estado_evento(s, evento.id, nuevo, u.nombre),
            f"El evento «{literal(evento.titulo)}» quedó {nuevo}.",
            u,
        )


def _aviso_cancelar(evento: Evento) -> str:
    """Qué pasa al cancelar: el evento, su fecha y los medios invitados que no se enteran solos."""
    invitados = len(leer(lambda s: co.invitaciones_del_evento(s, evento.id)))
    medios = (
        cuantos(invitados, "medio invitado", "medios invitados")
        if invitados
        else ("ningún medio invitado")
    )
    return (
        f"Se cancelará «{literal(evento.titulo)}» del {literal(fecha_hora(evento.inicio))} "
        f"({medios}). La cancelación no se avisa sola a los medios: llámales o escríbeles. "
        "Podrás deshacerla desde el historial del evento."
    )


def cobertura_ui(evento: Evento, u: UsuarioActivo | None) -> None:
    """Quién cubre foto, video, audio...; con permiso, formulario para asignar."""
    cobertura = dict(evento.cobertura or {})
    if cobertura:
        marco = pd.DataFrame({"Función": list(cobertura), "Quién": list(cobertura.values())})
        st.dataframe(marco, hide_index=True)
    else:
        componentes.vacio("Nadie asignado todavía para cubrir este evento.")
    if u is None:
        return
    with st.form(f"agenda_cobertura_{evento.id}"):
        c1, c2 = st.columns(2)
        funcion = c1.selectbox("Función", FUNCIONES_COBERTURA, key="agenda_cob_funcion")
        persona = c2.text_input("Quién (vacío para quitar)", key="agenda_cob_persona")
        asignar = st.form_submit_button("Asignar", key="agenda_cob_asignar")
    if asignar:
        ejecutar(
            lambda s: asignar_cobertura(s, evento.id, funcion, persona or None, u.nombre),
            "Cobertura actualizada.",
            limpiar="agenda_cob_",
        )


def invitaciones_ui(evento: Evento, u: UsuarioActivo | None) -> None:
    """Medios invitados con respuesta y asistencia; invitar y registrar respuestas."""
    invitaciones = leer(lambda s: co.invitaciones_del_evento(s, evento.id))
    if invitaciones.empty:
        componentes.vacio("Aún no se invita a ningún medio a este evento.")
    else:
        vista = invitaciones.assign(
            respuesta_txt=invitaciones["respuesta"].map(ETIQUETA_RESPUESTA),
            asistio_txt=invitaciones["asistio"].map(si_no),
            enviada=invitaciones["enviada_en"].map(fecha_hora),
        )
        componentes.tabla(
            vista,
            {
                "medio": "Medio",
                "respuesta_txt": "Respuesta",
                "asistio_txt": "Asistió",
                "enviada": "Invitación enviada",
            },
        )
    if u is None:
        return
    _invitar(evento, u)
    if not invitaciones.empty:
        _respuesta(invitaciones, u)


def _invitar(evento: Evento, u: UsuarioActivo) -> None:
    """Multiselect de medios: registrar la invitación o además mandarla por correo."""
    medios = leer(lambda s: co.medios_con_correo(s, invitaciones=True))
    valores = opciones(medios, "medio_id", lambda f: f"{f['medio']} ({f['contactos']} con correo)")
    elegidos = st.multiselect(
        "Invitar medios",
        list(valores),
        format_func=lambda i: valores[i],
        placeholder="Elige los medios",
        key="agenda_invitar",
    )
    with st.expander("Texto de la invitación"):
        st.text(invitacion_a_medios(evento).texto)
    izquierda, derecha = st.columns(2)
    if izquierda.button("Registrar invitación", key="agenda_registrar_inv", disabled=not elegidos):
        ejecutar(
            lambda s: invitar(s, evento.id, [int(m) for m in elegidos], u.nombre),
            f"Invitación registrada para {formato.plural(len(elegidos), 'medio')}.",
        )
    smtp = cargar().smtp
    if not smtp.configurado:
        derecha.caption("Configura MONITOREO_SMTP_SERVIDOR para enviar invitaciones por correo.")
    contactos = int(medios[medios["medio_id"].isin(elegidos)]["contactos"].sum())
    if confirmar(
        "Invitar y enviar por correo",
        "agenda_enviar_inv",
        f"Se enviará la invitación a «{literal(evento.titulo)}» por correo a "
        f"{cuantos(len(elegidos), 'medio', 'medios')} "
        f"({cuantos(contactos, 'contacto', 'contactos')}), con el evento para su calendario. Un "
        "correo enviado no se puede deshacer.",
        "Sí, enviar las invitaciones",
        donde=derecha,
        deshabilitado=not elegidos or not smtp.configurado,
    ):
        destinos = [int(m) for m in elegidos]
        mandar(
            lambda: enviar_invitaciones(fabrica(), evento.id, destinos, smtp, u.nombre),
            "invitación",
        )


def _respuesta(invitaciones: pd.DataFrame, u: UsuarioActivo) -> None:
    """Registra la respuesta y la asistencia de un medio invitado."""
    valores = opciones(invitaciones, "invitacion_id", lambda f: str(f["medio"]))
    with st.form("agenda_respuesta"):
        c1, c2, c3 = st.columns(3)
        invitacion = c1.selectbox(
            "Medio", list(valores), format_func=lambda i: valores[i], key="agenda_resp_medio"
        )
        respuesta = c2.selectbox(
            "Respuesta",
            list(ETIQUETA_RESPUESTA),
            format_func=lambda r: ETIQUETA_RESPUESTA[r],
            key="agenda_resp_valor",
        )
        asistencia = c3.selectbox(
            "Asistencia", ["sin dato", "asistió", "no asistió"], key="agenda_resp_asistio"
        )
        guardar = st.form_submit_button("Guardar respuesta", key="agenda_resp_guardar")
    if guardar:
        ejecutar(
            lambda s: _guardar_respuesta(s, int(invitacion), respuesta, asistencia, u.nombre),
            f"Respuesta de {literal(valores[int(invitacion)])} guardada.",
        )


def _guardar_respuesta(
    s: Session, invitacion_id: int, respuesta: str, asistencia: str, nombre: str
) -> None:
    """Respuesta y, si se indicó, asistencia."""
    registrar_respuesta(s, invitacion_id, respuesta, nombre)
    if asistencia != "sin dato":
        registrar_asistencia(s, invitacion_id, asistencia == "asistió", nombre)


def boletines_evento_ui(evento: Evento, u: UsuarioActivo | None) -> None:
    """Boletines enlazados al evento y, con permiso, enlazar otro."""
    enlazados = leer(lambda s: co.boletines_del_evento(s, evento.id))
    if enlazados.empty:
        componentes.vacio("Ningún boletín habla todavía de este evento.")
    else:
        componentes.tabla(enlazados, {"folio": "Boletín", "titular": "Titular", "estado": "Estado"})
    if u is None:
        return
    todos = leer(co.boletines_de_oficina)
    libres = todos[todos["evento_id"].isna() | (todos["evento_id"] != evento.id)]
    valores = opciones(libres, "boletin_id", lambda f: f"{f['folio']} · {f['titular']}")
    if not valores:
        return
    elegido = elegir_con_boton(
        "Enlazar boletín", valores, "agenda_enlazar", "Enlazar", "agenda_enlazar_boton"
    )
    if elegido is not None:
        ejecutar(
            lambda s: enlazar_boletin(s, evento.id, elegido, u.nombre),
            "Boletín enlazado al evento.",
        )


def embudo_evento_ui(evento_id: int) -> None:
    """Embudo invitado → confirmó → asistió → publicó del evento, en barras."""
    e = leer(lambda s: embudo_evento(s, evento_id))
    if e.invitados == 0:
        componentes.vacio("Sin invitaciones: el embudo aparece al invitar medios.")
        return
    componentes.kpis(
        [
            componentes.Kpi("Invitados", formato.numero(e.invitados)),
            componentes.Kpi("Asistieron", formato.numero(e.asistieron)),
            componentes.Kpi("Publicaron", formato.numero(e.publicaron)),
            componentes.Kpi("Tasa de publicación", formato.porcentaje(e.tasa_publicacion)),
        ]
    )
    datos = pd.DataFrame(
        {"etapa": ETAPAS_EMBUDO, "medios": [e.invitados, e.confirmados, e.asistieron, e.publicaron]}
    )
    grafica = (
        alt.Chart(datos)
        .mark_bar(color="#08519c")
        .encode(
            y=alt.Y("etapa:N", sort=ETAPAS_EMBUDO, title=None),
            x=alt.X("medios:Q", title="Medios", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("etapa:N", title="Etapa"),
                alt.Tooltip("medios:Q", title="Medios"),
            ],
        )
        .properties(height=170)
    )
    st.altair_chart(grafica, width="stretch")


def embudo_por_medio_ui(evento_ids: Sequence[int]) -> None:
    """Embudo por medio de los eventos de la vista: tabla y barras agrupadas."""
    marco = leer(lambda s: embudo_por_medio(s, list(evento_ids)))
    if marco.empty:
        componentes.vacio("Sin invitaciones en estos eventos: invita medios para ver el embudo.")
        return
    vista = marco.assign(
        asistencia=marco["tasa_asistencia"].map(formato.porcentaje),
        publicacion=marco["tasa_publicacion"].map(formato.porcentaje),
    )
    componentes.tabla(
        vista,
        {
            "medio": "Medio",
            "invitados": "Invitados",
            "confirmados": "Confirmaron",
            "asistieron": "Asistieron",
            "publicaron": "Publicaron",
            "asistencia": "Tasa de asistencia",
            "publicacion": "Tasa de publicación",
        },
    )
    largo = marco.melt(
        id_vars=["medio"],
        value_vars=["invitados", "confirmados", "asistieron", "publicaron"],
        var_name="etapa",
        value_name="cantidad",
    )
    largo["etapa"] = largo["etapa"].map(dict(zip(marco.columns[2:6], ETAPAS_EMBUDO, strict=True)))
    grafica = (
        alt.Chart(largo)
        .mark_bar()
        .encode(
            y=alt.Y("medio:N", title=None, axis=alt.Axis(labelLimit=240)),
            yOffset=alt.YOffset("etapa:N", sort=ETAPAS_EMBUDO),
            x=alt.X("cantidad:Q", title="Medios", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "etapa:N",
                title=None,
                scale=alt.Scale(domain=ETAPAS_EMBUDO, range=PALETA_EMBUDO),
            ),
            tooltip=["medio:N", "etapa:N", "cantidad:Q"],
        )
    )
    st.altair_chart(grafica, width="stretch")


# Del más claro (invitados) al más intenso (publicaron): la misma escala de azules del tablero.
PALETA_EMBUDO = ["#c6dbef", "#9ecae1", "#4292c6", "#08519c"]
