"""Candidatos en tiempo sublineal: índices invertidos de n-gramas y de términos TF-IDF raros."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from analisis.texto import ArregloU64

# Un n-grama presente en más de DF_MAX_NGRAMA boletines no sirve para encontrar candidatos (frases
# de la casa: "la presidenta municipal rosa elena"); cortar las listas largas acota el costo por
# nota sin importar cuántos boletines haya (sublineal). 64 deja pasar series de un proyecto.
DF_MAX_NGRAMA = 64
# Proporción de boletines a partir de la cual un n-grama es plantilla (pie de página, datos de
# contacto, fórmulas de cierre) y no cuenta como texto copiado. Con el mínimo absoluto, un corpus
# chico no confunde dos boletines de un mismo proyecto con una plantilla.
PROPORCION_PLANTILLA = 0.02
MINIMO_PLANTILLA = 5
# Igual que DF_MAX_NGRAMA, para los términos que proponen candidatos de paráfrasis: sólo términos
# raros (nombres, cifras, lugares, palabras del asunto) acotan la búsqueda por nota.
DF_MAX_TERMINO = 100

# Palabras vacías aprendidas de los datos, no de una lista por idioma: un término presente en más de
# la mitad de los documentos (boletines y referencia: para, como, about, their) no dice de qué trata
# uno en particular y sólo infla el coseno entre notas ajenas. Con menos de 20 documentos la
# proporción no es confiable y se conserva todo (el IDF ya los pesa poco).
PROPORCION_VACIAS = 0.5
MIN_BOLETINES_VACIAS = 20

# La contención (proporción de la masa IDF de la nota presente en el boletín) de un titular o una
# publicación de una línea no es evidencia: con 3 a 5 términos, todos del asunto, queda alta contra
# cualquier boletín del tema. 12 términos distintos ≈ 20 palabras, la nota breve más corta que
# resume un boletín (el corpus de desarrollo tiene breves de 14 a 28 términos distintos).
MIN_TERMINOS_CONTENCION = 12

ArregloI64 = npt.NDArray[np.int64]
ArregloF64 = npt.NDArray[np.float64]
# Matriz dispersa de SciPy (sin stubs de tipos en el entorno).
Matriz = Any


def _reunir(inicios: ArregloI64, largos: ArregloI64) -> ArregloI64:
    """Índices de todos los tramos [inicio, inicio+largo) concatenados (sin ciclo en Python)."""
    total = int(largos.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    desplazamiento = np.repeat(inicios - (np.cumsum(largos) - largos), largos)
    resultado: ArregloI64 = np.arange(total, dtype=np.int64) + desplazamiento
    return resultado


class IndiceNgramas:
    """Índice invertido de n-gramas (por hash) → boletines que los contienen."""

    def __init__(self, ngramas_por_boletin: Sequence[ArregloU64]) -> None:
        """Construye el índice ordenando los pares (n-grama, boletín) una sola vez."""
        unicos = [np.unique(ng) for ng in ngramas_por_boletin]
        fines = np.cumsum([len(u) for u in unicos], dtype=np.int64)
        hashes = np.concatenate(unicos) if unicos else np.zeros(0, dtype=np.uint64)
        del unicos
        orden = np.argsort(hashes)
        hashes = hashes[orden]
        self._duenos = np.searchsorted(fines, orden, side="right").astype(np.int32)
        del orden
        nuevo = np.ones(len(hashes), dtype=bool)
        nuevo[1:] = hashes[1:] != hashes[:-1]
        primeros = np.flatnonzero(nuevo)
        df = np.diff(np.append(primeros, len(hashes)))
        claves = hashes[primeros]
        del hashes
        umbral = max(MINIMO_PLANTILLA, PROPORCION_PLANTILLA * len(fines))
        self._plantilla = claves[df >= umbral]
        self.plantilla: frozenset[int] = frozenset(self._plantilla.tolist())
        utiles = df <= DF_MAX_NGRAMA
        self._claves = claves[utiles]
        self._inicios = primeros[utiles].astype(np.int64)
        self._largos = df[utiles].astype(np.int64)

    def palabras_de_plantilla(self, ngramas: ArregloU64, palabras: int) -> npt.NDArray[np.bool_]:
        """Máscara de las palabras de un texto que caen dentro de algún n-grama de plantilla."""
        cubiertas = np.zeros(palabras, dtype=bool)
        if len(self._plantilla) == 0 or len(ngramas) == 0:
            return cubiertas
        marcados = np.isin(ngramas, self._plantilla)
        n = palabras - len(ngramas) + 1
        for k in range(n):
            cubiertas[k : k + len(ngramas)] |= marcados
        return cubiertas

    def contar(self, ngramas: ArregloU64) -> tuple[ArregloI64, ArregloI64]:
        """Boletines que comparten n-gramas raros con la nota y cuántos comparte cada uno."""
        consulta = np.unique(ngramas)
        if len(self._claves) == 0 or len(consulta) == 0:
            vacio = np.zeros(0, dtype=np.int64)
            return vacio, vacio
        pos = np.minimum(np.searchsorted(self._claves, consulta), len(self._claves) - 1)
        pos = pos[self._claves[pos] == consulta]
        duenos = self._duenos[_reunir(self._inicios[pos], self._largos[pos])]
        ids, cuentas = np.unique(duenos, return_counts=True)
        return ids.astype(np.int64), cuentas.astype(np.int64)


_CENTINELA = "\x00"


def _identidad(terminos: list[str]) -> list[str]:
    """Analizador de scikit-learn para documentos ya tokenizados."""
    return terminos


class IndiceTerminos:
    """Vectores TF-IDF de los boletines y su índice invertido de términos raros."""

    def __init__(
        self,
        terminos_por_boletin: Iterable[list[str]],
        total: int,
        referencia: Sequence[list[str]] = (),
    ) -> None:
        """Ajusta el IDF sobre los `total` boletines y arma el índice.

        La referencia (p. ej. notas del mismo lote) sólo sirve para reconocer palabras vacías; el
        IDF sale de los boletines, porque en las notas las palabras de un boletín muy retomado se
        repiten en sus retomas y bajarían justo el coseno de las reescrituras.
        """
        self.vectorizador = TfidfVectorizer(
            analyzer=_identidad, sublinear_tf=True, dtype=np.float64
        )
        # El centinela evita el "vocabulario vacío" de scikit-learn sin boletines o sin palabras; su
        # fila se descarta y sólo suma 1 al número de documentos del IDF.
        documentos = itertools.chain(terminos_por_boletin, [[_CENTINELA]])
        matriz: Matriz = self.vectorizador.fit_transform(documentos)[:total]
        self.df: ArregloI64 = np.diff(matriz.tocsc().indptr).astype(np.int64)
        self._utiles = self._no_vacias(total, referencia)
        self.matriz: Matriz = self._quitar_vacias(matriz)
        self._raros = np.flatnonzero((self.df <= DF_MAX_TERMINO) & self._utiles)
        self._invertido: Matriz = self.matriz[:, self._raros].T.tocsr()

    def _no_vacias(self, total: int, referencia: Sequence[list[str]]) -> npt.NDArray[np.bool_]:
        """Máscara de términos que no son palabras vacías (presentes en más de la mitad)."""
        df = self.df.copy()
        if referencia:
            df += np.asarray(self.vectorizador.transform(list(referencia)).getnnz(axis=0))
        documentos = total + len(referencia)
        if documentos < MIN_BOLETINES_VACIAS:
            return np.ones(len(df), dtype=bool)
        utiles: npt.NDArray[np.bool_] = df <= PROPORCION_VACIAS * documentos
        return utiles

    def _quitar_vacias(self, matriz: Matriz) -> Matriz:
        """Anula las columnas de palabras vacías y vuelve a normalizar cada fila."""
        matriz = matriz.tocsr(copy=True)
        if matriz.shape[0] == 0:
            return matriz
        matriz.data *= self._utiles[matriz.indices]
        matriz.eliminate_zeros()
        return normalize(matriz)

    def vectorizar(self, terminos: Sequence[list[str]]) -> Matriz:
        """Vectores TF-IDF (norma 1, sin palabras vacías) de documentos nuevos."""
        return self._quitar_vacias(self.vectorizador.transform(list(terminos)))

    def puntajes_raros(self, vectores: Matriz) -> list[tuple[ArregloI64, ArregloF64]]:
        """Por fila, producto punto parcial (sólo términos raros) con los boletines afines."""
        parcial: Any = (vectores[:, self._raros] @ self._invertido).tocsr()
        filas = zip(parcial.indptr[:-1], parcial.indptr[1:], strict=True)
        return [
            (parcial.indices[i:f].astype(np.int64), parcial.data[i:f].astype(np.float64))
            for i, f in filas
        ]

    def cosenos_max(self, vectores: Matriz, boletines: Sequence[int]) -> ArregloF64:
        """Para cada boletín, el mayor coseno con alguno de los vectores (filas)."""
        producto: Any = vectores @ self.matriz[list(boletines)].T
        maximos: ArregloF64 = np.asarray(producto.max(axis=0).toarray()).ravel()
        return maximos

    def contencion(self, partes: Sequence[list[str]], boletin: int) -> float:
        """Mayor proporción, entre las partes de una nota, de su masa IDF presente en el boletín.

        Asimétrica: una nota breve que resume un boletín tiene casi todo su vocabulario raro dentro
        de él aunque el coseno sea bajo por la diferencia de largo. Cada término cuenta una vez;
        las palabras vacías no cuentan y un término que ningún boletín usa pesa el IDF máximo.
        """
        presentes = self.matriz[boletin].indices
        return max((self._contencion(p, presentes) for p in partes), default=0.0)

    def _contencion(self, terminos: list[str], presentes: ArregloI64) -> float:
        """Proporción de la masa IDF de unos términos cuyas columnas están en `presentes`."""
        vocabulario = self.vectorizador.vocabulary_
        unicos = set(terminos)
        if len(unicos) < MIN_TERMINOS_CONTENCION:
            return 0.0
        conocidas = [c for t in unicos if (c := vocabulario.get(t)) is not None]
        columnas = np.array([c for c in conocidas if self._utiles[c]], dtype=np.int64)
        idf: ArregloF64 = self.vectorizador.idf_
        pesos = idf[columnas]
        total = float(pesos.sum()) + (len(unicos) - len(conocidas)) * float(idf.max(initial=1.0))
        comunes = float(pesos[np.isin(columnas, presentes)].sum())
        return comunes / total if total > 0 else 0.0

    def frecuencia(self, termino: str) -> int:
        """En cuántos boletines aparece un término (0 si no está en el vocabulario)."""
        columna = self.vectorizador.vocabulary_.get(termino)
        return 0 if columna is None else int(self.df[columna])
