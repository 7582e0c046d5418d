"""Lectura de feeds RSS, Atom y JSON Feed: feedparser detrás de este único módulo."""

from __future__ import annotations

import calendar
import html
import io
import json
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser

from rastreadores.codificacion import decodificar
from rastreadores.fechas import valor_de_fecha

log = logging.getLogger(__name__)

# Tamaño máximo de un feed aceptado: los feeds reales más grandes vistos (200 del conjunto de
# fastfeedparser) no pasan de ~5 MB; 20 MB evita que un archivo hostil agote la memoria.
TAMANO_MAXIMO = 20 * 1024 * 1024
# Proporción de bytes de control (NUL incluido) a partir de la cual un contenido que feedparser no
# pudo leer se llama binario; el texto real casi no tiene (UTF-16 válido ya lo leyó feedparser).
PROPORCION_BINARIO = 0.05
UTC_ZONA = ZoneInfo("UTC")

_NO_RECONOCIDO = "no se reconoce como RSS, Atom ni JSON Feed"
_RAIZ_FEED = re.compile(rb"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE)
_PREFIJO_RSS = re.compile(rb"<(/?)rss:", re.IGNORECASE)
_ETIQUETAS = re.compile(r"<[^>]*>")
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Entrada:
    """Una entrada del feed (una nota, normalmente)."""

    titulo: str | None
    enlace: str | None
    fecha: datetime | None
    resumen: str | None
    # Modificación que declara el propio medio (Atom updated, JSON date_modified), sólo si difiere
    # de la publicación: es la señal para volver a pedir una nota editada en la misma URL.
    actualizada: datetime | None = None


@dataclass(frozen=True)
class Feed:
    """Un feed leído: su título y sus entradas en el orden del archivo."""

    titulo: str | None
    entradas: tuple[Entrada, ...]


class FeedIlegible(ValueError):
    """El contenido no es un feed que se pueda leer; el mensaje explica el motivo en español."""


def sin_html(texto: str | None) -> str | None:
    """Texto plano de un fragmento HTML (sin etiquetas, entidades resueltas, espacios normales)."""
    if not texto:
        return None
    plano = html.unescape(_ETIQUETAS.sub(" ", _SCRIPTS.sub(" ", texto)))
    plano = re.sub(r"\s+", " ", plano).strip()
    return plano or None


def _enlace_absoluto(enlace: Any, base: str | None) -> str | None:
    """Enlace resuelto contra la URL del feed; None si no es http(s)."""
    if not isinstance(enlace, str) or not enlace.strip():
        return None
    absoluto = urljoin(base, enlace.strip()) if base else enlace.strip()
    return absoluto if absoluto.startswith(("http://", "https://")) else None


def _motivo_no_feed(contenido: bytes) -> str:
    """Explicación de por qué un contenido no parece feed (HTML, NewsML, binario, otro XML)."""
    inicio = contenido[:2048].lstrip().lower()
    controles = sum(1 for b in inicio if b < 0x20 and b not in (9, 10, 13))
    if controles > PROPORCION_BINARIO * max(len(inicio), 1):
        return "el contenido es binario, no un feed"
    if b"<html" in inicio or b"<!doctype html" in inicio:
        return "es una página HTML, no un feed RSS/Atom"
    if b"<newsml" in inicio:
        return "es un documento NewsML, no un feed RSS/Atom (no se admite)"
    if inicio.startswith((b"{", b"[")):
        return "es JSON pero no un JSON Feed (falta la lista «items»)"
    return _NO_RECONOCIDO


def _fecha_json(valor: Any) -> datetime | None:
    """Fecha RFC 3339 de un JSON Feed, con zona (UTC si no trae)."""
    if not isinstance(valor, str):
        return None
    return valor_de_fecha(valor, datetime.now(UTC), UTC_ZONA)


def _entrada_json(item: dict[str, Any], base: str | None) -> Entrada:
    """Entrada de un elemento `items` de JSON Feed."""
    resumen = item.get("summary") or item.get("content_text") or item.get("content_html")
    modificada = item.get("date_modified")
    return Entrada(
        titulo=sin_html(item.get("title") if isinstance(item.get("title"), str) else None),
        enlace=_enlace_absoluto(item.get("url") or item.get("external_url"), base),
        fecha=_fecha_json(item.get("date_published") or modificada),
        resumen=sin_html(resumen if isinstance(resumen, str) else None),
        actualizada=_fecha_json(modificada if modificada != item.get("date_published") else None),
    )


def _leer_json_feed(contenido: bytes, url: str | None, content_type: str | None) -> Feed:
    """Feed a partir de un JSON Feed (versión 1 o 1.1)."""
    try:
        datos = json.loads(decodificar(contenido, content_type))
    except ValueError as exc:
        raise FeedIlegible(f"JSON mal formado: {exc}") from exc
    if not isinstance(datos, dict) or not isinstance(datos.get("items"), list):
        raise FeedIlegible(_motivo_no_feed(contenido))
    base = url or (
        datos.get("home_page_url") if isinstance(datos.get("home_page_url"), str) else None
    )
    items = [i for i in datos["items"] if isinstance(i, dict)]
    titulo = datos.get("title") if isinstance(datos.get("title"), str) else None
    return Feed(titulo=sin_html(titulo), entradas=tuple(_entrada_json(i, base) for i in items))


def _fecha_clave(entrada: Any, clave: str) -> datetime | None:
    """Fecha `clave` (published, updated...) de una entrada de feedparser, en UTC."""
    estructura = entrada.get(f"{clave}_parsed")
    if isinstance(estructura, time.struct_time):
        return datetime.fromtimestamp(calendar.timegm(estructura), UTC)
    texto = entrada.get(clave)
    if isinstance(texto, str) and texto.strip():
        return valor_de_fecha(texto, datetime.now(UTC), UTC_ZONA)
    return None


def _fecha_entrada(entrada: Any) -> datetime | None:
    """Fecha de publicación (o actualización) de una entrada de feedparser, en UTC."""
    for clave in ("published", "updated", "created"):
        if (fecha := _fecha_clave(entrada, clave)) is not None:
            return fecha
    return None


def _actualizacion_entrada(entrada: Any) -> datetime | None:
    """Fecha de modificación declarada, sólo si difiere de la de publicación."""
    # `in` no usa el respaldo de feedparser que devuelve la publicación cuando no hay `updated`.
    if "updated" not in entrada and "updated_parsed" not in entrada:
        return None
    # Atom exige `updated` aunque no haya edición: igual a la publicación no es una edición.
    actualizada = _fecha_clave(entrada, "updated")
    return actualizada if actualizada != _fecha_clave(entrada, "published") else None


def _enlace_entrada(entrada: Any, base: str | None) -> str | None:
    """Enlace de la entrada: link, el primer alternate o el id si es una URL."""
    candidatos = [entrada.get("link")]
    candidatos += [e.get("href") for e in entrada.get("links", []) if isinstance(e, dict)]
    if entrada.get("guidislink", True) or not candidatos[0]:
        candidatos.append(entrada.get("id"))
    for candidato in candidatos:
        absoluto = _enlace_absoluto(candidato, base)
        if absoluto:
            return absoluto
    return None


def _entrada_feedparser(entrada: Any, base: str | None) -> Entrada:
    """Entrada a partir de un elemento de feedparser."""
    contenido = entrada.get("content") or [{}]
    resumen = entrada.get("summary") or contenido[0].get("value")
    return Entrada(
        titulo=sin_html(entrada.get("title")),
        enlace=_enlace_entrada(entrada, base),
        fecha=_fecha_entrada(entrada),
        resumen=sin_html(resumen),
        actualizada=_actualizacion_entrada(entrada),
    )


def _reparar(contenido: bytes) -> bytes | None:
    """Feed sin basura antes de la raíz y sin prefijos rss: (feeds de blogs caseros), o None."""
    raiz = _RAIZ_FEED.search(contenido[:4096])
    if raiz is None:
        return None
    reparado = _PREFIJO_RSS.sub(rb"<\1", contenido[raiz.start() :])
    return None if reparado == contenido else reparado


def _leer_xml(contenido: bytes, url: str | None, content_type: str | None) -> Feed:
    """Feed RSS/Atom con feedparser; FeedIlegible si no es un feed o está vacío y roto."""
    cabeceras = {"content-type": content_type} if content_type else {}
    if url:
        cabeceras["content-location"] = url
    # BytesIO: con bytes "crudos" feedparser intentaría abrirlos como ruta de archivo local.
    resultado = feedparser.parse(
        io.BytesIO(contenido),
        response_headers=cabeceras,
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    entradas = resultado.get("entries") or []
    if not entradas and (resultado.get("bozo") or not resultado.get("version")):
        reparado = _reparar(contenido)
        if reparado is not None:
            return _leer_xml(reparado, url, content_type)
        motivo = _motivo_no_feed(contenido)
        excepcion = resultado.get("bozo_exception")
        if excepcion and motivo == _NO_RECONOCIDO:
            motivo = f"{motivo}: {excepcion}"
        raise FeedIlegible(motivo)
    base = url or _enlace_absoluto(resultado.feed.get("link"), None)
    return Feed(
        titulo=sin_html(resultado.feed.get("title")),
        entradas=tuple(_entrada_feedparser(e, base) for e in entradas),
    )


def _es_json(contenido: bytes) -> bool:
    """¿El contenido empieza como un objeto JSON (tras BOM y espacios)?"""
    return contenido.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def leer_feed(contenido: bytes, url: str | None = None, content_type: str | None = None) -> Feed:
    """Lee un feed RSS 0.9x/1.0/2.0, Atom o JSON Feed; FeedIlegible con el motivo si no se puede."""
    if not contenido or not contenido.strip():
        raise FeedIlegible("el contenido está vacío")
    if len(contenido) > TAMANO_MAXIMO:
        raise FeedIlegible(f"el feed pesa más de {TAMANO_MAXIMO // (1024 * 1024)} MB")
    try:
        if _es_json(contenido):
            return _leer_json_feed(contenido, url, content_type)
        return _leer_xml(contenido, url, content_type)
    except FeedIlegible:
        raise
    except Exception as exc:  # feedparser y el XML hostil lanzan de todo; nunca un traceback
        log.debug("error interno leyendo feed %s", url, exc_info=True)
        raise FeedIlegible(f"error al leer el feed: {type(exc).__name__}: {exc}") from exc
