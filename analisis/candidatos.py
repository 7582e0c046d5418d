"""Candidatos en tiempo sublineal: n-gramas raros, términos TF-IDF raros y grupos de casi iguales.

Todo se construye con operaciones de NumPy y SciPy sobre los arreglos estables de
`analisis.indice` (hashes de 64 bits), sin ciclos por palabra en Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.preprocessing import normalize

from analisis.texto import ArregloU64

# Un n-grama presente en más de DF_MAX_NGRAMA grupos de boletines no sirve para encontrar
# candidatos (frases de la casa: "la presidenta municipal rosa elena"); cortar las listas largas
# acota el costo por nota sin importar cuántos boletines haya (sublineal). 64 deja pasar series de
# un proyecto. Se cuenta en grupos de casi iguales y no en boletines: una campaña repetida 80 veces
# es un solo asunto y sus frases siguen siendo raras.
DF_MAX_NGRAMA = 64
# Proporción de grupos a partir de la cual un n-grama es plantilla (pie de página, datos de
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

# --- Grupos de boletines casi iguales -----------------------------------------------------------
# Dos boletines son casi iguales si comparten algún n-grama que no es plantilla y su coseno TF-IDF
# pasa UMBRAL_CASI_IGUAL. Calibrado con el conjunto de casi iguales del benchmark (copias de una
# historia con 30 % de palabras cambiadas: coseno 0.34 en el percentil 1 y 0.44 en la mediana;
# entre historias distintas, 0.25 en el percentil 99.99 y 0.32 el máximo). Un grupo sólo ahorra
# trabajo: dentro de él se mide a los mejores miembros con todo detalle, así que juntar de más no
# cambia qué boletín gana.
UMBRAL_CASI_IGUAL = 0.35
# Consenso de un grupo de al menos MIN_MIEMBROS_CONSENSO casi iguales: términos y nombres presentes
# en al menos PROPORCION_CONSENSO de sus miembros. Es lo que las versiones tienen en común (la
# historia); lo que cada versión cambió aparece en uno o dos miembros y no entra. Con 30 % de
# palabras cambiadas, un nombre de tres palabras sobrevive entero en 0.7³ ≈ 34 % de las copias:
# 20 % lo conserva y deja fuera las sustituciones (≈ 1 % de los miembros cada una).
MIN_MIEMBROS_CONSENSO = 3
PROPORCION_CONSENSO = 0.2
# Un n-grama presente en más de DF_MAX_PAR boletines no propone pares (aportaría DF² / 2 pares).
DF_MAX_PAR = 512
# Pares por tanda al medir cosenos (memoria acotada). La primera tanda es chica y crece al doble:
# tras cada una se descartan los pares ya unidos en un grupo.
TANDA_GRUPOS = 65536
TANDA_INICIAL_GRUPOS = 4096

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


def _pares_en_tramos(inicios: ArregloI64, largos: ArregloI64) -> tuple[ArregloI64, ArregloI64]:
    """Todos los pares de posiciones (i < j) dentro de cada tramo [inicio, inicio+largo)."""
    posiciones = _reunir(inicios, largos)
    # Cuántas posiciones siguen a cada una dentro de su tramo.
    siguientes = np.repeat(inicios + largos, largos) - posiciones - 1
    izq = np.repeat(posiciones, siguientes)
    der = _reunir(posiciones + 1, siguientes)
    return izq, der


def _distintos_por_clave(claves: ArregloU64, grupos: ArregloI64) -> ArregloI64:
    """Para claves ordenadas (con repetición), cuántos grupos distintos tiene cada clave única."""
    orden = np.lexsort((grupos, claves))
    c, g = claves[orden], grupos[orden]
    nuevo_par = np.ones(len(c), dtype=bool)
    nuevo_par[1:] = (c[1:] != c[:-1]) | (g[1:] != g[:-1])
    nueva_clave = np.ones(len(c), dtype=bool)
    nueva_clave[1:] = c[1:] != c[:-1]
    resultado: ArregloI64 = np.add.reduceat(nuevo_par.astype(np.int64), np.flatnonzero(nueva_clave))
    return resultado


class IndiceNgramas:
    """Índice invertido de n-gramas (por hash) → boletines que los contienen."""

    def __init__(self, ngramas_por_boletin: Sequence[ArregloU64]) -> None:
        """Ordena los pares (n-grama, boletín) una sola vez; `agrupar` fija qué listas se usan."""
        unicos = [np.unique(ng) for ng in ngramas_por_boletin]
        fines = np.cumsum([len(u) for u in unicos], dtype=np.int64)
        self._total = len(unicos)
        hashes = np.concatenate(unicos) if unicos else np.zeros(0, dtype=np.uint64)
        del unicos
        # El orden de los dueños dentro de una lista no importa (se cuentan): sin orden estable.
        orden = np.argsort(hashes)
        self._hashes = hashes[orden]
        self._duenos = np.searchsorted(fines, orden, side="right").astype(np.int32)
        del orden, hashes
        nuevo = np.ones(len(self._hashes), dtype=bool)
        nuevo[1:] = self._hashes[1:] != self._hashes[:-1]
        self._primeros = np.flatnonzero(nuevo)
        self._df = np.diff(np.append(self._primeros, len(self._hashes)))
        claves = self._hashes[self._primeros]
        # Plantilla: frases en muchos boletines (por boletín, no por grupo: un pie que comparten
        # boletines de asuntos distintos es plantilla aunque sea casi todo el texto).
        self._umbral_plantilla = max(MINIMO_PLANTILLA, PROPORCION_PLANTILLA * self._total)
        self.plantilla: ArregloU64 = claves[self._df >= self._umbral_plantilla]
        self._usar(self._df)

    def agrupar(self, grupos: ArregloI64) -> None:
        """Listas útiles: n-gramas en a lo más DF_MAX_NGRAMA grupos de casi iguales.

        Sólo los n-gramas de más de DF_MAX_NGRAMA boletines pueden cambiar al contar por grupos
        (nunca hay más grupos que boletines): únicamente ésos se cuentan de nuevo.
        """
        df_grupos = self._df.copy()
        largos = np.flatnonzero(self._df > DF_MAX_NGRAMA)
        if len(largos):
            posiciones = _reunir(self._primeros[largos].astype(np.int64), self._df[largos])
            df_grupos[largos] = _distintos_por_clave(
                self._hashes[posiciones], grupos[self._duenos[posiciones]].astype(np.int64)
            )
        self._usar(df_grupos)

    def _usar(self, df_grupos: ArregloI64) -> None:
        """Fija las listas útiles según cuántos grupos tiene cada n-grama."""
        utiles = (df_grupos <= DF_MAX_NGRAMA) & (self._df < self._umbral_plantilla)
        self._claves = self._hashes[self._primeros][utiles]
        self._inicios = self._primeros[utiles].astype(np.int64)
        self._largos = self._df[utiles].astype(np.int64)

    def pares(self) -> tuple[ArregloI64, ArregloI64]:
        """Pares de boletines (a < b) que comparten algún n-grama que no es plantilla.

        Son los candidatos a casi iguales; cada n-grama aporta df² / 2 pares, por eso se omiten
        los de más de DF_MAX_PAR boletines (el costo queda acotado).
        """
        sirve = (self._df >= 2) & (self._df < self._umbral_plantilla) & (self._df <= DF_MAX_PAR)
        inicios, largos = self._primeros[sirve], self._df[sirve]
        if len(largos) == 0:
            vacio = np.zeros(0, dtype=np.int64)
            return vacio, vacio
        izq, der = _pares_en_tramos(inicios.astype(np.int64), largos.astype(np.int64))
        a, b = self._duenos[izq].astype(np.int64), self._duenos[der].astype(np.int64)
        claves, comunes = np.unique(
            np.minimum(a, b) * self._total + np.maximum(a, b), return_counts=True
        )
        # Primero los que comparten más n-gramas: son los casi iguales más seguros y unen los
        # grupos con pocas mediciones (grupos_casi_iguales omite pares ya unidos).
        claves = claves[np.argsort(-comunes, kind="stable")]
        return claves // self._total, claves % self._total

    def palabras_de_plantilla(self, ngramas: ArregloU64, palabras: int) -> npt.NDArray[np.bool_]:
        """Máscara de las palabras de un texto que caen dentro de algún n-grama de plantilla."""
        cubiertas = np.zeros(palabras, dtype=bool)
        if len(self.plantilla) == 0 or len(ngramas) == 0:
            return cubiertas
        marcados = np.isin(ngramas, self.plantilla)
        n = palabras - len(ngramas) + 1
        for k in range(n):
            cubiertas[k : k + len(ngramas)] |= marcados
        return cubiertas

    def contar_tanda(self, ngramas: Sequence[ArregloU64]) -> list[tuple[ArregloI64, ArregloI64]]:
        """`contar` de varias notas con una sola búsqueda (mismo resultado, nota por nota)."""
        vacio = np.zeros(0, dtype=np.int64)
        largos = np.array([len(n) for n in ngramas], dtype=np.int64)
        if len(self._claves) == 0 or not largos.sum():
            return [(vacio, vacio) for _ in ngramas]
        todos = np.concatenate(ngramas)
        notas = np.repeat(np.arange(len(ngramas), dtype=np.int64), largos)
        orden = np.lexsort((todos, notas))
        todos, notas = todos[orden], notas[orden]
        nuevo = np.ones(len(todos), dtype=bool)
        nuevo[1:] = (todos[1:] != todos[:-1]) | (notas[1:] != notas[:-1])
        todos, notas = todos[nuevo], notas[nuevo]
        pos = _buscar_ordenado(self._claves, todos)
        hallado = self._claves[pos] == todos
        pos, notas = pos[hallado], notas[hallado]
        duenos = self._duenos[_reunir(self._inicios[pos], self._largos[pos])].astype(np.int64)
        claves, cuentas = np.unique(
            np.repeat(notas, self._largos[pos]) * self._total + duenos, return_counts=True
        )
        de_nota = claves // max(self._total, 1)
        cortes = np.searchsorted(de_nota, np.arange(1, len(ngramas)))
        return list(
            zip(
                np.split(claves % max(self._total, 1), cortes),
                np.split(cuentas.astype(np.int64), cortes),
                strict=True,
            )
        )

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


def _buscar_ordenado(claves: ArregloU64, consulta: ArregloU64) -> ArregloI64:
    """Posición de cada consulta en `claves` (ordenadas), acotada al último índice.

    Las consultas se buscan en orden: búsquedas vecinas tocan la misma zona del arreglo (decenas
    de MB con 20,000 boletines) y casi no salen de la caché.
    """
    orden = np.argsort(consulta)
    pos = np.empty(len(consulta), dtype=np.int64)
    pos[orden] = np.minimum(np.searchsorted(claves, consulta[orden]), len(claves) - 1)
    return pos


def _columnas(vocabulario: ArregloU64, todos: ArregloU64) -> tuple[ArregloI64, ArregloI64]:
    """Columna de cada término conocido y su posición en `todos` (los desconocidos se omiten)."""
    if len(vocabulario) == 0 or len(todos) == 0:
        vacio = np.zeros(0, dtype=np.int64)
        return vacio, vacio
    pos = np.minimum(np.searchsorted(vocabulario, todos), len(vocabulario) - 1)
    conocidos = np.flatnonzero(vocabulario[pos] == todos)
    return pos[conocidos].astype(np.int64), conocidos.astype(np.int64)


def _filas(
    vocabulario: ArregloU64, documentos: Sequence[ArregloU64], pesos: ArregloF64 | None = None
) -> Matriz:
    """tf sublineal (1 + ln tf) de documentos dados como hashes de términos, en CSR.

    Con `pesos` (idf por columna) cada fila sale ponderada y con norma 1. Se arma directo con
    indptr/indices/data: sin conversiones COO ni normalizaciones de scikit-learn por nota.
    """
    largos = np.array([len(d) for d in documentos], dtype=np.int64)
    todos = np.concatenate(documentos) if documentos else np.zeros(0, dtype=np.uint64)
    columnas, posiciones = _columnas(vocabulario, todos)
    filas = np.repeat(np.arange(len(documentos), dtype=np.int64), largos)[posiciones]
    ancho = max(len(vocabulario), 1)
    unicas, cuentas = np.unique(filas * ancho + columnas, return_counts=True)
    fila, columna = unicas // ancho, unicas % ancho
    datos = 1.0 + np.log(cuentas.astype(np.float64))
    if pesos is not None:
        datos *= pesos[columna]
        vivos = datos > 0
        fila, columna, datos = fila[vivos], columna[vivos], datos[vivos]
        normas = np.sqrt(np.bincount(fila, weights=datos**2, minlength=len(documentos)))
        datos /= normas[fila]
    indptr = np.searchsorted(fila, np.arange(len(documentos) + 1))
    return sparse.csr_matrix((datos, columna, indptr), shape=(len(documentos), ancho))


class IndiceTerminos:
    """Vectores TF-IDF de los boletines (términos por hash) y su índice invertido de raros."""

    def __init__(
        self, terminos_por_boletin: Sequence[ArregloU64], referencia: Sequence[ArregloU64] = ()
    ) -> None:
        """Ajusta el IDF sobre los boletines (la referencia sólo detecta palabras vacías).

        En las notas, las palabras de un boletín muy retomado se repiten en sus retomas y bajarían
        justo el coseno de las reescrituras: por eso el IDF sale de los boletines.
        """
        total = len(terminos_por_boletin)
        self.vocabulario: ArregloU64 = (
            np.unique(np.concatenate(terminos_por_boletin))
            if total
            else np.zeros(0, dtype=np.uint64)
        )
        tf = _filas(self.vocabulario, terminos_por_boletin)
        self.df: ArregloI64 = np.bincount(tf.indices, minlength=len(self.vocabulario))
        # IDF suave de scikit-learn, ln((1 + n) / (1 + df)) + 1, contando un documento vacío más
        # (n = boletines + 1): así se calibraron los umbrales de niveles.py.
        self.idf: ArregloF64 = np.log((2.0 + total) / (1.0 + self.df)) + 1.0
        self.idf_maximo = float(self.idf.max(initial=1.0))
        self.utiles = self._no_vacias(total, referencia)
        self._pesos = self.idf * self.utiles
        self.matriz: Matriz = self._ponderar(tf)
        self.agrupar(np.arange(total, dtype=np.int64))

    def _no_vacias(self, total: int, referencia: Sequence[ArregloU64]) -> npt.NDArray[np.bool_]:
        """Máscara de términos que no son palabras vacías (presentes en más de la mitad)."""
        df = self.df.copy()
        if referencia:
            df += np.bincount(_filas(self.vocabulario, referencia).indices, minlength=len(df))
        documentos = total + len(referencia)
        if documentos < MIN_BOLETINES_VACIAS:
            return np.ones(len(df), dtype=bool)
        utiles: npt.NDArray[np.bool_] = df <= PROPORCION_VACIAS * documentos
        return utiles

    def _ponderar(self, tf: Matriz) -> Matriz:
        """tf × idf sin palabras vacías, cada fila con norma 1."""
        if tf.shape[0] == 0 or len(self._pesos) == 0:
            return tf
        ponderada = tf.multiply(self._pesos[None, :]).tocsr()
        ponderada.eliminate_zeros()
        return normalize(ponderada)

    def agrupar(self, grupos: ArregloI64) -> None:
        """Centroides de los grupos de casi iguales y su índice invertido de términos raros."""
        self.grupos = grupos
        num = int(grupos.max()) + 1 if len(grupos) else 0
        pertenencia = sparse.csr_matrix(
            (np.ones(len(grupos)), (grupos, np.arange(len(grupos)))), shape=(num, len(grupos))
        )
        suma = (pertenencia @ self.matriz).tocsr()
        self.centroides: Matriz = normalize(suma) if num else suma
        presencia = self.matriz.copy()
        presencia.data[:] = 1.0
        self.consenso: Matriz = _consenso(pertenencia, (pertenencia @ presencia).tocsr())
        df_grupos = np.diff(self.centroides.tocsc().indptr)
        raros = (df_grupos <= DF_MAX_TERMINO) & self.utiles[: len(df_grupos)]
        # Centroides sólo con sus términos raros, transpuestos (términos × grupos): la nota se
        # multiplica tal cual, sin recortar columnas (recortar convierte a CSC en cada nota).
        solo_raros = self.centroides.copy()
        solo_raros.data *= raros[solo_raros.indices]
        solo_raros.eliminate_zeros()
        self._invertido: Matriz = solo_raros.T.tocsr()
        # Términos raros (para puntuar a los miembros de un grupo sólo con ellos).
        self.raros: npt.NDArray[np.bool_] = raros

    def vectorizar(self, documentos: Sequence[ArregloU64]) -> Matriz:
        """Vectores TF-IDF (norma 1, sin palabras vacías) de documentos nuevos."""
        return _filas(self.vocabulario, documentos, self._pesos)

    def parcial(self, vectores: Matriz) -> Matriz:
        """Producto parcial (sólo términos raros) de cada fila con los centroides (CSR)."""
        return (vectores @ self._invertido).tocsr()

    def cosenos_max(self, vectores: Matriz, boletines: Sequence[int] | ArregloI64) -> ArregloF64:
        """Para cada boletín, el mayor coseno con alguno de los vectores (filas)."""
        return _maximo_por_fila(self.matriz, boletines, vectores)


def _maximo_por_fila(
    matriz: Matriz, filas: Sequence[int] | ArregloI64, vectores: Matriz
) -> ArregloF64:
    """Para cada fila elegida de la matriz, su mayor producto punto con alguno de los vectores."""
    elegidas = np.asarray(filas, dtype=np.int64)
    if len(elegidas) == 0:
        return np.zeros(0)
    producto = (matriz[elegidas] @ vectores.T).toarray()
    maximos: ArregloF64 = producto.max(axis=1)
    return maximos


def umbral_consenso(tamanos: ArregloI64) -> ArregloF64:
    """Miembros en que debe aparecer algo para ser del consenso de su grupo (inf si es chico)."""
    umbral: ArregloF64 = np.maximum(2.0, PROPORCION_CONSENSO * tamanos)
    umbral[tamanos < MIN_MIEMBROS_CONSENSO] = np.inf
    return umbral


def _consenso(pertenencia: Matriz, cuentas: Matriz) -> Matriz:
    """Términos presentes en buena parte de los miembros de cada grupo (filas grupos × términos)."""
    tamanos = np.asarray(pertenencia.sum(axis=1)).ravel().astype(np.int64)
    umbral = umbral_consenso(tamanos)
    filas = np.repeat(np.arange(cuentas.shape[0]), np.diff(cuentas.indptr))
    cuentas.data = (cuentas.data >= umbral[filas]).astype(np.float64)
    cuentas.eliminate_zeros()
    return cuentas


def grupos_casi_iguales(matriz: Matriz, pares: tuple[ArregloI64, ArregloI64]) -> ArregloI64:
    """Grupo de cada boletín: componentes conexas del grafo «coseno TF-IDF ≥ UMBRAL_CASI_IGUAL».

    Sólo se mide el coseno de los pares candidatos (comparten algún n-grama que no es plantilla),
    no el de todos contra todos: el costo crece con los pares parecidos, no con N².
    """
    total = matriz.shape[0]
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    a, b = pares
    etiquetas = np.arange(total, dtype=np.int64)
    unidos_a, unidos_b = [a[:0]], [b[:0]]
    tanda = TANDA_INICIAL_GRUPOS
    while len(a):
        # Un par cuyos dos boletines ya están en el mismo grupo no cambia las componentes: no se
        # mide. Con 80 versiones de una historia bastan ≈ 80 cosenos, no 80² / 2.
        pendientes = etiquetas[a] != etiquetas[b]
        a, b = a[pendientes], b[pendientes]
        cerca = _cosenos_pares(matriz, a[:tanda], b[:tanda]) >= UMBRAL_CASI_IGUAL
        unidos_a.append(a[:tanda][cerca])
        unidos_b.append(b[:tanda][cerca])
        a, b = a[tanda:], b[tanda:]
        etiquetas = _componentes(np.concatenate(unidos_a), np.concatenate(unidos_b), total)
        tanda = min(2 * tanda, TANDA_GRUPOS)
    return _numerar_por_aparicion(etiquetas)


def _cosenos_pares(matriz: Matriz, a: ArregloI64, b: ArregloI64) -> ArregloF64:
    """Coseno de cada par de filas (a[k], b[k]) de una matriz de filas con norma 1."""
    if len(a) == 0:
        return np.zeros(0)
    producto = matriz[a].multiply(matriz[b])
    return np.asarray(producto.sum(axis=1), dtype=np.float64).ravel()


def _componentes(a: ArregloI64, b: ArregloI64, total: int) -> ArregloI64:
    """Componente conexa de cada nodo del grafo no dirigido con aristas (a[k], b[k])."""
    grafo = sparse.csr_matrix((np.ones(len(a)), (a, b)), shape=(total, total))
    _, etiquetas = connected_components(grafo, directed=False)
    resultado: ArregloI64 = etiquetas.astype(np.int64)
    return resultado


def _numerar_por_aparicion(etiquetas: ArregloI64) -> ArregloI64:
    """Renumera los grupos en orden de su primer boletín (independiente del algoritmo)."""
    _, primeros, inversa = np.unique(etiquetas, return_index=True, return_inverse=True)
    rango = np.empty(len(primeros), dtype=np.int64)
    rango[np.argsort(primeros, kind="stable")] = np.arange(len(primeros))
    resultado: ArregloI64 = rango[inversa]
    return resultado
