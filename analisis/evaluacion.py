"""Evaluación del emparejamiento contra una verdad etiquetada (precisión, recall, niveles)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from analisis.emparejamiento import Pareja


@dataclass(frozen=True)
class Evaluacion:
    """Resultado de comparar retomas predichas con las verdaderas."""

    precision: float
    recall: float
    f1: float
    exactitud_nivel: float
    verdaderos_positivos: int
    falsos_positivos: int
    falsos_negativos: int
    # (nivel verdadero, nivel predicho) → cuántos, sobre los verdaderos positivos.
    confusion_niveles: dict[tuple[str, str], int] = field(default_factory=dict)
    falsos_positivos_pares: tuple[tuple[str, str], ...] = ()
    falsos_negativos_pares: tuple[tuple[str, str], ...] = ()


def _razon(a: int, b: int) -> float:
    """a / b, o 0 si b es 0."""
    return a / b if b else 0.0


def evaluar(predichas: Iterable[Pareja], verdad: Mapping[tuple[str, str], str]) -> Evaluacion:
    """Compara parejas predichas con la verdad {(nota_id, boletin_id): nivel}."""
    pred = {(p.nota_id, p.boletin_id): p.nivel for p in predichas}
    aciertos = pred.keys() & verdad.keys()
    confusion = Counter((verdad[k], pred[k]) for k in aciertos)
    precision = _razon(len(aciertos), len(pred))
    recall = _razon(len(aciertos), len(verdad))
    return Evaluacion(
        precision=precision,
        recall=recall,
        f1=_razon(2 * len(aciertos), len(pred) + len(verdad)),
        exactitud_nivel=_razon(sum(n for (v, p), n in confusion.items() if v == p), len(aciertos)),
        verdaderos_positivos=len(aciertos),
        falsos_positivos=len(pred.keys() - verdad.keys()),
        falsos_negativos=len(verdad.keys() - pred.keys()),
        confusion_niveles=dict(confusion),
        falsos_positivos_pares=tuple(sorted(pred.keys() - verdad.keys())),
        falsos_negativos_pares=tuple(sorted(verdad.keys() - pred.keys())),
    )
