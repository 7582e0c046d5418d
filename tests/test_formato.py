"""Formato es-MX puro: fechas, números, rangos, cambios, resaltado escapado y celdas seguras."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from reportes import formato as f

MX = ZoneInfo("America/Mexico_City")


def test_fecha_larga_en_espanol() -> None:
    assert f.fecha_larga(dt.date(2026, 11, 26)) == "26 de noviembre de 2026"
    # 26 nov 03:00 UTC todavía es 25 de noviembre en la Ciudad de México.
    momento = dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC)
    assert f.fecha_larga(momento, MX) == "25 de noviembre de 2026"
    assert f.fecha_hora(momento, MX) == "25 de noviembre de 2026, 21:00"
    assert f.fecha_larga(None) == "—"
    assert f.fecha_hora(pd.NaT, MX) == "—"  # type: ignore[arg-type]


def test_numeros_es_mx() -> None:
    assert f.numero(1234.5, 1) == "1,234.5"
    assert f.numero(1_234_567) == "1,234,567"
    assert f.numero(None) == "—"
    assert f.numero(float("nan")) == "—"
    assert f.porcentaje(0.4532) == "45.3 %"
    assert f.porcentaje(None) == "—"
    assert f.horas(5.24) == "5.2 h"
    assert f.horas(72) == "3.0 días"


def test_cambio_contra_periodo_anterior() -> None:
    assert f.cambio(12, 10) == "+20.0 %"
    assert f.cambio(5, 10) == "-50.0 %"
    assert f.cambio(0.5, 0.4, puntos=True) == "+10.0 pp"
    assert f.cambio(3, 0) == "nuevo"
    assert f.cambio(0, 0) is None
    assert f.cambio(None, 3) is None


def test_rango_utc_de_dias_locales() -> None:
    inicio, fin = f.rango_utc(dt.date(2026, 11, 1), dt.date(2026, 11, 30), MX)
    assert inicio == dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC)
    assert fin == dt.datetime(2026, 12, 1, 6, tzinfo=dt.UTC)
    assert f.periodo_anterior(dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == (
        dt.date(2026, 10, 2),
        dt.date(2026, 10, 31),
    )


def test_resaltar_escapa_antes_de_marcar() -> None:
    texto = "<script>alert(1)</script> agua & luz\nfin"
    salida = f.resaltar(texto, [[26, 30], [0, 8]])
    assert "<script>" not in salida
    assert salida.startswith("<mark>&lt;script&gt;</mark>alert(1)")
    assert "<mark>agua</mark> &amp; luz<br>fin" in salida


def test_resaltar_fusiona_y_recorta_intervalos() -> None:
    assert f.resaltar("abcdef", [[1, 3], [2, 5], [4, 99], [5, 2]]) == "a<mark>bcdef</mark>"
    assert f.resaltar("abc", []) == "abc"
    assert f.resaltar("a<b", [[-5, 1]]) == "<mark>a</mark>&lt;b"


def test_neutralizar_formulas() -> None:
    marco = pd.DataFrame(
        {"=titulo": ['=HYPERLINK("x")', "+1", "-2", "@SUMA", "normal"], "n": [1, 2, 3, 4, 5]}
    )
    limpio = f.neutralizar_formulas(marco)
    assert list(limpio.columns) == ["'=titulo", "n"]
    assert list(limpio["'=titulo"]) == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUMA", "normal"]
    assert list(limpio["n"]) == [1, 2, 3, 4, 5]
    assert marco["=titulo"].iloc[0].startswith("=")  # el original no cambia
