"""Boletines: numeración consecutiva por año, flujo de aprobación, edición y recursos adjuntos."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import Boletin, EstadoBoletin, Recurso, Rol, Usuario, ahora
from datos.repositorio.bitacora import cambiar, registrar

log = logging.getLogger(__name__)

# El folio lleva al menos tres cifras (045/2026); la base admite hasta 9999 al año.
NUMERO_MAXIMO = 9999
# Transiciones válidas del flujo; aprobar y enviar tienen además sus propias reglas.
TRANSICIONES: dict[EstadoBoletin, frozenset[EstadoBoletin]] = {
    EstadoBoletin.BORRADOR: frozenset({EstadoBoletin.REVISION}),
    EstadoBoletin.REVISION: frozenset({EstadoBoletin.BORRADOR, EstadoBoletin.APROBADO}),
    EstadoBoletin.APROBADO: frozenset({EstadoBoletin.BORRADOR, EstadoBoletin.ENVIADO}),
    EstadoBoletin.ENVIADO: frozenset(),
}
# Campos que el personal puede editar mientras el boletín no está aprobado.
CAMPOS_EDITABLES = frozenset(
    {"titular", "entradilla", "cuerpo", "citas", "lugar", "area", "tema", "fecha_emision"}
)


# Lo que la directora lee y aprueba: si cambia cualquiera de estos campos, la aprobación no vale.
CAMPOS_DE_VERSION = (
    "titular",
    "entradilla",
    "cuerpo",
    "citas",
    "lugar",
    "area",
    "tema",
    "fecha_emision",
)


class BoletinInvalido(ValueError):
    """Datos o cambio de boletín que no se pueden aplicar (mensaje en español)."""


class PermisoDenegado(ValueError):
    """El usuario no tiene el rol necesario para la acción."""


def usuario_por_nombre(s: Session, nombre: str) -> Usuario | None:
    """El usuario activo con ese nombre, o None."""
    return s.scalar(select(Usuario).where(Usuario.nombre == nombre, Usuario.activo.is_(True)))


def exigir_rol(s: Session, nombre: str, *roles: Rol) -> Usuario:
    """El usuario si tiene uno de los roles; si no, PermisoDenegado."""
    usuario = usuario_por_nombre(s, nombre)
    if usuario is None or usuario.rol not in roles:
        nombres = " o ".join(r.value for r in roles)
        raise PermisoDenegado(f"sólo un usuario con rol {nombres} puede hacer esto")
    return usuario


def obtener(s: Session, boletin_id: int) -> Boletin:
    """El boletín con ese id o BoletinInvalido."""
    boletin = s.get(Boletin, boletin_id)
    if boletin is None:
        raise BoletinInvalido(f"no existe el boletín {boletin_id}")
    return boletin


def siguiente_numero(s: Session, anio: int) -> int:
    """El número que le toca al próximo boletín del año."""
    ultimo = s.scalar(select(func.max(Boletin.numero)).where(Boletin.anio == anio)) or 0
    if ultimo >= NUMERO_MAXIMO:
        raise BoletinInvalido(f"ya se usaron los {NUMERO_MAXIMO} números de boletín de {anio}")
    return int(ultimo) + 1


def _texto_requerido(valor: str, campo: str) -> str:
    """El texto sin espacios sobrantes; vacío es error."""
    limpio = (valor or "").strip()
    if not limpio:
        raise BoletinInvalido(f"el {campo} del boletín no puede estar vacío")
    return limpio


def _validar_citas(citas: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cada cita necesita texto; autor y cargo son opcionales."""
    limpias = []
    for cita in citas:
        texto = str(cita.get("texto", "")).strip()
        if not texto:
            raise BoletinInvalido("cada cita necesita su texto")
        limpias.append({**cita, "texto": texto})
    return limpias


def _validar_fecha(fecha: dt.datetime) -> dt.datetime:
    """La fecha de emisión debe llevar zona horaria."""
    if fecha.tzinfo is None:
        raise BoletinInvalido("la fecha de emisión debe llevar zona horaria")
    return fecha


def crear_boletin(
    s: Session,
    *,
    titular: str,
    entradilla: str,
    cuerpo: str,
    usuario: str,
    fecha_emision: dt.datetime | None = None,
    lugar: str | None = None,
    citas: Sequence[dict[str, Any]] = (),
    area: str | None = None,
    tema: str | None = None,
    evento_id: int | None = None,
) -> Boletin:
    """Crea un boletín en borrador con el siguiente número del año de su fecha (hora local)."""
    fecha = _validar_fecha(fecha_emision or ahora())
    anio = fecha.astimezone(cargar().zona).year
    autor = usuario_por_nombre(s, usuario)
    boletin = Boletin(
        numero=siguiente_numero(s, anio),
        anio=anio,
        fecha_emision=fecha,
        lugar=cargar().institucion.lugar or None if lugar is None else lugar,
        titular=_texto_requerido(titular, "titular"),
        entradilla=_texto_requerido(entradilla, "entradilla"),
        cuerpo=_texto_requerido(cuerpo, "cuerpo"),
        citas=_validar_citas(citas),
        area=area,
        tema=tema,
        evento_id=evento_id,
        autor_id=autor.id if autor else None,
        autor_nombre=usuario,
    )
    s.add(boletin)
    s.flush()
    registrar(s, usuario, "crear", "boletin", boletin.id, {"folio": [None, boletin.folio]})
    return boletin


def version(boletin: Boletin) -> str:
    """Huella sha256 del texto que se revisa (todos los campos que ve la directora)."""
    campos = {c: getattr(boletin, c) for c in CAMPOS_DE_VERSION}
    campos["fecha_emision"] = boletin.fecha_emision.astimezone(dt.UTC).isoformat()
    crudo = json.dumps(campos, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(crudo.encode()).hexdigest()


def editar_boletin(s: Session, boletin_id: int, usuario: str, **cambios: Any) -> bool:
    """Edita un boletín en borrador o revisión; False si nada cambió.

    Editar uno en revisión lo regresa a borrador: lo que se apruebe debe volver a revisarse.
    """
    boletin = obtener(s, boletin_id)
    if boletin.estado not in {EstadoBoletin.BORRADOR, EstadoBoletin.REVISION}:
        raise BoletinInvalido(
            f"el boletín {boletin.folio} está {boletin.estado.value}: regréselo a borrador"
        )
    desconocidos = set(cambios) - CAMPOS_EDITABLES
    if desconocidos:
        raise BoletinInvalido(f"campos no editables: {', '.join(sorted(desconocidos))}")
    for campo in {"titular", "entradilla", "cuerpo"} & set(cambios):
        cambios[campo] = _texto_requerido(cambios[campo], campo)
    if "citas" in cambios:
        cambios["citas"] = _validar_citas(cambios["citas"])
    if "fecha_emision" in cambios:
        _validar_fecha(cambios["fecha_emision"])
    cambio = cambiar(s, usuario, boletin, cambios)
    if cambio and boletin.estado == EstadoBoletin.REVISION:
        _transicion(s, boletin, EstadoBoletin.BORRADOR, usuario)
    return cambio


def _transicion(s: Session, boletin: Boletin, nuevo: EstadoBoletin, usuario: str) -> None:
    """Cambia el estado si la transición es válida y la anota."""
    if nuevo not in TRANSICIONES[boletin.estado]:
        raise BoletinInvalido(
            f"el boletín {boletin.folio} no puede pasar de {boletin.estado.value} a {nuevo.value}"
        )
    extra: dict[str, Any] = {}
    if nuevo == EstadoBoletin.BORRADOR:
        extra["aprobado_por_id"] = None
        extra["version_aprobada"] = None
    cambiar(s, usuario, boletin, {"estado": nuevo, **extra})


def enviar_a_revision(s: Session, boletin_id: int, usuario: str) -> Boletin:
    """Borrador → revisión."""
    boletin = obtener(s, boletin_id)
    _transicion(s, boletin, EstadoBoletin.REVISION, usuario)
    return boletin


def devolver_a_borrador(s: Session, boletin_id: int, usuario: str) -> Boletin:
    """Revisión o aprobado → borrador (para corregir); quita la aprobación."""
    boletin = obtener(s, boletin_id)
    _transicion(s, boletin, EstadoBoletin.BORRADOR, usuario)
    return boletin


def aprobar(s: Session, boletin_id: int, usuario: str, revisada: str) -> Boletin:
    """Revisión → aprobado; sólo la directora y sólo la versión que revisó.

    `revisada` es `version(boletin)` del texto que la directora tuvo enfrente; si el boletín cambió
    desde entonces, se rechaza (BoletinInvalido) y debe volver a leerlo.
    """
    directora = exigir_rol(s, usuario, Rol.DIRECTORA)
    boletin = obtener(s, boletin_id)
    if boletin.estado != EstadoBoletin.REVISION:
        raise BoletinInvalido(
            f"sólo se aprueba un boletín en revisión; {boletin.folio} está {boletin.estado.value}"
        )
    actual = version(boletin)
    if revisada != actual:
        raise BoletinInvalido(
            f"el boletín {boletin.folio} cambió después de que lo revisó: vuelva a leerlo"
        )
    cambios = {
        "estado": EstadoBoletin.APROBADO,
        "aprobado_por_id": directora.id,
        "version_aprobada": actual,
    }
    cambiar(s, usuario, boletin, cambios)
    return boletin


def marcar_enviado(s: Session, boletin_id: int, usuario: str) -> bool:
    """Aprobado → enviado con la hora del primer envío; False si ya estaba enviado."""
    boletin = obtener(s, boletin_id)
    if boletin.estado == EstadoBoletin.ENVIADO:
        return False
    # Sin huella: aprobado antes de la migración 0003 (entonces no se guardaba).
    alterado = boletin.version_aprobada not in {None, version(boletin)}
    if boletin.estado != EstadoBoletin.APROBADO or alterado:
        raise BoletinInvalido(f"el boletín {boletin.folio} no está aprobado: no se puede enviar")
    return cambiar(s, usuario, boletin, {"estado": EstadoBoletin.ENVIADO, "enviado_en": ahora()})


def adjuntar_recursos(
    s: Session, boletin_id: int, recurso_ids: Sequence[int], usuario: str
) -> list[Recurso]:
    """Adjunta recursos del banco de medios al boletín (sin duplicar) y lo anota."""
    boletin = obtener(s, boletin_id)
    actuales = {r.id for r in boletin.recursos}
    nuevos = []
    for recurso_id in recurso_ids:
        recurso = s.get(Recurso, recurso_id)
        if recurso is None:
            raise BoletinInvalido(f"no existe el recurso {recurso_id} en el banco de medios")
        if recurso.id not in actuales:
            boletin.recursos.append(recurso)
            actuales.add(recurso.id)
            nuevos.append(recurso)
    if nuevos:
        cambios = {"recursos": [None, [r.id for r in nuevos]]}
        registrar(s, usuario, "adjuntar", "boletin", boletin.id, cambios)
    return nuevos


def quitar_recurso(s: Session, boletin_id: int, recurso_id: int, usuario: str) -> bool:
    """Quita un recurso adjunto; False si no estaba."""
    boletin = obtener(s, boletin_id)
    recurso = next((r for r in boletin.recursos if r.id == recurso_id), None)
    if recurso is None:
        return False
    boletin.recursos.remove(recurso)
    registrar(s, usuario, "quitar", "boletin", boletin.id, {"recursos": [recurso_id, None]})
    return True
