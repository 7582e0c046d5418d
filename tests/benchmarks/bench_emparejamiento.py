"""Benchmark del emparejamiento: tiempo, memoria pico y costo por nota, contra todos-contra-todos.

Corre con:
    .venv/bin/python -m pytest tests/benchmarks/bench_emparejamiento.py -m benchmark -s -p no:xdist
Escalas por variables de entorno (la meta del issue es 100,000 notas × 1,000/5,000/20,000):
    BENCH_EMPAREJAMIENTO_NOTAS=100000 BENCH_EMPAREJAMIENTO_BOLETINES=1000,5000,20000
Cada escala corre en un proceso aparte para medir su memoria pico (ru_maxrss) sin arrastrar la de
otra. La línea base todos-contra-todos (contención de n-gramas + coseno TF-IDF contra cada boletín)
se mide sobre una muestra de notas en la escala más chica y se extrapola al total.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np
import pytest

from analisis.emparejamiento import Documento, Emparejador, Pareja
from analisis.evaluacion import evaluar
from analisis.pasajes import N_MINIMO_PASAJE
from analisis.texto import hashes_ngramas, hashes_palabras, terminos, tokenizar

NOTAS = int(os.environ.get("BENCH_EMPAREJAMIENTO_NOTAS", "100000"))
BOLETINES = [
    int(x) for x in os.environ.get("BENCH_EMPAREJAMIENTO_BOLETINES", "1000,5000,20000").split(",")
]
MUESTRA_LINEA_BASE = int(os.environ.get("BENCH_EMPAREJAMIENTO_MUESTRA", "200"))
VOCABULARIO = 40_000
INICIO = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
DIAS = 730
# Proporciones del lote sintético (el resto son notas que no vienen de ningún boletín). Las de
# "mismo tema" son negativos difíciles: las palabras de un boletín revueltas, sin sus datos propios.
P_INTEGRA, P_PARCIAL, P_REESCRITA, P_MISMO_TEMA = 0.10, 0.10, 0.05, 0.05

_SILABAS = [c + v for c in "bcdfglmnprstvz" for v in "aeiou"]


def _vocabulario(rng: np.random.Generator) -> list[str]:
    """Pseudopalabras de 2 a 5 sílabas (las cortas y frecuentes hacen de palabras gramaticales)."""
    palabras = {
        "".join(rng.choice(_SILABAS, size=int(rng.integers(1, 5)))) for _ in range(VOCABULARIO * 2)
    }
    lista = sorted(palabras, key=lambda p: (len(p), p))[:VOCABULARIO]
    resto = lista[200:]
    rng.shuffle(resto)
    return lista[:200] + resto


@dataclass
class Generador:
    """Genera boletines y notas sintéticos con frecuencias de Zipf y verdad conocida."""

    semilla: int

    def __post_init__(self) -> None:
        """Vocabulario y distribución de Zipf."""
        self.rng = np.random.default_rng(self.semilla)
        self.palabras = _vocabulario(self.rng)
        pesos = 1.0 / np.arange(1, len(self.palabras) + 1) ** 1.05
        self.pesos = pesos / pesos.sum()
        self.sinonimos = self.rng.permutation(len(self.palabras))

    def _indices(self, n: int) -> np.ndarray:
        """Índices de palabras al azar (Zipf)."""
        return self.rng.choice(len(self.palabras), size=n, p=self.pesos)

    def _texto(self, indices: np.ndarray) -> str:
        """Texto en párrafos de ~60 palabras, con oraciones de ~15."""
        palabras = [self.palabras[i] for i in indices]
        for k in range(14, len(palabras), 15):
            palabras[k] += "."
        parrafos = [" ".join(palabras[i : i + 60]) for i in range(0, len(palabras), 60)]
        return "\n\n".join(p.capitalize() for p in parrafos)

    def boletin(self, k: int) -> tuple[Documento, np.ndarray]:
        """Un boletín de 250 a 450 palabras con cifras y nombres propios."""
        indices = self._indices(int(self.rng.integers(250, 450)))
        fecha = INICIO + dt.timedelta(days=float(self.rng.uniform(0, DIAS)))
        texto = f"{self._texto(indices)} Monto {k * 37 + 1000} Colonia Z{k % 997}."
        return Documento(f"B{k}", self._texto(indices[:8]), texto, fecha), indices

    def nota(
        self, k: int, boletines: list[tuple[Documento, np.ndarray]]
    ) -> tuple[Documento, str, str]:
        """Una nota, su nivel verdadero y su boletín de origen ("" si no retoma ninguno)."""
        tipo = self.rng.random()
        doc, indices = boletines[int(self.rng.integers(len(boletines)))]
        assert doc.fecha is not None
        fecha = doc.fecha + dt.timedelta(hours=float(self.rng.uniform(0, 72)))
        if tipo < P_INTEGRA:
            texto = "Redacción.\n\n" + doc.texto
            return Documento(f"N{k}", doc.titulo, texto, fecha), "integra", doc.id
        if tipo < P_INTEGRA + P_PARCIAL:
            corte = int(len(indices) * self.rng.uniform(0.35, 0.6))
            texto = self._texto(np.concatenate([self._indices(120), indices[:corte]]))
            return Documento(f"N{k}", "Nota", texto, fecha), "parcial", doc.id
        if tipo < P_INTEGRA + P_PARCIAL + P_REESCRITA:
            texto = self._reescribir(doc, indices)
            return Documento(f"N{k}", doc.titulo, texto, fecha), "reescrita", doc.id
        if tipo < P_INTEGRA + P_PARCIAL + P_REESCRITA + P_MISMO_TEMA:
            texto = self._texto(self.rng.permutation(indices))
            return Documento(f"N{k}", "Tema", texto, fecha), "", ""
        fecha = INICIO + dt.timedelta(days=float(self.rng.uniform(0, DIAS)))
        texto = self._texto(self._indices(int(self.rng.integers(150, 700))))
        return Documento(f"N{k}", "Otra", texto, fecha), "", ""

    def _reescribir(self, doc: Documento, indices: np.ndarray) -> str:
        """Paráfrasis sintética: 1 de cada 3 palabras por un sinónimo, oraciones reordenadas."""
        cambiadas = indices.copy()
        cambiadas[::3] = self.sinonimos[cambiadas[::3]]
        oraciones = [cambiadas[i : i + 15] for i in range(0, len(cambiadas), 15)]
        orden = self.rng.permutation(len(oraciones))
        texto = self._texto(np.concatenate([oraciones[i] for i in orden]))
        return texto + " " + " ".join(doc.texto.split()[-4:])


def _memoria_mb() -> float:
    """Memoria residente pico del proceso en MB (Linux: ru_maxrss en KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def medir_escala(num_boletines: int, num_notas: int, semilla: int = 7) -> dict[str, float]:
    """Indexa y empareja una escala; tiempos, memoria y calidad sobre la verdad sintética."""
    generador = Generador(semilla)
    boletines = [generador.boletin(k) for k in range(num_boletines)]
    memoria_base = _memoria_mb()
    t0 = time.perf_counter()
    emparejador = Emparejador([b for b, _ in boletines])
    t_indice = time.perf_counter() - t0
    verdad: dict[tuple[str, str], str] = {}
    predichas: list[Pareja] = []
    t_emparejar = cpu_emparejar = 0.0
    for k in range(num_notas):
        nota, nivel, origen = generador.nota(k, boletines)
        t0, c0 = time.perf_counter(), time.process_time()
        predichas += emparejador.emparejar(nota)
        t_emparejar += time.perf_counter() - t0
        cpu_emparejar += time.process_time() - c0
        if nivel:
            verdad[(nota.id, origen)] = nivel
    e = evaluar(predichas, verdad)
    return {
        "boletines": num_boletines,
        "notas": num_notas,
        "indice_s": t_indice,
        "emparejar_s": t_emparejar,
        "ms_por_nota": t_emparejar / num_notas * 1000,
        "cpu_ms_por_nota": cpu_emparejar / num_notas * 1000,
        "memoria_pico_mb": _memoria_mb(),
        "memoria_indice_mb": _memoria_mb() - memoria_base,
        "precision": e.precision,
        "recall": e.recall,
        "exactitud_nivel": e.exactitud_nivel,
    }


def linea_base(num_boletines: int, muestra: int, semilla: int = 7) -> dict[str, float]:
    """Todos contra todos: contención de n-gramas y coseno TF-IDF de cada nota con cada boletín."""
    generador = Generador(semilla)
    boletines = [generador.boletin(k) for k in range(num_boletines)]
    emparejador = Emparejador([b for b, _ in boletines])
    conjuntos = [_ngramas(b.texto) for b, _ in boletines]
    matriz = emparejador._terminos.matriz
    t0, c0 = time.perf_counter(), time.process_time()
    for k in range(muestra):
        nota, _, _ = generador.nota(k, boletines)
        propios = _ngramas(nota.texto)
        contencion = [len(c & propios) / max(1, len(c)) for c in conjuntos]
        vector = emparejador._terminos.vectorizar(
            [hashes_palabras(terminos(tokenizar(nota.texto).palabras))]
        )
        cosenos = (matriz @ vector.T).toarray().ravel()
        assert len(contencion) == len(cosenos) == num_boletines
    segundos, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "boletines": num_boletines,
        "muestra": muestra,
        "ms_por_nota": segundos / muestra * 1000,
        "cpu_ms_por_nota": cpu / muestra * 1000,
    }


def _ngramas(texto: str) -> set[int]:
    """Conjunto de n-gramas (hashes) de un texto."""
    palabras = hashes_palabras(tokenizar(texto).palabras)
    return set(hashes_ngramas(palabras, N_MINIMO_PASAJE).tolist())


def _en_proceso(funcion: object, *args: int) -> dict[str, float]:
    """Corre una medición en un proceso nuevo (memoria pico aislada)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as ejecutor:
        resultado: dict[str, float] = ejecutor.submit(funcion, *args).result()  # type: ignore[arg-type]
    return resultado


@pytest.mark.benchmark
def test_benchmark_emparejamiento() -> None:
    """Imprime la tabla por escala y la línea base; el costo por nota no debe crecer con N."""
    filas = [_en_proceso(medir_escala, n, NOTAS) for n in BOLETINES]
    base = _en_proceso(linea_base, min(BOLETINES), MUESTRA_LINEA_BASE)
    print(f"\nEmparejamiento: {NOTAS:,} notas sintéticas por escala")
    print(
        "boletines  índice(s)  emparejar(s)  ms/nota  CPU ms/nota  mem.pico(MB)  mem.índice(MB)"
        "  precisión  recall  niveles"
    )
    for f in filas:
        print(
            f"{f['boletines']:>9,.0f}  {f['indice_s']:>9.1f}  {f['emparejar_s']:>12.1f}  "
            f"{f['ms_por_nota']:>7.2f}  {f['cpu_ms_por_nota']:>11.2f}  "
            f"{f['memoria_pico_mb']:>12.0f}"
            f"  {f['memoria_indice_mb']:>14.0f}  {f['precision']:>9.3f}  {f['recall']:>6.3f}"
            f"  {f['exactitud_nivel']:>7.3f}"
        )
    total = base["cpu_ms_por_nota"] * NOTAS / 1000
    print(
        f"Todos contra todos con {base['boletines']:,.0f} boletines: "
        f"{base['ms_por_nota']:.2f} ms/nota"
        f" ({base['cpu_ms_por_nota']:.2f} ms de CPU; muestra de {base['muestra']:.0f});"
        f" extrapolado a {NOTAS:,} notas: {total:,.0f} s de CPU"
    )
    assert all(f["precision"] > 0.9 and f["recall"] > 0.9 for f in filas)
    # Sublineal: 20 veces más boletines no debe costar ni 4 veces más por nota.
    assert filas[-1]["cpu_ms_por_nota"] < 4 * filas[0]["cpu_ms_por_nota"]


if __name__ == "__main__":
    test_benchmark_emparejamiento()
