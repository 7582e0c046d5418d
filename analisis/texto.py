"""Normalización y tokenización independientes del idioma, con posiciones en el texto original."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Palabra = letras o dígitos Unicode; "3.5" y "1,200" quedan unidos para que cuenten como un número.
# Una palabra partida al final del renglón ("rehabi-\nlitación", OCR de impresos) o con guion suave
# sigue siendo una sola palabra: si no, cada corte de renglón rompería los pasajes copiados.
_PALABRA = re.compile(
    r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:(?:-[ \t]*\r?\n[ \t]*|\u00ad)[^\W\d_]+)*(?:['’][^\W\d_]+)?",
    re.UNICODE,
)
_CORTE_RENGLON = re.compile(r"-[ \t]*\r?\n[ \t]*|\u00ad")
# Cifras con separador: México escribe "3.5 millones" y "1,200 metros"; España, "3,5" y "1.200".
# Uno o dos dígitos tras el separador es un decimal; grupos de tres, miles (el ambiguo "1,200" o
# "1.200" se lee como miles en ambos casos para que coincidan). Así boletín y nota dan la misma
# palabra sin importar la convención, y la regla no depende del idioma.
_DECIMAL = re.compile(r"(\d+)[.,](\d{1,2})")
_MILES = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_MILES_CON_DECIMAL = re.compile(r"(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*)(?!\2)[.,](\d{1,2})")
# Lo que cierra una oración (o un título/párrafo): la palabra siguiente no es nombre propio.
_CIERRE = re.compile(r"[.!?¡¿:;\n\"“”«»()\[\]–—-]")
# Nombres propios: rachas de palabras que empiezan con mayúscula (cualquier alfabeto con mayúsculas)
# separadas sólo por espacios; las cifras, aparte.
_MAYUSCULAS = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha())
_NOMBRE = rf"(?<![^\W\d_])[{re.escape(_MAYUSCULAS)}][^\W\d_]*(?:['’][^\W\d_]+)?"
_RACHA = re.compile(rf"{_NOMBRE}(?:\s+{_NOMBRE})*")
_CIFRA = re.compile(r"\d+(?:[.,]\d+)*")
# Largo del prefijo que hace de lema ligero: truncar a 6 letras junta flexiones en español e inglés
# (rehabilitación/rehabilitaciones, inaugura/inauguró, repair/repairs) sin diccionarios.
LARGO_LEMA = 6
# Palabras de 3 letras o menos son casi siempre gramaticales (de, la, los, the, and); no pesan en
# la paráfrasis salvo los números. Regla sin lista de palabras vacías para no depender del idioma.
LARGO_MINIMO_TERMINO = 4
# Palabras con mayúscula de 3 letras o menos al inicio de un nombre son artículos o preposiciones
# (La Lomita, En Chiconamel, The Mayor): se quitan para que el mismo nombre se escriba igual.
PARTICULA_MAXIMA = 3
# Multiplicadores que combinan hashes de palabras en el de un n-grama (aritmética módulo 2^64).
_PRIMOS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
     0x94D049BB133111EB, 0xBF58476D1CE4E5B9, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53],
    dtype=np.uint64,
)  # fmt: skip

ArregloU64 = npt.NDArray[np.uint64]
# Caracteres de una palabra que entran en su hash: 64 sobran para cualquier palabra real; una cadena
# más larga (URL, basura de OCR) se distingue por sus primeros 64 caracteres.
LARGO_HASH = 64
# Multiplicador por posición del hash polinomial de palabras: potencias de una constante impar
# fija (módulo 2^64), las mismas en todo proceso.
_POTENCIAS = np.array(
    [pow(0x9E3779B97F4A7C15, k + 1, 2**64) for k in range(LARGO_HASH)], dtype=np.uint64
)


@dataclass(frozen=True)
class Tokens:
    """Palabras normalizadas con su posición [inicio, fin) en caracteres del texto original."""

    palabras: tuple[str, ...]
    inicios: tuple[int, ...]
    fines: tuple[int, ...]

    def __len__(self) -> int:
        """Número de palabras."""
        return len(self.palabras)


def sin_acentos(texto: str) -> str:
    """Quita diacríticos (á→a, ñ→n, ü→u) conservando la longitud de cada letra base."""
    descompuesto = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def normalizar(texto: str) -> str:
    """Minúsculas, sin acentos y sin puntuación: palabras separadas por un espacio."""
    return " ".join(tokenizar(texto).palabras)


def _tabla_sin_acentos() -> dict[int, str]:
    """Traducción 1 a 1 de letras latinas acentuadas a su letra base (conserva posiciones)."""
    tabla: dict[int, str] = {}
    for codigo in range(0xC0, 0x250):
        base = sin_acentos(chr(codigo))
        if len(base) == 1 and base != chr(codigo):
            tabla[codigo] = base
    return tabla


_TABLA_SIN_ACENTOS = _tabla_sin_acentos()
# La misma tabla como arreglo de códigos (índice = código original) para traducir con NumPy:
# `str.translate` con diccionario busca letra por letra en Python y es lo más caro de tokenizar.
_FIN_TABLA = 0x250
_MAPA_SIN_ACENTOS = np.arange(_FIN_TABLA, dtype=np.uint32)
for _codigo, _base in _TABLA_SIN_ACENTOS.items():
    _MAPA_SIN_ACENTOS[_codigo] = ord(_base)


def _traducir(texto: str) -> str:
    """`texto.translate(_TABLA_SIN_ACENTOS)` con un arreglo de NumPy (mismo resultado)."""
    if texto.isascii():
        return texto
    try:
        crudo = texto.encode("utf-32-le")
    except UnicodeEncodeError:  # sustitutos sueltos: la vía lenta sí los acepta
        return texto.translate(_TABLA_SIN_ACENTOS)
    codigos = np.frombuffer(crudo, dtype=np.uint32)
    mapeados = np.where(
        codigos < _FIN_TABLA, _MAPA_SIN_ACENTOS[np.minimum(codigos, _FIN_TABLA - 1)], codigos
    )
    return mapeados.astype(np.uint32).tobytes().decode("utf-32-le")


def _plano(texto: str) -> str:
    """Minúsculas sin acentos del mismo largo que el original (para conservar posiciones)."""
    plano = _traducir(texto.lower())
    if len(plano) == len(texto):
        return plano
    return _traducir("".join(c.lower()[:1] or c for c in texto))


def normalizar_cifra(cifra: str) -> str:
    """Cifra con "." como punto decimal y sin separadores de miles ("3,5"→"3.5", "1.200"→"1200")."""
    if cifra.isdigit():
        return cifra
    if m := _DECIMAL.fullmatch(cifra):
        return f"{m[1]}.{m[2]}"
    if _MILES.fullmatch(cifra):
        return cifra.replace(",", "").replace(".", "")
    if m := _MILES_CON_DECIMAL.fullmatch(cifra):
        return f"{m[1].replace(m[2], '')}.{m[3]}"
    # Otras formas (fechas "26.11.2026", folios) se dejan como antes: sólo sin comas.
    return cifra.replace(",", "")


def _normal_de(palabra: str) -> str:
    """Forma normal de una palabra en minúsculas: sin cortes de renglón, acentos ni separadores."""
    if not palabra.isascii():
        palabra = sin_acentos(_CORTE_RENGLON.sub("", palabra)).replace("’", "'")
    elif "\n" in palabra or "-" in palabra:
        palabra = _CORTE_RENGLON.sub("", palabra)
    return normalizar_cifra(palabra) if palabra[:1].isdigit() else palabra


def palabras(texto: str) -> list[str]:
    """Palabras normalizadas del texto, sin posiciones (una expresión regular sobre todo el texto).

    Da exactamente las mismas palabras que `tokenizar`; es la vía rápida para indexar y buscar: el
    trabajo en Python queda sólo para las palabras raras (acentos fuera de la tabla, cifras con
    separador, palabras partidas), que se reconocen con `isascii`/`isalpha`, en C.
    """
    crudas: list[str] = _PALABRA.findall(_plano(texto))
    return [p if p.isascii() and p.isalpha() else _normal_de(p) for p in crudas]


def contar_palabras(texto: str) -> int:
    """Cuántas palabras da `palabras(texto)`, sin normalizarlas."""
    return len(_PALABRA.findall(_plano(texto)))


def tokenizar(texto: str) -> Tokens:
    """Tokeniza el texto original y normaliza cada palabra (minúsculas, sin acentos)."""
    coincidencias = list(_PALABRA.finditer(_plano(texto)))
    crudas = [m.group() for m in coincidencias]
    normales = tuple(p if p.isascii() and p.isalpha() else _normal_de(p) for p in crudas)
    inicios = tuple(m.start() for m in coincidencias)
    fines = tuple(m.end() for m in coincidencias)
    return Tokens(normales, inicios, fines)


def _mezclar(h: ArregloU64) -> ArregloU64:
    """Finalizador de splitmix64: reparte los bits de un hash lineal (aritmética módulo 2^64)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    resultado: ArregloU64 = h ^ (h >> np.uint64(31))
    return resultado


def hashes_palabras(palabras: tuple[str, ...] | list[str]) -> ArregloU64:
    """Hash estable de 64 bits de cada palabra: igual en todo proceso, máquina y corrida.

    Vectorizado: las palabras se vuelven una matriz de códigos UTF-32 (NumPy) y el hash es un
    polinomio en los códigos con multiplicadores fijos, mezclado con splitmix64. No usa `hash()`
    de Python, que cambia en cada proceso (PYTHONHASHSEED) y no se puede guardar en disco.
    """
    if len(palabras) == 0:
        return np.zeros(0, dtype=np.uint64)
    codigos = _codigos(palabras)
    with np.errstate(over="ignore"):
        return _mezclar(codigos @ _POTENCIAS[: codigos.shape[1]])


def _codigos(palabras: tuple[str, ...] | list[str]) -> npt.NDArray[np.uint64]:
    """Matriz de códigos UTF-32 (una fila por palabra, ceros a la derecha, ≤ LARGO_HASH)."""
    # Con una cadena larguísima (base64, basura de OCR) la matriz tendría su ancho en cada fila.
    matriz = np.array(palabras, dtype=f"<U{min(max(map(len, palabras)), LARGO_HASH) or 1}")
    ancho = matriz.itemsize // 4
    return matriz.view(np.uint32).reshape(len(palabras), ancho).astype(np.uint64)


def hashes_y_terminos(
    palabras: tuple[str, ...] | list[str],
) -> tuple[ArregloU64, ArregloU64, npt.NDArray[np.bool_]]:
    """Hash de cada palabra, hash de su lema y si es término, con una sola matriz de códigos.

    Da lo mismo que `hashes_palabras(palabras)` y `hashes_palabras([lema(p) for p in palabras])`
    con la máscara `es_termino`, sin ciclo por palabra: el lema es el prefijo de LARGO_LEMA
    códigos (el polinomio de un prefijo es el de las primeras columnas) salvo en los números.
    """
    if len(palabras) == 0:
        vacio = np.zeros(0, dtype=np.uint64)
        return vacio, vacio, np.zeros(0, dtype=bool)
    codigos = _codigos(palabras)
    ancho = codigos.shape[1]
    with np.errstate(over="ignore"):
        completos = _mezclar(codigos @ _POTENCIAS[:ancho])
        prefijos = _mezclar(codigos[:, :LARGO_LEMA] @ _POTENCIAS[: min(ancho, LARGO_LEMA)])
    primero = codigos[:, 0]
    digito = (primero >= 48) & (primero <= 57)
    for k in np.flatnonzero(primero > 127):
        digito[k] = palabras[k][:1].isdigit()
    largos = (codigos != 0).sum(axis=1)
    termino = digito | (largos >= LARGO_MINIMO_TERMINO)
    return completos, np.where(digito, completos, prefijos), termino


def hashes_ngramas(hashes: ArregloU64, n: int) -> ArregloU64:
    """Hash de cada n-grama consecutivo de palabras (shingle); vacío si hay menos de n palabras."""
    total = len(hashes) - n + 1
    if total <= 0:
        return np.zeros(0, dtype=np.uint64)
    resultado = np.zeros(total, dtype=np.uint64)
    for k in range(n):
        resultado += hashes[k : k + total] * _PRIMOS[k % len(_PRIMOS)]
    return resultado


def lema(palabra: str) -> str:
    """Lema ligero independiente del idioma: prefijo de LARGO_LEMA letras (los números enteros)."""
    if palabra[:1].isdigit():
        return palabra
    return palabra[:LARGO_LEMA]


def es_termino(palabra: str) -> bool:
    """Palabra de contenido (de LARGO_MINIMO_TERMINO letras o más) o número."""
    return len(palabra) >= LARGO_MINIMO_TERMINO or palabra[:1].isdigit()


def terminos(palabras: tuple[str, ...] | list[str]) -> list[str]:
    """Términos para TF-IDF: lemas de palabras de contenido y números."""
    return [lema(p) for p in palabras if es_termino(p)]


def _normal(palabras: list[str]) -> str:
    """Entidad normalizada: minúsculas y sin acentos, palabras separadas por un espacio."""
    unida = " ".join(palabras)
    # Vía rápida (tabla de acentos en C); lo que no queda en ASCII pasa por NFKD, como antes.
    plano = _traducir(unida.lower())
    return plano if plano.isascii() else sin_acentos(unida.casefold())


def especificos(texto: str) -> set[str]:
    """Nombres propios (rachas de palabras con mayúscula) y cifras, normalizados.

    "la presidenta Rosa Elena Martínez" da "rosa elena martinez"; una sola palabra con mayúscula al
    abrir oración no cuenta (es sólo el inicio de la oración); las cifras cuentan cada una. Las
    rachas y las cifras se encuentran con dos expresiones regulares sobre todo el texto: el ciclo
    en Python es por racha (unas decenas por nota), no por palabra.
    """
    resultado = {normalizar_cifra(c) for c in set(_CIFRA.findall(texto))}
    for m in _RACHA.finditer(texto):
        racha = m.group().split()
        _cerrar(racha, _abre_oracion(texto, m.start()), resultado)
    return resultado


def _abre_oracion(texto: str, inicio: int) -> bool:
    """La palabra en `inicio` es la primera del texto o viene tras un cierre de oración."""
    j = inicio
    while j > 0 and not texto[j - 1].isalnum():
        j -= 1
    return j == 0 or bool(_CIERRE.search(texto, j, inicio))


def _cerrar(racha: list[str], inicial: bool, resultado: set[str]) -> None:
    """Agrega la racha de mayúsculas como entidad si no es sólo la palabra que abre la oración.

    Las partículas iniciales cortas (La, El, En, The) se quitan para que "La Lomita" y "en La
    Lomita" den la misma entidad; las siglas (DIF) se conservan.
    """
    if not racha or (len(racha) == 1 and inicial):
        return
    while racha and len(racha[0]) <= PARTICULA_MAXIMA and not racha[0].isupper():
        racha = racha[1:]
    if racha and len("".join(racha)) > PARTICULA_MAXIMA - 1:
        resultado.add(_normal(racha))


# Clase de cada carácter del plano básico para `hashes_del_texto`, la misma que ve `_PALABRA`:
# 1 = letra (`[^\W\d_]`), 2 = dígito (`\d`), 0 = lo demás. Los caracteres fuera del plano básico
# (emojis, letras raras) se clasifican aparte, uno por uno.
def _clases_basicas() -> npt.NDArray[np.uint8]:
    """Tabla de clases de los 65,536 códigos del plano básico."""
    clases = np.zeros(0x10000, dtype=np.uint8)
    for codigo in range(0x10000):
        clases[codigo] = _clase(chr(codigo))
    return clases


def _clase(caracter: str) -> int:
    """1 si la expresión de palabras lo toma por letra, 2 por dígito, 0 si no es de palabra."""
    if caracter.isdecimal():
        return 2
    return 1 if caracter.isalnum() else 0


_CLASES = _clases_basicas()
_PUNTO, _COMA = np.uint32(ord(".")), np.uint32(ord(","))
# Lo que une letras en una palabra fuera de la racha (palabra partida al final del renglón, guion
# suave, apóstrofo): la vía vectorizada no lo reproduce y el texto que lo tiene va por la vía de
# las cadenas. Se buscan los caracteres raros (rápido) y luego si hay una letra antes.
_UNION_RARA = re.compile(r"-[ \t]*\r?\n|[\u00ad'’]")
_CARACTERES_DE_UNION = ("-\n", "-\r", "- ", "-\t", "\u00ad", "'", "’")


@dataclass(frozen=True)
class HashesTexto:
    """Hash de cada palabra, hash de su lema y si es término (lo de `hashes_y_terminos`)."""

    palabras: ArregloU64
    lemas: ArregloU64
    terminos: npt.NDArray[np.bool_]


def hashes_del_texto(texto: str) -> HashesTexto:
    """`hashes_y_terminos(palabras(texto))` sin crear una cadena por palabra."""
    return hashes_de_textos([texto])[0]


def hashes_de_textos(textos: Sequence[str]) -> list[HashesTexto]:
    """`hashes_del_texto` de muchos textos en una sola pasada de arreglos (una tanda de notas).

    Los textos se unen con un carácter que no es de palabra y todo se calcula sobre los códigos
    UTF-32 del texto plano: clase de cada carácter, rachas de letras o de dígitos (con «.» o «,»
    entre dígitos) y el polinomio de cada palabra con `np.add.reduceat`. Sólo las palabras que
    `palabras` normaliza (cifras con separador, letras fuera de ASCII) pasan por Python, y los
    textos con palabras partidas o apóstrofos van enteros por la vía de las cadenas.
    """
    if not textos:
        return []
    # `_plano` conserva el largo: cada texto es un tramo del plano unido.
    plano = _plano("\x00".join(textos))
    desde = np.cumsum([0] + [len(t) + 1 for t in textos[:-1]])
    todos = _repartir(_hashes_del_plano(plano), desde)
    return [
        HashesTexto(*hashes_y_terminos(palabras(t)))
        if _tiene_union_rara(plano[d : d + len(t)])
        else h
        for t, d, h in zip(textos, desde.tolist(), todos, strict=True)
    ]


def _hashes_del_plano(plano: str) -> tuple[npt.NDArray[np.int64], HashesTexto]:
    """Inicio de cada palabra del texto plano y sus hashes."""
    codigos = np.frombuffer(plano.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    inicios, largos, clases = _rachas(codigos)
    hashes, lemas = _polinomios(codigos, inicios, clases)
    digito = clases[inicios] == 2
    todo = HashesTexto(
        hashes, np.where(digito, hashes, lemas), digito | (largos >= LARGO_MINIMO_TERMINO)
    )
    _corregir_especiales(plano, codigos, inicios, largos, todo)
    return inicios, todo


def _repartir(
    unido: tuple[npt.NDArray[np.int64], HashesTexto], desde: npt.NDArray[np.int64]
) -> list[HashesTexto]:
    """Las palabras del texto unido, por texto (según el carácter donde empieza cada uno)."""
    inicios, todo = unido
    cortes = np.searchsorted(inicios, desde[1:])
    partes = (np.split(a, cortes) for a in (todo.palabras, todo.lemas, todo.terminos))
    return [HashesTexto(h, lm, t) for h, lm, t in zip(*partes, strict=True)]


def _tiene_union_rara(plano: str) -> bool:
    """Hay un corte de renglón, guion suave o apóstrofo justo después de una letra."""
    # Antes de la expresión regular (lenta, carácter por carácter en Python) una búsqueda en C.
    if not any(c in plano for c in _CARACTERES_DE_UNION):
        return False
    return any(m.start() and _clase(plano[m.start() - 1]) == 1 for m in _UNION_RARA.finditer(plano))


def _clases_de(codigos: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
    """Clase de cada carácter (tabla del plano básico; los demás, uno por uno)."""
    clases = _CLASES[np.minimum(codigos, 0xFFFF)]
    for k in np.flatnonzero(codigos > 0xFFFF):
        clases[k] = _clase(chr(int(codigos[k])))
    return clases


def _rachas(
    codigos: npt.NDArray[np.uint32],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """Inicio y largo de cada palabra (rachas de letras o de dígitos) y clase de cada carácter."""
    clases = _clases_de(codigos)
    # Un punto o una coma entre dos dígitos es parte de la cifra ("3.5", "1,200").
    medio = codigos[1:-1]
    separador = (medio == _PUNTO) | (medio == _COMA)
    clases[1:-1][separador & (clases[:-2] == 2) & (clases[2:] == 2)] = 2
    cambio = np.flatnonzero(np.diff(clases, prepend=np.uint8(255)))
    fines = np.append(cambio[1:], len(clases))
    palabra = clases[cambio] != 0
    inicios = cambio[palabra]
    return inicios, fines[palabra] - inicios, clases


def _polinomios(
    codigos: npt.NDArray[np.uint32], inicios: npt.NDArray[np.int64], clases: npt.NDArray[np.uint8]
) -> tuple[ArregloU64, ArregloU64]:
    """Hash de cada palabra (primeros LARGO_HASH códigos) y de su prefijo de LARGO_LEMA."""
    if not len(inicios):
        vacio = np.zeros(0, dtype=np.uint64)
        return vacio, vacio
    # Desfase de cada carácter dentro de su palabra; fuera de palabra el sumando es cero y así
    # cada tramo de `reduceat` (de un inicio de palabra al siguiente) suma sólo su palabra.
    marca = np.zeros(len(codigos), dtype=np.int64)
    marca[inicios] = inicios
    desfase = np.arange(len(codigos)) - np.maximum.accumulate(marca)
    with np.errstate(over="ignore"):
        sumandos = codigos.astype(np.uint64) * _POTENCIAS[np.minimum(desfase, LARGO_HASH - 1)]
        sumandos[(clases == 0) | (desfase >= LARGO_HASH)] = 0
        completos = np.add.reduceat(sumandos, inicios)
        sumandos[desfase >= LARGO_LEMA] = 0
        prefijos = np.add.reduceat(sumandos, inicios)
    return _mezclar(completos), _mezclar(prefijos)


def _corregir_especiales(
    plano: str,
    codigos: npt.NDArray[np.uint32],
    inicios: npt.NDArray[np.int64],
    largos: npt.NDArray[np.int64],
    resultado: HashesTexto,
) -> None:
    """Recalcula, con las cadenas, las palabras que `palabras` normaliza (cifras, no ASCII)."""
    raro = (codigos > 127) | (codigos == _PUNTO) | (codigos == _COMA)
    acumulado = np.concatenate([[0], np.cumsum(raro)])
    especiales = np.flatnonzero(acumulado[inicios + largos] > acumulado[inicios])
    if not len(especiales):
        return
    crudas = [plano[inicios[k] : inicios[k] + largos[k]] for k in especiales]
    normales = [p if p.isascii() and p.isalpha() else _normal_de(p) for p in crudas]
    hashes, lemas, son = hashes_y_terminos(normales)
    resultado.palabras[especiales] = hashes
    resultado.lemas[especiales] = lemas
    resultado.terminos[especiales] = son
