"""Escritura en la base. Las funciones reciben la sesión y no hacen commit."""
