"""Imágenes para la síntesis: la portada de cada edición impresa y el logo de la institución."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from datos.consultas.sintesis import PrimeraPlana
from datos.testigos import TestigoInvalido, leer_testigo

log = logging.getLogger(__name__)

# Ancho de la portada renderizada (px): nítida a 90 mm en el PDF (≈ 200 ppp) sin pesar de más.
ANCHO_PLANA_PX = 720
CALIDAD_JPEG = 80
LOGO_INCLUIDO = Path(__file__).with_name("recursos") / "logo.png"


def imagen_de_plana(plana: PrimeraPlana) -> Image.Image | None:
    """Primera página del testigo (PDF renderizado o imagen) en RGB; None si no se puede leer."""
    try:
        datos = leer_testigo(plana.ruta)
        imagen = _render_pdf(datos) if plana.tipo == "pdf" else Image.open(io.BytesIO(datos))
        imagen.thumbnail((ANCHO_PLANA_PX, ANCHO_PLANA_PX * 2))
        return imagen.convert("RGB")
    except (OSError, ValueError, TestigoInvalido, pdfium.PdfiumError) as exc:
        log.warning("no se pudo leer la primera plana de %s: %s", plana.medio, exc)
        return None


def _render_pdf(datos: bytes) -> Image.Image:
    """La página 1 de un PDF como imagen, escalada al ancho de la portada."""
    documento = pdfium.PdfDocument(datos)
    try:
        pagina = documento[0]
        escala = ANCHO_PLANA_PX / max(pagina.get_width(), 1)
        imagen: Image.Image = pagina.render(scale=escala).to_pil()
        return imagen
    finally:
        documento.close()


def jpeg(imagen: Image.Image) -> bytes:
    """La imagen en JPEG (para el HTML y el correo)."""
    memoria = io.BytesIO()
    imagen.save(memoria, format="JPEG", quality=CALIDAD_JPEG)
    return memoria.getvalue()


def logo(ruta: Path | None) -> Image.Image | None:
    """El logo configurado (o el incluido); None si no se puede abrir."""
    archivo = ruta or LOGO_INCLUIDO
    try:
        with Image.open(archivo) as imagen:
            return imagen.convert("RGBA")
    except OSError as exc:
        log.warning("no se pudo abrir el logo %s: %s", archivo, exc)
        return None
