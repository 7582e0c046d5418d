"""Modelo de tono entrenado (scikit-learn): TF-IDF con el objetivo marcado + rasgos del léxico.

El objetivo se reemplaza por la ficha `objetivox`, así el modelo aprende cómo se habla *de él*
("vecinos acusan a objetivox") y no de quién se trata. Se añaden las palabras alrededor de la
marca, la identidad del objetivo (cada nombre tiene su propia cobertura) y el puntaje del léxico.
El clasificador promedia una regresión logística y una SVM lineal calibrada.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from analisis.menciones import Vigilancia
from analisis.nlp import sin_acentos
from analisis.tono import (
    ESCALA,
    TONOS,
    Analisis,
    ResultadoTono,
    analizar,
    explicar,
    nombres_objetivo,
    rangos_objetivo,
)

log = logging.getLogger(__name__)

VERSION = 1
MARCA = "objetivox"
# Hiperparámetros elegidos con validación cruzada de 5 pliegues (agrupada por titular) sobre la
# partición de entrenamiento de los titulares políticos (tests/benchmarks/bench_tono.py). La
# macro-F1 quedó en una meseta (0.62-0.64) para C de 0.3 a 3, n-gramas de palabras 1-3,
# caracteres 2-5 o 3-6 y ventana de 0.5 a 1.5; bajar la ventana a 0.25 sí la baja (0.60).
# Lo único que la movió con dos esquemas de pliegues distintos (0.647 -> 0.656): n-gramas de
# palabras 1-3 que cuentan comillas, dos puntos y signos como fichas (`"objetivox :"`, una cita).
C_LOGISTICA = 1.0
C_SVM = 0.3
PESO_VENTANA = 1.0
PESO_LEXICO = 0.5
ANCHO_VENTANA = 3
# Con menos ejemplos por clase la calibración de la SVM (3 pliegues) no es posible.
MINIMO_POR_CLASE = 3

_PALABRA = re.compile(r"\w+|[:\"“”«»?¿!¡]")


@dataclass(frozen=True)
class Preparado:
    """Un texto listo para vectorizar: marcado, ventana y rasgos léxicos."""

    marcado: str
    ventana: str
    lexico: tuple[float, float, float]
    analisis: Analisis


def _marcar(texto: str, rangos: Sequence[tuple[int, int]]) -> str:
    """Texto sin acentos con cada aparición del objetivo reemplazada por la marca."""
    partes, previo = [], 0
    for inicio, fin in sorted(rangos):
        partes += [texto[previo:inicio], f" {MARCA} "]
        previo = fin
    return sin_acentos("".join([*partes, texto[previo:]]))


def _ventana(marcado: str, nombres: list[str] | None) -> str:
    """Palabras antes y después de cada marca, identidad del objetivo y posición."""
    fichas = _PALABRA.findall(marcado)
    marcas = [i for i, f in enumerate(fichas) if f == MARCA]
    identidad = "_".join(_PALABRA.findall(sin_acentos(" ".join(nombres)))) if nombres else "ayto"
    salida = [f"obj_{identidad}"] + ([] if marcas else ["sin_objetivo"])
    for i in marcas:
        salida += [f"a_{f}" for f in fichas[max(0, i - ANCHO_VENTANA) : i]]
        salida += [f"d_{f}" for f in fichas[i + 1 : i + 1 + ANCHO_VENTANA]]
    if marcas and marcas[0] == 0:
        salida.append("objetivo_al_inicio")
    return " ".join(salida)


def preparar(
    texto: str,
    objetivo: Sequence[str] | str | None,
    *,
    analisis: Analisis | None = None,
    vigilancia: Vigilancia | None = None,
) -> Preparado:
    """Marca el objetivo y calcula los rasgos del léxico (o usa el análisis ya hecho)."""
    nombres = nombres_objetivo(objetivo)
    fuertes, _ = rangos_objetivo(texto, nombres, vigilancia)
    marcado = _marcar(texto, fuertes)
    a = analisis or analizar(texto, nombres, vigilancia=vigilancia)
    lexico = (float(np.tanh(a.total / ESCALA)), a.positivo, a.negativo)
    return Preparado(marcado, _ventana(marcado, nombres), lexico, a)


def _vectorizadores() -> tuple[TfidfVectorizer, TfidfVectorizer, TfidfVectorizer]:
    """Palabras y signos (1-3), caracteres (2-5) y ventana alrededor del objetivo."""
    return (
        TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, token_pattern=_PALABRA.pattern),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, lowercase=False),
    )


class ModeloTono:
    """Clasificador de tono dirigido entrenado con ejemplos etiquetados."""

    def __init__(self) -> None:
        """Modelo vacío; se llena con `ajustar` (o con `entrenar`)."""
        self.version = VERSION
        self.vectorizadores = _vectorizadores()
        self.clasificadores: list[Any] = []
        self.clases: tuple[str, ...] = ()
        self.ejemplos = 0

    def _matriz(self, preparados: Sequence[Preparado], ajustar: bool) -> Any:
        """Matriz de rasgos (dispersa) de una lista de textos preparados."""
        palabras, caracteres, ventana = self.vectorizadores
        textos = [p.marcado for p in preparados]
        uso = "fit_transform" if ajustar else "transform"
        bloques = [
            getattr(palabras, uso)(textos),
            getattr(caracteres, uso)(textos),
            getattr(ventana, uso)([p.ventana for p in preparados]) * PESO_VENTANA,
            csr_matrix(np.array([p.lexico for p in preparados]) * PESO_LEXICO),
        ]
        return hstack(bloques).tocsr()

    def ajustar(self, preparados: Sequence[Preparado], tonos: Sequence[str]) -> ModeloTono:
        """Entrena vectorizadores y clasificadores."""
        x = self._matriz(preparados, ajustar=True)
        y = np.array(tonos)
        logistica = LogisticRegression(C=C_LOGISTICA, class_weight="balanced", max_iter=3000)
        svm = CalibratedClassifierCV(LinearSVC(C=C_SVM, class_weight="balanced"), cv=3)
        self.clasificadores = [logistica.fit(x, y), svm.fit(x, y)]
        self.clases = tuple(str(c) for c in logistica.classes_)
        self.ejemplos = len(tonos)
        return self

    def probabilidades(self, preparados: Sequence[Preparado]) -> Any:
        """Probabilidad de cada clase (columnas en el orden de `clases`)."""
        x = self._matriz(preparados, ajustar=False)
        return np.mean([c.predict_proba(x) for c in self.clasificadores], axis=0)

    def _resultado(self, fila: Any, analisis: Analisis) -> ResultadoTono:
        """ResultadoTono a partir de las probabilidades de un texto."""
        p = dict(zip(self.clases, (float(v) for v in fila), strict=True))
        tono = max(p, key=lambda c: p[c])
        puntaje = round(p.get("positivo", 0.0) - p.get("negativo", 0.0), 4)
        return ResultadoTono(tono, puntaje, explicar(analisis, tono))

    def clasificar(
        self,
        texto: str,
        objetivo: Sequence[str] | str | None = None,
        *,
        analisis: Analisis | None = None,
        vigilancia: Vigilancia | None = None,
    ) -> ResultadoTono:
        """Tono del texto hacia el objetivo (None = el Ayuntamiento)."""
        preparado = preparar(texto, objetivo, analisis=analisis, vigilancia=vigilancia)
        fila = self.probabilidades([preparado])[0]
        return self._resultado(fila, preparado.analisis)

    def clasificar_lote(
        self, pares: Sequence[tuple[str, Sequence[str] | str | None]]
    ) -> list[ResultadoTono]:
        """Clasifica muchos (texto, objetivo) de una vez (más rápido que uno por uno)."""
        preparados = [preparar(t, o) for t, o in pares]
        if not preparados:
            return []
        filas = self.probabilidades(preparados)
        return [self._resultado(f, p.analisis) for f, p in zip(filas, preparados, strict=True)]


def _validar(ejemplos: Sequence[tuple[str, str | None, str]]) -> None:
    """Rechaza tonos desconocidos o clases con muy pocos ejemplos (ValueError en español)."""
    desconocidos = sorted({t for _, _, t in ejemplos if t not in TONOS})
    if desconocidos:
        raise ValueError(f"tono desconocido: {', '.join(desconocidos)} (use {', '.join(TONOS)})")
    conteo = {t: sum(1 for *_, e in ejemplos if e == t) for t in {e for *_, e in ejemplos}}
    if len(conteo) < 2 or min(conteo.values()) < MINIMO_POR_CLASE:
        raise ValueError(
            f"se necesitan al menos dos tonos con {MINIMO_POR_CLASE} ejemplos cada uno; "
            f"hay {conteo or 'ninguno'}"
        )


def entrenar(ejemplos: Sequence[tuple[str, str | None, str]]) -> ModeloTono:
    """Entrena un modelo con ejemplos (texto, objetivo o None, tono)."""
    _validar(ejemplos)
    preparados = [preparar(texto, objetivo) for texto, objetivo, _ in ejemplos]
    modelo = ModeloTono().ajustar(preparados, [t for *_, t in ejemplos])
    log.info("modelo de tono entrenado con %d ejemplos", len(ejemplos))
    return modelo


def guardar(modelo: ModeloTono, ruta: Path) -> None:
    """Guarda el modelo con joblib (crea la carpeta si falta)."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(modelo, ruta)


def cargar(ruta: Path) -> ModeloTono:
    """Carga un modelo guardado con `guardar` (sólo archivos propios: joblib ejecuta código)."""
    modelo = joblib.load(ruta)
    if not isinstance(modelo, ModeloTono) or getattr(modelo, "version", None) != VERSION:
        raise ValueError(f"{ruta} no es un modelo de tono compatible (versión {VERSION})")
    return modelo
