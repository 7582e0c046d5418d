"""Capa de datos: configuración, modelos, sesión, migraciones, escritura y lectura."""
