"""Envíos de boletines e invitaciones por contacto, idempotentes por clave."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import (
    Contacto,
    Envio,
    EstadoEnvio,
    Invitacion,
    Medio,
    TipoEnvio,
    ahora,
)
from datos.repositorio.bitacora import registrar
from datos.repositorio.boletines import usuario_por_nombre

log = logging.getLogger(__name__)

# Estados que ya llegaron: un reintento nunca vuelve a mandar a estos.
ENTREGADOS = frozenset({EstadoEnvio.ENVIADO, EstadoEnvio.CONFIRMADO})
# Un motivo de error de SMTP cabe de sobra en esto; lo demás es ruido del servidor.
LARGO_MOTIVO = 500


class EnvioInvalido(ValueError):
    """Envío que no se puede preparar o actualizar (mensaje en español)."""


# Cargos y buzones de venta de publicidad: un boletín ahí no llega a quien decide publicarlo.
_COMERCIAL = re.compile(r"ventas|comercial|publicidad|mercadotecnia|factura|cobranza|anuncios")


@dataclass(frozen=True)
class Destinatario:
    """Un contacto con correo de un medio en una lista de distribución."""

    contacto_id: int
    medio_id: int
    medio: str
    nombre: str
    correo: str


def clave_boletin(boletin_id: int, contacto_id: int) -> str:
    """Clave de idempotencia del envío de un boletín a un contacto."""
    return f"boletin:{boletin_id}:contacto:{contacto_id}"


def clave_invitacion(invitacion_id: int, contacto_id: int) -> str:
    """Clave de idempotencia del envío de una invitación a un contacto."""
    return f"invitacion:{invitacion_id}:contacto:{contacto_id}"


def lista_distribucion(
    s: Session, medio_ids: Sequence[int], *, invitaciones: bool = False
) -> list[Destinatario]:
    """Contactos activos con correo de medios activos que reciben boletines (o invitaciones)."""
    recibe = Contacto.recibe_invitaciones if invitaciones else Contacto.recibe_boletines
    consulta = (
        select(Contacto, Medio.nombre)
        .join(Medio, Contacto.medio_id == Medio.id)
        .where(
            Contacto.medio_id.in_(list(medio_ids)),
            Contacto.activo.is_(True),
            Medio.activo.is_(True),
            recibe.is_(True),
            Contacto.correo.is_not(None),
            Contacto.correo != "",
            # Una dirección que rebotó (marcada por el buzón) no se usa hasta que la corrijan.
            Contacto.correo_falla.is_(None),
        )
        .order_by(Medio.nombre, Contacto.nombre)
    )
    return [
        Destinatario(c.id, c.medio_id, nombre, c.nombre, (c.correo or "").strip())
        for c, nombre in s.execute(consulta)
        if not es_comercial(c.cargo, c.correo)
    ]


def es_comercial(cargo: str | None, correo: str | None) -> bool:
    """¿Es un contacto de ventas o publicidad? Boletines e invitaciones van a la redacción."""
    usuario = (correo or "").partition("@")[0]
    return bool(_COMERCIAL.search(f"{cargo or ''} {usuario}".lower()))


def _envio_existente(s: Session, clave: str) -> Envio | None:
    """El envío con esa clave, si ya existe."""
    return s.scalar(select(Envio).where(Envio.clave == clave))


def preparar_envios_boletin(
    s: Session, boletin_id: int, destinatarios: Sequence[Destinatario]
) -> list[Envio]:
    """Un Envio por destinatario (crea los que faltan, conserva los existentes); no hace commit."""
    envios = []
    for d in destinatarios:
        clave = clave_boletin(boletin_id, d.contacto_id)
        envio = _envio_existente(s, clave) or Envio(
            tipo=TipoEnvio.BOLETIN,
            boletin_id=boletin_id,
            medio_id=d.medio_id,
            contacto_id=d.contacto_id,
            correo=d.correo,
            clave=clave,
        )
        _actualizar_correo(envio, d.correo)
        s.add(envio)
        envios.append(envio)
    s.flush()
    return envios


def _actualizar_correo(envio: Envio, correo: str) -> None:
    """Si el contacto corrigió su correo, el reintento va a la dirección nueva."""
    if envio.estado not in ENTREGADOS and envio.correo != correo:
        log.info("envío %s: correo corregido %s → %s", envio.clave, envio.correo, correo)
        envio.correo = correo


def preparar_envios_invitacion(
    s: Session, evento_id: int, destinatarios: Sequence[Destinatario]
) -> list[Envio]:
    """Invitación por medio (si falta) y un Envio por contacto; no hace commit."""
    envios = []
    for d in destinatarios:
        invitacion = s.scalar(
            select(Invitacion).where(
                Invitacion.evento_id == evento_id, Invitacion.medio_id == d.medio_id
            )
        )
        if invitacion is None:
            invitacion = Invitacion(evento_id=evento_id, medio_id=d.medio_id)
            s.add(invitacion)
            s.flush()
        invitacion.contacto_id = invitacion.contacto_id or d.contacto_id
        clave = clave_invitacion(invitacion.id, d.contacto_id)
        envio = _envio_existente(s, clave) or Envio(
            tipo=TipoEnvio.INVITACION,
            invitacion_id=invitacion.id,
            medio_id=d.medio_id,
            contacto_id=d.contacto_id,
            correo=d.correo,
            clave=clave,
        )
        _actualizar_correo(envio, d.correo)
        s.add(envio)
        envios.append(envio)
    s.flush()
    return envios


def por_mandar(envios: Sequence[Envio]) -> list[Envio]:
    """Los envíos que faltan (pendientes o fallidos), nunca los ya entregados."""
    return [e for e in envios if e.estado not in ENTREGADOS]


def obtener(s: Session, envio_id: int) -> Envio:
    """El envío con ese id o EnvioInvalido."""
    envio = s.get(Envio, envio_id)
    if envio is None:
        raise EnvioInvalido(f"no existe el envío {envio_id}")
    return envio


def iniciar_intento(s: Session, envio_id: int) -> Envio | None:
    """Cuenta un intento; None si entretanto ya se entregó (otro proceso lo mandó)."""
    envio = obtener(s, envio_id)
    if envio.estado in ENTREGADOS:
        return None
    envio.intentos += 1
    return envio


def marcar_enviado(s: Session, envio_id: int, id_mensaje: str | None) -> Envio:
    """El servidor aceptó el mensaje."""
    envio = obtener(s, envio_id)
    envio.estado = EstadoEnvio.ENVIADO
    envio.motivo = None
    envio.id_mensaje = id_mensaje
    envio.enviado_en = ahora()
    return envio


def marcar_fallido(s: Session, envio_id: int, motivo: str) -> Envio:
    """El envío falló; se guarda el motivo legible para reintentar o avisar."""
    envio = obtener(s, envio_id)
    envio.estado = EstadoEnvio.FALLIDO
    envio.motivo = motivo[:LARGO_MOTIVO]
    return envio


def confirmar_por_telefono(s: Session, envio_id: int, usuario: str) -> Envio:
    """El medio confirmó por teléfono que recibió el boletín o la invitación."""
    envio = obtener(s, envio_id)
    antes = envio.estado
    persona = usuario_por_nombre(s, usuario)
    envio.estado = EstadoEnvio.CONFIRMADO
    envio.confirmado_por_id = persona.id if persona else None
    envio.motivo = None
    registrar(s, usuario, "confirmar", "envio", envio.id, {"estado": [antes, envio.estado]})
    return envio
