"""Mediciones de rendimiento y calidad (no corren en make test)."""
