"""Medidas de muchas notas contra sus candidatos a la vez (tandas), sin trabajo de Python por par.

Una tanda de notas se vuelve una sola matriz dispersa de partes × términos (`Consulta`); cada
medida de un par nota–boletín (coseno TF-IDF, contención léxica, producto parcial de términos
raros) es una suma sobre los términos de la nota que también están en la fila del boletín. Las
filas de cada matriz del índice se guardan como claves ordenadas `fila × términos + columna`
(`TablaFilas`): buscar todos los términos de todos los pares de la tanda es un solo
`searchsorted`, y las sumas, un `bincount`. El costo es proporcional a los términos de las notas
por sus candidatos, no al número de boletines ni al tamaño de los centroides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from analisis.candidatos import (
    MIN_TERMINOS_CONTENCION,
    ArregloF64,
    ArregloI64,
    IndiceTerminos,
    Matriz,
    _reunir,
)
from analisis.texto import ArregloU64


class TablaFilas:
    """Entradas de una matriz CSR como claves ordenadas (fila, columna) para buscarlas en bloque."""

    def __init__(self, matriz: Matriz) -> None:
        """Claves `fila × ancho + columna` ordenadas y sus valores."""
        self.ancho = max(int(matriz.shape[1]), 1)
        filas = np.repeat(np.arange(matriz.shape[0], dtype=np.int64), np.diff(matriz.indptr))
        claves = filas * self.ancho + matriz.indices.astype(np.int64)
        datos = np.asarray(matriz.data, dtype=np.float64)
        if len(claves) > 1 and not bool((np.diff(claves) > 0).all()):
            orden = np.argsort(claves, kind="stable")
            claves, datos = claves[orden], datos[orden]
        self.claves: ArregloI64 = claves
        self.datos: ArregloF64 = datos

    def buscar(
        self, filas: ArregloI64, columnas: ArregloI64
    ) -> tuple[npt.NDArray[np.bool_], ArregloF64]:
        """Si cada (fila, columna) está en la matriz y su valor (0 si no está)."""
        if len(self.claves) == 0 or len(filas) == 0:
            return np.zeros(len(filas), dtype=bool), np.zeros(len(filas))
        claves = filas * self.ancho + columnas
        pos = np.minimum(np.searchsorted(self.claves, claves), len(self.claves) - 1)
        hallado = self.claves[pos] == claves
        return hallado, np.where(hallado, self.datos[pos], 0.0)


@dataclass(frozen=True)
class Consulta:
    """Partes de las notas de una tanda: vectores TF-IDF, masas IDF y qué partes son de qué nota.

    `masa` va alineada con `vectores.data`: IDF del término entre la masa IDF total de su parte
    (0 si la parte tiene menos de MIN_TERMINOS_CONTENCION términos distintos), de modo que la
    contención de una parte en un boletín es la suma de `masa` sobre los términos que comparten.
    """

    vectores: Matriz
    masa: ArregloF64
    desde: ArregloI64
    cuantas: ArregloI64
    # Columna del índice → columna local de la tanda (-1 si ninguna nota la usa) y cuántas hay.
    local: ArregloI64
    usadas: int
    # Las partes transpuestas en columnas «por bloques» (nota × columnas locales): una fila de un
    # boletín llevada al bloque de su nota sólo se cruza con las partes de esa nota en un
    # producto disperso de SciPy (todo en C). Una con los pesos TF-IDF y otra con la masa.
    bloques_tfidf: Matriz
    bloques_masa: Matriz


def consultar(indice: IndiceTerminos, partes_por_nota: Sequence[Sequence[ArregloU64]]) -> Consulta:
    """Vectoriza todas las partes de todas las notas de la tanda de una vez."""
    partes = [p for partes in partes_por_nota for p in partes]
    cuantas = np.array([len(p) for p in partes_por_nota], dtype=np.int64)
    vectores = indice.vectorizar(partes)
    total = _masas_totales(indice, partes)
    fila = np.repeat(np.arange(len(partes), dtype=np.int64), np.diff(vectores.indptr))
    masa = indice.idf[vectores.indices] / total[fila] if len(fila) else np.zeros(0)
    usadas = np.unique(vectores.indices)
    local = np.full(vectores.shape[1], -1, dtype=np.int64)
    local[usadas] = np.arange(len(usadas), dtype=np.int64)
    nota_de_parte = np.repeat(np.arange(len(cuantas), dtype=np.int64), cuantas)
    columnas = nota_de_parte[fila] * len(usadas) + local[vectores.indices]
    forma = (max(len(cuantas) * len(usadas), 1), len(partes))
    tfidf = sparse.csr_matrix(sparse.coo_matrix((vectores.data, (columnas, fila)), shape=forma))
    masas = sparse.csr_matrix(sparse.coo_matrix((masa, (columnas, fila)), shape=forma))
    desde = np.cumsum(cuantas) - cuantas
    return Consulta(vectores, masa, desde, cuantas, local, len(usadas), tfidf, masas)


def _masas_totales(indice: IndiceTerminos, partes: Sequence[ArregloU64]) -> ArregloF64:
    """Masa IDF de cada parte (como `IndiceTerminos.masas`); infinita si tiene pocos términos."""
    largos = np.array([len(p) for p in partes], dtype=np.int64)
    if not len(partes) or not largos.sum():
        return np.full(len(partes), np.inf)
    todos = np.concatenate(partes)
    duenos = np.repeat(np.arange(len(partes), dtype=np.int64), largos)
    orden = np.lexsort((todos, duenos))
    t, d = todos[orden], duenos[orden]
    nuevo = np.ones(len(t), dtype=bool)
    nuevo[1:] = (t[1:] != t[:-1]) | (d[1:] != d[:-1])
    t, d = t[nuevo], d[nuevo]
    distintos = np.bincount(d, minlength=len(partes))
    vocabulario = indice.vocabulario
    if len(vocabulario):
        pos = np.minimum(np.searchsorted(vocabulario, t), len(vocabulario) - 1)
        conocido = vocabulario[pos] == t
    else:
        pos, conocido = np.zeros(len(t), dtype=np.int64), np.zeros(len(t), dtype=bool)
    util = conocido & indice.utiles[pos] if len(vocabulario) else conocido
    conocidos = np.bincount(d[conocido], minlength=len(partes))
    total = np.bincount(d[util], weights=indice.idf[pos[util]], minlength=len(partes))
    total = total + (distintos - conocidos) * indice.idf_maximo
    resultado: ArregloF64 = np.where(
        (distintos >= MIN_TERMINOS_CONTENCION) & (total > 0), total, np.inf
    )
    return resultado


# Recorrer las filas del índice con un producto disperso en C cuesta menos que buscar cada término
# de las notas en la tabla del índice (decenas de MB), salvo que las filas sean mucho más largas
# que las notas (centroides de grupos grandes: casi todo el vocabulario de una historia).
RAZON_RECORRIDO = 3


def medir_pares(
    consulta: Consulta,
    notas: ArregloI64,
    filas: ArregloI64,
    matriz: Matriz,
    tabla: TablaFilas | None,
    mascara: npt.NDArray[np.bool_] | None = None,
) -> tuple[ArregloF64, ArregloF64]:
    """Por par (nota, fila de la matriz): mayor coseno y mayor contención entre las partes.

    El coseno es el producto punto con la fila (de norma 1); la contención, la masa IDF de la
    parte presente en la fila. Con `mascara` sólo cuentan esas columnas en el producto y la
    contención puede salir en ceros (no se usa). Sin `tabla` siempre se recorren las filas.
    """
    pares = len(notas)
    cuantas = consulta.cuantas[notas]
    par_de_subpar = np.repeat(np.arange(pares, dtype=np.int64), cuantas)
    parte = _reunir(consulta.desde[notas], cuantas)
    fila = filas[par_de_subpar]
    indptr_q = consulta.vectores.indptr.astype(np.int64)
    indptr_m = matriz.indptr.astype(np.int64)
    largos_q = indptr_q[parte + 1] - indptr_q[parte]
    largos_m = indptr_m[fila + 1] - indptr_m[fila]
    if tabla is None or largos_m.sum() <= RAZON_RECORRIDO * largos_q.sum():
        return _por_bloques(consulta, notas, filas, matriz, mascara)
    # Filas densas (centroides): se recorren los términos de las notas y se buscan en la tabla.
    subpar = np.repeat(np.arange(len(parte), dtype=np.int64), largos_q)
    en_q = _reunir(indptr_q[parte], largos_q)
    columna = consulta.vectores.indices[en_q].astype(np.int64)
    hallado, valor = tabla.buscar(fila[subpar], columna)
    subpar, en_q = subpar[hallado], en_q[hallado]
    valor, columna = valor[hallado], columna[hallado]
    if mascara is not None:
        valor = valor * mascara[columna]
    producto = np.asarray(
        np.bincount(subpar, consulta.vectores.data[en_q] * valor, minlength=len(parte)),
        dtype=np.float64,
    )
    masa = np.asarray(
        np.bincount(subpar, consulta.masa[en_q], minlength=len(parte)), dtype=np.float64
    )
    return _maximo(producto, par_de_subpar, pares), _maximo(masa, par_de_subpar, pares)


def _por_bloques(
    consulta: Consulta,
    notas: ArregloI64,
    filas: ArregloI64,
    matriz: Matriz,
    mascara: npt.NDArray[np.bool_] | None,
) -> tuple[ArregloF64, ArregloF64]:
    """Coseno y contención por par con dos productos dispersos (filas llevadas a su bloque)."""
    elegidas = matriz[filas]
    local = consulta.local[elegidas.indices]
    par = np.repeat(np.arange(len(filas), dtype=np.int64), np.diff(elegidas.indptr))
    vivo = local >= 0
    valor = elegidas.data[vivo]
    if mascara is not None:
        valor = valor * mascara[elegidas.indices[vivo]]
    par, columnas = par[vivo], notas[par[vivo]] * consulta.usadas + local[vivo]
    forma = (len(filas), consulta.bloques_tfidf.shape[0])
    indptr = np.searchsorted(par, np.arange(len(filas) + 1))
    con_valor = sparse.csr_matrix((valor, columnas, indptr), shape=forma, copy=False)
    producto = (con_valor @ consulta.bloques_tfidf).max(axis=1).toarray().ravel()
    if mascara is not None:  # con máscara sólo se pide el producto (puntaje de miembros)
        return np.asarray(producto, dtype=np.float64), np.zeros(len(filas))
    con_valor.data = np.ones(len(par))
    masa = (con_valor @ consulta.bloques_masa).max(axis=1).toarray().ravel()
    return np.asarray(producto, dtype=np.float64), np.asarray(masa, dtype=np.float64)


def _maximo(sumas: ArregloF64, par_de_subpar: ArregloI64, pares: int) -> ArregloF64:
    """Por par, la mayor suma entre sus partes."""
    resultado = np.zeros(pares)
    if len(sumas):
        np.maximum.at(resultado, par_de_subpar, sumas)
    return resultado


@dataclass(frozen=True)
class Tablas:
    """Las matrices del índice de términos como tablas de búsqueda en bloque."""

    boletines: TablaFilas
    centroides: TablaFilas
    consenso: TablaFilas


def tablas(indice: IndiceTerminos) -> Tablas:
    """Tablas de boletines (TF-IDF), centroides de grupo y consenso de grupo."""
    return Tablas(
        TablaFilas(indice.matriz), TablaFilas(indice.centroides), TablaFilas(indice.consenso)
    )
