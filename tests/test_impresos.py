"""Captura de impresos: PDF con capa de texto, OCR de imagen y de PDF escaneado, idempotencia."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import Ambito, Medio, Nota, TipoCaptura, TipoMedio, TipoTestigo
from datos.testigos import leer_testigo
from rastreadores.cabezas import titulo_de
from rastreadores.importadores import ocr
from rastreadores.importadores.impresos import capturar_impreso

FUENTE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FRASE = ["El Ayuntamiento de Tampacán inauguró", "la red de agua potable", "en Chiconamel"]
CLAVES = ["Ayuntamiento", "Tampacán", "agua potable", "Chiconamel"]
FECHA = dt.date(2026, 11, 25)

requiere_ocr = pytest.mark.skipif(
    not ocr.disponible(), reason="falta tesseract o su idioma español (tesseract-ocr-spa)"
)
requiere_fuente = pytest.mark.skipif(not FUENTE.exists(), reason=f"falta la fuente {FUENTE}")


@pytest.fixture
def heraldo(sesion: Session) -> Medio:
    """Un diario impreso."""
    medio = Medio(nombre="El Heraldo Huasteco", tipo=TipoMedio.IMPRESO, ambito=Ambito.REGIONAL)
    sesion.add(medio)
    sesion.flush()
    return medio


def _pdf_con_texto(paginas: list[list[str]]) -> bytes:
    """PDF con capa de texto, una página por lista de renglones."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FUENTE))
    pdf.set_font("DejaVu", size=12)
    for renglones in paginas:
        pdf.add_page()
        for renglon in renglones:
            pdf.cell(0, 8, renglon, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _imagen_girada(grados: float) -> Image.Image:
    """La frase conocida en letra grande, girada unos grados como una foto chueca."""
    fuente = ImageFont.truetype(str(FUENTE), 48)
    imagen = Image.new("L", (1400, 400), 255)
    dibujo = ImageDraw.Draw(imagen)
    for i, renglon in enumerate(FRASE):
        dibujo.text((60, 60 + 90 * i), renglon, font=fuente, fill=0)
    return imagen.rotate(grados, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)


def _notas(sesion: Session) -> list[Nota]:
    return list(sesion.scalars(select(Nota).order_by(Nota.pagina)))


@requiere_fuente
def test_pdf_con_texto_una_nota_por_pagina(sesion: Session, heraldo: Medio, tmp_path: Path) -> None:
    archivo = tmp_path / "heraldo.pdf"
    archivo.write_bytes(
        _pdf_con_texto(
            [
                ["3", "Inauguran red de agua potable en Chiconamel", "La presidenta municipal..."],
                ["2", "Gana Tampacán el torneo regional de béisbol infantil"],
            ]
        )
    )
    ids = capturar_impreso(sesion, archivo, medio="El Heraldo Huasteco", fecha=FECHA)
    notas = _notas(sesion)
    assert sorted(ids) == sorted(n.id for n in notas)
    assert [n.pagina for n in notas] == [1, 2]
    assert notas[0].titulo == "Inauguran red de agua potable en Chiconamel"
    assert notas[1].titulo == "Gana Tampacán el torneo regional de béisbol infantil"
    assert notas[0].url_canonica == f"urn:monitoreo:impreso:{heraldo.id}:2026-11-25:1"
    assert all(n.tipo_captura is TipoCaptura.PDF for n in notas)
    assert notas[0].fecha_publicacion is not None
    assert notas[0].fecha_publicacion.astimezone(dt.UTC) == dt.datetime(
        2026, 11, 25, 6, tzinfo=dt.UTC
    )
    for nota in notas:
        (testigo,) = nota.testigos
        assert testigo.tipo is TipoTestigo.PDF
        contenido = leer_testigo(testigo.ruta)
        documento = pdfium.PdfDocument(contenido)
        assert len(documento) == 1  # la página sola, no el PDF completo
        documento.close()


@requiere_fuente
def test_reimportar_no_duplica_y_un_cambio_crea_version(
    sesion: Session, heraldo: Medio, tmp_path: Path
) -> None:
    archivo = tmp_path / "heraldo.pdf"
    archivo.write_bytes(
        _pdf_con_texto(
            [
                ["Obras en Tampacán avanzan según lo programado"],
                ["Clima en la Huasteca potosina hoy"],
            ]
        )
    )
    assert len(capturar_impreso(sesion, archivo, medio="El Heraldo Huasteco", fecha=FECHA)) == 2
    assert capturar_impreso(sesion, archivo, medio="El Heraldo Huasteco", fecha=FECHA) == []
    assert sesion.scalar(select(func.count(Nota.id))) == 2
    archivo.write_bytes(
        _pdf_con_texto(
            [
                ["Obras en Tampacán avanzan según lo programado"],
                ["Clima en la Huasteca potosina: lluvias"],
            ]
        )
    )
    ids = capturar_impreso(sesion, archivo, medio="El Heraldo Huasteco", fecha=FECHA)
    notas = _notas(sesion)
    assert ids == [notas[1].id]
    assert [n.version for n in notas] == [1, 2]
    assert len(notas[1].testigos) == 2
    assert sesion.scalar(select(func.count(Nota.id))) == 2


@requiere_fuente
def test_pagina_indicada_numera_desde_ahi(sesion: Session, heraldo: Medio, tmp_path: Path) -> None:
    archivo = tmp_path / "suelta.pdf"
    archivo.write_bytes(
        _pdf_con_texto(
            [["Página suelta del diario regional"], ["La siguiente página del mismo diario"]]
        )
    )
    avance: list[tuple[int, int]] = []
    capturar_impreso(
        sesion,
        archivo,
        medio="El Heraldo Huasteco",
        fecha=FECHA,
        pagina=7,
        al_avanzar=lambda hechas, total: avance.append((hechas, total)),
    )
    assert [n.pagina for n in _notas(sesion)] == [7, 8]
    assert avance == [(1, 2), (2, 2)]


def test_medio_inexistente(sesion: Session, tmp_path: Path) -> None:
    archivo = tmp_path / "x.pdf"
    archivo.write_bytes(b"%PDF-1.4")
    with pytest.raises(ValueError, match="no existe el medio"):
        capturar_impreso(sesion, archivo, medio="Diario Fantasma", fecha=FECHA)


def test_pagina_invalida(sesion: Session, heraldo: Medio, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="página debe ser 1 o mayor"):
        capturar_impreso(sesion, tmp_path / "x.pdf", medio=heraldo.nombre, fecha=FECHA, pagina=0)


def test_titulo_salta_folios_y_basura() -> None:
    assert titulo_de("3\n| —\nMARTES 25\nInauguran pozo en Tampacán\nTexto", 3) == (
        "Inauguran pozo en Tampacán"
    )
    assert titulo_de("12\n--", 4) == "Página 4"


@requiere_ocr
@requiere_fuente
def test_estimar_sesgo_por_proyeccion() -> None:
    assert ocr.estimar_sesgo(_imagen_girada(4)) == pytest.approx(-4, abs=0.5)
    assert ocr.estimar_sesgo(_imagen_girada(-3)) == pytest.approx(3, abs=0.5)


@requiere_ocr
@requiere_fuente
def test_ocr_de_png_girado(sesion: Session, heraldo: Medio, tmp_path: Path) -> None:
    archivo = tmp_path / "foto.png"
    _imagen_girada(4).save(archivo)
    (nota_id,) = capturar_impreso(sesion, archivo, medio=heraldo.nombre, fecha=FECHA, pagina=5)
    nota = sesion.get_one(Nota, nota_id)
    for clave in CLAVES:
        assert clave.lower() in nota.texto.lower(), nota.texto
    assert nota.tipo_captura is TipoCaptura.OCR
    assert nota.pagina == 5
    assert nota.titulo.startswith("El Ayuntamiento de Tampac")
    (testigo,) = nota.testigos
    assert testigo.tipo is TipoTestigo.IMAGEN
    assert leer_testigo(testigo.ruta) == archivo.read_bytes()


@requiere_ocr
@requiere_fuente
def test_ocr_de_pdf_sin_capa_de_texto(sesion: Session, heraldo: Medio, tmp_path: Path) -> None:
    archivo = tmp_path / "escaneo.pdf"
    _imagen_girada(-3).convert("RGB").save(archivo, format="PDF", resolution=150)
    salida = io.BytesIO(archivo.read_bytes())
    assert salida.getvalue().startswith(b"%PDF")
    (nota_id,) = capturar_impreso(sesion, archivo, medio=heraldo.nombre, fecha=FECHA)
    nota = sesion.get_one(Nota, nota_id)
    for clave in CLAVES:
        assert clave.lower() in nota.texto.lower(), nota.texto
    assert nota.tipo_captura is TipoCaptura.OCR
    assert nota.testigos[0].tipo is TipoTestigo.PDF


@requiere_ocr
def test_imagen_sin_texto(sesion: Session, heraldo: Medio, tmp_path: Path) -> None:
    archivo = tmp_path / "blanco.png"
    Image.new("L", (600, 400), 255).save(archivo)
    with pytest.raises(ValueError, match="no se encontró texto"):
        capturar_impreso(sesion, archivo, medio=heraldo.nombre, fecha=FECHA)


@requiere_ocr
def test_png_transparente_se_aplana_sobre_blanco() -> None:
    imagen = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    ImageDraw.Draw(imagen).rectangle((50, 90, 350, 110), fill=(0, 0, 0, 255))
    preparada = ocr.preparar(imagen)
    assert preparada.mode == "L"
    assert preparada.getpixel((5, 5)) == 255
