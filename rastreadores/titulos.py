"""Título de una nota web: el de trafilatura salvo que la página dé pruebas de uno mejor.

Se parte del título que da la biblioteca (JSON-LD, og:title, <h1> o <title>) y sólo se cambia
cuando la misma página lo justifica:
1. metadatos recortados en unas comillas mal escapadas: el <h1> sigue con la cita completa;
2. el título es «<h1> | algo»: el <h1> es la cabeza y lo demás es el medio, la sección o la firma;
3. termina en « | Medio» y «Medio» es el og:site_name: se quita el nombre del medio;
4. el título es un <h1> que ningún metadato ni el <title> respaldan (un logotipo, una sección o
   la primera palabra del texto) y hay <title>: se usa el <title> sin el nombre del medio.
"""

from __future__ import annotations

import re
from typing import Any

from rastreadores.fechas import objetos_json_ld

_SEPARADOR = re.compile(r"\s+[|\-–—:·»/]\s+|\s*[|｜]\s*")
_COMILLA = re.compile(r"^\s*[\"“”«'‘’]")
_SIN_LETRAS = re.compile(r"\W+")


def _espacios(texto: str | None) -> str | None:
    """Texto con espacios normalizados, o None si queda vacío."""
    return " ".join(texto.split()) or None if texto else None


def _plano(texto: str) -> str:
    """Sólo letras y números en minúsculas, para comparar nombres de medios."""
    return _SIN_LETRAS.sub("", texto.lower())


def meta(arbol: Any, *claves: str) -> str | None:
    """Primer valor no vacío de <meta property|name=clave content=...>."""
    for clave in claves:
        for atributo in ("property", "name"):
            valores = arbol.xpath(f'//meta[@{atributo}="{clave}"]/@content')
            if valores and str(valores[0]).strip():
                return str(valores[0]).strip()
    return None


def _es_el_medio(pieza: str, sitio: str | None) -> bool:
    """¿La pieza es el nombre del medio (igual, o uno contiene al otro: «Golem.de», «Golem»)?"""
    if not sitio:
        return False
    a, b = _plano(pieza), _plano(sitio)
    return bool(a and b) and (a == b or a in b or b in a)


def sin_nombre_del_medio(titulo: str, sitio: str | None) -> str:
    """Quita « | Medio» o « - Medio» del final si coincide con el nombre del sitio."""
    separadores = list(_SEPARADOR.finditer(titulo))
    if separadores and _es_el_medio(titulo[separadores[-1].end() :], sitio):
        return titulo[: separadores[-1].start()].strip() or titulo
    return titulo


def _sigue_con_separador(titulo: str, cabeza: str) -> bool:
    """¿El título es la cabeza seguida de un separador y algo más («<h1> | Medio»)?"""
    return titulo != cabeza and bool(_SEPARADOR.match(titulo.removeprefix(cabeza)))


def _encabezado(arbol: Any) -> str | None:
    """Texto del primer <h1> con letras."""
    for h1 in arbol.xpath("//h1"):
        texto = _espacios(str(h1.text_content()))
        if texto and _plano(texto):
            return texto
    return None


def _respaldado(cabeza: str, arbol: Any, sitio: str | None) -> bool:
    """¿Algún metadato de título o el <title> dice lo mismo que la cabeza (o la cabeza + medio)?"""
    otros = [meta(arbol, c) for c in ("og:title", "twitter:title", "title")]
    otros.append(_espacios(arbol.findtext(".//title")))
    otros += [
        str(o["headline"]) for o in objetos_json_ld(arbol) if isinstance(o.get("headline"), str)
    ]
    for otro in (_espacios(x) for x in otros if x):
        if otro and (otro == cabeza or _sigue_con_separador(otro, cabeza)):
            return True
        if otro and sin_nombre_del_medio(otro, sitio) == cabeza:
            return True
    return False


def titulo_de_pagina(arbol: Any, de_biblioteca: str | None) -> str | None:
    """Título de la nota a partir del de la biblioteca y las pruebas de la propia página."""
    titulo = _espacios(de_biblioteca) or _espacios(meta(arbol, "og:title"))
    cabeza = _encabezado(arbol)
    sitio = meta(arbol, "og:site_name", "application-name")
    documento = _espacios(arbol.findtext(".//title"))
    if not titulo:
        titulo = cabeza or documento
        return sin_nombre_del_medio(titulo, sitio) if titulo else None
    if cabeza and cabeza.startswith(titulo) and _COMILLA.match(cabeza[len(titulo) :]):
        return cabeza
    if cabeza and _sigue_con_separador(titulo, cabeza):
        return cabeza
    if cabeza == titulo and documento and not _respaldado(cabeza, arbol, sitio):
        return sin_nombre_del_medio(documento, sitio)
    return sin_nombre_del_medio(titulo, sitio)
