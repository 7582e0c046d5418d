"""Benchmark del tablero a escala estatal: primer render sin caché y cambio de filtro por página.

Correr (la escala en notas; la base se genera una vez y se reutiliza en /tmp):
    MONITOREO_ESCALA_NOTAS=100000 .venv/bin/python -m pytest tests/benchmarks/bench_tablero.py \
        -m benchmark -p no:xdist -q -s
Mide con AppTest (el servidor de Streamlit sin navegador): ejecución de la página, consultas,
métricas y armado de tablas y gráficas; no incluye el pintado en el navegador.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from datos import config
from datos.modelos import Rol
from tablero import app, componentes
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests.benchmarks.escala import base_en_cache, conteos
from tests.fabricas import en_base

pytestmark = pytest.mark.benchmark

APP = str(Path(__file__).resolve().parents[2] / "tablero" / "app.py")
ESCALA = int(os.environ.get("MONITOREO_ESCALA_NOTAS", "100000"))
# Metas de la tarea (máquina de 2 núcleos compartida): primer render ≤ 2 s, cambio de filtro ≤ 1 s.
META_PRIMER_RENDER_S = 2.0
META_FILTRO_S = 1.0
ESPERA_S = 300
# Días hacia atrás del filtro que se cambia: fuera del periodo por omisión (30) y de su caché.
DIAS_FILTRO = 59
PRIMER_RENDER = "primer render sin caché"
# Para iterar: MONITOREO_BENCH_PAGINAS="Resumen,Notas" mide sólo esas páginas.
SOLO = {t.strip() for t in os.environ.get("MONITOREO_BENCH_PAGINAS", "").split(",") if t.strip()}


# Segundos de reloj y de CPU.
Tiempo = tuple[float, float]


@dataclass(frozen=True)
class Medida:
    """Un tiempo medido de una página."""

    pagina: str
    accion: str
    segundos: float
    cpu: float
    meta: float | None
    error: str = ""


@pytest.fixture(scope="module")
def base() -> Iterator[Path]:
    """Base sintética de la escala, con MONITOREO_BD apuntando a ella."""
    ruta = base_en_cache(ESCALA)
    anterior = os.environ.get("MONITOREO_BD")
    os.environ["MONITOREO_BD"] = f"sqlite:///{ruta}"
    config.recargar()
    yield ruta
    if anterior is None:
        os.environ.pop("MONITOREO_BD", None)
    else:
        os.environ["MONITOREO_BD"] = anterior
    config.recargar()


def _cronometrar(accion: Callable[[], object]) -> Tiempo:
    """Segundos de reloj y de CPU del proceso (todos sus hilos) que tarda la acción.

    La máquina es compartida: el reloj sube cuando otros ocupan los núcleos; la CPU no tanto.
    """
    reloj, cpu = time.perf_counter(), time.process_time()
    accion()
    return time.perf_counter() - reloj, time.process_time() - cpu


# Copia tomada al importar: el guion parcial recorta app.PAGINAS en este mismo proceso.
TODAS = tuple(app.PAGINAS)


def existentes() -> list[app.Pagina]:
    """Páginas de PAGINAS cuyo archivo ya existe (otras pueden estar en construcción)."""
    return [p for p in TODAS if (app.CARPETA / p.archivo).exists()]


# Si falta el archivo de alguna página, el tablero entero falla: se mide sólo con las que hay.
GUION_PARCIAL = """
from tablero import app
app.PAGINAS[:] = [p for p in app.PAGINAS if (app.CARPETA / p.archivo).exists()]
app.main()
"""


def _nueva() -> AppTest:
    """Tablero con la directora ya dentro, en la página inicial."""
    if len(existentes()) == len(TODAS):
        at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    else:
        at = AppTest.from_string(GUION_PARCIAL, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, "directora", Rol.DIRECTORA))
    return at.run()


def _error(at: AppTest) -> str:
    """Mensaje de la primera excepción que mostró la página ('' si ninguna)."""
    return str(at.exception[0].value) if at.exception else ""


def _primer_render(pagina: app.Pagina) -> tuple[AppTest, Tiempo]:
    """Abre la página con la caché de datos vacía."""
    at = _nueva()
    st.cache_data.clear()
    if pagina.inicial:
        return at, _cronometrar(at.run)
    return at, _cronometrar(lambda: at.switch_page(str(app.CARPETA / pagina.archivo)).run())


def _cambiar_periodo(at: AppTest) -> tuple[str, Tiempo]:
    """Mueve la fecha inicial del primer selector de fecha; sin selector, sólo recarga."""
    if not at.date_input:
        return "recarga (no tiene periodo)", _cronometrar(at.run)
    desde = componentes.hoy() - dt.timedelta(days=DIAS_FILTRO)
    return "cambio de periodo", _cronometrar(lambda: at.date_input[0].set_value(desde).run())


def _acciones_extra(at: AppTest, pagina: app.Pagina) -> list[tuple[str, Tiempo]]:
    """Filtros propios de cada página (además del periodo)."""
    if pagina.archivo.endswith("notas.py"):
        return [
            (
                "tono negativo",
                _cronometrar(lambda: at.multiselect(key="notas_tonos").select("negativo").run()),
            ),
            (
                "buscar «bacheo»",
                _cronometrar(lambda: at.text_input(key="notas_texto").input("bacheo").run()),
            ),
            ("tema", _cronometrar(lambda: at.selectbox(key="notas_tema").select_index(3).run())),
            (
                "página 3",
                _cronometrar(lambda: at.number_input(key="notas_pagina").set_value(3).run()),
            ),
        ]
    if pagina.archivo.endswith("boletines.py"):
        caja = at.selectbox(key="boletines_elegido")
        return [("otro boletín", _cronometrar(lambda: caja.select_index(1).run()))]
    if pagina.archivo.endswith("medios.py"):
        caja = at.selectbox(key="medios_elegido")
        return [("otro medio", _cronometrar(lambda: caja.select_index(1).run()))]
    return []


def _anotar(medidas: list[Medida], pagina: str, accion: str, tiempo: Tiempo, at: AppTest) -> bool:
    """Agrega e imprime una medida; False si la página falló (ya no se sigue midiendo)."""
    meta = None if "caché" in accion and "sin" not in accion else META_FILTRO_S
    meta = META_PRIMER_RENDER_S if accion == PRIMER_RENDER else meta
    medida = Medida(pagina, accion, tiempo[0], tiempo[1], meta, _error(at))
    medidas.append(medida)
    print(f"{pagina} · {accion}: {tiempo[0]:.2f} s ({tiempo[1]:.2f} s CPU) {medida.error}")
    return not medida.error


def _medir(pagina: app.Pagina) -> list[Medida]:
    """Primer render, cambio de periodo y filtros propios de una página."""
    medidas: list[Medida] = []
    at, primero = _primer_render(pagina)
    if not _anotar(medidas, pagina.titulo, PRIMER_RENDER, primero, at):
        return medidas
    titulos = [t.value for t in at.title][:1]
    assert titulos and pagina.titulo in titulos[0], "no se abrió la página"
    if not _anotar(medidas, pagina.titulo, *_cambiar_periodo(at), at):
        return medidas
    for accion, tiempo in _acciones_extra(at, pagina):
        if not _anotar(medidas, pagina.titulo, accion, tiempo, at):
            return medidas
    _anotar(medidas, pagina.titulo, "volver (con caché)", _cronometrar(at.run), at)
    return medidas


def _tabla(medidas: list[Medida], base: Path) -> str:
    """Tabla en Markdown para pegar en el README."""
    filas = conteos(base)
    lineas = [
        f"\nEscala: {filas['nota']:,} notas, {filas['boletin']:,} boletines, "
        f"{filas['medio']:,} medios, {filas['envio']:,} envíos, {filas['retoma']:,} retomas · "
        f"{os.cpu_count()} núcleos, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()} · carga media de la máquina al terminar "
        f"{os.getloadavg()[0]:.1f}",
        "",
        "| página | acción | segundos | s CPU | meta |",
        "|---|---|---:|---:|---|",
    ]
    lineas += [
        f"| {m.pagina} | {m.accion} | {m.segundos:.2f} | {m.cpu:.2f} | {_veredicto(m)} |"
        for m in medidas
    ]
    return "\n".join(lineas)


def _veredicto(m: Medida) -> str:
    """Cumple o no la meta, o el error que mostró la página."""
    if m.error:
        return f"error: {m.error}"
    if m.meta is None:
        return "—"
    return ("sí" if m.segundos <= m.meta else "NO") + f" (≤ {m.meta:g} s)"


def test_tiempos_por_pagina(base: Path) -> None:
    _nueva()  # calienta importaciones (Altair, pandas) fuera de la medida
    paginas = [p for p in existentes() if not SOLO or p.titulo in SOLO]
    medidas = [m for pagina in paginas for m in _medir(pagina)]
    print(_tabla(medidas, base))
    faltan = [p.archivo for p in TODAS if p not in existentes()]
    if faltan:
        print(f"Sin medir (el archivo aún no existe): {', '.join(faltan)}")
    assert len({m.pagina for m in medidas}) == len(paginas)
