"""Convenios de difusión: alta y edición validadas, cumplimiento mensual y notas pagadas."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Convenio, Medio
from datos.repositorio.bitacora import cambiar, registrar

log = logging.getLogger(__name__)

# IVA general en México (Ley del IVA, art. 1); la región fronteriza (8 %) no aplica a S.L.P.
TASA_IVA = Decimal("0.16")
CENTAVO = Decimal("0.01")
# Diferencia tolerada entre total y subtotal + IVA al capturar a mano (redondeo de la factura).
TOLERANCIA = Decimal("0.05")
CAMPOS_CONVENIO = frozenset(
    {
        "numero",
        "concepto",
        "campana",
        "area_solicitante",
        "tipo_servicio",
        "monto_sin_iva",
        "iva",
        "monto_total",
        "vigencia_inicio",
        "vigencia_fin",
        "notas_mes",
        "spots_mes",
        "banners_mes",
        "inserciones_mes",
        "observaciones",
    }
)
ENTREGABLES = ("notas_mes", "spots_mes", "banners_mes", "inserciones_mes")


class ConvenioInvalido(ValueError):
    """Datos de convenio que no se pueden guardar (mensaje en español)."""


def _dinero(valor: object, campo: str) -> Decimal | None:
    """Monto como Decimal al centavo; None si falta; error si no es número o es negativo."""
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    try:
        texto = str(valor).replace(",", "").replace("$", "").strip()
        monto = Decimal(texto).quantize(CENTAVO, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ConvenioInvalido(f"{campo} no es un monto válido: {valor!r}") from exc
    if not monto.is_finite() or monto < 0:
        raise ConvenioInvalido(f"{campo} no puede ser negativo")
    return monto


def calcular_montos(
    monto_sin_iva: object, iva: object, monto_total: object
) -> tuple[Decimal, Decimal, Decimal]:
    """Completa subtotal, IVA (16 % si no se da) y total, y comprueba que cuadren."""
    sin_iva = _dinero(monto_sin_iva, "el monto sin IVA")
    impuesto = _dinero(iva, "el IVA")
    total = _dinero(monto_total, "el monto total")
    if sin_iva is None and total is None:
        raise ConvenioInvalido("indique el monto sin IVA o el monto total")
    if sin_iva is None:
        assert total is not None
        base = total - impuesto if impuesto is not None else total / (1 + TASA_IVA)
        sin_iva = base.quantize(CENTAVO, rounding=ROUND_HALF_UP)
    if impuesto is None:
        bruto = total - sin_iva if total is not None else sin_iva * TASA_IVA
        impuesto = bruto.quantize(CENTAVO, rounding=ROUND_HALF_UP)
    total = sin_iva + impuesto if total is None else total
    if impuesto < 0 or abs(sin_iva + impuesto - total) > TOLERANCIA:
        raise ConvenioInvalido(
            f"los montos no cuadran: {sin_iva} + IVA {impuesto} no es el total {total}"
        )
    return sin_iva, impuesto, total


def _validar_vigencia(inicio: object, fin: object) -> None:
    """Fechas (date) con fin no anterior al inicio."""
    if not isinstance(inicio, dt.date) or not isinstance(fin, dt.date):
        raise ConvenioInvalido("la vigencia necesita fecha de inicio y de fin")
    if fin < inicio:
        raise ConvenioInvalido("la vigencia termina antes de empezar")


def _validar_entregables(datos: dict[str, Any]) -> None:
    """Los entregables mensuales son enteros no negativos."""
    for campo in ENTREGABLES:
        valor = datos.get(campo, 0)
        if not isinstance(valor, int) or isinstance(valor, bool) or valor < 0:
            raise ConvenioInvalido(f"{campo.replace('_', ' ')} debe ser un entero ≥ 0")


def _validar_numero(s: Session, numero: str, convenio_id: int | None = None) -> str:
    """Número de contrato no vacío y único."""
    limpio = (numero or "").strip()
    if not limpio:
        raise ConvenioInvalido("el convenio necesita un número de contrato")
    otro = s.scalar(select(Convenio.id).where(Convenio.numero == limpio))
    if otro is not None and otro != convenio_id:
        raise ConvenioInvalido(f"ya existe un convenio con el número {limpio}")
    return limpio


def crear_convenio(
    s: Session,
    *,
    medio_id: int,
    numero: str,
    concepto: str,
    vigencia_inicio: dt.date,
    vigencia_fin: dt.date,
    usuario: str,
    monto_sin_iva: object = None,
    iva: object = None,
    monto_total: object = None,
    **datos: Any,
) -> Convenio:
    """Da de alta un convenio validado (IVA 16 % si no se da) y lo anota en la bitácora."""
    if s.get(Medio, medio_id) is None:
        raise ConvenioInvalido(f"no existe el medio {medio_id}")
    desconocidos = set(datos) - CAMPOS_CONVENIO
    if desconocidos:
        raise ConvenioInvalido(f"campos desconocidos: {', '.join(sorted(desconocidos))}")
    if not (concepto or "").strip():
        raise ConvenioInvalido("el convenio necesita un concepto")
    _validar_vigencia(vigencia_inicio, vigencia_fin)
    _validar_entregables(datos)
    sin_iva, impuesto, total = calcular_montos(monto_sin_iva, iva, monto_total)
    convenio = Convenio(
        medio_id=medio_id,
        numero=_validar_numero(s, numero),
        concepto=concepto.strip(),
        vigencia_inicio=vigencia_inicio,
        vigencia_fin=vigencia_fin,
        monto_sin_iva=sin_iva,
        iva=impuesto,
        monto_total=total,
        **datos,
    )
    s.add(convenio)
    s.flush()
    registrar(s, usuario, "crear", "convenio", convenio.id, {"numero": [None, convenio.numero]})
    return convenio


def obtener(s: Session, convenio_id: int) -> Convenio:
    """El convenio con ese id o ConvenioInvalido."""
    convenio = s.get(Convenio, convenio_id)
    if convenio is None:
        raise ConvenioInvalido(f"no existe el convenio {convenio_id}")
    return convenio


def editar_convenio(s: Session, convenio_id: int, usuario: str, **cambios: Any) -> bool:
    """Edita un convenio revalidando vigencia, entregables y montos; False si nada cambió."""
    convenio = obtener(s, convenio_id)
    desconocidos = set(cambios) - CAMPOS_CONVENIO
    if desconocidos:
        raise ConvenioInvalido(f"campos no editables: {', '.join(sorted(desconocidos))}")
    if "numero" in cambios:
        cambios["numero"] = _validar_numero(s, cambios["numero"], convenio.id)
    inicio = cambios.get("vigencia_inicio", convenio.vigencia_inicio)
    _validar_vigencia(inicio, cambios.get("vigencia_fin", convenio.vigencia_fin))
    _validar_entregables({c: cambios.get(c, getattr(convenio, c)) for c in ENTREGABLES})
    if {"monto_sin_iva", "iva", "monto_total"} & set(cambios):
        cambios.update(_montos_editados(convenio, cambios))
    return cambiar(s, usuario, convenio, cambios)


def _montos_editados(convenio: Convenio, cambios: dict[str, Any]) -> dict[str, Decimal]:
    """Recalcula los montos: lo que no se editó y depende de lo editado se vuelve a calcular."""
    sin_iva = cambios.get("monto_sin_iva")
    iva = cambios.get("iva")
    total = cambios.get("monto_total")
    if sin_iva is None and total is None:
        sin_iva = convenio.monto_sin_iva
    sin_iva_, iva_, total_ = calcular_montos(sin_iva, iva, total)
    return {"monto_sin_iva": sin_iva_, "iva": iva_, "monto_total": total_}


def convenios_del_periodo(s: Session, desde: dt.date, hasta: dt.date) -> list[Convenio]:
    """Convenios cuya vigencia toca el periodo [desde, hasta]."""
    consulta = (
        select(Convenio)
        .where(Convenio.vigencia_inicio <= hasta, Convenio.vigencia_fin >= desde)
        .order_by(Convenio.numero)
    )
    return list(s.scalars(consulta))
