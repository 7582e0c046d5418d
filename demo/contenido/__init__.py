"""Textos y plantillas del mundo de demostración (datos, no código)."""
