"""Topes del OCR: páginas sin texto por documento y segundos de Tesseract por página."""

from __future__ import annotations

import io
import time

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from datos import config
from rastreadores.importadores import ocr
from rastreadores.importadores.impresos import leer_paginas
from tests.test_impresos import FRASE, FUENTE, requiere_fuente, requiere_ocr


def _pdf_vacio(paginas: int) -> bytes:
    """PDF diminuto de páginas en blanco (sin capa de texto): cada una pediría OCR."""
    pdf = FPDF()
    for _ in range(paginas):
        pdf.add_page()
    return bytes(pdf.output())


def _topes(monkeypatch: pytest.MonkeyPatch, paginas: int, segundos: int) -> None:
    """MONITOREO_OCR_PAGINAS y MONITOREO_OCR_SEGUNDOS_PAGINA."""
    monkeypatch.setenv("MONITOREO_OCR_PAGINAS", str(paginas))
    monkeypatch.setenv("MONITOREO_OCR_SEGUNDOS_PAGINA", str(segundos))
    config.recargar()


def test_pdf_con_demasiadas_paginas_sin_texto(monkeypatch: pytest.MonkeyPatch) -> None:
    _topes(monkeypatch, paginas=3, segundos=120)
    contenido = _pdf_vacio(200)
    assert len(contenido) < 100_000
    inicio = time.monotonic()
    with pytest.raises(ValueError, match=r"200 páginas sin texto .* máximo es 3"):
        leer_paginas(contenido, "pdf", 1)
    assert time.monotonic() - inicio < 5, "se rechaza antes de pasar nada por OCR"
    config.recargar()


@pytest.mark.lento
@requiere_ocr
@requiere_fuente
def test_pagina_que_tarda_demasiado(monkeypatch: pytest.MonkeyPatch) -> None:
    _topes(monkeypatch, paginas=60, segundos=1)
    fuente = ImageFont.truetype(str(FUENTE), 22)
    imagen = Image.new("L", (2480, 3508), 255)  # una hoja carta a 300 ppp llena de texto
    dibujo = ImageDraw.Draw(imagen)
    for renglon in range(110):
        dibujo.text((80, 60 + 31 * renglon), " ".join(FRASE * 2), font=fuente, fill=0)
    salida = io.BytesIO()
    imagen.save(salida, "PNG")
    inicio = time.monotonic()
    with pytest.raises(ocr.OcrAgotado, match="más de 1 s"):
        ocr.palabras_de_imagen(salida.getvalue())
    assert time.monotonic() - inicio < 30  # holgado: máquina compartida
    config.recargar()
