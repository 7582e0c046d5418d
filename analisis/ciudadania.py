"""Cifras de la atención ciudadana (funciones puras sobre la tabla de solicitudes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

ABIERTOS = ("recibida", "canalizada", "en_atencion")
# Las listas de «más frecuentes» se cortan aquí: más no cabe en una página ni en el reporte.
TOP = 5


@dataclass(frozen=True)
class CifrasSolicitudes:
    """Abiertas y vencidas por dependencia, mediana de resolución y lo más frecuente."""

    total: int
    abiertas: int
    vencidas: int
    por_dependencia: pd.DataFrame
    mediana_dias: float | None
    localidades: list[tuple[str, int]]
    temas: list[tuple[str, int]]


def _por_dependencia(abiertas: pd.DataFrame, hoy: dt.date) -> pd.DataFrame:
    """Dependencia, abiertas y vencidas, de la más cargada a la menos."""
    if abiertas.empty:
        return pd.DataFrame(columns=["dependencia", "abiertas", "vencidas"])
    marco = abiertas.assign(
        dependencia=abiertas["dependencia"].fillna("Sin canalizar"),
        vencida=abiertas["vence_en"].map(lambda d: d < hoy),
    )
    tabla = marco.groupby("dependencia").agg(abiertas=("id", "size"), vencidas=("vencida", "sum"))
    tabla = tabla.reset_index().sort_values(["vencidas", "abiertas"], ascending=False)
    return tabla.astype({"abiertas": int, "vencidas": int}).reset_index(drop=True)


def _mediana_dias(resueltas: pd.DataFrame) -> float | None:
    """Mediana en días de recibida a resuelta."""
    if resueltas.empty:
        return None
    dias = (resueltas["cerrada_en"] - resueltas["recibida_en"]).map(lambda d: d.total_seconds())
    return round(float(dias.median()) / 86400, 1)


def _frecuentes(columna: pd.Series) -> list[tuple[str, int]]:
    """Valores más frecuentes (sin vacíos)."""
    conteo = columna.dropna().value_counts().head(TOP)
    return [(str(k), int(v)) for k, v in conteo.items()]


def cifras_solicitudes(solicitudes: pd.DataFrame, hoy: dt.date) -> CifrasSolicitudes:
    """Cifras de un conjunto de solicitudes (columnas de `datos.consultas.solicitudes`)."""
    abiertas = solicitudes[solicitudes["estado"].isin(ABIERTOS)]
    vencidas = int(abiertas["vence_en"].map(lambda d: d < hoy).sum()) if not abiertas.empty else 0
    return CifrasSolicitudes(
        total=len(solicitudes),
        abiertas=len(abiertas),
        vencidas=vencidas,
        por_dependencia=_por_dependencia(abiertas, hoy),
        mediana_dias=_mediana_dias(solicitudes[solicitudes["estado"] == "resuelta"]),
        localidades=_frecuentes(solicitudes["localidad"]),
        temas=_frecuentes(solicitudes["tema_nombre"]),
    )
