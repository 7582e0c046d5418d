"""Cumplimiento de convenios, costo por nota entregada y embudo invitado → asistió → publicó."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENTAVO = Decimal("0.01")


@dataclass(frozen=True)
class NotaEntregada:
    """Una nota del medio dentro de la vigencia: su id y su fecha local de publicación."""

    id: int
    fecha: dt.date


@dataclass(frozen=True)
class CumplimientoMes:
    """Notas publicadas en un mes contra las acordadas, con los ids como prueba."""

    anio: int
    mes: int
    acordadas: int
    publicadas: int
    nota_ids: tuple[int, ...]
    parcial: bool

    @property
    def proporcion(self) -> float | None:
        """Publicadas / acordadas (None si no se acordó ninguna)."""
        return self.publicadas / self.acordadas if self.acordadas else None

    @property
    def cumple(self) -> bool:
        """¿Publicó al menos lo acordado?"""
        return self.publicadas >= self.acordadas


def meses_entre(inicio: dt.date, fin: dt.date) -> list[tuple[int, int]]:
    """Meses (año, mes) que toca el intervalo [inicio, fin]."""
    meses: list[tuple[int, int]] = []
    anio, mes = inicio.year, inicio.month
    while (anio, mes) <= (fin.year, fin.month):
        meses.append((anio, mes))
        anio, mes = (anio + 1, 1) if mes == 12 else (anio, mes + 1)
    return meses


def acordadas_en_mes(notas_mes: int, anio: int, mes: int, inicio: dt.date, fin: dt.date) -> int:
    """Notas exigibles en el mes, prorrateadas por los días de vigencia (redondeo hacia arriba)."""
    dias_mes = calendar.monthrange(anio, mes)[1]
    desde = max(inicio, dt.date(anio, mes, 1))
    hasta = min(fin, dt.date(anio, mes, dias_mes))
    dias = (hasta - desde).days + 1
    if dias >= dias_mes:
        return notas_mes
    # Un convenio que empieza el día 16 exige la mitad del mes, no el mes completo.
    return math.ceil(notas_mes * dias / dias_mes)


def cumplimiento_mensual(
    notas: Iterable[NotaEntregada], notas_mes: int, inicio: dt.date, fin: dt.date
) -> list[CumplimientoMes]:
    """Un renglón por mes de la vigencia: acordadas, publicadas y los ids de las notas."""
    por_mes: dict[tuple[int, int], list[int]] = defaultdict(list)
    for nota in notas:
        if inicio <= nota.fecha <= fin:
            por_mes[(nota.fecha.year, nota.fecha.month)].append(nota.id)
    filas = []
    for anio, mes in meses_entre(inicio, fin):
        ids = tuple(sorted(por_mes.get((anio, mes), [])))
        acordadas = acordadas_en_mes(notas_mes, anio, mes, inicio, fin)
        parcial = acordadas != notas_mes
        filas.append(CumplimientoMes(anio, mes, acordadas, len(ids), ids, parcial))
    return filas


def costo_por_nota(monto_total: Decimal, notas_entregadas: int) -> Decimal | None:
    """Monto pagado entre notas entregadas, al centavo; None si no entregó ninguna."""
    if notas_entregadas <= 0:
        return None
    return (monto_total / notas_entregadas).quantize(CENTAVO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FilaEmbudo:
    """Una invitación con su respuesta, su asistencia y si el medio publicó algo del evento."""

    evento_id: int
    medio_id: int
    respuesta: str
    asistio: bool | None
    publico: bool


@dataclass
class Embudo:
    """Conteos del embudo invitado → confirmó → asistió → publicó."""

    invitados: int = 0
    confirmados: int = 0
    asistieron: int = 0
    publicaron: int = 0
    medios_publicaron: list[int] = field(default_factory=list)

    @property
    def tasa_asistencia(self) -> float | None:
        """Asistieron / invitados."""
        return self.asistieron / self.invitados if self.invitados else None

    @property
    def tasa_publicacion(self) -> float | None:
        """Publicaron / invitados."""
        return self.publicaron / self.invitados if self.invitados else None


def embudo(filas: Sequence[FilaEmbudo]) -> Embudo:
    """Cuenta cada etapa del embudo para un conjunto de invitaciones."""
    resultado = Embudo()
    for fila in filas:
        resultado.invitados += 1
        resultado.confirmados += fila.respuesta == "confirmado"
        resultado.asistieron += bool(fila.asistio)
        if fila.publico:
            resultado.publicaron += 1
            resultado.medios_publicaron.append(fila.medio_id)
    return resultado


def embudo_por(
    filas: Sequence[FilaEmbudo], clave: Callable[[FilaEmbudo], Hashable]
) -> dict[Hashable, Embudo]:
    """Embudo agrupado (por evento, por medio...) según la función `clave`."""
    grupos: dict[Hashable, list[FilaEmbudo]] = defaultdict(list)
    for fila in filas:
        grupos[clave(fila)].append(fila)
    return {k: embudo(v) for k, v in grupos.items()}
