"""Araña de sitemaps (de noticias o comunes, también índices y .xml.gz)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree
from scrapy.http import Request, Response

from datos.config import cargar
from datos.modelos import TipoCaptura, TipoFuente, ahora
from rastreadores.arana.items import ContextoFuente, Enlace
from rastreadores.arana.spiders.base import (
    MAXIMO_ENLACES_POR_FUENTE,
    AranaBase,
    ErrorDeFuente,
    es_http,
)

log = logging.getLogger(__name__)

# Un índice de sitemaps se sigue hasta este número de sitemaps hijos (los más nuevos van primero
# en los CMS revisados: WordPress, Drupal y los de los diarios de la OEM).
MAXIMO_SITEMAPS_HIJOS = 5
# Parser seguro: sin entidades externas ni red (XXE) y tolerante a XML roto.
_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
)


def _local(elemento: Any) -> str:
    """Nombre de la etiqueta sin espacio de nombres."""
    return str(etree.QName(elemento).localname) if isinstance(elemento.tag, str) else ""


def _texto(elemento: Any, nombre: str) -> str | None:
    """Texto del primer descendiente con ese nombre local."""
    for hijo in elemento.iter():
        if _local(hijo) == nombre and hijo.text and hijo.text.strip():
            return str(hijo.text.strip())
    return None


def _fecha(texto: str | None) -> dt.datetime | None:
    """Fecha W3C del sitemap con zona (sin zona se asume UTC), o None."""
    if not texto:
        return None
    try:
        fecha = dt.datetime.fromisoformat(texto.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return fecha if fecha.tzinfo else fecha.replace(tzinfo=dt.UTC)


def cuerpo_xml(cuerpo: bytes, maximo: int) -> bytes:
    """El XML del sitemap, descomprimiendo .gz sin pasar del tamaño máximo."""
    if not cuerpo.startswith(b"\x1f\x8b"):
        return cuerpo
    with gzip.GzipFile(fileobj=io.BytesIO(cuerpo)) as archivo:
        datos = archivo.read(maximo + 1)
    if len(datos) > maximo:
        raise ErrorDeFuente("el sitemap comprimido excede el tamaño máximo")
    return datos


def leer_sitemap(cuerpo: bytes) -> tuple[str, list[Enlace]]:
    """Tipo ('urlset' o 'sitemapindex') y entradas del sitemap."""
    try:
        raiz = etree.fromstring(cuerpo, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ErrorDeFuente(f"sitemap ilegible: {exc}") from exc
    if raiz is None or _local(raiz) not in ("urlset", "sitemapindex"):
        raise ErrorDeFuente("el documento no es un sitemap")
    entradas = []
    for nodo in raiz:
        if _local(nodo) in ("url", "sitemap") and (loc := _texto(nodo, "loc")):
            entradas.append(_enlace(nodo, loc))
    return _local(raiz), entradas


def _enlace(nodo: Any, loc: str) -> Enlace:
    """Enlace de una entrada: fecha de publicación (o lastmod) y lastmod como actualización."""
    lastmod = _texto(nodo, "lastmod")
    fecha = _fecha(_texto(nodo, "publication_date") or lastmod)
    return Enlace(url=loc, titulo=_texto(nodo, "title"), fecha=fecha, actualizada=_fecha(lastmod))


def recientes(entradas: Iterable[Enlace], desde: dt.datetime) -> list[Enlace]:
    """Entradas sin fecha o posteriores a `desde`, las más nuevas primero."""
    utiles = [e for e in entradas if e.fecha is None or e.fecha >= desde]
    minimo = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(utiles, key=lambda e: e.fecha or minimo, reverse=True)


class AranaSitemap(AranaBase):
    """Lee sitemaps vencidos (y sus hijos si es un índice) y pide las notas recientes."""

    name = "sitemap"
    tipo_fuente = TipoFuente.SITEMAP
    tipo_captura = TipoCaptura.SITEMAP

    def procesar_fuente(self, response: Response, fuente: ContextoFuente) -> Iterable[Any]:
        """Notas del sitemap, o peticiones a los sitemaps hijos si es un índice."""
        tipo, entradas = leer_sitemap(cuerpo_xml(response.body, cargar().tamano_maximo))
        if tipo == "urlset":
            return self._notas(entradas, fuente)
        hijos = recientes(entradas, ahora() - dt.timedelta(days=cargar().antiguedad_dias))
        return [self._hijo(e.url, fuente) for e in hijos[:MAXIMO_SITEMAPS_HIJOS] if es_http(e.url)]

    def _notas(self, entradas: list[Enlace], fuente: ContextoFuente) -> Iterator[Request]:
        """Peticiones de las notas recientes del sitemap."""
        desde = ahora() - dt.timedelta(days=cargar().antiguedad_dias)
        for enlace in recientes(entradas, desde)[:MAXIMO_ENLACES_POR_FUENTE]:
            peticion = self.peticion_nota(enlace, fuente)
            if peticion is not None:
                yield peticion

    def _hijo(self, url: str, fuente: ContextoFuente) -> Request:
        """Petición de un sitemap hijo de un índice."""
        self.estados[fuente.fuente_id].intentadas += 1
        return Request(
            url,
            callback=self.parse_hijo,
            errback=self.falla_nota,
            cb_kwargs={"fuente": fuente},
        )

    def parse_hijo(self, response: Response, fuente: ContextoFuente) -> Iterator[Request]:
        """Notas de un sitemap hijo; si está roto se cuenta como error y se sigue."""
        try:
            tipo, entradas = leer_sitemap(cuerpo_xml(response.body, cargar().tamano_maximo))
        except ErrorDeFuente as exc:
            self.nota_fallida(fuente, str(exc), response.url)
            return
        if tipo == "urlset":
            yield from self._notas(entradas, fuente)
