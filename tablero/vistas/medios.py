"""Presentación de la página Medios: clasificación por tasa de retoma y ficha del medio."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analisis.metricas import ETIQUETA_UNIDAD
from reportes import formato
from tablero.acceso import FichaMedio
from tablero.componentes import celdas
from tablero.componentes.base import Kpi, encabezado, kpis, tabla, vacio
from tablero.componentes.graficas import grafica_tono
from tablero.markdown import literal


def _vista_medios(medios: pd.DataFrame) -> pd.DataFrame:
    """Clasificación de medios formateada."""
    return medios.assign(
        tipo_txt=medios["tipo"].map(celdas.etiqueta),
        tasa_txt=medios["tasa"].map(celdas.porcentaje),
        latencia_txt=medios["latencia_h"].map(celdas.horas),
        fidelidad_txt=medios["fidelidad"].map(celdas.porcentaje),
        audiencia_txt=[
            audiencia_con_unidad(a, u)
            for a, u in zip(medios["audiencia"], medios["audiencia_tipo"], strict=True)
        ],
        publicados_txt=[
            f"{p:,} de {e:,}"
            for p, e in zip(medios["de_enviados"], medios["enviados"], strict=True)
        ],
    )


COLUMNAS_MEDIOS = {
    "medio": "Medio",
    "tipo_txt": "Tipo",
    "publicados_txt": "Publicó (de enviados)",
    "tasa_txt": "Tasa de retoma",
    "sin_envio": "Retomas sin envío",
    "latencia_txt": "Latencia mediana",
    "fidelidad_txt": "Fidelidad media",
    "notas": "Notas",
    "audiencia_txt": "Audiencia potencial",
}


def tabla_medios(medios: pd.DataFrame) -> None:
    """Tabla de clasificación de medios por tasa de retoma."""
    tabla(_vista_medios(medios), COLUMNAS_MEDIOS, fija="medio")


def mejores_y_peores(medios: pd.DataFrame, cuantos: int = 3) -> None:
    """Los medios con mejor y peor tasa de retoma (sólo los que recibieron boletines)."""
    con_envios = medios[medios["enviados"] > 0].sort_values(
        ["tasa", "de_enviados"], ascending=False
    )
    if con_envios.empty:
        vacio("Ningún medio recibió boletines en este periodo: registra los envíos para medir.")
        return
    columnas = {k: COLUMNAS_MEDIOS[k] for k in ("medio", "publicados_txt", "tasa_txt")}
    # Los peores se toman de los que no están entre los mejores: nunca aparece un medio dos veces.
    peores = con_envios.iloc[cuantos:].tail(cuantos).iloc[::-1]
    izquierda, derecha = st.columns(2)
    with izquierda:
        st.markdown("**Mejores medios por retoma**")
        tabla(_vista_medios(con_envios.head(cuantos)), columnas, fija="medio")
    with derecha:
        st.markdown("**Medios que menos retoman**")
        if peores.empty:
            st.caption("Hay pocos medios con envíos en el periodo para comparar.")
        else:
            tabla(_vista_medios(peores), columnas, fija="medio")


def ficha_medio(ficha: FichaMedio) -> None:
    """Ficha del medio: retoma, latencia, alcance, tono, salud de recolección y convenio."""
    m = ficha.medio
    encabezado(str(m["medio"]))
    kpis(
        [
            Kpi(
                "Tasa de retoma",
                celdas.porcentaje(m["tasa"]),
                None,
                f"{m['de_enviados']} de {m['enviados']}",
            ),
            Kpi("Latencia mediana", celdas.horas(m["latencia_h"])),
            Kpi("Fidelidad media", celdas.porcentaje(m["fidelidad"])),
            Kpi(
                "Alcance potencial",
                audiencia_con_unidad(m["audiencia"], m["audiencia_tipo"]),
                None,
                literal(_origen_audiencia(m)),
            ),
        ]
    )
    st.caption(f"Audiencia potencial declarada: {literal(_origen_audiencia(m))}")
    st.markdown("**Tono hacia el Ayuntamiento**")
    if ficha.tono["notas"].sum() == 0:
        vacio("El medio no publicó notas en este periodo: amplía las fechas.")
    else:
        grafica_tono(ficha.tono)
    _salud(ficha.fuentes)
    _convenio(ficha.convenios, ficha.clases)


def audiencia_con_unidad(audiencia: object, unidad: object) -> str:
    """«120,000 visitas/mes»: la cifra nunca va sin su unidad."""
    if celdas.a_float(audiencia) is None:
        return formato.VACIO
    texto = ETIQUETA_UNIDAD.get(str(unidad), "sin unidad declarada")
    return f"{celdas.numero(audiencia)} {texto}"


def _origen_audiencia(m: pd.Series) -> str:
    """«120,000 visitantes_mes · fuente · fecha» o aviso de que falta el dato."""
    if pd.isna(m["audiencia"]):
        return "sin dato de audiencia: regístralo en el padrón del medio"
    fecha = m["audiencia_fecha"]
    partes = [audiencia_con_unidad(m["audiencia"], m["audiencia_tipo"])]
    partes.append(str(m["audiencia_fuente"] or "fuente sin especificar"))
    partes.append(formato.fecha_larga(fecha) if fecha is not None and not pd.isna(fecha) else "")
    return " · ".join(p for p in partes if p)


def _salud(fuentes: pd.DataFrame) -> None:
    """Salud de recolección por fuente."""
    st.markdown("**Salud de recolección**")
    if fuentes.empty:
        vacio("Sin fuentes de recolección: agrega una con `monitoreo fuentes agregar`.")
        return
    vista = fuentes.assign(
        exito=fuentes["ultimo_exito"].map(celdas.fecha_hora),
        error=fuentes["ultimo_error"].map(celdas.fecha_hora),
        motivo=fuentes["motivo_error"].fillna(formato.VACIO),
    )
    tabla(
        vista,
        {
            "tipo": "Tipo",
            "url": "Dirección",
            "exito": "Último éxito",
            "error": "Último error",
            "motivo": "Motivo",
            "fallas_consecutivas": "Fallas seguidas",
            "notas_totales": "Notas",
        },
    )


def _convenio(convenios: pd.DataFrame, clases: pd.DataFrame) -> None:
    """Convenios (lo pagado) frente a notas pagadas y ganadas del periodo."""
    st.markdown("**Convenio: pagado frente a ganado**")
    conteo = dict(zip(clases["clase"], clases["notas"], strict=True))
    st.caption(
        f"Notas pagadas: {celdas.numero(conteo.get('pagada', 0))}"
        f" · ganadas: {celdas.numero(conteo.get('ganada', 0))}"
        f" · sin clasificar: {celdas.numero(conteo.get('sin clasificar', 0))}"
    )
    if convenios.empty:
        st.caption("Sin convenio: todo lo publicado por este medio es ganado.")
        return
    vista = convenios.assign(
        monto=convenios["monto_total"].map(lambda v: f"$ {celdas.numero(v, 2)}"),
        vigencia=[
            f"{formato.fecha_larga(a)} al {formato.fecha_larga(b)}"
            for a, b in zip(convenios["vigencia_inicio"], convenios["vigencia_fin"], strict=True)
        ],
    )
    columnas = {"numero": "Convenio", "concepto": "Concepto", "monto": "Monto pagado (con IVA)"}
    tabla(vista, {**columnas, "vigencia": "Vigencia", "notas_mes": "Notas al mes"})
