"""Hojas de cálculo subidas: se leen en un proceso aparte con tiempo, memoria y filas acotados."""

from __future__ import annotations

import os
import time
from pathlib import Path

import openpyxl
import pytest

from datos import config
from datos.aislado import TrabajoExcedido
from datos.repositorio.medios import MedioInvalido, leer_padron
from rastreadores.importadores.tabla import MAXIMO_FILAS, leer_tabla

pytestmark = pytest.mark.lento

FILAS_PESADAS = 45_000


def _xlsx_pesado(ruta: Path) -> Path:
    """Un padrón .xlsx legítimo en forma pero lento de leer (decenas de miles de filas)."""
    libro = openpyxl.Workbook(write_only=True)
    hoja = libro.create_sheet()
    hoja.append(["medio", "tipo", "ambito", "sitio", "notas"])
    for k in range(FILAS_PESADAS):
        hoja.append([f"Medio {k}", "digital", "regional", f"https://m{k}.example.mx", "x" * 40])
    libro.save(ruta)
    return ruta


def _tope(monkeypatch: pytest.MonkeyPatch, segundos: int) -> None:
    """MONITOREO_IMPORTACION_SEGUNDOS para lo que sigue."""
    monkeypatch.setenv("MONITOREO_IMPORTACION_SEGUNDOS", str(segundos))
    monkeypatch.setenv("MONITOREO_TAMANO_MAXIMO", str(50 << 20))
    config.recargar()


def test_hoja_lenta_se_detiene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archivo = _xlsx_pesado(tmp_path / "padron.xlsx")
    _tope(monkeypatch, 1)
    for leer, error in ((leer_tabla, TrabajoExcedido), (leer_padron, MedioInvalido)):
        inicio = time.monotonic()
        with pytest.raises(error, match="tardó más de 1 s"):
            leer(archivo)
        assert time.monotonic() - inicio < 30  # holgado: máquina compartida
    config.recargar()


def test_con_tiempo_suficiente_lee_bien_y_no_deja_hilos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Con tiempo suficiente se lee bien (en el hijo) y no quedan hilos del grupo."""
    archivo = tmp_path / "chico.csv"
    archivo.write_text("medio,tipo,ambito\nEl Sol,digital,regional\n", encoding="utf-8")
    _tope(monkeypatch, 60)
    antes = set(os.listdir("/proc/self/task"))
    assert leer_padron(archivo)["medio"].tolist() == ["El Sol"]
    assert leer_tabla(archivo).filas[0].valores["medio"] == "El Sol"
    assert set(os.listdir("/proc/self/task")) == antes, "no deja hilos ni procesos colgados"
    config.recargar()


def test_demasiadas_filas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tope(monkeypatch, 60)
    archivo = tmp_path / "clips.csv"
    renglones = "\n".join(f"Sol,{k}" for k in range(MAXIMO_FILAS + 1))
    archivo.write_text(f"medio,numero\n{renglones}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="más de 50,000 filas"):
        leer_tabla(archivo)
    config.recargar()


def test_el_hijo_no_ejecuta_el_principal_del_padre(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dentro del tablero `__main__` es la página: el proceso hijo no debe volver a correrla."""
    import sys
    import types

    pagina = tmp_path / "pagina.py"
    pagina.write_text("raise SystemExit('el hijo corrió la página')\n", encoding="utf-8")
    principal = types.ModuleType("__main__")
    principal.__file__ = str(pagina)
    monkeypatch.setitem(sys.modules, "__main__", principal)
    _tope(monkeypatch, 30)
    csv = tmp_path / "padron.csv"
    csv.write_text("medio,tipo,ambito\nEl Sol,impreso,regional\n", encoding="utf-8")
    inicio = time.monotonic()
    filas = leer_padron(csv)
    assert time.monotonic() - inicio < 30
    assert len(filas) == 1
    assert sys.modules["__main__"] is principal
