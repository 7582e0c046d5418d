"""Tono dirigido: actitud de una nota hacia el Ayuntamiento (u otro objetivo), no "noticia mala".

Línea base sin entrenamiento: léxico de gestión pública (`lexico_tono.toml`) con reglas de
negación, intensificadores, peticiones, críticas citadas y ventanas alrededor del objetivo. Un
crimen sin crítica al gobierno queda neutral porque el léxico no tiene vocabulario de nota roja.
Si se pasa un `ModeloTono` entrenado, decide el modelo y el léxico sólo aporta las frases.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from analisis import nlp
from analisis.menciones import Vigilancia, vigilancia_base
from analisis.nlp import (
    BuscadorFrases,
    Coincidencia,
    Ficha,
    lema,
    oraciones,
    sin_acentos,
    sin_traslapes,
)

if TYPE_CHECKING:
    from analisis.tono_modelo import ModeloTono

log = logging.getLogger(__name__)

RUTA_LEXICO = Path(__file__).with_name("lexico_tono.toml")
TONOS = ("positivo", "neutral", "negativo")

# puntaje = tanh(total / ESCALA): con ESCALA 2 una sola palabra fuerte (peso 1.5) en la oración
# del objetivo da |puntaje| ≈ 0.64. UMBRAL 0.2 equivale a |total| ≥ 0.41: en la partición de
# entrenamiento de los titulares (tests/benchmarks/bench_tono.py) la macro-F1 del léxico es una
# meseta para umbrales de total entre 0.1 y 0.5 (0.47), y con 0.41 los casos de
# tests/test_tono.py quedan bien (una palabra leve fuera de la ventana no basta).
ESCALA = 2.0
UMBRAL = 0.2
# Cuánto sube el puntaje una retoma (de cualquier nivel): publicar un boletín, copiado o en otras
# palabras, difunde la comunicación propia. Con las palabras del boletín ya descontadas (ver
# `propios` en `analizar`), una retoma sin nada añadido queda en 0.35 ≥ UMBRAL (positiva) y una
# sola palabra fuerte de crítica añadida por el medio (tanh(-1.5/2) ≈ -0.64) la vuelve negativa.
SESGO_RETOMA = 0.35
# Peso de una oración según su cercanía al objetivo (ventanas por oración).
PESO_CON_OBJETIVO = 1.0
PESO_CON_LOCALIDAD = 0.6
PESO_VECINA = 0.5
PESO_LEJANA = 0.2
PESO_SIN_OBJETIVO = 0.5
# Alcance de la negación en palabras y factor para lo negativo negado ("no hubo retrasos").
ALCANCE_NEGACION = 3
# Más allá del alcance, lo positivo sigue negado hasta la puntuación: "no ha cumplido con la
# entrega de las becas" no elogia la entrega.
ALCANCE_SOMBRA = 7
FACTOR_NEGATIVO_NEGADO = 0.5
# En una oración de petición lo positivo es lo que falta ("piden que se concluya").
FACTOR_PETICION = 0.0
# Verbo de crítica cuyo sujeto es el propio objetivo ("la alcaldesa denunció ante la Fiscalía").
FACTOR_OBJETIVO_SUJETO = 0.2
ALCANCE_SUJETO = 6
# Crítica citada: sujeto crítico + verbo de crítica en la misma oración.
PESO_CRITICA_CITADA = 1.0
FRASES_MAXIMAS = 3
# Explicación de un tono positivo que se debe a la retoma (no es una frase del texto).
MOTIVO_RETOMA = "Publica un boletín del Ayuntamiento: sus palabras son comunicación propia."
LARGO_FRASE = 300

# Tipos de la lista de vigilancia que son el gobierno (las localidades sólo dan contexto).
TIPOS_GOBIERNO = frozenset({"ayuntamiento", "funcionario", "dependencia", "programa", "objetivo"})


@dataclass(frozen=True)
class ResultadoTono:
    """Tono hacia el objetivo, puntaje en -1..1 y frases que lo explican."""

    tono: str
    puntaje: float
    frases: tuple[str, ...]


@dataclass(frozen=True)
class Lexico:
    """Léxico de tono y listas de reglas, normalizado sin acentos."""

    pesos: dict[str, float]
    frases: BuscadorFrases
    pesos_frase: dict[str, float]
    negadores: frozenset[str]
    no_negadores: BuscadorFrases
    criticos: frozenset[str]
    verbos_critica: frozenset[str]
    verbos_peticion: frozenset[str]
    intensificadores: dict[str, float]


@dataclass
class Analisis:
    """Resultado interno del léxico: total con signo, sumas por polaridad y oraciones puntuadas."""

    total: float = 0.0
    positivo: float = 0.0
    negativo: float = 0.0
    oraciones: list[tuple[float, str]] = field(default_factory=list)


def _claves(palabra: str) -> set[str]:
    """Forma sin acentos y lema de una entrada del léxico."""
    return {sin_acentos(palabra), lema(palabra)}


def _pesos(tabla: dict[str, float], signo: float) -> dict[str, float]:
    """Pesos con signo, indexados por forma y lema."""
    return {c: signo * float(p) for k, p in tabla.items() for c in _claves(k)}


def _conjunto(palabras: Sequence[str]) -> frozenset[str]:
    """Formas y lemas sin acentos de una lista de palabras."""
    return frozenset(c for p in palabras for c in _claves(p))


def leer_lexico(ruta: Path = RUTA_LEXICO) -> Lexico:
    """Lee el léxico de tono de un TOML."""
    with ruta.open("rb") as archivo:
        d = tomllib.load(archivo)
    reglas = d["reglas"]
    pesos_frase = {
        **{sin_acentos(k): float(v) for k, v in d["frases_positivas"].items()},
        **{sin_acentos(k): -float(v) for k, v in d["frases_negativas"].items()},
        **{sin_acentos(k): 0.0 for k in d.get("frases_neutras", {})},
    }
    return Lexico(
        pesos={**_pesos(d["positivo"], 1.0), **_pesos(d["negativo"], -1.0)},
        frases=BuscadorFrases({k: [k] for k in pesos_frase}, por_lema=True),
        pesos_frase=pesos_frase,
        negadores=frozenset(sin_acentos(p) for p in reglas["negadores"]),
        no_negadores=BuscadorFrases({"x": reglas["no_negadores"]}),
        criticos=_conjunto(reglas["criticos"]),
        verbos_critica=_conjunto(reglas["verbos_critica"]),
        verbos_peticion=_conjunto(reglas["verbos_peticion"]),
        intensificadores={sin_acentos(k): float(v) for k, v in d["intensificadores"].items()},
    )


@lru_cache(maxsize=1)
def lexico_base() -> Lexico:
    """Léxico de `analisis/lexico_tono.toml`, leído una vez."""
    return leer_lexico()


@dataclass(frozen=True)
class _Contexto:
    """Lo que se calcula una vez por texto: frases del léxico y posiciones del objetivo."""

    lexico: Lexico
    frases: dict[int, float]
    en_frase: frozenset[int]
    no_negadores: frozenset[int]
    fuertes: tuple[tuple[int, int], ...]
    debiles: tuple[tuple[int, int], ...]
    propias: frozenset[str] = frozenset()


def variantes_objetivo(nombres: Sequence[str]) -> list[str]:
    """Nombres completos del objetivo más su primera y última palabra ("Kirchner", "Cristina")."""
    salida: list[str] = []
    for nombre in nombres:
        partes = nombre.split()
        salida.append(nombre)
        salida += [p for p in {partes[0], partes[-1]} if len(partes) >= 2 and len(p) >= 4]
    return salida


@lru_cache(maxsize=256)
def _buscador_objetivo(nombres: tuple[str, ...]) -> BuscadorFrases:
    """Buscador de las variantes de un objetivo explícito."""
    return BuscadorFrases({"objetivo": variantes_objetivo(nombres)})


def nombres_objetivo(objetivo: Sequence[str] | str | None) -> list[str] | None:
    """Lista de nombres del objetivo; None (el Ayuntamiento) si no hay ninguno."""
    if objetivo is None:
        return None
    nombres = [objetivo] if isinstance(objetivo, str) else list(objetivo)
    return [n for n in nombres if n.strip()] or None


def rangos_objetivo(
    texto: str, objetivo: Sequence[str] | str | None, vigilancia: Vigilancia | None = None
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Posiciones del objetivo: (gobierno o nombre explícito, localidades que sólo dan contexto)."""
    nombres = nombres_objetivo(objetivo)
    if nombres is None:
        apariciones = (vigilancia or vigilancia_base()).buscar(texto)
        fuertes = [(a.inicio, a.fin) for a in apariciones if a.tipo in TIPOS_GOBIERNO]
        debiles = [(a.inicio, a.fin) for a in apariciones if a.tipo not in TIPOS_GOBIERNO]
        return fuertes, debiles
    coincidencias = sin_traslapes(_buscador_objetivo(tuple(nombres)).buscar(texto))
    return [(c.inicio, c.fin) for c in coincidencias], []


_PALABRAS = re.compile(r"\w+")


def palabras_propias(textos: Sequence[str]) -> frozenset[str]:
    """Normas y lemas de las palabras de los boletines que la nota retoma."""
    return frozenset().union(*(_palabras_de(t) for t in textos))


@lru_cache(maxsize=512)
def _palabras_de(texto: str) -> frozenset[str]:
    """Normas y lemas de un texto (en caché: un boletín se retoma en muchas notas)."""
    return frozenset(c for f in nlp.fichas(texto) if f.es_palabra for c in (f.norma, f.lema))


def _peso_frase(c: Coincidencia, texto: str, lex: Lexico, propias: frozenset[str]) -> float:
    """Peso de una frase del léxico; 0 si todas sus palabras vienen del boletín retomado."""
    palabras = _PALABRAS.findall(sin_acentos(texto[c.inicio : c.fin]))
    if propias and all(w in propias for w in palabras):
        return 0.0
    return lex.pesos_frase.get(c.clave, 0.0)


def _contexto(
    texto: str,
    lex: Lexico,
    rangos: tuple[list[tuple[int, int]], list[tuple[int, int]]],
    propias: frozenset[str] = frozenset(),
) -> _Contexto:
    """Prepara frases del léxico, excepciones de negación y posiciones del objetivo."""
    frases = sin_traslapes(lex.frases.buscar(texto))
    en_frase = {i for c in frases for i in range(c.inicio, c.fin)}
    no_neg = {i for c in lex.no_negadores.buscar(texto) for i in range(c.inicio, c.fin)}
    fuertes, debiles = rangos
    return _Contexto(
        lexico=lex,
        frases={c.inicio: _peso_frase(c, texto, lex, propias) for c in frases},
        en_frase=frozenset(en_frase),
        no_negadores=frozenset(no_neg),
        fuertes=tuple(fuertes),
        debiles=tuple(debiles),
        propias=propias,
    )


def _peso_ficha(f: Ficha, ctx: _Contexto) -> float:
    """Peso léxico de una palabra (o de la frase que empieza en ella)."""
    if f.inicio in ctx.frases:
        return ctx.frases[f.inicio]
    if f.inicio in ctx.en_frase or not f.es_palabra or _es_propia(f, ctx):
        return 0.0
    return ctx.lexico.pesos.get(f.norma, ctx.lexico.pesos.get(f.lema, 0.0))


def _es_propia(f: Ficha, ctx: _Contexto) -> bool:
    """Si la palabra viene del boletín retomado: "repararon 48 fugas" no es crítica del medio."""
    return f.norma in ctx.propias or f.lema in ctx.propias


def _anteriores(fichas: Sequence[Ficha], i: int, alcance: int) -> list[Ficha]:
    """Hasta `alcance` palabras antes de la i-ésima, sin cruzar puntuación (cercanas primero)."""
    salida: list[Ficha] = []
    for f in reversed(fichas[:i]):
        if not f.es_palabra or len(salida) >= alcance:
            break
        salida.append(f)
    return salida


def _distancia_negador(fichas: Sequence[Ficha], i: int, ctx: _Contexto) -> int:
    """Palabras hasta el negador anterior ("no ha cumplido", "sin terminar"); 0 si no hay."""
    for distancia, f in enumerate(_anteriores(fichas, i, ALCANCE_SOMBRA), start=1):
        if f.norma in ctx.lexico.negadores and f.inicio not in ctx.no_negadores | ctx.en_frase:
            return distancia
    return 0


def _intensidad(fichas: Sequence[Ficha], i: int, ctx: _Contexto) -> float:
    """Factor del intensificador más fuerte en las dos palabras anteriores."""
    previas = _anteriores(fichas, i, 2)
    return max([ctx.lexico.intensificadores.get(f.norma, 1.0) for f in previas], default=1.0)


def _en_objetivo(f: Ficha, ctx: _Contexto) -> bool:
    """Si la palabra cae dentro de una aparición del objetivo."""
    return any(a <= f.inicio < b for a, b in ctx.fuertes)


_VOZ_PASIVA = frozenset(
    {"fue", "fueron", "es", "son", "sido", "sera", "seran", "era", "eran", "esta", "estan"}
)


def _objetivo_es_sujeto(fichas: Sequence[Ficha], i: int, ctx: _Contexto) -> bool:
    """Si quien critica es el propio objetivo ("la alcaldesa denunció ante la Fiscalía...")."""
    for f in reversed(fichas[max(0, i - ALCANCE_SUJETO) : i]):
        if f.norma in _VOZ_PASIVA or f.lema in ctx.lexico.criticos:
            return False
        if _en_objetivo(f, ctx):
            return True
    return False


_PARTICIPIO = re.compile(r"(?:ad|id)(?:o|a|os|as)$")


def _participio_suelto(fichas: Sequence[Ficha], i: int, ctx: _Contexto) -> bool:
    """Participio sin auxiliar ni objetivo antes ("un sujeto acusado de robo"): no es crítica."""
    if not _PARTICIPIO.search(fichas[i].norma):
        return False
    previas = _anteriores(fichas, i, 2)
    return not any(f.norma in _VOZ_PASIVA or _en_objetivo(f, ctx) for f in previas)


def _hay_critico(fichas: Sequence[Ficha], ctx: _Contexto) -> bool:
    """Si la oración nombra a un sujeto crítico (vecinos, oposición...) fuera del objetivo."""
    return any(f.lema in ctx.lexico.criticos and not _en_objetivo(f, ctx) for f in fichas)


def _ajustar(fichas: Sequence[Ficha], i: int, peso: float, ctx: _Contexto) -> float:
    """Aplica intensificador y negación al peso de la i-ésima palabra."""
    peso *= _intensidad(fichas, i, ctx)
    distancia = _distancia_negador(fichas, i, ctx)
    if 0 < distancia <= ALCANCE_NEGACION:
        return -peso if peso > 0 else -peso * FACTOR_NEGATIVO_NEGADO
    return 0.0 if distancia and peso > 0 else peso


def _puntuar(fichas: Sequence[Ficha], ctx: _Contexto) -> float:
    """Puntaje con signo de una oración."""
    peticion = any(f.lema in ctx.lexico.verbos_peticion for f in fichas)
    total, citada = 0.0, False
    for i, f in enumerate(fichas):
        peso = _peso_ficha(f, ctx)
        if peso == 0.0:
            continue
        peso = _ajustar(fichas, i, peso, ctx)
        if peticion and peso > 0:
            peso *= FACTOR_PETICION
        if f.lema in ctx.lexico.verbos_critica:
            peso *= 0.0 if _participio_suelto(fichas, i, ctx) else 1.0
            sujeto = _objetivo_es_sujeto(fichas, i, ctx)
            peso *= FACTOR_OBJETIVO_SUJETO if sujeto else 1.0
            citada = citada or (not sujeto and _hay_critico(fichas, ctx))
        total += peso
    return total - (PESO_CRITICA_CITADA if citada else 0.0)


def _contiene(fichas: Sequence[Ficha], rangos: Sequence[tuple[int, int]]) -> bool:
    """Si alguna posición de `rangos` cae en la oración."""
    return bool(fichas) and any(fichas[0].inicio <= a < fichas[-1].fin for a, _ in rangos)


def _pesos_oraciones(ors: Sequence[Sequence[Ficha]], ctx: _Contexto) -> list[float]:
    """Ventanas: pesa más las oraciones que nombran al objetivo y sus vecinas."""
    if not ctx.fuertes and not ctx.debiles:
        return [PESO_SIN_OBJETIVO] * len(ors)
    con = [_contiene(o, ctx.fuertes) for o in ors]
    loc = [_contiene(o, ctx.debiles) for o in ors]
    pesos = []
    for k in range(len(ors)):
        vecina = any(con[j] or loc[j] for j in (k - 1, k + 1) if 0 <= j < len(ors))
        pesos.append(
            PESO_CON_OBJETIVO
            if con[k]
            else PESO_CON_LOCALIDAD
            if loc[k]
            else PESO_VECINA
            if vecina
            else PESO_LEJANA
        )
    return pesos


def _clausulas(fichas: Sequence[Ficha]) -> list[list[Ficha]]:
    """Parte una oración en punto y coma: cada parte suele hablar de un actor distinto."""
    partes: list[list[Ficha]] = [[]]
    for f in fichas:
        partes[-1].append(f)
        if f.texto == ";":
            partes.append([])
    return [p for p in partes if any(f.es_palabra for f in p)]


def analizar(
    texto: str,
    objetivo: Sequence[str] | str | None = None,
    lexico: Lexico | None = None,
    vigilancia: Vigilancia | None = None,
    propios: Sequence[str] = (),
) -> Analisis:
    """Puntúa cada oración con el léxico, ponderada por su cercanía al objetivo.

    `propios`: textos de los boletines que la nota retoma; sus palabras no cuentan como tono del
    medio (son del Ayuntamiento) y quien llama inclina el resultado con `SESGO_RETOMA`.
    """
    rangos = rangos_objetivo(texto, objetivo, vigilancia)
    ctx = _contexto(texto, lexico or lexico_base(), rangos, palabras_propias(propios))
    ors = [c for o in oraciones(texto) for c in _clausulas(o)]
    resultado = Analisis()
    for fichas, peso in zip(ors, _pesos_oraciones(ors, ctx), strict=True):
        s = peso * _puntuar(fichas, ctx)
        resultado.total += s
        resultado.positivo += max(s, 0.0)
        resultado.negativo += min(s, 0.0)
        resultado.oraciones.append((s, texto[fichas[0].inicio : fichas[-1].fin]))
    return resultado


def tono_de_puntaje(puntaje: float) -> str:
    """Etiqueta de tono para un puntaje en -1..1."""
    if puntaje >= UMBRAL:
        return "positivo"
    return "negativo" if puntaje <= -UMBRAL else "neutral"


def margen_tono(tono: str | None, puntaje: float | None) -> float:
    """Qué tan lejos está la etiqueta de cambiar: 0 = lo más incierto (enseña más al confirmarla).

    Es la distancia del puntaje al umbral que separa la etiqueta guardada de la vecina. Con el
    modelo entrenado la etiqueta puede contradecir al puntaje (p. ej. neutral con p(pos) - p(neg)
    = 0.3 porque p(neu) ganó por poco): esa contradicción es duda pura y da 0.
    """
    if tono is None or puntaje is None:
        return 1.0
    if tono == "positivo":
        margen = puntaje - UMBRAL
    elif tono == "negativo":
        margen = -puntaje - UMBRAL
    else:
        margen = UMBRAL - abs(puntaje)
    return max(round(margen, 4), 0.0)


def explicar(analisis: Analisis, tono: str) -> tuple[str, ...]:
    """Oraciones que más empujan hacia el tono dado (ninguna si es neutral)."""
    signo = {"positivo": 1.0, "negativo": -1.0}.get(tono, 0.0)
    utiles = sorted((s * signo, o) for s, o in analisis.oraciones if s * signo > 0)
    return tuple(o[:LARGO_FRASE] for _, o in reversed(utiles[-FRASES_MAXIMAS:]))


def resultado_lexico(analisis: Analisis) -> ResultadoTono:
    """ResultadoTono a partir del análisis léxico."""
    puntaje = math.tanh(analisis.total / ESCALA)
    tono = tono_de_puntaje(puntaje)
    return ResultadoTono(tono, round(puntaje, 4), explicar(analisis, tono))


def _inclinar(r: ResultadoTono, analisis: Analisis) -> ResultadoTono:
    """Inclina a positivo una retoma (el medio publicó el boletín)."""
    puntaje = min(1.0, r.puntaje + SESGO_RETOMA)
    tono = tono_de_puntaje(puntaje)
    frases = r.frases if tono == r.tono else explicar(analisis, tono)
    if tono == "positivo":
        frases = (MOTIVO_RETOMA, *frases)[:FRASES_MAXIMAS]
    return ResultadoTono(tono, round(puntaje, 4), frases)


def clasificar_tono(
    texto: str,
    *,
    objetivo: Sequence[str] | None = None,
    retomados: Sequence[str] = (),
    modelo: ModeloTono | None = None,
    vigilancia: Vigilancia | None = None,
) -> ResultadoTono:
    """Tono de la nota hacia el Ayuntamiento (o hacia `objetivo`), con léxico o modelo.

    `retomados`: textos de los boletines que la nota retoma (descontados e inclinan a positivo).
    `vigilancia` localiza al Ayuntamiento cuando no hay objetivo (por omisión, la lista base).
    """
    analisis = analizar(texto, objetivo, vigilancia=vigilancia, propios=retomados)
    if modelo is not None:
        r = modelo.clasificar(texto, objetivo, analisis=analisis, vigilancia=vigilancia)
    else:
        r = resultado_lexico(analisis)
    return _inclinar(r, analisis) if retomados else r
