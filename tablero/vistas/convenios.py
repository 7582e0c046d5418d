"""Componentes de Medios y convenios: padrón, contactos, convenios y cumplimiento."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from analisis.cumplimiento import CumplimientoMes, resumir
from analisis.normalizar import MESES
from datos.config import cargar
from datos.consultas import oficina as co
from datos.consultas.medios import pagadas_y_ganadas
from datos.modelos import Ambito, Convenio, Medio, TipoAudiencia, TipoMedio
from datos.repositorio.convenios import crear_convenio, editar_convenio
from datos.repositorio.convenios import obtener as obtener_convenio
from datos.repositorio.medios import (
    ResultadoImportacion,
    agregar_contacto,
    crear_medio,
    editar_contacto,
    editar_medio,
    importar_padron,
    obtener_medio,
    padron,
)
from oficina.convenios import costo_por_nota_entregada, cumplimiento, marcar_pagadas
from reportes import formato
from tablero import componentes
from tablero.acceso import leer
from tablero.acciones import ejecutar
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.formularios import (
    elegir,
    fecha,
    fecha_hora,
    literal,
    opciones,
    seleccionar_despues,
    si_no,
    texto_o_none,
)
from tablero.deshacer import ejecutar_reversible, historial
from tablero.vistas import campanas

TIPOS_MEDIO = [t.value for t in TipoMedio]
AMBITOS = [a.value for a in Ambito]
TIPOS_AUDIENCIA = [t.value for t in TipoAudiencia]
NUEVO_MEDIO = "— Dar de alta un medio nuevo —"
NUEVO_CONVENIO = "— Registrar un convenio nuevo —"


def _etiqueta(valor: object) -> str:
    """Valor de catálogo legible («red_social» → «red social»)."""
    nulo = valor is None or (isinstance(valor, float) and math.isnan(valor))
    texto = "" if nulo else str(getattr(valor, "value", valor))
    return componentes.ETIQUETA_TIPO.get(texto, texto.replace("_", " ")) or formato.VACIO


def _audiencia_txt(fila: pd.Series) -> str:
    """«120,000 (visitantes mes)» o «sin dato»."""
    if pd.isna(fila["audiencia"]):
        return "sin dato"
    tipo = _etiqueta(fila["audiencia_tipo"])
    tipo = "tipo sin especificar" if tipo == formato.VACIO else tipo
    return f"{formato.numero(float(fila['audiencia']))} ({tipo})"


def tabla_padron(medios: pd.DataFrame) -> None:
    """Padrón: medio, tipo, ámbito, audiencia potencial con su fuente y fecha, contactos."""
    vista = medios.assign(
        tipo_txt=medios["tipo"].map(_etiqueta),
        ambito_txt=medios["ambito"].map(_etiqueta),
        audiencia_txt=[_audiencia_txt(f) for _, f in medios.iterrows()],
        fuente=medios["audiencia_fuente"].fillna(formato.VACIO),
        fecha_dato=medios["audiencia_fecha"].map(fecha),
        registro=medios["registro_padron"].fillna(formato.VACIO),
        activo_txt=medios["activo"].map(si_no),
    )
    componentes.tabla(
        vista,
        {
            "medio": "Medio",
            "tipo_txt": "Tipo",
            "ambito_txt": "Ámbito",
            "audiencia_txt": "Audiencia potencial",
            "fuente": "Fuente del dato",
            "fecha_dato": "Fecha del dato",
            "registro": "Registro en padrón",
            "contactos": "Contactos",
            "activo_txt": "Activo",
        },
    )


def descargas_padron() -> None:
    """Padrón completo (una fila por contacto) en CSV y Excel, reimportable."""
    izquierda, derecha = st.columns(2)
    izquierda.download_button(
        "Descargar padrón CSV",
        lambda: componentes.a_csv(leer(padron)),
        "padron_de_medios.csv",
        "text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="convenios_csv",
    )
    derecha.download_button(
        "Descargar padrón Excel",
        lambda: componentes.a_excel(leer(padron), hoja="Padrón de medios"),
        "padron_de_medios.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        key="convenios_excel",
    )


def importar_padron_ui(u: UsuarioActivo) -> None:
    """Importa medios y contactos de CSV o Excel; los renglones con error se listan."""
    archivo = st.file_uploader(
        "Importar padrón (CSV o Excel con columnas medio, tipo, ambito...)",
        type=["csv", "xlsx"],
        key="convenios_importar",
    )
    if archivo is None or not st.button("Importar", key="convenios_importar_boton"):
        return
    sufijo = Path(archivo.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="padron-") as carpeta:
        ruta = Path(carpeta) / f"padron{sufijo}"
        ruta.write_bytes(archivo.getvalue())
        ejecutar(lambda s: importar_padron(s, ruta, u.nombre), _resumen_importacion)


def _resumen_importacion(r: ResultadoImportacion) -> str:
    """Conteos de la importación y los primeros errores."""
    texto = (
        f"Padrón importado: {r.medios_nuevos} medios nuevos, {r.medios_actualizados} "
        f"actualizados, {r.contactos_nuevos} contactos nuevos, {r.contactos_actualizados} "
        "actualizados."
    )
    if r.errores:
        texto += f" {len(r.errores)} renglones con error: " + "; ".join(r.errores[:5])
    return texto


def elegir_medio(medios: pd.DataFrame, puede_crear: bool) -> int | None:
    """Selector del medio a editar (o «nuevo»)."""
    valores = opciones(medios, "medio_id", lambda f: str(f["medio"]))
    return elegir("Medio", valores, "convenios_medio", NUEVO_MEDIO if puede_crear else None)


def formulario_medio(medio: Medio | None, u: UsuarioActivo) -> None:
    """Alta o edición de un medio con su audiencia potencial (tipo, fuente y fecha)."""
    clave = f"convenios_medio_form_{medio.id if medio else 'nuevo'}"
    actual = vars(medio) if medio else {}
    with st.form(clave):
        c1, c2, c3 = st.columns(3)
        nombre = c1.text_input("Nombre", actual.get("nombre") or "", key=f"{clave}_nombre")
        tipo = c2.selectbox(
            "Tipo",
            TIPOS_MEDIO,
            _indice(TIPOS_MEDIO, actual.get("tipo")),
            format_func=_etiqueta,
            key=f"{clave}_tipo",
        )
        ambito = c3.selectbox(
            "Ámbito", AMBITOS, _indice(AMBITOS, actual.get("ambito")), key=f"{clave}_ambito"
        )
        c4, c5, c6 = st.columns(3)
        audiencia = c4.number_input(
            "Audiencia potencial",
            min_value=0,
            value=actual.get("audiencia"),
            step=1000,
            key=f"{clave}_audiencia",
        )
        opciones_tipo = ["", *TIPOS_AUDIENCIA]
        audiencia_tipo = c5.selectbox(
            "Tipo de audiencia",
            opciones_tipo,
            _indice(opciones_tipo, actual.get("audiencia_tipo")),
            format_func=lambda v: _etiqueta(v) if v else "sin especificar",
            key=f"{clave}_aud_tipo",
        )
        audiencia_fecha = c6.date_input(
            "Fecha del dato",
            actual.get("audiencia_fecha"),
            format="DD/MM/YYYY",
            key=f"{clave}_aud_fecha",
        )
        textos = _textos_medio(clave, actual)
        activo = st.checkbox("Activo", actual.get("activo", True), key=f"{clave}_activo")
        guardar = st.form_submit_button(
            "Guardar medio", type="primary", key="convenios_guardar_medio"
        )
    if guardar:
        datos = {
            "tipo": tipo,
            "ambito": ambito,
            "audiencia": None if audiencia is None else int(audiencia),
            "audiencia_tipo": audiencia_tipo or None,
            "audiencia_fecha": audiencia_fecha,
            "activo": activo,
            **textos,
        }
        _guardar_medio(medio, nombre, datos, u)


def _indice(lista: Sequence[str], valor: object) -> int:
    """Posición del valor (enum o texto) en la lista; 0 si no está."""
    texto = str(getattr(valor, "value", valor))
    return list(lista).index(texto) if texto in lista else 0


def _textos_medio(clave: str, actual: dict[str, Any]) -> dict[str, str | None]:
    """Campos de texto del padrón (dentro del formulario)."""
    c1, c2 = st.columns(2)
    campos = {
        "audiencia_fuente": (c1, "Fuente del dato de audiencia"),
        "sitio_web": (c2, "Sitio web"),
        "cobertura_geografica": (c1, "Cobertura geográfica"),
        "razon_social": (c2, "Razón social"),
        "rfc": (c1, "RFC"),
        "registro_padron": (c2, "Registro en el padrón"),
    }
    return {
        campo: texto_o_none(
            columna.text_input(etiqueta, actual.get(campo) or "", key=f"{clave}_{campo}")
        )
        for campo, (columna, etiqueta) in campos.items()
    }


def _guardar_medio(
    medio: Medio | None, nombre: str, datos: dict[str, Any], u: UsuarioActivo
) -> None:
    """Crea o edita el medio."""
    if medio is None:
        ejecutar(
            lambda s: _crear_medio(s, nombre, datos, u.nombre),
            lambda m: f"Medio «{literal(m.nombre)}» dado de alta.",
            limpiar="convenios_medio_form_nuevo",
        )
    else:
        ejecutar_reversible(
            lambda s: editar_medio(s, medio.id, u.nombre, nombre=nombre, **datos),
            lambda cambio: "Medio actualizado." if cambio else "No había cambios que guardar.",
            u,
        )


def _crear_medio(s: Session, nombre: str, datos: dict[str, Any], usuario_: str) -> Medio:
    """Alta del medio y lo deja elegido."""
    medio = crear_medio(s, nombre=nombre, usuario=usuario_, **datos)
    seleccionar_despues("convenios_medio", medio.id)
    return medio


def contactos_ui(medio_id: int, u: UsuarioActivo | None) -> None:
    """Contactos del medio y, con permiso, alta de uno nuevo."""
    contactos = leer(lambda s: co.contactos_del_medio(s, medio_id))
    if contactos.empty:
        componentes.vacio("El medio no tiene contactos: sin ellos no recibe boletines.")
    else:
        vista = contactos.assign(
            boletines=contactos["recibe_boletines"].map(si_no),
            invitaciones=contactos["recibe_invitaciones"].map(si_no),
            activo_txt=contactos["activo"].map(si_no),
        ).fillna(formato.VACIO)
        componentes.tabla(
            vista,
            {
                "nombre": "Nombre",
                "cargo": "Cargo",
                "correo": "Correo",
                "telefono": "Teléfono",
                "boletines": "Boletines",
                "invitaciones": "Invitaciones",
                "activo_txt": "Activo",
                "correo_falla": "Correo que rebota",
            },
        )
    if u is None:
        return
    if not contactos.empty:
        _editar_contacto(contactos, u)
    _nuevo_contacto(medio_id, u)


def _editar_contacto(contactos: pd.DataFrame, u: UsuarioActivo) -> None:
    """Corrige correo, teléfono y preferencias de un contacto, o lo da de baja."""
    valores = opciones(contactos, "contacto_id", lambda f: str(f["nombre"]))
    contacto_id = elegir("Editar contacto", valores, "convenios_contacto_elegido")
    if contacto_id is None:
        return
    fila = contactos[contactos["contacto_id"] == contacto_id].iloc[0]
    clave = f"convenios_editar_contacto_{contacto_id}"
    with st.form(clave):
        c1, c2 = st.columns(2)
        cargo = c1.text_input("Cargo", fila["cargo"] or "", key=f"{clave}_cargo")
        correo = c2.text_input("Correo", fila["correo"] or "", key=f"{clave}_correo")
        telefono = c1.text_input("Teléfono", fila["telefono"] or "", key=f"{clave}_telefono")
        boletines = c2.checkbox(
            "Recibe boletines", bool(fila["recibe_boletines"]), key=f"{clave}_bol"
        )
        invitaciones = c1.checkbox(
            "Recibe invitaciones", bool(fila["recibe_invitaciones"]), key=f"{clave}_inv"
        )
        activo = c2.checkbox("Activo", bool(fila["activo"]), key=f"{clave}_activo")
        guardar = st.form_submit_button("Guardar contacto", key="convenios_guardar_contacto")
    if guardar:
        cambios = {
            "cargo": texto_o_none(cargo),
            "correo": texto_o_none(correo),
            "telefono": texto_o_none(telefono),
            "recibe_boletines": boletines,
            "recibe_invitaciones": invitaciones,
            "activo": activo,
        }
        ejecutar_reversible(
            lambda s: editar_contacto(s, contacto_id, u.nombre, **cambios),
            lambda cambio: "Contacto actualizado." if cambio else "No había cambios que guardar.",
            u,
        )


def _nuevo_contacto(medio_id: int, u: UsuarioActivo) -> None:
    """Formulario de alta de contacto."""
    with st.form(f"convenios_nuevo_contacto_{medio_id}"):
        c1, c2 = st.columns(2)
        nombre = c1.text_input("Nombre", key="convenios_nuevo_contacto_nombre")
        cargo = c2.text_input("Cargo", key="convenios_nuevo_contacto_cargo")
        correo = c1.text_input("Correo", key="convenios_nuevo_contacto_correo")
        telefono = c2.text_input("Teléfono", key="convenios_nuevo_contacto_telefono")
        boletines = c1.checkbox("Recibe boletines", True, key="convenios_nuevo_contacto_boletines")
        invitaciones = c2.checkbox("Recibe invitaciones", True, key="convenios_nuevo_contacto_inv")
        agregar = st.form_submit_button("Agregar contacto", key="convenios_agregar_contacto")
    if agregar:
        ejecutar(
            lambda s: agregar_contacto(
                s,
                medio_id,
                nombre=nombre,
                usuario=u.nombre,
                cargo=texto_o_none(cargo),
                correo=texto_o_none(correo),
                telefono=texto_o_none(telefono),
                recibe_boletines=boletines,
                recibe_invitaciones=invitaciones,
            ),
            lambda c: f"Contacto «{literal(c.nombre)}» agregado.",
            limpiar="convenios_nuevo_contacto_",
        )


def _dinero(valor: object) -> str:
    """«$ 11,600.00» o «—»."""
    numero = pd.to_numeric(pd.Series([valor]), errors="coerce").iloc[0]
    return formato.VACIO if pd.isna(numero) else f"$ {formato.numero(float(numero), 2)}"


def tabla_convenios(lista: pd.DataFrame) -> None:
    """Convenios con medio, monto pagado, vigencia y notas acordadas al mes."""
    vista = lista.assign(
        monto=lista["monto_total"].map(_dinero),
        vigencia=[
            f"{fecha(a)} al {fecha(b)}"
            for a, b in zip(lista["vigencia_inicio"], lista["vigencia_fin"], strict=True)
        ],
    )
    componentes.tabla(
        vista,
        {
            "numero": "Convenio",
            "medio": "Medio",
            "concepto": "Concepto",
            "monto": "Monto pagado (con IVA)",
            "vigencia": "Vigencia",
            "notas_mes": "Notas al mes",
        },
    )


def elegir_convenio(lista: pd.DataFrame, clave: str, nuevo: str | None = None) -> int | None:
    """Selector de convenio."""
    valores = opciones(lista, "convenio_id", lambda f: f"{f['numero']} · {f['medio']}")
    return elegir("Convenio", valores, clave, nuevo)


def cumplimiento_ui(convenio_id: int, u: UsuarioActivo | None) -> None:
    """Cumplimiento mensual (entregadas vs acordadas), costo por nota y pagado vs ganado."""
    convenio, meses, costo, clases = leer(lambda s: _datos_cumplimiento(s, convenio_id))
    resumen = resumir(meses)
    componentes.kpis(
        [
            componentes.Kpi("Monto pagado (con IVA)", _dinero(convenio.monto_total)),
            componentes.Kpi(
                "Notas entregadas",
                formato.numero(resumen.entregadas),
                None,
                "Retomas de boletines y notas ligadas al convenio por el personal, publicadas en "
                "la vigencia; las notas con tono negativo (críticas) no cuentan.",
            ),
            componentes.Kpi(
                "Costo por nota entregada",
                _dinero(costo),
                None,
                "Monto total del convenio entre las notas entregadas en la vigencia.",
            ),
            componentes.Kpi(
                "Meses que cumplen",
                resumen.texto,
                None,
                "Sólo los meses que ya terminaron pueden no cumplir; el mes en curso se compara "
                "con lo exigible a la fecha y los futuros están pendientes.",
            ),
        ]
    )
    conteo = dict(zip(clases["clase"], clases["notas"], strict=True))
    st.caption(
        f"En la vigencia, notas del medio pagadas: {formato.numero(conteo.get('pagada', 0))} · "
        f"ganadas: {formato.numero(conteo.get('ganada', 0))} · sin clasificar: "
        f"{formato.numero(conteo.get('sin clasificar', 0))}. Se reporta lo pagado, no un valor "
        "publicitario equivalente."
    )
    _tabla_meses(meses)
    _grafica_meses(meses)
    _pruebas(meses)
    campanas.ordenes_del_convenio(convenio_id)
    if u is not None and st.button("Marcar notas entregadas como pagadas", key="convenios_pagadas"):
        ejecutar_reversible(
            lambda s: marcar_pagadas(s, convenio_id, u.nombre),
            lambda n: (
                formato.plural(n, "nota marcada como pagada", "notas marcadas como pagadas")
                + " con este convenio."
            ),
            u,
        )
    if u is not None:
        historial(
            "Historial del convenio (revertir)", ("convenio",), u, "convenios_hist", convenio_id
        )


def _datos_cumplimiento(
    s: Session, convenio_id: int
) -> tuple[Convenio, list[CumplimientoMes], Decimal | None, pd.DataFrame]:
    """Convenio, meses, costo por nota y clases pagada/ganada en su vigencia."""
    convenio = obtener_convenio(s, convenio_id)
    inicio, fin = formato.rango_utc(convenio.vigencia_inicio, convenio.vigencia_fin, cargar().zona)
    return (
        convenio,
        cumplimiento(s, convenio_id),
        costo_por_nota_entregada(s, convenio_id),
        pagadas_y_ganadas(s, convenio.medio_id, inicio, fin),
    )


def _mes(m: CumplimientoMes) -> str:
    """«noviembre de 2026»."""
    return f"{MESES[m.mes - 1]} de {m.anio}"


def _tabla_meses(meses: Sequence[CumplimientoMes]) -> None:
    """Una fila por mes: acordadas, entregadas, proporción y si cumple."""
    filas = [
        {
            "Mes": _mes(m) + (" (vigencia parcial)" if m.parcial else ""),
            "Acordadas": m.acordadas,
            "Entregadas": m.publicadas,
            "Cumplimiento": formato.porcentaje(m.proporcion),
            "Estado": m.texto_estado,
        }
        for m in meses
    ]
    st.dataframe(pd.DataFrame(filas), hide_index=True, width="stretch")


def _grafica_meses(meses: Sequence[CumplimientoMes]) -> None:
    """Barras agrupadas por mes: acordadas frente a entregadas."""
    datos = pd.DataFrame(
        [
            {"mes": f"{m.anio}-{m.mes:02d}", "serie": serie, "notas": valor}
            for m in meses
            for serie, valor in (("Acordadas", m.acordadas), ("Entregadas", m.publicadas))
        ],
        columns=["mes", "serie", "notas"],
    )
    grafica = (
        alt.Chart(datos)
        .mark_bar()
        .encode(
            x=alt.X("mes:N", title="Mes", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("serie:N"),
            y=alt.Y("notas:Q", title="Notas", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("serie:N", title=None, scale=alt.Scale(range=["#9ecae1", "#08519c"])),
            tooltip=["mes:N", "serie:N", "notas:Q"],
        )
    )
    st.altair_chart(grafica, width="stretch")


def _pruebas(meses: Sequence[CumplimientoMes]) -> None:
    """Notas entregadas como prueba del cumplimiento, con enlace."""
    ids = [i for m in meses for i in m.nota_ids]
    st.markdown("**Notas entregadas (prueba)**")
    if not ids:
        componentes.vacio(
            "Ninguna nota del medio en la vigencia retoma un boletín ni está ligada al convenio."
        )
        return
    notas = leer(lambda s: co.notas_por_id(s, ids))
    componentes.tabla(
        notas.assign(
            publicada=notas["fecha_publicacion"].map(fecha_hora),
            pagada_txt=notas["pagada"].map(si_no),
        ),
        {"publicada": "Publicada", "titulo": "Nota", "pagada_txt": "Pagada", "enlace": "Enlace"},
        enlaces=["enlace"],
    )


def formulario_convenio(convenio: Convenio | None, medios: pd.DataFrame, u: UsuarioActivo) -> None:
    """Alta o edición de convenio (el IVA se calcula al 16 % si se deja vacío)."""
    clave = f"convenios_form_{convenio.id if convenio else 'nuevo'}"
    actual = vars(convenio) if convenio else {}
    nombres = opciones(medios, "medio_id", lambda f: str(f["medio"]))
    if not nombres:
        componentes.vacio("Da de alta primero el medio en el padrón.")
        return
    ids = list(nombres)
    hoy = componentes.hoy()
    with st.form(clave):
        c1, c2 = st.columns(2)
        medio_id = c1.selectbox(
            "Medio",
            ids,
            ids.index(actual["medio_id"]) if actual.get("medio_id") in ids else 0,
            format_func=lambda i: nombres[i],
            key=f"{clave}_medio",
        )
        numero = c2.text_input(
            "Número de contrato", actual.get("numero") or "", key=f"{clave}_numero"
        )
        concepto = st.text_input("Concepto", actual.get("concepto") or "", key=f"{clave}_concepto")
        c3, c4, c5 = st.columns(3)
        sin_iva = c3.text_input(
            "Monto sin IVA", _monto(actual.get("monto_sin_iva")), key=f"{clave}_sin_iva"
        )
        iva = c4.text_input("IVA (vacío: 16 %)", _monto(actual.get("iva")), key=f"{clave}_iva")
        total = c5.text_input(
            "Monto total", _monto(actual.get("monto_total")), key=f"{clave}_total"
        )
        c6, c7 = st.columns(2)
        inicio = c6.date_input(
            "Inicio de vigencia",
            actual.get("vigencia_inicio", hoy),
            format="DD/MM/YYYY",
            key=f"{clave}_inicio",
        )
        fin = c7.date_input(
            "Fin de vigencia",
            actual.get("vigencia_fin", hoy),
            format="DD/MM/YYYY",
            key=f"{clave}_fin",
        )
        entregables = _entregables(clave, actual)
        extras = _textos_convenio(clave, actual)
        guardar = st.form_submit_button("Guardar convenio", type="primary", key="convenios_guardar")
    if guardar:
        datos = {
            "medio_id": int(medio_id),
            "numero": numero,
            "concepto": concepto,
            "monto_sin_iva": sin_iva or None,
            "iva": iva or None,
            "monto_total": total or None,
            "vigencia_inicio": inicio,
            "vigencia_fin": fin,
            **entregables,
            **extras,
        }
        _guardar_convenio(convenio, datos, u)


def _monto(valor: object) -> str:
    """Monto como texto editable («11600.00») o vacío."""
    return "" if valor is None else str(valor)


def _entregables(clave: str, actual: dict[str, Any]) -> dict[str, int]:
    """Entregables mensuales acordados (dentro del formulario)."""
    etiquetas = {
        "notas_mes": "Notas al mes",
        "spots_mes": "Spots al mes",
        "banners_mes": "Banners al mes",
        "inserciones_mes": "Inserciones al mes",
    }
    columnas = st.columns(len(etiquetas))
    return {
        campo: int(
            columna.number_input(
                etiqueta,
                min_value=0,
                value=int(actual.get(campo) or 0),
                step=1,
                key=f"{clave}_{campo}",
            )
        )
        for columna, (campo, etiqueta) in zip(columnas, etiquetas.items(), strict=True)
    }


def _textos_convenio(clave: str, actual: dict[str, Any]) -> dict[str, str | None]:
    """Campaña, área solicitante, tipo de servicio y observaciones."""
    c1, c2, c3 = st.columns(3)
    campos = {
        "campana": (c1, "Campaña"),
        "area_solicitante": (c2, "Área solicitante"),
        "tipo_servicio": (c3, "Tipo de servicio"),
    }
    datos = {
        campo: texto_o_none(
            columna.text_input(etiqueta, actual.get(campo) or "", key=f"{clave}_{campo}")
        )
        for campo, (columna, etiqueta) in campos.items()
    }
    datos["observaciones"] = texto_o_none(
        st.text_area("Observaciones", actual.get("observaciones") or "", key=f"{clave}_obs")
    )
    return datos


def _guardar_convenio(convenio: Convenio | None, datos: dict[str, Any], u: UsuarioActivo) -> None:
    """Crea o edita el convenio."""
    if convenio is None:
        ejecutar(
            lambda s: _crear_convenio(s, datos, u.nombre),
            lambda c: (
                f"Convenio {literal(c.numero)} guardado "
                f"(total $ {formato.numero(float(c.monto_total), 2)})."
            ),
            limpiar="convenios_form_nuevo",
        )
        return
    cambios = {k: v for k, v in datos.items() if k != "medio_id"}
    if cambios.get("iva") is None:
        cambios.pop("iva")
    ejecutar_reversible(
        lambda s: editar_convenio(s, convenio.id, u.nombre, **cambios),
        lambda cambio: "Convenio actualizado." if cambio else "No había cambios que guardar.",
        u,
    )


def _crear_convenio(s: Session, datos: dict[str, Any], usuario_: str) -> Convenio:
    """Alta del convenio y lo deja elegido para ver su cumplimiento."""
    convenio = crear_convenio(s, usuario=usuario_, **datos)
    seleccionar_despues("convenios_elegido", convenio.id)
    return convenio


def medios_del_padron() -> pd.DataFrame:
    """Medios del padrón para la tabla y los selectores."""
    return leer(co.medios_del_padron)


def medio(medio_id: int) -> Medio:
    """El medio (columnas cargadas) para editarlo."""
    return leer(lambda s: obtener_medio(s, medio_id))


def lista_de_convenios() -> pd.DataFrame:
    """Todos los convenios."""
    return leer(co.convenios)


def convenio(convenio_id: int) -> Convenio:
    """El convenio (columnas cargadas) para editarlo."""
    return leer(lambda s: obtener_convenio(s, convenio_id))
