"""Extracción de notas de páginas HTML: trafilatura (sólo aquí) más una limpieza propia."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.html
import trafilatura

from rastreadores.codificacion import decodificar
from rastreadores.fechas import es_fecha_sana, fecha_htmldate, fecha_publicacion, valor_de_fecha
from rastreadores.limpieza import limpiar_texto, textos_de_enlaces
from rastreadores.seleccion import elegir_texto
from rastreadores.titulos import meta, titulo_de_pagina

log = logging.getLogger(__name__)

ZONA_POR_OMISION = ZoneInfo("America/Mexico_City")
# Páginas más grandes se recortan: ninguna nota real pasa de ~2 MB de HTML y trafilatura tarda
# segundos por MB; 5 MB deja margen para portales con mucho JavaScript en línea.
TAMANO_MAXIMO = 5 * 1024 * 1024
# Palabras mínimas para considerar que una página es una nota (y no portada, galería o error):
# las notas breves de los medios locales rondan 80-150 palabras; las portadas extraídas por
# trafilatura suelen dar < 40 palabras de texto corrido.
PALABRAS_MINIMAS_NOTA = 60
# Modos de trafilatura entre los que se elige el cuerpo por acuerdo (rastreadores/seleccion.py);
# ante un empate gana el primero: precisión, luego equilibrado, luego exhaustividad.
MODOS = ("precision", "equilibrado", "exhaustividad")
MAXIMO_IMAGENES = 20

_POR = re.compile(r"^(?:por|by)\s*:?\s+", re.IGNORECASE)
_RESTOS_DE_FIRMA = re.compile(
    r"\s*(?:tiempo de lectura|hora de publicaci[oó]n|fecha de publicaci[oó]n|publicado)\b.*$",
    re.IGNORECASE,
)
_IMAGEN_DESCARTABLE = re.compile(r"(?:logo|icon|sprite|pixel|avatar|placeholder|blank)", re.I)


@dataclass(frozen=True)
class Extraccion:
    """Lo extraído de una página: campos None si no se encontraron."""

    titulo: str | None
    texto: str | None
    fecha: datetime | None
    autor: str | None
    canonica: str | None
    imagenes: tuple[str, ...]
    idioma: str | None


VACIA = Extraccion(None, None, None, None, None, (), None)


def _arbol(html: str) -> Any:
    """Árbol lxml de la página, o None si no se puede analizar."""
    try:
        return lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError, lxml.etree.XMLSyntaxError):
        return None


def _nodos(arbol: Any, selector: str) -> list[Any]:
    """Elementos que cumplen un selector CSS o XPath (XPath si empieza con / o ()."""
    try:
        if selector.lstrip().startswith(("/", "(", "./")):
            resultado = arbol.xpath(selector)
            return resultado if isinstance(resultado, list) else [resultado]
        return list(arbol.cssselect(selector))
    except Exception:  # selector mal escrito en la configuración de la fuente
        log.warning("selector inválido: %r", selector)
        return []


def _texto_de(nodos: list[Any]) -> str | None:
    """Texto de los nodos (o cadenas de XPath) unido por saltos de línea, o None si vacío."""
    partes = []
    for nodo in nodos:
        if not hasattr(nodo, "text_content"):  # cadenas, atributos o números de XPath
            crudo = nodo
        else:  # un <time datetime> vale por su atributo, no por el texto visible
            crudo = nodo.get("datetime") or nodo.text_content()
        partes.append(re.sub(r"[ \t\u00a0]+", " ", str(crudo)).strip())
    texto = "\n".join(p for p in partes if p)
    return texto or None


def _por_selectores(arbol: Any, selectores: Mapping[str, str]) -> dict[str, str]:
    """Valores de texto de los selectores de la fuente que encontraron algo."""
    valores = {}
    for campo, selector in selectores.items():
        texto = _texto_de(_nodos(arbol, selector)) if selector else None
        if texto:
            valores[campo] = texto
    return valores


def _trafilatura(html: str, url: str | None, modo: str, *, metadatos: bool) -> Any:
    """Documento de trafilatura en un modo de MODOS (o None si no encontró nada)."""
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=metadatos,
        include_comments=False,
        include_tables=True,
        favor_precision=modo == "precision",
        favor_recall=modo == "exhaustividad",
        deduplicate=False,
        # La fecha la decide fechas.fecha_publicacion; la búsqueda extensa de htmldate dentro de
        # trafilatura costaba ~75 % del tiempo de extracción (perfilado en trafilatura_es).
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _cuerpo(html: str, url: str | None, enlaces: frozenset[str]) -> tuple[Any, str | None]:
    """Metadatos de trafilatura y texto limpio del modo que más coincide con los otros dos."""
    documentos: dict[str, Any] = {}
    textos: dict[str, str] = {}
    for i, modo in enumerate(MODOS):
        # Los metadatos no dependen del modo: se piden una sola vez (eran un tercio del tiempo).
        documentos[modo] = _trafilatura(html, url, modo, metadatos=i == 0)
        textos[modo] = limpiar_texto(getattr(documentos[modo], "text", None) or "", enlaces)
        if i == 1 and textos[MODOS[0]] == textos[modo]:
            break  # precisión y equilibrado coinciden: el tercero no puede cambiar la elección
    metadatos = documentos[MODOS[0]] or trafilatura.extract_metadata(html, default_url=url)
    return metadatos, textos[elegir_texto(textos)] or None


def _absoluta(href: str | None, url: str | None) -> str | None:
    """URL absoluta http(s) a partir de un href, o None."""
    if not href or href.strip().startswith(("data:", "javascript:", "#")):
        return None
    absoluta = urljoin(url, href.strip()) if url else href.strip()
    return absoluta if absoluta.startswith(("http://", "https://")) else None


def _canonica(arbol: Any, url: str | None) -> str | None:
    """<link rel=canonical> (o og:url) absoluto."""
    enlaces = arbol.xpath('//link[translate(@rel,"CANONICAL","canonical")="canonical"]/@href')
    return _absoluta(str(enlaces[0]), url) if enlaces else _absoluta(meta(arbol, "og:url"), url)


def _contenedor(arbol: Any, selectores: Mapping[str, str]) -> Any:
    """El nodo que contiene el cuerpo de la nota, para buscar sus imágenes."""
    if selectores.get("texto"):
        nodos = [n for n in _nodos(arbol, selectores["texto"]) if not isinstance(n, str)]
        if nodos:
            return nodos[0]
    for xpath in ('//*[@itemprop="articleBody"]', "//article", "//main", "//body"):
        nodos = arbol.xpath(xpath)
        if nodos:
            return nodos[0]
    return arbol


def _fuentes_de_imagen(contenedor: Any) -> Iterator[str]:
    """src (o el lazy-load) de cada <img> del contenedor."""
    for img in contenedor.iter("img"):
        src = img.get("data-src") or img.get("data-lazy-src") or img.get("src") or ""
        if not src and img.get("srcset"):
            src = img.get("srcset").split(",")[0].split()[0]
        if src and not _IMAGEN_DESCARTABLE.search(src):
            yield src


def _imagenes(arbol: Any, url: str | None, selectores: Mapping[str, str]) -> tuple[str, ...]:
    """og:image primero y luego las imágenes del cuerpo, absolutas y sin repetir."""
    candidatas = [meta(arbol, "og:image", "twitter:image")]
    candidatas += list(_fuentes_de_imagen(_contenedor(arbol, selectores)))
    vistas: dict[str, None] = {}
    for cruda in candidatas:
        absoluta = _absoluta(cruda, url)
        if absoluta:
            vistas.setdefault(absoluta, None)
    return tuple(vistas)[:MAXIMO_IMAGENES]


def _idioma(arbol: Any, documento: Any) -> str | None:
    """Código de idioma de dos letras (atributo lang, og:locale o trafilatura)."""
    candidatos = [
        arbol.get("lang"),
        meta(arbol, "og:locale", "language", "content-language"),
        getattr(documento, "language", None),
    ]
    for valor in candidatos:
        if valor and re.match(r"^[a-zA-Z]{2}\b", valor.strip()):
            return str(valor).strip()[:2].lower()
    return None


def _espacios(texto: str | None) -> str | None:
    """Texto con espacios normalizados, o None si queda vacío."""
    return re.sub(r"\s+", " ", texto).strip() or None if texto else None


def _autor(crudo: str | None) -> str | None:
    """Autor sin "Por" al inicio ni restos de la línea de firma ("Tiempo de lectura")."""
    autor = _espacios(crudo)
    if not autor:
        return None
    autor = _RESTOS_DE_FIRMA.sub("", _POR.sub("", autor)).strip(" ;,|")
    return autor or None


def _a_texto(html: bytes | str, content_type: str | None) -> str:
    """HTML como texto, recortado a TAMANO_MAXIMO."""
    if isinstance(html, bytes):
        return decodificar(html[:TAMANO_MAXIMO], content_type)
    return html[:TAMANO_MAXIMO]


def _fecha(
    html: str,
    url: str | None,
    propios: Mapping[str, str],
    fundado: date | None,
    ahora: datetime,
) -> datetime | None:
    """Fecha del selector de la fuente si lo hay (y es sana); si no, la de fecha_publicacion."""
    zona = ahora.tzinfo if isinstance(ahora.tzinfo, ZoneInfo) else ZONA_POR_OMISION
    if "fecha" in propios:
        f = valor_de_fecha(propios["fecha"], ahora, zona)
        if f and es_fecha_sana(f, ahora, fundado):
            return f
    return fecha_publicacion(html, url, ahora, zona, fundado)


def _extraer(
    html: str,
    url: str | None,
    selectores: Mapping[str, str],
    fundado: date | None,
    ahora: datetime,
) -> Extraccion:
    """Extracción sin protección de errores (extraer la envuelve)."""
    arbol = _arbol(html)
    if arbol is None:
        return VACIA
    enlaces = textos_de_enlaces(arbol)
    documento, texto = _cuerpo(html, url, enlaces)
    propios = _por_selectores(arbol, selectores)
    if propios.get("texto"):
        texto = limpiar_texto(propios["texto"], enlaces) or None
    autor = _autor(propios.get("autor") or getattr(documento, "author", None))
    return Extraccion(
        titulo=propios.get("titulo") or titulo_de_pagina(arbol, getattr(documento, "title", None)),
        texto=texto,
        fecha=_fecha(html, url, propios, fundado, ahora),
        autor=autor,
        canonica=_canonica(arbol, url),
        imagenes=_imagenes(arbol, url, selectores),
        idioma=_idioma(arbol, documento),
    )


def extraer(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    selectores: Mapping[str, str] | None = None,
    fundado: date | None = None,
    ahora: datetime | None = None,
) -> Extraccion:
    """Título, texto limpio, fecha, autor, canónica, imágenes e idioma de la página; no lanza."""
    try:
        texto = _a_texto(html, content_type)
        if not texto.strip() or "<" not in texto:
            return VACIA
        momento = ahora or datetime.now(ZONA_POR_OMISION)
        if momento.tzinfo is None:
            momento = momento.replace(tzinfo=ZONA_POR_OMISION)
        return _extraer(texto, url, selectores or {}, fundado, momento)
    except Exception:  # HTML hostil: la extracción nunca debe tumbar al rastreador
        log.warning("no se pudo extraer %s", url or "(sin URL)", exc_info=True)
        return VACIA


def extraer_referencia(html: bytes | str, url: str | None = None) -> Extraccion:
    """Lo que dan trafilatura y htmldate solos, con sus opciones por omisión (para comparar)."""
    texto = _a_texto(html, None)
    try:
        cuerpo = trafilatura.extract(texto, url=url)
        metadatos = trafilatura.extract_metadata(texto, default_url=url)
    except Exception:  # la referencia tampoco debe tumbar una evaluación
        log.debug("trafilatura falló con %s", url, exc_info=True)
        cuerpo, metadatos = None, None
    return Extraccion(
        titulo=getattr(metadatos, "title", None),
        texto=cuerpo,
        fecha=fecha_htmldate(texto, url, ZONA_POR_OMISION),
        autor=getattr(metadatos, "author", None),
        canonica=getattr(metadatos, "url", None),
        imagenes=(),
        idioma=getattr(metadatos, "language", None),
    )


def es_pagina_de_nota(ex: Extraccion) -> bool:
    """¿Parece una nota (título y al menos PALABRAS_MINIMAS_NOTA palabras de texto)?"""
    return bool(ex.titulo) and len((ex.texto or "").split()) >= PALABRAS_MINIMAS_NOTA
