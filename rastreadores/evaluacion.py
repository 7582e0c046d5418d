"""Calidad de la extracción contra conjuntos de páginas con oro, frente a la biblioteca sola.

Lee los cuatro formatos públicos de `../shared/datos/paginas` (y cualquier carpeta con la misma
forma): fragmentos de trafilatura (`gold.json`), cuerpo verdadero de Zyte (`ground-truth.json`),
oro de fundus (`gold.jsonl`) y casos de Readability (`<caso>/source.html`). Mide cuerpo, título
exacto y día de publicación exacto de `extraer` y de trafilatura + htmldate por omisión.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import lxml.html

from rastreadores.extraccion import extraer, extraer_referencia
from rastreadores.seleccion import ngramas

_DIA = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Elementos de bloque del artículo esperado de Readability: entre ellos va un salto de línea
# para que dos párrafos pegados ("</p><p>") no fundan la última y la primera palabra.
_BLOQUES = frozenset(
    {"p", "div", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "br"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "section", "article", "header"}
    | {"footer", "dd", "dt"}
)


@dataclass(frozen=True)
class Caso:
    """Una página con su oro; los campos sin oro quedan en None (o vacíos los fragmentos)."""

    nombre: str
    html: bytes
    url: str | None
    titulo: str | None
    fecha: str | None
    cuerpo: str | None
    con: tuple[str, ...] = ()
    sin: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conjunto:
    """Páginas de un conjunto; `fragmentos` si el cuerpo se mide con fragmentos with/without."""

    nombre: str
    formato: str
    casos: tuple[Caso, ...]

    @property
    def fragmentos(self) -> bool:
        """¿El cuerpo se mide con fragmentos que deben (y no deben) aparecer?"""
        return self.formato == "trafilatura"


@dataclass(frozen=True)
class Lectura:
    """Lo que un extractor dijo de una página: título, texto y día (AAAA-MM-DD)."""

    titulo: str | None
    texto: str | None
    fecha: str | None


@dataclass
class Medida:
    """Aciertos de un extractor sobre un conjunto."""

    precision: float = 0.0
    exhaustividad: float = 0.0
    f1: float = 0.0
    titulos: int = 0
    titulos_exactos: int = 0
    fechas: int = 0
    fechas_exactas: int = 0
    sin_fecha: int = 0

    @property
    def titulo(self) -> float:
        """Proporción de títulos exactos."""
        return self.titulos_exactos / self.titulos if self.titulos else 0.0

    @property
    def fecha(self) -> float:
        """Proporción de días de publicación exactos (sin fecha cuenta como error)."""
        return self.fechas_exactas / self.fechas if self.fechas else 0.0


Lector = Callable[[Caso], Lectura]


# --- Lectura de los conjuntos ----------------------------------------------------------------


def _bytes(ruta: Path) -> bytes:
    """Contenido de un archivo, descomprimido si es gzip (se prueba también `ruta.gz`)."""
    for candidata in (ruta, ruta.with_name(ruta.name + ".gz")):
        if candidata.is_file():
            crudo = candidata.read_bytes()
            return gzip.decompress(crudo) if crudo[:2] == b"\x1f\x8b" else crudo
    raise ValueError(f"falta el archivo {ruta}")


def _json(ruta: Path) -> Any:
    """JSON de un archivo, con un error en español si no se puede leer."""
    try:
        return json.loads(_bytes(ruta).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{ruta} no es JSON válido en UTF-8") from exc


def _dia(valor: object) -> str | None:
    """AAAA-MM-DD del inicio de una fecha ISO, o None."""
    texto = str(valor or "").strip()
    return texto[:10] if _DIA.match(texto) else None


def _url(valor: object) -> str | None:
    """URL http(s) o None (las claves de trafilatura a veces no son URLs)."""
    texto = str(valor or "").strip()
    return texto if texto.startswith(("http://", "https://")) else None


def _casos_trafilatura(carpeta: Path) -> Iterator[Caso]:
    """gold.json de trafilatura: {clave: {file, with, without, title?, date?}}."""
    for clave, dato in dict(_json(carpeta / "gold.json")).items():
        yield Caso(
            nombre=str(dato["file"]),
            html=_bytes(carpeta / "html" / str(dato["file"])),
            url=_url(clave),
            titulo=dato.get("title") or None,
            fecha=_dia(dato.get("date")),
            cuerpo=None,
            con=tuple(dato.get("with") or ()),
            sin=tuple(dato.get("without") or ()),
        )


def _casos_zyte(carpeta: Path) -> Iterator[Caso]:
    """ground-truth.json de Zyte: {id: {articleBody, url}} y html/<id>.html.gz."""
    for clave, dato in dict(_json(carpeta / "ground-truth.json")).items():
        yield Caso(
            nombre=str(clave),
            html=_bytes(carpeta / "html" / f"{clave}.html"),
            url=_url(dato.get("url")),
            titulo=None,
            fecha=None,
            cuerpo=str(dato.get("articleBody") or ""),
        )


def _casos_fundus(carpeta: Path) -> Iterator[Caso]:
    """gold.jsonl de fundus: una página por línea con archivo, url, titulo, fecha y texto."""
    lineas = _bytes(carpeta / "gold.jsonl").decode("utf-8", "replace").splitlines()
    for numero, linea in enumerate(lineas, start=1):
        if not linea.strip():
            continue
        try:
            dato = json.loads(linea)
            archivo = str(dato["archivo"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{carpeta}/gold.jsonl, línea {numero}: registro inválido") from exc
        yield Caso(
            nombre=archivo,
            html=_bytes(carpeta / "html" / archivo),
            url=_url(dato.get("url")),
            titulo=dato.get("titulo") or None,
            fecha=_dia(dato.get("fecha")),
            cuerpo=str(dato.get("texto") or ""),
        )


def texto_de_html(html: bytes) -> str:
    """Texto visible de un fragmento HTML, con un salto de línea tras cada bloque."""
    raiz = lxml.html.fromstring(html.decode("utf-8", "replace") or "<p></p>")
    for elemento in raiz.iter():
        if isinstance(elemento.tag, str) and elemento.tag.lower() in _BLOQUES:
            elemento.tail = "\n" + (elemento.tail or "")
    return str(raiz.text_content())


def _caso_readability(caso: Path) -> Caso:
    """Un caso de Readability: source.html, expected.html y expected-metadata.json."""
    metadatos_ruta = caso / "expected-metadata.json"
    metadatos = dict(_json(metadatos_ruta)) if metadatos_ruta.exists() else {}
    return Caso(
        nombre=caso.name,
        html=_bytes(caso / "source.html"),
        url=None,
        titulo=metadatos.get("title") or None,
        fecha=_dia(metadatos.get("publishedTime")),
        cuerpo=texto_de_html(_bytes(caso / "expected.html")),
    )


def _es_caso_readability(carpeta: Path) -> bool:
    """¿La carpeta tiene source.html (o .gz)?"""
    return any((carpeta / n).is_file() for n in ("source.html", "source.html.gz"))


def _casos_readability(carpeta: Path) -> Iterator[Caso]:
    """Subcarpetas con source.html(.gz) y expected.html(.gz)."""
    for caso in sorted(_hijos(carpeta)):
        if _es_caso_readability(caso):
            yield _caso_readability(caso)


def _formato(carpeta: Path) -> str:
    """Formato de la carpeta por sus archivos, o ValueError si no se reconoce."""
    for archivo, formato in (
        ("gold.json", "trafilatura"),
        ("ground-truth.json", "zyte"),
        ("gold.jsonl", "fundus"),
    ):
        if (carpeta / archivo).is_file():
            return formato
    if any(_es_caso_readability(p) for p in _hijos(carpeta)):
        return "readability"
    raise ValueError(
        f"{carpeta} no es un conjunto de páginas conocido (gold.json, ground-truth.json, "
        "gold.jsonl o casos de Readability)"
    )


def _hijos(carpeta: Path) -> list[Path]:
    """Subcarpetas directas."""
    return [p for p in carpeta.iterdir() if p.is_dir()]


LECTORES: dict[str, Callable[[Path], Iterator[Caso]]] = {
    "trafilatura": _casos_trafilatura,
    "zyte": _casos_zyte,
    "fundus": _casos_fundus,
    "readability": _casos_readability,
}


def cargar_conjunto(carpeta: Path) -> Conjunto:
    """Las páginas de una carpeta con oro en uno de los cuatro formatos; ValueError si no."""
    if not carpeta.is_dir():
        raise ValueError(f"no existe la carpeta {carpeta}")
    formato = _formato(carpeta)
    try:
        casos = tuple(LECTORES[formato](carpeta))
    except (OSError, EOFError, zlib.error, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{carpeta}: conjunto {formato} ilegible ({exc})") from exc
    if not casos:
        raise ValueError(f"{carpeta} no tiene páginas")
    return Conjunto(carpeta.name, formato, casos)


# --- Extractores -------------------------------------------------------------------------------


def _iso_dia(fecha: datetime | None) -> str | None:
    """El día como lo escribe `monitoreo extraer --json` (inicio de la fecha ISO)."""
    return fecha.isoformat()[:10] if fecha else None


def leer_monitoreo(caso: Caso) -> Lectura:
    """Título, texto y día según `extraer` (lo mismo que imprime `monitoreo extraer`)."""
    ex = extraer(caso.html, caso.url)
    return Lectura(ex.titulo, ex.texto, _iso_dia(ex.fecha))


def leer_referencia(caso: Caso) -> Lectura:
    """Título, texto y día de trafilatura y htmldate con sus opciones por omisión."""
    ex = extraer_referencia(caso.html, caso.url)
    return Lectura(ex.titulo, ex.texto, _iso_dia(ex.fecha))


EXTRACTORES: dict[str, Lector] = {
    "monitoreo": leer_monitoreo,
    "trafilatura + htmldate": leer_referencia,
}


# --- Medidas -----------------------------------------------------------------------------------


def _normal(texto: str | None) -> str:
    """Texto en NFC con espacios normalizados, para comparar títulos."""
    return " ".join(unicodedata.normalize("NFC", texto or "").split())


def precision_exhaustividad(oro: str, texto: str | None) -> tuple[float, float]:
    """Precisión y exhaustividad de 4-gramas de palabras de una página."""
    verdad, prediccion = ngramas(oro), ngramas(texto)
    comunes = sum((verdad & prediccion).values())
    precision = comunes / sum(prediccion.values()) if prediccion else float(not verdad)
    exhaustividad = comunes / sum(verdad.values()) if verdad else 1.0
    return precision, exhaustividad


def _f1(precision: float, exhaustividad: float) -> float:
    """Media armónica."""
    total = precision + exhaustividad
    return 2 * precision * exhaustividad / total if total else 0.0


def _cuerpo_fragmentos(pares: list[tuple[Caso, Lectura]], medida: Medida) -> None:
    """Método de trafilatura: fragmentos `with` presentes y `without` ausentes, sumados."""
    tp = fp = fn = 0
    for caso, lectura in pares:
        texto = lectura.texto or ""
        tp += sum(f in texto for f in caso.con)
        fn += sum(f not in texto for f in caso.con)
        fp += sum(f in texto for f in caso.sin)
    medida.precision = tp / (tp + fp) if tp + fp else 0.0
    medida.exhaustividad = tp / (tp + fn) if tp + fn else 0.0
    medida.f1 = _f1(medida.precision, medida.exhaustividad)


def _cuerpo_ngramas(pares: list[tuple[Caso, Lectura]], medida: Medida) -> None:
    """Promedio por página de precisión y exhaustividad de 4-gramas; F1 de los promedios."""
    valores = [precision_exhaustividad(c.cuerpo or "", x.texto) for c, x in pares if c.cuerpo]
    if valores:
        medida.precision = sum(p for p, _ in valores) / len(valores)
        medida.exhaustividad = sum(r for _, r in valores) / len(valores)
        medida.f1 = _f1(medida.precision, medida.exhaustividad)


def _metadatos(pares: list[tuple[Caso, Lectura]], medida: Medida) -> None:
    """Títulos y días exactos sobre las páginas que los traen en el oro."""
    for caso, lectura in pares:
        if caso.titulo:
            medida.titulos += 1
            medida.titulos_exactos += _normal(lectura.titulo) == _normal(caso.titulo)
        if caso.fecha:
            medida.fechas += 1
            medida.fechas_exactas += lectura.fecha == caso.fecha
            medida.sin_fecha += lectura.fecha is None


Avance = Callable[[int, int], None]


def medir(conjunto: Conjunto, lector: Lector, al_avanzar: Avance | None = None) -> Medida:
    """Cuerpo, título y fecha de un extractor sobre todas las páginas del conjunto."""
    pares = []
    for i, caso in enumerate(conjunto.casos, start=1):
        pares.append((caso, lector(caso)))
        if al_avanzar is not None:
            al_avanzar(i, len(conjunto.casos))
    medida = Medida()
    if conjunto.fragmentos:
        _cuerpo_fragmentos(pares, medida)
    else:
        _cuerpo_ngramas(pares, medida)
    _metadatos(pares, medida)
    return medida


@dataclass(frozen=True)
class Evaluacion:
    """Medidas de cada extractor sobre un mismo conjunto, en la misma corrida."""

    conjunto: Conjunto
    medidas: dict[str, Medida]


def evaluar_carpeta(carpeta: Path, al_avanzar: Avance | None = None) -> Evaluacion:
    """Medidas de monitoreo y de la biblioteca sola, en la misma corrida, sobre una carpeta."""
    conjunto = cargar_conjunto(carpeta)
    medidas = {
        nombre: medir(conjunto, lector, al_avanzar) for nombre, lector in EXTRACTORES.items()
    }
    return Evaluacion(conjunto, medidas)


def metodo_cuerpo(conjunto: Conjunto) -> str:
    """Cómo se mide el cuerpo en este conjunto, para el encabezado de la tabla."""
    if conjunto.fragmentos:
        return "cuerpo por fragmentos (método de trafilatura)"
    return "cuerpo por 4-gramas de palabras"


def _fraccion(aciertos: int, total: int) -> str:
    """«0.806 (100/124)» o «—» si no hay oro."""
    return f"{aciertos / total:.3f} ({aciertos}/{total})" if total else "—"


def filas(evaluacion: Evaluacion) -> list[tuple[str, ...]]:
    """Filas (campo, valor por extractor...) de la tabla de resultados."""
    medidas = list(evaluacion.medidas.values())
    return [
        ("cuerpo: precisión", *(f"{m.precision:.3f}" for m in medidas)),
        ("cuerpo: exhaustividad", *(f"{m.exhaustividad:.3f}" for m in medidas)),
        ("cuerpo: F1", *(f"{m.f1:.3f}" for m in medidas)),
        ("título exacto", *(_fraccion(m.titulos_exactos, m.titulos) for m in medidas)),
        ("día de publicación exacto", *(_fraccion(m.fechas_exactas, m.fechas) for m in medidas)),
        ("páginas sin fecha", *(str(m.sin_fecha) if m.fechas else "—" for m in medidas)),
    ]


def _medida_dict(m: Medida) -> dict[str, Any]:
    """Una medida como diccionario para --json."""
    return {
        "cuerpo": {
            "precision": round(m.precision, 4),
            "exhaustividad": round(m.exhaustividad, 4),
            "f1": round(m.f1, 4),
        },
        "titulo": {"exactos": m.titulos_exactos, "total": m.titulos},
        "fecha": {"exactas": m.fechas_exactas, "total": m.fechas, "sin_fecha": m.sin_fecha},
    }


def como_dict(evaluacion: Evaluacion) -> dict[str, Any]:
    """La evaluación completa como diccionario (salida --json)."""
    return {
        "conjunto": evaluacion.conjunto.nombre,
        "formato": evaluacion.conjunto.formato,
        "paginas": len(evaluacion.conjunto.casos),
        "extractores": {n: _medida_dict(m) for n, m in evaluacion.medidas.items()},
    }
