"""Descarga segura de las imágenes de las notas web: anti-SSRF, tope de bytes y bombas.

Las URLs de imagen vienen del HTML de los medios (og:image, <img>), o sea, de terceros: se validan
contra direcciones internas antes de pedirlas y también en cada redirección, se corta la descarga
al pasar del tope y Pillow sólo abre formatos web con el límite `Image.MAX_IMAGE_PIXELS`.
"""

from __future__ import annotations

import io
import logging
import urllib.error
import urllib.request
import warnings
from collections.abc import Sequence
from typing import IO

from PIL import Image, UnidentifiedImageError

from datos.config import cargar
from rastreadores.urls import RedireccionValidada, UrlRechazada, validar_url

log = logging.getLogger(__name__)

# Una imagen de nota llega en 1–2 s aun en sitios lentos; 10 s evita que un medio caído
# detenga el ciclo de análisis (se piden a lo más 3 imágenes por nota).
TIEMPO_ESPERA_SEGUNDOS = 10
# Los CDN de los medios redirigen una o dos veces (http→https, tamaño); más es un bucle.
TROZO_BYTES = 64 * 1024
# Sólo formatos que publican los sitios de noticias: no se le da a Pillow nada más exótico.
FORMATOS_WEB = ("JPEG", "PNG", "GIF", "WEBP")


class ImagenInvalida(ValueError):
    """Imagen que no se pudo descargar o abrir sin riesgo; el mensaje dice por qué."""


def _validar(url: str, permitidos: Sequence[str]) -> None:
    """UrlRechazada convertida en ImagenInvalida con el motivo en español."""
    try:
        validar_url(url, permitidos)
    except UrlRechazada as exc:
        raise ImagenInvalida(f"URL de imagen rechazada: {exc}") from exc


def _leer_con_tope(respuesta: IO[bytes], limite_bytes: int) -> bytes:
    """Lee por trozos y corta en cuanto se pasa del tope (sin confiar en Content-Length)."""
    partes: list[bytes] = []
    leidos = 0
    while trozo := respuesta.read(TROZO_BYTES):
        leidos += len(trozo)
        if leidos > limite_bytes:
            raise ImagenInvalida(f"la imagen pesa más de {limite_bytes:,} bytes: se descarta")
        partes.append(trozo)
    return b"".join(partes)


def _pedir(url: str, limite_bytes: int) -> bytes:
    """GET con el agente del proyecto, redirecciones validadas y tope de bytes."""
    config = cargar()
    _validar(url, config.hosts_permitidos)
    abridor = urllib.request.build_opener(
        RedireccionValidada(lambda destino: _validar(destino, config.hosts_permitidos))
    )
    pedido = urllib.request.Request(
        url, headers={"User-Agent": f"{config.agente} (+mailto:{config.contacto})"}
    )
    try:
        with abridor.open(pedido, timeout=TIEMPO_ESPERA_SEGUNDOS) as respuesta:
            declarado = respuesta.headers.get("Content-Length", "")
            if declarado.isdigit() and int(declarado) > limite_bytes:
                raise ImagenInvalida(f"la imagen declara {int(declarado):,} bytes: se descarta")
            return _leer_con_tope(respuesta, limite_bytes)
    except urllib.error.HTTPError as exc:
        raise ImagenInvalida(f"el servidor respondió {exc.code} al pedir la imagen") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise ImagenInvalida(f"no se pudo descargar la imagen: {exc}") from exc


def abrir_imagen(contenido: bytes) -> Image.Image:
    """Abre y decodifica una imagen web; ImagenInvalida si está dañada o es una bomba."""
    limite = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow sólo avisa entre 1× y 2× el límite: aquí cualquier exceso es un error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            imagen = Image.open(io.BytesIO(contenido), formats=FORMATOS_WEB)
            ancho, alto = imagen.size
            if limite is None or ancho * alto <= limite:
                imagen.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImagenInvalida(
            f"la imagen es una bomba de descompresión (más de {limite or 0:,} píxeles)"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImagenInvalida(
            f"la imagen está dañada o no es JPEG, PNG, GIF ni WebP: {exc}"
        ) from exc
    if limite is not None and ancho * alto > limite:
        raise ImagenInvalida(
            f"la imagen mide {ancho:,}×{alto:,} píxeles; el máximo es {limite:,} píxeles"
        )
    return imagen


def descargar_imagen(url: str, *, limite_bytes: int) -> bytes:
    """Descarga una imagen de una nota sin SSRF ni bombas; ImagenInvalida si no se puede."""
    contenido = _pedir(url, limite_bytes)
    if not contenido:
        raise ImagenInvalida("el servidor devolvió una imagen vacía")
    abrir_imagen(contenido).close()
    log.debug("imagen descargada: %s (%d bytes)", url, len(contenido))
    return contenido
