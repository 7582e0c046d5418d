"""Correo entrante de la demo: respuestas de medios, avisos de dependencias, un rebote y ruido.

Se arma a partir de lo que la demo ya envió (los Message-ID de las invitaciones y boletines), para
que el ingreso del buzón enlace las respuestas por el hilo como en la vida real.
"""

from __future__ import annotations

import datetime as dt
import io
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.normalizar import MESES
from datos.modelos import Contacto, Dependencia, Envio, EstadoEnvio, TipoEnvio

OFICINA = "comunicacion@tampacan.gob.mx"
DIAS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
# Dependencias de la demostración con su correo (reciben recordatorios y envían avisos).
DEPENDENCIAS = (
    ("Obras Públicas", "obras@tampacan.gob.mx", "Ing. Raúl Méndez Castillo"),
    ("DIF Municipal", "dif@tampacan.gob.mx", "Lic. Patricia Hernández Ruiz"),
    ("Agua Potable", "agua@tampacan.gob.mx", "Ing. Tomás Reyes Olvera"),
    ("Servicios Municipales", "servicios@tampacan.gob.mx", "C. Hilario Santiago Cruz"),
    ("Salud Municipal", "salud@tampacan.gob.mx", "Dra. Elena Martínez Flores"),
    ("Seguridad Pública", "seguridad@tampacan.gob.mx", "Cmdte. Ernesto Vite Bautista"),
)


def sembrar_dependencias(s: Session) -> None:
    """Las dependencias del Ayuntamiento con su correo."""
    for nombre, correo, responsable in DEPENDENCIAS:
        s.add(Dependencia(nombre=nombre, correo=correo, responsable=responsable))
    s.flush()


def _mensaje(remitente: str, asunto: str, texto: str, cuando: dt.datetime) -> EmailMessage:
    """Un correo dirigido a la oficina."""
    m = EmailMessage()
    m["From"] = remitente
    m["To"] = OFICINA
    m["Subject"] = asunto
    m["Date"] = format_datetime(cuando)
    m["Message-ID"] = make_msgid(domain=remitente.rpartition("@")[2].strip(">") or "demo.mx")
    m.set_content(texto)
    return m


def _foto(color: tuple[int, int, int], texto: str) -> bytes:
    """Una foto JPEG con un motivo distinto (para que su pHash no se confunda con otras)."""
    imagen = Image.new("RGB", (640, 480), color)
    dibujo = ImageDraw.Draw(imagen)
    for k in range(0, 640, 40 + len(texto) % 17):
        dibujo.line([(k, 0), (640 - k, 480)], fill=(255, 255, 255), width=3)
    dibujo.text((20, 20), texto, fill=(0, 0, 0))
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=85)
    return salida.getvalue()


def _respuestas(s: Session, cuando: dt.datetime) -> list[EmailMessage]:
    """Respuestas a invitaciones: dos por el hilo (confirma y declina) y una sólo por remitente."""
    envios = list(
        s.scalars(
            select(Envio)
            .where(Envio.tipo == TipoEnvio.INVITACION, Envio.id_mensaje.is_not(None))
            .order_by(Envio.id)
        )
    )
    textos = (
        "Buenas tardes. Confirmamos asistencia: enviaremos a un reportero y un camarógrafo.",
        "Gracias por la invitación; lamentamos que no podremos asistir por falta de personal.",
        "Con gusto, ahí estaremos. Saludos.",
    )
    mensajes = []
    for k, (envio, texto) in enumerate(zip(envios, textos, strict=False)):
        m = _mensaje(envio.correo, "RE: Invitación a cobertura", texto, cuando)
        if k < 2:
            m["In-Reply-To"] = envio.id_mensaje
            m["References"] = envio.id_mensaje
        mensajes.append(m)
    return mensajes


def _avisos(hoy: dt.date, cuando: dt.datetime) -> list[EmailMessage]:
    """Dos dependencias piden cobertura, con foto adjunta."""
    obra = hoy + dt.timedelta(days=6)
    jornada = hoy + dt.timedelta(days=9)
    obras = _mensaje(
        "Obras Públicas <obras@tampacan.gob.mx>",
        "Solicitud de cobertura: entrega de pavimentación en Xochititla",
        "Buen día. Les solicitamos cobertura para la entrega de la pavimentación de la calle "
        f"Hidalgo el próximo {DIAS[obra.weekday()]} {obra.day} a las 10:00 hrs en la plaza "
        "principal de Xochititla. Asistirá la presidenta municipal. Adjuntamos foto del avance.",
        cuando,
    )
    obras.add_attachment(
        _foto((120, 110, 100), "Calle Hidalgo"),
        maintype="image",
        subtype="jpeg",
        filename="avance-calle-hidalgo.jpg",
    )
    dif = _mensaje(
        "DIF Municipal <dif@tampacan.gob.mx>",
        "Aviso: jornada de salud visual en Chiconamel",
        f"Les informamos que el {jornada.day} de {MESES[jornada.month - 1]} a las 9:30 am se "
        "llevará a cabo la jornada de salud visual en el salón ejidal de Chiconamel. "
        "Les compartimos la foto de la jornada anterior.",
        cuando,
    )
    dif.add_attachment(
        _foto((60, 130, 170), "Jornada visual"),
        maintype="image",
        subtype="jpeg",
        filename="jornada-anterior.jpg",
    )
    return [obras, dif]


def _rebote(s: Session, cuando: dt.datetime) -> bytes | None:
    """Aviso de no entrega (DSN) del último boletín enviado a un contacto."""
    envio = s.scalars(
        select(Envio)
        .join(Contacto, Envio.contacto_id == Contacto.id)
        .where(Envio.tipo == TipoEnvio.BOLETIN, Envio.estado == EstadoEnvio.ENVIADO)
        .order_by(Envio.id.desc())
    ).first()
    if envio is None or not envio.id_mensaje:
        return None
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.tampacan.gob.mx>\r\n"
        f"To: {OFICINA}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {format_datetime(cuando)}\r\n"
        f"Message-ID: {make_msgid(domain='mx.tampacan.gob.mx')}\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="rebote"\r\n\r\n'
        "--rebote\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "No se pudo entregar su mensaje a uno o más destinatarios.\r\n"
        "--rebote\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.tampacan.gob.mx\r\n\r\n"
        f"Final-Recipient: rfc822; {envio.correo}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable (buzón inexistente)\r\n"
        "--rebote\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {envio.id_mensaje}\r\nSubject: Boletín\r\n"
        "--rebote--\r\n"
    ).encode()


def _ruido(cuando: dt.datetime) -> list[EmailMessage]:
    """Lo que llega siempre: una respuesta automática y publicidad."""
    automatica = _mensaje(
        "Redacción <redaccion@vacaciones.example>",
        "Respuesta automática: Fuera de la oficina",
        "Estaré fuera hasta el lunes. Para urgencias escriba a la mesa de redacción.",
        cuando,
    )
    automatica["Auto-Submitted"] = "auto-replied"
    promocion = _mensaje(
        "Ofertas <promo@papeleria.example>",
        "¡Últimos días de descuento en tóner!",
        "Aproveche 30 % de descuento en tóner y papel para su oficina.",
        cuando,
    )
    return [automatica, promocion]


def correos_entrantes(s: Session, hoy: dt.date) -> list[bytes]:
    """Los correos crudos que llegan al buzón oficial de la demostración."""
    cuando = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)
    mensajes = [*_respuestas(s, cuando), *_avisos(hoy, cuando), *_ruido(cuando)]
    crudos = [m.as_bytes() for m in mensajes]
    rebote = _rebote(s, cuando)
    return [*crudos, rebote] if rebote else crudos
