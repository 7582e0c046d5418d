"""Fechas de publicación: texto en español, metadatos de la página y htmldate, con sanidad."""

from __future__ import annotations

import email.utils
import json
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import htmldate
import lxml.html

from analisis.normalizar import plegar

log = logging.getLogger(__name__)

# Margen para relojes desfasados entre el medio y nosotros: más allá, la fecha es del futuro y
# se descarta (eventos anunciados, fechas de vigencia, errores de zona).
TOLERANCIA_FUTURO = timedelta(hours=1)
# Ningún medio en línea que nos interese publicaba antes de 1995.
FECHA_MINIMA = date(1995, 1, 1)
# Textos de fecha visibles más largos que esto no son la línea de fecha de la nota.
LARGO_MAXIMO_LINEA_FECHA = 200
# Dos fechas originales que la nota declara de sí misma (article:published_time y el
# datePublished de su JSON-LD) a más de dos días una de otra: la posterior es una edición que el
# CMS guardó como publicación (medium.com), y vale la más antigua. Con menos diferencia manda el
# orden de confianza: un día de diferencia suele ser sólo la zona horaria de cada valor.
DIFERENCIA_EDICION = timedelta(days=2)
# Cuántos elementos "de fecha" se revisan como máximo (páginas con miles de comentarios fechados).
MAXIMO_ELEMENTOS_FECHA = 60

MESES = {
    "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3, "abril": 4, "abr": 4,
    "mayo": 5, "may": 5, "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8,
    "septiembre": 9, "setiembre": 9, "sept": 9, "sep": 9, "set": 9, "octubre": 10, "oct": 10,
    "noviembre": 11, "nov": 11, "diciembre": 12, "dic": 12,
}  # fmt: skip
_MES = "(" + "|".join(sorted(MESES, key=len, reverse=True)) + r")\b\.?"
_DIA_MES_ANO = re.compile(
    r"\b(\d{1,2})\s*(?:de\s+|[-/]\s*)?" + _MES + r"\s*(?:del?\s+|,\s*|[-/]\s*)?(\d{4})\b"
)
_MES_DIA_ANO = re.compile(_MES + r"\s+(\d{1,2}),?\s+(?:de\s+|del\s+)?(\d{4})\b")
_NUMERICA = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.\-])")
_ISO = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[t\s](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_MESES_INGLES = {"ene": "Jan", "abr": "Apr", "ago": "Aug", "dic": "Dec", "set": "Sep"}
_MES_RFC822 = re.compile(r"\b(?:ene|abr|ago|dic|set)\b", re.IGNORECASE)
_HORA = re.compile(
    r"^\D{0,15}?\b(\d{1,2})\s*[:h]\s*(\d{2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?|hrs?\b\.?|horas)?"
)
_RELATIVA = re.compile(
    r"\bhace\s+(un|una|unos|unas|\d+)\s+(segundo|minuto|hora|dia|semana|mes|ano)(?:s|es)?\b"
)
_INSTANTES = re.compile(r"\bhace\s+(?:unos\s+)?(?:instantes|momentos|segundos|poco)\b")
_DIA_RELATIVO = re.compile(r"\b(anteayer|antier|ayer|hoy)\b")
_UNIDADES = {
    "segundo": timedelta(seconds=1), "minuto": timedelta(minutes=1), "hora": timedelta(hours=1),
    "dia": timedelta(days=1), "semana": timedelta(weeks=1), "mes": timedelta(days=30),
    "ano": timedelta(days=365),
}  # fmt: skip
_DIAS_ATRAS = {"hoy": 0, "ayer": 1, "anteayer": 2, "antier": 2}
_PALABRAS_ORIGINAL = re.compile(r"publicad[oa]|fecha de publicacion|publicacion|creado|emitido")
_PALABRAS_MODIFICADA = re.compile(r"actualizad[oa]|actualizacion|modificad[oa]|editad[oa]")
# htmldate, cuando sólo encuentra un año (copyright, URL), devuelve el 1 de enero: si la página no
# menciona enero de ninguna forma, esa fecha es inventada y se descarta.
_ENERO = re.compile(r"enero|january|-01-01|/01/01|01/01/|\b1 ene", re.IGNORECASE)
_CLASES_FECHA = re.compile(r"date|fecha|time|publi|byline|dateline|meta|info", re.IGNORECASE)
_CLASES_MODIFICADA = re.compile(r"updat|modif|actualiz", re.IGNORECASE)
# Hay sitios que envuelven su JSON-LD en <![CDATA[ ... ]]> (a veces comentado con //).
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_TIPOS_ARTICULO = re.compile(r"Article|BlogPosting|Report|Posting", re.IGNORECASE)

# Metadatos con la fecha ORIGINAL, en orden de confianza (los de modificación no se usan).
_META_ORIGINAL = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "publishdate", "publish-date", "publish_date", "pubdate", "date",
    "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "cxenseparse:recs:publishtime", "article.published", "fecha",
)  # fmt: skip


def _sin_acentos(texto: str) -> str:
    """Minúsculas sin diacríticos y con espacios normalizados, para comparar con patrones."""
    return plegar(texto)


def _ano(texto: str) -> int:
    """Año de cuatro cifras a partir de uno de dos o cuatro."""
    valor = int(texto)
    return valor + 2000 if valor < 100 else valor


def _hora_despues(texto: str, desde: int) -> tuple[int, int, int] | None:
    """Hora (h, m, s) que sigue a una fecha, con a. m./p. m. resuelto, o None."""
    m = _HORA.match(texto[desde : desde + 40])
    if not m:
        return None
    hora, minuto, segundo = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    sufijo = (m.group(4) or "").replace(" ", "").replace(".", "")
    if sufijo == "pm" and hora < 12:
        hora += 12
    elif sufijo == "am" and hora == 12:
        hora = 0
    if hora > 23 or minuto > 59 or segundo > 59:
        return None
    return hora, minuto, segundo


def _construir(
    ano: int, mes: int, dia: int, hora: tuple[int, int, int] | None, zona: tzinfo
) -> datetime | None:
    """datetime con zona, o None si la fecha no existe."""
    h, mi, s = hora or (0, 0, 0)
    try:
        return datetime(ano, mes, dia, h, mi, s, tzinfo=zona)
    except ValueError:
        return None


def _absolutas(texto: str, zona: tzinfo) -> Iterator[tuple[int, datetime]]:
    """Fechas absolutas encontradas en `texto` (ya sin acentos), con su posición."""
    for m in _ISO.finditer(texto):
        hora = (int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)) if m.group(4) else None
        hora = hora or _hora_despues(texto, m.end())
        f = _construir(int(m.group(1)), int(m.group(2)), int(m.group(3)), hora, zona)
        if f:
            yield m.start(), f
    for m in _DIA_MES_ANO.finditer(texto):
        f = _construir(int(m.group(3)), MESES[m.group(2)], int(m.group(1)), None, zona)
        if f:
            yield m.start(), _con_hora(f, _hora_despues(texto, m.end()))
    for m in _MES_DIA_ANO.finditer(texto):
        f = _construir(int(m.group(3)), MESES[m.group(1)], int(m.group(2)), None, zona)
        if f:
            yield m.start(), _con_hora(f, _hora_despues(texto, m.end()))
    for m in _NUMERICA.finditer(texto):
        f = _numerica(int(m.group(1)), int(m.group(3)), _ano(m.group(4)), zona)
        if f:
            yield m.start(), _con_hora(f, _hora_despues(texto, m.end()))


def _con_hora(f: datetime, hora: tuple[int, int, int] | None) -> datetime:
    """La fecha `f` con la hora dada (o tal cual si no hay hora)."""
    return f.replace(hour=hora[0], minute=hora[1], second=hora[2]) if hora else f


def _numerica(primero: int, segundo: int, ano: int, zona: tzinfo) -> datetime | None:
    """dd/mm/aaaa (orden mexicano); mm/dd/aaaa sólo si el segundo número no puede ser mes."""
    if segundo > 12 and primero <= 12:
        primero, segundo = segundo, primero
    return _construir(ano, segundo, primero, None, zona)


def _relativa(texto: str, ahora: datetime) -> tuple[int, datetime] | None:
    """Fecha de expresiones relativas ("hace 3 horas", "ayer a las 18:00"), con su posición."""
    m = _RELATIVA.search(texto)
    if m:
        cantidad = 1 if m.group(1) in ("un", "una", "unos", "unas") else int(m.group(1))
        return m.start(), ahora - cantidad * _UNIDADES[m.group(2)]
    m2 = _INSTANTES.search(texto)
    if m2:
        return m2.start(), ahora
    m3 = _DIA_RELATIVO.search(texto)
    if m3:
        dia = (ahora - timedelta(days=_DIAS_ATRAS[m3.group(1)])).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return m3.start(), _con_hora(dia, _hora_despues(texto, m3.end()))
    return None


def fecha_en_espanol(texto: str, ahora: datetime, zona: ZoneInfo) -> datetime | None:
    """La primera fecha escrita en español en `texto` (absoluta o relativa a `ahora`), con zona."""
    plano = _sin_acentos(texto)
    encontradas = list(_absolutas(plano, zona))
    relativa = _relativa(plano, ahora.astimezone(zona))
    if relativa:
        encontradas.append(relativa)
    if not encontradas:
        return None
    return min(encontradas, key=lambda par: par[0])[1]


def _meses_en_ingles(valor: str) -> str:
    """RFC 822 con meses en español ("26 Dic 2026") pasado a inglés para email.utils."""
    return _MES_RFC822.sub(lambda m: _MESES_INGLES[m.group(0).lower()[:3]], valor)


def valor_de_fecha(valor: str, ahora: datetime, zona: ZoneInfo) -> datetime | None:
    """Fecha de un metadato (ISO 8601 casi siempre; si no, texto en español)."""
    valor = valor.strip()
    if not valor:
        return None
    try:
        f = datetime.fromisoformat(valor.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            f = email.utils.parsedate_to_datetime(_meses_en_ingles(valor))
        except (TypeError, ValueError, IndexError):
            return fecha_en_espanol(valor, ahora, zona)
    return f if f.tzinfo else f.replace(tzinfo=zona)


def objetos_json_ld(arbol: Any) -> Iterator[dict[str, Any]]:
    """Objetos de los bloques JSON-LD de la página, aplanando listas y @graph."""
    for bloque in arbol.xpath('//script[@type="application/ld+json"]/text()')[:20]:
        try:
            datos = json.loads(_CDATA.sub("", bloque))
        except ValueError:
            continue
        pendientes = [datos]
        while pendientes:
            actual = pendientes.pop(0)
            if isinstance(actual, list):
                pendientes.extend(actual)
            elif isinstance(actual, dict):
                yield actual
                pendientes.extend(v for k, v in actual.items() if k in ("@graph", "mainEntity"))


def _es_articulo(objeto: dict[str, Any]) -> bool:
    """¿El objeto JSON-LD es la nota misma (NewsArticle, Article, BlogPosting, Report...)?"""
    tipo = objeto.get("@type")
    tipos = tipo if isinstance(tipo, list) else [tipo]
    return any(isinstance(t, str) and _TIPOS_ARTICULO.search(t) for t in tipos)


def _metas(arbol: Any) -> dict[str, str]:
    """<meta> de la página por nombre, propiedad o itemprop en minúsculas (el primero gana)."""
    metas: dict[str, str] = {}
    for meta in arbol.xpath("//meta[@content]"):
        clave = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        metas.setdefault(clave.strip(), meta.get("content") or "")
    return metas


def _de_la_nota(arbol: Any, metas: dict[str, str]) -> Iterator[str]:
    """Fechas originales que la nota declara de sí misma: metadatos de artículo y su JSON-LD."""
    yield from (metas[c] for c in _META_ORIGINAL[:4] if c in metas)
    for objeto in objetos_json_ld(arbol):
        if _es_articulo(objeto) and isinstance(objeto.get("datePublished"), str):
            yield objeto["datePublished"]


def _de_metadatos(arbol: Any, metas: dict[str, str]) -> Iterator[str]:
    """Valores de fecha ORIGINAL en metadatos, JSON-LD y <time>, en orden de confianza."""
    yield from (metas[c] for c in _META_ORIGINAL[:4] if c in metas)
    for objeto in objetos_json_ld(arbol):
        for clave in ("datePublished", "dateCreated", "uploadDate"):
            if isinstance(objeto.get(clave), str):
                yield objeto[clave]
    yield from (metas[c] for c in _META_ORIGINAL[4:] if c in metas)
    for nodo in arbol.xpath('//*[@itemprop="datePublished"]|//time[@datetime]')[:10]:
        marca = " ".join((nodo.get("class") or "", nodo.get("itemprop") or ""))
        if not _CLASES_MODIFICADA.search(marca):
            yield nodo.get("datetime") or nodo.get("content") or nodo.text_content()


def _texto_original(texto: str) -> str | None:
    """Parte de una línea de fecha que habla de la publicación original (no de la actualización)."""
    plano = _sin_acentos(texto)
    original = _PALABRAS_ORIGINAL.search(plano)
    if original:
        plano = plano[original.start() :]
    elif _PALABRAS_MODIFICADA.match(plano.strip()):
        return None
    modificada = _PALABRAS_MODIFICADA.search(plano)
    return plano[: modificada.start()] if modificada else plano


def _lineas_de_fecha(arbol: Any) -> Iterator[str]:
    """Textos visibles cortos que parecen la línea de fecha de la nota ("Publicado: ...")."""
    xpath = "//body//*[self::time or self::span or self::div or self::p or self::li or self::small]"
    revisados = 0
    for nodo in arbol.xpath(xpath):
        marca = " ".join((nodo.get("class") or "", nodo.get("id") or ""))
        texto = nodo.text_content()
        if not texto or len(texto) > LARGO_MAXIMO_LINEA_FECHA:
            continue
        es_publicado = _PALABRAS_ORIGINAL.search(_sin_acentos(texto)) is not None
        if es_publicado or nodo.tag == "time" or _CLASES_FECHA.search(marca):
            revisados += 1
            yield texto
        if revisados >= MAXIMO_ELEMENTOS_FECHA:
            return


def es_fecha_sana(f: datetime, ahora: datetime, fundado: date | None = None) -> bool:
    """¿La fecha no está a más de una hora en el futuro ni antes de `fundado` (ni de 1995)?"""
    minima = max(FECHA_MINIMA, fundado) if fundado else FECHA_MINIMA
    return f.date() >= minima and f <= ahora + TOLERANCIA_FUTURO


def _primera_sana(
    valores: Iterator[str], ahora: datetime, zona: ZoneInfo, fundado: date | None
) -> datetime | None:
    """La primera fecha válida y sana entre los valores dados."""
    for valor in valores:
        f = valor_de_fecha(valor, ahora, zona)
        if f and es_fecha_sana(f, ahora, fundado):
            return f
    return None


def _original_declarada(
    valores: Iterator[str], ahora: datetime, zona: ZoneInfo, fundado: date | None
) -> datetime | None:
    """La primera fecha sana; la más antigua si otra se aleja más de DIFERENCIA_EDICION."""
    sanas = [f for f in (valor_de_fecha(v, ahora, zona) for v in valores) if f]
    sanas = [f for f in sanas if es_fecha_sana(f, ahora, fundado)]
    if not sanas:
        return None
    antigua = min(sanas)
    return antigua if sanas[0] - antigua > DIFERENCIA_EDICION else sanas[0]


def _de_textos(
    arbol: Any, ahora: datetime, zona: ZoneInfo, fundado: date | None
) -> tuple[datetime | None, datetime | None]:
    """(fecha con la palabra "Publicado", primera fecha en líneas de fecha) del texto visible."""
    publicada: datetime | None = None
    primera: datetime | None = None
    for linea in _lineas_de_fecha(arbol):
        original = _texto_original(linea)
        f = fecha_en_espanol(original, ahora, zona) if original else None
        if not f or not es_fecha_sana(f, ahora, fundado):
            continue
        if publicada is None and _PALABRAS_ORIGINAL.search(original or ""):
            publicada = f
        primera = primera or f
    return publicada, primera


def _de_htmldate(
    html: str,
    url: str | None,
    ahora: datetime,
    zona: ZoneInfo,
    fundado: date | None,
    *,
    original: bool = True,
) -> datetime | None:
    """Fecha según htmldate (sin hora; la original salvo `original=False`), o None."""
    minima = max(FECHA_MINIMA, fundado) if fundado else FECHA_MINIMA
    try:
        valor = htmldate.find_date(
            html,
            url=url,
            original_date=original,
            extensive_search=True,
            min_date=datetime.combine(minima, datetime.min.time()),
            max_date=(ahora + TOLERANCIA_FUTURO).replace(tzinfo=None),
        )
    except Exception:  # htmldate falla con HTML raro; la fecha es opcional
        log.debug("htmldate falló con %s", url, exc_info=True)
        return None
    if not valor or (valor.endswith("-01-01") and not _ENERO.search(html)):
        return None
    return valor_de_fecha(valor, ahora, zona)


def fecha_htmldate(html: str, url: str | None, zona: ZoneInfo) -> datetime | None:
    """Fecha original según htmldate como la pide trafilatura (la referencia de la evaluación)."""
    try:
        valor = htmldate.find_date(html, url=url, original_date=True)
    except Exception:  # htmldate falla con HTML raro; la fecha es opcional
        log.debug("htmldate falló con %s", url, exc_info=True)
        return None
    return datetime.fromisoformat(valor).replace(tzinfo=zona) if valor else None


# Zona principal de los medios por dominio de país (países de habla hispana). Un metadato en UTC
# ("2022-05-04T02:41:00Z", "GMT") se expresa en la hora local del medio, cuyo día es el de
# publicación: una nota de las 22:41 en La Paz es del 3 de mayo aunque en UTC ya sea 4 (así
# fallaban lanacion.com.ar y eldeber.com.bo en trafilatura_es). Es el mismo instante.
ZONAS_POR_PAIS = {
    "mx": "America/Mexico_City",
    "ar": "America/Argentina/Buenos_Aires",
    "bo": "America/La_Paz",
    "cl": "America/Santiago",
    "co": "America/Bogota",
    "cr": "America/Costa_Rica",
    "cu": "America/Havana",
    "do": "America/Santo_Domingo",
    "ec": "America/Guayaquil",
    "es": "Europe/Madrid",
    "gt": "America/Guatemala",
    "hn": "America/Tegucigalpa",
    "ni": "America/Managua",
    "pa": "America/Panama",
    "pe": "America/Lima",
    "pr": "America/Puerto_Rico",
    "py": "America/Asuncion",
    "sv": "America/El_Salvador",
    "uy": "America/Montevideo",
    "ve": "America/Caracas",
}


def zona_del_medio(url: str | None) -> ZoneInfo | None:
    """Zona del medio por el dominio de país de su URL (None si no es de un país conocido)."""
    host = urlsplit(url).hostname if url else None
    zona = ZONAS_POR_PAIS.get(host.rsplit(".", 1)[-1]) if host else None
    return ZoneInfo(zona) if zona else None


def en_hora_del_medio(f: datetime | None, url: str | None) -> datetime | None:
    """Una fecha declarada en UTC, expresada en la hora local del medio si se conoce su país."""
    zona = zona_del_medio(url)
    if f is None or zona is None or f.utcoffset() != timedelta(0):
        return f
    return f.astimezone(zona)


def es_solo_dia(f: datetime) -> bool:
    """¿La fecha es sólo un día sin hora conocida (00:00:00 exacto, convención de este módulo)?"""
    return (f.hour, f.minute, f.second) == (0, 0, 0)


def fecha_publicacion(
    html: str, url: str | None, ahora: datetime, zona: ZoneInfo, fundado: date | None = None
) -> datetime | None:
    """Fecha ORIGINAL de publicación de una nota, con zona, o None si no hay una confiable.

    Orden: metadatos (article:published_time, JSON-LD datePublished, <time>), línea "Publicado"
    en español, htmldate y al final la primera línea de fecha visible. Nunca usa dateModified ni
    "Actualizado:". Se descartan fechas a más de una hora en el futuro o anteriores a `fundado` o
    a 1995. Si la fuente trae zona se conserva; si no, se usa `zona`. Cuando sólo se conoce el día
    la hora es 00:00:00 local (no mediodía, que inventaría una hora): en México (UTC−6) sigue
    siendo el mismo día en UTC, y quien consume reconoce "sin hora" con `es_solo_dia`.
    """
    if ahora.tzinfo is None:
        ahora = ahora.replace(tzinfo=zona)
    try:
        arbol = lxml.html.fromstring(html) if html.strip() else None
    except (ValueError, lxml.etree.ParserError):
        arbol = None
    if arbol is None:
        return None
    metas = _metas(arbol)
    meta = _original_declarada(_de_la_nota(arbol, metas), ahora, zona, fundado)
    meta = meta or _primera_sana(_de_metadatos(arbol, metas), ahora, zona, fundado)
    if meta and not es_solo_dia(meta):
        return en_hora_del_medio(meta, url)  # el caso común; el texto visible cuesta más
    publicada, primera = _de_textos(arbol, ahora, zona, fundado)
    elegida = meta or publicada or _de_htmldate(html, url, ahora, zona, fundado) or primera
    # Sin fecha original en ningún lado, la que htmldate halle (aunque sea de modificación):
    # "sin fecha" también es un error y una fecha cercana sirve para ordenar y emparejar.
    elegida = elegida or _de_htmldate(html, url, ahora, zona, fundado, original=False)
    return en_hora_del_medio(_afinar_hora(elegida, (publicada, primera), zona), url)


def _afinar_hora(
    elegida: datetime | None, otras: tuple[datetime | None, ...], zona: ZoneInfo
) -> datetime | None:
    """Si la elegida no trae hora, toma la de otra fuente que diga el mismo día."""
    if elegida is None or not es_solo_dia(elegida):
        return elegida
    for otra in otras:
        if otra and not es_solo_dia(otra) and otra.astimezone(zona).date() == elegida.date():
            return otra
    return elegida


# Más de dos días entre la fecha de la página y la del feed: la de la página salió de otro lado
# (pie "© 2026", notas relacionadas); la del feed la declara el medio para esa entrada.
DIFERENCIA_MAXIMA_FEED = timedelta(days=2)


def conciliar_fechas(pagina: datetime | None, feed: datetime | None) -> datetime | None:
    """Fecha final de una nota a partir de la extraída de la página y la del feed o sitemap."""
    if feed is None or pagina is None:
        return pagina or feed
    if abs(pagina - feed) > DIFERENCIA_MAXIMA_FEED:
        return feed
    if es_solo_dia(pagina) and not es_solo_dia(feed):
        return feed
    return pagina
