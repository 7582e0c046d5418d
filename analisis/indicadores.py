"""Una sola definición de cada indicador: tablero, síntesis, reportes, exportaciones y la CLI.

`calcular` recibe los marcos que lee `datos.consultas.metricas` y devuelve `Indicadores`; nadie
más calcula boletines retomados, tasa, latencia, fidelidad, tono ni alcance por su cuenta.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analisis import metricas

TONOS_JSON = ("positivo", "neutral", "negativo")


@dataclass(frozen=True)
class Indicadores:
    """Las cifras de un periodo (o de un boletín o un medio), calculadas una sola vez."""

    boletines: int
    boletines_retomados: int
    tasa_retoma: float | None
    notas: int
    latencia_mediana_horas: float | None
    fidelidad_media: float | None
    tono: pd.DataFrame
    alcance: metricas.Alcance
    medios_recibieron: int
    medios_publicaron: int
    tasa_medios: float | None
    retomas: int

    def conteo_tono(self, tono: str) -> int:
        """Notas con ese tono efectivo."""
        fila = self.tono[self.tono["tono"] == tono]
        return int(fila["notas"].iloc[0]) if not fila.empty else 0

    def a_json(self) -> dict[str, Any]:
        """Las claves estables de `monitoreo metricas --json`."""
        return {
            "boletines": self.boletines,
            "boletines_retomados": self.boletines_retomados,
            "tasa_retoma": _redondo(self.tasa_retoma),
            "notas": self.notas,
            "latencia_mediana_horas": _redondo(self.latencia_mediana_horas),
            "fidelidad_media": _redondo(self.fidelidad_media),
            "tono": {t: self.conteo_tono(t) for t in TONOS_JSON},
            "alcance": self.alcance.por_unidad(),
        }


def _redondo(valor: float | None) -> float | None:
    """Seis decimales bastan y evitan ruido de coma flotante entre plataformas."""
    return None if valor is None else round(valor, 6)


def _pares_enviados(envios: pd.DataFrame, medio_id: int | None) -> pd.DataFrame:
    """Pares (boletín, medio) que llegaron, del medio si se pide."""
    pares = envios[["boletin_id", "medio_id"]].drop_duplicates()
    return pares if medio_id is None else pares[pares["medio_id"] == medio_id]


def _tasa_de_pares(enviados: pd.DataFrame, retomas: pd.DataFrame) -> tuple[int, int, float | None]:
    """(medios que recibieron, medios que publicaron, publicados de enviados / enviados)."""
    # Vectorizado: con decenas de miles de pares, los conjuntos de tuplas en Python dominaban.
    recibidos = enviados[["boletin_id", "medio_id"]].drop_duplicates()
    publicados = metricas.retomas_validas(retomas)[["boletin_id", "medio_id"]].drop_duplicates()
    comunes = len(recibidos.merge(publicados, on=["boletin_id", "medio_id"]))
    tasa = comunes / len(recibidos) if len(recibidos) else None
    return recibidos["medio_id"].nunique(), publicados["medio_id"].nunique(), tasa


def calcular(
    boletines: pd.DataFrame,
    envios: pd.DataFrame,
    retomas: pd.DataFrame,
    tono: pd.DataFrame,
    medio_id: int | None = None,
) -> Indicadores:
    """Indicadores de los marcos dados; con `medio_id`, los de ese medio.

    Sin medio: boletines emitidos y cuántos tuvieron al menos una retoma. Con medio: boletines
    que le llegaron y cuántos de ésos publicó (la tasa de retoma por medio de la página Medios).
    """
    validas = metricas.retomas_validas(retomas)
    if medio_id is not None:
        validas = validas[validas["medio_id"] == medio_id]
        enviados = _pares_enviados(envios, medio_id)
        base = enviados.rename(columns={"medio_id": "_medio"})[["boletin_id"]].drop_duplicates()
    else:
        enviados = _pares_enviados(envios, None)
        base = boletines[["boletin_id"]].drop_duplicates()
    recibieron, publicaron, tasa_medios = _tasa_de_pares(enviados, validas)
    retomados = metricas.boletines_retomados(base, validas)
    total = len(base)
    distribucion = metricas.distribucion_de_tono(tono)
    return Indicadores(
        boletines=total,
        boletines_retomados=retomados,
        tasa_retoma=retomados / total if total else None,
        notas=int(distribucion["notas"].sum()),
        latencia_mediana_horas=metricas.latencia_mediana(validas),
        fidelidad_media=metricas.fidelidad_media(validas),
        tono=distribucion,
        alcance=metricas.alcance_potencial(validas),
        medios_recibieron=recibieron,
        medios_publicaron=publicaron,
        tasa_medios=tasa_medios,
        retomas=len(validas),
    )
