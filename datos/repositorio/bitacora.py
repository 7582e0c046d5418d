"""Bitácora de auditoría: quién cambió qué, cuándo, de qué valor a cuál."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Bitacora, Usuario


def _serializable(valor: Any) -> Any:
    """Convierte valores del modelo a JSON (fechas ISO, enumeraciones por valor, decimales)."""
    if isinstance(valor, enum.Enum):
        return valor.value
    if isinstance(valor, dt.datetime | dt.date):
        return valor.isoformat()
    if isinstance(valor, decimal.Decimal):
        return str(valor)
    return valor


def registrar(
    sesion: Session,
    usuario: str,
    accion: str,
    entidad: str,
    entidad_id: int | None,
    cambios: dict[str, list[Any]],
) -> Bitacora:
    """Anota un cambio; `cambios` es {"campo": [antes, después]}. No hace commit."""
    usuario_id = sesion.scalar(select(Usuario.id).where(Usuario.nombre == usuario))
    fila = Bitacora(
        usuario_id=usuario_id,
        usuario_nombre=usuario,
        accion=accion,
        entidad=entidad,
        entidad_id=entidad_id,
        cambios={k: [_serializable(a), _serializable(d)] for k, (a, d) in cambios.items()},
    )
    sesion.add(fila)
    return fila


def diferencias(objeto: Any, nuevos: dict[str, Any]) -> dict[str, list[Any]]:
    """Campos de `nuevos` cuyo valor difiere del actual del objeto: {"campo": [antes, después]}."""
    return {
        campo: [getattr(objeto, campo), valor]
        for campo, valor in nuevos.items()
        if getattr(objeto, campo) != valor
    }


def cambiar(sesion: Session, usuario: str, objeto: Any, nuevos: dict[str, Any]) -> bool:
    """Aplica cambios a un objeto del modelo y los anota en la bitácora; False si no cambió nada."""
    cambios = diferencias(objeto, nuevos)
    if not cambios:
        return False
    for campo, (_, valor) in cambios.items():
        setattr(objeto, campo, valor)
    registrar(sesion, usuario, "modificar", objeto.__tablename__, objeto.id, cambios)
    return True
