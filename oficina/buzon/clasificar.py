"""Qué es cada correo del buzón, siempre con el motivo que se le muestra al personal.

Orden de las reglas (la primera que aplica gana): rebote → respuesta automática → respuesta a una
invitación por el hilo (In-Reply-To/References) → respuesta por remitente (contacto del medio) →
aviso o agenda de una dependencia → adjuntos → otro.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from analisis.agenda_texto import DatosAgenda, leer_agenda
from datos.modelos import CategoriaCorreo, Dependencia, RespuestaInvitacion
from datos.repositorio import buzon as repo
from oficina.buzon.lectura import Leido

# Palabras de una respuesta; primero la negativa ("no podremos asistir" contiene "asistir").
_DECLINA = re.compile(
    r"\b(no\s+(?:podremos|podr[eé]|podemos|asistiremos|asistir[eé]|ser[aá]\s+posible|nos\s+ser[aá]"
    r"\s+posible|alcanzamos|acudiremos)|declinamos|lamentamos|imposible\s+asistir)",
    re.IGNORECASE,
)
_CONFIRMA = re.compile(
    r"\b(confirm(?:o|amos|ada|ado)|asistiremos|asistir[eé]|ah[ií]\s+estaremos|contamos\s+con|"
    r"con\s+gusto|acudiremos|s[ií]\s+vamos|enviaremos\s+(?:a|un|una)|cubriremos|estaremos\s+presentes)",
    re.IGNORECASE,
)
_AGENDA = re.compile(
    r"\b(agenda|evento|invitaci[oó]n|cobertura|aviso|ceremonia|inauguraci[oó]n|arranque|entrega|"
    r"reuni[oó]n|jornada|se\s+llevar[aá]\s+a\s+cabo|solicit)",
    re.IGNORECASE,
)
# Lo citado de un correo anterior no es la respuesta: se corta en "El ... escribió:" o "> ".
_CITA = re.compile(r"(?im)^(?:>.*|el\s.+escribi[oó]:\s*|on\s.+wrote:\s*|-+\s*mensaje original.*)$")


@dataclass
class Clasificacion:
    """Categoría, motivo y a qué se enlaza el correo."""

    categoria: CategoriaCorreo
    motivo: str
    invitacion_id: int | None = None
    respuesta: RespuestaInvitacion | None = None
    contacto_id: int | None = None
    dependencia: Dependencia | None = None
    agenda: DatosAgenda | None = None


def texto_propio(texto: str) -> str:
    """El texto sin lo citado del correo al que responde."""
    m = _CITA.search(texto)
    return texto[: m.start()] if m else texto


def leer_respuesta(texto: str) -> RespuestaInvitacion | None:
    """Confirmado, declinado o None si no se entiende."""
    propio = texto_propio(texto)
    if _DECLINA.search(propio):
        return RespuestaInvitacion.DECLINADO
    if _CONFIRMA.search(propio):
        return RespuestaInvitacion.CONFIRMADO
    return None


def _respuesta(
    invitacion_id: int, contacto_id: int | None, leido: Leido, como: str
) -> Clasificacion:
    """Clasificación de una respuesta a invitación, con lo que se entendió."""
    respuesta = leer_respuesta(f"{leido.asunto}\n{leido.texto}")
    entendido = (
        f"el medio {'confirma' if respuesta == RespuestaInvitacion.CONFIRMADO else 'declina'}"
        if respuesta
        else "no se entiende si confirma o declina: revíselo"
    )
    return Clasificacion(
        CategoriaCorreo.RESPUESTA_INVITACION,
        f"responde a la invitación ({como}); {entendido}",
        invitacion_id=invitacion_id,
        respuesta=respuesta,
        contacto_id=contacto_id,
    )


def _por_hilo(s: Session, leido: Leido) -> Clasificacion | None:
    """Respuesta a una invitación identificada por las cabeceras del hilo."""
    envio = repo.invitacion_por_hilo(s, leido.responde_a)
    if envio is None or envio.invitacion_id is None:
        return None
    return _respuesta(envio.invitacion_id, envio.contacto_id, leido, "por el hilo del correo")


def _por_remitente(s: Session, leido: Leido, momento: dt.datetime) -> Clasificacion | None:
    """Respuesta de un contacto de medio con una invitación pendiente (si parece respuesta)."""
    texto = f"{leido.asunto}\n{texto_propio(leido.texto)}"
    parece = re.match(r"\s*(re|rv|resp)\b", leido.asunto, re.IGNORECASE) or "invitaci" in texto
    if not parece and leer_respuesta(texto) is None:
        return None
    for contacto in repo.contactos_por_correo(s, leido.remitente):
        invitacion = repo.invitacion_pendiente(s, contacto.medio_id, momento)
        if invitacion is not None:
            como = f"el remitente es {contacto.nombre}, contacto de {contacto.medio.nombre}"
            return _respuesta(invitacion.id, contacto.id, leido, como)
    return None


def _de_dependencia(
    s: Session, leido: Leido, dominios: tuple[str, ...]
) -> tuple[Dependencia | None, str] | None:
    """(dependencia registrada o None, cómo se reconoció) si el remitente es del Ayuntamiento."""
    dependencia = repo.dependencia_por_correo(s, leido.remitente)
    if dependencia is not None:
        return dependencia, f"el remitente es {dependencia.nombre}"
    dominio = leido.remitente.rpartition("@")[2]
    if dominio and any(dominio == d or dominio.endswith("." + d) for d in dominios):
        return None, f"el remitente es del dominio del Ayuntamiento ({dominio})"
    return None


def _agenda(
    s: Session, leido: Leido, dominios: tuple[str, ...], hoy: dt.date
) -> Clasificacion | None:
    """Aviso o solicitud de agenda de una dependencia, con fecha, hora y lugar leídos."""
    origen = _de_dependencia(s, leido, dominios)
    if origen is None:
        return None
    dependencia, como = origen
    texto = f"{leido.asunto}\n{texto_propio(leido.texto)}"
    datos = leer_agenda(texto, hoy)
    if not (_AGENDA.search(texto) or datos.completo):
        return None
    if datos.completo:
        leido_de = f"fecha {datos.fecha:%d/%m/%Y} {datos.hora:%H:%M}"
        leido_de += f", lugar «{datos.lugar}»" if datos.lugar else ", sin lugar"
        detalle = f"{leido_de} leídos del texto: borrador en la agenda por confirmar"
    else:
        detalle = "no se encontró fecha y hora en el texto: capture el evento a mano"
    return Clasificacion(
        CategoriaCorreo.AGENDA,
        f"aviso de agenda: {como}; {detalle}",
        dependencia=dependencia,
        agenda=datos,
    )


def clasificar(
    s: Session, leido: Leido, dominios: tuple[str, ...], momento: dt.datetime, hoy: dt.date
) -> Clasificacion:
    """La categoría del correo y su motivo."""
    if leido.rebote is not None:
        direcciones = ", ".join(leido.rebote.direcciones) or "sin dirección reconocida"
        return Clasificacion(
            CategoriaCorreo.REBOTE, f"aviso de no entrega ({direcciones}): {leido.rebote.motivo}"
        )
    if leido.automatica is not None:
        return Clasificacion(
            CategoriaCorreo.AUTOMATICA, f"respuesta automática: {leido.automatica}"
        )
    resultado = (
        _por_hilo(s, leido) or _por_remitente(s, leido, momento) or _agenda(s, leido, dominios, hoy)
    )
    if resultado is not None:
        return resultado
    if any(a.contenido is not None for a in leido.adjuntos):
        return Clasificacion(CategoriaCorreo.ADJUNTOS, "trae archivos: van al banco de medios")
    return Clasificacion(CategoriaCorreo.OTRO, "no es respuesta, aviso ni rebote: para el personal")
