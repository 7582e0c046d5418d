"""Revisión del tono: la nota con las frases que lo explican y los botones para fijarlo."""

from __future__ import annotations

import html

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analisis.metricas import audiencia_con_unidad
from datos.config import cargar
from datos.consultas.revision import NotaEnRevision
from datos.repositorio import revision as rr
from reportes import formato
from tablero import componentes
from tablero.autenticacion import UsuarioActivo
from tablero.markdown import literal
from tablero.vistas import testigo
from tablero.vistas.revision.acciones import FUERA, SOLO_LECTURA, decidir, omitir

TONOS = (("positivo", "Positivo", "1"), ("neutral", "Neutral", "2"), ("negativo", "Negativo", "3"))
ATAJOS_TONO = "Atajos: **1** positivo · **2** neutral · **3** negativo · **O** omitir" + FUERA


def cabecera_nota(n: NotaEnRevision) -> None:
    """Medio, fecha, título (escapado) y enlace de la nota."""
    fecha = formato.fecha_hora(n.fecha_publicacion, cargar().zona)
    alcance = audiencia_con_unidad(n.audiencia, n.audiencia_tipo, n.medio_tipo)
    st.caption(f"{literal(n.medio)} · {fecha} · alcance potencial {alcance}")
    componentes.encabezado(n.titulo, nivel=4)
    izquierda, derecha = st.columns(2)
    if n.enlace:
        izquierda.link_button("Abrir nota", n.enlace, icon=":material/open_in_new:")
    with derecha:
        testigo.boton(n.nota_id, "Ver testigo", f"revision_testigo_{n.nota_id}")


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
        decidir(
            usuario,
            lambda s: rr.confirmar_tono(s, n.nota_id, tono, usuario),
            f"Tono {tono} confirmado: {literal(n.medio)}.",
        )


def elemento_tono(n: NotaEnRevision, usuario: UsuarioActivo, motivo_cola: str) -> None:
    """Tono calculado de una nota con sus frases y los botones para fijarlo."""
    puntaje = formato.numero(n.tono_puntaje, 2)
    st.markdown(f"Tono calculado hacia el Ayuntamiento: **{n.tono}** (puntaje {puntaje})")
    if motivo_cola:
        st.caption(f"Prioridad: {motivo_cola}.")
    botones_tono(n, usuario)
    _frases(n)
    cabecera_nota(n)
    marcas = intervalos_de_frases(n.texto, n.tono_frases)
    componentes.html_escapado(formato.resaltar(n.texto, marcas))
