"""Atención ciudadana: alta, canalización y cambios de estado con plazo por tema y bitácora.

Datos personales: sólo se guardan los de contacto que la persona da (nombre, teléfono, correo) y se
borran pasado el plazo de conservación tras cerrar la solicitud (`borrar_datos_vencidos`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.normalizar import plegar
from datos.config import cargar
from datos.modelos import (
    CanalSolicitud,
    Dependencia,
    EstadoSolicitud,
    Mencion,
    Nota,
    Solicitud,
    TerminoVigilado,
    TipoEntidad,
    ahora,
)
from datos.repositorio.bitacora import cambiar, registrar
from datos.temas_solicitud import CAMPOS_CONTACTO, Tema, temas

CERRADOS = frozenset({EstadoSolicitud.RESUELTA, EstadoSolicitud.NO_PROCEDE})
TRANSICIONES: dict[EstadoSolicitud, frozenset[EstadoSolicitud]] = {
    EstadoSolicitud.RECIBIDA: frozenset({EstadoSolicitud.CANALIZADA, EstadoSolicitud.NO_PROCEDE}),
    EstadoSolicitud.CANALIZADA: frozenset(
        {EstadoSolicitud.EN_ATENCION, EstadoSolicitud.RESUELTA, EstadoSolicitud.NO_PROCEDE}
    ),
    EstadoSolicitud.EN_ATENCION: frozenset({EstadoSolicitud.RESUELTA, EstadoSolicitud.NO_PROCEDE}),
    # Reabrir: la persona vuelve porque no quedó resuelto.
    EstadoSolicitud.RESUELTA: frozenset({EstadoSolicitud.EN_ATENCION}),
    EstadoSolicitud.NO_PROCEDE: frozenset({EstadoSolicitud.RECIBIDA}),
}


class SolicitudInvalida(ValueError):
    """Datos o cambio de solicitud que no se pueden aplicar (mensaje en español)."""


def tema(clave: str) -> Tema:
    """El tema con esa clave o SolicitudInvalida con las opciones."""
    try:
        return temas()[clave]
    except KeyError as exc:
        raise SolicitudInvalida(f"tema desconocido {clave!r}: use {', '.join(temas())}") from exc


def localidades(s: Session) -> list[str]:
    """Localidades del municipio (catálogo INEGI de la lista de vigilancia)."""
    consulta = (
        select(TerminoVigilado.nombre)
        .where(TerminoVigilado.tipo == TipoEntidad.LOCALIDAD, TerminoVigilado.activo.is_(True))
        .order_by(TerminoVigilado.nombre)
    )
    return list(s.scalars(consulta))


def dependencia_por_nombre(s: Session, nombre: str, crear: bool = True) -> Dependencia | None:
    """La dependencia con ese nombre (se da de alta si no existe y se pide)."""
    limpio = " ".join(nombre.split())
    if not limpio:
        return None
    existente = s.scalar(select(Dependencia).where(Dependencia.nombre == limpio))
    if existente is not None or not crear:
        return existente
    nueva = Dependencia(nombre=limpio)
    s.add(nueva)
    s.flush()
    return nueva


def guardar_dependencia(
    s: Session, nombre: str, usuario: str, correo: str | None = None, responsable: str | None = None
) -> Dependencia:
    """Alta o cambio del contacto de una dependencia (a quien se recuerdan sus solicitudes)."""
    dependencia = dependencia_por_nombre(s, nombre)
    if dependencia is None:
        raise SolicitudInvalida("la dependencia necesita un nombre")
    limpio = (correo or "").strip().lower() or None
    if limpio is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", limpio):
        raise SolicitudInvalida(f"correo inválido: {correo!r}")
    cambiar(
        s,
        usuario,
        dependencia,
        {"correo": limpio, "responsable": (responsable or "").strip() or None},
    )
    return dependencia


def _canal(valor: CanalSolicitud | str) -> CanalSolicitud:
    """Canal válido o SolicitudInvalida."""
    try:
        return CanalSolicitud(valor)
    except ValueError as exc:
        opciones = ", ".join(c.value for c in CanalSolicitud)
        raise SolicitudInvalida(f"canal desconocido {valor!r}: use {opciones}") from exc


def crear_solicitud(
    s: Session,
    *,
    canal: CanalSolicitud | str,
    asunto: str,
    tema_clave: str,
    usuario: str,
    localidad: str | None = None,
    dependencia: str | None = None,
    recibida_en: dt.datetime | None = None,
    **datos: Any,
) -> Solicitud:
    """Registra una solicitud con su plazo; si trae dependencia, queda canalizada."""
    if not asunto.strip():
        raise SolicitudInvalida("la solicitud necesita un asunto")
    t = tema(tema_clave)
    recibida = recibida_en or ahora()
    destino = dependencia_por_nombre(s, dependencia or t.dependencia)
    solicitud = Solicitud(
        canal=_canal(canal),
        asunto=asunto.strip(),
        tema=t.clave,
        localidad=localidad,
        dependencia_id=destino.id if destino else None,
        estado=EstadoSolicitud.CANALIZADA if dependencia else EstadoSolicitud.RECIBIDA,
        recibida_en=recibida,
        vence_en=recibida.astimezone(cargar().zona).date() + dt.timedelta(days=t.dias),
        creada_por=usuario,
        **{k: (v.strip() or None) if isinstance(v, str) else v for k, v in datos.items()},
    )
    s.add(solicitud)
    s.flush()
    registrar(s, usuario, "crear", "solicitud", solicitud.id, {"estado": [None, solicitud.estado]})
    return solicitud


def obtener(s: Session, solicitud_id: int) -> Solicitud:
    """La solicitud o SolicitudInvalida."""
    solicitud = s.get(Solicitud, solicitud_id)
    if solicitud is None:
        raise SolicitudInvalida(f"no existe la solicitud {solicitud_id}")
    return solicitud


def cambiar_estado(
    s: Session,
    solicitud_id: int,
    estado: EstadoSolicitud | str,
    usuario: str,
    *,
    dependencia: str | None = None,
    respuesta: str | None = None,
) -> Solicitud:
    """Avanza el flujo (recibida → canalizada → en atención → resuelta | no procede)."""
    solicitud = obtener(s, solicitud_id)
    try:
        nuevo = EstadoSolicitud(estado)
    except ValueError as exc:
        opciones = ", ".join(e.value for e in EstadoSolicitud)
        raise SolicitudInvalida(f"estado desconocido {estado!r}: use {opciones}") from exc
    if nuevo != solicitud.estado and nuevo not in TRANSICIONES[solicitud.estado]:
        raise SolicitudInvalida(
            f"la solicitud no puede pasar de {solicitud.estado.value} a {nuevo.value}"
        )
    cambios: dict[str, Any] = {"estado": nuevo}
    if dependencia:
        destino = dependencia_por_nombre(s, dependencia)
        cambios["dependencia_id"] = destino.id if destino else None
    if nuevo == EstadoSolicitud.CANALIZADA and not (
        cambios.get("dependencia_id") or solicitud.dependencia_id
    ):
        raise SolicitudInvalida("para canalizar indique la dependencia")
    if respuesta:
        cambios["respuesta"] = respuesta.strip()
    cambios["cerrada_en"] = (solicitud.cerrada_en or ahora()) if nuevo in CERRADOS else None
    cambiar(s, usuario, solicitud, cambios)
    return solicitud


def tema_de_texto(texto: str) -> str:
    """El tema cuyas palabras aparecen más en el texto (o «otro»)."""
    plano = plegar(texto)
    puntajes = {t.clave: sum(plano.count(plegar(p)) for p in t.palabras) for t in temas().values()}
    mejor = max(puntajes, key=lambda k: puntajes[k])
    return mejor if puntajes[mejor] else "otro"


def localidad_de_nota(s: Session, nota: Nota) -> str | None:
    """La localidad del municipio mencionada en la nota (menciones o texto)."""
    mencion = s.scalar(
        select(Mencion.entidad).where(
            Mencion.nota_id == nota.id, Mencion.tipo == TipoEntidad.LOCALIDAD
        )
    )
    if mencion:
        return mencion
    plano = plegar(f"{nota.titulo} {nota.texto}")
    return next((n for n in localidades(s) if plegar(n) in plano), None)


def desde_nota(s: Session, nota_id: int, usuario: str) -> Solicitud:
    """Un clic desde una nota negativa: solicitud prellenada con la nota como prueba."""
    nota = s.get(Nota, nota_id)
    if nota is None:
        raise SolicitudInvalida(f"no existe la nota {nota_id}")
    existente = s.scalar(select(Solicitud).where(Solicitud.nota_id == nota_id))
    if existente is not None:
        return existente
    return crear_solicitud(
        s,
        canal=CanalSolicitud.NOTA,
        asunto=nota.titulo[:300] or "Queja publicada en medios",
        tema_clave=tema_de_texto(f"{nota.titulo} {nota.texto}"),
        usuario=usuario,
        localidad=localidad_de_nota(s, nota),
        descripcion=f"Publicado por {nota.medio.nombre}: {nota.texto[:600]}",
        nota_id=nota.id,
        enlace=nota.url_original or nota.url_canonica,
    )


def borrar_datos_vencidos(s: Session, momento: dt.datetime | None = None) -> int:
    """Borra el contacto de las solicitudes cerradas hace más del plazo de conservación."""
    momento = momento or ahora()
    limite = momento - dt.timedelta(days=cargar().ciudadania.retencion_dias)
    consulta = select(Solicitud).where(
        Solicitud.estado.in_(list(CERRADOS)),
        Solicitud.cerrada_en < limite,
        Solicitud.datos_borrados_en.is_(None),
    )
    borradas = 0
    for solicitud in s.scalars(consulta):
        tenia = any(getattr(solicitud, c) for c in CAMPOS_CONTACTO)
        for campo in CAMPOS_CONTACTO:
            setattr(solicitud, campo, None)
        solicitud.datos_borrados_en = momento
        # La bitácora dice que se borró, nunca qué se borró.
        registrar(s, "sistema", "borrar datos personales", "solicitud", solicitud.id, {})
        borradas += tenia
    return borradas
