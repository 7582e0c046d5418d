"""Medición de la extracción y la lectura de feeds contra los datos compartidos.

Corre con:
    .venv/bin/python -m pytest tests/benchmarks/bench_extraccion.py -m benchmark -s -p no:xdist
Imprime una tabla: F1 de `extraer` frente a `trafilatura.extract` por omisión, exactitud de la
fecha en las páginas en español con fecha conocida y velocidad (páginas/s y feeds/s).
"""

from __future__ import annotations

import gzip
import json
import re
import tarfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import trafilatura

from rastreadores.extraccion import extraer
from rastreadores.feeds import FeedIlegible, leer_feed
from tests.conftest import datos_compartidos

ZONA = ZoneInfo("America/Mexico_City")
_PALABRA = re.compile(r"\w+", re.UNICODE)
Extractor = Callable[[bytes, str | None], str | None]


@dataclass
class Pagina:
    """Una página de evaluación."""

    html: bytes
    url: str | None
    oro: dict[str, object]


def _mio(html: bytes, url: str | None) -> str | None:
    """Texto con rastreadores.extraccion.extraer."""
    return extraer(html, url, ahora=datetime(2026, 11, 26, tzinfo=ZONA)).texto


def _trafilatura(html: bytes, url: str | None) -> str | None:
    """Texto con trafilatura.extract por omisión."""
    return trafilatura.extract(html, url=url)


EXTRACTORES: dict[str, Extractor] = {"extraer (nuestro)": _mio, "trafilatura.extract": _trafilatura}


def _paginas_es() -> list[Pagina]:
    """Las 32 páginas en español de trafilatura con su oro."""
    carpeta = datos_compartidos("paginas", "trafilatura_es")
    oro = json.loads((carpeta / "gold.json").read_text(encoding="utf-8"))
    return [
        Pagina(
            gzip.decompress((carpeta / "html" / f"{d['file']}.gz").read_bytes()),
            k if k.startswith("http") else None,
            d,
        )
        for k, d in oro.items()
    ]


def _paginas_zyte() -> list[Pagina]:
    """Las 181 páginas del benchmark de Zyte con su cuerpo verdadero."""
    carpeta = datos_compartidos("paginas", "zyte")
    oro = json.loads((carpeta / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Pagina(gzip.decompress((carpeta / "html" / f"{k}.html.gz").read_bytes()), d.get("url"), d)
        for k, d in oro.items()
    ]


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precisión, exhaustividad y F1."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _fragmentos(paginas: list[Pagina], extractor: Extractor) -> tuple[float, float, float, float]:
    """Método de trafilatura: fragmentos `with` presentes y `without` ausentes; y segundos."""
    c: Counter[str] = Counter()
    inicio = time.perf_counter()
    for p in paginas:
        texto = extractor(p.html, p.url) or ""
        con, sin = p.oro["with"], p.oro["without"]
        assert isinstance(con, list) and isinstance(sin, list)
        c["tp"] += sum(f in texto for f in con)
        c["fn"] += sum(f not in texto for f in con)
        c["fp"] += sum(f in texto for f in sin)
    return (*_prf(c["tp"], c["fp"], c["fn"]), time.perf_counter() - inicio)


def _shingles(texto: str | None) -> Counter[tuple[str, ...]]:
    """4-gramas de palabras (como article-extraction-benchmark)."""
    palabras = _PALABRA.findall(texto or "")
    return Counter(tuple(palabras[i : i + 4]) for i in range(max(len(palabras) - 3, 0)))


def _cuatrigramas(paginas: list[Pagina], extractor: Extractor) -> tuple[float, float, float, float]:
    """Precisión y exhaustividad promedio por página de 4-gramas, F1 de los promedios; segundos."""
    precisiones, exhaustividades = [], []
    inicio = time.perf_counter()
    for p in paginas:
        verdad, prediccion = (
            _shingles(str(p.oro["articleBody"])),
            _shingles(extractor(p.html, p.url)),
        )
        comunes = sum((verdad & prediccion).values())
        precisiones.append(comunes / sum(prediccion.values()) if prediccion else 0.0)
        exhaustividades.append(comunes / sum(verdad.values()) if verdad else 1.0)
    p_, r_ = sum(precisiones) / len(paginas), sum(exhaustividades) / len(paginas)
    return p_, r_, (2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0), time.perf_counter() - inicio


def _fecha_nuestra(p: Pagina) -> date | None:
    """Día de publicación según extraer (en la zona que declara la fuente)."""
    f = extraer(p.html, p.url, ahora=datetime(2022, 6, 1, tzinfo=ZONA)).fecha
    return f.date() if f else None


def _fecha_trafilatura(p: Pagina) -> date | None:
    """Día de publicación según trafilatura (htmldate por dentro)."""
    doc = trafilatura.bare_extraction(p.html, url=p.url, with_metadata=True)
    valor = getattr(doc, "date", None)
    return date.fromisoformat(valor[:10]) if valor else None


def _fechas(paginas: list[Pagina], obtener: Callable[[Pagina], date | None]) -> str:
    """Resumen "exacto/total, ±1 día, sin fecha" sobre las páginas con fecha en el oro."""
    total = exacto = cercano = nada = 0
    for p in paginas:
        if not p.oro.get("date"):
            continue
        total += 1
        dia, esperado = obtener(p), date.fromisoformat(str(p.oro["date"]))
        nada += dia is None
        exacto += dia == esperado
        cercano += dia is not None and abs((dia - esperado).days) <= 1
    return f"día exacto {exacto}/{total}, ±1 día {cercano}/{total}, sin fecha {nada}"


def _metadatos(paginas: list[Pagina]) -> str:
    """Títulos y autores idénticos al oro: nuestro extraer frente a trafilatura."""
    c: Counter[str] = Counter()
    for p in paginas:
        ex = extraer(p.html, p.url, ahora=datetime(2022, 6, 1, tzinfo=ZONA))
        doc = trafilatura.bare_extraction(p.html, url=p.url, with_metadata=True)
        for campo, nuestro, suyo in (
            ("titulo", ex.titulo, getattr(doc, "title", None)),
            ("autor", ex.autor, getattr(doc, "author", None)),
        ):
            esperado = p.oro.get("title" if campo == "titulo" else "author")
            if esperado:
                c[campo] += 1
                c[f"{campo}_nuestro"] += nuestro == esperado
                c[f"{campo}_trafilatura"] += suyo == esperado
    return (
        f"título exacto: nuestro {c['titulo_nuestro']}/{c['titulo']}, trafilatura "
        f"{c['titulo_trafilatura']}/{c['titulo']}; autor exacto: nuestro "
        f"{c['autor_nuestro']}/{c['autor']}, trafilatura {c['autor_trafilatura']}/{c['autor']}"
    )


def _feeds_por_segundo() -> tuple[int, int, float]:
    """(feeds legibles, entradas, feeds/s) sobre los 200 feeds reales del tgz."""
    with tarfile.open(datos_compartidos("feeds", "reales", "benchmark_data.tgz")) as tgz:
        contenidos = [
            tgz.extractfile(m).read()  # type: ignore[union-attr]
            for m in tgz.getmembers()
            if m.isfile()
        ]
    legibles = entradas = 0
    inicio = time.perf_counter()
    for contenido in contenidos:
        try:
            entradas += len(leer_feed(contenido).entradas)
            legibles += 1
        except FeedIlegible:
            pass
    return legibles, entradas, len(contenidos) / (time.perf_counter() - inicio)


def _fila(nombre: str, conjunto: str, n: int, r: tuple[float, float, float, float]) -> str:
    """Una fila de la tabla de calidad."""
    p, rec, f1, seg = r
    return f"| {conjunto:<16} | {nombre:<20} | {p:.3f} | {rec:.3f} | {f1:.3f} | {n / seg:6.1f} |"


@pytest.mark.benchmark
def test_medicion_extraccion() -> None:
    """Imprime la tabla de calidad y velocidad; afirma que no perdemos contra trafilatura."""
    es, zyte = _paginas_es(), _paginas_zyte()
    # Calentamiento fuera del tiempo: importaciones y la compilación única (~3 s por proceso) de
    # las expresiones de dateparser que htmldate usa en su búsqueda extensa.
    for p in es:
        for extractor in EXTRACTORES.values():
            extractor(p.html, p.url)
    filas = [
        "| conjunto | extractor | precisión | exhaustividad | F1 | páginas/s |",
        "|---" * 6 + "|",
    ]
    resultados: dict[tuple[str, str], float] = {}
    for nombre, extractor in EXTRACTORES.items():
        r_es, r_zyte = _fragmentos(es, extractor), _cuatrigramas(zyte, extractor)
        resultados[("es", nombre)], resultados[("zyte", nombre)] = r_es[2], r_zyte[2]
        filas += [
            _fila(nombre, "trafilatura_es", len(es), r_es),
            _fila(nombre, "zyte", len(zyte), r_zyte),
        ]
    legibles, entradas, fps = _feeds_por_segundo()
    print("\n" + "\n".join(filas))
    print("\nFechas en trafilatura_es (páginas con fecha en el oro):")
    print(f"  extraer (nuestro):    {_fechas(es, _fecha_nuestra)}")
    print(f"  trafilatura (meta):   {_fechas(es, _fecha_trafilatura)}")
    print(f"Metadatos en trafilatura_es: {_metadatos(es)}")
    print(f"Feeds reales: {legibles} legibles, {entradas} entradas, {fps:.1f} feeds/s.")
    assert resultados[("es", "extraer (nuestro)")] >= resultados[("es", "trafilatura.extract")]
