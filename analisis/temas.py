"""Temas de una nota o boletín: por área del boletín y por palabras clave (multietiqueta).

Las palabras clave y el mapeo de áreas están en `analisis/temas.toml` (catálogo editable).
"""

from __future__ import annotations

import logging
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analisis.nlp import BuscadorFrases, sin_acentos

log = logging.getLogger(__name__)

RUTA_TEMAS = Path(__file__).with_name("temas.toml")

TEMAS: tuple[str, ...] = (
    "obras",
    "servicios_publicos",
    "agua",
    "salud",
    "educacion",
    "seguridad",
    "deporte",
    "cultura",
    "desarrollo_social",
    "proteccion_civil",
    "gobierno",
    "economia",
    "medio_ambiente",
)

# Un tema cuenta con al menos UMBRAL_MINIMO de fuerza (una palabra clave fuerte vale 1.0, una
# débil 0.5) y con al menos PROPORCION_DEL_PRIMERO de la fuerza del tema principal: así una nota
# de obras que menciona de pasada "la escuela" no se etiqueta también como educación. Valores
# elegidos a mano con los casos de tests/test_temas.py.
UMBRAL_MINIMO = 1.0
PROPORCION_DEL_PRIMERO = 0.3
PESO_FUERTE = 1.0
PESO_DEBIL = 0.5


@dataclass(frozen=True)
class Catalogo:
    """Buscadores de palabras clave (fuertes y débiles) y áreas de boletín."""

    fuertes: BuscadorFrases
    debiles: BuscadorFrases
    areas: tuple[tuple[str, str], ...]


def leer_catalogo(ruta: Path = RUTA_TEMAS) -> Catalogo:
    """Lee palabras clave y áreas de un TOML con tablas [tema.X] y [areas]."""
    with ruta.open("rb") as archivo:
        datos = tomllib.load(archivo)
    temas = datos["tema"]
    desconocidos = sorted(set(temas) - set(TEMAS))
    if desconocidos:
        raise ValueError(f"temas desconocidos en {ruta}: {', '.join(desconocidos)}")
    return Catalogo(
        fuertes=BuscadorFrases({t: c.get("fuertes", []) for t, c in temas.items()}, por_lema=True),
        debiles=BuscadorFrases({t: c.get("debiles", []) for t, c in temas.items()}, por_lema=True),
        areas=tuple((sin_acentos(a), str(t)) for a, t in datos.get("areas", {}).items()),
    )


@lru_cache(maxsize=1)
def catalogo_base() -> Catalogo:
    """Catálogo de `analisis/temas.toml`, leído una vez."""
    return leer_catalogo()


def tema_de_area(area: str | None) -> str | None:
    """Tema que corresponde al área (dependencia) de un boletín, o None."""
    normal = sin_acentos(area or "")
    return next((tema for clave, tema in catalogo_base().areas if clave in normal), None)


def puntajes(texto: str) -> dict[str, float]:
    """Fuerza de cada tema en el texto (1 por palabra clave fuerte, 0.5 por débil)."""
    catalogo = catalogo_base()
    cuenta: defaultdict[str, float] = defaultdict(float)
    ocupado: set[int] = set()
    for buscador, peso in ((catalogo.fuertes, PESO_FUERTE), (catalogo.debiles, PESO_DEBIL)):
        for c in buscador.buscar(texto):
            if c.inicio not in ocupado:
                cuenta[c.clave] += peso
                ocupado.update(range(c.inicio, c.fin))
    return dict(cuenta)


def clasificar_temas(texto: str, area: str | None = None) -> list[str]:
    """Temas ordenados por fuerza; si el área del boletín tiene tema, ése va primero."""
    cuenta = puntajes(texto)
    piso = max(UMBRAL_MINIMO, PROPORCION_DEL_PRIMERO * max(cuenta.values(), default=0.0))
    orden = sorted(cuenta.items(), key=lambda x: (-x[1], TEMAS.index(x[0])))
    temas = [t for t, p in orden if p >= piso]
    del_area = tema_de_area(area)
    if del_area is None:
        return temas
    return [del_area, *(t for t in temas if t != del_area)]
