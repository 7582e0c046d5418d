"""Componentes de la revisión: cola, decisiones del personal y formularios de captura manual.

La cola no se cachea: tras cada decisión el personal debe ver el siguiente elemento al instante.
Toda escritura abre UNA transacción (`datos.sesion.sesion()`) y muestra los errores en español.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

from datos.config import cargar
from datos.consultas import revision as cr
from datos.consultas.revision import FiltroRevision, NotaEnRevision, Pendientes, RetomaEnRevision
from datos.repositorio import revision as rr
from datos.sesion import sesion
from rastreadores.importadores.archivos import (
    AUDIOS,
    IMAGENES,
    IMPRESOS,
    TABLAS,
    ArchivoValidado,
    validar_contenido,
)
from rastreadores.importadores.facebook import capturar_publicacion
from rastreadores.importadores.impresos import capturar_impreso
from rastreadores.importadores.ocr import OcrNoDisponible
from rastreadores.importadores.transmisiones import (
    Clip,
    ResultadoImportacion,
    celda_duracion,
    guardar_clip,
    importar_clips,
)
from tablero import componentes, formato
from tablero.autenticacion import UsuarioActivo

log = logging.getLogger(__name__)
T = TypeVar("T")

CLAVE_AVISO = "revision_aviso"
CLAVE_OMITIDOS = "revision_omitidos"
TIPOS_FILTRO = {"todos": "Todo", "retomas": "Sólo retomas", "tonos": "Sólo tonos"}
NIVELES = (
    ("integra", "Íntegra", "1"),
    ("parcial", "Parcial", "2"),
    ("reescrita", "Reescrita", "3"),
)
TONOS = (("positivo", "Positivo", "1"), ("neutral", "Neutral", "2"), ("negativo", "Negativo", "3"))
# Los atajos no actúan mientras el cursor está en un filtro o un campo de texto.
FUERA = " (con el cursor fuera de los filtros)"
ATAJOS_RETOMA = "Atajos: **S** confirmar · **N** rechazar · **1/2/3** nivel · **O** omitir" + FUERA
ATAJOS_TONO = "Atajos: **1** positivo · **2** neutral · **3** negativo · **O** omitir" + FUERA
SOLO_LECTURA = (
    "Tu rol es de sólo lectura: puedes ver y descargar, pero no revisar ni capturar. "
    "Pide a la directora un usuario de personal."
)
# Errores que se explican al usuario; lo demás es un error interno y se registra.
ERRORES_DE_USUARIO = (ValueError, OcrNoDisponible)
MIME_TABLAS = ["csv", "txt", "xlsx"]


# ---- Acceso a datos (sin caché) -------------------------------------------------------------


def pendientes(filtro: FiltroRevision) -> Pendientes:
    """Retomas y tonos por revisar."""
    with sesion() as s:
        return cr.contar_pendientes(s, filtro)


def cola(filtro: FiltroRevision) -> pd.DataFrame:
    """Cola priorizada sin los elementos que el usuario omitió en esta sesión."""
    with sesion() as s:
        tabla = cr.cola_de_revision(s, filtro, cargar().alcance_alerta)
    omitidos = st.session_state.get(CLAVE_OMITIDOS, set())
    claves = [(t, int(i)) for t, i in zip(tabla["tipo"], tabla["id"], strict=True)]
    return tabla[[c not in omitidos for c in claves]].reset_index(drop=True)


def retoma(retoma_id: int) -> RetomaEnRevision | None:
    """Detalle de la retoma a revisar."""
    with sesion() as s:
        return cr.retoma_en_revision(s, retoma_id)


def nota(nota_id: int) -> NotaEnRevision | None:
    """Detalle de la nota cuyo tono se revisa."""
    with sesion() as s:
        return cr.nota_en_revision(s, nota_id)


# ---- Escritura con errores en español ---------------------------------------------------------


def motivo(exc: BaseException) -> str:
    """Mensaje de la excepción con mayúscula inicial."""
    texto = str(exc) or exc.__class__.__name__
    return texto[:1].upper() + texto[1:]


def en_transaccion(accion: Callable[[Session], T]) -> T | None:
    """Ejecuta `accion` en una transacción; ante un error lo explica y devuelve None."""
    try:
        with sesion() as s:
            return accion(s)
    except ERRORES_DE_USUARIO as exc:
        st.error(motivo(exc), icon=":material/error:")
    except SQLAlchemyError:
        log.exception("error de base de datos")
        st.error("La base de datos no respondió: inténtalo de nuevo o avisa a sistemas.")
    except Exception:  # frontera de la interfaz: nunca un traceback al usuario
        log.exception("error interno en el tablero")
        st.error(
            "Ocurrió un error interno: no se guardó nada. Avisa a sistemas (queda en el registro)."
        )
    return None


def _decidir(usuario: UsuarioActivo, accion: Callable[[Session], object], aviso: str) -> None:
    """Aplica una decisión del personal y pasa al siguiente elemento."""
    if not usuario.puede("editar"):
        st.error(SOLO_LECTURA)
        return
    if en_transaccion(accion) is None:
        return
    st.cache_data.clear()  # las páginas de seguimiento deben reflejar la decisión ya
    st.session_state[CLAVE_AVISO] = aviso
    st.rerun()


def mostrar_aviso() -> None:
    """Confirma la decisión anterior (tras el st.rerun)."""
    aviso = st.session_state.pop(CLAVE_AVISO, None)
    if aviso:
        st.toast(aviso, icon=":material/check_circle:")


def omitir(tipo: str, elemento_id: int) -> None:
    """Deja el elemento para después (sólo en esta sesión del navegador)."""
    st.session_state.setdefault(CLAVE_OMITIDOS, set()).add((tipo, elemento_id))
    st.rerun()


# ---- Cola --------------------------------------------------------------------------------------


def filtros(medios: pd.DataFrame) -> FiltroRevision:
    """Qué revisar (todo, retomas o tonos) y de qué medios."""
    izquierda, derecha = st.columns([2, 3])
    tipo = izquierda.radio(
        "Revisar",
        list(TIPOS_FILTRO),
        format_func=TIPOS_FILTRO.__getitem__,
        horizontal=True,
        key="revision_tipo",
    )
    nombres = dict(zip(medios["medio_id"], medios["medio"], strict=True))
    elegidos = derecha.multiselect(
        "Medio",
        list(nombres),
        format_func=lambda i: nombres[i],
        placeholder=componentes.TODOS,
        key="revision_medios",
    )
    return FiltroRevision(tipo=str(tipo), medios=tuple(int(m) for m in elegidos))


def contador(cuantos: Pendientes) -> None:
    """Cuántos elementos faltan por revisar."""
    componentes.kpis(
        [
            componentes.Kpi("Retomas por revisar", formato.numero(cuantos.retomas)),
            componentes.Kpi("Tonos por revisar", formato.numero(cuantos.tonos)),
        ],
        por_fila=2,
    )


def sin_pendientes() -> None:
    """Estado vacío de la cola (con la opción de recuperar los omitidos)."""
    omitidos = st.session_state.get(CLAVE_OMITIDOS, set())
    if not omitidos:
        componentes.vacio(
            "No hay nada por revisar con estos filtros: ejecuta `monitoreo analizar` tras rastrear."
        )
        return
    componentes.vacio(f"Omitiste {len(omitidos)} elementos en esta sesión.")
    if st.button("Volver a mostrar los omitidos", key="revision_recuperar"):
        st.session_state[CLAVE_OMITIDOS] = set()
        st.rerun()


def _cabecera_nota(n: NotaEnRevision) -> None:
    """Medio, fecha, título (escapado) y enlace de la nota."""
    fecha = formato.fecha_hora(n.fecha_publicacion, cargar().zona)
    alcance = formato.numero(n.audiencia)
    st.caption(f"{n.medio} · {fecha} · alcance potencial {alcance}")
    componentes.encabezado(n.titulo, nivel=4)
    if n.enlace:
        st.link_button("Abrir nota", n.enlace, icon=":material/open_in_new:")


def _lado_a_lado(r: RetomaEnRevision) -> None:
    """Boletín y nota con los pasajes compartidos resaltados (texto escapado)."""
    pasajes = list(r.pasajes)
    izquierda, derecha = st.columns(2)
    with izquierda:
        st.caption(f"Boletín {r.folio}")
        componentes.encabezado(r.titular, nivel=4)
        marcas = [p["boletin"] for p in pasajes if "boletin" in p]
        componentes.html_escapado(formato.resaltar(r.texto_boletin, marcas))
    with derecha:
        _cabecera_nota(r.nota)
        marcas = [p["nota"] for p in pasajes if "nota" in p]
        componentes.html_escapado(formato.resaltar(r.nota.texto, marcas))


def _propuesta_retoma(r: RetomaEnRevision, motivo_cola: str) -> None:
    """Nivel, puntaje y fidelidad propuestos por el análisis."""
    nivel = componentes.ETIQUETA_NIVEL.get(r.nivel, r.nivel)
    fidelidad = formato.porcentaje(r.fidelidad)
    puntaje = formato.numero(r.puntaje, 2)
    st.markdown(
        f"Nivel propuesto: **{nivel}** · puntaje {puntaje} · fidelidad {fidelidad} · "
        f"{_pasajes(len(r.pasajes))}"
    )
    if motivo_cola:
        st.caption(f"Prioridad: {motivo_cola}.")


def _pasajes(cuantos: int) -> str:
    """«1 pasaje compartido» o «3 pasajes compartidos»."""
    return "1 pasaje compartido" if cuantos == 1 else f"{cuantos} pasajes compartidos"


def botones_retoma(r: RetomaEnRevision, usuario: UsuarioActivo) -> None:
    """Confirmar, Rechazar, Cambiar nivel y Omitir (deshabilitados para sólo lectura)."""
    bloqueado = not usuario.puede("editar")
    c1, c2, c3, c4, c5, c6 = st.columns([2, 2, 1.3, 1.3, 1.3, 1.3])
    if c1.button(
        "Confirmar",
        key="revision_confirmar",
        type="primary",
        icon=":material/check:",
        shortcut="S",
        disabled=bloqueado,
        width="stretch",
    ):
        _decidir(
            usuario,
            lambda s: rr.confirmar_retoma(s, r.retoma_id, usuario),
            f"Retoma confirmada: {r.nota.medio} · boletín {r.folio}.",
        )
    if c2.button(
        "Rechazar",
        key="revision_rechazar",
        icon=":material/close:",
        shortcut="N",
        disabled=bloqueado,
        width="stretch",
    ):
        _decidir(
            usuario,
            lambda s: rr.rechazar_retoma(s, r.retoma_id, usuario),
            f"Retoma rechazada: {r.nota.medio} no retomó el boletín {r.folio}.",
        )
    for columna, (nivel, etiqueta, atajo) in zip((c3, c4, c5), NIVELES, strict=True):
        _boton_nivel(columna, r, usuario, nivel, etiqueta, atajo)
    if c6.button("Omitir", key="revision_omitir", shortcut="O", width="stretch"):
        omitir("retoma", r.retoma_id)
    if bloqueado:
        st.caption(SOLO_LECTURA)
    else:
        st.caption(ATAJOS_RETOMA)


def _boton_nivel(
    columna: DeltaGenerator,
    r: RetomaEnRevision,
    usuario: UsuarioActivo,
    nivel: str,
    etiqueta: str,
    atajo: str,
) -> None:
    """Botón que confirma la retoma con otro nivel."""
    if columna.button(
        etiqueta,
        key=f"revision_nivel_{nivel}",
        help=f"Confirmar como retoma {componentes.ETIQUETA_NIVEL[nivel]}",
        shortcut=atajo,
        disabled=not usuario.puede("editar") or nivel == r.nivel,
        width="stretch",
    ):
        _decidir(
            usuario,
            lambda s: rr.cambiar_nivel(s, r.retoma_id, nivel, usuario),
            f"Retoma confirmada como {componentes.ETIQUETA_NIVEL[nivel]}.",
        )


def elemento_retoma(r: RetomaEnRevision, usuario: UsuarioActivo, motivo_cola: str) -> None:
    """Una retoma propuesta: lado a lado, propuesta y botones."""
    _propuesta_retoma(r, motivo_cola)
    botones_retoma(r, usuario)
    tono_de_la_retoma(r.nota, usuario)
    _lado_a_lado(r)


def tono_de_la_retoma(n: NotaEnRevision, usuario: UsuarioActivo) -> None:
    """El tono de la misma nota, para decidirlo de paso (sin atajos: 1/2/3 son del nivel)."""
    if n.tono is None:
        return
    if n.tono_confirmado is not None:
        st.caption(f"Tono de la nota confirmado: {n.tono_confirmado}.")
        return
    with st.container(border=True):
        puntaje = formato.numero(n.tono_puntaje, 2)
        st.markdown(f"Tono calculado de la nota: **{n.tono}** (puntaje {puntaje}). ¿Es correcto?")
        columnas = st.columns(3)
        for columna, (tono, etiqueta, _) in zip(columnas, TONOS, strict=True):
            _boton_tono(columna, n, usuario, tono, etiqueta, None, "revision_retoma_tono")
        _frases(n)


def _frases(n: NotaEnRevision) -> None:
    """Las frases que explican el tono calculado (escapadas)."""
    if not n.tono_frases:
        st.caption(
            "El análisis no encontró frases con carga: por eso propone neutral."
            if n.tono == "neutral"
            else "El análisis no guardó frases para este tono: léela antes de decidir."
        )
        return
    items = "".join(f"<li>{html.escape(f)}</li>" for f in n.tono_frases)
    st.html(f"<div><strong>Frases que lo explican</strong><ul>{items}</ul></div>")


def intervalos_de_frases(texto: str, frases: tuple[str, ...]) -> list[tuple[int, int]]:
    """Dónde aparece cada frase en el texto (las que no aparecen tal cual se omiten)."""
    intervalos = []
    for frase in frases:
        inicio = texto.find(frase.strip())
        if frase.strip() and inicio >= 0:
            intervalos.append((inicio, inicio + len(frase.strip())))
    return intervalos


def botones_tono(n: NotaEnRevision, usuario: UsuarioActivo) -> None:
    """Positivo, Neutral, Negativo (el propuesto resaltado) y Omitir."""
    columnas = st.columns(4)
    for columna, (tono, etiqueta, atajo) in zip(columnas[:3], TONOS, strict=True):
        _boton_tono(columna, n, usuario, tono, etiqueta, atajo, "revision_tono")
    if columnas[3].button("Omitir", key="revision_omitir", shortcut="O", width="stretch"):
        omitir("tono", n.nota_id)
    st.caption(ATAJOS_TONO if usuario.puede("editar") else SOLO_LECTURA)


def _boton_tono(
    columna: DeltaGenerator,
    n: NotaEnRevision,
    usuario: UsuarioActivo,
    tono: str,
    etiqueta: str,
    atajo: str | None,
    prefijo: str,
) -> None:
    """Botón que fija el tono de la nota."""
    if columna.button(
        etiqueta,
        key=f"{prefijo}_{tono}",
        # El propuesto lleva ✓; sólo se pinta como principal cuando el tono es lo que se revisa.
        type="primary" if tono == n.tono and atajo is not None else "secondary",
        icon=":material/check:" if tono == n.tono else None,
        shortcut=atajo,
        disabled=not usuario.puede("editar"),
        width="stretch",
    ):
        _decidir(
            usuario,
            lambda s: rr.confirmar_tono(s, n.nota_id, tono, usuario),
            f"Tono {tono} confirmado: {n.medio}.",
        )


def elemento_tono(n: NotaEnRevision, usuario: UsuarioActivo, motivo_cola: str) -> None:
    """Tono calculado de una nota con sus frases y los botones para fijarlo."""
    puntaje = formato.numero(n.tono_puntaje, 2)
    st.markdown(f"Tono calculado hacia el Ayuntamiento: **{n.tono}** (puntaje {puntaje})")
    if motivo_cola:
        st.caption(f"Prioridad: {motivo_cola}.")
    botones_tono(n, usuario)
    _frases(n)
    _cabecera_nota(n)
    marcas = intervalos_de_frases(n.texto, n.tono_frases)
    componentes.html_escapado(formato.resaltar(n.texto, marcas))


def primero(tabla: pd.DataFrame, usuario: UsuarioActivo) -> None:
    """Muestra el primer elemento de la cola (o avisa si otro ya lo resolvió)."""
    fila = tabla.iloc[0]
    st.caption(f"Elemento 1 de {formato.numero(len(tabla))} en la cola.")
    if fila["tipo"] == "retoma":
        detalle = componentes.con_datos(retoma, int(fila["id"]))
        if detalle is not None:
            elemento_retoma(detalle, usuario, str(fila["motivo"]))
            return
    else:
        n = componentes.con_datos(nota, int(fila["id"]))
        if n is not None:
            elemento_tono(n, usuario, str(fila["motivo"]))
            return
    componentes.vacio("El elemento ya no existe (lo retiró el análisis): recarga la página.")


# ---- Captura manual ----------------------------------------------------------------------------


@contextmanager
def archivo_temporal(validado: ArchivoValidado) -> Iterator[Path]:
    """El archivo validado escrito en una carpeta temporal que se borra al salir."""
    with tempfile.TemporaryDirectory(prefix="captura-") as carpeta:
        ruta = Path(carpeta) / validado.nombre
        ruta.write_bytes(validado.contenido)
        yield ruta


def _validar_subido(
    subido: UploadedFile | None, permitidos: frozenset[str]
) -> ArchivoValidado | None:
    """Valida un archivo de st.file_uploader (None si no se subió nada)."""
    if subido is None:
        return None
    return validar_contenido(subido.name, subido.getvalue(), permitidos)


def selector_medio(medios: pd.DataFrame, clave: str) -> str:
    """Nombre del medio elegido."""
    return str(st.selectbox("Medio", medios["medio"].tolist(), key=clave))


def formulario_impreso(medios: pd.DataFrame) -> None:
    """Sube el PDF o la foto de una página impresa: una nota por página (PDF u OCR)."""
    with st.form("revision_form_impreso"):
        medio = selector_medio(medios, "impreso_medio")
        fecha = st.date_input("Fecha de la edición", componentes.hoy(), key="impreso_fecha")
        pagina = st.number_input("Número de la primera página", 1, 999, 1, key="impreso_pagina")
        subido = st.file_uploader(
            "PDF o foto (JPG, PNG)", ["pdf", "jpg", "jpeg", "png"], key="impreso_archivo"
        )
        enviar = st.form_submit_button("Guardar impreso", type="primary", key="impreso_guardar")
    if not enviar:
        return
    if subido is None:
        st.error("Sube el PDF o la foto de la página.")
        return

    def guardar(s: Session) -> list[int]:
        validado = _validar_subido(subido, IMPRESOS)
        assert validado is not None
        with archivo_temporal(validado) as ruta:
            return capturar_impreso(s, ruta, medio=medio, fecha=fecha, pagina=int(pagina))

    with st.spinner("Leyendo el impreso (el OCR tarda unos segundos por página)…"):
        ids = en_transaccion(guardar)
    if ids is not None:
        st.success(f"Se guardaron {len(ids)} páginas como notas (las repetidas no se cuentan).")


def _inicio_clip(fecha: dt.date, hora: dt.time) -> dt.datetime:
    """Fecha y hora locales de la transmisión, con la zona de la oficina."""
    return dt.datetime.combine(fecha, hora, tzinfo=cargar().zona)


def formulario_clip(medios: pd.DataFrame) -> None:
    """Una mención en radio o TV: cuándo, cuánto, qué se dijo, boletín y audio opcionales."""
    with st.form("revision_form_clip"):
        medio = selector_medio(medios, "clip_medio")
        programa = st.text_input("Programa o noticiero", key="clip_programa")
        c1, c2, c3 = st.columns(3)
        fecha = c1.date_input("Fecha", componentes.hoy(), key="clip_fecha", format="DD/MM/YYYY")
        hora = c2.time_input("Hora de inicio", dt.time(8, 0), key="clip_hora")
        duracion = c3.text_input("Duración (segundos o MM:SS)", key="clip_duracion")
        titulo = st.text_input("Título o tema", key="clip_titulo")
        texto = st.text_area("Qué se dijo (resumen o transcripción)", key="clip_texto")
        folio = st.text_input(
            "Folio del boletín que retoma (opcional, p. ej. 045/2026)", key="clip_folio"
        )
        url = st.text_input("Enlace (opcional)", key="clip_url")
        audio = st.file_uploader("Audio (opcional)", ["mp3", "ogg", "flac", "wav", "m4a"])
        enviar = st.form_submit_button("Guardar clip", type="primary", key="clip_guardar")
    if not enviar:
        return

    def guardar(s: Session) -> int:
        clip = Clip(
            medio=medio,
            programa=programa or None,
            inicio=_inicio_clip(fecha, hora),
            duracion_segundos=celda_duracion(duracion),
            titulo=titulo,
            texto=texto,
            boletin=folio.strip() or None,
            url=url.strip() or None,
        )
        validado = _validar_subido(audio, AUDIOS)
        if validado is None:
            return guardar_clip(s, clip)
        with archivo_temporal(validado) as ruta:
            clip.audio = ruta
            return guardar_clip(s, clip)

    nota_id = en_transaccion(guardar)
    if nota_id is not None:
        st.success(f"Clip guardado como la nota {nota_id}.")


def _fecha_opcional(fecha: dt.date | None, hora: dt.time | None) -> dt.datetime | None:
    """Fecha y hora locales si se dio la fecha (sin hora: mediodía, para no cambiar de día)."""
    if fecha is None:
        return None
    return dt.datetime.combine(fecha, hora or dt.time(12, 0), tzinfo=cargar().zona)


def formulario_facebook(medios: pd.DataFrame) -> None:
    """Publicación de Facebook copiada a mano: enlace, texto, fecha y captura de pantalla."""
    with st.form("revision_form_facebook"):
        medio = selector_medio(medios, "facebook_medio")
        url = st.text_input("Enlace de la publicación", key="facebook_url")
        texto = st.text_area("Texto de la publicación", key="facebook_texto")
        c1, c2 = st.columns(2)
        fecha = c1.date_input("Fecha (opcional)", None, key="facebook_fecha", format="DD/MM/YYYY")
        hora = c2.time_input("Hora (opcional)", None, key="facebook_hora")
        captura = st.file_uploader("Captura de pantalla (opcional)", ["png", "jpg", "jpeg"])
        enviar = st.form_submit_button(
            "Guardar publicación", type="primary", key="facebook_guardar"
        )
    if not enviar:
        return

    def guardar(s: Session) -> int:
        momento = _fecha_opcional(fecha, hora)
        validado = _validar_subido(captura, IMAGENES)
        if validado is None:
            return capturar_publicacion(s, medio=medio, url=url, texto=texto, fecha=momento)
        with archivo_temporal(validado) as ruta:
            return capturar_publicacion(
                s, medio=medio, url=url, texto=texto, fecha=momento, captura=ruta
            )

    nota_id = en_transaccion(guardar)
    if nota_id is not None:
        st.success(f"Publicación guardada como la nota {nota_id}.")


def _tabla_pegada(subido: UploadedFile | None, pegado: str) -> ArchivoValidado:
    """El archivo subido o, si no hay, el texto pegado como CSV; ValueError si no hay nada."""
    validado = _validar_subido(subido, TABLAS)
    if validado is not None:
        return validado
    if not pegado.strip():
        raise ValueError("sube un archivo CSV/Excel o pega las filas con sus encabezados")
    return validar_contenido("pegado.csv", pegado.encode("utf-8"), TABLAS)


def formulario_importacion() -> None:
    """Importa clips de un CSV o Excel (o filas pegadas); muestra cada fila con error."""
    st.caption(
        "Columnas: medio, fecha, hora, duración, programa, título, texto, boletín (folio), enlace."
    )
    with st.form("revision_form_importar"):
        subido = st.file_uploader("Archivo CSV o Excel", MIME_TABLAS, key="importar_archivo")
        pegado = st.text_area("…o pega aquí las filas copiadas de Excel", key="importar_pegado")
        enviar = st.form_submit_button("Importar clips", type="primary", key="importar_guardar")
    if not enviar:
        return

    def importar(s: Session) -> ResultadoImportacion:
        with archivo_temporal(_tabla_pegada(subido, pegado)) as ruta:
            return importar_clips(s, ruta)

    resultado = en_transaccion(importar)
    if resultado is not None:
        resultado_importacion(resultado)


def resultado_importacion(resultado: ResultadoImportacion) -> None:
    """Guardadas, repetidas y la tabla de filas con error (línea y motivo)."""
    st.success(
        f"Clips guardados: {formato.numero(resultado.guardadas)} · "
        f"ya estaban: {formato.numero(resultado.repetidas)}."
    )
    if not resultado.errores:
        return
    st.error(f"{len(resultado.errores)} filas no se importaron; corrígelas y vuelve a importarlas.")
    errores = pd.DataFrame(resultado.errores, columns=["Línea", "Motivo"])
    st.dataframe(errores, hide_index=True, width="stretch")
