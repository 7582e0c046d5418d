"""Buzón oficial: correos guardados, hilos de invitaciones, rebotes y correcciones del personal."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import (
    CategoriaCorreo,
    Contacto,
    Correo,
    Dependencia,
    Envio,
    EstadoEnvio,
    Evento,
    Invitacion,
    TipoEnvio,
    ahora,
)
from datos.repositorio.bitacora import cambiar, registrar

# Una invitación se contesta antes del evento; un día de gracia por si responden tarde.
GRACIA_RESPUESTA = dt.timedelta(days=1)


class CorreoInvalido(ValueError):
    """Corrección del buzón que no se puede aplicar (mensaje en español)."""


def guardar_crudo(crudo: bytes) -> str:
    """Escribe el .eml por su sha256 (una sola vez) y devuelve la ruta relativa."""
    sha = hashlib.sha256(crudo).hexdigest()
    relativa = f"{sha[:2]}/{sha}.eml"
    ruta = cargar().dir_correos / relativa
    if not ruta.is_file():
        ruta.parent.mkdir(parents=True, exist_ok=True)
        temporal = ruta.with_suffix(".tmp")
        temporal.write_bytes(crudo)
        temporal.replace(ruta)
    return relativa


def clave_correo(
    message_id: str | None, carpeta: str, uidvalidity: int | None, uid: int | None
) -> str:
    """Clave de idempotencia: el Message-ID o, si falta, la posición en el servidor."""
    if message_id:
        return f"mid:{message_id}"
    return f"uid:{carpeta}:{uidvalidity}:{uid}"


def ya_guardado(s: Session, clave: str) -> bool:
    """El correo ya está en la base."""
    return s.scalar(select(Correo.id).where(Correo.clave == clave)) is not None


def uids_leidos(s: Session, carpeta: str, uidvalidity: int | None) -> set[int]:
    """UIDs ya guardados de esa carpeta con esa UIDVALIDITY."""
    consulta = select(Correo.uid).where(
        Correo.carpeta == carpeta, Correo.uidvalidity == uidvalidity, Correo.uid.is_not(None)
    )
    return {int(u) for u in s.scalars(consulta) if u is not None}


def invitacion_por_hilo(s: Session, ids: Sequence[str]) -> Envio | None:
    """El envío de invitación cuyo Message-ID aparece en In-Reply-To/References."""
    if not ids:
        return None
    consulta = select(Envio).where(
        Envio.tipo == TipoEnvio.INVITACION, Envio.id_mensaje.in_(list(ids))
    )
    return s.scalars(consulta).first()


def contactos_por_correo(s: Session, correo: str) -> list[Contacto]:
    """Contactos de medios con esa dirección (sin distinguir mayúsculas)."""
    if not correo:
        return []
    consulta = select(Contacto).where(func.lower(Contacto.correo) == correo.lower())
    return list(s.scalars(consulta))


def invitacion_pendiente(s: Session, medio_id: int, momento: dt.datetime) -> Invitacion | None:
    """La invitación enviada al medio para el evento más próximo que aún no pasa."""
    consulta = (
        select(Invitacion)
        .join(Evento, Invitacion.evento_id == Evento.id)
        .where(Invitacion.medio_id == medio_id, Evento.inicio >= momento - GRACIA_RESPUESTA)
        .order_by(Invitacion.enviada_en.is_(None), Evento.inicio)
    )
    return s.scalars(consulta).first()


def dependencia_por_correo(s: Session, correo: str) -> Dependencia | None:
    """La dependencia registrada con esa dirección."""
    if not correo:
        return None
    consulta = select(Dependencia).where(func.lower(Dependencia.correo) == correo.lower())
    return s.scalars(consulta).first()


def marcar_rebote(
    s: Session, direcciones: Sequence[str], motivo: str, id_original: str | None, usuario: str
) -> list[str]:
    """Marca como fallidas las direcciones de contactos y el envío rebotado; qué se marcó."""
    marcados: list[str] = []
    for direccion in direcciones:
        for contacto in contactos_por_correo(s, direccion):
            cambiar(s, usuario, contacto, {"correo_falla": motivo, "correo_falla_en": ahora()})
            marcados.append(f"contacto {contacto.nombre} ({direccion})")
    consulta = select(Envio).where(Envio.correo.in_(list(direcciones)))
    if id_original:
        consulta = select(Envio).where(Envio.id_mensaje == id_original)
    for envio in s.scalars(consulta):
        cambiar(s, usuario, envio, {"estado": EstadoEnvio.REBOTADO, "motivo": motivo[:500]})
        marcados.append(f"envío {envio.clave}")
    return marcados


def corregir_categoria(
    s: Session, correo_id: int, categoria: CategoriaCorreo | str, usuario: str
) -> Correo:
    """El personal corrige la clasificación; queda el motivo y la bitácora."""
    correo = s.get(Correo, correo_id)
    if correo is None:
        raise CorreoInvalido(f"no existe el correo {correo_id}")
    try:
        nueva = CategoriaCorreo(categoria)
    except ValueError as exc:
        raise CorreoInvalido(f"categoría desconocida: {categoria!r}") from exc
    if nueva == correo.categoria:
        return correo
    motivo = f"corregido por {usuario} (antes: {correo.categoria.value}; {correo.motivo})"
    cambiar(s, usuario, correo, {"categoria": nueva, "motivo": motivo, "corregido_por": usuario})
    return correo


def marcar_atendido(s: Session, correo_id: int, usuario: str, atendido: bool = True) -> Correo:
    """El personal ya vio o resolvió el correo."""
    correo = s.get(Correo, correo_id)
    if correo is None:
        raise CorreoInvalido(f"no existe el correo {correo_id}")
    cambiar(s, usuario, correo, {"atendido": atendido})
    return correo


def registrar_ingreso(s: Session, correo: Correo, usuario: str) -> None:
    """Anota en la bitácora la llegada y la clasificación automática."""
    registrar(
        s, usuario, "recibir", "correo", correo.id, {"categoria": [None, correo.categoria.value]}
    )


def conteo_correos(s: Session) -> int:
    """Correos guardados del buzón."""
    return int(s.scalar(select(func.count()).select_from(Correo)) or 0)
