"""Textos propios de Streamlit en español y menú lateral que se cierra en el teléfono.

Streamlit no tiene opción de idioma para su interfaz: el cargador de archivos dice «Upload» y
«200MB per file», y los textos de relleno y de listas vacías vienen en inglés. Donde el widget lo
permite se usa su parámetro (`placeholder=` en cada multiselect); para lo demás, un guion en la
página traduce esos textos exactos en cuanto aparecen (MutationObserver), y en pantallas angostas
cierra el menú lateral al elegir una página (Streamlit lo deja abierto encima del contenido).
"""

from __future__ import annotations

import json

import streamlit as st

# Textos exactos de la interfaz de Streamlit 1.67 y su traducción.
TRADUCCIONES = {
    "Upload": "Subir archivo",
    "Upload directories": "Subir carpeta",
    "Drag and drop a file here": "Arrastra el archivo aquí",
    "Drag and drop files here": "Arrastra los archivos aquí",
    "Drag and drop directories here": "Arrastra las carpetas aquí",
    "Browse files": "Buscar archivos",
    "Choose an option": "Elige una opción",
    "Choose options": "Elige opciones",
    "No options to select": "No hay opciones",
    "No results": "Sin resultados",
    "View more": "Ver más",
    "View less": "Ver menos",
    "Running...": "Procesando…",
    "Stop": "Detener",
}
# «200MB per file», «1.0GB per file»: el tamaño se conserva.
PATRON_LIMITE = r"^(\d+(?:\.\d+)?)\s?([KMG]B) per file$"
# Ancho (px) debajo del cual Streamlit muestra el menú lateral encima del contenido.
ANCHO_MENU_FLOTANTE = 768

_GUION = """
<script>
(() => {
  if (window.__monitoreoEsMx) return;
  window.__monitoreoEsMx = true;
  const T = %(traducciones)s;
  const LIMITE = new RegExp(%(patron)s);
  const traducir = (nodo) => {
    const texto = nodo.nodeValue.trim();
    if (T[texto]) { nodo.nodeValue = nodo.nodeValue.replace(texto, T[texto]); return; }
    const m = texto.match(LIMITE);
    if (m) nodo.nodeValue = `Hasta ${m[1]} ${m[2]} por archivo`;
  };
  const recorrer = (raiz) => {
    const w = document.createTreeWalker(raiz, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) traducir(w.currentNode);
    raiz.querySelectorAll && raiz.querySelectorAll("[placeholder]").forEach((e) => {
      const p = e.getAttribute("placeholder");
      if (T[p]) e.setAttribute("placeholder", T[p]);
    });
  };
  new MutationObserver((cambios) => cambios.forEach((c) => {
    if (c.type === "characterData") traducir(c.target);
    c.addedNodes.forEach((n) => n.nodeType === 3 ? traducir(n) : recorrer(n));
  })).observe(document.body, {childList: true, subtree: true, characterData: true});
  recorrer(document.body);
  // En el teléfono el menú tapa la página: se cierra al elegir una.
  document.addEventListener("click", (ev) => {
    const enlace = ev.target.closest('[data-testid="stSidebarNav"] a');
    if (!enlace || window.innerWidth >= %(ancho)d) return;
    setTimeout(() => {
      const boton = document.querySelector(
        '[data-testid="stSidebar"] [data-testid="stSidebarCollapseButton"] button');
      if (boton) boton.click();
    }, 150);
  }, true);
})();
</script>
"""


def adaptar() -> None:
    """Inserta (una vez por página) el guion de textos en español y del menú en el teléfono."""
    guion = _GUION % {
        "traducciones": json.dumps(TRADUCCIONES, ensure_ascii=False),
        "patron": json.dumps(PATRON_LIMITE),
        "ancho": ANCHO_MENU_FLOTANTE,
    }
    st.html(guion, unsafe_allow_javascript=True)
