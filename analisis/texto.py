"""Normalización y tokenización independientes del idioma, con posiciones en el texto original."""

from __future__ import annotations

import re
import unicodedata
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


def _plano(texto: str) -> str:
    """Minúsculas sin acentos del mismo largo que el original (para conservar posiciones)."""
    plano = texto.lower().translate(_TABLA_SIN_ACENTOS)
    if len(plano) == len(texto):
        return plano
    return "".join(c.lower()[:1] or c for c in texto).translate(_TABLA_SIN_ACENTOS)


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


def tokenizar(texto: str) -> Tokens:
    """Tokeniza el texto original y normaliza cada palabra (minúsculas, sin acentos)."""
    palabras: list[str] = []
    inicios: list[int] = []
    fines: list[int] = []
    for m in _PALABRA.finditer(_plano(texto)):
        palabra = m.group()
        if not palabra.isascii():
            palabra = sin_acentos(_CORTE_RENGLON.sub("", palabra)).replace("’", "'")
        elif "\n" in palabra:
            palabra = _CORTE_RENGLON.sub("", palabra)
        palabras.append(normalizar_cifra(palabra) if palabra[:1].isdigit() else palabra)
        inicios.append(m.start())
        fines.append(m.end())
    return Tokens(tuple(palabras), tuple(inicios), tuple(fines))


def hashes_palabras(palabras: tuple[str, ...] | list[str]) -> ArregloU64:
    """Hash de 64 bits de cada palabra (estable dentro del proceso)."""
    return np.fromiter((hash(p) for p in palabras), dtype=np.int64, count=len(palabras)).view(
        np.uint64
    )


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


def terminos(palabras: tuple[str, ...] | list[str]) -> list[str]:
    """Términos para TF-IDF: lemas de palabras de contenido y números."""
    return [lema(p) for p in palabras if len(p) >= LARGO_MINIMO_TERMINO or (p[:1].isdigit() and p)]


def _es_nombre(palabra: str) -> bool:
    """Palabra que puede ser parte de un nombre propio: empieza con mayúscula o es una sigla."""
    return palabra[:1].isupper()


def _normal(palabras: list[str]) -> str:
    """Entidad normalizada: minúsculas y sin acentos, palabras separadas por un espacio."""
    return sin_acentos(" ".join(palabras).casefold())


def especificos(texto: str) -> set[str]:
    """Nombres propios (rachas de palabras con mayúscula) y cifras, normalizados.

    "la presidenta Rosa Elena Martínez" da "rosa elena martinez"; una sola palabra con mayúscula al
    abrir oración no cuenta (es sólo el inicio de la oración); las cifras cuentan cada una.
    """
    resultado: set[str] = set()
    racha: list[str] = []
    inicial = False
    fin_anterior = 0
    for m in _PALABRA.finditer(texto):
        palabra = m.group()
        corte = fin_anterior == 0 or bool(_CIERRE.search(texto, fin_anterior, m.start()))
        separada = bool(texto[fin_anterior : m.start()].strip())
        fin_anterior = m.end()
        if racha and (separada or not _es_nombre(palabra)):
            _cerrar(racha, inicial, resultado)
            racha = []
        if palabra[:1].isdigit():
            resultado.add(normalizar_cifra(palabra))
        elif _es_nombre(palabra):
            inicial = inicial if racha else corte
            racha.append(palabra)
    _cerrar(racha, inicial, resultado)
    return resultado


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
