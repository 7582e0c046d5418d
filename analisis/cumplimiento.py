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
# Estados de un mes de vigencia: sólo un mes que ya terminó puede no cumplir.
CUMPLE = "cumple"
NO_CUMPLE = "no cumple"
EN_CURSO = "en curso"
PENDIENTE = "pendiente"


@dataclass(frozen=True)
class NotaEntregada:
    """Una nota del medio dentro de la vigencia: su id y su fecha local de publicación."""

    id: int
    fecha: dt.date


@dataclass(frozen=True)
class CumplimientoMes:
    """Notas entregadas en un mes contra las acordadas, con los ids como prueba y su estado.

    `acordadas` es la meta del mes (prorrateada si la vigencia no cubre el mes completo);
    `esperadas` es lo exigible a la fecha: igual a la meta en meses cerrados, prorrateada por
    los días transcurridos en el mes en curso y 0 en los meses que no han empezado.
    """

    anio: int
    mes: int
    acordadas: int
    publicadas: int
    nota_ids: tuple[int, ...]
    parcial: bool
    estado: str = CUMPLE
    esperadas: int = 0

    @property
    def proporcion(self) -> float | None:
        """Entregadas / exigibles a la fecha (None si todavía no se exige ninguna)."""
        return self.publicadas / self.esperadas if self.esperadas else None

    @property
    def cumple(self) -> bool | None:
        """¿Entregó lo acordado? None mientras el mes no termina."""
        return {CUMPLE: True, NO_CUMPLE: False}.get(self.estado)

    @property
    def evaluado(self) -> bool:
        """El mes ya terminó: cuenta para «meses que cumplen»."""
        return self.estado in {CUMPLE, NO_CUMPLE}

    @property
    def texto_estado(self) -> str:
        """«cumple», «no cumple», «en curso (3 de 5 exigibles a la fecha)» o «pendiente»."""
        if self.estado == EN_CURSO:
            return f"en curso ({self.publicadas} de {self.esperadas} exigibles a la fecha)"
        return self.estado


@dataclass(frozen=True)
class ResumenConvenio:
    """Lo que se informa de un convenio: entregadas y meses cerrados que cumplen."""

    entregadas: int
    meses_evaluados: int
    meses_cumplidos: int

    @property
    def texto(self) -> str:
        """«2 de 3 meses cerrados» (o «sin meses cerrados»)."""
        if not self.meses_evaluados:
            return "sin meses cerrados"
        return f"{self.meses_cumplidos} de {self.meses_evaluados} meses cerrados"


def resumir(meses: Iterable[CumplimientoMes]) -> ResumenConvenio:
    """Entregadas en la vigencia y meses cerrados (con meta) que cumplen."""
    lista = list(meses)
    evaluados = [m for m in lista if m.evaluado and m.acordadas]
    return ResumenConvenio(
        entregadas=sum(m.publicadas for m in lista),
        meses_evaluados=len(evaluados),
        meses_cumplidos=sum(bool(m.cumple) for m in evaluados),
    )


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


def _estado(
    anio: int, mes: int, acordadas: int, entregadas: int, hoy: dt.date, inicio: dt.date
) -> tuple[str, int]:
    """(estado, exigibles a la fecha) del mes según el día de hoy."""
    dias_mes = calendar.monthrange(anio, mes)[1]
    primero, ultimo = dt.date(anio, mes, 1), dt.date(anio, mes, dias_mes)
    if hoy < max(primero, inicio):
        return PENDIENTE, 0
    if hoy <= ultimo:
        # Prorrateo hacia abajo: el medio no debe una nota hasta completar su parte del mes.
        desde = max(primero, inicio)
        transcurridos = (hoy - desde).days + 1
        vigentes = (ultimo - desde).days + 1
        return EN_CURSO, math.floor(acordadas * transcurridos / vigentes)
    return (CUMPLE if entregadas >= acordadas else NO_CUMPLE), acordadas


def cumplimiento_mensual(
    notas: Iterable[NotaEntregada],
    notas_mes: int,
    inicio: dt.date,
    fin: dt.date,
    hoy: dt.date | None = None,
) -> list[CumplimientoMes]:
    """Un renglón por mes de la vigencia: acordadas, entregadas, ids y estado según `hoy`.

    Sin `hoy` todos los meses se evalúan como cerrados (útil para revisar una vigencia pasada).
    """
    por_mes: dict[tuple[int, int], list[int]] = defaultdict(list)
    for nota in notas:
        if inicio <= nota.fecha <= fin:
            por_mes[(nota.fecha.year, nota.fecha.month)].append(nota.id)
    filas = []
    for anio, mes in meses_entre(inicio, fin):
        ids = tuple(sorted(por_mes.get((anio, mes), [])))
        acordadas = acordadas_en_mes(notas_mes, anio, mes, inicio, fin)
        estado, esperadas = _estado(anio, mes, acordadas, len(ids), hoy or dt.date.max, inicio)
        parcial = acordadas != notas_mes
        filas.append(
            CumplimientoMes(anio, mes, acordadas, len(ids), ids, parcial, estado, esperadas)
        )
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
