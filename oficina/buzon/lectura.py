"""Lectura tolerante de un correo crudo: cabeceras, texto, adjuntos, rebote y respuesta automática.

Nunca lanza: lo que no se entiende (MIME mal formado, juego de caracteres desconocido, sólo HTML,
adjunto enorme) queda anotado en `problemas` con un motivo en español y el mensaje sigue su camino.
"""

from __future__ import annotations

import datetime as dt
import email
import email.errors
import email.header
import email.policy
import email.utils
import logging
import re
from dataclasses import dataclass, field
from email.message import Message

import lxml.html
from flufl.bounce import all_failures

log = logging.getLogger(__name__)

# El texto de un aviso cabe de sobra; más es un hilo largo citado o basura.
LARGO_TEXTO = 20_000
_PALABRAS_AUTOMATICAS = re.compile(
    r"(respuesta autom[aá]tica|fuera de la oficina|automatic reply|auto[- ]?reply|out of office|"
    r"ausente|vacaciones|autoreply)",
    re.IGNORECASE,
)
_REMITENTES_REBOTE = re.compile(r"^(mailer-daemon|postmaster|mail delivery)", re.IGNORECASE)
_CODIGO_DIAGNOSTICO = re.compile(r"(?im)^diagnostic-code:\s*(?:smtp;\s*)?(?P<motivo>.+)$")


@dataclass
class Adjunto:
    """Un archivo adjunto; `contenido` es None si se omitió (con su motivo)."""

    nombre: str
    mime: str
    tamano: int
    contenido: bytes | None
    motivo: str | None = None


@dataclass
class Rebote:
    """Aviso de no entrega: direcciones que fallaron, motivo y el Message-ID original."""

    direcciones: list[str]
    motivo: str
    id_original: str | None


@dataclass
class Leido:
    """Lo que se sacó de un correo crudo."""

    message_id: str | None = None
    responde_a: list[str] = field(default_factory=list)
    remitente: str = ""
    remitente_nombre: str | None = None
    asunto: str = ""
    fecha: dt.datetime | None = None
    texto: str = ""
    adjuntos: list[Adjunto] = field(default_factory=list)
    problemas: list[str] = field(default_factory=list)
    automatica: str | None = None
    rebote: Rebote | None = None


def _cabecera(mensaje: Message, nombre: str, leido: Leido) -> str:
    """Valor de una cabecera como texto; una cabecera ilegible se anota y queda vacía."""
    valor = mensaje.get(nombre)
    if valor is None:
        return ""
    try:
        texto = str(email.header.make_header(email.header.decode_header(str(valor))))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        leido.problemas.append(f"cabecera {nombre} con codificación ilegible: se dejó como llegó")
        texto = str(valor)
    return " ".join(texto.split())


def _ids(texto: str) -> list[str]:
    """Message-IDs (<...>) de In-Reply-To o References."""
    return re.findall(r"<[^<>\s]+>", texto)


def _fecha(texto: str, leido: Leido) -> dt.datetime | None:
    """Fecha del correo con zona; sin zona se toma UTC; ilegible se anota."""
    if not texto:
        return None
    try:
        fecha = email.utils.parsedate_to_datetime(texto)
    except (TypeError, ValueError, IndexError):
        leido.problemas.append(f"fecha ilegible: {texto[:60]!r}")
        return None
    return fecha if fecha.tzinfo else fecha.replace(tzinfo=dt.UTC)


def _leer_cabeceras(mensaje: Message, leido: Leido) -> None:
    """Remitente, asunto, fecha e hilo."""
    nombre, direccion = email.utils.parseaddr(_cabecera(mensaje, "From", leido))
    leido.remitente = direccion.strip().lower()
    leido.remitente_nombre = nombre.strip() or None
    leido.asunto = _cabecera(mensaje, "Subject", leido)
    leido.fecha = _fecha(_cabecera(mensaje, "Date", leido), leido)
    leido.message_id = next(iter(_ids(_cabecera(mensaje, "Message-ID", leido))), None)
    hilo = _cabecera(mensaje, "In-Reply-To", leido) + " " + _cabecera(mensaje, "References", leido)
    leido.responde_a = list(dict.fromkeys(_ids(hilo)))


def _decodificar(parte: Message, leido: Leido) -> str:
    """Texto de una parte; un juego de caracteres desconocido o mentiroso se lee con reemplazos."""
    crudo = parte.get_payload(decode=True)
    if not isinstance(crudo, bytes):
        return ""
    juego = parte.get_content_charset() or "utf-8"
    try:
        return crudo.decode(juego)
    except LookupError:
        leido.problemas.append(f"juego de caracteres desconocido ({juego}): se leyó como UTF-8")
    except UnicodeDecodeError:
        leido.problemas.append(f"el texto no era {juego} válido: se leyó con reemplazos")
    try:
        return crudo.decode("utf-8")
    except UnicodeDecodeError:
        return crudo.decode("cp1252", errors="replace")


def _html_a_texto(html: str) -> str:
    """Texto visible de un HTML (sin estilos ni scripts)."""
    try:
        raiz = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for nodo in raiz.xpath("//script|//style|//head"):
        nodo.drop_tree()
    for salto in raiz.xpath("//br|//p|//div|//tr|//li"):
        salto.tail = "\n" + (salto.tail or "")
    return re.sub(r"\n\s*\n+", "\n\n", raiz.text_content()).strip()


def _es_adjunto(parte: Message) -> bool:
    """Parte que es un archivo (no el cuerpo del mensaje)."""
    if parte.is_multipart() or parte.get_content_maintype() == "message":
        return False
    disposicion = (parte.get_content_disposition() or "").lower()
    if disposicion == "attachment" or parte.get_filename():
        return True
    return parte.get_content_maintype() not in {"text", "multipart"}


def _adjunto(parte: Message, limite: int, leido: Leido) -> Adjunto:
    """Adjunto con su contenido, o sin él si pasa del límite."""
    contenido = parte.get_payload(decode=True)
    datos = contenido if isinstance(contenido, bytes) else b""
    nombre = _nombre_adjunto(parte, leido)
    adjunto = Adjunto(nombre, parte.get_content_type(), len(datos), datos)
    if len(datos) > limite:
        adjunto.contenido = None
        adjunto.motivo = (
            f"pesa {len(datos) / 1048576:.1f} MB; el máximo es {limite / 1048576:.1f} MB "
            "(MONITOREO_IMAP_ADJUNTO_MAXIMO): quedó en el correo guardado"
        )
    elif not datos:
        adjunto.contenido = None
        adjunto.motivo = "adjunto vacío o ilegible"
    return adjunto


def _nombre_adjunto(parte: Message, leido: Leido) -> str:
    """Nombre del archivo adjunto (o uno genérico)."""
    try:
        nombre = parte.get_filename()
    except Exception:  # nombres codificados rotos (RFC 2231 mal escrito)
        leido.problemas.append("un adjunto tiene el nombre ilegible")
        nombre = None
    return str(nombre).strip() if nombre else f"adjunto.{parte.get_content_subtype()}"


def _recorrer(mensaje: Message, limite: int, leido: Leido) -> None:
    """Cuerpo (texto o, si sólo hay, HTML) y adjuntos, también los de un mensaje reenviado."""
    planos: list[str] = []
    htmls: list[str] = []
    pila: list[Message] = [mensaje]
    while pila:
        parte = pila.pop(0)
        if parte.is_multipart():
            cargas = parte.get_payload()
            pila[:0] = (
                [p for p in cargas if isinstance(p, Message)] if isinstance(cargas, list) else []
            )
        elif _es_adjunto(parte):
            leido.adjuntos.append(_adjunto(parte, limite, leido))
        elif parte.get_content_type() == "text/plain":
            planos.append(_decodificar(parte, leido))
        elif parte.get_content_type() == "text/html":
            htmls.append(_decodificar(parte, leido))
    texto = "\n".join(p for p in planos if p.strip())
    if not texto and htmls:
        leido.problemas.append("correo sólo en HTML: se convirtió a texto")
        texto = "\n".join(_html_a_texto(h) for h in htmls)
    leido.texto = texto.strip()[:LARGO_TEXTO]


def _automatica(mensaje: Message, leido: Leido) -> str | None:
    """Motivo si es una respuesta automática (fuera de oficina, acuse, lista)."""
    auto = _cabecera(mensaje, "Auto-Submitted", leido).lower()
    if auto and auto != "no":
        return f"cabecera Auto-Submitted: {auto}"
    for cabecera in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        if _cabecera(mensaje, cabecera, leido):
            return f"cabecera {cabecera}"
    if _cabecera(mensaje, "Precedence", leido).lower() in {"auto_reply", "bulk", "junk"}:
        return "cabecera Precedence de envío automático"
    if m := _PALABRAS_AUTOMATICAS.search(leido.asunto):
        return f"el asunto dice «{m.group(0)}»"
    return None


def _rebote(mensaje: Message, crudo: bytes, leido: Leido) -> Rebote | None:
    """Aviso de no entrega (DSN u otros formatos, con flufl.bounce)."""
    reporte = mensaje.get_content_type() == "multipart/report"
    if not (reporte or _REMITENTES_REBOTE.match(leido.remitente)):
        return None
    try:
        temporales, permanentes = all_failures(mensaje)
    except Exception as exc:  # un detector de flufl.bounce no debe tumbar la lectura
        leido.problemas.append(f"no se pudo analizar el rebote ({type(exc).__name__})")
        temporales, permanentes = frozenset(), frozenset()
    direcciones = sorted({_texto_direccion(d) for d in permanentes} - {""})
    if not direcciones and not temporales:
        return None
    texto = crudo.decode("utf-8", errors="replace")
    diagnostico = _CODIGO_DIAGNOSTICO.search(texto)
    motivo = diagnostico["motivo"].strip() if diagnostico else "el servidor no entregó el correo"
    if not direcciones:
        motivo = "falla temporal de entrega: " + motivo
    return Rebote(direcciones, motivo[:300], _id_original(mensaje))


def _texto_direccion(direccion: bytes | str) -> str:
    """Dirección en minúsculas sin <>."""
    valor = direccion.decode("utf-8", "replace") if isinstance(direccion, bytes) else direccion
    return valor.strip().strip("<>").lower()


def _id_original(mensaje: Message) -> str | None:
    """Message-ID del correo que rebotó (parte message/rfc822 o text/rfc822-headers)."""
    for parte in mensaje.walk():
        tipo = parte.get_content_type()
        carga = (
            parte.get_payload(decode=True) if tipo == "text/rfc822-headers" else parte.get_payload()
        )
        if isinstance(carga, bytes):
            cargado: Message = email.message_from_bytes(carga)
        elif (
            tipo == "message/rfc822"
            and isinstance(carga, list)
            and carga
            and isinstance(carga[0], Message)
        ):
            cargado = carga[0]
        else:
            continue
        if ids := _ids(str(cargado.get("Message-ID", ""))):
            return ids[0]
    return None


def leer(crudo: bytes, limite_adjunto: int) -> Leido:
    """Todo lo legible de un correo crudo; lo ilegible queda en `problemas`."""
    leido = Leido()
    try:
        mensaje = email.message_from_bytes(crudo, policy=email.policy.compat32)
    except Exception as exc:  # frontera: bytes arbitrarios del buzón
        leido.problemas.append(f"MIME ilegible ({type(exc).__name__}): se guardó el correo crudo")
        return leido
    if mensaje.defects:
        nombres = sorted({type(d).__name__ for d in mensaje.defects})
        leido.problemas.append(f"MIME mal formado ({', '.join(nombres)})")
    for paso in (_leer_cabeceras, lambda m, lei: _recorrer(m, limite_adjunto, lei)):
        try:
            paso(mensaje, leido)
        except Exception as exc:  # frontera: una parte rara no debe perder el resto
            log.warning("correo con partes ilegibles: %s", exc)
            leido.problemas.append(f"parte ilegible ({type(exc).__name__})")
    leido.rebote = _rebote(mensaje, crudo, leido)
    leido.automatica = None if leido.rebote else _automatica(mensaje, leido)
    return _sin_nulos(leido)


def _sin_nulos(leido: Leido) -> Leido:
    """Quita los caracteres NUL (PostgreSQL no los acepta en texto) de lo que se guarda."""
    for campo in ("remitente", "asunto", "texto", "message_id", "remitente_nombre"):
        valor = getattr(leido, campo)
        if isinstance(valor, str):
            setattr(leido, campo, valor.replace("\x00", ""))
    leido.responde_a = [r.replace("\x00", "") for r in leido.responde_a]
    for adjunto in leido.adjuntos:
        adjunto.nombre = adjunto.nombre.replace("\x00", "")
    return leido
