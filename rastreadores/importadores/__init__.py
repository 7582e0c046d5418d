"""Importadores de material capturado a mano: impresos (PDF/OCR), radio/TV, tablas y Facebook."""
