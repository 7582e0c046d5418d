"""Punto de entrada del tablero: sólo configura la página y enruta con st.navigation.

Para añadir una página: crea `tablero/paginas/NOMBRE.py` y agrega una `Pagina` a `PAGINAS`
en la sección que corresponda (el orden de la lista es el del menú).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

CARPETA = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Pagina:
    """Una página del menú: sección, archivo (relativo a tablero/), título, icono y ruta."""

    seccion: str
    archivo: str
    titulo: str
    icono: str
    ruta: str
    inicial: bool = False


PAGINAS: list[Pagina] = [
    # La página inicial vive en la raíz del tablero (sin ruta propia).
    Pagina("Seguimiento", "paginas/resumen.py", "Resumen", ":material/dashboard:", "", True),
    Pagina("Seguimiento", "paginas/boletines.py", "Boletines", ":material/campaign:", "boletines"),
    Pagina("Seguimiento", "paginas/medios.py", "Medios", ":material/newspaper:", "medios"),
    Pagina("Seguimiento", "paginas/notas.py", "Notas", ":material/search:", "notas"),
]


def secciones(paginas: list[Pagina]) -> dict[str, list[st.Page]]:
    """Agrupa las páginas por sección, en el orden de la lista."""
    grupos: dict[str, list[st.Page]] = {}
    for p in paginas:
        pagina = st.Page(
            str(CARPETA / p.archivo),
            title=p.titulo,
            icon=p.icono,
            url_path=p.ruta or None,
            default=p.inicial,
        )
        grupos.setdefault(p.seccion, []).append(pagina)
    return grupos


def main() -> None:
    """Configura el tablero y ejecuta la página elegida."""
    st.set_page_config(
        page_title="Monitoreo · Comunicación Social de Tampacán",
        page_icon=":material/radar:",
        layout="wide",
    )
    st.navigation(secciones(PAGINAS)).run()


# Streamlit (y AppTest) ejecutan este archivo como __main__; importarlo no pinta nada.
if __name__ == "__main__":
    main()
