"""Emparejamiento nota ↔ boletín por contención (copia textual) y paráfrasis; núcleo puro.

Flujo por nota (independiente del idioma: sólo tokens Unicode, sin listas de palabras):
1. Candidatos sublineales: boletines que comparten n-gramas raros de 5 palabras (índice invertido,
   listas de a lo más DF_MAX_NGRAMA boletines) o términos TF-IDF raros (producto punto parcial por
   índice invertido); filtrados por la ventana de publicación.
   Los de paráfrasis se buscan con la nota entera y con cada ventana suya (columnas que retoman
   varios boletines).
2. Coseno TF-IDF en bloque con los candidatos (nota entera y, si es larga, ventanas) y contención
   léxica de la nota en cada boletín; los que no tienen copia ni coseno suficiente se descartan
   antes de alinear.
3. Alineación de pasajes comunes (≥ 5 palabras, sin frases de plantilla); cada palabra de la nota se
   asigna a un solo boletín, el de más copia, para que un boletín que repite párrafos de otro no
   herede las retomas de éste.
4. Niveles (niveles.py): fidelidad = proporción de palabras del boletín cubiertas por pasajes.

Posiciones: los pasajes se dan en caracteres del campo `texto` de cada documento (no del título).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np

from analisis import niveles
from analisis.candidatos import ArregloI64, IndiceNgramas, IndiceTerminos, Matriz
from analisis.pasajes import N_MINIMO_PASAJE, Secuencia, Tramo, alinear
from analisis.texto import (
    ArregloU64,
    Tokens,
    especificos,
    hashes_ngramas,
    hashes_palabras,
    terminos,
    tokenizar,
)

# Ventana de publicación: una nota puede salir hasta 12 h antes de la fecha registrada del boletín
# (embargos, boletines capturados tarde, husos horarios) y hasta `ventana_dias` después.
TOLERANCIA_PREVIA = dt.timedelta(hours=12)
# Un boletín es candidato por copia si comparte al menos 3 n-gramas raros (≈ 7 palabras seguidas o
# tres frases sueltas): menos que eso no alcanza ningún umbral de niveles.py y sólo cuesta tiempo.
MIN_NGRAMAS_CANDIDATO = 3
# Cuántos candidatos se examinan a detalle por nota. Una página impresa trae pocas notas y una nota
# rara vez retoma más de unos cuantos boletines; 30 por copia y 8 por paráfrasis sobran. Los de
# paráfrasis son 8 por la nota entera y 8 por cada ventana: en una columna el segundo asunto queda
# fuera de los 8 primeros de la nota entera (el otro asunto diluye sus términos).
MAX_CANDIDATOS_COPIA = 30
MAX_CANDIDATOS_PARAFRASIS = 8
# Una reescritura se descarta si otro boletín del mismo asunto (coseno entre boletines ≥ el umbral
# de paráfrasis) se parece a la nota mucho más (su coseno × 0.75 supera al de ella): separa el
# boletín del hecho del boletín anterior de la misma obra, sin perder resúmenes de temas distintos.
RAZON_MEJOR_COSENO = 0.75
# Si la nota pasa de 2 ventanas de 400 palabras (páginas impresas, resúmenes), el coseno se calcula
# también por ventanas de 400 palabras (el largo típico de un boletín) que se traslapan a la mitad,
# para que las otras notas de la página no diluyan el coseno con el boletín.
ANCHO_VENTANA = 400
RAZON_VENTANAS = 2
# Columnas y resúmenes de 200 a 800 palabras que retoman dos o tres boletines: cada asunto ocupa
# unas 100 palabras, y contra la nota entera cada boletín queda con la mitad del coseno y de la
# contención. Ventanas de 100 palabras (traslapadas a la mitad) aíslan cada asunto. En el corpus de
# desarrollo (columnas de 190 a 300 palabras) 80 y 100 dan lo mismo y 120 o más ya mezclan asuntos;
# 100 es también el largo de una nota breve de radio, la unidad mínima de un asunto.
ANCHO_SEGMENTO = 100
# Un nombre propio o cifra cuenta como dato específico si aparece en pocos boletines: a lo más 2 %
# (nunca en todos). Con ~300 boletines al año, una calle, un monto o un vecino salen en 2 o 3; la
# alcaldesa, el director de obras o una localidad grande salen en decenas y no distinguen un hecho.
PROPORCION_ESPECIFICO = 0.02
# En un corpus chico el 2 % es menos de un boletín: un dato que comparten dos boletines (inicio y
# entrega de una misma obra) sigue siendo específico.
MINIMO_DF_ESPECIFICO = 2
# Tope del denominador de la medida de específicos: 8 datos raros en común son evidencia plena.
TOPE_ESPECIFICOS = 8
# Notas de referencia para el IDF: 5,000 bastan para estimar la frecuencia de las palabras comunes
# de un idioma y tema, y acotan el tiempo y la memoria de la construcción.
MAX_REFERENCIA = 5000
# Boletines analizados a detalle (tokens, posiciones, hashes: ≈ 75 KB cada uno) que se guardan entre
# notas: las notas de un día retoman los boletines de esa semana, así que 1,024 bastan (≈ 75 MB).
TAMANO_CACHE = 1024


@dataclass(frozen=True)
class Documento:
    """Boletín o nota: identificador, título, texto y fecha de publicación (con zona) si se sabe."""

    id: str
    titulo: str
    texto: str
    fecha: dt.datetime | None = None


@dataclass(frozen=True)
class Pasaje:
    """Pasaje compartido: [inicio, fin) en caracteres del `texto` del boletín y de la nota."""

    boletin: tuple[int, int]
    nota: tuple[int, int]


@dataclass(frozen=True)
class Pareja:
    """Retoma detectada de un boletín en una nota."""

    nota_id: str
    boletin_id: str
    nivel: str
    puntaje: float
    fidelidad: float
    pasajes: tuple[Pasaje, ...]


class _Analisis:
    """Texto tokenizado con sus hashes, listo para alinear; los datos específicos, a demanda."""

    def __init__(self, documento: Documento) -> None:
        """Tokeniza y calcula hashes de palabras y n-gramas."""
        self.texto = documento.texto
        self.tokens = tokenizar(documento.texto)
        palabras = hashes_palabras(self.tokens.palabras)
        self.ngramas = hashes_ngramas(palabras, N_MINIMO_PASAJE)
        self.secuencia = Secuencia(palabras.tolist(), self.ngramas.tolist())
        self.titulo = frozenset(terminos(tokenizar(documento.titulo).palabras))
        # Palabras de plantilla (pie, contacto) que no cuentan para la fidelidad de un boletín.
        self.plantilla = np.zeros(len(self.tokens), dtype=bool)

    @functools.cached_property
    def especificos(self) -> frozenset[str]:
        """Nombres propios y cifras del texto."""
        return frozenset(especificos(self.texto))


def _marca(fecha: dt.datetime | None) -> float:
    """Segundos POSIX (NaN si no hay fecha); una fecha ingenua se toma como UTC."""
    if fecha is None:
        return math.nan
    if fecha.tzinfo is None:
        fecha = fecha.replace(tzinfo=dt.UTC)
    return fecha.timestamp()


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard de dos conjuntos (0 si ambos vacíos)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass
class _Candidato:
    """Medidas en construcción de un boletín candidato."""

    indice: int
    tramos: list[Tramo]
    coseno: float = 0.0
    contencion: float = 0.0


def _terminos_y_ngramas(
    boletines: Sequence[Documento], ngramas: list[ArregloU64], entidades: Counter[str]
) -> Iterator[list[str]]:
    """Términos de cada boletín, uno a la vez; guarda sus n-gramas y cuenta sus entidades."""
    for boletin in boletines:
        tokens = tokenizar(boletin.texto)
        ngramas.append(hashes_ngramas(hashes_palabras(tokens.palabras), N_MINIMO_PASAJE))
        entidades.update(especificos(boletin.texto))
        yield terminos(tokens.palabras)


class Emparejador:
    """Índice de boletines que empareja notas en tiempo sublineal en el número de boletines."""

    def __init__(
        self,
        boletines: Sequence[Documento],
        *,
        ventana_dias: int = 7,
        referencia: Iterable[Documento] = (),
    ) -> None:
        """Indexa los boletines (n-gramas raros y TF-IDF) una sola vez.

        `referencia`: textos del mismo idioma y tema (las notas del lote) que sólo sirven para
        estimar el IDF; se usan a lo más MAX_REFERENCIA.
        """
        self.boletines = list(boletines)
        self.ventana = dt.timedelta(days=ventana_dias)
        ngramas: list[ArregloU64] = []
        self._entidades: Counter[str] = Counter()
        muestra = [
            terminos(tokenizar(d.texto).palabras) for d in islice(referencia, MAX_REFERENCIA)
        ]
        self._terminos = IndiceTerminos(
            _terminos_y_ngramas(self.boletines, ngramas, self._entidades),
            len(self.boletines),
            muestra,
        )
        self._ngramas = IndiceNgramas(ngramas)
        self._fechas = np.array([_marca(b.fecha) for b in self.boletines], dtype=np.float64)
        self._detalle = functools.lru_cache(maxsize=TAMANO_CACHE)(self._analizar_boletin)
        df_max = max(MINIMO_DF_ESPECIFICO, PROPORCION_ESPECIFICO * len(self.boletines))
        self._df_especifico = min(df_max, max(1, len(self.boletines) - 1))

    def _analizar_boletin(self, indice: int) -> _Analisis:
        """Análisis a detalle de un boletín (con caché), con sus palabras que no son plantilla."""
        b = _Analisis(self.boletines[indice])
        b.plantilla = self._ngramas.palabras_de_plantilla(b.ngramas, len(b.tokens))
        return b

    def emparejar(self, nota: Documento) -> list[Pareja]:
        """Boletines que retoma la nota, del más al menos probable."""
        return self._emparejar(nota, _Analisis(nota))

    def emparejar_varios(self, notas: Iterable[Documento]) -> Iterator[Pareja]:
        """Empareja varias notas (una por una; la memoria no crece con el lote)."""
        for nota in notas:
            yield from self.emparejar(nota)

    def _en_ventana(self, indices: ArregloI64, fecha: dt.datetime | None) -> ArregloI64:
        """Filtra los boletines cuya ventana de publicación incluye la fecha de la nota."""
        if fecha is None or len(indices) == 0:
            return indices
        t = _marca(fecha)
        fb = self._fechas[indices]
        previa, posterior = TOLERANCIA_PREVIA.total_seconds(), self.ventana.total_seconds()
        valido = np.isnan(fb) | ((t >= fb - previa) & (t <= fb + posterior))
        return indices[valido]

    def _candidatos_copia(self, nota: Documento, a: _Analisis) -> ArregloI64:
        """Boletines que comparten suficientes n-gramas raros con la nota."""
        ids, cuentas = self._ngramas.contar(a.ngramas)
        sel = cuentas >= MIN_NGRAMAS_CANDIDATO
        ids, cuentas = ids[sel], cuentas[sel]
        orden = np.argsort(-cuentas, kind="stable")
        return self._en_ventana(ids[orden], nota.fecha)[:MAX_CANDIDATOS_COPIA]

    def _candidatos_parafrasis(self, nota: Documento, vectores: Matriz) -> ArregloI64:
        """Boletines con mayor producto TF-IDF parcial sobre términos raros, por cada parte."""
        elegidos: list[ArregloI64] = []
        for ids, puntajes in self._terminos.puntajes_raros(vectores):
            orden = np.argsort(-puntajes, kind="stable")
            elegidos.append(self._en_ventana(ids[orden], nota.fecha)[:MAX_CANDIDATOS_PARAFRASIS])
        return np.unique(np.concatenate(elegidos)) if elegidos else np.zeros(0, dtype=np.int64)

    def _emparejar(self, nota: Documento, a: _Analisis) -> list[Pareja]:
        """Candidatos, coseno en bloque, medidas a detalle de los plausibles y niveles."""
        partes = _partes(a.tokens.palabras)
        vectores = self._terminos.vectorizar(partes)
        copia = self._candidatos_copia(nota, a).tolist()
        para = self._candidatos_parafrasis(nota, vectores).tolist()
        indices = list(dict.fromkeys([*copia, *para]))
        if not indices:
            return []
        cosenos = self._terminos.cosenos_max(vectores, indices)
        por_copia = set(copia)
        candidatos = [
            self._medir(i, a, float(c), partes)
            for i, c in zip(indices, cosenos, strict=True)
            if i in por_copia or c >= niveles.UMBRAL_COSENO
        ]
        return self._decidir(nota, a, candidatos)

    def _medir(
        self, indice: int, a: _Analisis, coseno: float, partes: list[list[str]]
    ) -> _Candidato:
        """Tramos comunes y contención léxica de un candidato."""
        b = self._detalle(indice)
        tramos = alinear(b.secuencia, a.secuencia, plantilla=self._ngramas.plantilla)
        return _Candidato(indice, tramos, coseno, self._terminos.contencion(partes, indice))

    def _decidir(self, nota: Documento, a: _Analisis, candidatos: list[_Candidato]) -> list[Pareja]:
        """Asigna cada tramo de la nota a un solo boletín (el de más copia) y decide niveles."""
        candidatos.sort(key=lambda c: (-sum(t.largo for t in c.tramos), -c.coseno))
        ocupadas = np.zeros(len(a.tokens), dtype=bool)
        parejas: list[Pareja] = []
        for c in candidatos:
            tramos = _sin_ocupar(c.tramos, ocupadas)
            medidas = self._medidas(c, tramos, a)
            nivel = niveles.nivel(medidas)
            if nivel == "reescrita" and self._hay_mejor_parecido(c, candidatos):
                nivel = None
            if nivel is None:
                continue
            for t in tramos:
                ocupadas[t.en_nota : t.en_nota + t.largo] = True
            parejas.append(self._pareja(nota, c.indice, nivel, medidas, tramos, a))
        parejas.sort(key=lambda p: -p.puntaje)
        return parejas

    def _hay_mejor_parecido(self, c: _Candidato, candidatos: list[_Candidato]) -> bool:
        """Otro candidato parecido a este boletín (mismo asunto) se parece mucho más a la nota."""
        rivales = [d.indice for d in candidatos if d.coseno * RAZON_MEJOR_COSENO > c.coseno]
        if not rivales:
            return False
        parecidos = self._terminos.cosenos_max(self._terminos.matriz[c.indice], rivales)
        return bool((parecidos >= niveles.UMBRAL_COSENO).any())

    def _medidas(self, c: _Candidato, tramos: list[Tramo], a: _Analisis) -> niveles.Medidas:
        """Medidas de contención, paráfrasis, título y datos específicos de un par."""
        b = self._detalle(c.indice)
        # Sólo cuentan las palabras copiadas que no son plantilla del boletín (pie, contacto).
        por_tramo = [
            int((~b.plantilla[t.en_boletin : t.en_boletin + t.largo]).sum()) for t in tramos
        ]
        copiadas, propias = sum(por_tramo), int((~b.plantilla).sum())
        raros = frozenset(e for e in b.especificos if self._es_especifico(e))
        comunes = len(raros & a.especificos)
        return niveles.Medidas(
            fidelidad=min(1.0, copiadas / max(1, propias)),
            proporcion_nota=min(1.0, copiadas / max(1, len(a.tokens))),
            palabras_copiadas=copiadas,
            pasaje_mayor=max(por_tramo, default=0),
            coseno=c.coseno,
            contencion=c.contencion,
            entidades_comunes=len(b.especificos & a.especificos),
            especificos=min(1.0, comunes / max(1, min(len(raros), TOPE_ESPECIFICOS))),
            especificos_comunes=comunes,
            titulo=_jaccard(b.titulo, a.titulo),
        )

    def _es_especifico(self, palabra: str) -> bool:
        """Nombre propio o cifra poco frecuente entre los boletines."""
        return self._entidades[palabra] <= self._df_especifico

    def _pareja(
        self,
        nota: Documento,
        indice: int,
        nivel: str,
        m: niveles.Medidas,
        tramos: list[Tramo],
        a: _Analisis,
    ) -> Pareja:
        """Construye la pareja con pasajes en caracteres."""
        b = self._detalle(indice)
        pasajes = tuple(_a_caracteres(t, b.tokens, a.tokens) for t in tramos)
        return Pareja(
            nota_id=nota.id,
            boletin_id=self.boletines[indice].id,
            nivel=nivel,
            puntaje=niveles.puntaje(m),
            fidelidad=round(m.fidelidad, 4),
            pasajes=pasajes,
        )


def _ventanas(palabras: tuple[str, ...], ancho: int) -> list[list[str]]:
    """Términos de ventanas de `ancho` palabras que se traslapan a la mitad."""
    paso = ancho // 2
    return [terminos(palabras[i : i + ancho]) for i in range(0, len(palabras) - paso, paso)]


def _partes(palabras: tuple[str, ...]) -> list[list[str]]:
    """Términos de la nota entera y, si es larga, de sus ventanas (páginas, columnas)."""
    completa = terminos(palabras)
    if len(palabras) > RAZON_VENTANAS * ANCHO_VENTANA:
        return [completa, *_ventanas(palabras, ANCHO_VENTANA)]
    if len(palabras) > RAZON_VENTANAS * ANCHO_SEGMENTO:
        return [completa, *_ventanas(palabras, ANCHO_SEGMENTO)]
    return [completa]


def _sin_ocupar(tramos: list[Tramo], ocupadas: np.ndarray) -> list[Tramo]:
    """Recorta los tramos a sus partes no asignadas aún a otro boletín (de al menos n palabras)."""
    resultado: list[Tramo] = []
    for t in tramos:
        libres = ~ocupadas[t.en_nota : t.en_nota + t.largo]
        if libres.all():
            resultado.append(t)
            continue
        resultado += _tramos_libres(t, libres)
    return resultado


def _tramos_libres(t: Tramo, libres: np.ndarray) -> list[Tramo]:
    """Subtramos contiguos libres de un tramo, de al menos N_MINIMO_PASAJE palabras."""
    bordes = np.flatnonzero(np.diff(np.concatenate([[0], libres.astype(np.int8), [0]])))
    resultado = []
    for ini, fin in zip(bordes[::2], bordes[1::2], strict=True):
        if fin - ini >= N_MINIMO_PASAJE:
            resultado.append(Tramo(t.en_boletin + int(ini), t.en_nota + int(ini), int(fin - ini)))
    return resultado


def _a_caracteres(t: Tramo, boletin: Tokens, nota: Tokens) -> Pasaje:
    """Convierte un tramo en palabras a posiciones en caracteres de ambos textos."""
    fin_b, fin_n = t.en_boletin + t.largo - 1, t.en_nota + t.largo - 1
    return Pasaje(
        boletin=(boletin.inicios[t.en_boletin], boletin.fines[fin_b]),
        nota=(nota.inicios[t.en_nota], nota.fines[fin_n]),
    )


def emparejar_lote(
    boletines: Sequence[Documento],
    notas: Iterable[Documento],
    *,
    ventana_dias: int = 7,
    referencia: Iterable[Documento] = (),
) -> Iterator[Pareja]:
    """Empareja un lote de notas contra un conjunto de boletines (IDF con `referencia` si se da)."""
    emparejador = Emparejador(boletines, ventana_dias=ventana_dias, referencia=referencia)
    yield from emparejador.emparejar_varios(notas)


__all__ = ["Documento", "Emparejador", "Pareja", "Pasaje", "emparejar_lote"]
