"""Deshacer: revierte una decisión anotada en la bitácora y anota la reversión.

Cada decisión del personal (confirmar o rechazar una retoma, fijar un tono, cambiar el estado de un
evento o un boletín, activar o desactivar un medio) ya deja en la bitácora `{"campo": [antes,
después]}`. Revertirla es volver a poner `antes`, pero sólo si nadie cambió esos campos después
(el valor actual sigue siendo `después`): así deshacer nunca pisa el trabajo de otra persona.
La reversión es otra entrada (`accion="deshacer"`, `revierte_id`) y también se puede revertir.
Las funciones no hacen commit: quien llama es dueño de la transacción.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import (
    Bitacora,
    Boletin,
    Contacto,
    Convenio,
    EstadoBoletin,
    Evento,
    Invitacion,
    Medio,
    Nota,
    Retoma,
    Rol,
)
from datos.modelos.base import FechaHora
from datos.repositorio.bitacora import registrar
from datos.repositorio.boletines import exigir_rol

log = logging.getLogger(__name__)

ACCIONES_REVERSIBLES = frozenset({"modificar", "deshacer"})
MODELOS: dict[str, type[Any]] = {
    "retoma": Retoma,
    "nota": Nota,
    "evento": Evento,
    "boletin": Boletin,
    "invitacion": Invitacion,
    "medio": Medio,
    "contacto": Contacto,
    "convenio": Convenio,
}
# De una nota sólo se revierten las decisiones de una persona; su texto y sus versiones vienen
# del rastreo y se corrigen rastreando otra vez.
CAMPOS_NOTA = frozenset({"tono_confirmado", "tono_revisor_id", "pagada", "convenio_id"})
# Lo que cabe en un historial por objeto o en «decisiones recientes» sin hacer lenta la página.
LIMITE_HISTORIAL = 30


class NoSePuedeDeshacer(ValueError):
    """La entrada no se puede revertir (mensaje en español con el motivo)."""


def _columna(modelo: type[Any], campo: str) -> sa.Column[Any] | None:
    """La columna del modelo con ese nombre (None si es una relación o no existe)."""
    columnas = sa.inspect(modelo).columns
    columna: sa.Column[Any] | None = columnas.get(campo)
    return columna


def valor_de_bitacora(columna: sa.Column[Any], valor: Any) -> Any:
    """Un valor guardado en JSON por la bitácora, con el tipo de la columna."""
    if valor is None:
        return None
    tipo = columna.type
    if isinstance(tipo, sa.Enum) and tipo.enum_class is not None:
        return tipo.enum_class(valor)
    if isinstance(tipo, sa.Numeric) and not isinstance(tipo, sa.Float):
        return decimal.Decimal(str(valor))
    if isinstance(tipo, FechaHora | sa.DateTime) and isinstance(valor, str):
        return dt.datetime.fromisoformat(valor)
    if isinstance(tipo, sa.Date) and isinstance(valor, str):
        return dt.date.fromisoformat(valor)
    return valor


def _iguales(actual: Any, esperado: Any) -> bool:
    """Compara el valor actual con el de la bitácora (fechas por instante, enums por valor)."""
    if isinstance(actual, enum.Enum):
        actual = actual.value
    if isinstance(esperado, enum.Enum):
        esperado = esperado.value
    if isinstance(actual, dt.datetime) and isinstance(esperado, dt.datetime):
        return abs((actual - esperado).total_seconds()) < 1
    return bool(actual == esperado)


def revertida(s: Session, entrada_id: int) -> bool:
    """True si otra entrada ya revirtió ésta."""
    consulta = select(func.count(Bitacora.id)).where(Bitacora.revierte_id == entrada_id)
    return bool(s.scalar(consulta))


def _objeto(s: Session, entrada: Bitacora) -> Any:
    """El objeto de la entrada; NoSePuedeDeshacer si no es reversible o ya no existe."""
    modelo = MODELOS.get(entrada.entidad)
    if entrada.accion not in ACCIONES_REVERSIBLES or modelo is None or not entrada.cambios:
        raise NoSePuedeDeshacer(f"«{entrada.accion} {entrada.entidad}» no se puede deshacer")
    objeto = s.get(modelo, entrada.entidad_id) if entrada.entidad_id is not None else None
    if objeto is None:
        raise NoSePuedeDeshacer(f"el {entrada.entidad} {entrada.entidad_id} ya no existe")
    return objeto


def _restaurar(objeto: Any, entrada: Bitacora) -> dict[str, Any]:
    """{campo: valor de antes} con su tipo; NoSePuedeDeshacer si algo cambió después."""
    modelo = type(objeto)
    restaurar: dict[str, Any] = {}
    for campo, par in entrada.cambios.items():
        columna = _columna(modelo, campo)
        if columna is None or (modelo is Nota and campo not in CAMPOS_NOTA):
            raise NoSePuedeDeshacer(f"el cambio de «{campo}» no se puede deshacer desde aquí")
        antes, despues = (valor_de_bitacora(columna, v) for v in par)
        if not _iguales(getattr(objeto, campo), despues):
            raise NoSePuedeDeshacer(
                f"«{campo}» cambió después de esta decisión: deshaz primero el cambio más reciente"
            )
        restaurar[campo] = antes
    return restaurar


def _reglas_boletin(s: Session, boletin: Boletin, nuevos: dict[str, Any], usuario: str) -> None:
    """Un boletín enviado no vuelve atrás; volver a «aprobado» sólo lo hace la directora."""
    if boletin.estado == EstadoBoletin.ENVIADO or nuevos.get("estado") == EstadoBoletin.ENVIADO:
        raise NoSePuedeDeshacer(
            f"el boletín {boletin.folio} ya se envió a los medios: no se puede deshacer"
        )
    if nuevos.get("estado") == EstadoBoletin.APROBADO:
        exigir_rol(s, usuario, Rol.DIRECTORA)


def motivo_para_no_deshacer(s: Session, entrada: Bitacora) -> str | None:
    """Por qué la entrada no se puede revertir ahora (None si sí se puede)."""
    if revertida(s, entrada.id):
        return "ya se deshizo"
    try:
        objeto = _objeto(s, entrada)
        nuevos = _restaurar(objeto, entrada)
    except NoSePuedeDeshacer as exc:
        return str(exc)
    if isinstance(objeto, Boletin) and (
        objeto.estado == EstadoBoletin.ENVIADO or nuevos.get("estado") == EstadoBoletin.ENVIADO
    ):
        return "el boletín ya se envió"
    return None


def revertir(s: Session, entrada_id: int, usuario: str) -> Bitacora:
    """Vuelve a poner los valores de antes de la entrada y anota la reversión (no hace commit)."""
    entrada = s.get(Bitacora, entrada_id)
    if entrada is None:
        raise NoSePuedeDeshacer(f"no existe la entrada {entrada_id} de la bitácora")
    if revertida(s, entrada_id):
        raise NoSePuedeDeshacer("esa decisión ya se deshizo")
    objeto = _objeto(s, entrada)
    nuevos = _restaurar(objeto, entrada)
    if isinstance(objeto, Boletin):
        _reglas_boletin(s, objeto, nuevos, usuario)
    cambios = {campo: [getattr(objeto, campo), valor] for campo, valor in nuevos.items()}
    for campo, valor in nuevos.items():
        setattr(objeto, campo, valor)
    fila = registrar(s, usuario, "deshacer", entrada.entidad, entrada.entidad_id, cambios)
    fila.revierte_id = entrada.id
    s.flush()
    log.info("bitácora %d revertida por %s", entrada_id, usuario)
    return fila


def revertir_varias(s: Session, entrada_ids: Sequence[int], usuario: str) -> list[Bitacora]:
    """Revierte varias entradas de una misma acción, de la más reciente a la más antigua."""
    return [revertir(s, i, usuario) for i in sorted(entrada_ids, reverse=True)]


def ultima_entrada(s: Session) -> int:
    """Id de la última entrada de la bitácora (0 si está vacía)."""
    return int(s.scalar(select(func.max(Bitacora.id))) or 0)


def entradas_desde(s: Session, desde_id: int, usuario: str) -> list[int]:
    """Ids de las entradas reversibles de `usuario` posteriores a `desde_id` (lo que hizo)."""
    s.flush()
    consulta = select(Bitacora.id).where(
        Bitacora.id > desde_id,
        Bitacora.usuario_nombre == usuario,
        Bitacora.accion.in_(ACCIONES_REVERSIBLES),
    )
    return [int(i) for i in s.scalars(consulta.order_by(Bitacora.id))]


@dataclass(frozen=True)
class EntradaHistorial:
    """Una decisión de la bitácora, con si se puede deshacer y por qué no."""

    bitacora_id: int
    momento: dt.datetime
    usuario: str
    accion: str
    entidad: str
    entidad_id: int | None
    cambios: dict[str, Any]
    revierte_id: int | None
    motivo: str | None

    @property
    def reversible(self) -> bool:
        """True si el botón «Revertir» puede actuar."""
        return self.motivo is None


def historial(
    s: Session,
    entidades: Sequence[str],
    entidad_id: int | None = None,
    limite: int = LIMITE_HISTORIAL,
) -> list[EntradaHistorial]:
    """Las decisiones más recientes de esas entidades (o de un objeto), la más nueva primero."""
    consulta = select(Bitacora).where(
        Bitacora.entidad.in_(list(entidades)), Bitacora.accion.in_(ACCIONES_REVERSIBLES)
    )
    if entidad_id is not None:
        consulta = consulta.where(Bitacora.entidad_id == entidad_id)
    filas = s.scalars(consulta.order_by(Bitacora.id.desc()).limit(limite))
    return [
        EntradaHistorial(
            bitacora_id=f.id,
            momento=f.momento,
            usuario=f.usuario_nombre,
            accion=f.accion,
            entidad=f.entidad,
            entidad_id=f.entidad_id,
            cambios=dict(f.cambios or {}),
            revierte_id=f.revierte_id,
            motivo=motivo_para_no_deshacer(s, f),
        )
        for f in filas
    ]
