"""Agenda de la demostración: eventos con invitaciones a medios y convenios de difusión."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from demo.redaccion import contenido
from demo.tipos import (
    ZONA,
    BoletinDemo,
    ContactoDemo,
    ConvenioDemo,
    EventoDemo,
    InvitacionDemo,
    MedioDemo,
)

IVA = Decimal("0.16")
CENTAVO = Decimal("0.01")
# Respuestas típicas a una invitación (la mitad confirma; una cuarta parte no contesta).
RESPUESTAS = ("confirmado", "declinado", "sin_respuesta")
PESOS_RESPUESTA = (0.6, 0.15, 0.25)
DURACION_EVENTO = dt.timedelta(hours=2)


def _invitados(m: MedioDemo) -> list[ContactoDemo]:
    """Contactos del medio que reciben invitaciones."""
    return [c for c in m.contactos if c.recibe_invitaciones]


def _inicio(datos: dict[str, object], boletines: list[BoletinDemo], hoy: dt.date) -> dt.datetime:
    """Inicio del evento: dos horas antes de su último boletín, o su fecha en la agenda."""
    suyos = [b.fecha for b in boletines if b.evento == datos["clave"]]
    if suyos:
        return max(suyos) - DURACION_EVENTO
    dia = hoy - dt.timedelta(days=int(str(datos["dias"])))
    hora = dt.time.fromisoformat(str(datos["hora"]))
    return dt.datetime.combine(dia, hora, tzinfo=ZONA)


def _invitaciones(
    inicio: dt.datetime, medios: list[MedioDemo], ahora: dt.datetime, rng: random.Random
) -> list[InvitacionDemo]:
    """Invita a algunos medios con contactos y registra respuesta y, si ya pasó, asistencia."""
    candidatos = [m for m in medios if _invitados(m)]
    elegidos = sorted(rng.sample(range(len(candidatos)), rng.randint(4, 8)))
    invitaciones = []
    for k in elegidos:
        enviada = min(inicio - dt.timedelta(days=rng.randint(1, 3), hours=3), ahora)
        respuesta = rng.choices(RESPUESTAS, PESOS_RESPUESTA)[0]
        asistio = None
        if inicio < ahora:
            asistio = rng.random() < (0.85 if respuesta == "confirmado" else 0.1)
        invitaciones.append(InvitacionDemo(candidatos[k].slug, enviada, respuesta, asistio))
    return invitaciones


def eventos(
    boletines: list[BoletinDemo], medios: list[MedioDemo], ahora: dt.datetime, rng: random.Random
) -> list[EventoDemo]:
    """Eventos pasados y próximos de agenda.toml con sus invitaciones."""
    resultado = []
    for d in contenido("agenda.toml")["evento"]:
        inicio = _inicio(d, boletines, ahora.date())
        pasado = inicio < ahora
        estado = "cubierto" if pasado else ("confirmado" if d["prioridad"] <= 3 else "propuesto")
        resultado.append(
            EventoDemo(
                d["clave"],
                d["titulo"],
                inicio,
                inicio + DURACION_EVENTO,
                d["lugar"],
                d["localidad"],
                d["dependencia"],
                d["responsable"],
                d["tipo"],
                int(d["prioridad"]),
                estado,
                _invitaciones(inicio, medios, ahora, rng),
            )
        )
    return sorted(resultado, key=lambda e: e.inicio)


def _sumar_meses(dia: dt.date, meses: int) -> dt.date:
    """El mismo día del mes, `meses` después (el día 1 siempre existe)."""
    total = dia.month - 1 + meses
    return dia.replace(year=dia.year + total // 12, month=total % 12 + 1)


def convenios(hoy: dt.date) -> list[ConvenioDemo]:
    """Convenios de difusión vigentes con tres medios (IVA del 16 %)."""
    inicio = (hoy - dt.timedelta(days=100)).replace(day=1)
    resultado = []
    for d in contenido("agenda.toml")["convenio"]:
        monto = Decimal(d["monto_sin_iva"])
        iva = (monto * IVA).quantize(CENTAVO)
        fin = _sumar_meses(inicio, int(d["meses"])) - dt.timedelta(days=1)
        resultado.append(
            ConvenioDemo(
                d["medio"],
                d["numero"].format(anio=inicio.year),
                d["concepto"],
                d["campana"],
                d["tipo_servicio"],
                monto,
                iva,
                monto + iva,
                inicio,
                fin,
                int(d.get("notas_mes", 0)),
                int(d.get("spots_mes", 0)),
                int(d.get("banners_mes", 0)),
                int(d.get("inserciones_mes", 0)),
            )
        )
    return resultado
