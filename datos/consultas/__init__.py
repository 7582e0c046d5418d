"""Lectura de la base para el tablero y los reportes; devuelve DataFrames o dataclasses."""
