"""Páginas impresas a columnas: orden de lectura y separación en notas.

Un periódico se compone en varias columnas y cada página trae varias notas. Leer la capa de
texto renglón por renglón de lado a lado (lo que hace `extract_text` de pdfplumber) mezcla las
columnas. Aquí se trabaja con las palabras y su caja:
1. Orden de lectura por cortes XY recursivos (Nagy y Seth, 1984): la región se parte por la
   franja horizontal en blanco más ancha que cruce toda la región (bandas); si no hay, por el
   corredor vertical en blanco más ancho (columnas); si tampoco, por una franja estrecha donde
   cambia el tamaño de letra (la cabeza a varias columnas sobre su cuerpo); si no hay ninguno,
   es un bloque y se lee renglón por renglón.
2. Notas: una cabeza es un renglón de letra claramente mayor que la del cuerpo; cada cabeza abre
   una nota que sigue hasta la próxima cabeza. Un tramo con muy poco cuerpo (el cabezal del
   diario, un «pasa a la página 5») se une a la nota vecina.

Sirve igual para la capa de texto de un PDF (pdfplumber, sólo aquí) y para las palabras del OCR
(tamaño = alto de la palabra en píxeles).
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pdfplumber

from rastreadores.cabezas import letras, titulo_de

# Franja horizontal en blanco que separa bandas, en múltiplos del tamaño de letra mediano: el
# interlineado normal deja ~0.2-0.3 y un punto y aparte sin sangría ~0.5; entre una nota y la
# siguiente los diarios dejan al menos un renglón. Calibrado con la edición de la demo (8.5 pt,
# 4 mm entre notas) y la foto de prueba a tres columnas.
HUECO_BANDA = 0.8
# Entre una cabeza a varias columnas y su cuerpo el blanco es estrecho (lo que el interlineado);
# ahí basta una franja de esta fracción del tamaño mediano si la letra cambia de un lado al otro.
HUECO_CAMBIO_DE_LETRA = 0.25
# Corredor vertical entre columnas, en múltiplos del tamaño mediano: el medianil de un diario
# mide 3-5 mm (≥ 1.0 con letra de 8-10 pt) y el espacio entre palabras 0.25-0.5.
HUECO_COLUMNA = 1.0
# Un renglón es cabeza si su letra es al menos este múltiplo de la del cuerpo (cabezas de diario:
# 1.4-3 veces el cuerpo; negritas del mismo tamaño no cuentan).
PROPORCION_CABEZA = 1.25
# Renglones de cabeza seguidos pertenecen a la misma cabeza si su tamaño difiere menos de esto
# (el cabezal del diario de 20 pt y la cabeza de 15 pt que le sigue son dos cosas; el x_size
# del OCR varía < 5 % entre renglones de una misma cabeza en la foto de prueba).
TOLERANCIA_CABEZA = 0.15
# Letras mínimas del cuerpo para que un tramo sea una nota (≈ 25 palabras: un breve de diario
# tiene más; el cabezal, la línea de fecha o un «pasa a la página 5», menos).
MINIMO_LETRAS_CUERPO = 120
# Dos palabras están en el mismo renglón si sus centros verticales distan menos de esta fracción
# de su alto.
MISMO_RENGLON = 0.5
_GUION_FINAL = re.compile(r"(?<=[^\W\d_])-$")


@dataclass(frozen=True)
class Palabra:
    """Una palabra con su caja (origen arriba a la izquierda) y su tamaño de letra."""

    texto: str
    x0: float
    top: float
    x1: float
    bottom: float
    tamano: float


@dataclass(frozen=True)
class Renglon:
    """Un renglón de un bloque, con el tamaño de su letra más grande."""

    texto: str
    tamano: float


@dataclass(frozen=True)
class NotaImpresa:
    """Una nota de la página: su cabeza (si se reconoció) y su texto completo."""

    titulo: str | None
    texto: str


@dataclass
class _Tramo:
    """Renglones de una nota en construcción: lo que vino antes de la cabeza, cabeza y cuerpo."""

    previo: list[Renglon] = field(default_factory=list)
    cabeza: list[Renglon] = field(default_factory=list)
    cuerpo: list[Renglon] = field(default_factory=list)

    def renglones(self) -> list[Renglon]:
        """Todos los renglones en orden."""
        return [*self.previo, *self.cabeza, *self.cuerpo]

    def letras_cuerpo(self) -> int:
        """Letras del cuerpo (de todo el tramo si no tiene cabeza)."""
        return sum(letras(r.texto) for r in (self.cuerpo if self.cabeza else self.previo))


# --- Orden de lectura --------------------------------------------------------------------------


def _huecos(intervalos: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Tramos en blanco (inicio, fin) entre intervalos proyectados sobre un eje."""
    huecos: list[tuple[float, float]] = []
    fin: float | None = None
    for inicio, final in sorted(intervalos):
        if fin is not None and inicio > fin:
            huecos.append((fin, inicio))
        fin = final if fin is None else max(fin, final)
    return huecos


def _mayor_hueco(intervalos: Iterable[tuple[float, float]], minimo: float) -> float | None:
    """Punto medio del hueco más ancho si mide al menos `minimo`, o None."""
    huecos = [h for h in _huecos(intervalos) if h[1] - h[0] >= minimo]
    if not huecos:
        return None
    inicio, fin = max(huecos, key=lambda h: h[1] - h[0])
    return (inicio + fin) / 2


def _bloques(palabras: list[Palabra]) -> list[list[Palabra]]:
    """Bloques en orden de lectura por cortes XY (bandas primero, luego columnas)."""
    pendientes, bloques = [palabras], []
    while pendientes:
        region = pendientes.pop(0)
        # Umbrales con la letra de la propia región: en una cabeza de 15 pt el espacio entre
        # palabras ya mide lo que el medianil entre columnas de cuerpo de 8 pt.
        tamano = statistics.median(p.tamano for p in region)
        corte_y = _mayor_hueco(((p.top, p.bottom) for p in region), HUECO_BANDA * tamano)
        if corte_y is not None:
            arriba = [p for p in region if p.bottom <= corte_y]
            pendientes[:0] = [arriba, [p for p in region if p.bottom > corte_y]]
            continue
        corte_x = _mayor_hueco(((p.x0, p.x1) for p in region), HUECO_COLUMNA * tamano)
        if corte_x is not None:
            izquierda = [p for p in region if p.x1 <= corte_x]
            pendientes[:0] = [izquierda, [p for p in region if p.x1 > corte_x]]
            continue
        corte_y = _cambio_de_letra(region, tamano)
        if corte_y is not None:
            arriba = [p for p in region if p.bottom <= corte_y]
            pendientes[:0] = [arriba, [p for p in region if p.bottom > corte_y]]
            continue
        bloques.append(region)
    return bloques


def _cambio_de_letra(region: list[Palabra], tamano: float) -> float | None:
    """Franja estrecha donde cambia el tamaño de letra (cabeza a lo ancho sobre sus columnas)."""
    cortes = []
    for inicio, fin in _huecos((p.top, p.bottom) for p in region):
        if fin - inicio < HUECO_CAMBIO_DE_LETRA * tamano:
            continue
        arriba = statistics.median(p.tamano for p in region if p.bottom <= inicio)
        abajo = statistics.median(p.tamano for p in region if p.top >= fin)
        if max(arriba, abajo) >= PROPORCION_CABEZA * min(arriba, abajo):
            cortes.append((fin - inicio, (inicio + fin) / 2))
    return max(cortes)[1] if cortes else None


def _renglones_de_bloque(bloque: list[Palabra]) -> list[Renglon]:
    """Renglones de un bloque: palabras agrupadas por altura y ordenadas de izquierda a derecha."""
    grupos: list[list[Palabra]] = []
    for palabra in sorted(bloque, key=lambda p: (p.top, p.x0)):
        centro = (palabra.top + palabra.bottom) / 2
        actual = grupos[-1] if grupos else None
        if actual and abs(centro - _centro(actual)) < MISMO_RENGLON * _alto(actual):
            actual.append(palabra)
        else:
            grupos.append([palabra])
    return [
        Renglon(" ".join(p.texto for p in sorted(g, key=lambda p: p.x0)), max(p.tamano for p in g))
        for g in grupos
    ]


def _centro(grupo: list[Palabra]) -> float:
    """Centro vertical medio de un grupo de palabras."""
    return sum((p.top + p.bottom) / 2 for p in grupo) / len(grupo)


def _alto(grupo: list[Palabra]) -> float:
    """Alto mediano de las palabras de un grupo."""
    return statistics.median(p.bottom - p.top for p in grupo)


def orden_de_lectura(palabras: Sequence[Palabra]) -> list[Renglon]:
    """Renglones de la página en orden de lectura (columna por columna)."""
    utiles = [p for p in palabras if p.texto.strip() and p.bottom > p.top]
    if not utiles:
        return []
    return [r for b in _bloques(utiles) for r in _renglones_de_bloque(b)]


# --- Notas -------------------------------------------------------------------------------------


def _tamano_cuerpo(renglones: list[Renglon]) -> float:
    """Tamaño de la letra del cuerpo: la mediana ponderada por letras."""
    pesos = sorted((r.tamano, letras(r.texto)) for r in renglones)
    mitad, acumulado = sum(p for _, p in pesos) / 2, 0
    for tamano, peso in pesos:
        acumulado += peso
        if acumulado >= mitad:
            return tamano
    return pesos[-1][0]


def _es_cabeza(renglon: Renglon, cuerpo: float) -> bool:
    """¿Letra claramente mayor que la del cuerpo y con letras?"""
    return renglon.tamano >= PROPORCION_CABEZA * cuerpo and letras(renglon.texto) >= 3


def _tramos(renglones: list[Renglon], cuerpo: float) -> list[_Tramo]:
    """Tramos que abre cada cabeza (y el inicial, antes de la primera)."""
    tramos = [_Tramo()]
    for renglon in renglones:
        actual = tramos[-1]
        if not _es_cabeza(renglon, cuerpo):
            (actual.cuerpo if actual.cabeza else actual.previo).append(renglon)
        elif actual.cabeza and not actual.cuerpo and _parecidos(actual, renglon):
            actual.cabeza.append(renglon)  # cabeza de varios renglones
        else:
            if actual.renglones():
                tramos.append(_Tramo())
            tramos[-1].cabeza.append(renglon)
    return [t for t in tramos if t.renglones()]


def _parecidos(tramo: _Tramo, renglon: Renglon) -> bool:
    """¿El renglón sigue la cabeza del tramo (mismo tamaño de letra)?"""
    anterior = tramo.cabeza[-1].tamano
    return abs(renglon.tamano - anterior) <= TOLERANCIA_CABEZA * anterior


def _unir_breves(tramos: list[_Tramo]) -> list[_Tramo]:
    """Une al siguiente (o, si es el último, al anterior) cada tramo con poco cuerpo."""
    unidos: list[_Tramo] = []
    arrastre: list[Renglon] = []
    for tramo in tramos:
        tramo.previo[:0] = arrastre
        arrastre = []
        if tramo.letras_cuerpo() < MINIMO_LETRAS_CUERPO:
            arrastre = tramo.renglones()
            continue
        unidos.append(tramo)
    if arrastre:
        if unidos:
            unidos[-1].cuerpo.extend(arrastre)
        else:
            unidos.append(_Tramo(previo=arrastre))
    return unidos


def _texto(renglones: list[Renglon]) -> str:
    """Texto de los renglones; une la palabra partida con guion al final del renglón."""
    lineas: list[str] = []
    for renglon in renglones:
        texto = " ".join(renglon.texto.split())
        if lineas and _GUION_FINAL.search(lineas[-1]) and texto[:1].islower():
            lineas[-1] = lineas[-1][:-1] + texto
        else:
            lineas.append(texto)
    return "\n".join(lineas)


def separar_notas(renglones: list[Renglon], numero: int = 1, medio: str = "") -> list[NotaImpresa]:
    """Notas de una página en orden de lectura; sin cabezas reconocibles, una sola."""
    if not renglones:
        return []
    tramos = _unir_breves(_tramos(renglones, _tamano_cuerpo(renglones)))
    notas = []
    for tramo in tramos:
        texto = _texto(tramo.renglones())
        cabeza = " ".join(r.texto for r in tramo.cabeza) if tramo.cabeza else None
        notas.append(NotaImpresa(cabeza or titulo_de(texto, numero, medio=medio), texto))
    return notas


# --- Capa de texto de un PDF -------------------------------------------------------------------


def palabras_de_pdf(contenido: bytes, maximo: int | None = None) -> list[list[Palabra]]:
    """Palabras de cada página de un PDF (lista vacía si no tiene texto); ValueError si no abre."""
    try:
        with pdfplumber.open(io.BytesIO(contenido)) as documento:
            return [_palabras_de_pagina(p) for p in documento.pages[:maximo]]
    except Exception as exc:  # pdfminer lanza decenas de clases distintas ante PDFs dañados
        raise ValueError(f"no se pudo leer el PDF: {type(exc).__name__}") from exc


def _palabras_de_pagina(pagina: object) -> list[Palabra]:
    """Palabras de una página de pdfplumber con su tamaño de letra."""
    crudas = pagina.extract_words(extra_attrs=["size"])  # type: ignore[attr-defined]
    return [
        Palabra(str(w["text"]), w["x0"], w["top"], w["x1"], w["bottom"], float(w["size"]))
        for w in crudas
    ]


def texto_de_pagina(notas: Sequence[NotaImpresa]) -> str:
    """Texto de la página completa en orden de lectura: sus notas separadas por un renglón."""
    return "\n\n".join(n.texto for n in notas)
