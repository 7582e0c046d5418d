"""Un solo escape de Markdown para todo texto de usuarios o del rastreo que se muestre con Markdown.

Streamlit interpreta Markdown en `st.caption`, `st.markdown`, avisos, errores y etiquetas: un nombre
de medio como `![x](https://canario.example/p.png)` cargaba una imagen externa (y delataba a quien
miraba) y `[aquí](https://...)` ponía un enlace. Escapando cada carácter especial, el texto se ve
tal cual y nunca se interpreta. Sin dependencias del tablero: lo usan componentes y acciones.
"""

from __future__ import annotations

import re

# Caracteres que Markdown de Streamlit interpreta (incluidos `:color[...]`, `:material/...:`,
# `$...$`, HTML y los enlaces automáticos de «https://» y «www.»).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:$~&=])")


def literal(texto: object) -> str:
    """Texto de la base escapado para Markdown: se ve tal cual, nunca se interpreta."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(texto).split()))
