"""Paletas y etiquetas fijas: el mismo color y la misma palabra en todas las páginas y reportes."""

from __future__ import annotations

# Paletas fijas: el mismo color significa lo mismo en todas las páginas y reportes.
# Tono: verde/gris/rojo de ColorBrewer RdYlGn (distinguibles en daltonismo rojo-verde por brillo).
PALETA_TONO = {
    "positivo": "#1a9850",
    "neutral": "#8c8c8c",
    "negativo": "#d73027",
    "sin clasificar": "#d9d9d9",
}
# Niveles de retoma: azules de más (íntegra) a menos (reescrita) intensos.
PALETA_NIVEL = {"integra": "#08519c", "parcial": "#4292c6", "reescrita": "#9ecae1"}
COLOR_MARKDOWN = {
    "positivo": "green",
    "neutral": "gray",
    "negativo": "red",
    "sin clasificar": "gray",
}
ETIQUETA_NIVEL = {"integra": "íntegra", "parcial": "parcial", "reescrita": "reescrita"}
ETIQUETA_TIPO = {
    "television": "televisión",
    "red_social": "red social",
    "seccion": "sección",
    "ocr": "OCR",
    "pdf": "PDF",
    "rss": "RSS",
    "importacion": "importación",
}
