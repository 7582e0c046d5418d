"""Trabajo de la oficina sin interfaz: documentos, envíos por correo y transparencia."""
