"""Páginas impresas a tres columnas: orden de lectura y una nota por nota, en PDF y en foto."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Ambito, Medio, Nota, TipoCaptura, TipoMedio
from demo.impreso import edicion
from demo.mundo import construir
from demo.tipos import NotaDemo
from rastreadores.arana.spiders.pdf import notas_pdf, url_de_la_pagina
from rastreadores.importadores import ocr
from rastreadores.importadores.impresos import capturar_impreso
from rastreadores.maquetacion import Renglon, separar_notas

HERALDO = "El Heraldo Huasteco"
HOY = dt.date(2026, 12, 3)
_PALABRA = re.compile(r"\w+")

requiere_ocr = pytest.mark.skipif(
    not ocr.disponible(), reason="falta tesseract o su idioma español (tesseract-ocr-spa)"
)


@pytest.fixture(scope="module")
def edicion_demo() -> tuple[bytes, list[NotaDemo]]:
    """PDF a tres columnas de la última edición del diario de la demo y sus notas."""
    mundo = construir(HOY)
    impresas = mundo.notas_de("heraldo-huasteco", "impreso")
    dia = max(n.fecha.date() for n in impresas)
    notas = sorted((n for n in impresas if n.fecha.date() == dia), key=lambda n: n.pagina or 1)
    return edicion(mundo.medio("heraldo-huasteco"), notas, dia), notas


@pytest.fixture
def heraldo(sesion: Session) -> Medio:
    """El diario impreso de la demo."""
    medio = Medio(nombre=HERALDO, tipo=TipoMedio.IMPRESO, ambito=Ambito.REGIONAL)
    sesion.add(medio)
    sesion.flush()
    return medio


def _plano(texto: str) -> str:
    """Texto con espacios normalizados."""
    return " ".join(texto.split())


def _de_pagina(notas: list[NotaDemo], pagina: int) -> list[NotaDemo]:
    """Notas de una página, en el orden en que se compusieron."""
    return [n for n in notas if n.pagina == pagina]


def test_edicion_a_columnas_se_lee_nota_por_nota(
    edicion_demo: tuple[bytes, list[NotaDemo]],
) -> None:
    """Cada página da sus notas en orden, con su cabeza y todos sus párrafos completos."""
    pdf, notas = edicion_demo
    paginas = notas_pdf(pdf, HERALDO)
    # Portada a columnas, interiores y la página de opinión de la edición de la demo.
    compuestas_por_pagina = {n.pagina for n in notas}
    assert len(compuestas_por_pagina) >= 3
    assert len(paginas) == len(compuestas_por_pagina)
    for numero, leidas in enumerate(paginas, start=1):
        compuestas = _de_pagina(notas, numero)
        assert [n.titulo for n in leidas] == [n.titulo for n in compuestas]
        for leida, compuesta in zip(leidas, compuestas, strict=True):
            for parrafo in compuesta.parrafos:
                assert _plano(parrafo) in _plano(leida.texto)


def test_la_prueba_si_es_a_columnas(edicion_demo: tuple[bytes, list[NotaDemo]]) -> None:
    """Leída renglón por renglón de lado a lado (extract_text), la página mezcla columnas."""
    pdf, notas = edicion_demo
    with pdfplumber.open(io.BytesIO(pdf)) as documento:
        corrido = _plano(documento.pages[0].extract_text() or "")
    parrafos = [p for n in _de_pagina(notas, 1) for p in n.parrafos]
    assert not all(_plano(p) in corrido for p in parrafos)


def test_capturar_edicion_una_nota_por_nota(
    sesion: Session, heraldo: Medio, tmp_path: Path, edicion_demo: tuple[bytes, list[NotaDemo]]
) -> None:
    """capturar-impreso guarda una nota por nota impresa, con URN estable; reimportar no duplica."""
    pdf, notas = edicion_demo
    archivo = tmp_path / "heraldo.pdf"
    archivo.write_bytes(pdf)
    ids = capturar_impreso(sesion, archivo, medio=HERALDO, fecha=HOY)
    guardadas = list(sesion.scalars(select(Nota).order_by(Nota.url_canonica)))
    assert len(ids) == len(guardadas) == len(notas)
    assert {n.titulo for n in guardadas} == {n.titulo for n in notas}
    paginas = {str(n.pagina) for n in notas}
    assert {n.url_canonica.rsplit(":", 2)[-2] for n in guardadas} == paginas
    assert all(n.tipo_captura is TipoCaptura.PDF for n in guardadas)
    assert capturar_impreso(sesion, archivo, medio=HERALDO, fecha=HOY) == []


def _foto(pdf: bytes, indice: int, grados: float) -> bytes:
    """Foto de celular de una página: 200 ppp, papel gris, ruido, desenfoque, chueca y en JPEG."""
    documento = pdfium.PdfDocument(pdf)
    try:
        pagina = documento[indice].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    finally:
        documento.close()
    ruido = np.random.default_rng(2026).normal(0, 12, (pagina.height, pagina.width))
    tinta = np.asarray(pagina, dtype=np.float64) * 0.85 + 25 + ruido
    imagen = Image.fromarray(np.clip(tinta, 0, 255).astype(np.uint8))
    imagen = imagen.filter(ImageFilter.GaussianBlur(0.8))
    imagen = imagen.rotate(grados, expand=True, fillcolor=200, resample=Image.Resampling.BICUBIC)
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=70)
    return salida.getvalue()


def _coincidencia(leido: str, verdad: str) -> tuple[float, float]:
    """(precisión, exhaustividad) de las palabras leídas en orden frente a las verdaderas."""
    a, b = _PALABRA.findall(leido.lower()), _PALABRA.findall(verdad.lower())
    bloques = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    comunes = sum(x.size for x in bloques)
    return comunes / len(a), comunes / len(b)


@requiere_ocr
def test_foto_de_pagina_a_tres_columnas(
    sesion: Session, heraldo: Medio, tmp_path: Path, edicion_demo: tuple[bytes, list[NotaDemo]]
) -> None:
    """La foto chueca y con ruido de una página a columnas da sus tres notas, sin mezclarlas."""
    pdf, notas = edicion_demo
    archivo = tmp_path / "pagina2.jpg"
    archivo.write_bytes(_foto(pdf, 1, -3))
    capturar_impreso(sesion, archivo, medio=HERALDO, fecha=HOY, pagina=2)
    guardadas = list(sesion.scalars(select(Nota).order_by(Nota.url_canonica)))
    compuestas = _de_pagina(notas, 2)
    assert [n.titulo for n in guardadas] == [n.titulo for n in compuestas]
    for guardada, compuesta in zip(guardadas, compuestas, strict=True):
        assert guardada.tipo_captura is TipoCaptura.OCR
        precision, exhaustividad = _coincidencia(
            guardada.texto, f"{compuesta.titulo} {compuesta.texto}"
        )
        # El pie de página (folio) cae en la última nota: la precisión deja margen para él.
        assert precision >= 0.8 and exhaustividad >= 0.95, guardada.titulo


def test_pagina_sin_cabezas_es_una_sola_nota() -> None:
    """Sin letra mayor que el cuerpo no hay cómo separar: una nota, con la palabra partida unida."""
    renglones = [
        Renglon("El cabildo aprobó el programa de ba-", 9),
        Renglon("cheo para las calles de la cabecera.", 9),
        Renglon("Los trabajos comienzan el lunes.", 9),
    ]
    (nota,) = separar_notas(renglones, 4, HERALDO)
    assert nota.texto.splitlines()[0].endswith("programa de bacheo para las calles de la cabecera.")
    assert nota.titulo == "El cabildo aprobó el programa de bacheo para las calles de la cabecera."


def test_url_de_la_pagina() -> None:
    """La nota K de una página apunta a la página (así se comparan con la verdad por página)."""
    assert url_de_la_pagina("http://d.mx/e.pdf#pagina=2&nota=3") == "http://d.mx/e.pdf#pagina=2"
    assert url_de_la_pagina("http://d.mx/e.pdf#pagina=2") == "http://d.mx/e.pdf#pagina=2"
