"""Las vías vectorizadas de `analisis.texto` dan lo mismo que las de una palabra a la vez."""

from __future__ import annotations

import gzip
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
from tests.conftest import datos_compartidos

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


def _iguales(a: texto.HashesTexto, cadena: str) -> bool:
    """Los hashes por arreglos son los de `hashes_y_terminos(palabras(cadena))`."""
    hashes, lemas, son = hashes_y_terminos(palabras(cadena))
    return (
        np.array_equal(a.palabras, hashes)
        and np.array_equal(a.lemas, lemas)
        and np.array_equal(a.terminos, son)
    )


MAS_RAROS = [
    "",
    "x",
    "1,200.50 y 3..5, 7.- ½ ² x²y covid19 19covid 1.2.3",
    "a_b __ x-y  - guion  suelto -\n otro mayor's d’Or ‘cita’",
    "palabra\u00adpartida por guion suave y ΟΔΟΣ ΣΟΦΙΑΣ final",
    "𝐀bc 😀😀 ǅemal ﬁn Straße " + "z" * 90 + " fin",
]


@pytest.mark.parametrize("cadena", _textos() + MAS_RAROS)
def test_hashes_del_texto_igual_que_por_cadenas(cadena: str) -> None:
    """Los hashes sin una cadena por palabra dan lo mismo que la vía de las cadenas."""
    assert _iguales(texto.hashes_del_texto(cadena), cadena)


def test_tanda_igual_que_uno_por_uno() -> None:
    """Unidos en una tanda, cada texto da los mismos hashes que solo (el separador no une nada)."""
    cadenas = _textos() + MAS_RAROS
    tanda = texto.hashes_de_textos(cadenas)
    assert len(tanda) == len(cadenas)
    assert all(_iguales(h, c) for h, c in zip(tanda, cadenas, strict=True))
    assert texto.hashes_de_textos([]) == []


def test_paginas_reales_de_muchos_idiomas() -> None:
    """HTML crudo de páginas reales (muchos idiomas y alfabetos): mismos hashes en tanda."""
    carpeta = datos_compartidos("paginas", "readability_otros")
    paginas = [
        gzip.decompress(ruta.read_bytes()).decode("utf-8", errors="surrogateescape")
        for ruta in sorted(carpeta.glob("*/source.html.gz"))
    ]
    assert len(paginas) > 50
    tanda = texto.hashes_de_textos(paginas)
    assert all(_iguales(h, c) for h, c in zip(tanda, paginas, strict=True))
