"""Menciones del Ayuntamiento: búsqueda de la lista de vigilancia en un texto.

Regla contra falsos positivos (documentada también en las pruebas):

- Una variante es *específica* si contiene el nombre del municipio ("Tampacán", "tampaquense")
  o si es el nombre propio de un funcionario (dos o más palabras con mayúscula que no son de
  cargo, p. ej. "Silvia Ponce"). Las específicas siempre cuentan.
- Las demás son *genéricas* ("Ayuntamiento", "alcaldesa", "edil", "policía municipal",
  "Agua para Todos", "Chiconamel"...): sólo cuentan si en el mismo texto hay al menos una
  aparición específica, y nunca si van seguidas de "de <Otro Lugar>" ("la alcaldesa de Matlapa",
  "el Ayuntamiento de Ciudad Valles").
- Corroboración: sin variante específica, una localidad del municipio ("Xochititla") y una
  referencia genérica al gobierno ("el Ayuntamiento", "la alcaldesa") se sostienen mutuamente y
  cuentan, salvo que junto a la localidad se nombre otro municipio de la región (catálogo INEGI de
  San Luis Potosí transcrito en `OTROS_MUNICIPIOS`): "Xochititla, en Tamazunchale".
- La búsqueda es por palabras completas: "Tampacaneros" no es mención de "Tampacán".
- Además de la forma exacta, las variantes en minúsculas (cargos y dependencias) se buscan por
  lema, para aceptar plurales y flexiones ("policías municipales").
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analisis.nlp import (
    BuscadorFrases,
    Coincidencia,
    DocNormalizado,
    documento_para_buscar,
    sin_acentos,
    sin_traslapes,
)

log = logging.getLogger(__name__)

RUTA_VIGILANCIA = Path(__file__).with_name("vigilancia.toml")

# Nombre del municipio en sus formas normalizadas; una variante que lo contiene es específica.
MUNICIPIO = ("tampacan", "tampaquense", "tampaquenses")

# Palabras de cargo o institución: no cuentan como parte de un nombre propio.
_CARGO = (
    "presidenta",
    "presidente",
    "alcaldesa",
    "alcalde",
    "edil",
    "comandante",
    "secretario",
    "secretaria",
    "tesorera",
    "tesorero",
    "director",
    "directora",
    "regidor",
    "regidora",
    "síndico",
    "síndica",
    "licenciado",
    "licenciada",
    "ingeniero",
    "ingeniera",
    "doctor",
    "doctora",
    "profesor",
    "profesora",
    "municipal",
    "ayuntamiento",
    "cabildo",
    "obras",
    "públicas",
    "dif",
    "seguridad",
    "pública",
    "agua",
    "potable",
    "salud",
    "educación",
    "deporte",
    "cultura",
    "desarrollo",
    "social",
    "protección",
    "civil",
    "tesorería",
    "dirección",
    "sistema",
    "organismo",
    "casa",
)
PALABRAS_CARGO = frozenset(sin_acentos(p) for p in _CARGO)

# Municipios de San Luis Potosí (catálogo INEGI, geo/slp_municipios.csv) salvo Tampacán. Se dejan
# fuera los que son también nombres de calles, personas o cosas comunes en una nota ("calle
# Zaragoza", "Moctezuma", "Cárdenas", "Catorce", "Venado", "San Antonio"...): nombrarlos no prueba
# que la nota hable de otro municipio.
OTROS_MUNICIPIOS = (
    "Ahualulco del Sonido 13", "Alaquines", "Aquismón", "Armadillo de los Infante", "Cedral",
    "Cerritos", "Cerro de San Pedro", "Ciudad del Maíz", "Ciudad Fernández", "Tancanhuitz",
    "Ciudad Valles", "Coxcatlán", "Charcas", "Ébano", "Guadalcázar", "Huehuetlán", "Lagunillas",
    "Matehuala", "Mexquitic de Carmona", "Rioverde", "San Ciro de Acosta", "San Luis Potosí",
    "San Martín Chalchicuautla", "San Nicolás Tolentino", "Santa María del Río",
    "San Vicente Tancuayalab", "Soledad de Graciano Sánchez", "Tamasopo", "Tamazunchale",
    "Tampamolón Corona", "Tampamolón", "Tamuín", "Tanlajás", "Tanquián de Escobedo", "Tanquián",
    "Tierra Nueva", "Vanegas", "Villa de Arriaga", "Villa de Guadalupe", "Villa de la Paz",
    "Villa de Ramos", "Villa de Reyes", "Axtla de Terrazas", "Axtla", "Xilitla",
    "Villa de Arista", "Matlapa", "El Naranjo", "Villa de Pozos",
)  # fmt: skip
# Una localidad homónima se delata con su municipio antes en la oración ("En Ciudad Valles, la
# colonia Las Flores...") o justo después ("El Sabino, en Tamazunchale"); nombrar otro municipio más
# adelante ("deben trasladarse hasta Tamazunchale") no dice que la nota sea de allá.
ALCANCE_OTRO_MUNICIPIO = 40
# Tipos que nombran al gobierno (las localidades sólo lo corroboran).
TIPOS_GOBIERNO = frozenset({"ayuntamiento", "funcionario", "dependencia", "programa"})

# Tras una variante genérica, "de" + palabra con mayúscula nombra a otra autoridad
# ("alcaldesa de Matlapa"); se excluye salvo que sea el propio municipio.
_OTRO_LUGAR = re.compile(r"^\s+(?:de|del)\s+(?:la\s+|el\s+|los\s+)?([A-ZÁÉÍÓÚÑ][\wáéíóúñü]+)")


@dataclass(frozen=True)
class Termino:
    """Un término vigilado (Ayuntamiento, funcionario, dependencia, programa, localidad)."""

    nombre: str
    tipo: str
    variantes: tuple[str, ...]


@dataclass(frozen=True)
class Aparicion:
    """Una aparición de un término en un texto, con posiciones en el texto original."""

    termino: str
    tipo: str
    texto: str
    inicio: int
    fin: int


def es_especifica(variante: str, tipo: str) -> bool:
    """Si la variante identifica por sí sola al municipio (ver la regla del módulo)."""
    normal = sin_acentos(variante)
    if any(re.search(rf"\b{m}\b", normal) for m in MUNICIPIO):
        return True
    if tipo not in ("funcionario", "objetivo"):
        return False
    propias = [
        p for p in variante.split() if p[:1].isupper() and sin_acentos(p) not in PALABRAS_CARGO
    ]
    return len(propias) >= 2


def _clave(indice: int, especifica: bool) -> str:
    """Clave del PhraseMatcher: índice del término y si la variante es específica."""
    return f"{indice}:{'e' if especifica else 'g'}"


class Vigilancia:
    """Buscador de la lista de vigilancia sobre textos de notas."""

    def __init__(self, terminos: Sequence[Termino]) -> None:
        """Prepara los buscadores por forma y por lema."""
        self.terminos = tuple(terminos)
        por_forma: dict[str, list[str]] = {}
        por_lema: dict[str, list[str]] = {}
        for i, t in enumerate(self.terminos):
            for v in {*t.variantes, t.nombre}:
                clave = _clave(i, es_especifica(v, t.tipo))
                por_forma.setdefault(clave, []).append(v)
                if v == v.lower():
                    por_lema.setdefault(clave, []).append(v)
        self._forma = BuscadorFrases(por_forma)
        self._lema = BuscadorFrases(por_lema, por_lema=True)
        self._otros = BuscadorFrases({"otro": OTROS_MUNICIPIOS})

    def buscar(self, texto: str) -> list[Aparicion]:
        """Apariciones de los términos en el texto, sin traslapes y en orden."""
        # Un solo documento normalizado para los tres buscadores: es lo caro de buscar.
        doc = documento_para_buscar(texto)
        todas = sin_traslapes(self._forma.buscar_en(doc) + self._lema.buscar_en(doc))
        hay_ancla = any(c.clave.endswith(":e") for c in todas) or self._corroborada(doc, todas)
        validas = [
            c for c in todas if c.clave.endswith(":e") or _generica_valida(texto, c, hay_ancla)
        ]
        return [self._aparicion(texto, c) for c in validas]

    def _tipo(self, c: Coincidencia) -> str:
        """Tipo del término de una coincidencia."""
        return self.terminos[int(c.clave.split(":")[0])].tipo

    def _corroborada(self, doc: DocNormalizado, todas: Sequence[Coincidencia]) -> bool:
        """Localidad propia (sin otro municipio junto) + referencia genérica al gobierno."""
        texto = doc.text
        genericas = [c for c in todas if _generica_valida(texto, c, True)]
        otros = self._otros.buscar_en(doc)
        localidad = any(
            self._tipo(c) == "localidad" and not _otro_municipio_junto(texto, c, otros)
            for c in genericas
        )
        return localidad and any(self._tipo(c) in TIPOS_GOBIERNO for c in genericas)

    def _aparicion(self, texto: str, c: Coincidencia) -> Aparicion:
        """Convierte una coincidencia en Aparicion."""
        t = self.terminos[int(c.clave.split(":")[0])]
        return Aparicion(t.nombre, t.tipo, texto[c.inicio : c.fin], c.inicio, c.fin)


def _otro_municipio_junto(texto: str, c: Coincidencia, otros: Sequence[Coincidencia]) -> bool:
    """Otro municipio antes en la oración o justo después ("Tierra Blanca, en Tamazunchale")."""
    inicio = max(texto.rfind(". ", 0, c.inicio), texto.rfind("\n", 0, c.inicio), 0)
    return any(inicio <= o.inicio < c.fin + ALCANCE_OTRO_MUNICIPIO for o in otros)


def _generica_valida(texto: str, c: Coincidencia, hay_especifica: bool) -> bool:
    """Una variante genérica cuenta si hay ancla y no nombra a otro lugar."""
    if not hay_especifica:
        return False
    otro = _OTRO_LUGAR.match(texto[c.fin : c.fin + 60])
    return otro is None or sin_acentos(otro.group(1)) in MUNICIPIO


def leer_terminos(ruta: Path) -> list[Termino]:
    """Lee términos de un TOML con tablas [[termino]] (nombre, tipo, variantes)."""
    with ruta.open("rb") as archivo:
        datos = tomllib.load(archivo)
    return [
        Termino(str(t["nombre"]), str(t["tipo"]), tuple(str(v) for v in t.get("variantes", [])))
        for t in datos.get("termino", [])
    ]


@lru_cache(maxsize=1)
def _base() -> tuple[Termino, ...]:
    """Términos de analisis/vigilancia.toml (leídos una vez)."""
    return tuple(leer_terminos(RUTA_VIGILANCIA))


def terminos_base() -> list[Termino]:
    """Lista de vigilancia inicial de Tampacán (analisis/vigilancia.toml)."""
    return list(_base())


@lru_cache(maxsize=1)
def vigilancia_base() -> Vigilancia:
    """Vigilancia con los términos base, construida una sola vez (la usa el tono)."""
    return Vigilancia(terminos_base())
