"""Título de una página impresa: se saltan la cabeza del diario, la edición y la sección."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy.orm import Session

from datos.modelos import Ambito, Medio, Nota, TipoCaptura, TipoMedio
from rastreadores.cabezas import titulo_de
from rastreadores.importadores import ocr
from rastreadores.importadores.impresos import capturar_impreso

FUENTE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FECHA = dt.date(2026, 11, 26)
HERALDO = "El Heraldo Huasteco"
CABEZA = "Inauguran red de agua potable en Chiconamel"
CUERPO = (
    "La presidenta municipal de Tampacán, Rosa Elena Martínez, entregó la obra que beneficia a\n"
    "1,200 habitantes de la cabecera y de tres comunidades."
)

requiere_ocr = pytest.mark.skipif(
    not ocr.disponible(), reason="falta tesseract o su idioma español (tesseract-ocr-spa)"
)
requiere_fuente = pytest.mark.skipif(not FUENTE.exists(), reason=f"falta la fuente {FUENTE}")


@pytest.fixture
def heraldo(sesion: Session) -> Medio:
    """Un diario impreso."""
    medio = Medio(nombre=HERALDO, tipo=TipoMedio.IMPRESO, ambito=Ambito.REGIONAL)
    sesion.add(medio)
    sesion.flush()
    return medio


def _pdf(renglones: list[str]) -> bytes:
    """PDF de una página con capa de texto, un renglón por elemento."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FUENTE))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for renglon in renglones:
        pdf.cell(0, 8, renglon, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_salta_la_cabeza_del_diario_y_la_linea_de_edicion() -> None:
    pagina = (
        "EL HERALDO HUASTECO\n"
        "Tampacán, S.L.P., jueves 26 de noviembre de 2026 · Año 12 · Núm. 3,456 · Página 5\n"
        "MUNICIPIOS\n"
        f"{CABEZA}\n{CUERPO}"
    )
    assert titulo_de(pagina, 5, medio=HERALDO) == CABEZA


def test_cabeza_y_edicion_en_una_sola_linea() -> None:
    """Como las páginas impresas del corpus de emparejamiento."""
    pagina = (
        "EL MAÑANERO DE VALLES · REGIÓN · PÁGINA 4 · 2 de marzo de 2026\n\n"
        "UNIVERSIDAD INTERCULTURAL CELEBRA EL DÍA DE LA LENGUA MATERNA CON POESÍA TÉNEK\n\n"
        "Estudiantes de la sede Huasteca de la universidad intercultural del estado realizaron un "
        "recital de poesía en tének y náhuatl."
    )
    assert titulo_de(pagina, 4, medio="El Mañanero de Valles") == (
        "UNIVERSIDAD INTERCULTURAL CELEBRA EL DÍA DE LA LENGUA MATERNA CON POESÍA TÉNEK"
    )


@pytest.mark.parametrize(
    ("cabeza_impresa", "medio"),
    [
        ("EL HERALDO HUASTECO", "Heraldo Huasteco"),  # el catálogo sin artículo
        ("Heraldo Huasteco", HERALDO),  # la cabeza sin artículo
        ("EL  HERALDO   HUASTECO.", HERALDO),  # espacios y punto del OCR
        ("EL MANANERO DE VALLES", "El Mañanero de Valles"),  # OCR sin tilde ni eñe
        ("LA GACETA DEL ALTIPLANO", "La Gaceta del Altiplano"),
    ],
)
def test_nombre_del_medio_sin_acentos_mayusculas_ni_articulo(
    cabeza_impresa: str, medio: str
) -> None:
    assert titulo_de(f"{cabeza_impresa}\n{CABEZA}\n{CUERPO}", 1, medio=medio) == CABEZA


def test_salta_la_linea_de_fecha_y_el_folio() -> None:
    pagina = (
        "Jueves 26 de noviembre de 2026\n"
        "Página 7\n"
        "Gana Tampacán el torneo regional de béisbol infantil\n"
        "El equipo de la cabecera venció 3 a 1 a Chiconamel en la final."
    )
    assert titulo_de(pagina, 7, medio=HERALDO) == (
        "Gana Tampacán el torneo regional de béisbol infantil"
    )


def test_salta_secciones_en_mayusculas() -> None:
    pagina = (
        "REGIÓN\n"
        "LA HUASTECA\n"
        "Entregan 300 láminas a familias de la sierra de Tampacán\n"
        "El programa de vivienda llegó a 14 comunidades."
    )
    assert titulo_de(pagina, 3, medio=HERALDO) == (
        "Entregan 300 láminas a familias de la sierra de Tampacán"
    )


def test_pagina_normal_conserva_su_primera_linea() -> None:
    assert titulo_de(f"{CABEZA}\n{CUERPO}", 2, medio=HERALDO) == CABEZA
    # Una fecha dentro de la cabeza no la vuelve línea de edición (no hay lugar con coma antes).
    cabeza_con_fecha = "Cierran inscripciones a becas el 15 de diciembre de 2026"
    assert titulo_de(f"{cabeza_con_fecha}\n{CUERPO}", 2, medio=HERALDO) == cabeza_con_fecha
    # Que la cabeza mencione al diario tampoco: sólo se salta el nombre solo.
    aniversario = "El Heraldo Huasteco cumple 12 años de informar a la región"
    assert titulo_de(f"{aniversario}\n{CUERPO}", 2, medio=HERALDO) == aniversario


def test_salta_basura_de_ocr_y_renglones_cortos() -> None:
    pagina = "3\n| — ¦\nMARTES 25\nP. 5\nBaja la presa\nInauguran pozo profundo en Tampacán\nTexto"
    assert titulo_de(pagina, 3, medio=HERALDO) == "Inauguran pozo profundo en Tampacán"


def test_sin_cabeza_clara_se_conserva_el_criterio_anterior() -> None:
    # Sólo la cabeza del diario y folios: a falta de algo mejor, la primera línea con letras.
    assert titulo_de("EL HERALDO HUASTECO\nPágina 5\n12", 5, medio=HERALDO) == (
        "EL HERALDO HUASTECO"
    )
    # Un solo párrafo largo (OCR sin saltos de renglón): se recorta como antes.
    parrafo = "Habitantes de Tampacán " * 20
    assert (
        titulo_de(f"EL HERALDO HUASTECO\n{parrafo}", 1, medio=HERALDO)
        == (" ".join(parrafo.split())[:200])
    )
    assert titulo_de("12\n--", 4, medio=HERALDO) == "Página 4"
    # Sin medio (otras llamadas) sigue saltando fecha, folio y sección.
    assert titulo_de(f"Página 5\nREGIÓN\n{CABEZA}", 5) == CABEZA


@requiere_fuente
def test_pdf_del_diario_toma_la_cabeza_de_la_nota(
    sesion: Session, heraldo: Medio, tmp_path: Path
) -> None:
    archivo = tmp_path / "heraldo.pdf"
    archivo.write_bytes(
        _pdf(
            [
                "EL HERALDO HUASTECO",
                "Tampacán, S.L.P., jueves 26 de noviembre de 2026 · Año 12 · Núm. 3,456 · Página 5",
                "MUNICIPIOS",
                CABEZA,
                *CUERPO.splitlines(),
            ]
        )
    )
    (nota_id,) = capturar_impreso(sesion, archivo, medio=HERALDO, fecha=FECHA, pagina=5)
    nota = sesion.get_one(Nota, nota_id)
    assert nota.tipo_captura is TipoCaptura.PDF
    assert nota.titulo == CABEZA


@requiere_ocr
@requiere_fuente
def test_foto_de_pagina_por_ocr_toma_la_cabeza_de_la_nota(
    sesion: Session, heraldo: Medio, tmp_path: Path
) -> None:
    renglones = [
        ("EL HERALDO HUASTECO", 64),
        ("Tampacán, S.L.P., jueves 26 de noviembre de 2026 | Página 5", 30),
        ("MUNICIPIOS", 30),
        ("Inauguran red de agua potable", 48),
        ("La presidenta municipal entregó la obra.", 30),
    ]
    imagen = Image.new("L", (1500, 700), 255)
    dibujo = ImageDraw.Draw(imagen)
    y = 40
    for texto, tamano in renglones:
        dibujo.text((60, y), texto, font=ImageFont.truetype(str(FUENTE), tamano), fill=0)
        y += tamano * 2
    archivo = tmp_path / "foto.png"
    imagen.save(archivo)
    (nota_id,) = capturar_impreso(sesion, archivo, medio=HERALDO, fecha=FECHA, pagina=5)
    nota = sesion.get_one(Nota, nota_id)
    assert nota.tipo_captura is TipoCaptura.OCR
    assert nota.titulo == "Inauguran red de agua potable", nota.texto
