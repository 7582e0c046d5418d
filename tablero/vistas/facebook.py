"""Componentes de la página Facebook: calendario, borrador desde boletín, aprobación y publicar."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator

from analisis.normalizar import MESES
from datos.config import cargar
from datos.consultas import facebook as cf
from datos.modelos import (
    Boletin,
    EstadoBoletin,
    EstadoPublicacion,
    PublicacionFacebook,
    Recurso,
    TipoRecurso,
)
from datos.repositorio import facebook as repo
from datos.sesion import fabrica
from oficina import facebook as oficina_fb
from rastreadores.importadores.archivos import TABLAS, validar_contenido
from rastreadores.importadores.facebook_pagina import ResultadoInsights, importar_insights
from reportes import formato
from reportes.mensual_facebook import SIN_INSIGHTS, cifras_del_mes
from tablero import acciones, componentes
from tablero.acceso import leer
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.confirmar import confirmar
from tablero.componentes.formularios import fecha_hora, literal, momento_local

ETIQUETA_ESTADO = {
    "borrador": "Borrador",
    "en_revision": "En revisión",
    "aprobada": "Aprobada (por salir)",
    "publicada": "Publicada",
    "fallida": "Falló",
    "cancelada": "Cancelada",
}
DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
CLAVE_REVISADA = "facebook_version_revisada"
PERIODOS = {"semana": "Semana", "mes": "Mes"}
TIPOS_TABLA = ["csv", "txt", "xlsx"]
# Fotos del banco que se ofrecen para una publicación (las más recientes).
FOTOS_EN_LISTA = 60


def aviso_de_token() -> None:
    """Sin página y token, la página lo dice: nada se publica."""
    if not cargar().facebook.configurado:
        st.warning(
            "No hay página ni token de Facebook configurados (MONITOREO_FACEBOOK_PAGINA y "
            "MONITOREO_FACEBOOK_TOKEN): se pueden preparar y aprobar publicaciones, pero no se "
            "publica nada.",
            icon=":material/link_off:",
        )


def es_semana(desde: dt.date, hasta: dt.date) -> bool:
    """El periodo elegido es una semana (no un mes)."""
    return (hasta - desde).days == 6 and desde.weekday() == 0


def periodo() -> tuple[dt.date, dt.date]:
    """Semana (de lunes a domingo) o mes que contiene el día elegido."""
    izquierda, derecha = st.columns([1, 2])
    tipo = izquierda.segmented_control(
        "Ver", list(PERIODOS), format_func=PERIODOS.__getitem__, default="semana", key="fb_ver"
    )
    dia = derecha.date_input(
        "Que incluya el día", componentes.hoy(), key="fb_dia", format="DD/MM/YYYY"
    )
    if tipo == "mes":
        inicio = dia.replace(day=1)
        siguiente = (inicio + dt.timedelta(days=32)).replace(day=1)
        return inicio, siguiente - dt.timedelta(days=1)
    inicio = dia - dt.timedelta(days=dia.weekday())
    return inicio, inicio + dt.timedelta(days=6)


def calendario(desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """Publicaciones del periodo (hora de la oficina)."""
    zona = cargar().zona
    inicio = dt.datetime.combine(desde, dt.time(0), zona)
    fin = dt.datetime.combine(hasta + dt.timedelta(days=1), dt.time(0), zona)
    return leer(lambda s: cf.calendario(s, inicio, fin))


def _dia(momento: dt.datetime) -> str:
    """«lunes 30 de noviembre»."""
    local = momento.astimezone(cargar().zona)
    return f"{DIAS[local.weekday()]} {local.day} de {MESES[local.month - 1]}"


def _resumen_texto(texto: str) -> str:
    """Primera línea del texto, corta."""
    primera = texto.strip().splitlines()[0] if texto.strip() else ""
    return primera if len(primera) <= 90 else primera[:89] + "…"


def semana(marco: pd.DataFrame, desde: dt.date) -> None:
    """La semana en siete columnas: cada día con sus publicaciones (hora, estado y texto)."""
    zona = cargar().zona
    filas: list[dict[str, Any]] = [
        {str(k): v for k, v in f.items()} for f in marco.to_dict("records")
    ]
    for k, columna in enumerate(st.columns(7)):
        dia = desde + dt.timedelta(days=k)
        columna.markdown(f"**{DIAS[dia.weekday()].capitalize()} {dia.day}**")
        for fila in filas:
            local = fila["programada_para"].astimezone(zona)
            if local.date() == dia:
                _tarjeta(columna, fila, local)


def _tarjeta(columna: DeltaGenerator, fila: dict[str, Any], local: dt.datetime) -> None:
    """Una publicación en el día de la semana."""
    with columna.container(border=True):
        st.caption(f"{local:%H:%M} · {ETIQUETA_ESTADO[str(fila['estado'])]}")
        st.markdown(literal(_resumen_texto(str(fila["texto"]))))
        if isinstance(fila["enlace"], str) and fila["enlace"]:
            st.link_button("Ver en Facebook", fila["enlace"])


def tabla_calendario(marco: pd.DataFrame) -> None:
    """El calendario: día, hora, estado, texto, boletín y enlace (o el error)."""
    zona = cargar().zona
    vista = pd.DataFrame(
        {
            "dia": [_dia(m) for m in marco["programada_para"]],
            "hora": [m.astimezone(zona).strftime("%H:%M") for m in marco["programada_para"]],
            "estado": [ETIQUETA_ESTADO[e] for e in marco["estado"]],
            "texto": [_resumen_texto(t) for t in marco["texto"]],
            "boletin": marco["boletin"].fillna("—"),
            "fotos": marco["fotos"],
            "enlace": marco["enlace"],
            "error": marco["error"].fillna(""),
        }
    )
    columnas = {
        "dia": "Día",
        "hora": "Hora",
        "estado": "Estado",
        "texto": "Texto",
        "boletin": "Boletín",
        "fotos": "Fotos",
        "enlace": "En Facebook",
        "error": "Motivo del error",
    }
    componentes.tabla(vista, columnas, enlaces=["enlace"], fija="dia", filas=20)


def indicadores(marco: pd.DataFrame) -> None:
    """Cuántas hay por estado en el periodo."""
    cuenta = marco["estado"].value_counts()
    componentes.kpis(
        [
            componentes.Kpi("Publicadas", formato.numero(int(cuenta.get("publicada", 0)))),
            componentes.Kpi(
                "Por salir (aprobadas)", formato.numero(int(cuenta.get("aprobada", 0)))
            ),
            componentes.Kpi(
                "Esperan aprobación",
                formato.numero(int(cuenta.get("borrador", 0) + cuenta.get("en_revision", 0))),
            ),
            componentes.Kpi("Fallidas", formato.numero(int(cuenta.get("fallida", 0)))),
        ]
    )


def _cifra(valor: int | None) -> str:
    """Número o «—»."""
    return formato.VACIO if valor is None else formato.numero(valor)


def cifras_de_la_pagina(dia: dt.date) -> None:
    """Insights importados del mes del día elegido (lo mismo que dice el reporte mensual)."""
    c = leer(lambda s: cifras_del_mes(s, dia.year, dia.month, cargar().zona))
    mes = f"{MESES[dia.month - 1]} de {dia.year}"
    st.subheader(f"La página en {mes}")
    if not c.con_insights:
        st.caption(SIN_INSIGHTS)
        return
    jovenes, ayuda = formato.VACIO, "La exportación no trae seguidores por edad."
    if c.jovenes is not None:
        jovenes = formato.porcentaje(c.jovenes.estimado)
        ayuda = (
            f"Meta no corta en 30: 13-24 más la mitad de 25-34. Seguro: entre "
            f"{formato.porcentaje(c.jovenes.minimo)} (menores de 25) y "
            f"{formato.porcentaje(c.jovenes.maximo)} (menores de 35)."
        )
    componentes.kpis(
        [
            componentes.Kpi("Alcance (personas)", _cifra(c.alcance)),
            componentes.Kpi("Interacciones", _cifra(c.interacciones)),
            componentes.Kpi("Seguidores", _cifra(c.seguidores)),
            componentes.Kpi("Seguidores menores de 30", jovenes, ayuda=ayuda),
        ]
    )


def subir_insights() -> None:
    """Importa la exportación de insights de Meta Business Suite (lo que hace la CLI)."""
    with (
        st.expander("Subir los insights de Meta Business Suite", expanded=False),
        st.form("fb_insights", border=False),
    ):
        st.caption(
            "En Meta Business Suite: Estadísticas › Exportar datos (CSV o Excel), por día o por "
            "mes. La exportación de audiencia por edad no trae fechas: indica su mes."
        )
        subido = st.file_uploader("Exportación de insights", TIPOS_TABLA, key="fb_insights")
        mes = st.date_input(
            "Mes de la audiencia por edad (cualquier día del mes)",
            value=None,
            format="DD/MM/YYYY",
            key="fb_insights_mes",
        )
        if not st.form_submit_button("Importar insights"):
            return
    if subido is None:
        st.error("Sube el archivo CSV o Excel que exporta Meta Business Suite.")
        return
    resultado = _importar_insights(subido.name, subido.getvalue(), mes)
    if resultado is not None:
        _resultado_insights(resultado)


def _importar_insights(
    nombre: str, contenido: bytes, mes: dt.date | None
) -> ResultadoInsights | None:
    """Valida el archivo subido y lo importa en una transacción (errores en español)."""

    def importar(s: Session) -> ResultadoInsights:
        validado = validar_contenido(nombre, contenido, TABLAS)
        with tempfile.TemporaryDirectory(prefix="insights-") as carpeta:
            ruta = Path(carpeta) / validado.nombre
            ruta.write_bytes(validado.contenido)
            return importar_insights(s, ruta, mes.replace(day=1) if mes else None)

    return acciones.en_transaccion(importar)


def _resultado_insights(r: ResultadoInsights) -> None:
    """Meses importados (y recarga las cifras) o los renglones que no se pudieron leer."""
    meses = ", ".join(_nombre_mes(m) for m in r.meses) or "ninguno"
    if not r.errores:
        acciones.avisar(f"Insights importados: {meses}.")
        return
    st.warning(f"Insights importados: {meses}. {len(r.errores)} renglones no se leyeron:")
    errores = pd.DataFrame(r.errores, columns=["Renglón", "Motivo"])
    st.dataframe(errores, hide_index=True, width="stretch")


def _nombre_mes(aaaa_mm: str) -> str:
    """«2026-11» → «noviembre de 2026»."""
    anio, mes = aaaa_mm.split("-")
    return f"{MESES[int(mes) - 1]} de {anio}"


def _boletines_aprobados(s: Session) -> dict[int, str]:
    """Boletines aprobados o enviados, del más reciente al más antiguo."""
    consulta = (
        select(Boletin)
        .where(Boletin.estado.in_([EstadoBoletin.APROBADO, EstadoBoletin.ENVIADO]))
        .order_by(Boletin.fecha_emision.desc())
        .limit(50)
    )
    return {b.id: f"{b.folio} · {b.titular}" for b in s.scalars(consulta)}


def _fotos_recientes(s: Session) -> dict[int, str]:
    """Las fotos más recientes del banco de medios: nombre y descripción."""
    consulta = (
        select(Recurso)
        .where(Recurso.tipo == TipoRecurso.FOTO)
        .order_by(Recurso.creado_en.desc(), Recurso.id.desc())
        .limit(FOTOS_EN_LISTA)
    )
    return {
        r.id: f"{r.nombre_archivo} · {r.descripcion}" if r.descripcion else r.nombre_archivo
        for r in s.scalars(consulta)
    }


def nuevo_desde_boletin(u: UsuarioActivo) -> None:
    """Formulario: borrador desde un boletín aprobado, con día y hora."""
    boletines = leer(_boletines_aprobados)
    fotos = leer(_fotos_recientes)
    with st.expander("Preparar publicación desde un boletín", expanded=False):
        if not boletines:
            st.caption("No hay boletines aprobados todavía.")
            return
        with st.form("fb_nuevo", border=False):
            boletin_id = st.selectbox(
                "Boletín", list(boletines), format_func=boletines.__getitem__, key="fb_boletin"
            )
            izquierda, derecha = st.columns(2)
            dia = izquierda.date_input(
                "Día", componentes.hoy(), key="fb_nuevo_dia", format="DD/MM/YYYY"
            )
            hora = derecha.time_input("Hora", dt.time(10, 0), key="fb_nuevo_hora")
            enlace = st.text_input("Liga al boletín (opcional)", key="fb_nuevo_enlace")
            elegidas = st.multiselect(
                "Fotos del banco (vacío: las del boletín)",
                list(fotos),
                format_func=fotos.__getitem__,
                max_selections=repo.FOTOS_MAXIMAS,
                key="fb_nuevo_fotos",
            )
            if st.form_submit_button("Crear borrador"):
                cuando = momento_local(dia, hora)
                acciones.ejecutar(
                    lambda s: (
                        oficina_fb.borrador_desde_boletin(
                            s,
                            int(boletin_id),
                            u.nombre,
                            cargar(),
                            programada_para=cuando,
                            enlace=enlace.strip() or None,
                            fotos=[int(f) for f in elegidas] or None,
                        ).id
                    ),
                    "Borrador creado: revísalo abajo y mándalo a aprobación.",
                    limpiar="fb_nuevo",
                )


def elegir_publicacion(marco: pd.DataFrame) -> int | None:
    """Selector de una publicación del periodo."""
    if marco.empty:
        return None
    etiquetas = {
        int(i): f"{_dia(m)} {m.astimezone(cargar().zona):%H:%M} · {ETIQUETA_ESTADO[e]} · "
        f"{_resumen_texto(t)}"
        for i, m, e, t in zip(
            marco["id"], marco["programada_para"], marco["estado"], marco["texto"], strict=True
        )
    }
    return int(
        st.selectbox(
            "Publicación", list(etiquetas), format_func=etiquetas.__getitem__, key="fb_pub"
        )
    )


def _recordar(publicacion_id: int, huella: str) -> None:
    """Al pulsar Aprobar: la versión que la directora tenía en pantalla."""
    st.session_state[CLAVE_REVISADA] = (publicacion_id, huella)


def _revisada(publicacion_id: int) -> str:
    """La versión revisada ('' si no corresponde: la aprobación se rechaza)."""
    guardada = st.session_state.pop(CLAVE_REVISADA, None)
    return guardada[1] if isinstance(guardada, tuple) and guardada[0] == publicacion_id else ""


def _leer_publicacion(publicacion_id: int) -> tuple[PublicacionFacebook, str]:
    """La publicación con sus fotos cargadas y su huella."""

    def cargar_(s: Session) -> tuple[PublicacionFacebook, str]:
        p = repo.obtener(s, publicacion_id)
        _ = [r.nombre_archivo for r in p.recursos], p.boletin
        return p, repo.version(p)

    return leer(cargar_)


def ficha(publicacion_id: int, u: UsuarioActivo) -> None:
    """Texto, fotos, estado y los botones que tocan según el estado y el rol."""
    p, huella = _leer_publicacion(publicacion_id)
    with st.container(border=True):
        st.markdown(
            f"**{ETIQUETA_ESTADO[p.estado.value]}** · {literal(fecha_hora(p.programada_para))}"
        )
        st.text(p.texto)
        if p.recursos:
            st.caption("Fotos: " + ", ".join(literal(r.nombre_archivo) for r in p.recursos))
        if p.enlace:
            st.link_button("Ver en Facebook", p.enlace)
        if p.error:
            st.error(literal(p.error), icon=":material/error:")
    if u.puede("editar") and p.estado in repo.EDITABLES | {EstadoPublicacion.FALLIDA}:
        _editar(p, u)
    _botones(p, huella, u)


def _editar(p: PublicacionFacebook, u: UsuarioActivo) -> None:
    """Editar texto, hora o fotos (si estaba aprobada, vuelve a borrador)."""
    local = p.programada_para.astimezone(cargar().zona)
    fotos = {r.id: r.nombre_archivo for r in p.recursos} | leer(_fotos_recientes)
    with st.expander("Editar", expanded=False), st.form(f"fb_editar_{p.id}", border=False):
        texto = st.text_area("Texto", p.texto, height=180, key=f"fb_texto_{p.id}")
        izquierda, derecha = st.columns(2)
        dia = izquierda.date_input("Día", local.date(), key=f"fb_dia_{p.id}", format="DD/MM/YYYY")
        hora = derecha.time_input("Hora", local.time(), key=f"fb_hora_{p.id}")
        elegidas = st.multiselect(
            "Fotos",
            list(fotos),
            default=[r.id for r in p.recursos],
            format_func=fotos.__getitem__,
            max_selections=repo.FOTOS_MAXIMAS,
            key=f"fb_fotos_{p.id}",
        )
        if p.estado == EstadoPublicacion.APROBADA:
            st.caption("Al guardar cambios, la directora tendrá que aprobarla otra vez.")
        if st.form_submit_button("Guardar cambios"):
            cuando = momento_local(dia, hora)
            acciones.ejecutar(
                lambda s: repo.editar(
                    s,
                    p.id,
                    u.nombre,
                    texto=texto,
                    programada_para=cuando,
                    fotos=[int(f) for f in elegidas],
                ),
                "Cambios guardados.",
            )


def _botones(p: PublicacionFacebook, huella: str, u: UsuarioActivo) -> None:
    """Revisión, aprobación (sólo la directora), publicar ya (con confirmación) y cancelar."""
    estado = p.estado
    columnas = iter(st.columns(4))
    corregible = estado in {EstadoPublicacion.BORRADOR, EstadoPublicacion.FALLIDA}
    if (
        corregible
        and u.puede("editar")
        and next(columnas).button("Mandar a aprobación", key="fb_revision")
    ):
        acciones.ejecutar(
            lambda s: repo.enviar_a_revision(s, p.id, u.nombre), "Publicación en revisión."
        )
    pendiente = estado in {EstadoPublicacion.BORRADOR, EstadoPublicacion.EN_REVISION}
    if pendiente and u.puede("aprobar"):
        if next(columnas).button(
            "Aprobar", key="fb_aprobar", type="primary", on_click=_recordar, args=(p.id, huella)
        ):
            acciones.ejecutar(
                lambda s: repo.aprobar(s, p.id, u.nombre, _revisada(p.id)),
                "Publicación aprobada: saldrá a su hora.",
            )
    elif pendiente:
        st.caption("Sólo la directora aprueba lo que sale en la página.")
    if estado == EstadoPublicacion.APROBADA and u.puede("editar"):
        _publicar_ya(p, next(columnas), u)
    if (
        estado not in repo.FINALES
        and u.puede("editar")
        and confirmar(
            "Cancelar",
            "fb_cancelar",
            "La publicación no saldrá en la página.",
            "Sí, cancelarla",
            donde=next(columnas),
        )
    ):
        acciones.ejecutar(lambda s: repo.cancelar(s, p.id, u.nombre), "Publicación cancelada.")


def _publicar_ya(p: PublicacionFacebook, columna: object, u: UsuarioActivo) -> None:
    """Publica ahora una aprobada, tras confirmarlo."""
    ajustes = cargar()
    mensaje = (
        f"Se publicará ahora en la página de Facebook (estaba programada para "
        f"{fecha_hora(p.programada_para)}). Lo publicado ya no se puede retirar desde aquí."
    )
    if not confirmar(
        "Publicar ahora",
        "fb_publicar",
        mensaje,
        "Sí, publicar",
        donde=columna,  # type: ignore[arg-type]
        deshabilitado=not ajustes.facebook.configurado,
    ):
        return
    ok, resumen = acciones.intentar(
        lambda: oficina_fb.publicar(fabrica(), ajustes, [p.id], usuario=u.nombre)
    )
    if ok and resumen is not None:
        if resumen.publicadas:
            acciones.avisar(f"Publicada en Facebook: {resumen.publicadas[0][1]}")
        motivo = (resumen.fallidas + resumen.pendientes or [(0, "no se publicó")])[0][1]
        st.error(literal(f"No se publicó: {motivo}"), icon=":material/error:")
