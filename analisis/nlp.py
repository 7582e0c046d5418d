"""Único módulo que importa spaCy: fichas normalizadas, oraciones y búsqueda de frases.

Se usa sólo `spacy.blank("es")` con el lematizador por tablas de `spacy-lookups-data`; no se
descarga ningún modelo. Todas las posiciones que se devuelven son de caracteres en el texto
original (sin normalizar), para que quien llama pueda subrayar o recortar.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from analisis import normalizar

log = logging.getLogger(__name__)

# Los textos de nota rara vez pasan de 20 mil caracteres; se corta para no gastar memoria en
# PDFs completos pegados por error (spaCy no tiene límite práctico con la tubería vacía).
MAXIMO_CARACTERES = 200_000


@dataclass(frozen=True)
class Ficha:
    """Una palabra (o signo) del texto con su forma normalizada y su lema sin acentos."""

    texto: str
    norma: str
    lema: str
    inicio: int
    fin: int
    es_palabra: bool


@dataclass(frozen=True)
class Coincidencia:
    """Una frase encontrada: su clave y posiciones de caracteres en el texto original."""

    clave: str
    inicio: int
    fin: int


def sin_acentos(texto: str) -> str:
    """Minúsculas sin diacríticos (á→a, ü→u, ñ→n)."""
    return normalizar.sin_acentos(texto.lower())


@lru_cache(maxsize=1)
def _tuberia() -> Any:
    """spaCy vacío en español con separador de oraciones y lematizador por tablas."""
    nlp = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def _tabla_lemas() -> Any:
    """Tabla de lemas de spacy-lookups-data (sensible a mayúsculas: se consulta en minúsculas)."""
    return _tuberia().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


@lru_cache(maxsize=65_536)
def lema(palabra: str) -> str:
    """Lema sin acentos de una palabra (la palabra misma si no está en la tabla)."""
    minuscula = palabra.lower()
    return sin_acentos(str(_tabla_lemas().get(minuscula, minuscula)))


def _normalizar(doc: Doc) -> Doc:
    """Escribe en cada token la norma y el lema sin acentos (lo que usan los buscadores)."""
    for token in doc:
        token.norm_ = _norma(token.text)
        token.lemma_ = lema(token.text)
    return doc


@lru_cache(maxsize=65_536)
def _norma(palabra: str) -> str:
    """sin_acentos de una palabra, en caché: las palabras de las notas se repiten mucho."""
    return sin_acentos(palabra)


def _documento(texto: str) -> Doc:
    """Documento de spaCy con oraciones, normas y lemas sin acentos."""
    return _normalizar(_tuberia()(texto[:MAXIMO_CARACTERES]))


def _ficha(token: Any) -> Ficha:
    """Convierte un token de spaCy en una Ficha inmutable."""
    palabra = not (token.is_punct or token.is_space)
    fin = token.idx + len(token.text)
    return Ficha(token.text, token.norm_, token.lemma_, token.idx, fin, palabra)


def fichas(texto: str) -> list[Ficha]:
    """Fichas (tokens) del texto, con posiciones en el original."""
    return [_ficha(t) for t in _documento(texto) if not t.is_space]


def oraciones(texto: str) -> list[list[Ficha]]:
    """Fichas agrupadas por oración: puntuación (sentencizer de spaCy) o salto de línea.

    El salto de línea también corta porque el título llega como "título\n\ntexto" sin punto.
    """
    grupos: list[list[Ficha]] = []
    for oracion in _documento(texto).sents:
        grupos.append([])
        for token in oracion:
            if token.is_space or token.text.isspace():
                if "\n" in token.text and grupos[-1]:
                    grupos.append([])
                continue
            grupos[-1].append(_ficha(token))
    return [g for g in grupos if g]


# Los demás módulos nombran el documento de spaCy con este alias: sólo este módulo importa spaCy.
DocNormalizado = Doc


def documento_para_buscar(texto: str) -> Doc:
    """Documento normalizado sin separar oraciones (sirve a varios buscadores a la vez)."""
    return _normalizar(_tuberia().make_doc(texto[:MAXIMO_CARACTERES]))


class BuscadorFrases:
    """PhraseMatcher insensible a mayúsculas y acentos, por forma (NORM) o por lema (LEMMA)."""

    def __init__(self, frases: Mapping[str, Iterable[str]], *, por_lema: bool = False) -> None:
        """Prepara el buscador con {clave: [frases]}."""
        nlp = _tuberia()
        self._matcher = PhraseMatcher(nlp.vocab, attr="LEMMA" if por_lema else "NORM")
        for clave, lista in frases.items():
            patrones = [_normalizar(nlp.make_doc(f)) for f in lista if f.strip()]
            if patrones:
                self._matcher.add(clave, patrones)

    def buscar(self, texto: str) -> list[Coincidencia]:
        """Todas las coincidencias (pueden traslaparse), en orden de aparición."""
        return self.buscar_en(documento_para_buscar(texto))

    def buscar_en(self, doc: Doc) -> list[Coincidencia]:
        """Coincidencias sobre un documento ya normalizado."""
        salida = []
        for id_clave, ini, fin in self._matcher(doc):
            tramo = doc[ini:fin]
            clave = doc.vocab.strings[id_clave]
            salida.append(Coincidencia(clave, tramo.start_char, tramo.end_char))
        return sorted(salida, key=lambda c: (c.inicio, -c.fin))


def sin_traslapes(coincidencias: Sequence[Coincidencia]) -> list[Coincidencia]:
    """Conserva las coincidencias más largas cuando se traslapan (como spacy.util.filter_spans)."""
    elegidas: list[Coincidencia] = []
    for c in sorted(coincidencias, key=lambda c: (-(c.fin - c.inicio), c.inicio)):
        if all(c.fin <= e.inicio or c.inicio >= e.fin for e in elegidas):
            elegidas.append(c)
    return sorted(elegidas, key=lambda c: c.inicio)
