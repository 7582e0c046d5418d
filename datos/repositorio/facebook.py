"""Calendario de la página de Facebook: borradores, aprobación con huella y resultado de publicar.

Nada se publica sin que la directora apruebe la versión exacta (texto, fotos y hora): la huella
sha256 de lo aprobado se guarda y se vuelve a calcular antes de publicar. Editar una publicación
en revisión o aprobada la regresa a borrador.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from datos.modelos import (
    Boletin,
    EstadoPublicacion,
    InsightsPagina,
    PublicacionFacebook,
    Recurso,
    Rol,
    TipoRecurso,
    ahora,
)
from datos.repositorio.bitacora import cambiar, registrar
from datos.repositorio.boletines import exigir_rol

ENTIDAD = "publicacion_facebook"
# Facebook admite 63,206 caracteres; más de 5,000 ya no es una publicación de página sino un error.
LARGO_MAXIMO_TEXTO = 5000
# Con attached_media la Graph API admite muchas fotos; más de 10 no se ven en el muro.
FOTOS_MAXIMAS = 10
EDITABLES = frozenset(
    {EstadoPublicacion.BORRADOR, EstadoPublicacion.EN_REVISION, EstadoPublicacion.APROBADA}
)
# Una publicación apartada más de esto se da por abandonada (el proceso murió a medio publicar).
RESERVA = dt.timedelta(minutes=10)
FINALES = frozenset({EstadoPublicacion.PUBLICADA, EstadoPublicacion.CANCELADA})


class PublicacionInvalida(ValueError):
    """Datos o cambio de publicación que no se pueden aplicar (mensaje en español)."""


def obtener(s: Session, publicacion_id: int) -> PublicacionFacebook:
    """La publicación o PublicacionInvalida."""
    publicacion = s.get(PublicacionFacebook, publicacion_id)
    if publicacion is None:
        raise PublicacionInvalida(f"no existe la publicación {publicacion_id}")
    return publicacion


def version(publicacion: PublicacionFacebook) -> str:
    """Huella sha256 de lo que la directora aprueba: texto, fotos y hora programada."""
    campos = {
        "texto": publicacion.texto,
        "fotos": sorted(r.sha256 for r in publicacion.recursos),
        "programada_para": publicacion.programada_para.astimezone(dt.UTC).isoformat(),
    }
    crudo = json.dumps(campos, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(crudo.encode()).hexdigest()


def _texto(valor: str) -> str:
    """Texto sin espacios sobrantes, ni vacío ni demasiado largo."""
    limpio = (valor or "").strip()
    if not limpio:
        raise PublicacionInvalida("la publicación no tiene texto")
    if len(limpio) > LARGO_MAXIMO_TEXTO:
        raise PublicacionInvalida(
            f"el texto tiene {len(limpio):,} caracteres; el máximo es {LARGO_MAXIMO_TEXTO:,}"
        )
    return limpio


def _momento(valor: dt.datetime) -> dt.datetime:
    """La fecha programada debe llevar zona horaria."""
    if valor.tzinfo is None:
        raise PublicacionInvalida("la fecha programada debe llevar zona horaria")
    return valor


def _fotos(s: Session, ids: Sequence[int]) -> list[Recurso]:
    """Fotos del banco con esos ids; PublicacionInvalida si falta alguna o no es foto."""
    unicos = list(dict.fromkeys(ids))
    if len(unicos) > FOTOS_MAXIMAS:
        raise PublicacionInvalida(f"a lo más {FOTOS_MAXIMAS} fotos por publicación")
    encontrados = {r.id: r for r in s.scalars(select(Recurso).where(Recurso.id.in_(unicos)))}
    faltan = [str(i) for i in unicos if i not in encontrados]
    if faltan:
        raise PublicacionInvalida(f"no existen en el banco de medios: {', '.join(faltan)}")
    no_fotos = [str(i) for i in unicos if encontrados[i].tipo is not TipoRecurso.FOTO]
    if no_fotos:
        raise PublicacionInvalida(f"no son fotos: {', '.join(no_fotos)}")
    return [encontrados[i] for i in unicos]


def crear(
    s: Session,
    *,
    texto: str,
    programada_para: dt.datetime,
    usuario: str,
    boletin: Boletin | None = None,
    fotos: Sequence[int] = (),
) -> PublicacionFacebook:
    """Nueva publicación en borrador."""
    publicacion = PublicacionFacebook(
        texto=_texto(texto),
        programada_para=_momento(programada_para),
        boletin=boletin,
        recursos=_fotos(s, fotos),
        creado_por=usuario,
    )
    s.add(publicacion)
    s.flush()
    cambios = {"estado": [None, "borrador"], "boletin": [None, boletin.folio if boletin else None]}
    registrar(s, usuario, "crear", ENTIDAD, publicacion.id, cambios)
    return publicacion


def _a_borrador(s: Session, publicacion: PublicacionFacebook, usuario: str) -> None:
    """Regresa a borrador y quita la aprobación."""
    cambios = {
        "estado": EstadoPublicacion.BORRADOR,
        "aprobado_por_id": None,
        "version_aprobada": None,
        "aprobada_en": None,
    }
    cambiar(s, usuario, publicacion, cambios)


def editar(
    s: Session,
    publicacion_id: int,
    usuario: str,
    *,
    texto: str | None = None,
    programada_para: dt.datetime | None = None,
    fotos: Sequence[int] | None = None,
) -> bool:
    """Cambia texto, hora o fotos; si estaba en revisión o aprobada, vuelve a borrador."""
    publicacion = obtener(s, publicacion_id)
    if publicacion.estado not in EDITABLES | {EstadoPublicacion.FALLIDA}:
        raise PublicacionInvalida(
            f"la publicación {publicacion.id} está {publicacion.estado.value}: ya no se edita"
        )
    antes = version(publicacion)
    nuevos: dict[str, Any] = {}
    if texto is not None:
        nuevos["texto"] = _texto(texto)
    if programada_para is not None:
        nuevos["programada_para"] = _momento(programada_para)
    cambio = cambiar(s, usuario, publicacion, nuevos)
    if fotos is not None and [r.id for r in publicacion.recursos] != list(fotos):
        publicacion.recursos = _fotos(s, fotos)
        registrar(s, usuario, "fotos", ENTIDAD, publicacion.id, {"fotos": [None, list(fotos)]})
        cambio = True
    alterada = cambio and version(publicacion) != antes
    if alterada and publicacion.estado != EstadoPublicacion.BORRADOR:
        _a_borrador(s, publicacion, usuario)
    return cambio


def enviar_a_revision(s: Session, publicacion_id: int, usuario: str) -> PublicacionFacebook:
    """Borrador (o fallida, tras corregir) → en revisión."""
    publicacion = obtener(s, publicacion_id)
    if publicacion.estado not in {EstadoPublicacion.BORRADOR, EstadoPublicacion.FALLIDA}:
        raise PublicacionInvalida(
            f"sólo un borrador pasa a revisión; la {publicacion.id} está {publicacion.estado.value}"
        )
    cambiar(s, usuario, publicacion, {"estado": EstadoPublicacion.EN_REVISION, "error": None})
    return publicacion


def aprobar(
    s: Session, publicacion_id: int, usuario: str, revisada: str | None = None
) -> PublicacionFacebook:
    """Borrador o revisión → aprobada; sólo la directora y sólo la versión que leyó.

    `revisada` es `version()` de lo que la directora tuvo enfrente; si cambió, se rechaza.
    """
    directora = exigir_rol(s, usuario, Rol.DIRECTORA)
    publicacion = obtener(s, publicacion_id)
    if publicacion.estado not in {EstadoPublicacion.BORRADOR, EstadoPublicacion.EN_REVISION}:
        raise PublicacionInvalida(
            f"la publicación {publicacion.id} está {publicacion.estado.value}: no se aprueba"
        )
    actual = version(publicacion)
    if revisada is not None and revisada != actual:
        raise PublicacionInvalida(
            f"la publicación {publicacion.id} cambió después de que la revisó: vuelva a leerla"
        )
    cambios = {
        "estado": EstadoPublicacion.APROBADA,
        "aprobado_por_id": directora.id,
        "version_aprobada": actual,
        "aprobada_en": ahora(),
    }
    cambiar(s, usuario, publicacion, cambios)
    return publicacion


def cancelar(s: Session, publicacion_id: int, usuario: str) -> PublicacionFacebook:
    """Cualquier estado no final → cancelada (no se publicará)."""
    publicacion = obtener(s, publicacion_id)
    if publicacion.estado in FINALES:
        raise PublicacionInvalida(
            f"la publicación {publicacion.id} ya está {publicacion.estado.value}"
        )
    cambiar(s, usuario, publicacion, {"estado": EstadoPublicacion.CANCELADA})
    return publicacion


def aprobada_intacta(publicacion: PublicacionFacebook) -> bool:
    """Está aprobada y su contenido es exactamente el aprobado."""
    return (
        publicacion.estado == EstadoPublicacion.APROBADA
        and publicacion.version_aprobada is not None
        and publicacion.version_aprobada == version(publicacion)
    )


def vencidas(s: Session, momento: dt.datetime) -> list[PublicacionFacebook]:
    """Aprobadas cuya hora ya llegó, en orden de hora (las alteradas no cuentan)."""
    consulta = (
        select(PublicacionFacebook)
        .where(
            PublicacionFacebook.estado == EstadoPublicacion.APROBADA,
            PublicacionFacebook.programada_para <= momento,
        )
        .order_by(PublicacionFacebook.programada_para, PublicacionFacebook.id)
    )
    return [p for p in s.scalars(consulta) if aprobada_intacta(p)]


def reservar(s: Session, publicacion_id: int, momento: dt.datetime) -> bool:
    """Aparta una publicación aprobada para publicarla; False si otro proceso ya la tiene."""
    resultado = s.execute(
        update(PublicacionFacebook)
        .where(
            PublicacionFacebook.id == publicacion_id,
            PublicacionFacebook.estado == EstadoPublicacion.APROBADA,
            or_(
                PublicacionFacebook.reservada_en.is_(None),
                PublicacionFacebook.reservada_en < momento - RESERVA,
            ),
        )
        .values(reservada_en=momento, intentos=PublicacionFacebook.intentos + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(resultado.rowcount)  # type: ignore[attr-defined]


def marcar_publicada(
    s: Session, publicacion: PublicacionFacebook, id_facebook: str, enlace: str, usuario: str
) -> None:
    """Anota el id y el enlace que devolvió Facebook."""
    cambios = {
        "estado": EstadoPublicacion.PUBLICADA,
        "id_facebook": id_facebook,
        "enlace": enlace,
        "error": None,
        "reservada_en": None,
        "publicada_en": ahora(),
    }
    cambiar(s, usuario, publicacion, cambios)


def marcar_fallida(
    s: Session, publicacion: PublicacionFacebook, motivo: str, usuario: str, *, definitiva: bool
) -> None:
    """Anota el error; si es definitivo (token, permisos) queda fallida, si no sigue aprobada."""
    cambios: dict[str, Any] = {"error": motivo, "reservada_en": None}
    if definitiva:
        cambios["estado"] = EstadoPublicacion.FALLIDA
    cambiar(s, usuario, publicacion, cambios)


def guardar_insights(
    s: Session,
    mes: dt.date,
    *,
    alcance: int | None,
    interacciones: int | None,
    seguidores: int | None,
    por_edad: dict[str, float],
    archivo: str | None = None,
) -> InsightsPagina:
    """Crea o actualiza las cifras del mes; sólo reemplaza lo que trae la importación."""
    inicio = mes.replace(day=1)
    fila = s.scalar(select(InsightsPagina).where(InsightsPagina.mes == inicio))
    if fila is None:
        fila = InsightsPagina(mes=inicio, seguidores_por_edad={})
        s.add(fila)
    nuevos = {"alcance": alcance, "interacciones": interacciones, "seguidores": seguidores}
    for campo, valor in nuevos.items():
        if valor is not None:
            setattr(fila, campo, valor)
    if por_edad:
        fila.seguidores_por_edad = dict(por_edad)
    fila.archivo = archivo
    s.flush()
    return fila
