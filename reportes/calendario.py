"""El evento de la agenda como iCalendar (.ics) para adjuntarlo a la invitación a medios.

Se arma con la biblioteca `icalendar` (RFC 5545: escapado de texto, líneas plegadas a 75 octetos,
VTIMEZONE de la zona de la oficina), no a mano: los clientes de calendario rechazan en silencio un
.ics con un detalle mal formado.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from datos.config import cargar
from datos.modelos import EstadoEvento, Evento
from reportes import DIRECCION, institucion

# Sin hora de término se aparta una hora: lo que dura una rueda de prensa o un acto típico.
DURACION_OMISION = dt.timedelta(hours=1)
PRODID = "-//Ayuntamiento de Tampacan//monitoreo//ES"
ESTADO_ICS = {
    EstadoEvento.PROPUESTO: "TENTATIVE",
    EstadoEvento.CONFIRMADO: "CONFIRMED",
    EstadoEvento.CUBIERTO: "CONFIRMED",
    EstadoEvento.CANCELADO: "CANCELLED",
}


def uid_evento(evento: Evento, remitente: str) -> str:
    """UID estable: reenviar la invitación actualiza el mismo evento en el calendario."""
    dominio = remitente.rpartition("@")[2] or "tampacan.gob.mx"
    return f"evento-{evento.id}@{dominio}"


def _lugar(evento: Evento) -> str:
    """«Plaza principal, Tampacán» o «por confirmar»."""
    return ", ".join(p for p in (evento.lugar, evento.localidad) if p) or "por confirmar"


def _vevento(evento: Evento, remitente: str, zona: ZoneInfo) -> icalendar.Event:
    """El VEVENT: fecha y hora locales, lugar, organizador, estado y descripción."""
    inicio = evento.inicio.astimezone(zona)
    fin = evento.fin.astimezone(zona) if evento.fin else inicio + DURACION_OMISION
    vevento = icalendar.Event()
    vevento.add("uid", uid_evento(evento, remitente))
    vevento.add("dtstamp", dt.datetime.now(dt.UTC))
    vevento.add("dtstart", inicio)
    vevento.add("dtend", fin)
    vevento.add("summary", evento.titulo)
    vevento.add("location", _lugar(evento))
    vevento.add("status", ESTADO_ICS.get(evento.estado, "CONFIRMED"))
    organizador = icalendar.vCalAddress(f"mailto:{remitente}")
    organizador.params["cn"] = f"{DIRECCION}, {institucion()}"
    vevento.add("organizer", organizador)
    if evento.descripcion:
        vevento.add("description", evento.descripcion.strip())
    return vevento


def ics_evento(evento: Evento, remitente: str, zona: ZoneInfo | None = None) -> bytes:
    """El evento como archivo .ics (METHOD:PUBLISH: se agrega al calendario sin responder)."""
    calendario = icalendar.Calendar()
    calendario.add("prodid", PRODID)
    calendario.add("version", "2.0")
    calendario.add("method", "PUBLISH")
    calendario.add_component(_vevento(evento, remitente, zona or cargar().zona))
    calendario.add_missing_timezones()
    return bytes(calendario.to_ical())
