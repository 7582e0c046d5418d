"""Conjunto de boletines casi iguales (escala estatal) armado con el corpus propio del equipo.

Misma receta que el conjunto oculto del issue 14, con nuestro corpus en español
(`tests/datos/emparejamiento`): cada boletín del corpus es una «historia»; los boletines del
conjunto son copias de las historias con 30 % de sus palabras sustituidas (unas 80 copias por
historia con 5,000 boletines); el 80 % de las notas son reescrituras escritas a mano de una
historia (oraciones revueltas, 10 % de palabras sustituidas) y el 20 % la mitad de un boletín
seguida de texto ajeno (un negativo del corpus). Sin fechas: todos los boletines compiten.

La verdad es por historia: una nota retoma su historia si el emparejador (o la línea base) la
liga con cualquier boletín de esa historia; para las medias copias se cuenta además si se eligió
el boletín exacto del que salió la mitad.
"""

from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from analisis.emparejamiento import Documento

CORPUS = Path(__file__).resolve().parents[1] / "datos" / "emparejamiento"
SEMILLA = 14
P_SUSTITUCION_BOLETIN = 0.30
P_SUSTITUCION_NOTA = 0.10
P_MEDIA_COPIA = 0.20
_TIPOS_REESCRITURA = {"reescritura", "reescritura_breve", "reescritura_radio"}
_ORACION = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class ConjuntoCasiIguales:
    """Boletines, notas y verdad (nota → historia; media copia → boletín exacto)."""

    boletines: list[Documento]
    notas: list[Documento]
    historia_de_boletin: dict[str, str]
    historia_de_nota: dict[str, str]
    boletin_de_media_copia: dict[str, str]


def _leer(nombre: str) -> list[dict[str, str]]:
    """Registros de un JSONL del corpus."""
    with (CORPUS / nombre).open(encoding="utf-8") as archivo:
        return [json.loads(linea) for linea in archivo if linea.strip()]


def _csv(nombre: str) -> list[dict[str, str]]:
    """Filas de un CSV del corpus."""
    with (CORPUS / nombre).open(encoding="utf-8", newline="") as archivo:
        return list(csv.DictReader(archivo))


def _sustituir(texto: str, proporcion: float, vocabulario: list[str], rng: random.Random) -> str:
    """Cambia esa proporción de palabras por otras del vocabulario (conserva la puntuación)."""
    palabras = texto.split(" ")
    for i, palabra in enumerate(palabras):
        if palabra and rng.random() < proporcion:
            cola = palabra[len(palabra.rstrip(".,;:!?\n")) :]
            palabras[i] = rng.choice(vocabulario) + cola
    return " ".join(palabras)


def _revolver(texto: str, rng: random.Random) -> str:
    """Oraciones en otro orden."""
    oraciones = _ORACION.split(texto.replace("\n\n", " "))
    rng.shuffle(oraciones)
    return " ".join(oraciones)


def generar(num_boletines: int = 5000, num_notas: int = 20000) -> ConjuntoCasiIguales:
    """Arma el conjunto de forma determinista (semilla fija)."""
    rng = random.Random(SEMILLA)
    historias = _leer("boletines.jsonl")
    notas_corpus = {n["id"]: n for n in _leer("notas.jsonl")}
    tipos = {f["nota_id"]: f["tipo"] for f in _csv("tipos.csv")}
    articulos: dict[str, list[str]] = {}
    for f in _csv("verdad.csv"):
        if tipos[f["nota_id"]] in _TIPOS_REESCRITURA:
            articulos.setdefault(f["boletin_id"], []).append(notas_corpus[f["nota_id"]]["texto"])
    ajenos = [n["texto"] for i, n in notas_corpus.items() if tipos[i].startswith("neg_mismo")]
    vocabulario = sorted({p for h in historias for p in re.findall(r"\w{4,}", h["texto"])})
    boletines, historia_de_boletin = [], {}
    for k in range(num_boletines):
        h = historias[k % len(historias)]
        texto = _sustituir(h["texto"], P_SUSTITUCION_BOLETIN, vocabulario, rng)
        titulo = _sustituir(h["titulo"], P_SUSTITUCION_BOLETIN, vocabulario, rng)
        boletines.append(Documento(f"B{k:05d}", titulo, texto))
        historia_de_boletin[f"B{k:05d}"] = h["id"]
    notas, historia_de_nota, exacto = [], {}, {}
    con_articulos = [h for h in historias if h["id"] in articulos]
    for k in range(num_notas):
        nota_id = f"N{k:06d}"
        if rng.random() < P_MEDIA_COPIA:
            b = rng.choice(boletines)
            palabras = b.texto.split(" ")
            texto = " ".join(palabras[: len(palabras) // 2]) + "\n\n" + rng.choice(ajenos)
            notas.append(Documento(nota_id, "Nota", texto))
            historia_de_nota[nota_id] = historia_de_boletin[b.id]
            exacto[nota_id] = b.id
            continue
        h = rng.choice(con_articulos)
        base = _revolver(rng.choice(articulos[h["id"]]), rng)
        texto = _sustituir(base, P_SUSTITUCION_NOTA, vocabulario, rng)
        notas.append(Documento(nota_id, h["titulo"], texto))
        historia_de_nota[nota_id] = h["id"]
    return ConjuntoCasiIguales(boletines, notas, historia_de_boletin, historia_de_nota, exacto)


def f1_por_historia(
    conjunto: ConjuntoCasiIguales, pares: list[tuple[str, str]]
) -> dict[str, float]:
    """Precisión, exhaustividad y F1 de los pares (nota, historia); exactitud en medias copias."""
    predichos = {(n, conjunto.historia_de_boletin[b]) for n, b in pares}
    verdad = set(conjunto.historia_de_nota.items())
    aciertos = len(predichos & verdad)
    precision = aciertos / len(predichos) if predichos else 0.0
    recall = aciertos / len(verdad) if verdad else 0.0
    f1 = 2 * aciertos / (len(predichos) + len(verdad)) if predichos or verdad else 0.0
    elegidos = {(n, b) for n, b in pares}
    exactos = sum((n, b) in elegidos for n, b in conjunto.boletin_de_media_copia.items())
    total = max(1, len(conjunto.boletin_de_media_copia))
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "exacto_media_copia": exactos / total,
    }
