"""Validación de archivos subidos o importados: tipo real, tamaño, nombre y bombas."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import pypdfium2 as pdfium
from PIL import Image

from datos.config import cargar

log = logging.getLogger(__name__)

# Las ediciones de diarios regionales revisadas tienen 16-48 páginas (igual que la araña de PDF);
# más de 200 es un libro o un archivo hostil, y rasterizarlo para OCR tomaría horas.
MAXIMO_PAGINAS = 200
# Lado máximo de una página PDF en puntos (1/72"): un A0 mide 2384×3370 pt y un diario sábana
# ~900×1600 pt; 5000 pt (1.76 m) deja margen a cualquier impreso real.
MAXIMO_LADO_PAGINA_PT = 5000.0
# Un .xlsx es un ZIP: una hoja de clips o de Facebook real descomprime a pocos MB; 200 MB o una
# razón de compresión mayor a 200:1 es una bomba (los xlsx reales rondan 5-20:1).
MAXIMO_DESCOMPRIMIDO = 200 * 1024 * 1024
MAXIMA_RAZON_ZIP = 200
# Largo máximo de un nombre de archivo en ext4 y NTFS.
LARGO_MAXIMO_NOMBRE = 255

# Firmas (magic bytes) de lo que aceptamos; el tipo se decide por contenido, nunca por extensión.
_FIRMAS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"PK\x03\x04", "xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"ID3", "mp3"),
    (b"\xff\xfb", "mp3"),
    (b"\xff\xf3", "mp3"),
    (b"\xff\xf2", "mp3"),
    (b"OggS", "ogg"),
    (b"fLaC", "flac"),
)
_NOMBRES_TIPO = {
    "pdf": "PDF",
    "png": "imagen PNG",
    "jpg": "imagen JPEG",
    "xlsx": "Excel (.xlsx)",
    "xls": "Excel 97-2003 (.xls)",
    "mp3": "audio MP3",
    "ogg": "audio Ogg",
    "flac": "audio FLAC",
    "wav": "audio WAV",
    "m4a": "audio M4A",
    "texto": "texto (CSV)",
    "desconocido": "un tipo desconocido",
}
IMAGENES = frozenset({"png", "jpg"})
IMPRESOS = frozenset({"pdf", "png", "jpg"})
TABLAS = frozenset({"texto", "xlsx"})
AUDIOS = frozenset({"mp3", "ogg", "flac", "wav", "m4a"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ArchivoRechazado(ValueError):
    """El archivo no se acepta; el mensaje explica el motivo en español."""


@dataclass(frozen=True)
class ArchivoValidado:
    """Archivo aceptado: nombre neutralizado, contenido y tipo real detectado por firma."""

    nombre: str
    contenido: bytes
    tipo: str


def _parece_texto(contenido: bytes) -> bool:
    """¿Es texto (UTF-8/UTF-16 con BOM o de un byte) y no binario?"""
    muestra = contenido[:8192]
    if muestra.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in muestra


def tipo_real(contenido: bytes) -> str:
    """Tipo según los primeros bytes: pdf, png, jpg, xlsx, xls, mp3, ..., texto o desconocido."""
    for firma, tipo in _FIRMAS:
        if contenido.startswith(firma):
            return tipo
    if contenido[:4] == b"RIFF" and contenido[8:12] == b"WAVE":
        return "wav"
    if contenido[4:8] == b"ftyp":
        return "m4a"
    return "texto" if _parece_texto(contenido) else "desconocido"


def nombre_seguro(nombre: str) -> str:
    """Sólo el último componente del nombre, sin control ni puntos iniciales (neutraliza rutas)."""
    base = PureWindowsPath(PurePosixPath(nombre.replace("\x00", "")).name).name
    base = _CONTROL.sub("", unicodedata.normalize("NFC", base)).strip().lstrip(".")
    return base[-LARGO_MAXIMO_NOMBRE:] or "archivo"


def _validar_nombre(nombre: str) -> str:
    """Rechaza nombres con rutas (un navegador sólo manda el nombre) y devuelve el neutralizado."""
    partes = re.split(r"[\\/]", nombre)
    if len(partes) > 1 or nombre.startswith("~") or "\x00" in nombre or ".." in partes:
        raise ArchivoRechazado(
            f"nombre de archivo no permitido (contiene una ruta): {nombre_seguro(nombre)!r}"
        )
    return nombre_seguro(nombre)


def _validar_tamano(tamano: int) -> None:
    """Rechaza archivos vacíos o más grandes que MONITOREO_TAMANO_MAXIMO."""
    maximo = cargar().tamano_maximo
    if tamano == 0:
        raise ArchivoRechazado("el archivo está vacío")
    if tamano > maximo:
        raise ArchivoRechazado(
            f"el archivo pesa {tamano:,} bytes y el máximo permitido es {maximo:,} bytes"
        )


def _validar_tipo(tipo: str, permitidos: frozenset[str], nombre: str) -> None:
    """Rechaza el archivo si su contenido real no es de un tipo permitido."""
    if tipo in permitidos:
        return
    esperados = ", ".join(sorted(_NOMBRES_TIPO.get(t, t) for t in permitidos))
    raise ArchivoRechazado(
        f"{nombre!r} es en realidad {_NOMBRES_TIPO.get(tipo, tipo)}; se esperaba: {esperados}"
    )


def _validar_pdf(contenido: bytes) -> None:
    """Rechaza PDFs dañados, con demasiadas páginas o con páginas gigantes (bombas PDF)."""
    try:
        documento = pdfium.PdfDocument(contenido)
    except pdfium.PdfiumError as exc:
        raise ArchivoRechazado(f"el PDF está dañado o cifrado: {exc}") from exc
    try:
        paginas = len(documento)
        if paginas == 0:
            raise ArchivoRechazado("el PDF no tiene páginas")
        if paginas > MAXIMO_PAGINAS:
            raise ArchivoRechazado(
                f"el PDF tiene {paginas:,} páginas y el máximo permitido es {MAXIMO_PAGINAS}"
            )
        for indice in range(paginas):
            ancho, alto = documento.get_page_size(indice)
            if max(ancho, alto) > MAXIMO_LADO_PAGINA_PT:
                raise ArchivoRechazado(
                    f"la página {indice + 1} del PDF es demasiado grande "
                    f"({ancho:,.0f}×{alto:,.0f} puntos; máximo {MAXIMO_LADO_PAGINA_PT:,.0f})"
                )
    finally:
        documento.close()


def _validar_imagen(contenido: bytes) -> None:
    """Rechaza imágenes ilegibles o con más píxeles que Image.MAX_IMAGE_PIXELS (bombas)."""
    limite = Image.MAX_IMAGE_PIXELS or 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(contenido)) as imagen:
                ancho, alto = imagen.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ArchivoRechazado(
            f"la imagen es demasiado grande para procesarla (máximo {limite:,} píxeles)"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ArchivoRechazado("la imagen está dañada o no se puede leer") from exc
    if limite and ancho * alto > limite:
        raise ArchivoRechazado(
            f"la imagen mide {ancho:,}×{alto:,} píxeles; el máximo es {limite:,} píxeles"
        )


def _validar_zip(contenido: bytes) -> None:
    """Rechaza .xlsx dañados o que descomprimen a demasiado (bomba de descompresión)."""
    try:
        with zipfile.ZipFile(io.BytesIO(contenido)) as paquete:
            total = sum(info.file_size for info in paquete.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchivoRechazado("el archivo de Excel está dañado") from exc
    if total > MAXIMO_DESCOMPRIMIDO or total > MAXIMA_RAZON_ZIP * len(contenido):
        raise ArchivoRechazado(
            f"el archivo de Excel descomprime a {total:,} bytes: demasiado para importarlo"
        )


def _validar_estructura(tipo: str, contenido: bytes) -> None:
    """Revisiones específicas del formato contra archivos hostiles."""
    if tipo == "pdf":
        _validar_pdf(contenido)
    elif tipo in IMAGENES:
        _validar_imagen(contenido)
    elif tipo == "xlsx":
        _validar_zip(contenido)


def validar_contenido(nombre: str, contenido: bytes, permitidos: frozenset[str]) -> ArchivoValidado:
    """Valida un archivo subido (nombre del cliente y bytes); lanza ArchivoRechazado."""
    limpio = _validar_nombre(nombre)
    _validar_tamano(len(contenido))
    tipo = tipo_real(contenido)
    _validar_tipo(tipo, permitidos, limpio)
    _validar_estructura(tipo, contenido)
    return ArchivoValidado(nombre=limpio, contenido=contenido, tipo=tipo)


def validar_archivo(ruta: Path, permitidos: frozenset[str]) -> ArchivoValidado:
    """Valida un archivo local: mide antes de leer para no cargar en memoria uno gigante."""
    try:
        if not ruta.is_file():
            raise ArchivoRechazado(f"no existe el archivo {ruta}")
        _validar_tamano(ruta.stat().st_size)
        contenido = ruta.read_bytes()
    except OSError as exc:
        raise ArchivoRechazado(f"no se puede leer el archivo {ruta}: {exc.strerror}") from exc
    return validar_contenido(ruta.name, contenido, permitidos)
