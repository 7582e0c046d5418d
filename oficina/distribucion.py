"""Envío por correo de boletines e invitaciones: un mensaje por contacto, idempotente."""

from __future__ import annotations

import functools
import html
import logging
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy.orm import Session

from datos.config import Smtp
from datos.modelos import EstadoBoletin, Evento, Invitacion, Recurso, TipoRecurso, ahora
from datos.repositorio import envios as repo_envios
from datos.repositorio.boletines import BoletinInvalido, marcar_enviado, obtener
from datos.repositorio.envios import ENTREGADOS, Destinatario
from datos.repositorio.recursos import ruta_de
from oficina.correo import ErrorDeCorreo, crear_mensaje, enviar
from reportes.calendario import ics_evento
from reportes.documento_boletin import (
    asunto_boletin,
    html_boletin,
    invitacion_a_medios,
    nombre_pdf,
    pdf_boletin,
    saludo,
    texto_boletin,
)

log = logging.getLogger(__name__)
# Saludo cuando el envío no tiene contacto con nombre (p. ej. un buzón de redacción).
SALUDO_GENERICO = "Apreciable equipo de redacción"

# Fotos adjuntas hasta este total; el resto va como enlace. Base64 crece 4/3: 7 MB de fotos
# quedan en ~9.5 MB de mensaje, debajo del límite de 10 MB de muchos servidores de correo.
LIMITE_ADJUNTOS = 7 * 1024 * 1024

FabricaSesiones = Callable[[], Session]


@dataclass
class ResumenEnvio:
    """Cuántos se mandaron ahora, cuántos fallaron y cuántos ya estaban entregados."""

    enviados: int = 0
    fallidos: int = 0
    ya_enviados: int = 0
    motivos: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Foto:
    """Una foto del banco lista para adjuntar o enlazar."""

    nombre: str
    mime: str
    ruta: Path
    relativa: str
    tamano: int


@dataclass
class Contenido:
    """Lo que lleva cada mensaje de un boletín."""

    asunto: str
    texto: str
    html: str
    pdf: bytes
    nombre_pdf: str
    adjuntas: list[Foto] = field(default_factory=list)
    enlazadas: list[Foto] = field(default_factory=list)


def _fotos(recursos: Sequence[Recurso]) -> list[Foto]:
    """Fotos del boletín cuyo archivo existe, de la más ligera a la más pesada."""
    fotos = []
    for r in recursos:
        ruta = ruta_de(r)
        if r.tipo != TipoRecurso.FOTO:
            continue
        if not ruta.is_file():
            log.warning("falta el archivo del recurso %s: %s", r.id, ruta)
            continue
        fotos.append(Foto(r.nombre_archivo, r.tipo_mime, ruta, r.ruta, r.tamano))
    return sorted(fotos, key=lambda f: (f.tamano, f.nombre))


def repartir_fotos(
    fotos: Sequence[Foto], limite: int = LIMITE_ADJUNTOS
) -> tuple[list[Foto], list[Foto]]:
    """(adjuntas, enlazadas): se adjuntan mientras quepan en el límite."""
    adjuntas: list[Foto] = []
    enlazadas: list[Foto] = []
    total = 0
    for foto in fotos:
        if total + foto.tamano <= limite:
            adjuntas.append(foto)
            total += foto.tamano
        else:
            enlazadas.append(foto)
    return adjuntas, enlazadas


def _texto_enlaces(enlazadas: Sequence[Foto], enlace_base: str | None) -> str:
    """Párrafo con las fotos que no cupieron como adjunto."""
    if not enlazadas:
        return ""
    lineas = ["", "Fotos en alta resolución (no caben como adjunto):"]
    for foto in enlazadas:
        if enlace_base:
            lineas.append(f"- {foto.nombre}: {enlace_base.rstrip('/')}/{foto.relativa}")
        else:
            lineas.append(f"- {foto.nombre} (solicítela respondiendo a este correo)")
    return "\n".join(lineas) + "\n"


def contenido_boletin(s: Session, boletin_id: int, enlace_base: str | None = None) -> Contenido:
    """Asunto, texto, HTML, PDF y fotos del boletín."""
    boletin = obtener(s, boletin_id)
    adjuntas, enlazadas = repartir_fotos(_fotos(boletin.recursos))
    extra = _texto_enlaces(enlazadas, enlace_base)
    return Contenido(
        asunto=asunto_boletin(boletin),
        texto=texto_boletin(boletin) + extra,
        html=html_boletin(boletin),
        pdf=pdf_boletin(boletin),
        nombre_pdf=nombre_pdf(boletin),
        adjuntas=adjuntas,
        enlazadas=enlazadas,
    )


def mensaje_boletin(
    contenido: Contenido,
    remitente: str,
    correo: str,
    carpeta: Path,
    a_quien: str = SALUDO_GENERICO,
) -> EmailMessage:
    """Mensaje para un destinatario (saludado por su nombre) con el PDF y las fotos adjuntas."""
    ruta_pdf = carpeta / contenido.nombre_pdf
    if not ruta_pdf.exists():
        ruta_pdf.write_bytes(contenido.pdf)
    entrada = f"{a_quien}:\n\nLe compartimos el siguiente boletín para su difusión.\n\n"
    html_entrada = (
        f"<p>{html.escape(a_quien)}:</p>"
        "<p>Le compartimos el siguiente boletín para su difusión.</p>"
    )
    cuerpo_html = re.sub(r"(<body[^>]*>)", lambda m: m[1] + html_entrada, contenido.html, count=1)
    mensaje = crear_mensaje(
        contenido.asunto, remitente, [correo], entrada + contenido.texto, cuerpo_html, [ruta_pdf]
    )
    for foto in contenido.adjuntas:
        principal, _, secundario = foto.mime.partition("/")
        mensaje.add_attachment(
            foto.ruta.read_bytes(), maintype=principal, subtype=secundario, filename=foto.nombre
        )
    return mensaje


def _fallo(
    fabrica: FabricaSesiones, envio_id: int, correo: str, motivo: str, resumen: ResumenEnvio
) -> bool:
    """Anota el envío como fallido con su motivo (commit propio); siempre False."""
    with fabrica() as s, s.begin():
        repo_envios.marcar_fallido(s, envio_id, motivo)
    resumen.fallidos += 1
    resumen.motivos[correo] = motivo
    log.warning("no se pudo enviar a %s: %s", correo, motivo)
    return False


def _intentar(
    fabrica: FabricaSesiones,
    envio_id: int,
    crear: Callable[[], EmailMessage],
    smtp: Smtp,
    resumen: ResumenEnvio,
) -> bool:
    """Manda un envío y anota el resultado con su propio commit; True si salió."""
    with fabrica() as s, s.begin():
        envio = repo_envios.iniciar_intento(s, envio_id)
        if envio is None:
            resumen.ya_enviados += 1
            return False
        correo = envio.correo
    try:
        mensaje = crear()
    except OSError as exc:
        # Un adjunto ilegible no debe detener a los demás destinatarios.
        return _fallo(fabrica, envio_id, correo, f"no se pudo armar el mensaje: {exc}", resumen)
    try:
        enviar(mensaje, smtp)
    except ErrorDeCorreo as exc:
        return _fallo(fabrica, envio_id, correo, exc.motivo, resumen)
    with fabrica() as s, s.begin():
        repo_envios.marcar_enviado(s, envio_id, mensaje["Message-ID"])
    resumen.enviados += 1
    return True


def _preparar_boletin(
    fabrica: FabricaSesiones, boletin_id: int, medios: Sequence[int], enlace_base: str | None
) -> tuple[list[tuple[int, str, str]], int, Contenido]:
    """Crea (y confirma) un Envio por contacto ANTES de mandar; devuelve los que faltan."""
    with fabrica() as s, s.begin():
        boletin = obtener(s, boletin_id)
        if boletin.estado not in {EstadoBoletin.APROBADO, EstadoBoletin.ENVIADO}:
            raise BoletinInvalido(
                f"el boletín {boletin.folio} está {boletin.estado.value}: sólo se envía aprobado"
            )
        destinatarios = repo_envios.lista_distribucion(s, medios)
        if not destinatarios:
            raise BoletinInvalido("los medios elegidos no tienen contactos activos con correo")
        envios = repo_envios.preparar_envios_boletin(s, boletin_id, destinatarios)
        ya = sum(e.estado in ENTREGADOS for e in envios)
        saludos = {d.contacto_id: saludo(d.nombre, d.medio) for d in destinatarios}
        faltan = [
            (e.id, e.correo, saludos.get(e.contacto_id or 0, SALUDO_GENERICO))
            for e in repo_envios.por_mandar(envios)
        ]
        contenido = contenido_boletin(s, boletin_id, enlace_base)
    return faltan, ya, contenido


def enviar_boletin(
    fabrica: FabricaSesiones,
    boletin_id: int,
    medios: Sequence[int],
    smtp: Smtp,
    usuario: str,
    *,
    enlace_base: str | None = None,
) -> ResumenEnvio:
    """Envía un boletín aprobado a los contactos elegidos; reintentar manda sólo lo que falta."""
    faltan, ya, contenido = _preparar_boletin(fabrica, boletin_id, medios, enlace_base)
    resumen = ResumenEnvio(ya_enviados=ya)
    with tempfile.TemporaryDirectory(prefix="boletin-") as temporal:
        carpeta = Path(temporal)
        for envio_id, correo, a_quien in faltan:
            _intentar(
                fabrica,
                envio_id,
                functools.partial(
                    mensaje_boletin, contenido, smtp.remitente, correo, carpeta, a_quien
                ),
                smtp,
                resumen,
            )
    if resumen.enviados or resumen.ya_enviados:
        with fabrica() as s, s.begin():
            marcar_enviado(s, boletin_id, usuario)
    log.info("boletín %s: %s", contenido.asunto, resumen)
    return resumen


def _preparar_invitaciones(
    fabrica: FabricaSesiones, evento_id: int, medios: Sequence[int]
) -> tuple[list[tuple[int, Destinatario]], int]:
    """Crea invitaciones y un Envio por contacto (con commit) antes de mandar."""
    with fabrica() as s, s.begin():
        evento = s.get(Evento, evento_id)
        if evento is None:
            raise BoletinInvalido(f"no existe el evento {evento_id}")
        destinatarios = repo_envios.lista_distribucion(s, medios, invitaciones=True)
        if not destinatarios:
            raise BoletinInvalido("los medios elegidos no tienen contactos activos con correo")
        envios = repo_envios.preparar_envios_invitacion(s, evento_id, destinatarios)
        ya = sum(e.estado in ENTREGADOS for e in envios)
        faltan = [
            (e.id, d)
            for e, d in zip(envios, destinatarios, strict=True)
            if e.estado not in ENTREGADOS
        ]
    return faltan, ya


def _mensaje_invitacion(
    fabrica: FabricaSesiones, evento_id: int, destinatario: Destinatario, remitente: str
) -> EmailMessage:
    """Invitación que saluda a la persona de contacto (o a la redacción del medio)."""
    with fabrica() as s:
        evento = s.get(Evento, evento_id)
        assert evento is not None
        invitacion = invitacion_a_medios(evento, destinatario.medio, contacto=destinatario.nombre)
        ics = ics_evento(evento, remitente)
    mensaje = crear_mensaje(
        invitacion.asunto, remitente, [destinatario.correo], invitacion.texto, invitacion.html
    )
    # Como texto UTF-8 (no bytes): así el adjunto declara su charset y los acentos llegan bien.
    mensaje.add_attachment(
        ics.decode("utf-8"),
        subtype="calendar",
        charset="utf-8",
        filename="evento.ics",
        params={"method": "PUBLISH"},
    )
    return mensaje


def _marcar_invitacion(fabrica: FabricaSesiones, envio_id: int) -> None:
    """Anota en la invitación la hora del primer envío."""
    with fabrica() as s, s.begin():
        envio = repo_envios.obtener(s, envio_id)
        invitacion = s.get(Invitacion, envio.invitacion_id)
        if invitacion is not None and invitacion.enviada_en is None:
            invitacion.enviada_en = ahora()


def enviar_invitaciones(
    fabrica: FabricaSesiones, evento_id: int, medios: Sequence[int], smtp: Smtp, usuario: str
) -> ResumenEnvio:
    """Envía la invitación del evento a los contactos de los medios; reintentos sin duplicar."""
    faltan, ya = _preparar_invitaciones(fabrica, evento_id, medios)
    resumen = ResumenEnvio(ya_enviados=ya)
    for envio_id, destinatario in faltan:
        salio = _intentar(
            fabrica,
            envio_id,
            functools.partial(
                _mensaje_invitacion, fabrica, evento_id, destinatario, smtp.remitente
            ),
            smtp,
            resumen,
        )
        if salio:
            _marcar_invitacion(fabrica, envio_id)
    log.info("invitaciones del evento %s (por %s): %s", evento_id, usuario, resumen)
    return resumen
