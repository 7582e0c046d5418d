"""Markdown literal: nombres de medios, fuentes de audiencia y mensajes nunca se interpretan.

Un medio llamado con una imagen o un enlace Markdown hacía que el navegador de quien miraba la
página (aun con rol de lectura) pidiera la imagen a un servidor externo. Se renderiza cada texto
que Streamlit mostraría con Markdown (markdown-it, CommonMark) y no debe salir <img> ni <a>.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import Medio, Rol
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tablero.markdown import literal
from tests.fabricas import Semilla, en_base

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
CANARIO = "![canario](http://127.0.0.1:9/canario.png) [clic](http://127.0.0.1:9/x) :red[rojo]"
PELIGROSOS = [
    CANARIO,
    "<img src=http://127.0.0.1:9/c.png>",
    "https://127.0.0.1:9/autoenlace www.ejemplo.mx",
    "**negrita** _cursiva_ `código` $x^2$ :material/warning: # título",
    "[ref]: http://127.0.0.1:9/r\n\n[ref]",
]
ESPERA_S = 60


def _html(markdown: str) -> str:
    """Lo que produciría Markdown (CommonMark)."""
    return MarkdownIt("commonmark").render(markdown)


@pytest.mark.parametrize("texto", PELIGROSOS)
def test_literal_no_deja_imagenes_ni_enlaces(texto: str) -> None:
    html = _html(literal(texto))
    assert "<img" not in html and "<a " not in html and "<strong>" not in html
    # Los enlaces automáticos de GFM (los de Streamlit) necesitan «http://» o «www.» literales.
    salida = literal(texto)
    assert "http://" not in salida and "https://" not in salida and "www." not in salida


def _textos(at: AppTest) -> list[str]:
    """Todo lo que el tablero mandó como Markdown."""
    elementos = [*at.caption, *at.markdown, *at.success, *at.error, *at.warning, *at.info]
    return [str(e.value) for e in elementos]


def test_ficha_del_medio_con_nombre_y_fuente_hostiles(semilla: Semilla, sesion: Session) -> None:
    medio = sesion.get(Medio, semilla.medios["sol"])
    assert medio is not None
    medio.nombre, medio.audiencia_fuente = CANARIO, CANARIO
    sesion.commit()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, "lucia", Rol.LECTURA))
    at.run()
    at.switch_page("paginas/medios.py").run()
    at.selectbox(key="medios_elegido").set_value(semilla.medios["sol"]).run()
    assert not at.exception
    textos = _textos(at)
    assert any("canario" in t for t in textos), "la fuente de audiencia sí se muestra"
    for texto in textos:
        assert "<img" not in _html(texto) and "<a " not in _html(texto), texto


def _cabecera() -> None:
    """Guion de AppTest: la cabecera de una nota en Revisión con un medio hostil."""
    from datos.consultas.revision import NotaEnRevision
    from tablero.vistas.revision.pantalla_tono import cabecera_nota

    medio = "![canario](http://127.0.0.1:9/canario.png) [clic](http://127.0.0.1:9/x)"
    cabecera_nota(NotaEnRevision(1, medio, None, "Título", None, "", None, None, (), None, 10))


def test_cabecera_de_revision_escapa_el_medio(directorio_datos: Path) -> None:
    at = AppTest.from_function(_cabecera, default_timeout=ESPERA_S).run()
    assert not at.exception
    assert "canario" in at.caption[0].value
    assert "<img" not in _html(at.caption[0].value) and "<a " not in _html(at.caption[0].value)
