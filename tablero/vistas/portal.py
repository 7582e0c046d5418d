"""Componentes de la página Portal de transparencia: semáforo, tabla, alta y revisión."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from analisis.vigencia import ETIQUETAS, EstadoVigencia, Periodicidad
from datos.config import cargar
from datos.consultas.portal import formatos_portal
from datos.modelos import ahora
from datos.repositorio.portal import agregar_formato, vigilar
from datos.sesion import fabrica
from oficina.portal import ResumenPortal, revisar_portal
from rastreadores.urls import HostSinResolver, validar_url
from tablero import componentes
from tablero.acceso import leer
from tablero.acciones import avisar, ejecutar, intentar
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.formularios import texto_o_none

COLUMNAS = {
    "fraccion": "Fracción",
    "nombre": "Formato",
    "periodicidad": "Periodicidad",
    "estado_texto": "Estado",
    "periodo": "Periodo que cubre",
    "actualizado_texto": "Última actualización",
    "origen_fechas": "Fechas tomadas de",
    "limite_texto": "Fecha límite",
    "motivo": "Motivo",
    "vigilado": "Se revisa",
    "url": "Archivo",
}
# Del más urgente al menos: lo vencido arriba.
ORDEN = [
    EstadoVigencia.VENCIDO,
    EstadoVigencia.POR_VENCER,
    EstadoVigencia.ERROR,
    EstadoVigencia.SIN_FECHAS,
    EstadoVigencia.SIN_REVISAR,
    EstadoVigencia.AL_DIA,
]


def formatos() -> pd.DataFrame:
    """Los formatos registrados (pocas decenas: se leen sin caché para ver la última revisión)."""
    return leer(formatos_portal)


def _dia(valor: object) -> str:
    """DD/MM/AAAA o «—»."""
    return f"{valor:%d/%m/%Y}" if isinstance(valor, dt.date) else "—"


def _preparar(marco: pd.DataFrame) -> pd.DataFrame:
    """Columnas de texto para la tabla, ordenadas por urgencia."""
    vista = marco.copy()
    vista["estado_texto"] = [ETIQUETAS[EstadoVigencia(e)] for e in vista["estado"]]
    vista["periodo"] = [
        f"{_dia(i)} – {_dia(f)}" if isinstance(f, dt.date) else "—"
        for i, f in zip(vista["periodo_inicio"], vista["periodo_fin"], strict=True)
    ]
    vista["actualizado_texto"] = vista["actualizado"].map(_dia)
    vista["limite_texto"] = vista["limite"].map(_dia)
    vista["nombre"] = vista["nombre"].fillna("—")
    vista["origen_fechas"] = vista["origen_fechas"].fillna("—")
    vista["vigilado"] = ["Sí" if a else "No" for a in vista["activo"]]
    vista["urgencia"] = [ORDEN.index(EstadoVigencia(e)) for e in vista["estado"]]
    return vista.sort_values(["urgencia", "fraccion"])


def semaforo(marco: pd.DataFrame) -> None:
    """Cuántos formatos hay en cada estado."""
    cuenta = marco[marco["activo"].astype(bool)]["estado"].value_counts()
    estados = [EstadoVigencia.VENCIDO, EstadoVigencia.POR_VENCER, EstadoVigencia.AL_DIA]
    indicadores = [
        componentes.Kpi(ETIQUETAS[e].capitalize(), str(cuenta.get(e, 0))) for e in estados
    ]
    otros = int(cuenta.get(EstadoVigencia.SIN_FECHAS, 0) + cuenta.get(EstadoVigencia.ERROR, 0))
    indicadores.append(componentes.Kpi("Sin fechas o sin acceso", str(otros)))
    componentes.kpis(indicadores)


def tabla(marco: pd.DataFrame) -> None:
    """La lista de formatos con su estado y motivo."""
    componentes.tabla(_preparar(marco), COLUMNAS, enlaces=["url"])


def _mensaje(resumen: ResumenPortal) -> str:
    """«Se revisaron 6 formatos: 1 vencido, 1 por vencer…»."""
    cuenta: dict[str, int] = {}
    for r in resumen.formatos:
        cuenta[ETIQUETAS[r.estado]] = cuenta.get(ETIQUETAS[r.estado], 0) + 1
    partes = ", ".join(f"{n} {etiqueta}" for etiqueta, n in cuenta.items())
    texto = f"Se revisaron {len(resumen.formatos)} formato(s): {partes or 'ninguno'}."
    if resumen.alertados:
        texto += f" Se envió alerta por correo de {resumen.alertados} vencido(s)."
    return texto


def revisar_ahora() -> None:
    """Botón que revisa todos los formatos en este momento."""
    if not st.button("Revisar ahora", icon=":material/refresh:"):
        return
    with st.spinner("Descargando los formatos del portal…"):
        ok, resumen = intentar(lambda: revisar_portal(fabrica(), cargar(), ahora=ahora()))
    if ok and resumen is not None:
        avisar(_mensaje(resumen))


def _validar(url: str) -> None:
    """Rechaza esquemas no http(s) y direcciones internas (sin DNS se verifica al revisar)."""
    try:
        validar_url(url, cargar().hosts_permitidos)
    except HostSinResolver:
        return


def formulario_alta(usuario: UsuarioActivo) -> None:
    """Alta de un formato: URL, fracción, periodicidad y nombre."""
    with st.form("portal_alta", clear_on_submit=False):
        url = st.text_input("URL del formato o página", key="portal_alta_url")
        fraccion = st.text_input("Fracción (p. ej. XXIX)", key="portal_alta_fraccion")
        periodo = st.selectbox(
            "Periodicidad", [p.value for p in Periodicidad], index=1, key="portal_alta_periodo"
        )
        nombre = st.text_input("Nombre del formato (opcional)", key="portal_alta_nombre")
        if not st.form_submit_button("Agregar formato"):
            return

    def alta(s: Session) -> str:
        _validar(url.strip())
        f = agregar_formato(
            s,
            url=url,
            fraccion=fraccion,
            periodo=periodo,
            usuario=usuario.nombre,
            nombre=texto_o_none(nombre),
        )
        return f"Formato de la fracción {f.fraccion} agregado; se revisará en la próxima revisión."

    ejecutar(alta, lambda mensaje: mensaje, limpiar="portal_alta")


def _etiqueta(formato: dict[Any, Any]) -> str:
    """«XXIX · nombre» y, si no se revisa, la aclaración."""
    nombre = formato["url"] if pd.isna(formato["nombre"]) else formato["nombre"]
    aparte = "" if formato["activo"] else " (no se revisa)"
    return f"{formato['fraccion']} · {nombre}{aparte}"


def vigilancia(marco: pd.DataFrame, usuario: UsuarioActivo) -> None:
    """Dejar de revisar un formato (o volver a revisarlo) sin borrarlo: queda en la bitácora."""
    etiquetas = {str(f["url"]): _etiqueta(f) for f in marco.to_dict("records")}
    url = st.selectbox(
        "Formato", list(etiquetas), format_func=etiquetas.__getitem__, key="portal_vigilar"
    )
    activo = bool(marco.set_index("url").loc[url, "activo"])
    texto = "Dejar de revisar" if activo else "Volver a revisar"
    if st.button(texto, key="portal_vigilar_boton"):
        ejecutar(
            lambda s: vigilar(s, url, not activo, usuario.nombre),
            f"{texto}: {etiquetas[url]}.",
        )
