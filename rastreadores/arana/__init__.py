"""Paquete Scrapy del rastreador: ajustes, items, middlewares, pipelines y arañas por estrategia."""
