"""Escribe los sitios estáticos de los medios ficticios: páginas, feeds, sitemaps y secciones."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from email.utils import format_datetime
from html import escape
from importlib import resources
from pathlib import Path
from string import Template

from analisis.normalizar import MESES
from demo import impreso
from demo.campanas import banner_de_portada
from demo.generador import slug
from demo.portal import escribir_portal
from demo.tipos import MedioDemo, Mundo, NotaDemo

BASE = "{BASE}"  # el servidor lo sustituye por http://127.0.0.N:PUERTO al servir
MANIFIESTO = "_sitios.json"
MESES_CORTOS = [m[:3] for m in MESES]
DIAS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
UTM = "utm_source=rss&utm_medium=feed&utm_campaign=huasteca"
LEIDAS = 5
PORTADA = 40


def _largo(f: dt.datetime) -> str:
    """26 de noviembre de 2026."""
    return f"{f.day} de {MESES[f.month - 1]} de {f.year}"


FORMATOS_FECHA: dict[str, Callable[[dt.datetime], str]] = {
    "largo": _largo,
    "largo_hora": lambda f: f"{_largo(f)}, {f:%H:%M} h",
    "dia_barra": lambda f: f"{DIAS[f.weekday()].capitalize()} {f:%d/%m/%Y} | {f:%H:%M} hrs",
    "semana_largo": lambda f: f"{DIAS[f.weekday()]}, {_largo(f)} · {f:%H:%M}",
    "numerico": lambda f: f"{f:%d-%m-%Y %H:%M}",
    "abreviado": lambda f: f"{f.day:02d}/{MESES_CORTOS[f.month - 1]}/{f.year} - {f:%H:%M}",
    "iso_local": lambda f: f"{f:%Y-%m-%d %H:%M} (hora del centro)",
}


def archivo_de(ruta: str) -> str:
    """Archivo relativo que sirve una ruta (las que terminan en / usan index.html)."""
    ruta = ruta.lstrip("/")
    return ruta + "index.html" if ruta.endswith("/") or not ruta else ruta


def _escribir(raiz: Path, ruta: str, texto: str, medio: MedioDemo, cuando: dt.datetime) -> None:
    """Escribe un archivo de texto en la codificación del medio con fecha de modificación."""
    destino = raiz / archivo_de(ruta)
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(texto.encode(medio.codificacion, errors="xmlcharrefreplace"))
    os.utime(destino, (cuando.timestamp(), cuando.timestamp()))


def _fecha(m: MedioDemo, f: dt.datetime) -> str:
    """Fecha escrita al estilo del medio."""
    return FORMATOS_FECHA[str(m.dato("formato_fecha", "largo"))](f)


def _meta(m: MedioDemo, n: NotaDemo) -> str:
    """Metadatos de fecha (sólo en los medios que los ponen)."""
    if not m.dato("meta_fecha"):
        return '<meta property="og:site_name" content="' + escape(m.nombre) + '">'
    meta = f'<meta property="article:published_time" content="{n.fecha.isoformat()}">'
    if n.actualizada:
        meta += f'\n<meta property="article:modified_time" content="{n.actualizada.isoformat()}">'
    return meta


def _enlaces(notas: list[NotaDemo]) -> str:
    """Lista de enlaces relativos a notas."""
    return "".join(f'<li><a href="{escape(n.ruta)}">{escape(n.titulo)}</a></li>' for n in notas)


def pagina(m: MedioDemo, n: NotaDemo, leidas: list[NotaDemo]) -> str:
    """HTML de una nota con la plantilla de su medio."""
    plantilla = resources.files("demo.contenido").joinpath(str(m.dato("plantilla")))
    actualizado = (
        f"Actualizado: {_largo(n.actualizada)} {n.actualizada:%H:%M}" if n.actualizada else ""
    )
    return Template(plantilla.read_text("utf-8")).substitute(
        titulo=escape(n.titulo),
        titulo_json=json.dumps(n.titulo)[1:-1],
        canonical=BASE + n.ruta,
        descripcion=escape(n.parrafos[0][:160]),
        meta=_meta(m, n),
        fecha=_fecha(m, n.fecha),
        iso=n.fecha.isoformat(),
        actualizado=actualizado,
        autor=escape(n.autor or "Redacción"),
        seccion=escape(n.seccion),
        cuerpo="\n".join(f"<p>{escape(p)}</p>" for p in n.parrafos),
        leidas=_enlaces(leidas),
        anio=n.fecha.year,
    )


def _enlace_feed(m: MedioDemo, n: NotaDemo, k: int) -> str:
    """URL absoluta de una nota en el feed; algunos medios añaden parámetros utm_*."""
    url = BASE + n.ruta
    return f"{url}?{UTM}" if m.dato("utm") and k % 2 == 0 else url


def rss(m: MedioDemo, notas: list[NotaDemo]) -> str:
    """Feed RSS 2.0 con todas las notas web del medio (las recientes primero)."""
    items = "".join(
        f"<item><title>{escape(n.titulo)}</title><link>{escape(_enlace_feed(m, n, k))}</link>"
        f'<guid isPermaLink="true">{BASE}{escape(n.ruta)}</guid>'
        f"<pubDate>{format_datetime(n.fecha)}</pubDate><category>{escape(n.seccion)}</category>"
        f"<description>{escape(n.parrafos[0])}</description></item>\n"
        for k, n in enumerate(reversed(notas))
    )
    return (
        f'<?xml version="1.0" encoding="{m.codificacion.upper()}"?>\n<rss version="2.0">'
        f"<channel><title>{escape(m.nombre)}</title><link>{BASE}/</link>"
        f"<description>Noticias de {escape(m.nombre)}</description><language>es-mx</language>"
        f"<lastBuildDate>{format_datetime(notas[-1].fecha)}</lastBuildDate>\n{items}</channel></rss>\n"
    )


def atom(m: MedioDemo, notas: list[NotaDemo]) -> str:
    """Feed Atom 1.0 con todas las notas web del medio."""
    entradas = "".join(
        f"<entry><title>{escape(n.titulo)}</title>"
        f'<link rel="alternate" href="{BASE}{escape(n.ruta)}"/><id>{BASE}{escape(n.ruta)}</id>'
        f"<published>{n.fecha.isoformat()}</published>"
        f"<updated>{(n.actualizada or n.fecha).isoformat()}</updated>"
        f"<author><name>{escape(n.autor or 'Redacción')}</name></author>"
        f"<summary>{escape(n.parrafos[0])}</summary></entry>\n"
        for n in reversed(notas)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(m.nombre)}</title><id>{BASE}/</id>"
        f'<link rel="self" href="{BASE}/atom.xml"/><link rel="alternate" href="{BASE}/"/>'
        f"<updated>{notas[-1].fecha.isoformat()}</updated>\n{entradas}</feed>\n"
    )


def sitemap(m: MedioDemo, notas: list[NotaDemo]) -> str:
    """Sitemap de noticias (Google News) con news:publication_date."""
    urls = "".join(
        f"<url><loc>{BASE}{escape(n.ruta)}</loc><lastmod>{(n.actualizada or n.fecha).isoformat()}"
        f"</lastmod><news:news><news:publication><news:name>{escape(m.nombre)}</news:name>"
        f"<news:language>es</news:language></news:publication>"
        f"<news:publication_date>{n.fecha.isoformat()}</news:publication_date>"
        f"<news:title>{escape(n.titulo)}</news:title></news:news></url>\n"
        for n in reversed(notas)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    )


def _listado(m: MedioDemo, titulo: str, ruta: str, notas: list[NotaDemo], banner: str = "") -> str:
    """Página con una lista de notas (portada o sección), con menú, banner de campaña y pie."""
    items = "".join(
        f'<div class="item"><a href="{escape(n.ruta)}">{escape(n.titulo)}</a>'
        f' <span class="f">{_fecha(m, n.fecha)}</span></div>\n'
        for n in reversed(notas)
    )
    charset = "" if m.codificacion != "utf-8" else '<meta charset="utf-8">'
    return (
        f'<!DOCTYPE html><html lang="es"><head>{charset}<title>{escape(titulo)} | '
        f'{escape(m.nombre)}</title><link rel="canonical" href="{BASE}{ruta}"></head><body>'
        '<nav><a href="/">Inicio</a> <a href="/contacto/">Contacto</a> '
        f'<a href="/admin/">Admin</a></nav>{banner}'
        f"<h1>{escape(titulo)}</h1>\n{items}<footer>© {escape(m.nombre)}</footer></body></html>\n"
    )


def robots(m: MedioDemo) -> str:
    """robots.txt con Disallow de /admin/ y el sitemap si lo hay."""
    texto = "User-agent: *\nDisallow: /admin/\n"
    return texto + (f"Sitemap: {BASE}/sitemap.xml\n" if m.estrategia == "sitemap" else "")


def secciones(notas: list[NotaDemo]) -> dict[str, list[NotaDemo]]:
    """Rutas de página de sección (/seccion/<nombre>/) y sus notas."""
    grupos: dict[str, list[NotaDemo]] = {}
    for n in notas:
        grupos.setdefault(f"/seccion/{slug(n.seccion)}/", []).append(n)
    return grupos


def _escribir_medio(m: MedioDemo, mundo: Mundo, raiz: Path) -> None:
    """Todos los archivos del sitio de un medio."""
    notas = mundo.notas_de(m.slug, "web")
    ultima = notas[-1].fecha
    recientes = list(reversed(notas[-LEIDAS - 1 :]))
    for n in notas:
        leidas = [x for x in recientes if x is not n][:LEIDAS]
        _escribir(raiz, n.ruta, pagina(m, n, leidas), m, n.actualizada or n.fecha)
    portada = _listado(m, "Portada", "/", notas[-PORTADA:], banner_de_portada(m.slug))
    _escribir(raiz, "/", portada, m, ultima)
    _escribir(raiz, "/robots.txt", robots(m), m, ultima)
    feeds = {"atom": ("/atom.xml", atom), "sitemap": ("/sitemap.xml", sitemap)}
    ruta, hacer = feeds.get(m.estrategia, ("/rss.xml", rss))
    _escribir(raiz, ruta, hacer(m, notas), m, ultima)
    for ruta_seccion, suyas in secciones(notas).items():
        _escribir(
            raiz,
            ruta_seccion,
            _listado(m, suyas[0].seccion, ruta_seccion, suyas),
            m,
            suyas[-1].fecha,
        )
    if m.dato("impreso"):
        impreso.escribir_ediciones(m, mundo.notas_de(m.slug, "impreso"), raiz)


def escribir_sitios(mundo: Mundo, carpeta: Path) -> None:
    """Escribe carpeta/<slug>/... para cada medio con sitio web y un manifiesto para el servidor."""
    carpeta.mkdir(parents=True, exist_ok=True)
    manifiesto = {}
    for m in mundo.medios:
        if m.web:
            # Se rehace la carpeta del medio: páginas de otro `hoy` no deben quedar servidas.
            shutil.rmtree(carpeta / m.slug, ignore_errors=True)
            _escribir_medio(m, mundo, carpeta / m.slug)
            manifiesto[m.slug] = {"nombre": m.nombre, "codificacion": m.codificacion}
    texto = json.dumps(manifiesto, ensure_ascii=False, indent=1)
    (carpeta / MANIFIESTO).write_text(texto, "utf-8")
    escribir_portal(carpeta, mundo.hoy)
