"""El proceso de cálculo del tablero: el mismo resultado; si se cae, se calcula en el tablero."""

from __future__ import annotations

import datetime as dt
import os

from sqlalchemy.orm import Session

from datos.consultas import metricas as cmet
from tablero import paralelo
from tests.fabricas import sembrar


def _pid() -> int:
    return os.getpid()


def _caer_fuera_de(padre: int) -> int:
    """Muere sin responder (como con kill -9) si no corre en el proceso `padre`; si no, 7."""
    if os.getpid() != padre:
        os._exit(3)
    return 7


def test_los_indicadores_en_otro_proceso_son_los_de_aqui(url_bd: str, sesion: Session) -> None:
    sembrar(sesion)
    sesion.commit()
    inicio = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    fin = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    recoger = paralelo.en_paralelo(cmet.indicadores_por_url, url_bd, inicio, fin)
    aparte, aqui = recoger(), cmet.indicadores(sesion, inicio, fin)
    assert aparte.a_json() == aqui.a_json()
    assert aparte.notas > 0 and aparte.boletines > 0
    # De verdad corrió en otro proceso.
    assert paralelo.en_paralelo(_pid)() != os.getpid()


def test_si_el_proceso_se_cae_se_calcula_en_el_tablero() -> None:
    assert paralelo.en_paralelo(_caer_fuera_de, os.getpid())() == 7
    # El siguiente uso levanta otro proceso.
    assert paralelo.en_paralelo(_pid)() != os.getpid()
