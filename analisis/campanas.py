"""Cumplimiento de la pauta: ordenado contra entregado y costo por entrega (por orden o grupo)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

CENTAVO = Decimal("0.01")
K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


@dataclass(frozen=True)
class Avance:
    """Lo ordenado, lo entregado y lo que falta de una orden (o de varias sumadas), con su costo.

    `faltan` se cuenta por orden: los spots de más en una orden no pagan los que debe otra.
    """

    ordenadas: int
    entregadas: int
    faltan: int
    costo: Decimal

    @property
    def cumplidas(self) -> int:
        """Entregas que cuentan para el cumplimiento (sin las de más)."""
        return self.ordenadas - self.faltan

    @property
    def proporcion(self) -> float | None:
        """Cumplimiento de 0 a 1 (None si no se ordenó nada)."""
        return self.cumplidas / self.ordenadas if self.ordenadas else None

    @property
    def costo_por_entrega(self) -> Decimal | None:
        """Costo entre todo lo entregado (None si nada): lo que costó cada spot o inserción."""
        if not self.entregadas:
            return None
        return (self.costo / self.entregadas).quantize(CENTAVO, rounding=ROUND_HALF_UP)


def avance(ordenadas: int, entregadas: int, costo: Decimal) -> Avance:
    """Avance de una sola orden."""
    return Avance(ordenadas, entregadas, max(ordenadas - entregadas, 0), costo)


def sumar(avances: Iterable[Avance]) -> Avance:
    """Suma de varias órdenes (de un medio, de una campaña)."""
    lista = list(avances)
    return Avance(
        ordenadas=sum(a.ordenadas for a in lista),
        entregadas=sum(a.entregadas for a in lista),
        faltan=sum(a.faltan for a in lista),
        costo=sum((a.costo for a in lista), Decimal("0")),
    )


def agrupar(
    filas: Iterable[T], clave: Callable[[T], K], de: Callable[[T], Avance]
) -> dict[K, Avance]:
    """Avance sumado por clave (medio, tipo de orden...), en el orden en que aparecen."""
    grupos: dict[K, list[Avance]] = {}
    for fila in filas:
        grupos.setdefault(clave(fila), []).append(de(fila))
    return {k: sumar(v) for k, v in grupos.items()}
