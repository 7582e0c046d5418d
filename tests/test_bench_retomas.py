"""El benchmark de retomas lee el corpus de Clough y Stevenson en su distribución original."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks import bench_retomas

FUENTE = (
    "In object-oriented programming, inheritance is a way to form new classes using classes that "
    "have already been defined. The new classes, known as derived classes, take over attributes "
    "and behavior of the pre-existing classes, which are referred to as base classes. It is "
    "intended to help reuse existing code with little or no modification at all, and it was "
    "invented in 1967 for the Simula language by its Norwegian designers."
)
AJENA = (
    "PageRank is a link analysis algorithm that assigns a numerical weighting to each element "
    "of a hyperlinked set of documents with the purpose of measuring its relative importance."
)


def _corpus(carpeta: Path) -> None:
    """Dos fuentes y tres respuestas (cut, non, heavy) con los nombres del corpus original."""
    (carpeta / "orig_taska.txt").write_text(FUENTE, "utf-8")
    (carpeta / "orig_taskb.txt").write_text(AJENA, "utf-8")
    (carpeta / "g0pA_taska.txt").write_text(FUENTE, "utf-8")
    (carpeta / "g0pB_taska.txt").write_text("Inheritance lets a subclass extend a class.", "utf-8")
    (carpeta / "g0pC_taskb.txt").write_text(AJENA, "utf-8")
    filas = (
        "File,Task,Category\ng0pA_taska.txt,a,cut\ng0pB_taska.txt,a,non\ng0pC_taskb.txt,b,heavy\n"
    )
    (carpeta / "file_information.csv").write_text(filas, "utf-8")


def test_clough_en_su_distribucion_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fuentes como boletines y respuestas como notas; cut → integra, heavy → reescrita."""
    _corpus(tmp_path)
    monkeypatch.setattr(bench_retomas, "CLOUGH", tmp_path)
    conjunto = bench_retomas.clough()
    assert conjunto is not None
    assert [b.id for b in conjunto.boletines] == ["a", "b"]
    assert len(conjunto.notas) == 3
    assert conjunto.verdad == {
        ("g0pA_taska.txt", "a"): "integra",
        ("g0pC_taskb.txt", "b"): "reescrita",
    }
    medidas = bench_retomas.medir(conjunto)
    assert set(medidas) >= {"monitoreo", "churnalism (15 caracteres, > 20 %)"}
    assert medidas["monitoreo"].verdaderos_positivos >= 1


def test_sin_clough_no_hay_conjunto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sin `file_information.csv` el conjunto se omite (el benchmark sigue con los demás)."""
    monkeypatch.setattr(bench_retomas, "CLOUGH", tmp_path)
    assert bench_retomas.clough() is None
