"""Componentes de Redacción y envío: editor, flujo, vista previa, PDF y envío."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.consultas import oficina as co
from datos.modelos import Boletin, EstadoBoletin
from datos.repositorio.boletines import (
    adjuntar_recursos,
    aprobar,
    crear_boletin,
    devolver_a_borrador,
    editar_boletin,
    enviar_a_revision,
    quitar_recurso,
    siguiente_numero,
    version,
)
from datos.repositorio.boletines import obtener as obtener_boletin
from datos.repositorio.envios import confirmar_por_telefono
from datos.sesion import fabrica, sesion
from oficina.distribucion import enviar_boletin
from reportes import formato
from reportes.documento_boletin import html_boletin, nombre_pdf, pdf_boletin
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
    texto_o_none,
)
from tablero.deshacer import ejecutar_reversible, historial

ESTADOS_BOLETIN = [e.value for e in EstadoBoletin]
ETIQUETA_ESTADO = {
    "borrador": "borrador",
    "revision": "en revisión",
    "aprobado": "aprobado",
    "enviado": "enviado",
}
ETIQUETA_ENVIO = {
    "pendiente": "pendiente",
    "enviado": "enviado",
    "fallido": "fallido",
    "rebotado": "rebotado",
    "confirmado": "confirmado por teléfono",
}
EDITABLES = {EstadoBoletin.BORRADOR, EstadoBoletin.REVISION}
NUEVO_BOLETIN = "— Redactar un boletín nuevo —"


# Versión del boletín que estaba en pantalla cuando la directora pulsó Aprobar.
CLAVE_REVISADA = "redaccion_version_revisada"


def lista_de_boletines() -> pd.DataFrame:
    """Filtro por estado y tabla de boletines; devuelve los filtrados."""
    estados = st.multiselect(
        "Estado",
        ESTADOS_BOLETIN,
        format_func=lambda e: ETIQUETA_ESTADO[e],
        placeholder=componentes.TODOS,
        key="redaccion_estados",
    )
    boletines = leer(lambda s: co.boletines_de_oficina(s, estados))
    if boletines.empty:
        componentes.vacio("No hay boletines con ese estado: redacta uno nuevo abajo.")
        return boletines
    vista = boletines.assign(
        fecha=boletines["fecha_emision"].map(fecha_hora),
        estado_txt=boletines["estado"].map(ETIQUETA_ESTADO),
        area_txt=boletines["area"].fillna(formato.VACIO),
        autor=boletines["autor_nombre"].fillna(formato.VACIO),
    )
    componentes.tabla(
        vista,
        {
            "folio": "Boletín",
            "fecha": "Fecha",
            "titular": "Titular",
            "estado_txt": "Estado",
            "area_txt": "Área",
            "autor": "Redactó",
        },
        filas=10,
    )
    return boletines


def elegir_boletin(boletines: pd.DataFrame, puede_crear: bool) -> int | None:
    """Selector del boletín a trabajar (o «nuevo» si el rol puede editar)."""
    valores = opciones(
        boletines,
        "boletin_id",
        lambda f: f"{f['folio']} · {f['titular']} ({ETIQUETA_ESTADO[f['estado']]})",
    )
    return elegir("Boletín", valores, "redaccion_elegido", NUEVO_BOLETIN if puede_crear else None)


def _boletin_y_fotos(boletin_id: int) -> tuple[Boletin, list[int]]:
    """El boletín y los ids de sus recursos adjuntos."""

    def _leer(s: Session) -> tuple[Boletin, list[int]]:
        boletin = obtener_boletin(s, boletin_id)
        return boletin, [r.id for r in boletin.recursos]

    return leer(_leer)


def _citas_a_texto(citas: Sequence[dict[str, Any]]) -> str:
    """Una cita por línea: «texto | autor | cargo»."""
    return "\n".join(
        " | ".join(str(c.get(k) or "") for k in ("texto", "autor", "cargo")).rstrip(" |")
        for c in citas
    )


def citas_de_texto(texto: str) -> list[dict[str, str]]:
    """Líneas «texto | autor | cargo» a citas (autor y cargo opcionales)."""
    citas = []
    for linea in texto.splitlines():
        partes = [p.strip() for p in linea.split("|")]
        if not any(partes):
            continue
        cita = {"texto": partes[0]}
        for campo, valor in zip(("autor", "cargo"), partes[1:3], strict=False):
            if valor:
                cita[campo] = valor
        citas.append(cita)
    return citas


def editor_boletin(boletin: Boletin | None, adjuntas: list[int], u: UsuarioActivo) -> None:
    """Formulario con el formato de la oficina; el número se asigna solo al guardar."""
    zona = cargar().zona
    momento = (boletin.fecha_emision if boletin else dt.datetime.now(zona)).astimezone(zona)
    if boletin is None:
        numero = leer(lambda s: siguiente_numero(s, momento.year))
        st.caption(f"Número que se asignará al guardar: **{numero:03d}/{momento.year}**")
    fotos = leer(co.fotos_del_banco)
    nombres_fotos = opciones(fotos, "recurso_id", lambda f: str(f["nombre_archivo"]))
    clave = f"redaccion_form_{boletin.id if boletin else 'nuevo'}"
    with st.form(clave):
        c1, c2, c3 = st.columns(3)
        dia = c1.date_input("Fecha", momento.date(), format="DD/MM/YYYY", key=f"{clave}_dia")
        hora = c2.time_input(
            "Hora", momento.time().replace(second=0, microsecond=0), key=f"{clave}_hora"
        )
        lugar = c3.text_input(
            "Lugar", boletin.lugar if boletin else cargar().institucion.lugar, key=f"{clave}_lugar"
        )
        titular = st.text_input(
            "Titular", boletin.titular if boletin else "", key=f"{clave}_titular"
        )
        entradilla = st.text_area(
            "Entradilla",
            boletin.entradilla if boletin else "",
            height=90,
            key=f"{clave}_entradilla",
        )
        cuerpo = st.text_area(
            "Cuerpo (un párrafo por línea)",
            boletin.cuerpo if boletin else "",
            height=220,
            key=f"{clave}_cuerpo",
        )
        citas = st.text_area(
            "Citas (una por línea: texto | autor | cargo)",
            _citas_a_texto(boletin.citas if boletin else []),
            key=f"{clave}_citas",
        )
        c4, c5 = st.columns(2)
        area = c4.text_input("Área", (boletin.area if boletin else None) or "", key=f"{clave}_area")
        tema = c5.text_input("Tema", (boletin.tema if boletin else None) or "", key=f"{clave}_tema")
        elegidas = st.multiselect(
            "Fotos del banco de medios",
            list(nombres_fotos),
            default=[i for i in adjuntas if i in nombres_fotos],
            format_func=lambda i: nombres_fotos[i],
            placeholder="Ninguna",
            key=f"{clave}_fotos",
        )
        guardar = st.form_submit_button("Guardar boletín", type="primary", key="redaccion_guardar")
    if not guardar:
        return
    datos = {
        "fecha_emision": momento_local(dia, hora),
        "lugar": texto_o_none(lugar),
        "titular": titular,
        "entradilla": entradilla,
        "cuerpo": cuerpo,
        "citas": citas_de_texto(citas),
        "area": texto_o_none(area),
        "tema": texto_o_none(tema),
    }
    fotos_elegidas = [int(i) for i in elegidas]
    if boletin is None:
        ejecutar(
            lambda s: _crear(s, datos, fotos_elegidas, u.nombre),
            _creado,
            limpiar="redaccion_form_nuevo",
        )
    else:
        ejecutar(
            lambda s: _editar(s, boletin.id, datos, adjuntas, fotos_elegidas, u.nombre),
            lambda cambio: "Boletín guardado." if cambio else "No había cambios que guardar.",
        )


def _crear(s: Session, datos: dict[str, Any], fotos: list[int], nombre: str) -> Boletin:
    """Crea el boletín, le adjunta las fotos y lo deja elegido."""
    boletin = crear_boletin(s, usuario=nombre, **datos)
    if fotos:
        adjuntar_recursos(s, boletin.id, fotos, nombre)
    seleccionar_despues("redaccion_elegido", boletin.id)
    return boletin


def _creado(boletin: Boletin) -> str:
    """Aviso del boletín creado."""
    return f"Boletín {boletin.folio} guardado como borrador."


def _editar(
    s: Session,
    boletin_id: int,
    datos: dict[str, Any],
    antes: list[int],
    despues: list[int],
    nombre: str,
) -> bool:
    """Edita textos y ajusta las fotos adjuntas; True si algo cambió."""
    cambio = editar_boletin(s, boletin_id, nombre, **datos)
    nuevas = [i for i in despues if i not in antes]
    if nuevas:
        adjuntar_recursos(s, boletin_id, nuevas, nombre)
    quitadas = [i for i in antes if i not in despues]
    for recurso_id in quitadas:
        quitar_recurso(s, boletin_id, recurso_id, nombre)
    return cambio or bool(nuevas or quitadas)


def ficha_boletin(boletin: Boletin) -> None:
    """Folio, estado y autor del boletín elegido."""
    componentes.encabezado(f"Boletín {boletin.folio} · {boletin.titular}", nivel=4)
    st.caption(
        f"Estado: **{ETIQUETA_ESTADO[boletin.estado.value]}** · redactó "
        f"{literal(boletin.autor_nombre or formato.VACIO)} · enviado: "
        f"{literal(fecha_hora(boletin.enviado_en))}"
    )


def _cuerpo_html(documento: str) -> str:
    """El contenido de <body> de un documento HTML (ya escapado por html_boletin)."""
    inicio = documento.find(">", documento.find("<body")) + 1
    fin = documento.rfind("</body>")
    return documento[inicio:fin] if 0 < inicio <= fin else documento


def vista_previa(boletin: Boletin) -> None:
    """Vista previa con el formato de la oficina (HTML escapado) y descarga del PDF."""
    componentes.html_escapado(_cuerpo_html(html_boletin(boletin)), alto=520)
    st.download_button(
        "Descargar PDF",
        lambda: _pdf(boletin.id),
        nombre_pdf(boletin),
        "application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        key="redaccion_pdf",
    )


def _pdf(boletin_id: int) -> bytes:
    """PDF del boletín (se genera sólo al descargar)."""
    with sesion() as s:
        return pdf_boletin(obtener_boletin(s, boletin_id))


def _recordar_revisada(boletin_id: int, huella: str) -> None:
    """Al pulsar: guarda la versión que estaba en pantalla (la de la ejecución anterior)."""
    st.session_state[CLAVE_REVISADA] = (boletin_id, huella)


def _revisada(boletin_id: int) -> str:
    """La versión que la directora tenía enfrente al pulsar Aprobar ('' si no corresponde)."""
    guardada = st.session_state.pop(CLAVE_REVISADA, None)
    return guardada[1] if isinstance(guardada, tuple) and guardada[0] == boletin_id else ""


def botones_de_flujo(boletin: Boletin, u: UsuarioActivo) -> None:
    """Botones del flujo según el estado y el rol (sólo la directora aprueba).

    Aprobar liga la aprobación al texto que se dibujó: si alguien lo cambió entre que la
    directora lo leyó y pulsó, la aprobación se rechaza.
    """
    estado = boletin.estado
    revision_o_aprobado = estado in {EstadoBoletin.REVISION, EstadoBoletin.APROBADO}
    botones: list[tuple[bool, str, str, Callable[[Session], object], str]] = [
        (
            estado == EstadoBoletin.BORRADOR and u.puede("editar"),
            "Enviar a revisión",
            "redaccion_revision",
            lambda s: enviar_a_revision(s, boletin.id, u.nombre),
            "Boletín en revisión.",
        ),
        (
            estado == EstadoBoletin.REVISION and u.puede("aprobar"),
            "Aprobar",
            "redaccion_aprobar",
            lambda s: aprobar(s, boletin.id, u.nombre, _revisada(boletin.id)),
            "Boletín aprobado.",
        ),
        (
            revision_o_aprobado and u.puede("editar"),
            "Devolver a borrador",
            "redaccion_devolver",
            lambda s: devolver_a_borrador(s, boletin.id, u.nombre),
            "Boletín devuelto a borrador.",
        ),
    ]
    visibles = [b for b in botones if b[0]]
    for columna, (_, etiqueta, clave, accion, aviso) in zip(st.columns(3), visibles, strict=False):
        recordar = (boletin.id, version(boletin))
        # Devolver un boletín aprobado retira la aprobación de la directora: se confirma.
        if clave == "redaccion_devolver" and estado == EstadoBoletin.APROBADO:
            pulsado = confirmar(
                etiqueta,
                clave,
                f"Se retirará la aprobación del boletín {boletin.folio}: volverá a borrador y "
                "la directora tendrá que aprobarlo otra vez antes de enviarlo.",
                "Sí, retirar la aprobación",
                donde=columna,
            )
        else:
            pulsado = columna.button(
                etiqueta, key=clave, on_click=_recordar_revisada, args=recordar
            )
        if pulsado:
            ejecutar_reversible(accion, f"{aviso[:-1]}: {boletin.folio}.", u)
    if estado == EstadoBoletin.REVISION and not u.puede("aprobar"):
        st.caption("En revisión: sólo la directora puede aprobarlo.")
    if u.puede("editar"):
        historial(
            "Historial del boletín (revertir)", ("boletin",), u, "redaccion_historial", boletin.id
        )


def envio_ui(boletin: Boletin, u: UsuarioActivo) -> None:
    """Envío por correo a los medios elegidos (sólo aprobado o ya enviado)."""
    if boletin.estado not in {EstadoBoletin.APROBADO, EstadoBoletin.ENVIADO}:
        st.caption("El boletín se envía cuando la directora lo aprueba.")
        return
    smtp = cargar().smtp
    if not smtp.configurado:
        st.warning(
            "No hay servidor de correo: define MONITOREO_SMTP_SERVIDOR (y puerto, usuario, "
            "contraseña y TLS) para enviar desde aquí."
        )
        return
    medios = leer(co.medios_con_correo)
    medios = medios[medios["contactos"] > 0]
    valores = opciones(medios, "medio_id", lambda f: f"{f['medio']} ({f['contactos']} contactos)")
    if not valores:
        componentes.vacio(
            "Ningún medio tiene contactos con correo: agrégalos en Medios y convenios."
        )
        return
    elegidos = st.multiselect(
        "Enviar a",
        list(valores),
        format_func=lambda i: valores[i],
        placeholder="Elige los medios",
        key="redaccion_medios",
    )
    contactos = int(medios[medios["medio_id"].isin(elegidos)]["contactos"].sum())
    todos = " (todos los medios con correo)" if len(elegidos) == len(valores) else ""
    if confirmar(
        "Enviar por correo",
        "redaccion_enviar",
        f"Se enviará el boletín {boletin.folio} por correo a "
        f"{cuantos(len(elegidos), 'medio', 'medios')}{todos}, "
        f"{cuantos(contactos, 'contacto', 'contactos')}. Un correo enviado no se puede deshacer.",
        "Sí, enviar el boletín",
        deshabilitado=not elegidos,
    ):
        destinos = [int(m) for m in elegidos]
        mandar(
            lambda: enviar_boletin(fabrica(), boletin.id, destinos, cargar().smtp, u.nombre),
            "correo",
        )


def registro_de_envios(boletin: Boletin, u: UsuarioActivo) -> None:
    """Estado por destinatario; confirmar por teléfono; enlace a la matriz de retoma."""
    envios = leer(lambda s: co.registro_de_envios(s, boletin.id))
    if envios.empty:
        componentes.vacio("Este boletín aún no se envía a ningún medio.")
        return
    vista = envios.assign(
        estado_txt=envios["estado"].map(ETIQUETA_ENVIO),
        motivo_txt=envios["motivo"].fillna(""),
        hora=envios["enviado_en"].map(fecha_hora),
        contacto_txt=envios["contacto"].fillna(formato.VACIO),
    )
    componentes.tabla(
        vista,
        {
            "medio": "Medio",
            "contacto_txt": "Contacto",
            "correo": "Correo",
            "estado_txt": "Estado",
            "motivo_txt": "Motivo",
            "hora": "Enviado",
            "intentos": "Intentos",
        },
    )
    if u.puede("editar"):
        _confirmar(envios, u)
    st.page_link(
        "paginas/boletines.py",
        label=f"Quién publicó el boletín {boletin.folio}: matriz de retoma en Boletines",
        icon=":material/campaign:",
    )


def _confirmar(envios: pd.DataFrame, u: UsuarioActivo) -> None:
    """Marca un envío como confirmado por teléfono."""
    pendientes = envios[envios["estado"] != "confirmado"]
    valores = opciones(
        pendientes, "envio_id", lambda f: f"{f['medio']} · {f['correo']} ({f['estado']})"
    )
    if not valores:
        return
    envio = elegir_con_boton(
        "Destinatario", valores, "redaccion_envio", "Confirmado por teléfono", "redaccion_confirmar"
    )
    if envio is not None:
        ejecutar(
            lambda s: confirmar_por_telefono(s, envio, u.nombre),
            f"Recepción confirmada: {literal(valores[envio])}.",
        )


def datos_boletin(boletin_id: int) -> tuple[Boletin, list[int]]:
    """El boletín y los ids de sus fotos adjuntas."""
    return _boletin_y_fotos(boletin_id)
