"""Genera el corpus de desarrollo para evaluar el emparejamiento nota ↔ boletín.

Uso: ``.venv/bin/python tests/datos/emparejamiento/generar.py``

Lee las piezas escritas a mano (``piezas_*.txt``: boletines, reescrituras, negativos y párrafos
de contexto) y escribe ``boletines.jsonl``, ``notas.jsonl``, ``verdad.csv`` y ``tipos.csv``.
Es determinista (semilla fija): correrlo dos veces produce los mismos archivos. Las etiquetas de
nivel se asignan midiendo la contención real de 5-gramas (ver LEEME.md), no sólo por cómo se
construyó cada nota.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

DIRECTORIO = Path(__file__).resolve().parent
SEMILLA = 20260226

# Umbrales de nivel sobre la contención de 5-gramas del boletín en la nota (LEEME.md).
# integra: se reproduce ≥ ~80 % del cuerpo; parcial: al menos un quinto literal; por debajo sólo
# puede ser reescritura. Se fijaron antes de generar y se revisaron con la distribución medida:
# las copias íntegras miden 0.80–1.0 (mediana 0.98), las parciales 0.23–0.79 y las reescrituras
# ≤ 0.10, lejos de ambos cortes salvo los casos frontera buscados (copias truncadas, OCR).
UMBRAL_INTEGRA = 0.8
UMBRAL_PARCIAL = 0.2
# Ningún par (nota, boletín) sin retoma puede pasar de aquí: si pasa, hay una pieza mal escrita.
UMBRAL_NEGATIVO = 0.1
# Objetivo de contención al armar copias parciales (entradilla + algunos párrafos).
PARCIAL_MIN, PARCIAL_MAX = 0.22, 0.68

MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]

MEDIOS: dict[str, dict[str, list[str]]] = {
    "S.L.P.": {
        "impresos": [
            "El Heraldo de la Sierra Huasteca",
            "Diario del Moctezuma",
            "El Mañanero de Valles",
        ],
        "digitales": [
            "Enlace Huasteco",
            "NotiSierra Potosina",
            "Tének Digital",
            "Xantolo Noticias",
        ],
        "radio": ["Radio Tének 105.3", "Valle Radio 1280 AM"],
    },
    "Pue.": {
        "impresos": ["El Centinela Serrano"],
        "digitales": ["Crónica de Tlaxcalpan", "Sierra Norte en Línea"],
        "radio": ["Tlaxcalpan Radio 89.3"],
    },
    "Ver.": {
        "impresos": ["La Voz de la Ribera"],
        "digitales": ["Notirío", "Golfo Informa"],
        "radio": ["Ribera Estéreo 101.7"],
    },
    "Hgo.": {
        "impresos": ["El Observador del Valle"],
        "digitales": ["Tepexco Informa", "Valle Digital Hidalgo"],
        "radio": ["Sierra FM 94.1"],
    },
    "Zac.": {
        "impresos": ["La Gaceta del Altiplano"],
        "digitales": ["Ojo Informativo", "Termal Noticias"],
        "radio": ["Altiplano FM 99.9"],
    },
}
MEDIOS_NACIONALES = ["Agencia Mexicana de Noticias Regionales", "Portal 360 Nacional"]

PIES = [
    "Con información del Ayuntamiento de {municipio}.",
    "Con información de Comunicación Social.",
    "Fuente: Ayuntamiento de {municipio}.",
    "Con información de boletín oficial.",
]
FIRMAS = ["Redacción", "Staff", "Redacción {medio}", "Por la redacción", "Agencias"]
# Cambios menores que hace un editor al copiar un boletín.
RETOQUES = [
    ("presidenta municipal", "alcaldesa"),
    ("presidente municipal", "alcalde"),
    (" por ciento", "%"),
    ("el Ayuntamiento", "el gobierno municipal"),
    ("Se recomienda", "Las autoridades recomiendan"),
]
# Proporción de palabras con error de OCR en las páginas fotografiadas: baja a propósito para que
# una copia íntegra siga midiendo ≥ UMBRAL_INTEGRA (cada error rompe hasta cinco 5-gramas).
TASA_OCR = 0.01
SIN_ACENTOS = str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU")
RELLENO_PAGINA = ["PUBLICIDAD", "Pasa a la página 9", "ESQUELAS", "Sigue en la 4-B"]


@dataclass
class Pieza:
    """Un texto escrito a mano: boletín, reescritura, negativo o contexto."""

    clave: str
    meta: dict[str, str]
    parrafos: list[str]

    @property
    def titulo(self) -> str:
        """Titular de la pieza."""
        return self.meta.get("titulo", "")

    @property
    def texto(self) -> str:
        """Cuerpo con párrafos separados por una línea en blanco."""
        return "\n\n".join(self.parrafos)

    @property
    def fecha(self) -> datetime:
        """Fecha de emisión (sólo boletines)."""
        return datetime.fromisoformat(self.meta["fecha"])


@dataclass
class Nota:
    """Una nota generada, con su verdad (boletín → cómo se construyó)."""

    titulo: str
    parrafos: list[str]
    fecha: datetime
    medio: str
    tipo: str
    construccion: dict[str, str] = field(default_factory=dict)

    @property
    def texto(self) -> str:
        """Cuerpo de la nota."""
        return "\n\n".join(self.parrafos)


# --- medición -------------------------------------------------------------------------------


def ngramas(texto: str, n: int = 5) -> set[tuple[str, ...]]:
    """Conjunto de n-gramas de palabras en minúsculas."""
    palabras = re.findall(r"\w+", texto.lower())
    return {tuple(palabras[i : i + n]) for i in range(len(palabras) - n + 1)}


def contencion(boletin: str, nota: str) -> float:
    """Proporción de 5-gramas del boletín que aparecen en la nota."""
    g_boletin = ngramas(boletin)
    return len(g_boletin & ngramas(nota)) / len(g_boletin) if g_boletin else 0.0


def nivel_medido(construccion: str, c: float) -> str:
    """Nivel honesto según la contención medida; una reescritura muy literal no es 'reescrita'."""
    if c >= UMBRAL_INTEGRA:
        return "integra"
    if c >= UMBRAL_PARCIAL:
        return "parcial"
    if construccion != "reescritura":
        raise ValueError(f"copia literal con contención {c:.2f}: revisa la construcción")
    return "reescrita"


# --- lectura de piezas ----------------------------------------------------------------------


def leer_piezas(patron: str) -> list[Pieza]:
    """Lee todas las piezas de los archivos que casan con el patrón, en orden."""
    piezas: list[Pieza] = []
    for ruta in sorted(DIRECTORIO.glob(patron)):
        for bloque in ruta.read_text(encoding="utf-8").split("### ")[1:]:
            piezas.append(_pieza(bloque))
    return piezas


def _pieza(bloque: str) -> Pieza:
    """Convierte un bloque '### clave' + encabezados 'k: v' + párrafos en una pieza."""
    primera, _, resto = bloque.partition("\n")
    partes = [p.strip() for p in resto.strip().split("\n\n") if p.strip()]
    meta: dict[str, str] = {}
    if partes and all(re.match(r"^[a-z]+: ", linea) for linea in partes[0].splitlines()):
        for linea in partes.pop(0).splitlines():
            clave, _, valor = linea.partition(": ")
            meta[clave] = valor.strip()
    return Pieza(primera.strip(), meta, [" ".join(p.split()) for p in partes])


def contexto_por_area(piezas: list[Pieza]) -> dict[str, list[str]]:
    """Párrafos de contexto del reportero agrupados por área."""
    return {p.clave: p.parrafos for p in piezas}


# --- utilidades de redacción ----------------------------------------------------------------


def fecha_larga(fecha: datetime) -> str:
    """'3 de marzo de 2026'."""
    return f"{fecha.day} de {MESES[fecha.month - 1]} de {fecha.year}"


def es_encabezado(parrafo: str) -> bool:
    """Encabezados y pies de oficina ('Boletín informativo', 'Comunicado 014', firma)."""
    marcas = ("Boletín informativo", "Comunicado 0", "Comunicación Social)", "Corte informativo")
    return len(parrafo.split()) < 15 and any(m in parrafo for m in marcas)


def sin_data(parrafo: str) -> str:
    """Quita el lugar y fecha inicial ('Xilitla, S.L.P.– ') que los medios suelen cambiar."""
    return re.sub(r"^[^\n]{0,60}?\.–\s+", "", parrafo, count=1)


def cuerpo(boletin: Pieza) -> list[str]:
    """Párrafos sustantivos del boletín, sin encabezados ni data; 'Requisitos:' va con su lista."""
    parrafos: list[str] = []
    for parrafo in (p for p in boletin.parrafos if not es_encabezado(p)):
        if parrafos and parrafos[-1].endswith(":"):
            parrafos[-1] += "\n" + parrafo
        else:
            parrafos.append(parrafo)
    return [sin_data(parrafos[0]), *parrafos[1:]]


def medio_de(rng: random.Random, estado: str, clase: str = "") -> str:
    """Un medio de la región: de la clase pedida (impresos, radio) o cualquier impreso o digital."""
    grupo = MEDIOS[estado]
    return rng.choice(grupo[clase] if clase else grupo["impresos"] + grupo["digitales"])


def firma(rng: random.Random, medio: str) -> str:
    """Línea de firma del medio."""
    return rng.choice(FIRMAS).format(medio=medio)


def retocar(rng: random.Random, parrafos: list[str]) -> list[str]:
    """Aplica uno o dos cambios menores de editor (sinónimos, cifras con %)."""
    texto = "\n\n".join(parrafos)
    for viejo, nuevo in rng.sample(RETOQUES, 2):
        texto = texto.replace(viejo, nuevo, 1)
    return texto.split("\n\n")


def despues(rng: random.Random, fecha: datetime, max_horas: int) -> datetime:
    """Una fecha entre 40 minutos y max_horas después."""
    return fecha + timedelta(minutes=rng.randint(40, max_horas * 60))


# --- construcción de notas con retoma ------------------------------------------------------


@dataclass
class Corpus:
    """Piezas de partida y estado del generador."""

    boletines: list[Pieza]
    reescrituras: dict[str, list[Pieza]]
    negativos: list[Pieza]
    contexto: dict[str, list[str]]
    rng: random.Random

    def boletin(self, clave: str) -> Pieza:
        """Boletín por id."""
        return next(b for b in self.boletines if b.clave == clave)

    def contexto_de(self, boletin: Pieza, k: int, fondo: str = "") -> list[str]:
        """k párrafos de contexto propio del reportero (del área del boletín o del fondo dado)."""
        elegidos = self.rng.sample(self.contexto[fondo or boletin.meta["area"]], k)
        return [p.format(municipio=boletin.meta["municipio"]) for p in elegidos]


def titulo_de_copia(corpus: Corpus, boletin: Pieza) -> str:
    """Titular de una copia: el del boletín, con el municipio delante o uno nuevo del reportero."""
    opciones = [
        boletin.titulo,
        f"{boletin.meta['municipio']}: {boletin.titulo}",
        corpus.reescrituras[boletin.clave][0].titulo,
    ]
    return corpus.rng.choice(opciones)


def copia_integra(corpus: Corpus, boletin: Pieza, completa: bool = False) -> Nota:
    """Copia del boletín con cambios menores: titular, firma, data, pie, algún sinónimo."""
    rng = corpus.rng
    medio = medio_de(rng, boletin.meta["estado"])
    parrafos = cuerpo(boletin) if rng.random() < 0.6 else list(boletin.parrafos)
    if rng.random() < 0.5:
        parrafos = retocar(rng, parrafos)
    if not completa and rng.random() < 0.2:
        parrafos.pop()  # "Leer más": el portal corta el último párrafo
    if rng.random() < 0.5:
        parrafos.insert(0, firma(rng, medio))
    if rng.random() < 0.6:
        parrafos.append(rng.choice(PIES).format(municipio=boletin.meta["municipio"]))
    fecha = despues(rng, boletin.fecha, 30)
    return Nota(titulo_de_copia(corpus, boletin), parrafos, fecha, medio, "copia_integra",
                {boletin.clave: "literal"})  # fmt: skip


def parrafos_parciales(corpus: Corpus, boletin: Pieza) -> list[str]:
    """Entradilla más los párrafos necesarios para una contención entre PARCIAL_MIN y _MAX."""
    parrafos = cuerpo(boletin)
    meta = corpus.rng.uniform(PARCIAL_MIN, PARCIAL_MAX)
    elegidos = [0]

    def medida() -> float:
        return contencion(boletin.texto, "\n\n".join(parrafos[i] for i in sorted(elegidos)))

    for i in corpus.rng.sample(range(1, len(parrafos)), len(parrafos) - 1):
        if medida() >= meta:
            break
        elegidos.append(i)
    while len(elegidos) > 1 and medida() > PARCIAL_MAX:
        elegidos.pop()
    return [parrafos[i] for i in sorted(elegidos)]


def copia_parcial(corpus: Corpus, boletin: Pieza) -> Nota:
    """Entradilla y algunos párrafos literales con contexto propio del reportero."""
    rng = corpus.rng
    medio = medio_de(rng, boletin.meta["estado"])
    literal = parrafos_parciales(corpus, boletin)
    propios = corpus.contexto_de(boletin, rng.randint(2, 4))
    if rng.random() < 0.5:
        propios += corpus.contexto_de(boletin, 1, "general")
    if rng.random() < 0.5:
        parrafos = [propios[0], *literal, *propios[1:]]
    else:
        parrafos = [literal[0], *propios[:-1], *literal[1:], propios[-1]]
    fecha = despues(rng, boletin.fecha, 48)
    return Nota(titulo_de_copia(corpus, boletin), parrafos, fecha, medio, "copia_parcial",
                {boletin.clave: "literal"})  # fmt: skip


def reescritura(corpus: Corpus, boletin: Pieza, pieza: Pieza) -> Nota:
    """La paráfrasis escrita a mano (nota, breve o guion de radio), a veces con contexto."""
    rng = corpus.rng
    formato = pieza.meta.get("formato", "nota")
    medio = medio_de(rng, boletin.meta["estado"], "radio" if formato == "radio" else "")
    parrafos = list(pieza.parrafos)
    if formato != "nota":
        return Nota(pieza.titulo, parrafos, despues(rng, boletin.fecha, 24), medio,
                    "reescritura_" + formato, {boletin.clave: "reescritura"})  # fmt: skip
    if rng.random() < 0.4:
        parrafos.append(corpus.contexto_de(boletin, 1)[0])
    if rng.random() < 0.5:
        parrafos.insert(0, firma(rng, medio))
    fecha = despues(rng, boletin.fecha, 72)
    return Nota(pieza.titulo, parrafos, fecha, medio, "reescritura",
                {boletin.clave: "reescritura"})  # fmt: skip


def seccion(corpus: Corpus, boletin: Pieza, modo: str) -> list[str]:
    """Fragmento de una columna sobre un boletín: literal o con otras palabras."""
    if modo == "literal":
        return parrafos_parciales(corpus, boletin)
    return corpus.reescrituras[boletin.clave][0].parrafos[:2]


def columna(corpus: Corpus, a: Pieza, b: Pieza) -> Nota:
    """Columna o resumen semanal que retoma DOS boletines."""
    rng = corpus.rng
    modos = rng.choice([("literal", "reescritura"), ("reescritura", "literal"),
                        ("literal", "literal"), ("reescritura", "reescritura")])  # fmt: skip
    parrafos = [rng.choice(corpus.contexto["columna"])]
    for boletin, modo in zip((a, b), modos, strict=True):
        parrafos.append(f"{boletin.meta['municipio'].upper()}. {boletin.titulo}.")
        parrafos.extend(seccion(corpus, boletin, modo))
    fecha = despues(rng, max(a.fecha, b.fecha), 72)
    titulo = rng.choice(["Agenda municipal", "La semana en los municipios", "Palacio adentro"])
    construccion = {a.clave: modos[0], b.clave: modos[1]}
    return Nota(titulo, parrafos, fecha, medio_de(rng, a.meta["estado"]), "dos_boletines",
                construccion)  # fmt: skip


def ruido_ocr(rng: random.Random, parrafo: str) -> str:
    """Errores típicos de OCR en ~1 % de las palabras: acentos perdidos, 'rn'→'m', guiones."""
    palabras = parrafo.split(" ")
    for i, palabra in enumerate(palabras):
        if len(palabra) > 6 and rng.random() < TASA_OCR:
            mitad = len(palabra) // 2
            opciones = [
                palabra.translate(SIN_ACENTOS),
                palabra.replace("rn", "m").replace("l", "1", 1),
                f"{palabra[:mitad]}- {palabra[mitad:]}",
            ]
            palabras[i] = rng.choice(opciones)
    return " ".join(palabras)


def bloque_negativo(negativo: Pieza) -> list[str]:
    """Un negativo como bloque de página impresa."""
    return [negativo.titulo.upper(), *negativo.parrafos]


def pagina(corpus: Corpus, principal: Nota, negativos: list[Pieza], estado: str) -> Nota:
    """Página impresa con varias notas; a lo sumo una retoma un boletín."""
    rng = corpus.rng
    medio = medio_de(rng, estado, "impresos")
    bloques = [bloque_negativo(n) for n in negativos]
    if principal.parrafos:
        bloques.insert(
            rng.randint(0, len(bloques)), [principal.titulo.upper(), *principal.parrafos]
        )
    numero = rng.randint(2, 14)
    encabezado = f"{medio.upper()} · REGIÓN · PÁGINA {numero} · {fecha_larga(principal.fecha)}"
    parrafos = [encabezado] + [p for b in bloques for p in b] + [rng.choice(RELLENO_PAGINA)]
    if rng.random() < 0.5:  # página fotografiada y pasada por OCR
        parrafos = [ruido_ocr(rng, p) for p in parrafos]
    tipo = "pagina_impresa" if principal.construccion else "neg_pagina"
    return Nota(f"Página {numero}, sección Región", parrafos, principal.fecha, medio, tipo,
                dict(principal.construccion))  # fmt: skip


# --- negativos -----------------------------------------------------------------------------


def fecha_negativo(corpus: Corpus, negativo: Pieza) -> datetime:
    """Fecha base de un negativo: la de su boletín de referencia más 'dias'."""
    return corpus.boletin(negativo.meta["ref"]).fecha + timedelta(days=int(negativo.meta["dias"]))


def negativos_cercanos(corpus: Corpus, fecha: datetime, estado: str, k: int) -> list[Pieza]:
    """k negativos de los 10 días previos, de la misma región o nacionales si se puede."""

    def cerca(n: Pieza) -> bool:
        return timedelta(days=-10) <= fecha_negativo(corpus, n) - fecha <= timedelta(days=1)

    def region(n: Pieza) -> bool:
        return (
            n.meta["tipo"] == "nacional" or corpus.boletin(n.meta["ref"]).meta["estado"] == estado
        )

    mejores = [n for n in corpus.negativos if cerca(n) and region(n)]
    otros = [n for n in corpus.negativos if cerca(n) and not region(n)]
    elegidos = corpus.rng.sample(mejores, min(k, len(mejores)))
    return elegidos + corpus.rng.sample(otros, min(k - len(elegidos), len(otros)))


def nota_negativa(corpus: Corpus, negativo: Pieza, replica: int) -> Nota:
    """Un negativo escrito a mano publicado por un medio (las réplicas cambian titular y firma)."""
    rng = corpus.rng
    ref = corpus.boletin(negativo.meta["ref"])
    estado = ref.meta["estado"]
    nacional = negativo.meta["tipo"] == "nacional"
    medio = rng.choice(MEDIOS_NACIONALES) if nacional and replica == 0 else medio_de(rng, estado)
    fecha = fecha_negativo(corpus, negativo) + timedelta(
        minutes=rng.randint(-300, 600) + replica * 97
    )
    parrafos = list(negativo.parrafos)
    titulo = (
        negativo.titulo
        if replica == 0
        else rng.choice(["Región | ", "Local: ", ""]) + negativo.titulo
    )
    if replica and rng.random() < 0.6:
        parrafos.insert(0, firma(rng, medio))
    return Nota(titulo, parrafos, fecha, medio, "neg_" + negativo.meta["tipo"])


def columna_negativa(corpus: Corpus, negativos: list[Pieza], fecha: datetime) -> Nota:
    """Columna armada sólo con notas que no vienen de boletines."""
    rng = corpus.rng
    parrafos = [rng.choice(corpus.contexto["columna"])]
    for negativo in negativos:
        parrafos.append(negativo.titulo + ".")
        parrafos.extend(negativo.parrafos[:2])
    ref = corpus.boletin(negativos[0].meta["ref"])
    return Nota("Notas sueltas de la semana", parrafos, fecha, medio_de(rng, ref.meta["estado"]),
                "neg_columna")  # fmt: skip


# --- ensamblado ----------------------------------------------------------------------------


def notas_con_retoma(corpus: Corpus) -> list[Nota]:
    """Copias íntegras, parciales y reescrituras de cada boletín."""
    rng = corpus.rng
    notas: list[Nota] = []
    for boletin in corpus.boletines:
        notas.append(copia_integra(corpus, boletin, completa=True))
        notas += [copia_integra(corpus, boletin) for _ in range(rng.choice([0, 1, 1, 2]))]
        notas += [copia_parcial(corpus, boletin) for _ in range(rng.choice([1, 2, 2, 3]))]
        for pieza in corpus.reescrituras[boletin.clave]:
            veces = rng.choice([1, 1, 2]) if "formato" not in pieza.meta else 1
            notas += [reescritura(corpus, boletin, pieza) for _ in range(veces)]
    return notas


def pares_para_columnas(corpus: Corpus, cuantos: int) -> list[tuple[Pieza, Pieza]]:
    """Pares de boletines de la misma región emitidos con ≤ 14 días de diferencia."""
    candidatos = [
        (a, b)
        for a in corpus.boletines
        for b in corpus.boletines
        if a.clave < b.clave
        and a.meta["estado"] == b.meta["estado"]
        and abs((a.fecha - b.fecha).days) <= 14
    ]
    corpus.rng.shuffle(candidatos)
    usados: set[str] = set()
    pares: list[tuple[Pieza, Pieza]] = []
    for a, b in candidatos:
        if a.clave not in usados and b.clave not in usados and len(pares) < cuantos:
            pares.append((a, b))
            usados |= {a.clave, b.clave}
    return pares


def paginas_con_retoma(corpus: Corpus, cuantas: int) -> list[Nota]:
    """Páginas impresas donde una de las notas retoma un boletín."""
    rng = corpus.rng
    paginas = []
    for boletin in rng.sample(corpus.boletines, cuantas):
        hacer = rng.choice([copia_integra, copia_integra, copia_parcial])
        principal = hacer(corpus, boletin)
        principal.titulo = boletin.titulo
        if principal.parrafos[0] in {f.format(medio=principal.medio) for f in FIRMAS}:
            principal.parrafos.pop(0)
        estado = boletin.meta["estado"]
        negativos = negativos_cercanos(corpus, principal.fecha, estado, rng.randint(2, 3))
        paginas.append(pagina(corpus, principal, negativos, estado))
    return paginas


def notas_sin_retoma(corpus: Corpus, paginas: int, columnas: int) -> list[Nota]:
    """Negativos escritos a mano (con réplicas en otros medios), páginas y columnas sin retoma."""
    rng = corpus.rng
    notas = [
        nota_negativa(corpus, negativo, replica)
        for negativo in corpus.negativos
        for replica in range(rng.choice([2, 2, 3, 3]))
    ]
    for ancla in rng.sample(corpus.negativos, paginas):
        fecha = fecha_negativo(corpus, ancla) + timedelta(hours=rng.randint(12, 30))
        estado = corpus.boletin(ancla.meta["ref"]).meta["estado"]
        elegidos = negativos_cercanos(corpus, fecha, estado, rng.randint(3, 4))
        notas.append(pagina(corpus, Nota("", [], fecha, "", ""), elegidos, estado))
    for ancla in rng.sample(corpus.negativos, columnas):
        fecha = fecha_negativo(corpus, ancla) + timedelta(hours=rng.randint(24, 72))
        estado = corpus.boletin(ancla.meta["ref"]).meta["estado"]
        notas.append(columna_negativa(corpus, negativos_cercanos(corpus, fecha, estado, 3), fecha))
    return notas


def generar() -> tuple[list[Pieza], list[Nota]]:
    """Construye boletines y notas a partir de las piezas escritas a mano."""
    corpus = Corpus(
        boletines=leer_piezas("piezas_boletines_*.txt"),
        reescrituras={},
        negativos=leer_piezas("piezas_negativos_*.txt"),
        contexto=contexto_por_area(leer_piezas("piezas_contexto.txt")),
        rng=random.Random(SEMILLA),
    )
    for pieza in leer_piezas("piezas_reescrituras_*.txt"):
        corpus.reescrituras.setdefault(pieza.clave, []).append(pieza)
    notas = notas_con_retoma(corpus)
    notas += [columna(corpus, a, b) for a, b in pares_para_columnas(corpus, 24)]
    notas += paginas_con_retoma(corpus, 24)
    notas += notas_sin_retoma(corpus, paginas=24, columnas=14)
    corpus.rng.shuffle(notas)
    return corpus.boletines, notas


# --- verificación y escritura --------------------------------------------------------------


def etiquetar(boletines: list[Pieza], notas: list[Nota]) -> list[tuple[int, str, str, float]]:
    """(índice de nota, boletín, nivel, contención) de cada retoma; falla si un negativo copia."""
    g_boletines = {b.clave: ngramas(b.texto) for b in boletines}
    filas = []
    for i, nota in enumerate(notas):
        g_nota = ngramas(nota.texto)
        for clave, g_boletin in g_boletines.items():
            c = len(g_boletin & g_nota) / len(g_boletin)
            if clave in nota.construccion:
                filas.append((i, clave, nivel_medido(nota.construccion[clave], c), c))
            elif c >= UMBRAL_NEGATIVO:
                raise ValueError(f"nota {nota.tipo} {nota.titulo!r} copia {clave}: {c:.2f}")
    return filas


def jsonl(filas: list[dict[str, str]]) -> str:
    """Una línea JSON por fila, UTF-8 sin escapar acentos."""
    return "".join(json.dumps(fila, ensure_ascii=False) + "\n" for fila in filas)


def tabla(encabezado: list[str], filas: list[list[str]]) -> str:
    """CSV con encabezado."""
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(encabezado)
    escritor.writerows(filas)
    return salida.getvalue()


def serializar(boletines: list[Pieza], notas: list[Nota]) -> dict[str, str]:
    """Contenido de cada archivo versionado: boletines, notas, verdad y tipos."""
    ids = [f"N{i + 1:04d}" for i in range(len(notas))]
    filas = etiquetar(boletines, notas)
    return {
        "boletines.jsonl": jsonl([
            {"id": b.clave, "titulo": b.titulo, "texto": b.texto, "fecha": b.meta["fecha"]}
            for b in boletines
        ]),
        "notas.jsonl": jsonl([
            {"id": ids[i], "titulo": n.titulo, "texto": n.texto,
             "fecha": n.fecha.isoformat(timespec="seconds"), "medio": n.medio}
            for i, n in enumerate(notas)
        ]),
        "verdad.csv": tabla(["nota_id", "boletin_id", "nivel"],
                            [[ids[i], b, nivel] for i, b, nivel, _ in filas]),
        "tipos.csv": tabla(["nota_id", "tipo"], [[ids[i], n.tipo] for i, n in enumerate(notas)]),
    }  # fmt: skip


def conteos(archivos: dict[str, str]) -> Counter[str]:
    """Notas por tipo de construcción y retomas por nivel."""
    tipos = csv.DictReader(io.StringIO(archivos["tipos.csv"]))
    verdad = csv.DictReader(io.StringIO(archivos["verdad.csv"]))
    cuenta: Counter[str] = Counter(fila["tipo"] for fila in tipos)
    cuenta.update("nivel:" + fila["nivel"] for fila in verdad)
    return cuenta


def main() -> None:
    """Regenera los archivos versionados e imprime los conteos."""
    archivos = serializar(*generar())
    for nombre, contenido in archivos.items():
        (DIRECTORIO / nombre).write_text(contenido, encoding="utf-8")
    for clave, cuantos in sorted(conteos(archivos).items()):
        print(f"{clave}\t{cuantos}")


if __name__ == "__main__":
    main()
