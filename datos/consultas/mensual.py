"""Consultas del reporte mensual que no son métricas: las notas clave del mes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from datos.consultas.comun import en_periodo, marco, retoma_valida
from datos.modelos import Medio, Mencion, Nota, Retoma


def notas_del_ayuntamiento(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Notas del periodo que retoman un boletín o mencionan al Ayuntamiento, con su alcance."""
    retoma = exists().where(Retoma.nota_id == Nota.id, retoma_valida())
    mencion = exists().where(Mencion.nota_id == Nota.id)
    consulta = (
        select(
            Nota.id.label("nota_id"),
            Nota.titulo,
            Nota.url_original,
            Nota.url_canonica,
            Nota.fecha_publicacion,
            Nota.tono,
            Nota.tono_confirmado,
            Nota.tono_puntaje,
            Medio.nombre.label("medio"),
            Medio.audiencia,
        )
        .join(Medio, Medio.id == Nota.medio_id)
        .where(en_periodo(Nota.fecha_publicacion, inicio, fin), or_(retoma, mencion))
    )
    return marco(sesion, consulta)
