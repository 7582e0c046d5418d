"""Semillas de la lista de vigilancia: de un TOML ([[termino]]) a la tabla termino_vigilado."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import TerminoVigilado, TipoEntidad


def terminos_de_archivo(ruta: Path) -> list[TerminoVigilado]:
    """Filas de TerminoVigilado (sin guardar) a partir de un TOML de vigilancia."""
    datos = tomllib.loads(ruta.read_text("utf-8")).get("termino", [])
    return [
        TerminoVigilado(
            tipo=TipoEntidad(t["tipo"]),
            nombre=t["nombre"],
            variantes=list(t.get("variantes", [])),
            cargo=t.get("cargo"),
        )
        for t in datos
    ]


def sembrar_vigilancia(s: Session, ruta: Path) -> int:
    """Carga las semillas sólo si la lista está vacía (la oficina ya pudo editarla); cuántas."""
    if s.scalar(select(func.count()).select_from(TerminoVigilado)):
        return 0
    terminos = terminos_de_archivo(ruta)
    s.add_all(terminos)
    return len(terminos)
