"""Decodificación de cuerpos HTTP a texto Unicode sin lanzar excepciones."""

from __future__ import annotations

import codecs
import re

# Cuántos bytes del inicio se revisan buscando <meta charset>: el estándar HTML pide 1024, pero
# muchos medios ponen el meta después de scripts largos; 8 KB cubre los casos vistos sin costo.
BYTES_PARA_META = 8192

_CHARSET_CABECERA = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:\-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# latin-1 e iso-8859-1 declarados casi siempre son cp1252 de verdad (comillas tipográficas en
# 0x80-0x9F); así lo manda también el estándar de codificaciones de WHATWG.
_EQUIVALENTES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def _normalizar(nombre: str | None) -> str | None:
    """Nombre canónico de Python para una codificación declarada, o None si no existe."""
    if not nombre:
        return None
    try:
        canonico = codecs.lookup(nombre.strip()).name
    except (LookupError, ValueError):
        return None
    return _EQUIVALENTES.get(canonico, canonico)


def charset_de_cabecera(content_type: str | None) -> str | None:
    """Codificación declarada en una cabecera Content-Type, si es válida."""
    if not content_type:
        return None
    m = _CHARSET_CABECERA.search(content_type)
    return _normalizar(m.group(1)) if m else None


def charset_de_bom(cuerpo: bytes) -> str | None:
    """Codificación indicada por la marca de orden de bytes (BOM), si la hay."""
    for bom, nombre in _BOMS:
        if cuerpo.startswith(bom):
            return nombre
    return None


def charset_de_meta(cuerpo: bytes) -> str | None:
    """Codificación declarada en <meta charset> o <meta http-equiv> del inicio del documento."""
    m = _META_CHARSET.search(cuerpo[:BYTES_PARA_META])
    if not m:
        return None
    nombre = _normalizar(m.group(1).decode("ascii", "ignore"))
    # Una página que llegó como bytes no puede estar en UTF-16 si el meta se leyó en ASCII.
    return "utf-8" if nombre and nombre.startswith("utf-16") else nombre


def _intentar(cuerpo: bytes, nombre: str | None) -> str | None:
    """Decodifica estrictamente con `nombre`; None si falla."""
    if not nombre:
        return None
    try:
        return cuerpo.decode(nombre)
    except (UnicodeDecodeError, LookupError):
        return None


# Declaraciones de un byte por carácter que muchos servidores ponen por omisión aunque sirvan UTF-8.
_UN_BYTE = {"iso-8859-1", "latin-1", "latin1", "cp1252", "windows-1252", "us-ascii", "ascii"}


def _utf8_disfrazado(cuerpo: bytes, declarado: str | None) -> bool:
    """El servidor declara latin-1/cp1252 pero los bytes son UTF-8 válido con acentos."""
    if (declarado or "").lower() not in _UN_BYTE or cuerpo.isascii():
        return False
    return _intentar(cuerpo, "utf-8") is not None


def decodificar(cuerpo: bytes, content_type: str | None = None) -> str:
    """Texto Unicode de un cuerpo HTTP: cabecera, BOM, meta, UTF-8 estricto y al final cp1252."""
    bom = charset_de_bom(cuerpo)
    cabecera = charset_de_cabecera(content_type)
    # UTF-8 válido con acentos casi nunca es latin-1 real: evita el clásico "Tampacán".
    if _utf8_disfrazado(cuerpo, cabecera or charset_de_meta(cuerpo)):
        cabecera = "utf-8"
    for nombre in (cabecera, bom, charset_de_meta(cuerpo), "utf-8"):
        texto = _intentar(cuerpo, nombre)
        if texto is not None:
            return texto.lstrip("\ufeff")
    declarado = charset_de_cabecera(content_type) or bom or charset_de_meta(cuerpo)
    if declarado and declarado != "utf-8":
        return cuerpo.decode(declarado, errors="replace").lstrip("\ufeff")
    return cuerpo.decode("cp1252", errors="replace")
