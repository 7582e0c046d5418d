"""Agenda: eventos con prioridad y cobertura, invitaciones a medios y embudo por evento y medio."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analisis.prioridad import sugerir_prioridad
from datos.config import cargar
from datos.modelos import (
    Boletin,
    EstadoEvento,
    Evento,
    Invitacion,
    Medio,
    RespuestaInvitacion,
)
from datos.repositorio.bitacora import cambiar, registrar

TRANSICIONES_EVENTO: dict[EstadoEvento, frozenset[EstadoEvento]] = {
    EstadoEvento.PROPUESTO: frozenset({EstadoEvento.CONFIRMADO, EstadoEvento.CANCELADO}),
    EstadoEvento.CONFIRMADO: frozenset(
        {EstadoEvento.CUBIERTO, EstadoEvento.CANCELADO, EstadoEvento.PROPUESTO}
    ),
    EstadoEvento.CUBIERTO: frozenset({EstadoEvento.CONFIRMADO}),
    EstadoEvento.CANCELADO: frozenset({EstadoEvento.PROPUESTO}),
}
CAMPOS_EVENTO = frozenset(
    {
        "titulo",
        "descripcion",
        "inicio",
        "fin",
        "lugar",
        "localidad",
        "dependencia",
        "responsable",
        "tipo",
        "prioridad",
    }
)
COLUMNAS_AGENDA = [
    "id",
    "titulo",
    "inicio",
    "fin",
    "lugar",
    "localidad",
    "dependencia",
    "responsable",
    "tipo",
    "prioridad",
    "estado",
    "cobertura",
]


class EventoInvalido(ValueError):
    """Datos o cambio de evento que no se pueden aplicar (mensaje en español)."""


def obtener_evento(s: Session, evento_id: int) -> Evento:
    """El evento con ese id o EventoInvalido."""
    evento = s.get(Evento, evento_id)
    if evento is None:
        raise EventoInvalido(f"no existe el evento {evento_id}")
    return evento


def _validar_horario(inicio: dt.datetime, fin: dt.datetime | None) -> None:
    """Fechas con zona y fin no anterior al inicio."""
    if inicio.tzinfo is None or (fin is not None and fin.tzinfo is None):
        raise EventoInvalido("las fechas del evento deben llevar zona horaria")
    if fin is not None and fin < inicio:
        raise EventoInvalido("el evento no puede terminar antes de empezar")


def _validar_prioridad(prioridad: int) -> int:
    """Prioridad entera de 1 a 5."""
    if not 1 <= int(prioridad) <= 5:
        raise EventoInvalido("la prioridad va de 1 (baja) a 5 (máxima)")
    return int(prioridad)


def crear_evento(
    s: Session,
    *,
    titulo: str,
    inicio: dt.datetime,
    usuario: str,
    fin: dt.datetime | None = None,
    tipo: str | None = None,
    audiencia: int | None = None,
    con_presidenta: bool = False,
    prioridad: int | None = None,
    **datos: Any,
) -> Evento:
    """Da de alta un evento con prioridad sugerida (editable) y lo anota en la bitácora."""
    if not titulo.strip():
        raise EventoInvalido("el evento necesita un título")
    _validar_horario(inicio, fin)
    desconocidos = set(datos) - CAMPOS_EVENTO
    if desconocidos:
        raise EventoInvalido(f"campos desconocidos: {', '.join(sorted(desconocidos))}")
    sugerida = sugerir_prioridad(tipo, audiencia, con_presidenta=con_presidenta)
    final = _validar_prioridad(prioridad) if prioridad is not None else sugerida
    evento = Evento(
        titulo=titulo.strip(),
        inicio=inicio,
        fin=fin,
        tipo=tipo,
        prioridad=final,
        prioridad_sugerida=sugerida,
        cobertura={},
        **datos,
    )
    s.add(evento)
    s.flush()
    registrar(s, usuario, "crear", "evento", evento.id, {"titulo": [None, evento.titulo]})
    return evento


def editar_evento(s: Session, evento_id: int, usuario: str, **cambios: Any) -> bool:
    """Edita datos del evento (incluida la prioridad) y los anota; False si nada cambió."""
    evento = obtener_evento(s, evento_id)
    desconocidos = set(cambios) - CAMPOS_EVENTO
    if desconocidos:
        raise EventoInvalido(f"campos no editables: {', '.join(sorted(desconocidos))}")
    if "prioridad" in cambios:
        cambios["prioridad"] = _validar_prioridad(cambios["prioridad"])
    _validar_horario(cambios.get("inicio", evento.inicio), cambios.get("fin", evento.fin))
    return cambiar(s, usuario, evento, cambios)


def cambiar_estado_evento(
    s: Session, evento_id: int, estado: EstadoEvento | str, usuario: str
) -> Evento:
    """Propuesto → confirmado → cubierto (o cancelado), según las transiciones válidas."""
    evento = obtener_evento(s, evento_id)
    try:
        nuevo = EstadoEvento(estado)
    except ValueError as exc:
        raise EventoInvalido(f"estado de evento desconocido: {estado!r}") from exc
    if nuevo not in TRANSICIONES_EVENTO[evento.estado]:
        raise EventoInvalido(f"el evento no puede pasar de {evento.estado.value} a {nuevo.value}")
    cambiar(s, usuario, evento, {"estado": nuevo})
    return evento


def asignar_cobertura(
    s: Session, evento_id: int, funcion: str, persona: str | None, usuario: str
) -> Evento:
    """Asigna (o quita, con None) quién cubre una función: foto, video, audio, redacción."""
    evento = obtener_evento(s, evento_id)
    funcion = funcion.strip().lower()
    if not funcion:
        raise EventoInvalido("indique qué se cubre (foto, video, audio...)")
    cobertura = dict(evento.cobertura or {})
    if persona and persona.strip():
        cobertura[funcion] = persona.strip()
    else:
        cobertura.pop(funcion, None)
    cambiar(s, usuario, evento, {"cobertura": cobertura})
    return evento


def eventos_entre(
    s: Session, desde: dt.date, hasta: dt.date, zona: ZoneInfo | None = None
) -> pd.DataFrame:
    """Eventos de los días locales [desde, hasta], por hora y prioridad; fechas en hora local."""
    zona = zona or cargar().zona
    inicio = dt.datetime.combine(desde, dt.time(), zona)
    fin = dt.datetime.combine(hasta + dt.timedelta(days=1), dt.time(), zona)
    consulta = (
        select(Evento)
        .where(Evento.inicio >= inicio, Evento.inicio < fin)
        .order_by(Evento.inicio, Evento.prioridad.desc())
    )
    filas = [_fila_agenda(e, zona) for e in s.scalars(consulta)]
    return pd.DataFrame(filas, columns=COLUMNAS_AGENDA)


def dia_con_eventos(s: Session, hoy: dt.date, zona: ZoneInfo | None = None) -> dt.date:
    """Hoy si hay eventos hoy; si no, el siguiente día con eventos; si no hay ninguno, hoy."""
    zona = zona or cargar().zona
    desde = dt.datetime.combine(hoy, dt.time(), zona)
    primero = s.scalar(select(func.min(Evento.inicio)).where(Evento.inicio >= desde))
    return primero.astimezone(zona).date() if primero is not None else hoy


def _fila_agenda(evento: Evento, zona: ZoneInfo) -> dict[str, Any]:
    """Un evento como renglón de la agenda, en hora local."""
    return {
        "id": evento.id,
        "titulo": evento.titulo,
        "inicio": evento.inicio.astimezone(zona),
        "fin": evento.fin.astimezone(zona) if evento.fin else None,
        "lugar": evento.lugar,
        "localidad": evento.localidad,
        "dependencia": evento.dependencia,
        "responsable": evento.responsable,
        "tipo": evento.tipo,
        "prioridad": evento.prioridad,
        "estado": evento.estado.value,
        "cobertura": dict(evento.cobertura or {}),
    }


def invitar(s: Session, evento_id: int, medio_ids: Sequence[int], usuario: str) -> list[Invitacion]:
    """Una invitación por medio (sin duplicar); devuelve las de esos medios."""
    evento = obtener_evento(s, evento_id)
    actuales = {i.medio_id: i for i in evento.invitaciones}
    nuevos = []
    for medio_id in medio_ids:
        if medio_id in actuales:
            continue
        if s.get(Medio, medio_id) is None:
            raise EventoInvalido(f"no existe el medio {medio_id}")
        actuales[medio_id] = Invitacion(evento_id=evento.id, medio_id=medio_id)
        evento.invitaciones.append(actuales[medio_id])
        nuevos.append(medio_id)
    s.flush()
    if nuevos:
        registrar(s, usuario, "invitar", "evento", evento.id, {"medios": [None, nuevos]})
    return [actuales[m] for m in medio_ids]


def _invitacion(s: Session, invitacion_id: int) -> Invitacion:
    """La invitación con ese id o EventoInvalido."""
    invitacion = s.get(Invitacion, invitacion_id)
    if invitacion is None:
        raise EventoInvalido(f"no existe la invitación {invitacion_id}")
    return invitacion


def registrar_respuesta(
    s: Session, invitacion_id: int, respuesta: RespuestaInvitacion | str, usuario: str
) -> Invitacion:
    """Confirmado, declinado o sin respuesta."""
    invitacion = _invitacion(s, invitacion_id)
    try:
        valor = RespuestaInvitacion(respuesta)
    except ValueError as exc:
        raise EventoInvalido(f"respuesta desconocida: {respuesta!r}") from exc
    cambiar(s, usuario, invitacion, {"respuesta": valor})
    return invitacion


def registrar_asistencia(s: Session, invitacion_id: int, asistio: bool, usuario: str) -> Invitacion:
    """Anota si el medio asistió al evento."""
    invitacion = _invitacion(s, invitacion_id)
    cambiar(s, usuario, invitacion, {"asistio": bool(asistio)})
    return invitacion


def enlazar_boletin(s: Session, evento_id: int, boletin_id: int, usuario: str) -> Boletin:
    """Enlaza un boletín al evento del que habla."""
    obtener_evento(s, evento_id)
    boletin = s.get(Boletin, boletin_id)
    if boletin is None:
        raise EventoInvalido(f"no existe el boletín {boletin_id}")
    cambiar(s, usuario, boletin, {"evento_id": evento_id})
    return boletin
