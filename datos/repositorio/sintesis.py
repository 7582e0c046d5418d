"""Edición de la síntesis de un día (exclusiones, orden, nota, sección por nota) y su envío."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Nota, SintesisDia, ahora
from datos.repositorio import bitacora

ENTIDAD = "sintesis"


def _del_dia(sesion: Session, fecha: dt.date) -> SintesisDia:
    """La fila de la síntesis del día (la crea vacía si no existe)."""
    fila = sesion.scalar(select(SintesisDia).where(SintesisDia.fecha == fecha))
    if fila is None:
        fila = SintesisDia(fecha=fecha, excluidas=[], orden=[])
        sesion.add(fila)
        sesion.flush()
    return fila


def guardar_edicion(
    sesion: Session,
    usuario: str,
    fecha: dt.date,
    excluidas: Sequence[int],
    orden: Sequence[int],
    nota_editorial: str | None,
) -> bool:
    """Guarda qué notas se excluyen, el orden y la nota de la Dirección; False si no cambió nada."""
    fila = _del_dia(sesion, fecha)
    nuevos = {
        "excluidas": sorted(set(excluidas)),
        "orden": list(dict.fromkeys(orden)),
        "nota_editorial": (nota_editorial or "").strip() or None,
    }
    cambios = bitacora.diferencias(fila, nuevos)
    if not cambios:
        return False
    for campo, valor in nuevos.items():
        setattr(fila, campo, valor)
    fila.actualizada_en = ahora()
    bitacora.registrar(sesion, usuario, "editar", ENTIDAD, fila.id, cambios | _fecha(fecha))
    return True


def _fecha(fecha: dt.date) -> dict[str, list[object]]:
    """La fecha de la síntesis en la bitácora (para encontrarla por día)."""
    return {"fecha": [None, fecha.isoformat()]}


def reclasificar(sesion: Session, usuario: str, nota_id: int, seccion: str | None) -> bool:
    """Fija (o, con None, devuelve a automática) la sección de una nota en la síntesis."""
    nota = sesion.get(Nota, nota_id)
    if nota is None:
        raise ValueError(f"no existe la nota {nota_id}")
    return bitacora.cambiar(sesion, usuario, nota, {"seccion_sintesis": seccion or None})


def registrar_envio(
    sesion: Session, usuario: str, fecha: dt.date, archivo: str, destinatarios: Sequence[str]
) -> SintesisDia:
    """Anota que la síntesis del día se envió, con el PDF archivado y a quién."""
    fila = _del_dia(sesion, fecha)
    fila.enviada_en = ahora()
    fila.archivo = archivo
    cambios: dict[str, list[object]] = {
        "archivo": [None, archivo],
        "destinatarios": [None, list(destinatarios)],
        "excluidas": [None, list(fila.excluidas)],
        "nota_editorial": [None, fila.nota_editorial],
    }
    bitacora.registrar(sesion, usuario, "enviar", ENTIDAD, fila.id, cambios | _fecha(fecha))
    return fila
