"""Umbrales calibrados que también usan las páginas, sin cargar spaCy ni modelos.

Importar `analisis.tono` para leer una constante costaba ~2.5 s (spaCy) en el primer render
de Revisión.
"""

from __future__ import annotations

# puntaje = tanh(total / ESCALA): con ESCALA 2 una sola palabra fuerte (peso 1.5) en la oración
# del objetivo da |puntaje| ≈ 0.64. UMBRAL 0.2 equivale a |total| ≥ 0.41: en la partición de
# entrenamiento de los titulares (tests/benchmarks/bench_tono.py) la macro-F1 del léxico es una
# meseta para umbrales de total entre 0.1 y 0.5 (0.47), y con 0.41 los casos de
# tests/test_tono.py quedan bien (una palabra leve fuera de la ventana no basta).
UMBRAL_TONO = 0.2


def margen_tono(tono: str | None, puntaje: float | None) -> float:
    """Qué tan lejos está la etiqueta de cambiar: 0 = lo más incierto (enseña más al confirmarla).

    Es la distancia del puntaje al umbral que separa la etiqueta guardada de la vecina. Con el
    modelo entrenado la etiqueta puede contradecir al puntaje (p. ej. neutral con p(pos) - p(neg)
    = 0.3 porque p(neu) ganó por poco): esa contradicción es duda pura y da 0.
    """
    if tono is None or puntaje is None:
        return 1.0
    if tono == "positivo":
        margen = puntaje - UMBRAL_TONO
    elif tono == "negativo":
        margen = -puntaje - UMBRAL_TONO
    else:
        margen = UMBRAL_TONO - abs(puntaje)
    return max(round(margen, 4), 0.0)
