"""Benchmark de tono dirigido: léxico solo vs modelo entrenado en titulares políticos.

Correr: .venv/bin/python -m pytest tests/benchmarks/bench_tono.py -m benchmark -p no:xdist -q -s
Partición fija 80/20 por hash del id del titular (tests/test_tono.py: `es_prueba`).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
from sklearn.metrics import classification_report

from analisis.tono import analizar, clasificar_tono, resultado_lexico
from analisis.tono_modelo import entrenar
from tests.conftest import datos_compartidos
from tests.test_tono import BOLETIN, CRITICA_VECINOS, macro_f1, particion_titulares

META_MODELO = 0.65
# Lo que hoy se garantiza (la meta no se alcanza en esta partición: ver el informe impreso).
PISO_MODELO = 0.58

pytestmark = pytest.mark.benchmark


def _datos() -> tuple[list[Any], list[Any]]:
    """Partición de los titulares (se salta si no están los datos)."""
    return particion_titulares(datos_compartidos("tono", "titulares_politicos_entrenamiento.json"))


def test_macro_f1_lexico_vs_modelo() -> None:
    entrenamiento, prueba = _datos()
    verdad = [e for *_, e in prueba]
    inicio = time.perf_counter()
    lexico = [resultado_lexico(analizar(t, [o] if o else None)).tono for t, o, _ in prueba]
    t_lexico = time.perf_counter() - inicio
    inicio = time.perf_counter()
    modelo = entrenar(entrenamiento)
    t_entrenar = time.perf_counter() - inicio
    predichos = [r.tono for r in modelo.clasificar_lote([(t, o) for t, o, _ in prueba])]
    f1_lexico, f1_modelo = macro_f1(verdad, lexico), macro_f1(verdad, predichos)
    print(f"\nentrenamiento {len(entrenamiento)} · prueba {len(prueba)} · {Counter(verdad)}")
    print(f"léxico solo: macro-F1 {f1_lexico:.3f} ({t_lexico / len(prueba) * 1000:.1f} ms/ejemplo)")
    print(f"modelo: macro-F1 {f1_modelo:.3f} (entrenar {t_entrenar:.1f} s)")
    print(classification_report(verdad, predichos, digits=3))
    estado = "alcanzada" if f1_modelo >= META_MODELO else "NO alcanzada"
    print(f"meta {META_MODELO}: {estado}")
    assert f1_modelo >= PISO_MODELO
    assert f1_modelo > f1_lexico


def test_validacion_cruzada_en_entrenamiento() -> None:
    entrenamiento, _ = _datos()
    titulos = sorted({t for t, _, _ in entrenamiento})
    pliegue = {t: i % 5 for i, t in enumerate(titulos)}
    puntajes = []
    for k in range(5):
        ajuste = [e for e in entrenamiento if pliegue[e[0]] != k]
        valida = [e for e in entrenamiento if pliegue[e[0]] == k]
        modelo = entrenar(ajuste)
        predichos = [r.tono for r in modelo.clasificar_lote([(t, o) for t, o, _ in valida])]
        puntajes.append(macro_f1([e for *_, e in valida], predichos))
    media = sum(puntajes) / len(puntajes)
    print(f"\nvalidación cruzada (5 pliegues por titular): macro-F1 {media:.3f} {puntajes}")
    assert media >= PISO_MODELO


def test_velocidad_clasificar_nota(benchmark: Any) -> None:
    texto = " ".join([BOLETIN, CRITICA_VECINOS] * 5)
    clasificar_tono(texto)
    resultado = benchmark(clasificar_tono, texto)
    assert resultado.tono in {"positivo", "neutral", "negativo"}
