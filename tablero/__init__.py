"""Tablero Streamlit del monitoreo: páginas, acceso a datos con caché y componentes."""
