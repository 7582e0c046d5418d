"""Análisis puro (emparejamiento, tono, menciones, métricas) y su único adaptador a la base."""
