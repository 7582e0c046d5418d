"""Revisión de una retoma: boletín y nota lado a lado, propuesta del análisis y botones."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from datos.consultas.revision import RetomaEnRevision
from datos.repositorio import revision as rr
from reportes import formato
from tablero import componentes
from tablero.autenticacion import UsuarioActivo
from tablero.markdown import literal
from tablero.vistas.revision.acciones import FUERA, SOLO_LECTURA, decidir, omitir
from tablero.vistas.revision.pantalla_tono import cabecera_nota, tono_de_la_retoma

NIVELES = (
    ("integra", "Íntegra", "1"),
    ("parcial", "Parcial", "2"),
    ("reescrita", "Reescrita", "3"),
)
ATAJOS_RETOMA = "Atajos: **S** confirmar · **N** rechazar · **1/2/3** nivel · **O** omitir" + FUERA


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
        cabecera_nota(r.nota)
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
        decidir(
            usuario,
            lambda s: rr.confirmar_retoma(s, r.retoma_id, usuario),
            f"Retoma confirmada: {literal(r.nota.medio)} · boletín {r.folio}.",
        )
    if c2.button(
        "Rechazar",
        key="revision_rechazar",
        icon=":material/close:",
        shortcut="N",
        disabled=bloqueado,
        width="stretch",
    ):
        decidir(
            usuario,
            lambda s: rr.rechazar_retoma(s, r.retoma_id, usuario),
            f"Retoma rechazada: {literal(r.nota.medio)} no retomó el boletín {r.folio}.",
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
        decidir(
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
