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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
import numpy.typing as npt

from analisis import niveles
from analisis.candidatos import (
    ArregloF64,
    ArregloI64,
    IndiceNgramas,
    IndiceTerminos,
    _reunir,
    grupos_casi_iguales,
    umbral_consenso,
)
from analisis.citas import mascara_citas
from analisis.indice import (
    AnalisisBoletin,
    analizar_boletines,
    clave_documento,
    hashes_especificos,
)
from analisis.pasajes import N_MINIMO_PASAJE, Secuencia, Tramo, alinear
from analisis.tanda import (
    Consulta,
    consultar,
    medir_pares,
    tablas,
)
from analisis.texto import (
    ArregloU64,
    HashesTexto,
    Tokens,
    hashes_de_textos,
    hashes_ngramas,
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
MAX_CANDIDATOS_PARAFRASIS = 8
# Boletines casi iguales (la misma campaña o el mismo programa contado 40 veces) forman un grupo
# (candidatos.py). La nota se compara una vez con cada grupo y luego sólo con sus
# MIEMBROS_POR_GRUPO mejores miembros (más n-gramas raros en común o mayor coseno): el costo por
# nota queda acotado por MAX_GRUPOS_COPIA × 2 + MAX_CANDIDATOS_PARAFRASIS × 2 × partes
# alineaciones, sin importar cuántos boletines se parezcan. Dos miembros por grupo bastan: entre
# casi iguales decide la copia textual, y el segundo cubre el caso de dos boletines de un mismo
# proyecto que quedaron juntos. 15 grupos por copia: una página impresa trae a lo más unas
# cuantas notas y cada una retoma uno o dos boletines.
MIEMBROS_POR_GRUPO = 2
# Miembros de un grupo que se puntúan contra la nota por paráfrasis (los más parecidos al
# centroide): acota el costo con campañas de cientos de versiones. Entre versiones casi iguales la
# paráfrasis no distingue cuál se reescribió (la copia textual y la fecha sí, y ésas no pasan por
# aquí); 16 basta para no depender de una versión atípica.
MAX_MIEMBROS_PUNTUADOS = 16
MAX_GRUPOS_COPIA = 15
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
# Niveles por pasajes «casi textuales» (definiciones del glosario: íntegra = casi todo el boletín
# casi textual; parcial = una parte sustancial casi textual; reescrita = los mismos hechos con
# otras palabras). Tramos separados por a lo más HUECO_EDICION palabras cambiadas (un sinónimo,
# una cifra redondeada) son una sola región casi textual; sólo regiones de LARGO_REGION palabras o
# más cuentan para el nivel: más que un nombre con su cargo ("la presidenta municipal Rosa Elena
# Martínez Hernández", 7) o el nombre de un fondo (7), el largo de una cláusula. Una reescritura
# conserva nombres, cargos y frases hechas sueltas; una copia parcial conserva oraciones.
HUECO_EDICION = 3
LARGO_REGION = 12
# Nota breve (radio, Facebook, breves): menos de LARGO_NOTA_BREVE palabras, el largo de una nota
# breve que resume un boletín (ANCHO_SEGMENTO). Se compara además con pasajes del boletín.
LARGO_NOTA_BREVE = 100
# Ancho mínimo (en términos) de un pasaje del boletín al comparar una breve: ≈ 45 palabras, un
# párrafo de boletín.
MIN_TERMINOS_PASAJE = 30
# Notas de referencia para el IDF: 5,000 bastan para estimar la frecuencia de las palabras comunes
# de un idioma y tema, y acotan el tiempo y la memoria de la construcción.
MAX_REFERENCIA = 5000
# Boletines analizados a detalle (tokens, posiciones, hashes: ≈ 75 KB cada uno) que se guardan entre
# notas: las notas de un día retoman los boletines de esa semana, así que 1,024 bastan (≈ 75 MB).
TAMANO_CACHE = 1024
# Notas que se miden juntas (candidatos, cosenos, contención): suficientes para que el costo fijo
# de cada operación de NumPy se reparta; la memoria de una tanda (términos de sus notas por sus
# candidatos) queda en decenas de MB.
TAMANO_TANDA = 128


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


class _Nota:
    """Nota analizada para buscar: palabras, hashes, n-gramas y términos; lo demás, a demanda."""

    def __init__(self, documento: Documento, texto: HashesTexto, titulo: HashesTexto) -> None:
        """Hashes de palabras (calculados por tanda), n-gramas y términos del título."""
        self.texto = documento.texto
        self.largo = len(texto.palabras)
        self.lemas, self.contenido = texto.lemas, texto.terminos
        self.ngramas = hashes_ngramas(texto.palabras, N_MINIMO_PASAJE)
        self.secuencia = Secuencia(texto.palabras, self.ngramas)
        self.titulo = np.unique(titulo.lemas[titulo.terminos])

    @classmethod
    def tanda(cls, documentos: Sequence[Documento]) -> list[_Nota]:
        """Las notas de una tanda, con los hashes de todos sus textos y títulos en una pasada."""
        hashes = hashes_de_textos([d.texto for d in documentos] + [d.titulo for d in documentos])
        mitad = len(documentos)
        return [cls(d, hashes[k], hashes[mitad + k]) for k, d in enumerate(documentos)]

    @functools.cached_property
    def especificos(self) -> ArregloU64:
        """Hashes de los nombres propios y cifras del texto."""
        return hashes_especificos(self.texto)

    @functools.cached_property
    def tokens(self) -> Tokens:
        """Palabras con posiciones (sólo para las notas que sí retoman algo)."""
        return tokenizar(self.texto)


class _Boletin:
    """Boletín listo para alinear (a partir de su análisis guardado)."""

    def __init__(
        self, analisis: AnalisisBoletin, plantilla: npt.NDArray[np.bool_], texto: str
    ) -> None:
        """N-gramas y palabras de plantilla del boletín."""
        self.analisis = analisis
        self.ngramas = hashes_ngramas(analisis.palabras, N_MINIMO_PASAJE)
        self.secuencia = Secuencia(analisis.palabras, self.ngramas)
        self.plantilla = plantilla
        self.propias = int((~plantilla).sum())
        self.texto = texto

    @functools.cached_property
    def tokens(self) -> Tokens:
        """Palabras con posiciones (sólo para los boletines que sí se retomaron)."""
        return tokenizar(self.texto)

    @functools.cached_property
    def narrativas(self) -> npt.NDArray[np.bool_]:
        """Palabras propias que no van entre comillas (sólo para los boletines candidatos)."""
        # Sin tokenizar el boletín: en `emparejar` sólo los pasajes de salida piden posiciones.
        return ~self.plantilla & ~mascara_citas(self.texto, len(self.plantilla))


def _marca(fecha: dt.datetime | None) -> float:
    """Segundos POSIX (NaN si no hay fecha); una fecha ingenua se toma como UTC."""
    if fecha is None:
        return math.nan
    if fecha.tzinfo is None:
        fecha = fecha.replace(tzinfo=dt.UTC)
    return fecha.timestamp()


def _jaccard(a: ArregloU64, b: ArregloU64) -> float:
    """Jaccard de dos conjuntos de hashes ordenados y únicos (0 si ambos vacíos)."""
    comunes = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - comunes
    return comunes / union if union else 0.0


@dataclass
class _Candidato:
    """Medidas en construcción de un boletín candidato."""

    indice: int
    grupo: int
    tramos: list[Tramo]
    coseno: float = 0.0
    contencion: float = 0.0


class Emparejador:
    """Índice de boletines que empareja notas en tiempo sublineal en el número de boletines."""

    def __init__(
        self,
        boletines: Sequence[Documento],
        *,
        ventana_dias: int = 7,
        referencia: Iterable[Documento] = (),
        analizados: Mapping[str, AnalisisBoletin] | None = None,
        con_pasajes: bool = True,
    ) -> None:
        """Indexa los boletines (n-gramas raros, TF-IDF y grupos de casi iguales) una sola vez.

        `referencia`: textos del mismo idioma y tema (las notas del lote) que sólo sirven para
        reconocer palabras vacías; se usan a lo más MAX_REFERENCIA. `analizados`: análisis ya
        guardados por clave de contenido (índice persistente); sólo se analizan los que falten, y
        quedan en `nuevos` para que quien llama los guarde. Sin `con_pasajes` las parejas no
        traen pasajes en caracteres (el P.csv no los lleva y ubicarlos cuesta otra tokenización).
        """
        self.con_pasajes = con_pasajes
        self.boletines = list(boletines)
        self.ventana = dt.timedelta(days=ventana_dias)
        self.nuevos: list[AnalisisBoletin] = []
        self.analisis = self._analizar(analizados or {})
        # Alineaciones hechas (costo por nota medible sin cronómetro, para pruebas y benchmarks).
        self.alineaciones = 0
        muestra = _terminos_de([d.texto for d in islice(referencia, MAX_REFERENCIA)])
        self._terminos = IndiceTerminos([a.terminos for a in self.analisis], muestra)
        self._ngramas = IndiceNgramas(
            [hashes_ngramas(a.palabras, N_MINIMO_PASAJE) for a in self.analisis]
        )
        self.grupos = grupos_casi_iguales(self._terminos.matriz, self._ngramas.pares())
        self._terminos.agrupar(self.grupos)
        self._ngramas.agrupar(self.grupos)
        self._miembros = self._por_tipicidad(_miembros(self.grupos))
        self._tablas = tablas(self._terminos)
        self._tamanos = np.array([len(m) for m in self._miembros], dtype=np.int64)
        self._tamanos_lista: list[int] = self._tamanos.tolist()
        self._primeros: list[int] = [int(m[0]) for m in self._miembros]
        self._fechas = np.array([_marca(b.fecha) for b in self.boletines], dtype=np.float64)
        self._rango_fechas = _rango_por_grupo(self._fechas, self.grupos)
        self._detalle = functools.lru_cache(maxsize=TAMANO_CACHE)(self._preparar_boletin)
        self._densos = functools.lru_cache(maxsize=TAMANO_CACHE)(self._preparar_densos)
        entidades = [a.especificos for a in self.analisis]
        self._entidades_consenso = _consenso_entidades(entidades, self.grupos)
        titulos = [a.titulo for a in self.analisis]
        self._titulos_consenso = _consenso_entidades(titulos, self.grupos)
        self._entidades = _frecuencia_por_grupo(entidades, self.grupos, self._entidades_consenso)
        num_grupos = len(self._miembros)
        df_max = max(MINIMO_DF_ESPECIFICO, PROPORCION_ESPECIFICO * num_grupos)
        self._df_especifico = min(df_max, max(1, num_grupos - 1))

    def _por_tipicidad(self, miembros: list[ArregloI64]) -> list[ArregloI64]:
        """Miembros de cada grupo del más al menos parecido a su centroide (los más típicos)."""
        if not miembros:
            return miembros
        matriz, centroides = self._terminos.matriz, self._terminos.centroides
        tipicidad = np.asarray(matriz.multiply(centroides[self.grupos]).sum(axis=1)).ravel()
        return [m[np.argsort(-tipicidad[m], kind="stable")] for m in miembros]

    def _analizar(self, guardados: Mapping[str, AnalisisBoletin]) -> list[AnalisisBoletin]:
        """Análisis guardado de cada boletín, o uno nuevo (por tandas; se anotan en `nuevos`)."""
        claves = [clave_documento(b.titulo, b.texto) for b in self.boletines]
        faltan = [b for b, c in zip(self.boletines, claves, strict=True) if c not in guardados]
        for inicio in range(0, len(faltan), TAMANO_TANDA):
            tanda = faltan[inicio : inicio + TAMANO_TANDA]
            self.nuevos += analizar_boletines([(b.titulo, b.texto) for b in tanda])
        hechos = {**guardados, **{a.clave: a for a in self.nuevos}}
        return [hechos[c] for c in claves]

    def _preparar_boletin(self, indice: int) -> _Boletin:
        """Boletín listo para alinear (con caché), con sus palabras que no son plantilla."""
        a = self.analisis[indice]
        ngramas = hashes_ngramas(a.palabras, N_MINIMO_PASAJE)
        plantilla = self._ngramas.palabras_de_plantilla(ngramas, len(a.palabras))
        return _Boletin(a, plantilla, self.boletines[indice].texto)

    def emparejar(self, nota: Documento) -> list[Pareja]:
        """Boletines que retoma la nota, del más al menos probable."""
        return self.emparejar_tanda([nota])[0]

    def emparejar_varios(self, notas: Iterable[Documento]) -> Iterator[Pareja]:
        """Empareja varias notas por tandas (la memoria no crece con el lote)."""
        iterador = iter(notas)
        while tanda := list(islice(iterador, TAMANO_TANDA)):
            for parejas in self.emparejar_tanda(tanda):
                yield from parejas

    def emparejar_tanda(self, notas: Sequence[Documento]) -> list[list[Pareja]]:
        """Parejas de cada nota de la tanda: candidatos y medidas de todas en bloque.

        Búsqueda de n-gramas, producto parcial con los grupos, puntaje de miembros, cosenos y
        contención se calculan para toda la tanda con unas cuantas operaciones de NumPy y SciPy;
        por nota sólo quedan la alineación de los candidatos plausibles y la decisión.
        """
        analizadas = _Nota.tanda(notas)
        partes = [_partes(a.lemas, a.contenido) for a in analizadas]
        q = consultar(self._terminos, partes)
        conteos = self._ngramas.contar_tanda([a.ngramas for a in analizadas])
        copia = [self._candidatos_copia(n, *c) for n, c in zip(notas, conteos, strict=True)]
        para = self._candidatos_parafrasis(notas, q)
        indices = [
            np.array(list(dict.fromkeys([*c.tolist(), *p.tolist()])), dtype=np.int64)
            for c, p in zip(copia, para, strict=True)
        ]
        cosenos, contencion = self._medir_tanda(q, indices)
        pasajes = self._cosenos_pasaje(q, [a.largo for a in analizadas], partes, indices)
        cosenos = [np.maximum(c, p) for c, p in zip(cosenos, pasajes, strict=True)]
        return [
            self._terminar(notas[k], analizadas[k], indices[k], cosenos[k], contencion[k], copia[k])
            for k in range(len(notas))
        ]

    def _medir_tanda(
        self, q: Consulta, indices: list[ArregloI64]
    ) -> tuple[list[ArregloF64], list[ArregloF64]]:
        """Coseno (boletín y centroide) y contención (boletín y consenso) de todos los pares."""
        notas = np.repeat(np.arange(len(indices), dtype=np.int64), [len(i) for i in indices])
        filas = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
        t, m = self._tablas, self._terminos
        coseno, contencion = medir_pares(q, notas, filas, m.matriz, t.boletines)
        # Cada grupo una vez por nota (sus miembros candidatos comparten centroide y consenso).
        # Un grupo de un solo boletín tiene por centroide al boletín mismo y no tiene consenso.
        ancho = max(len(self._miembros), 1)
        grandes = self._tamanos[self.grupos[filas]] > 1
        claves, de_par = np.unique(
            notas[grandes] * ancho + self.grupos[filas[grandes]], return_inverse=True
        )
        n_grupo, grupos = claves // ancho, claves % ancho
        coseno_grupo, _ = medir_pares(q, n_grupo, grupos, m.centroides, t.centroides)
        _, contencion_grupo = medir_pares(q, n_grupo, grupos, m.consenso, t.consenso)
        coseno[grandes] = np.maximum(coseno[grandes], coseno_grupo[de_par.ravel()])
        contencion[grandes] = np.maximum(contencion[grandes], contencion_grupo[de_par.ravel()])
        cortes = np.cumsum([len(i) for i in indices])[:-1]
        return np.split(coseno, cortes), np.split(contencion, cortes)

    def _terminar(
        self,
        nota: Documento,
        a: _Nota,
        indices: ArregloI64,
        cosenos: ArregloF64,
        contencion: ArregloF64,
        copia: ArregloI64,
    ) -> list[Pareja]:
        """Alineación de los candidatos plausibles de una nota y decisión de niveles."""
        if not len(indices):
            return []
        por_copia = set(copia.tolist())
        candidatos = [
            self._medir(int(i), a, float(c), float(m))
            for i, c, m in zip(indices, cosenos, contencion, strict=True)
            if i in por_copia or c >= niveles.UMBRAL_COSENO
        ]
        return self._decidir(nota, a, candidatos)

    def _en_ventana(self, indices: ArregloI64, fecha: dt.datetime | None) -> ArregloI64:
        """Filtra los boletines cuya ventana de publicación incluye la fecha de la nota."""
        if fecha is None or len(indices) == 0:
            return indices
        t = _marca(fecha)
        fb = self._fechas[indices]
        previa, posterior = TOLERANCIA_PREVIA.total_seconds(), self.ventana.total_seconds()
        valido = np.isnan(fb) | ((t >= fb - previa) & (t <= fb + posterior))
        return indices[valido]

    def _candidatos_copia(
        self, nota: Documento, ids: ArregloI64, cuentas: ArregloI64
    ) -> ArregloI64:
        """Los mejores miembros de los grupos que comparten más n-gramas raros con la nota."""
        sel = cuentas >= MIN_NGRAMAS_CANDIDATO
        ids, cuentas = ids[sel], cuentas[sel]
        orden = np.argsort(-cuentas, kind="stable")
        ids = self._en_ventana(ids[orden], nota.fecha)
        return _mejores_por_grupo(ids, self.grupos[ids], MIEMBROS_POR_GRUPO, MAX_GRUPOS_COPIA)

    def _candidatos_parafrasis(self, notas: Sequence[Documento], q: Consulta) -> list[ArregloI64]:
        """Por cada parte de cada nota, los grupos de mayor TF-IDF parcial y sus mejores miembros.

        Primero los grupos (producto parcial de toda la tanda con los centroides); de los grupos
        grandes se puntúan después sólo sus miembros más típicos, todos los de la tanda juntos.
        """
        por_parte = self._grupos_por_parte(notas, q)
        directos: list[list[int]] = []
        por_puntuar: list[dict[int, ArregloI64]] = []
        for k, nota in enumerate(notas):
            desde = int(q.desde[k])
            propios, grandes = self._grupos_afines(
                nota, por_parte[desde : desde + int(q.cuantas[k])]
            )
            directos.append(propios)
            por_puntuar.append(grandes)
        mejores = self._mejores_miembros(q, por_puntuar)
        return [
            np.unique(np.array([*d, *m], dtype=np.int64))
            for d, m in zip(directos, mejores, strict=True)
        ]

    def _grupos_por_parte(self, notas: Sequence[Documento], q: Consulta) -> list[list[int]]:
        """Por parte de cada nota, los grupos en ventana de mayor producto parcial, en orden.

        Toda la tanda a la vez: un producto disperso con los centroides (términos raros), un
        orden por parte y puntaje, y el rango de fechas de cada grupo contra la fecha de la nota.
        """
        parcial = self._terminos.parcial(q.vectores)
        partes = parcial.shape[0]
        fila = np.repeat(np.arange(partes, dtype=np.int64), np.diff(parcial.indptr))
        grupos = parcial.indices.astype(np.int64)
        marcas = np.array([_marca(n.fecha) for n in notas], dtype=np.float64)
        t = np.repeat(marcas, q.cuantas)[fila]
        previa, posterior = TOLERANCIA_PREVIA.total_seconds(), self.ventana.total_seconds()
        desde, hasta, sin_fecha = (r[grupos] for r in self._rango_fechas)
        # Primero la ventana (barata, deja fuera casi todo en un archivo de años) y luego el orden.
        valido = np.isnan(t) | sin_fecha | ((t >= desde - previa) & (t <= hasta + posterior))
        fila, grupos, puntajes = fila[valido], grupos[valido], parcial.data[valido]
        orden = _por_fila_y_puntaje(fila, puntajes)
        fila, grupos = fila[orden], grupos[orden]
        cuantos = np.bincount(fila, minlength=partes)
        rango = np.arange(len(fila)) - np.repeat(np.cumsum(cuantos) - cuantos, cuantos)
        primeros = rango < 4 * MAX_CANDIDATOS_PARAFRASIS
        fila, grupos = fila[primeros], grupos[primeros]
        cortes = np.searchsorted(fila, np.arange(1, partes))
        return [g.tolist() for g in np.split(grupos, cortes)]

    def _grupos_afines(
        self, nota: Documento, por_parte: list[list[int]]
    ) -> tuple[list[int], dict[int, ArregloI64]]:
        """Miembros de los grupos chicos afines a la nota y miembros por puntuar de los grandes.

        De cada parte, los primeros MAX_CANDIDATOS_PARAFRASIS grupos con miembros en ventana
        (un grupo de un solo boletín ya pasó el filtro de fechas con el rango del grupo).
        """
        directos: list[int] = []
        por_puntuar: dict[int, ArregloI64] = {}
        for grupos in por_parte:
            tomados = 0
            for g in grupos:
                if self._tamanos_lista[g] == 1:
                    directos.append(self._primeros[g])
                else:
                    miembros = self._en_ventana(self._miembros[g], nota.fecha)
                    miembros = miembros[:MAX_MIEMBROS_PUNTUADOS]
                    if not len(miembros):
                        continue
                    if len(miembros) <= MIEMBROS_POR_GRUPO:
                        directos += miembros.tolist()
                    else:
                        # Un grupo afín a varias partes de la nota se puntúa una sola vez.
                        por_puntuar.setdefault(g, miembros)
                tomados += 1
                if tomados == MAX_CANDIDATOS_PARAFRASIS:
                    break
        return directos, por_puntuar

    def _mejores_miembros(
        self, q: Consulta, grupos: list[dict[int, ArregloI64]]
    ) -> list[list[int]]:
        """De cada grupo por puntuar de cada nota, los MIEMBROS_POR_GRUPO de mayor puntaje.

        Si los miembros por puntuar son los más típicos del grupo (sin fechas que quiten alguno,
        lo común), todas las notas de la tanda que lo piden se puntúan con una multiplicación
        densa contra esos miembros; los demás casos, con el producto disperso por pares.
        """
        puntajes: dict[tuple[int, int], ArregloF64] = {}
        tipicos: dict[int, list[int]] = {}
        otros: list[tuple[int, int]] = []
        for k, propios in enumerate(grupos):
            for g, miembros in propios.items():
                if self._son_tipicos(g, miembros):
                    tipicos.setdefault(g, []).append(k)
                else:
                    otros.append((k, g))
        for g, notas in tipicos.items():
            for k, valores in zip(notas, self._puntajes_tipicos(q, g, notas), strict=True):
                puntajes[k, g] = valores
        puntajes.update(self._puntajes_por_pares(q, grupos, otros))
        return [
            [
                int(m)
                for g, miembros in propios.items()
                for m in miembros[np.argsort(-puntajes[k, g], kind="stable")[:MIEMBROS_POR_GRUPO]]
            ]
            for k, propios in enumerate(grupos)
        ]

    def _son_tipicos(self, grupo: int, miembros: ArregloI64) -> bool:
        """Los miembros son exactamente los más típicos del grupo (los que guarda `_densos`)."""
        tipicos = self._miembros[grupo][:MAX_MIEMBROS_PUNTUADOS]
        return len(miembros) == len(tipicos) and bool((miembros == tipicos).all())

    def _puntajes_tipicos(self, q: Consulta, grupo: int, notas: list[int]) -> ArregloF64:
        """Producto parcial (términos raros) de cada nota con los miembros típicos del grupo.

        Filas: notas; columnas: miembros. El mayor entre las partes de cada nota.
        """
        columnas, densa = self._densos(grupo)
        elegidas = np.array(notas, dtype=np.int64)
        cuantas = q.cuantas[elegidas]
        parte = _reunir(q.desde[elegidas], cuantas)
        indptr = q.vectores.indptr.astype(np.int64)
        largos = indptr[parte + 1] - indptr[parte]
        pos = _reunir(indptr[parte], largos)
        fila = np.repeat(np.arange(len(parte), dtype=np.int64), largos)
        col = q.vectores.indices[pos]
        j = np.minimum(np.searchsorted(columnas, col), max(len(columnas) - 1, 0))
        hallado = columnas[j] == col if len(columnas) else np.zeros(len(col), dtype=bool)
        partes = np.zeros((len(columnas), len(parte)))
        partes[j[hallado], fila[hallado]] = q.vectores.data[pos[hallado]]
        producto = densa @ partes
        inicios = np.cumsum(cuantas) - cuantas
        maximos: ArregloF64 = np.maximum.reduceat(producto, inicios, axis=1).T
        return maximos

    def _preparar_densos(self, grupo: int) -> tuple[ArregloI64, ArregloF64]:
        """Miembros típicos de un grupo como matriz densa (miembros × sus términos raros)."""
        miembros = self._miembros[grupo][:MAX_MIEMBROS_PUNTUADOS]
        sub = self._terminos.matriz[miembros]
        valores = sub.data * self._terminos.raros[sub.indices]
        columnas = np.unique(sub.indices).astype(np.int64)
        densa = np.zeros((len(miembros), len(columnas)))
        fila = np.repeat(np.arange(len(miembros)), np.diff(sub.indptr))
        densa[fila, np.searchsorted(columnas, sub.indices)] = valores
        return columnas, densa

    def _puntajes_por_pares(
        self, q: Consulta, grupos: list[dict[int, ArregloI64]], pares: list[tuple[int, int]]
    ) -> dict[tuple[int, int], ArregloF64]:
        """Puntajes de miembros con el producto disperso por pares (notas con fecha)."""
        if not pares:
            return {}
        miembros = [grupos[k][g] for k, g in pares]
        notas = np.repeat(np.array([k for k, _ in pares]), [len(m) for m in miembros])
        m = self._terminos
        puntajes, _ = medir_pares(
            q, notas, np.concatenate(miembros), m.matriz, self._tablas.boletines, m.raros
        )
        cortes = np.cumsum([len(m) for m in miembros])[:-1]
        return dict(zip(pares, np.split(puntajes, cortes), strict=True))

    def _cosenos_pasaje(
        self,
        q: Consulta,
        largos: list[int],
        partes: list[list[ArregloU64]],
        indices: list[ArregloI64],
    ) -> list[ArregloF64]:
        """Para cada nota breve, su mayor coseno con un pasaje de cada candidato (no con todo él).

        Una breve de radio o de Facebook resume uno o dos párrafos: contra las 250 palabras del
        boletín su coseno queda bajo sólo por la diferencia de largo. Los pasajes son ventanas de
        términos del doble del largo de la nota, traslapadas a la mitad; las de toda la tanda se
        vectorizan y se miden juntas. Las notas que no son breves quedan en ceros.
        """
        ventanas: list[ArregloU64] = []
        notas: list[int] = []
        pares: list[int] = []
        cortes = np.cumsum([len(i) for i in indices]) - [len(i) for i in indices]
        for k, largo in enumerate(largos):
            if largo >= LARGO_NOTA_BREVE:
                continue
            ancho = max(2 * len(partes[k][0]), MIN_TERMINOS_PASAJE)
            for j, i in enumerate(indices[k].tolist()):
                propios = self.analisis[i].terminos
                inicios = range(0, max(1, len(propios) - ancho // 2), ancho // 2)
                ventanas += [propios[p : p + ancho] for p in inicios]
                notas += [k] * len(inicios)
                pares += [int(cortes[k]) + j] * len(inicios)
        resultado = np.zeros(sum(len(i) for i in indices))
        if ventanas:
            matriz = self._terminos.vectorizar(ventanas)
            filas = np.arange(len(ventanas), dtype=np.int64)
            producto, _ = medir_pares(q, np.array(notas, dtype=np.int64), filas, matriz, None)
            np.maximum.at(resultado, np.array(pares, dtype=np.int64), producto)
        return np.split(resultado, cortes[1:]) if len(indices) else []

    def _medir(
        self,
        indice: int,
        a: _Nota,
        coseno: float,
        contencion: float,
    ) -> _Candidato:
        """Tramos comunes de un candidato (una alineación) con su coseno y contención."""
        self.alineaciones += 1
        b = self._detalle(indice)
        tramos = alinear(b.secuencia, a.secuencia, plantilla=self._ngramas.plantilla)
        return _Candidato(indice, int(self.grupos[indice]), tramos, coseno, contencion)

    def _decidir(self, nota: Documento, a: _Nota, candidatos: list[_Candidato]) -> list[Pareja]:
        """Asigna cada tramo de la nota a un solo boletín (el de más copia) y decide niveles.

        De un grupo de casi iguales sólo se liga por paráfrasis al mejor miembro: la nota retoma
        uno de ellos, no los 40 boletines de la misma campaña.
        """
        candidatos.sort(key=lambda c: (-sum(t.largo for t in c.tramos), -c.coseno))
        ocupadas = np.zeros(a.largo, dtype=bool)
        reescritos: set[int] = set()
        parejas: list[Pareja] = []
        for c in candidatos:
            tramos = _sin_ocupar(c.tramos, ocupadas)
            if not tramos and c.grupo in reescritos:
                # Sin copia sólo podría ser otra reescritura del mismo grupo, que no se liga.
                continue
            medidas = self._medidas(c, tramos, a, ocupadas)
            nivel = niveles.nivel(medidas)
            if nivel == "reescrita" and (
                c.grupo in reescritos or self._hay_mejor_parecido(c, candidatos)
            ):
                nivel = None
            if nivel is None:
                continue
            reescritos.add(c.grupo)
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

    def _medidas(
        self, c: _Candidato, tramos: list[Tramo], a: _Nota, ocupadas: npt.NDArray[np.bool_]
    ) -> niveles.Medidas:
        """Medidas de contención, paráfrasis, título y datos específicos de un par."""
        b = self._detalle(c.indice)
        # Sólo cuentan las palabras copiadas que no son plantilla del boletín (pie, contacto).
        por_tramo = [
            int((~b.plantilla[t.en_boletin : t.en_boletin + t.largo]).sum()) for t in tramos
        ]
        regiones = _regiones_literales(tramos)
        copiadas = sum(int((~b.plantilla[i:f]).sum()) for i, f in regiones)
        # Para el nivel no cuentan las citas textuales: una reescritura conserva las citas entre
        # comillas (no se pueden parafrasear) y con dos o tres ya llegaba a «parcial».
        por_region = [int(b.narrativas[i:f].sum()) for i, f in regiones]
        narrativas = int(b.narrativas.sum())
        # La nota sin las citas que copió: así la proporción copiada de la nota compara lo mismo.
        sin_citas = a.largo - (copiadas - sum(por_region))
        en_nota = _copiadas_en_nota(tramos, a.largo)
        # En un grupo de casi iguales, los nombres y cifras del boletín son los que comparten sus
        # versiones (cada versión pudo haber cambiado o agregado alguno).
        consenso = self._entidades_consenso[c.grupo]
        propios = consenso if len(consenso) else b.analisis.especificos
        raros = propios[self._es_especifico(propios)]
        comunes = len(np.intersect1d(raros, a.especificos, assume_unique=True))
        return niveles.Medidas(
            fidelidad=min(1.0, copiadas / max(1, b.propias)),
            fidelidad_sin_citas=min(1.0, sum(por_region) / max(1, narrativas)),
            proporcion_nota=min(1.0, sum(por_region) / max(1, sin_citas)),
            palabras_propias_nota=int((~(en_nota | ocupadas)).sum()),
            fidelidad_en_nota=min(1.0, int(en_nota.sum()) / max(1, b.propias)),
            palabras_copiadas=sum(por_region),
            pasaje_mayor=max(por_region, default=0),
            fidelidad_dispersa=min(1.0, sum(por_tramo) / max(1, b.propias)),
            coseno=c.coseno,
            contencion=c.contencion,
            entidades_comunes=len(np.intersect1d(propios, a.especificos, assume_unique=True)),
            especificos=min(1.0, comunes / max(1, min(len(raros), TOPE_ESPECIFICOS))),
            especificos_comunes=comunes,
            titulo=max(
                _jaccard(b.analisis.titulo, a.titulo),
                _jaccard(self._titulos_consenso[c.grupo], a.titulo),
            ),
        )

    def _es_especifico(self, entidades: ArregloU64) -> npt.NDArray[np.bool_]:
        """Máscara de nombres propios o cifras poco frecuentes entre los grupos de boletines."""
        claves, cuentas = self._entidades
        if len(claves) == 0:
            return np.zeros(len(entidades), dtype=bool)
        pos = np.minimum(np.searchsorted(claves, entidades), len(claves) - 1)
        df = np.where(claves[pos] == entidades, cuentas[pos], 0)
        resultado: npt.NDArray[np.bool_] = df <= self._df_especifico
        return resultado

    def _pareja(
        self,
        nota: Documento,
        indice: int,
        nivel: str,
        m: niveles.Medidas,
        tramos: list[Tramo],
        a: _Nota,
    ) -> Pareja:
        """Construye la pareja con pasajes en caracteres."""
        b = self._detalle(indice)
        pasajes = (
            tuple(_a_caracteres(t, b.tokens, a.tokens) for t in tramos) if self.con_pasajes else ()
        )
        return Pareja(
            nota_id=nota.id,
            boletin_id=self.boletines[indice].id,
            nivel=nivel,
            puntaje=niveles.puntaje(m),
            fidelidad=round(m.fidelidad, 4),
            pasajes=pasajes,
        )


def _por_fila_y_puntaje(fila: ArregloI64, puntajes: ArregloF64) -> ArregloI64:
    """Orden por fila y, dentro de cada fila, de mayor a menor puntaje (empates: como venían).

    Lo mismo que `np.lexsort((-puntajes, fila))` con un solo ordenamiento estable de una clave
    real: `fila - puntaje / máximo` queda en (fila - 1, fila]. Sin dos pasadas es 5 veces más
    rápido, y sin fechas que filtren hay miles de pares (parte, grupo) por nota.
    """
    if not len(puntajes):
        return np.zeros(0, dtype=np.int64)
    escala = float(np.abs(puntajes).max()) * (1 + 1e-6) or 1.0
    clave = fila.astype(np.float64) - puntajes / escala
    orden: ArregloI64 = np.argsort(clave, kind="stable")
    return orden


def _rango_por_grupo(
    fechas: npt.NDArray[np.float64], grupos: ArregloI64
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Por grupo: fecha mínima, máxima y si algún miembro no tiene fecha."""
    num = int(grupos.max()) + 1 if len(grupos) else 0
    desde, hasta = np.full(num, np.inf), np.full(num, -np.inf)
    sin_fecha = np.zeros(num, dtype=bool)
    con = ~np.isnan(fechas)
    np.minimum.at(desde, grupos[con], fechas[con])
    np.maximum.at(hasta, grupos[con], fechas[con])
    sin_fecha[grupos[~con]] = True
    return desde, hasta, sin_fecha


def _miembros(grupos: ArregloI64) -> list[ArregloI64]:
    """Boletines de cada grupo, en orden."""
    orden = np.argsort(grupos, kind="stable")
    cortes = np.flatnonzero(np.diff(grupos[orden])) + 1
    return list(np.split(orden.astype(np.int64), cortes)) if len(grupos) else []


def _frecuencia_por_grupo(
    entidades: Sequence[ArregloU64], grupos: ArregloI64, consenso: list[ArregloU64]
) -> tuple[ArregloU64, ArregloI64]:
    """En cuántos grupos aparece cada entidad (claves ordenadas y cuentas).

    En un grupo con consenso cuenta sólo lo que comparten sus versiones: lo que una versión cambió
    (o le agregó) no hace frecuente un nombre en otros asuntos.
    """
    tamanos = np.bincount(grupos, minlength=len(consenso)) if len(grupos) else grupos
    con_consenso = np.isfinite(umbral_consenso(tamanos.astype(np.int64)))
    propias = [e for e, g in zip(entidades, grupos, strict=True) if not con_consenso[g]]
    grupo = [g for e, g in zip(entidades, grupos, strict=True) if not con_consenso[g]]
    comunes = [consenso[g] for g in np.flatnonzero(con_consenso)]
    todas = [*propias, *comunes]
    if not todas or not sum(len(e) for e in todas):
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    dueno = np.repeat(
        np.array([*grupo, *np.flatnonzero(con_consenso)], dtype=np.uint64), [len(e) for e in todas]
    )
    pares = np.unique(np.stack([np.concatenate(todas), dueno]), axis=1)
    claves, cuentas = np.unique(pares[0], return_counts=True)
    return claves, cuentas.astype(np.int64)


def _consenso_entidades(entidades: Sequence[ArregloU64], grupos: ArregloI64) -> list[ArregloU64]:
    """Por grupo, los hashes (nombres, cifras, títulos) comunes a sus miembros (vacío si chico)."""
    num = int(grupos.max()) + 1 if len(grupos) else 0
    vacio = np.zeros(0, dtype=np.uint64)
    if not num or not sum(len(e) for e in entidades):
        return [vacio] * num
    todas = np.concatenate(entidades)
    grupo = np.repeat(grupos, [len(e) for e in entidades]).astype(np.uint64)
    pares, cuentas = np.unique(np.stack([grupo, todas]), axis=1, return_counts=True)
    umbral = umbral_consenso(np.bincount(grupos, minlength=num).astype(np.int64))
    pares = pares[:, cuentas >= umbral[pares[0].astype(np.int64)]]
    cortes = np.searchsorted(pares[0], np.arange(1, num, dtype=np.uint64))
    return list(np.split(pares[1], cortes))


def _primeros_grupos(grupos: ArregloI64, cuantos: int) -> npt.NDArray[np.bool_]:
    """Máscara de los elementos que pertenecen a los primeros `cuantos` grupos distintos."""
    _, primeros = np.unique(grupos, return_index=True)
    elegidos = grupos[np.sort(primeros)[:cuantos]]
    return np.isin(grupos, elegidos)


def _mejores_por_grupo(
    ordenados: ArregloI64, grupos: ArregloI64, por_grupo: int, max_grupos: int
) -> ArregloI64:
    """Los primeros `por_grupo` de cada grupo, de los primeros `max_grupos` grupos (en orden)."""
    if len(ordenados) == 0:
        return ordenados
    orden = np.argsort(grupos, kind="stable")
    g = grupos[orden]
    inicio = np.searchsorted(g, g, side="left")
    rango = np.empty(len(g), dtype=np.int64)
    rango[orden] = np.arange(len(g)) - inicio
    elegidos = rango < por_grupo
    resultado: ArregloI64 = ordenados[elegidos & _primeros_grupos(grupos, max_grupos)]
    return resultado


def _ventanas(lemas: ArregloU64, contenido: npt.NDArray[np.bool_], ancho: int) -> list[ArregloU64]:
    """Términos de ventanas de `ancho` palabras que se traslapan a la mitad."""
    paso = ancho // 2
    return [
        lemas[i : i + ancho][contenido[i : i + ancho]] for i in range(0, len(lemas) - paso, paso)
    ]


def _terminos_de(textos: Sequence[str]) -> list[ArregloU64]:
    """Hashes de los términos de cada texto (lemas de palabras de contenido y números)."""
    return [h.lemas[h.terminos] for h in hashes_de_textos(textos)]


def _partes(lemas: ArregloU64, contenido: npt.NDArray[np.bool_]) -> list[ArregloU64]:
    """Términos (hashes) de la nota entera y, si es larga, de sus ventanas (páginas, columnas)."""
    completa = lemas[contenido]
    if len(lemas) > RAZON_VENTANAS * ANCHO_VENTANA:
        return [completa, *_ventanas(lemas, contenido, ANCHO_VENTANA)]
    if len(lemas) > RAZON_VENTANAS * ANCHO_SEGMENTO:
        return [completa, *_ventanas(lemas, contenido, ANCHO_SEGMENTO)]
    return [completa]


def _regiones_literales(tramos: list[Tramo]) -> list[tuple[int, int]]:
    """Regiones casi textuales del boletín [inicio, fin): tramos seguidos con huecos pequeños.

    Un tramo sigue al anterior si empieza a lo más HUECO_EDICION palabras después de él tanto en
    el boletín como en la nota (un sinónimo, una cifra redondeada, una palabra de más): juntos son
    un mismo pasaje «casi textual». Sólo cuentan las regiones de LARGO_REGION palabras o más.
    """
    regiones: list[list[int]] = []
    for t in sorted(tramos, key=lambda t: t.en_boletin):
        if regiones:
            inicio, fin, fin_nota = regiones[-1]
            hueco, hueco_nota = t.en_boletin - fin, t.en_nota - fin_nota
            if 0 <= hueco <= HUECO_EDICION and 0 <= hueco_nota <= HUECO_EDICION:
                regiones[-1] = [inicio, t.en_boletin + t.largo, t.en_nota + t.largo]
                continue
        regiones.append([t.en_boletin, t.en_boletin + t.largo, t.en_nota + t.largo])
    return [(i, f) for i, f, _ in regiones if f - i >= LARGO_REGION]


def _copiadas_en_nota(tramos: list[Tramo], largo_nota: int) -> npt.NDArray[np.bool_]:
    """Palabras de la nota copiadas de un boletín (los huecos de edición cuentan copiados).

    Contadas en la nota, una frase que el boletín repite cuenta una vez.
    """
    cubiertas = np.zeros(largo_nota, dtype=bool)
    fin_anterior = None
    for t in sorted(tramos, key=lambda t: t.en_nota):
        inicio = t.en_nota
        if fin_anterior is not None and 0 <= inicio - fin_anterior <= HUECO_EDICION:
            inicio = fin_anterior
        cubiertas[inicio : t.en_nota + t.largo] = True
        fin_anterior = max(fin_anterior or 0, t.en_nota + t.largo)
    return cubiertas


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
