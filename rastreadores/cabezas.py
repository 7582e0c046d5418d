"""Cabeza (título) de una página impresa: salta la cabeza del diario, la fecha y las secciones.

La usan el importador de impresos (PDF y fotos con OCR) y la araña de ediciones PDF.
"""

from __future__ import annotations

import re

from analisis.normalizar import MESES, plegar

# Un título es la primera línea con al menos 8 letras (descarta folios "P. 3", fechas y basura
# de OCR como "| —"); más de 200 caracteres ya es un párrafo y se recorta.
MINIMO_LETRAS_TITULO = 8
LARGO_MAXIMO_TITULO = 200
# Una cabeza de nota impresa tiene al menos 15 caracteres: menos es un folio, un cintillo o una
# sección ("Página 5", "REGIÓN", "MARTES 25"), y la mayoría de sus caracteres visibles son letras
# (la basura de OCR como "| — ¦ 3" o una cifra suelta no lo son).
LARGO_MINIMO_CABEZA = 15
PROPORCION_LETRAS_CABEZA = 0.6
# Las secciones del diario ("MUNICIPIOS", "LA HUASTECA") son de una o dos palabras en mayúsculas.
PALABRAS_MAXIMAS_SECCION = 2
LETRA = re.compile(r"[^\W\d_]")
# La línea de edición junta piezas con puntos medios, barras o rayas: "EL MAÑANERO DE VALLES ·
# REGIÓN · PÁGINA 4 · 2 de marzo de 2026"; cada pieza se revisa por separado.
_SEPARADOR_EDICION = re.compile(r"\s*[·•|]\s*|\s+[–—-]\s+")
_NO_ALFANUMERICO = re.compile(r"[\W_]+")
_ARTICULO = re.compile(r"^(?:el|la|los|las) ")
_MESES = "|".join((*MESES, "setiembre"))
_DIAS = "lunes|martes|miercoles|jueves|viernes|sabado|domingo"
# Fecha de la edición, con el lugar antes y separado por comas ("Tampacán, S.L.P., jueves 26 de
# noviembre de 2026"). Sin la coma, "Cierran inscripciones el 15 de diciembre" es una cabeza.
_FECHA_EDICION = re.compile(
    rf"(?:[^,]{{1,40}},\s*){{0,3}}(?:(?:{_DIAS}),?\s+)?"
    rf"(?:\d{{1,2}}\s+de\s+(?:{_MESES})(?:\s+del?\s+\d{{4}})?"
    rf"|(?:{_MESES})\s+\d{{1,2}},?\s+(?:de\s+)?\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})\.?"
)
# Folios de la edición: "Página 5", "Pág. 5", "Año 12", "Núm. 3,456", "Edición impresa", "Tomo III".
_FOLIO = re.compile(
    r"(?:pagina|pag|p|ano|numero|num|no|edicion|tomo|epoca|seccion|precio)"
    r"(?:\.|[.\s]\s*\S{1,10})?"
)


def letras(texto: str) -> int:
    """Cuántas letras tiene el texto."""
    return len(LETRA.findall(texto))


def _plano(texto: str) -> str:
    """Minúsculas sin acentos y con espacios normalizados, para comparar piezas de la cabeza."""
    return plegar(texto)


def _sin_articulo(texto: str) -> str:
    """Nombre comparable: sólo letras y números, sin el artículo inicial ("El Heraldo")."""
    return _ARTICULO.sub("", " ".join(_NO_ALFANUMERICO.sub(" ", _plano(texto)).split()))


def _es_seccion(pieza: str) -> bool:
    """Nombre de sección: una o dos palabras en mayúsculas ("MUNICIPIOS", "REGIÓN")."""
    palabras = pieza.split()
    return pieza.isupper() and 0 < len(palabras) <= PALABRAS_MAXIMAS_SECCION


def _es_pieza_de_edicion(pieza: str, nombre: str) -> bool:
    """Pieza de la línea de edición: el diario, la fecha, un folio, la sección o sólo cifras."""
    plano = _plano(pieza)
    return (
        letras(pieza) == 0
        or (bool(nombre) and _sin_articulo(pieza) == nombre)
        or _FECHA_EDICION.fullmatch(plano) is not None
        or _FOLIO.fullmatch(plano) is not None
        or _es_seccion(pieza)
    )


def _es_linea_de_edicion(linea: str, nombre: str) -> bool:
    """Línea hecha sólo de piezas de edición (cabeza del diario, fecha, página, sección)."""
    piezas = [p for p in _SEPARADOR_EDICION.split(linea) if p.strip()]
    return all(_es_pieza_de_edicion(p, nombre) for p in piezas)


def _parece_cabeza(linea: str) -> bool:
    """Largo de cabeza de nota y casi todo letras."""
    visibles = len(linea.replace(" ", ""))
    cuantas = letras(linea)
    return (
        LARGO_MINIMO_CABEZA <= len(linea) <= LARGO_MAXIMO_TITULO
        and cuantas >= MINIMO_LETRAS_TITULO
        and cuantas >= PROPORCION_LETRAS_CABEZA * visibles
    )


def _primera_significativa(lineas: list[str]) -> str | None:
    """Primera línea con al menos MINIMO_LETRAS_TITULO letras, recortada."""
    return next(
        (x[:LARGO_MAXIMO_TITULO] for x in lineas if letras(x) >= MINIMO_LETRAS_TITULO), None
    )


def titulo_de(texto: str, numero: int, *, medio: str = "") -> str:
    """Cabeza de la nota: primera línea que parece título tras saltar la cabeza del diario."""
    lineas = [" ".join(linea.split()) for linea in texto.splitlines()]
    nombre = _sin_articulo(medio)
    candidatas = [x for x in lineas if x and not _es_linea_de_edicion(x, nombre)]
    # Sin cabeza clara se conserva el criterio anterior: primera línea con letras suficientes,
    # primero sin las líneas de edición y, si sólo había ésas, con todas.
    return (
        next((x for x in candidatas if _parece_cabeza(x)), None)
        or _primera_significativa(candidatas)
        or _primera_significativa(lineas)
        or f"Página {numero}"
    )
