"""Componentes de las páginas de la oficina: un módulo por página y `comun` con lo compartido."""
