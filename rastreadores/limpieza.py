"""Limpieza del cuerpo extraído: quita líneas de relleno de los portales, nunca párrafos de la nota.

Sólo se quita una línea si es corta y su forma es de relleno ("Lee también:", créditos de foto,
botones de compartir, avisos legales) o si es la lista final de "Notas relacionadas" seguida de
enlaces. Las líneas repetidas se conservan: en tablas, código, preguntas y respuestas o listas
son parte del cuerpo (quitarlas costaba 0.03 de F1 en `readability_otros`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Líneas de "lee también", créditos o compartir más largas que esto son texto de la nota.
LARGO_MAXIMO_LINEA_RUIDO = 220
# Encabezados de secciones de otras notas; sólo se corta desde ellos si están en la parte final
# del texto (a partir de esta fracción de las líneas), para no perder una nota con una caja
# "relacionadas" a media página (calibrado con las 32 páginas de trafilatura_es).
INICIO_SECCION_FINAL = 0.5
# La sección sólo se corta si en las siguientes líneas hay un enlace completo (la lista de otras
# notas): un subtítulo "Más de 300 familias beneficiadas" a media nota no va seguido de enlaces.
LINEAS_TRAS_SECCION = 2
# Proporción del texto de una línea que debe ser texto de enlace para contarla como enlace.
DENSIDAD_ENLACE_COMPLETO = 0.9
# Los enlaces de menos caracteres ("Más", "1") no dicen nada de la línea que los contiene.
LARGO_MINIMO_ENLACE = 4

# Relleno al inicio de la línea, siempre seguido de fin de palabra: "Lee también", "LEA MÁS:",
# "Foto:", "Compartir"; no "Leandro", "Lealtad" ni "Lee Jae-myung".
_RUIDO_INICIO = re.compile(
    r"^\s*[\[(«\"“]?\s*(?:"
    r"(?:lee|lea|leer)\s+(?:tambi[eé]n|m[aá]s|aqu[ií]|la nota)|(?:lee|lea|leer)\s*:|"
    r"(?:te|le|les) (?:puede|podr[ií]a)n? (?:interesar|gustar)|puede interesar(?:te|le)?|"
    r"tambi[eé]n te|te recomendamos|recomendamos|ver tambi[eé]n|mira tambi[eé]n|mira:|"
    r"checa(?:\s+tambi[eé]n|\s*:)|relacionad[oa]s?\s*(?::|$)|m[aá]s informaci[oó]n:|"
    r"sigue leyendo|contin[uú]a leyendo|no te pierdas|s[ií]guenos|[uú]nete|suscr[ií]bete|"
    r"comparte|compartir|descarga nuestra|da clic|haz clic|click aqu[ií]|"
    r"foto(?:s|graf[ií]a)?\s*:|imagen\s*:|cr[eé]ditos?\s*:|v[ií]deo\s*:|cortes[ií]a\s*:|"
    r"publicidad|anuncio|advertisement"
    r")(?!\w)",
    re.IGNORECASE,
)
# Avisos legales: al inicio de la línea ("© 2026 Diario...") o con sus fórmulas fijas; una nota
# sobre derechos de autor que menciona "copyright" a media frase no se toca.
_LEGAL = re.compile(
    r"^\W*(?:©|\(c\)|copyright\b)|©\s*\d{4}|todos los derechos reservados|all rights reserved|"
    r"queda prohibida la reproducci[oó]n",
    re.IGNORECASE,
)
_REDES_SOCIALES = re.compile(
    r"s[ií]guenos en|s[ií]gue(?:nos)? en (?:facebook|twitter|instagram|google news|whatsapp)|"
    r"[uú]nete a nuestro canal|suscr[ií]bete a nuestro",
    re.IGNORECASE,
)
_REDES = re.compile(
    r"^(?:\W*(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|correo|e-?mail|"
    r"imprimir|copiar (?:enlace|link)|compartir|comentarios?|messenger|reddit)\W*)+$",
    re.IGNORECASE,
)
_SECCION_RELACIONADAS = re.compile(
    r"^\s*(?:(?:notas|noticias|art[ií]culos|temas|contenidos?|historias) relacionad[oa]s|"
    r"m[aá]s (?:sobre|noticias|de|en)\b.{0,40}|lo m[aá]s (?:le[ií]do|visto|reciente)|"
    r"(?:tambi[eé]n )?te (?:puede|podr[ií]a) interesar|te recomendamos|recomendad[oa]s|"
    r"sigue leyendo|otras noticias|[uú]ltimas noticias)\s*:?\s*$",
    re.IGNORECASE,
)
_ESPACIOS = re.compile(r"[ \t\u00a0]+")


def normal(linea: str) -> str:
    """Línea con espacios normalizados, para compararla con otras y con textos de enlaces."""
    return " ".join(linea.split())


def textos_de_enlaces(arbol: Any) -> frozenset[str]:
    """Textos normalizados de los enlaces <a> de la página."""
    textos = (normal(str(a.text_content())) for a in arbol.iter("a"))
    return frozenset(t for t in textos if len(t) >= LARGO_MINIMO_ENLACE)


def densidad_de_enlaces(linea: str, enlaces: frozenset[str]) -> float:
    """Fracción de la línea que es texto de enlaces (1.0 si toda la línea es un enlace)."""
    plana = normal(linea)
    if not plana:
        return 0.0
    if plana in enlaces:
        return 1.0
    cubierto = sum(len(e) for e in enlaces if e in plana)
    return min(cubierto / len(plana), 1.0)


def es_ruido(linea: str) -> bool:
    """¿La línea es "Lee también", créditos, compartir o un aviso legal y no texto de la nota?"""
    if len(linea) > LARGO_MAXIMO_LINEA_RUIDO:
        return False
    return bool(
        _RUIDO_INICIO.match(linea)
        or _REDES.match(linea)
        or _LEGAL.search(linea)
        or _REDES_SOCIALES.search(linea)
    )


def _sigue_lista_de_enlaces(lineas: list[str], desde: int, enlaces: frozenset[str] | None) -> bool:
    """¿Tras el encabezado viene una línea que es toda un enlace? (sin enlaces conocidos, sí)."""
    if enlaces is None:
        return True
    siguientes = [x for x in lineas[desde + 1 :] if x.strip()][:LINEAS_TRAS_SECCION]
    return any(densidad_de_enlaces(x, enlaces) >= DENSIDAD_ENLACE_COMPLETO for x in siguientes)


def sin_relacionadas(lineas: list[str], enlaces: frozenset[str] | None = None) -> list[str]:
    """Corta la sección final de "Notas relacionadas" / "Lo más leído" (títulos de otras notas)."""
    for i, linea in enumerate(lineas):
        if (
            i >= len(lineas) * INICIO_SECCION_FINAL
            and _SECCION_RELACIONADAS.match(linea)
            and _sigue_lista_de_enlaces(lineas, i, enlaces)
        ):
            return lineas[:i]
    return lineas


def _lineas_limpias(lineas: Iterable[str]) -> Iterable[str]:
    """Líneas con espacios normalizados, sin vacías ni ruido."""
    for cruda in lineas:
        linea = _ESPACIOS.sub(" ", cruda).strip()
        if linea and not es_ruido(linea):
            yield linea


def limpiar_texto(texto: str, enlaces: frozenset[str] | None = None) -> str:
    """Quita del cuerpo las líneas de relleno y la sección final de notas relacionadas."""
    return "\n".join(_lineas_limpias(sin_relacionadas(texto.splitlines(), enlaces)))
