"""Araña de feeds RSS/Atom: cada entrada es un enlace a nota."""

from __future__ import annotations

from collections.abc import Iterator

from scrapy.http import Response

from datos.modelos import TipoCaptura, TipoFuente
from rastreadores.arana.items import ContextoFuente, Enlace
from rastreadores.arana.spiders.base import AranaBase, ErrorDeFuente
from rastreadores.feeds import FeedIlegible, leer_feed


class AranaRss(AranaBase):
    """Lee los feeds vencidos y pide las notas de sus entradas."""

    name = "rss"
    tipo_fuente = TipoFuente.RSS
    tipo_captura = TipoCaptura.RSS

    def enlaces(self, response: Response, fuente: ContextoFuente) -> Iterator[Enlace]:
        """Entradas del feed con enlace; FeedIlegible se vuelve falla de la fuente."""
        tipo = response.headers.get("Content-Type")
        try:
            feed = leer_feed(response.body, response.url, tipo.decode("latin-1") if tipo else None)
        except FeedIlegible as exc:
            raise ErrorDeFuente(f"feed ilegible: {exc}") from exc
        for entrada in feed.entradas:
            if entrada.enlace:
                yield Enlace(
                    url=response.urljoin(entrada.enlace),
                    titulo=entrada.titulo,
                    fecha=entrada.fecha,
                    resumen=entrada.resumen,
                    actualizada=entrada.actualizada,
                )
