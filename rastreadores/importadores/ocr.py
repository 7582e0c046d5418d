"""OCR en español con Tesseract: único módulo que usa pytesseract (y rasteriza PDFs para él).

Preparación de cada imagen antes de reconocer:
1. Orientación EXIF y escala de grises con autocontraste (fotos de celular con poca luz).
2. Rotación gruesa (90°, 180°, 270°) con `pytesseract.image_to_osd`, sólo si su confianza es alta:
   el OSD falla o adivina con poco texto, y una rotación equivocada arruina todo el reconocimiento.
3. Enderezado fino (deskew) por perfil de proyección: se prueban ángulos de ±MAXIMO_ANGULO y se
   elige el que hace más "picudo" el perfil horizontal de tinta (renglones alineados = varianza
   máxima de las sumas por fila). El OSD no sirve aquí: sólo informa múltiplos de 90°.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import shutil
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import lxml.html
import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image, ImageOps

from datos.config import cargar
from rastreadores.maquetacion import Palabra

log = logging.getLogger(__name__)
T = TypeVar("T")

IDIOMA = "spa"
# 300 ppp es la resolución que recomienda la documentación de Tesseract ("Improving the quality
# of the output"); menos pierde acentos en letra de periódico de 8-9 pt.
PPP_OCR = 300
# Tope de píxeles al rasterizar una página PDF (≈ una hoja sábana a 300 ppp): si la página es
# mayor se baja la resolución en vez de gastar memoria.
MAXIMO_PIXELES_RASTER = 40_000_000
# Fotos de impresos tomadas a mano: en las pruebas y en fotos de la oficina el sesgo rara vez pasa
# de 10°; buscar más lejos confunde columnas con renglones.
MAXIMO_ANGULO = 10.0
PASO_GRUESO = 1.0
PASO_FINO = 0.1
# El perfil de proyección se calcula sobre una copia reducida: 1000 px de ancho bastan para
# distinguir renglones y mantienen el enderezado por debajo de medio segundo.
ANCHO_ESTIMACION = 1000
# Confianza mínima del OSD para girar 90/180/270°: con menos, Tesseract se equivoca a menudo en
# páginas con poco texto (documentado en sus foros); girar mal es peor que no girar.
CONFIANZA_MINIMA_OSD = 2.0
_CAJA = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_TAMANO = re.compile(r"x_size ([\d.]+)")
_ROTACION = re.compile(r"Rotate:\s*(\d+)")
_CONFIANZA = re.compile(r"Orientation confidence:\s*([\d.]+)")


class OcrNoDisponible(RuntimeError):
    """Falta el programa tesseract o su idioma español."""


class OcrAgotado(ValueError):
    """Tesseract pasó del tiempo por página (una página hecha para trabar el OCR)."""


def _segundos() -> int:
    """Tope de Tesseract por llamada (MONITOREO_OCR_SEGUNDOS_PAGINA; 0 = sin tope)."""
    return cargar().ocr_segundos_pagina


def _con_tope(funcion: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Llama a pytesseract con tiempo máximo; al pasarse, pytesseract mata a tesseract."""
    try:
        return funcion(*args, timeout=_segundos(), **kwargs)
    except RuntimeError as exc:
        if "timeout" not in str(exc).lower():
            raise
        raise OcrAgotado(
            f"el OCR de una página tardó más de {_segundos()} s y se detuvo "
            "(MONITOREO_OCR_SEGUNDOS_PAGINA)"
        ) from exc


@functools.cache
def _idiomas() -> frozenset[str]:
    """Idiomas instalados de Tesseract (vacío si no está el programa)."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return frozenset()
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return frozenset()


def disponible() -> bool:
    """¿Está Tesseract con el idioma español?"""
    return IDIOMA in _idiomas()


def _exigir() -> None:
    """Lanza OcrNoDisponible con instrucciones si falta Tesseract o el español."""
    if not _idiomas():
        raise OcrNoDisponible("no está instalado Tesseract (apt install tesseract-ocr)")
    if not disponible():
        raise OcrNoDisponible(
            "Tesseract no tiene el idioma español (apt install tesseract-ocr-spa)"
        )


def _tinta(imagen: Image.Image) -> Image.Image:
    """Copia reducida en la que la tinta es blanca (255) y el papel negro (0)."""
    reducida = imagen.copy()
    reducida.thumbnail((ANCHO_ESTIMACION, ANCHO_ESTIMACION * 4))
    return reducida.point(lambda v: 255 if v < 128 else 0)


def _puntaje(tinta: Image.Image, angulo: float) -> float:
    """Varianza del perfil horizontal de tinta tras girar: alta cuando los renglones se alinean."""
    girada = tinta.rotate(angulo, resample=Image.Resampling.NEAREST, expand=True, fillcolor=0)
    perfil = np.asarray(girada, dtype=np.float64).sum(axis=1)
    return float(perfil.var())


def _angulos(centro: float, radio: float, paso: float) -> Iterator[float]:
    """Ángulos de centro-radio a centro+radio con el paso dado."""
    pasos = round(radio / paso)
    return (centro + i * paso for i in range(-pasos, pasos + 1))


def estimar_sesgo(imagen: Image.Image) -> float:
    """Ángulo (grados, antihorario) que endereza los renglones; búsqueda gruesa y luego fina."""
    tinta = _tinta(imagen.convert("L"))
    grueso = max(_angulos(0.0, MAXIMO_ANGULO, PASO_GRUESO), key=lambda a: _puntaje(tinta, a))
    fino = max(_angulos(grueso, PASO_GRUESO, PASO_FINO), key=lambda a: _puntaje(tinta, a))
    return round(fino, 2)


def _rotacion_osd(imagen: Image.Image) -> int:
    """Grados (horario) que pide el OSD de Tesseract, o 0 si no está seguro o falla."""
    try:
        salida = _con_tope(pytesseract.image_to_osd, imagen, config="--psm 0")
    except (pytesseract.TesseractError, OcrAgotado) as exc:
        log.debug("OSD sin resultado: %s", exc)
        return 0
    rotacion, confianza = _ROTACION.search(salida), _CONFIANZA.search(salida)
    if rotacion is None or confianza is None or float(confianza[1]) < CONFIANZA_MINIMA_OSD:
        return 0
    return int(rotacion[1]) % 360


def _girar(imagen: Image.Image, angulo: float) -> Image.Image:
    """Gira en sentido antihorario rellenando con blanco."""
    if abs(angulo) < PASO_FINO / 2:
        return imagen
    return imagen.rotate(angulo, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def _aplanar(imagen: Image.Image) -> Image.Image:
    """Imagen en grises; la transparencia (capturas PNG) se pone sobre blanco, no sobre negro."""
    if imagen.mode in {"RGBA", "LA", "PA"} or "transparency" in imagen.info:
        fondo = Image.new("RGBA", imagen.size, "white")
        return Image.alpha_composite(fondo, imagen.convert("RGBA")).convert("L")
    return imagen.convert("L")


def preparar(imagen: Image.Image) -> Image.Image:
    """Escala de grises, autocontraste, orientación (OSD) y enderezado fino por proyección."""
    gris = ImageOps.autocontrast(_aplanar(ImageOps.exif_transpose(imagen)))
    gris = _girar(gris, -_rotacion_osd(gris))
    sesgo = estimar_sesgo(gris)
    log.debug("enderezado: %.2f°", sesgo)
    return _girar(gris, sesgo)


def reconocer(imagen: Image.Image) -> str:
    """Texto en español de una imagen ya abierta (prepara y reconoce)."""
    _exigir()
    texto: str = _con_tope(pytesseract.image_to_string, preparar(imagen), lang=IDIOMA)
    return texto.strip()


def palabras(imagen: Image.Image) -> list[Palabra]:
    """Palabras reconocidas con su caja en píxeles; su tamaño es el de la letra de su renglón."""
    _exigir()
    hocr = _con_tope(
        pytesseract.image_to_pdf_or_hocr, preparar(imagen), lang=IDIOMA, extension="hocr"
    )
    arbol = lxml.html.fromstring(hocr)
    return [p for palabra in arbol.xpath('//*[@class="ocrx_word"]') if (p := _palabra(palabra))]


def _palabra(nodo: Any) -> Palabra | None:
    """Una palabra del hOCR con el x_size de su renglón, o None si está vacía o sin caja."""
    texto = " ".join(str(nodo.text_content()).split())
    caja = _CAJA.search(nodo.get("title") or "")
    if not texto or caja is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in caja.groups())
    # El alto de una palabra depende de sus letras ("en" frente a "Tampacán"); el x_size que
    # Tesseract estima para todo el renglón es el tamaño de la letra, como en la capa de un PDF.
    renglon = nodo.getparent()
    tamano = _TAMANO.search(renglon.get("title") or "") if renglon is not None else None
    return Palabra(texto, x0, y0, x1, y1, float(tamano[1]) if tamano else y1 - y0)


def texto_de_imagen(contenido: bytes) -> str:
    """Texto en español de una imagen JPG/PNG (ya validada contra bombas)."""
    with Image.open(io.BytesIO(contenido)) as imagen:
        return reconocer(imagen)


def palabras_de_imagen(contenido: bytes) -> list[Palabra]:
    """Palabras con su caja de una imagen JPG/PNG (ya validada contra bombas)."""
    with Image.open(io.BytesIO(contenido)) as imagen:
        return palabras(imagen)


def rasterizar(contenido: bytes, indice: int) -> Image.Image:
    """Página `indice` (desde 0) de un PDF como imagen en grises a 300 ppp, con tope de píxeles."""
    documento = pdfium.PdfDocument(contenido)
    try:
        pagina = documento[indice]
        ancho, alto = pagina.get_size()
        escala = PPP_OCR / 72
        pixeles = ancho * alto * escala * escala
        if pixeles > MAXIMO_PIXELES_RASTER:
            escala *= (MAXIMO_PIXELES_RASTER / pixeles) ** 0.5
        imagen: Image.Image = pagina.render(scale=escala, grayscale=True).to_pil().copy()
        return imagen
    finally:
        documento.close()


def texto_de_pagina_pdf(contenido: bytes, indice: int) -> str:
    """Texto por OCR de la página `indice` (desde 0) de un PDF sin capa de texto."""
    _exigir()
    return reconocer(rasterizar(contenido, indice))


def palabras_de_pagina_pdf(contenido: bytes, indice: int) -> list[Palabra]:
    """Palabras por OCR de la página `indice` (desde 0) de un PDF sin capa de texto."""
    _exigir()
    return palabras(rasterizar(contenido, indice))
