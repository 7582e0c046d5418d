"""Utilidades compartidas por las consultas: filas a DataFrame y catálogos a texto."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any, TypeAlias

import pandas as pd
from sqlalchemy import ColumnElement, Enum, Select, String, and_, exists, func, or_, type_coerce
from sqlalchemy.orm import Session

from datos.modelos import EstadoRevision, Mencion, Nota, Retoma, TipoTestigo

# Cualquier SELECT, sin importar el tipo de sus columnas.
Consulta: TypeAlias = Select[*tuple[Any, ...]]
# Testigos que son imágenes (página impresa fotografiada o captura de pantalla de la nota).
TESTIGOS_IMAGEN = (TipoTestigo.IMAGEN, TipoTestigo.CAPTURA)


def _plano(valor: Any) -> Any:
    """Valor de catálogo (enum) como su texto; lo demás igual."""
    return valor.value if isinstance(valor, enum.Enum) else valor


def marco(sesion: Session, consulta: Consulta) -> pd.DataFrame:
    """Ejecuta la consulta y devuelve sus filas como DataFrame con las columnas nombradas."""
    resultado = sesion.execute(consulta)
    columnas = list(resultado.keys())
    tabla = marco_de_filas([tuple(fila) for fila in resultado.all()], columnas)
    # Los catálogos se pasan a texto por columna, no valor por valor (decenas de miles de filas).
    for posicion, columna in enumerate(consulta.selected_columns):
        if isinstance(columna.type, Enum) and not tabla.empty:
            tabla.isetitem(posicion, tabla.iloc[:, posicion].map(_plano).to_numpy())
    return tabla


def marco_de_filas(filas: Sequence[tuple[Any, ...]], columnas: Sequence[str]) -> pd.DataFrame:
    """DataFrame con las columnas dadas aunque no haya filas."""
    return pd.DataFrame.from_records(list(filas), columns=list(columnas))


def texto_crudo(columna: Any, nombre: str) -> ColumnElement[Any]:
    """La columna sin conversión por fila en Python (fechas y catálogos llegan como texto).

    Con decenas de miles de filas, convertir fecha por fecha a `datetime` cuesta más que la
    consulta; `fechas_utc` las convierte después de una vez, vectorizado.
    """
    return type_coerce(columna, String).label(nombre)


def fechas_utc(tabla: pd.DataFrame, *columnas: str) -> pd.DataFrame:
    """Convierte columnas de fechas crudas (texto UTC de SQLite o datetime) a datetime UTC."""
    for columna in columnas:
        tabla[columna] = pd.to_datetime(tabla[columna], utc=True, format="ISO8601")
    return tabla


def hora_utc(sesion: Session, columna: Any) -> ColumnElement[Any]:
    """La fecha truncada a la hora (UTC), para agregar en SQL antes de pasar a la zona local."""
    if sesion.get_bind().dialect.name == "postgresql":
        return func.date_trunc("hour", columna)
    # SQLite guarda «AAAA-MM-DD HH:MM:SS.ffffff» en UTC: los 13 primeros caracteres son la hora.
    return func.substr(type_coerce(columna, String), 1, 13)


def escapar_like(texto: str, escape: str = "\\") -> str:
    """Patrón LIKE que busca el texto literal (los % y _ del usuario no son comodines)."""
    limpio = texto.replace(escape, escape * 2).replace("%", escape + "%")
    return "%" + limpio.replace("_", escape + "_") + "%"


def agregar_folio(tabla: pd.DataFrame) -> pd.DataFrame:
    """Inserta la columna `folio` (045/2026) a partir de `numero` y `anio`."""
    folios = [f"{int(n):03d}/{int(a)}" for n, a in zip(tabla["numero"], tabla["anio"], strict=True)]
    tabla.insert(1, "folio", folios)
    return tabla


def en_periodo(columna: Any, inicio: dt.datetime, fin: dt.datetime) -> ColumnElement[bool]:
    """Condición columna ∈ [inicio, fin)."""
    return and_(columna >= inicio, columna < fin)


def retoma_valida() -> ColumnElement[bool]:
    """Retoma que cuenta: la que el personal no rechazó en revisión."""
    return Retoma.estado != EstadoRevision.RECHAZADA


def a_numeros(tabla: pd.DataFrame, *columnas: str) -> pd.DataFrame:
    """Columnas de dinero (Decimal de la base) como float; lo no numérico queda NaN."""
    for columna in columnas:
        tabla[columna] = pd.to_numeric(tabla[columna], errors="coerce").astype(float)
    return tabla


def nota_web_relevante() -> ColumnElement[bool]:
    """Nota web (http/https) con una retoma no rechazada o una mención: merece testigo y huellas."""
    web = or_(Nota.url_canonica.startswith("http://"), Nota.url_canonica.startswith("https://"))
    retoma = exists().where(Retoma.nota_id == Nota.id, Retoma.estado != EstadoRevision.RECHAZADA)
    return web & or_(retoma, exists().where(Mencion.nota_id == Nota.id))
