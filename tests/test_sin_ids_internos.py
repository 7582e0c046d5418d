"""Nada de lo que lee una persona lleva identificadores internos: ni claves de catálogo o de tema
(`servicios_publicos`), ni `urn:monitoreo:…`, ni huellas sha256, ni rutas de testigos.

Se siembra una base con esos identificadores a propósito y se revisa todo lo que se entrega:
páginas del tablero (AppTest), exportaciones CSV y Excel, síntesis (PDF, HTML, Excel), reporte
mensual, reporte por boletín y el Excel de transparencia.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import Rol, TipoCaptura, TipoMedio, Tono
from datos.repositorio.bitacora import registrar
from reportes.boletin import generar_reporte_boletin
from reportes.mensual import generar_mensual
from reportes.sintesis import generar_sintesis
from reportes.transparencia import exportar_transparencia
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests import fabricas
from tests.fabricas import en_base

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
AHORA = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
DIA = dt.date(2026, 11, 19)
PAGINAS = [
    "paginas/resumen.py",
    "paginas/boletines.py",
    "paginas/medios.py",
    "paginas/notas.py",
    "paginas/convenios.py",
    "paginas/bitacora.py",
    "paginas/banco.py",
    "paginas/revision.py",
]
# Lo que delata un identificador interno en un texto para personas.
PROHIBIDOS = {
    "clave con guion bajo": re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"),
    "URN": re.compile(r"urn:", re.IGNORECASE),
    "huella hexadecimal": re.compile(r"\b[0-9a-f]{16,}\b"),
    "ruta de testigo": re.compile(r"\.html\.gz\b"),
}

pytestmark = [pytest.mark.usefixtures("cache_limpio"), pytest.mark.lento]


@pytest.fixture
def base(sesion: Session) -> fabricas.Semilla:
    """La semilla, más temas con clave compuesta, radio sin URL y un cambio de tono en bitácora."""
    s = fabricas.sembrar(sesion, AHORA)
    radio = sesion.get(fabricas.Medio, s.medios["radio"])
    assert radio is not None
    nota = fabricas.nota(
        sesion,
        radio,
        "radio-1",
        dt.datetime(2026, 11, 19, 14, tzinfo=dt.UTC),
        tono=Tono.NEGATIVO,
        temas=["servicios_publicos", "proteccion_civil"],
        titulo="Fallas en el alumbrado público",
        url_canonica="urn:monitoreo:radio:radio-tampacan:2026-11-19T08:00",
        tipo_captura=TipoCaptura.RADIO,
        programa="Noticiero matutino",
    )
    sol = sesion.get(fabricas.Medio, s.medios["sol"])
    assert sol is not None and sol.tipo == TipoMedio.DIGITAL
    boletin = fabricas.boletin(
        sesion, 9, AHORA - dt.timedelta(days=1), "Poda", "servicios_publicos"
    )
    sesion.flush()
    registrar(
        sesion, "beto", "modificar", "nota", nota.id, {"tono_confirmado": ["neutral", "negativo"]}
    )
    registrar(sesion, "beto", "modificar", "nota", nota.id, {"temas": [[], ["medio_ambiente"]]})
    sesion.commit()
    s.boletines["poda"] = boletin.id
    return s


def _revisar(origen: str, texto: str) -> None:
    """Falla con el fragmento si aparece algo prohibido (las URL públicas se leen tal cual)."""
    texto = re.sub(r"https?://\S+", " ", texto)
    for nombre, patron in PROHIBIDOS.items():
        hallado = patron.search(texto)
        assert hallado is None, (
            f"{origen}: {nombre} «{texto[max(0, hallado.start() - 40) : hallado.end() + 40]}»"
        )


def _texto_app(at: AppTest) -> str:
    """Lo visible de una página: tablas, KPIs, textos, avisos y opciones de los selectores."""
    partes = [t.value.to_string() for t in at.dataframe]
    partes += [f"{m.label} {m.value} {m.help or ''}" for m in at.metric]
    for tipo in (
        "caption",
        "markdown",
        "info",
        "success",
        "warning",
        "error",
        "title",
        "subheader",
    ):
        partes += [str(e.value) for e in at.get(tipo)]
    for caja in at.selectbox:
        partes += [str(o) for o in caja.options]
    return "\n".join(partes)


def _pdf(ruta: Path) -> str:
    """Texto de un PDF."""
    with pdfplumber.open(ruta) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _xlsx(contenido: bytes | Path) -> str:
    """Todas las celdas de todas las hojas."""
    fuente = io.BytesIO(contenido) if isinstance(contenido, bytes) else contenido
    libro = openpyxl.load_workbook(fuente)
    return "\n".join(
        " ".join(str(c) for c in fila if c is not None)
        for hoja in libro.worksheets
        for fila in hoja.iter_rows(values_only=True)
    )


def _html_visible(texto: str) -> str:
    """El texto que se ve de un HTML (sin etiquetas ni atributos)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", texto))


def test_las_paginas_del_tablero_no_muestran_ids(base: fabricas.Semilla, url_bd: str) -> None:
    for ruta in PAGINAS:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, "directora", Rol.DIRECTORA))
        at.run()
        if ruta != PAGINAS[0]:
            at.switch_page(ruta).run()
        assert not at.exception, [e.value for e in at.exception]
        _revisar(ruta, _texto_app(at))


def test_exportaciones_y_reportes_no_llevan_ids(
    base: fabricas.Semilla, sesion: Session, tmp_path: Path, url_bd: str
) -> None:
    from tablero import acceso
    from tablero.componentes.exportar import a_csv, a_excel
    from tablero.vistas import notas as vista_notas

    marco = vista_notas.exportable(acceso.notas_para_exportar(acceso.filtro_de_notas(None, None)))
    csv = a_csv(marco).decode("utf-8")
    assert "Radio: Noticiero matutino" in csv and "Servicios públicos" in csv
    _revisar("notas.csv", csv)
    _revisar("notas.xlsx", _xlsx(a_excel(marco)))
    for formato in ("pdf", "html", "xlsx"):
        ruta = generar_sintesis(sesion, DIA, formato, tmp_path / f"s.{formato}")
        texto = {"pdf": _pdf, "xlsx": _xlsx}.get(formato, lambda r: _html_visible(r.read_text()))(
            ruta
        )
        _revisar(f"síntesis {formato}", texto)
    _revisar("mensual", _pdf(generar_mensual(sesion, 2026, 11, tmp_path / "m.pdf")))
    for clave in ("b1", "poda"):
        ruta = generar_reporte_boletin(sesion, base.boletines[clave], tmp_path / f"{clave}.pdf")
        _revisar(f"reporte {clave}", _pdf(ruta))
    salida = tmp_path / "t.xlsx"
    exportar_transparencia(sesion, salida, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    _revisar("transparencia", _xlsx(salida))
