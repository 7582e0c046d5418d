"""Bitácora de transmisión de un medio (CSV o Excel): los spots de una orden, con errores por línea.

Se lee como la importación de clips de radio y TV (mismos encabezados en español o inglés, fechas,
horas y duraciones): cada fila se guarda en su propio SAVEPOINT y una fila mala se reporta con su
línea y motivo sin perder las buenas.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analisis.normalizar import plegar
from datos.modelos import Orden
from datos.repositorio.campanas import obtener_orden, registrar_transmision
from rastreadores.importadores.tabla import Fila, celda_texto, leer_tabla, ubicar_columnas
from rastreadores.importadores.transmisiones import (
    ALIAS_CLIPS,
    ResultadoImportacion,
    celda_duracion,
    inicio_de_fila,
)

log = logging.getLogger(__name__)

ALIAS_BITACORA: dict[str, tuple[str, ...]] = {
    "medio": ALIAS_CLIPS["medio"],
    "programa": ALIAS_CLIPS["programa"],
    "fecha": (*ALIAS_CLIPS["fecha"], "fecha de transmisión", "fecha de emisión"),
    "hora": (*ALIAS_CLIPS["hora"], "hora de transmisión", "hora al aire"),
    "duracion": ALIAS_CLIPS["duracion"],
}


def _exigir_columnas(columnas: Mapping[str, str]) -> None:
    """ValueError si falta la fecha (la hora puede venir en la misma celda)."""
    if "fecha" not in columnas:
        raise ValueError("faltan columnas en el archivo: fecha")


def _revisar_medio(valores: Mapping[str, Any], columnas: Mapping[str, str], orden: Orden) -> None:
    """Si la fila dice su medio, debe ser el de la orden (evita cargar la bitácora de otro)."""
    if "medio" not in columnas:
        return
    medio = celda_texto(valores.get(columnas["medio"]))
    if medio is not None and plegar(medio) != plegar(orden.medio.nombre):
        raise ValueError(
            f"la fila es de {medio!r}, pero la orden {orden.id} es de {orden.medio.nombre}"
        )


def _importar_fila(sesion: Session, fila: Fila, columnas: Mapping[str, str], orden: Orden) -> bool:
    """Registra el spot de una fila en su propio SAVEPOINT; False si ya estaba."""
    valores = fila.valores
    _revisar_medio(valores, columnas, orden)
    momento = inicio_de_fila(valores, columnas)
    duracion = celda_duracion(valores.get(columnas.get("duracion", "")))
    programa = celda_texto(valores.get(columnas["programa"])) if "programa" in columnas else None
    with sesion.begin_nested():
        return registrar_transmision(sesion, orden, momento, programa, duracion, "importacion")


def importar_bitacora(sesion: Session, archivo: Path, orden_id: int) -> ResultadoImportacion:
    """Importa los spots transmitidos de una orden desde la bitácora del medio."""
    orden = obtener_orden(sesion, orden_id)
    tabla = leer_tabla(archivo)
    columnas = ubicar_columnas(tabla, ALIAS_BITACORA)
    _exigir_columnas(columnas)
    resultado = ResultadoImportacion()
    for fila in tabla.filas:
        try:
            nueva = _importar_fila(sesion, fila, columnas, orden)
        except IntegrityError as exc:
            resultado.errores.append((fila.linea, f"la base rechazó la fila: {exc.orig}"))
            continue
        except ValueError as exc:
            resultado.errores.append((fila.linea, str(exc)))
            continue
        resultado.guardadas += nueva
        resultado.repetidas += not nueva
    log.info("bitácora de %s para la orden %s: %s", archivo.name, orden_id, resultado)
    return resultado
