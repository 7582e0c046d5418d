"""Araña de páginas de sección: los enlaces que parecen notas (o cumplen el patrón de la fuente)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse

from datos.modelos import TipoCaptura, TipoFuente
from rastreadores.arana.items import ContextoFuente, Enlace
from rastreadores.arana.spiders.base import AranaBase, ErrorDeFuente, es_http
from rastreadores.urls import canonizar, sitio_registrable

# Sin patrón en la fuente, una ruta parece nota si su último tramo es un "slug" de 3+ palabras
# (tampacan-inaugura-la-clinica) o lleva un número largo (id de nota o fecha 2026/11/26);
# así se dejan fuera menús, etiquetas y paginación, que en los portales revisados usan 1-2 palabras.
_SLUG = re.compile(r"[a-z0-9áéíóúñü]+(?:-[a-z0-9áéíóúñü]+){2,}", re.IGNORECASE)
_NUMERO = re.compile(r"\d{4,}")
_NO_NOTA = re.compile(
    r"/(?:tag|tags|etiqueta|categoria|category|autor|author|page|pagina|buscar|search)/", re.I
)


def parece_nota(url: str) -> bool:
    """Heurística de URL de nota para secciones sin patrón configurado."""
    ruta = urlsplit(url).path
    if _NO_NOTA.search(ruta):
        return False
    ultimo = ruta.rstrip("/").rsplit("/", 1)[-1]
    return bool(_SLUG.search(ultimo) or _NUMERO.search(ruta))


class AranaSeccion(AranaBase):
    """Lee páginas de sección y pide las notas enlazadas del mismo sitio."""

    name = "seccion"
    tipo_fuente = TipoFuente.SECCION
    tipo_captura = TipoCaptura.SECCION

    def enlaces(self, response: Response, fuente: ContextoFuente) -> Iterator[Enlace]:
        """Enlaces del mismo sitio que cumplen el patrón o parecen nota."""
        if not isinstance(response, TextResponse):
            raise ErrorDeFuente("la sección no es una página HTML")
        patron = re.compile(fuente.patron_enlaces) if fuente.patron_enlaces else None
        sitio = sitio_registrable(response.url)
        propia = canonizar(response.url)
        for a in response.css("a[href]"):
            url = response.urljoin(a.attrib["href"].strip())
            if not es_http(url) or sitio_registrable(url) != sitio or canonizar(url) == propia:
                continue
            if patron.search(url) if patron else parece_nota(url):
                titulo = " ".join(a.css("::text").getall()).strip() or None
                yield Enlace(url=url, titulo=titulo)
