"""Fuentes de recolección: cuáles tocan y su salud tras cada intento."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from datos.modelos import Fuente, Medio, TipoFuente

# Tope del retroceso exponencial: una fuente caída se vuelve a probar al menos una vez al día.
RETROCESO_MAXIMO = dt.timedelta(hours=24)
# Los motivos se recortan para que un traceback largo no llene la tabla.
LARGO_MAXIMO_MOTIVO = 500


def fuentes_vencidas(
    s: Session,
    ahora: dt.datetime,
    medio: str | None = None,
    *,
    tipo: TipoFuente | None = None,
    todas: bool = False,
) -> list[Fuente]:
    """Fuentes activas de medios activos cuyo próximo intento ya pasó (o todas si se pide)."""
    consulta = (
        select(Fuente)
        .join(Medio, Fuente.medio_id == Medio.id)
        .where(Fuente.activa.is_(True), Medio.activo.is_(True))
        .order_by(Fuente.id)
    )
    if not todas:
        consulta = consulta.where(
            or_(Fuente.proximo_intento.is_(None), Fuente.proximo_intento <= ahora)
        )
    if medio is not None:
        consulta = consulta.where(Medio.nombre == medio)
    if tipo is not None:
        consulta = consulta.where(Fuente.tipo == tipo)
    return list(s.scalars(consulta))


def existe_medio(s: Session, nombre: str) -> bool:
    """¿Hay un medio con ese nombre?"""
    return s.scalar(select(Medio.id).where(Medio.nombre == nombre)) is not None


def registrar_exito(
    s: Session,
    fuente_id: int,
    ahora: dt.datetime,
    etag: str | None,
    ultima_modificacion: str | None,
    notas_nuevas: int,
    *,
    aviso: str | None = None,
) -> None:
    """Marca la fuente sana, guarda los validadores de GET condicional y agenda el siguiente.

    `aviso` deja constancia de fallas parciales (algunas notas) sin contar una falla de la fuente.
    """
    fuente = s.get_one(Fuente, fuente_id)
    fuente.ultimo_intento = ahora
    fuente.ultimo_exito = ahora
    fuente.fallas_consecutivas = 0
    fuente.motivo_error = aviso[:LARGO_MAXIMO_MOTIVO] if aviso else None
    fuente.etag = etag
    fuente.ultima_modificacion = ultima_modificacion
    # Suma en SQL: con varios procesos de rastreo una suma en Python pierde cuentas.
    fuente.notas_totales = Fuente.notas_totales + notas_nuevas
    s.flush()
    s.refresh(fuente, ["notas_totales"])
    fuente.proximo_intento = ahora + dt.timedelta(minutes=fuente.intervalo_minutos)


def retroceso(intervalo_minutos: int, fallas: int) -> dt.timedelta:
    """Espera tras `fallas` fallas seguidas: intervalo × 2^fallas, con tope de 24 h."""
    exponente = min(fallas, 20)  # 2^20 intervalos ya rebasa cualquier tope; evita números enormes
    espera: dt.timedelta = dt.timedelta(minutes=intervalo_minutos) * (2**exponente)
    return min(espera, RETROCESO_MAXIMO)


def registrar_falla(s: Session, fuente_id: int, ahora: dt.datetime, motivo: str) -> None:
    """Cuenta la falla con su motivo y aleja el próximo intento con retroceso exponencial."""
    fuente = s.get_one(Fuente, fuente_id)
    fuente.ultimo_intento = ahora
    fuente.ultimo_error = ahora
    fuente.motivo_error = motivo[:LARGO_MAXIMO_MOTIVO]
    fuente.fallas_consecutivas = Fuente.fallas_consecutivas + 1
    s.flush()
    s.refresh(fuente, ["fallas_consecutivas"])
    fuente.proximo_intento = ahora + retroceso(fuente.intervalo_minutos, fuente.fallas_consecutivas)


class FuenteInvalida(ValueError):
    """No se puede registrar la fuente (mensaje en español)."""


def agregar_fuente(
    s: Session,
    *,
    medio: str,
    tipo: str,
    url: str,
    intervalo: int = 60,
    patron: str | None = None,
) -> Fuente:
    """Registra una fuente de un medio existente; la URL ya fue validada contra SSRF."""
    medio_obj = s.scalar(select(Medio).where(Medio.nombre == medio))
    if medio_obj is None:
        raise FuenteInvalida(f"no existe el medio {medio!r}; regístrelo primero")
    try:
        tipo_fuente = TipoFuente(tipo)
    except ValueError as exc:
        raise FuenteInvalida(
            f"tipo de fuente desconocido {tipo!r}: use rss, sitemap, seccion o pdf"
        ) from exc
    if intervalo <= 0:
        raise FuenteInvalida("el intervalo debe ser de al menos un minuto")
    if s.scalar(select(Fuente.id).where(Fuente.url == url)) is not None:
        raise FuenteInvalida(f"ya existe una fuente con la URL {url}")
    fuente = Fuente(
        medio=medio_obj,
        tipo=tipo_fuente,
        url=url,
        intervalo_minutos=intervalo,
        patron_enlaces=patron,
    )
    s.add(fuente)
    s.flush()
    return fuente
