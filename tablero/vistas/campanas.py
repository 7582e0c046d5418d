"""Componentes de la página Campañas: quién debe entregas y cuánto costó cada una."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analisis.campanas import Avance, agrupar
from analisis.cumplimiento import NotaEntregada, cumplimiento_mensual
from analisis.normalizar import MESES
from datos.consultas import campanas as cc
from reportes import formato
from tablero import componentes
from tablero.acceso import leer
from tablero.componentes.formularios import elegir
from tablero.markdown import literal

CLAVE_CAMPANA = "campanas_elegida"
UNIDADES = {
    "spot": ("spot", "spots"),
    "insercion": ("inserción", "inserciones"),
    "banner": ("banner", "banners"),
}


def lista() -> pd.DataFrame:
    """Campañas registradas, la más reciente primero."""
    return leer(cc.lista_de_campanas)


def datos(campana_id: int) -> cc.Cumplimiento:
    """Cumplimiento de la campaña elegida (sin caché: acaba de importarse una bitácora)."""
    return leer(lambda s: cc.cumplimiento(s, campana_id))


def elegir_campana(campanas: pd.DataFrame) -> int:
    """Selector de campaña con su periodo."""
    etiquetas = {
        int(ident): f"{nombre} ({formato.fecha_larga(inicio)} a {formato.fecha_larga(fin)})"
        for ident, nombre, inicio, fin in zip(
            campanas["id"], campanas["nombre"], campanas["inicio"], campanas["fin"], strict=True
        )
    }
    return elegir("Campaña", etiquetas, CLAVE_CAMPANA) or next(iter(etiquetas))


def _dinero(valor: object) -> str:
    """«$ 1,166.67» o «—»."""
    cifra = formato.a_cifra(valor)
    return formato.VACIO if cifra is None else f"$ {formato.numero(cifra, 2)}"


def _cantidad(n: int, tipo: str) -> str:
    """«1 spot», «3 spots», «2 inserciones»."""
    singular, plural = UNIDADES.get(tipo, (tipo, tipo))
    return f"{formato.numero(n)} {singular if n == 1 else plural}"


def indicadores(c: cc.Cumplimiento) -> None:
    """Costo, entregado contra ordenado, costo por entrega y medios que deben."""
    deben = sum(1 for a in c.por_medio.values() if a.faltan)
    componentes.kpis(
        [
            componentes.Kpi("Costo de la pauta", _dinero(c.total.costo)),
            componentes.Kpi(
                "Entregado",
                f"{formato.numero(c.total.cumplidas)} de {formato.numero(c.total.ordenadas)}",
                None,
                "Spots, inserciones y banners comprobados, sin contar los de más.",
            ),
            componentes.Kpi(
                "Costo por entrega",
                _dinero(c.total.costo_por_entrega),
                None,
                "Costo de la pauta entre todo lo entregado y comprobado.",
            ),
            componentes.Kpi("Medios que deben", f"{deben} de {len(c.por_medio)}"),
        ]
    )


def adeudos(c: cc.Cumplimiento) -> None:
    """Un aviso por medio que todavía debe entregas, con lo que le falta por tipo."""
    por_medio_tipo = agrupar(c.ordenes, lambda f: (f.medio, f.tipo), lambda f: f.avance)
    faltan: dict[str, list[str]] = {}
    for (medio, tipo), a in por_medio_tipo.items():
        if a.faltan:
            faltan.setdefault(medio, []).append(_cantidad(a.faltan, tipo))
    if not faltan:
        st.success("Todos los medios entregaron lo ordenado.", icon=":material/check_circle:")
    for medio, pendientes in faltan.items():
        st.warning(
            f"**{literal(medio)}** todavía debe {' y '.join(pendientes)}. "
            + _lo_entregado(c.por_medio[medio]),
            icon=":material/pending_actions:",
        )


def _lo_entregado(a: Avance) -> str:
    """«Entregó 31 de 40, a $ 598.71 cada entrega comprobada.» (o que no ha entregado nada)."""
    if not a.entregadas:
        return f"No ha entregado nada de lo ordenado ({_dinero(a.costo)} en la pauta)."
    return (
        f"Entregó {formato.numero(a.entregadas)} de {formato.numero(a.ordenadas)}, a "
        f"{_dinero(a.costo_por_entrega)} cada entrega comprobada."
    )


def _fila(etiqueta: dict[str, object], a: Avance) -> dict[str, object]:
    """Columnas comunes de avance."""
    return {
        **etiqueta,
        "Ordenadas": a.ordenadas,
        "Entregadas": a.entregadas,
        "Faltan": a.faltan,
        "Cumplimiento": formato.porcentaje(a.proporcion),
        "Costo": _dinero(a.costo),
        "Costo por entrega": _dinero(a.costo_por_entrega),
    }


def tabla_medios(c: cc.Cumplimiento) -> None:
    """Una fila por medio y la del total."""
    filas = [_fila({"Medio": m}, a) for m, a in c.por_medio.items()]
    filas.append(_fila({"Medio": "Total de la campaña"}, c.total))
    st.dataframe(pd.DataFrame(filas), hide_index=True, width="stretch")


def tabla_ordenes(c: cc.Cumplimiento) -> None:
    """Una fila por orden de la pauta con su detalle y convenio."""
    filas = [
        _fila(
            {
                "Orden": f.orden_id,
                "Medio": f.medio,
                "Tipo": UNIDADES[f.tipo][1],
                "Detalle": f.detalle or formato.VACIO,
                "Convenio": f.convenio or formato.VACIO,
            },
            f.avance,
        )
        for f in c.ordenes
    ]
    st.dataframe(pd.DataFrame(filas), hide_index=True, width="stretch")


def ordenes_del_convenio(convenio_id: int) -> None:
    """En el cumplimiento de un convenio: las órdenes de campaña pagadas con él y su avance."""
    filas = leer(lambda s: cc.ordenes_del_convenio(s, convenio_id))
    if not filas:
        return
    st.markdown("**Órdenes de campañas con este convenio**")
    tabla = [
        _fila({"Campaña": campana, "Orden": f.orden_id, "Tipo": UNIDADES[f.tipo][1]}, f.avance)
        for campana, f in filas
    ]
    st.dataframe(pd.DataFrame(tabla), hide_index=True, width="stretch")
    _entregables_por_mes(leer(lambda s: cc.entregas_del_convenio(s, convenio_id)))


def _entregables_por_mes(e: cc.EntregasDelConvenio) -> None:
    """Spots (o inserciones) de campaña por mes contra los que el convenio acordó al mes."""
    inicio, fin = e.vigencia
    for tipo, (al_mes, entregas) in e.por_tipo.items():
        if not al_mes:
            continue
        meses = cumplimiento_mensual(
            [NotaEntregada(i, dia) for i, dia in entregas], al_mes, inicio, fin
        )
        plural = UNIDADES[tipo][1]
        filas = [
            {
                "Mes": f"{MESES[m.mes - 1]} de {m.anio}" + (" (parcial)" if m.parcial else ""),
                "Acordado": m.acordadas,
                "Entregado en campañas": m.publicadas,
                "Cumplimiento": formato.porcentaje(m.proporcion),
            }
            for m in meses
        ]
        st.caption(f"{plural.capitalize()} del convenio por mes (entregas de campañas ligadas).")
        st.dataframe(pd.DataFrame(filas), hide_index=True, width="stretch")
