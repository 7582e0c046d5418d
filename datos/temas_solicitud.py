"""Catálogo de temas de la atención ciudadana (plazo y dependencia por omisión)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

RUTA_TEMAS = Path(__file__).resolve().parent / "temas_solicitud.toml"
# Datos personales de una solicitud: sólo los ven los roles que los necesitan.
CAMPOS_CONTACTO = ("contacto_nombre", "contacto_telefono", "contacto_correo")


@dataclass(frozen=True)
class Tema:
    """Un tema de atención con su plazo y su dependencia por omisión."""

    clave: str
    nombre: str
    dias: int
    dependencia: str
    palabras: tuple[str, ...]


@functools.cache
def temas() -> dict[str, Tema]:
    """Catálogo de temas (datos/temas_solicitud.toml), por clave."""
    crudo = tomllib.loads(RUTA_TEMAS.read_text(encoding="utf-8"))
    return {
        t["clave"]: Tema(
            t["clave"], t["nombre"], int(t["dias"]), t["dependencia"], tuple(t["palabras"])
        )
        for t in crudo["tema"]
    }
