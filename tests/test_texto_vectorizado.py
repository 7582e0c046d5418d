"""Las vías vectorizadas de `analisis.texto` dan lo mismo que las de una palabra a la vez."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analisis import texto
from analisis.texto import (
    es_termino,
    hashes_palabras,
    hashes_y_terminos,
    palabras,
    sin_acentos,
    terminos,
)

CORPUS = Path(__file__).parent / "datos" / "emparejamiento"
RAROS = [
    "Año 2026: ١٢٣ niños y ² cosas; ۴۵ x Ωmega ½ ñandú 3,5 millones 1.200 Ünïcödé ﬁn",
    "La Ciudad De Ávila y Straße Groß, ŁÓDŹ Ĳssel, İstanbul, Ñandú Pérez, ΣΟΦΙΑ Κ, Ǆemal",
    "rehabi-\nlitación de la calle Juárez; l’Hôpital; Việt Nam; 😀 emoji; \ud800 suelto á",
]


def _textos() -> list[str]:
    """Textos del corpus de desarrollo y casos raros (otros alfabetos, ligaduras, sustitutos)."""
    lineas = [
        json.loads(linea)["texto"]
        for nombre in ("boletines.jsonl", "notas.jsonl")
        for linea in (CORPUS / nombre).read_text(encoding="utf-8").splitlines()
        if linea.strip()
    ]
    return lineas[::7] + RAROS


@pytest.mark.parametrize("cadena", _textos())
def test_acentos_con_numpy_igual_que_translate(cadena: str) -> None:
    """La traducción con arreglos es la de `str.translate` con la tabla."""
    tabla = texto._TABLA_SIN_ACENTOS
    assert texto._traducir(cadena) == cadena.translate(tabla)
    assert texto._traducir(cadena.lower()) == cadena.lower().translate(tabla)


@pytest.mark.parametrize("cadena", _textos())
def test_hashes_y_terminos_igual_que_palabra_por_palabra(cadena: str) -> None:
    """Hashes, lemas y máscara de términos coinciden con la vía palabra por palabra."""
    normales = palabras(cadena.encode("utf-8", "replace").decode("utf-8"))
    hashes, lemas, son = hashes_y_terminos(normales)
    assert np.array_equal(hashes, hashes_palabras(normales))
    assert np.array_equal(lemas[son], hashes_palabras(terminos(normales)))
    assert son.tolist() == [es_termino(p) for p in normales]


@pytest.mark.parametrize("cadena", _textos())
def test_nombres_propios_igual_que_con_nfkd(cadena: str) -> None:
    """La normalización rápida de un nombre es la de NFKD sobre `casefold`."""
    piezas = cadena.split()
    for i in range(0, len(piezas), 3):
        nombre = piezas[i : i + 3]
        assert texto._normal(nombre) == sin_acentos(" ".join(nombre).casefold())
