"""Punto de entrada del tablero: sólo configura la página y enruta con st.navigation.

Para añadir una página: crea `tablero/paginas/NOMBRE.py` y agrega una `Pagina` a `PAGINAS`
en la sección que corresponda (el orden de la lista es el del menú).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from datos.config import cargar, proteger
from tablero.autenticacion import UsuarioActivo, cerrar_sesion, exigir_sesion
from tablero.componentes.idioma import adaptar
from tablero.markdown import literal

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
    # Permiso de `UsuarioActivo.puede` que hace falta para ver la página (None: todos).
    permiso: str | None = None


PAGINAS: list[Pagina] = [
    # La página inicial vive en la raíz del tablero (sin ruta propia).
    Pagina("Seguimiento", "paginas/resumen.py", "Resumen", ":material/dashboard:", "", True),
    Pagina("Seguimiento", "paginas/boletines.py", "Boletines", ":material/campaign:", "boletines"),
    Pagina("Seguimiento", "paginas/medios.py", "Medios", ":material/newspaper:", "medios"),
    Pagina("Seguimiento", "paginas/notas.py", "Notas", ":material/search:", "notas"),
    Pagina("Seguimiento", "paginas/testigo.py", "Testigo", ":material/verified:", "testigo"),
    Pagina(
        "Trabajo diario", "paginas/revision.py", "Revisión", ":material/fact_check:", "revision"
    ),
    Pagina(
        "Trabajo diario", "paginas/reportes.py", "Reportes", ":material/description:", "reportes"
    ),
    Pagina("Oficina", "paginas/agenda.py", "Agenda", ":material/event:", "agenda"),
    Pagina(
        "Oficina", "paginas/redaccion.py", "Redacción y envío", ":material/edit_note:", "redaccion"
    ),
    Pagina("Oficina", "paginas/banco.py", "Banco de medios", ":material/photo_library:", "banco"),
    Pagina("Oficina", "paginas/buzon.py", "Buzón", ":material/inbox:", "buzon"),
    Pagina(
        "Oficina", "paginas/ciudadania.py", "Ciudadanía", ":material/diversity_3:", "ciudadania"
    ),
    Pagina(
        "Oficina", "paginas/convenios.py", "Medios y convenios", ":material/handshake:", "convenios"
    ),
    Pagina("Oficina", "paginas/campanas.py", "Campañas", ":material/radio:", "campanas"),
    Pagina("Oficina", "paginas/facebook.py", "Facebook", ":material/thumb_up:", "facebook"),
    Pagina(
        "Oficina",
        "paginas/portal.py",
        "Portal de transparencia",
        ":material/policy:",
        "portal",
    ),
    Pagina(
        "Administración",
        "paginas/bitacora.py",
        "Bitácora",
        ":material/history:",
        "bitacora",
        permiso="bitacora",
    ),
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


def visibles(paginas: list[Pagina], usuario: UsuarioActivo) -> list[Pagina]:
    """Las páginas que el rol del usuario puede ver (las demás ni aparecen en el menú)."""
    return [p for p in paginas if p.permiso is None or usuario.puede(p.permiso)]


def barra_de_usuario(usuario: UsuarioActivo) -> None:
    """Quién inició sesión y el botón para salir, en la barra lateral."""
    with st.sidebar:
        st.caption(f"Sesión: **{literal(usuario.nombre)}** ({usuario.rol.value})")
        if st.button("Cerrar sesión", icon=":material/logout:"):
            cerrar_sesion()
            st.rerun()


def main() -> None:
    """Configura el tablero, exige inicio de sesión y ejecuta la página elegida."""
    # Sin «Download as CSV» ni copiar celdas en las tablas: exportaban fórmulas (=HYPERLINK…)
    # crudas a cualquier rol. Las descargas van sólo por los botones neutralizados de la app.
    # La opción es del proceso: vale aunque se lance `streamlit run` sin la bandera.
    st.set_option("client.disableDataExport", True)
    # Si se lanzó `streamlit run` a mano (sin la CLI), lo que escriba el tablero sigue privado.
    with contextlib.suppress(OSError):  # carpeta ajena o de sólo lectura: el tablero igual abre
        proteger(cargar().directorio)
    st.set_page_config(
        page_title=f"Monitoreo · Comunicación Social · {cargar().institucion.nombre}",
        page_icon=":material/radar:",
        layout="wide",
    )
    adaptar()
    if (logo := cargar().institucion.logo) is not None:
        st.logo(str(logo))
    usuario = exigir_sesion()
    barra_de_usuario(usuario)
    grupos = secciones(visibles(PAGINAS, usuario))
    # Con Buzón y Ciudadanía el menú pasa de 10 páginas: se muestra entero (sin «ver más»).
    elegida = st.navigation(grupos, expanded=True)
    pedido = {k: v for k in ("nota", "entrega") if (v := st.query_params.get(k))}
    if pedido and elegida.url_path == "":
        # El inicio de sesión regresa a la raíz: un enlace «Ver testigo» (p. ej. de la síntesis)
        # conserva ?nota=… (o ?entrega=… de un banner) y se lleva a su página.
        testigo = next(p for ps in grupos.values() for p in ps if p.url_path == "testigo")
        st.switch_page(testigo, query_params=pedido)
    elegida.run()


# Streamlit (y AppTest) ejecutan este archivo como __main__; importarlo no pinta nada.
if __name__ == "__main__":
    main()
