"""Recolección de notas: extracción, fechas, feeds, URLs y arañas de Scrapy."""
