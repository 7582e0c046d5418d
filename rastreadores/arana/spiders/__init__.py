"""Una araña genérica por estrategia de recolección (los medios son datos, no código)."""

from rastreadores.arana.spiders.pdf import AranaPdf
from rastreadores.arana.spiders.rss import AranaRss
from rastreadores.arana.spiders.seccion import AranaSeccion
from rastreadores.arana.spiders.sitemap import AranaSitemap

ARANAS = (AranaRss, AranaSitemap, AranaSeccion, AranaPdf)

__all__ = ["ARANAS", "AranaPdf", "AranaRss", "AranaSeccion", "AranaSitemap"]
