"""Lecturas para las páginas de la oficina: boletines, envíos, agenda, banco, padrón y bitácora."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.consultas.boletines import columnas_de_lista
from datos.consultas.comun import (
    TESTIGOS_IMAGEN,
    Consulta,
    a_numeros,
    agregar_folio,
    marco,
    marco_de_filas,
)
from datos.modelos import (
    Bitacora,
    Boletin,
    Contacto,
    Convenio,
    Envio,
    Evento,
    Invitacion,
    Medio,
    Nota,
    Recurso,
    Testigo,
    TipoEnvio,
    TipoRecurso,
    boletin_recurso,
)

# Tope de filas de la bitácora en pantalla: un año de trabajo de la oficina cabe de sobra.
LIMITE_BITACORA = 5_000


def boletines_de_oficina(s: Session, estados: Sequence[str] = ()) -> pd.DataFrame:
    """Boletines (de todos los estados o de los dados), del más reciente al más antiguo."""
    consulta = select(
        *columnas_de_lista(),
        Boletin.estado,
        Boletin.autor_nombre,
        Boletin.evento_id,
        Boletin.enviado_en,
    ).order_by(Boletin.anio.desc(), Boletin.numero.desc())
    if estados:
        consulta = consulta.where(Boletin.estado.in_(list(estados)))
    return agregar_folio(marco(s, consulta))


def registro_de_envios(s: Session, boletin_id: int) -> pd.DataFrame:
    """Envíos del boletín por destinatario: medio, contacto, correo, estado, motivo y hora."""
    consulta = (
        select(
            Envio.id.label("envio_id"),
            Medio.nombre.label("medio"),
            Contacto.nombre.label("contacto"),
            Envio.correo,
            Envio.estado,
            Envio.motivo,
            Envio.intentos,
            Envio.enviado_en,
        )
        .join(Medio, Medio.id == Envio.medio_id)
        .outerjoin(Contacto, Contacto.id == Envio.contacto_id)
        .where(Envio.boletin_id == boletin_id, Envio.tipo == TipoEnvio.BOLETIN)
        .order_by(Medio.nombre, Envio.correo)
    )
    return marco(s, consulta)


def medios_con_correo(s: Session, invitaciones: bool = False) -> pd.DataFrame:
    """Medios activos y cuántos de sus contactos con correo reciben boletines (o invitaciones)."""
    recibe = Contacto.recibe_invitaciones if invitaciones else Contacto.recibe_boletines
    contactos = (
        select(Contacto.medio_id, func.count(Contacto.id).label("contactos"))
        .where(
            Contacto.activo.is_(True),
            recibe.is_(True),
            Contacto.correo.is_not(None),
            Contacto.correo != "",
        )
        .group_by(Contacto.medio_id)
        .subquery()
    )
    consulta = (
        select(
            Medio.id.label("medio_id"),
            Medio.nombre.label("medio"),
            func.coalesce(contactos.c.contactos, 0).label("contactos"),
        )
        .outerjoin(contactos, contactos.c.medio_id == Medio.id)
        .where(Medio.activo.is_(True))
        .order_by(Medio.nombre)
    )
    return marco(s, consulta)


def fotos_del_banco(s: Session) -> pd.DataFrame:
    """Fotos del banco para adjuntar: id, nombre, fecha y etiquetas."""
    consulta = (
        select(
            Recurso.id.label("recurso_id"),
            Recurso.nombre_archivo,
            Recurso.fecha_toma,
            Recurso.creado_en,
            Recurso.etiquetas,
        )
        .where(Recurso.tipo == TipoRecurso.FOTO)
        .order_by(Recurso.creado_en.desc(), Recurso.id.desc())
    )
    return marco(s, consulta)


def invitaciones_del_evento(s: Session, evento_id: int) -> pd.DataFrame:
    """Invitaciones del evento: medio, respuesta, asistencia y cuándo se envió."""
    consulta = (
        select(
            Invitacion.id.label("invitacion_id"),
            Invitacion.medio_id,
            Medio.nombre.label("medio"),
            Invitacion.respuesta,
            Invitacion.asistio,
            Invitacion.enviada_en,
        )
        .join(Medio, Medio.id == Invitacion.medio_id)
        .where(Invitacion.evento_id == evento_id)
        .order_by(Medio.nombre)
    )
    return marco(s, consulta)


def boletines_del_evento(s: Session, evento_id: int) -> pd.DataFrame:
    """Boletines enlazados al evento."""
    consulta = (
        select(
            Boletin.id.label("boletin_id"),
            Boletin.numero,
            Boletin.anio,
            Boletin.titular,
            Boletin.estado,
        )
        .where(Boletin.evento_id == evento_id)
        .order_by(Boletin.anio, Boletin.numero)
    )
    return agregar_folio(marco(s, consulta))


def eventos_recientes(s: Session, limite: int = 200) -> pd.DataFrame:
    """Eventos (los más recientes primero) para elegir uno en formularios."""
    consulta = (
        select(Evento.id.label("evento_id"), Evento.titulo, Evento.inicio)
        .order_by(Evento.inicio.desc())
        .limit(limite)
    )
    return marco(s, consulta)


def boletines_de_recurso(s: Session, recurso_id: int) -> pd.DataFrame:
    """Boletines que llevan adjunto el recurso."""
    consulta = (
        select(Boletin.id.label("boletin_id"), Boletin.numero, Boletin.anio, Boletin.titular)
        .join(boletin_recurso, boletin_recurso.c.boletin_id == Boletin.id)
        .where(boletin_recurso.c.recurso_id == recurso_id)
        .order_by(Boletin.anio, Boletin.numero)
    )
    return agregar_folio(marco(s, consulta))


def etiquetas_del_banco(s: Session) -> list[str]:
    """Todas las etiquetas usadas en el banco, ordenadas."""
    etiquetas: set[str] = set()
    for lista in s.scalars(select(Recurso.etiquetas)):
        etiquetas.update(lista or [])
    return sorted(etiquetas)


def testigos_de_imagen(s: Session) -> pd.DataFrame:
    """Testigos que son imágenes, con su nota y su medio (para buscar nuestras fotos)."""
    consulta = (
        select(
            Testigo.id.label("testigo_id"),
            Testigo.ruta,
            Nota.id.label("nota_id"),
            Nota.titulo,
            Nota.url_original,
            Nota.fecha_publicacion,
            Medio.nombre.label("medio"),
        )
        .join(Nota, Nota.id == Testigo.nota_id)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(Testigo.tipo.in_(TESTIGOS_IMAGEN))
        .order_by(Nota.fecha_publicacion.desc())
    )
    return marco(s, consulta)


def contar_testigos_de_imagen(s: Session) -> int:
    """Cuántos testigos son imágenes (sin leer notas)."""
    consulta = select(func.count(Testigo.id)).where(Testigo.tipo.in_(TESTIGOS_IMAGEN))
    return int(s.scalar(consulta) or 0)


def medios_del_padron(s: Session) -> pd.DataFrame:
    """Medios con datos de padrón, audiencia potencial (tipo, fuente, fecha) y contactos."""
    contactos = (
        select(Contacto.medio_id, func.count(Contacto.id).label("contactos"))
        .group_by(Contacto.medio_id)
        .subquery()
    )
    consulta = (
        select(
            Medio.id.label("medio_id"),
            Medio.nombre.label("medio"),
            Medio.tipo,
            Medio.ambito,
            Medio.sitio_web,
            Medio.audiencia,
            Medio.audiencia_tipo,
            Medio.audiencia_fuente,
            Medio.audiencia_fecha,
            Medio.cobertura_geografica,
            Medio.razon_social,
            Medio.rfc,
            Medio.registro_padron,
            Medio.activo,
            func.coalesce(contactos.c.contactos, 0).label("contactos"),
        )
        .outerjoin(contactos, contactos.c.medio_id == Medio.id)
        .order_by(Medio.nombre)
    )
    return marco(s, consulta)


def contactos_del_medio(s: Session, medio_id: int) -> pd.DataFrame:
    """Contactos de un medio."""
    consulta = (
        select(
            Contacto.id.label("contacto_id"),
            Contacto.nombre,
            Contacto.cargo,
            Contacto.correo,
            Contacto.telefono,
            Contacto.recibe_boletines,
            Contacto.recibe_invitaciones,
            Contacto.activo,
            Contacto.correo_falla,
        )
        .where(Contacto.medio_id == medio_id)
        .order_by(Contacto.nombre)
    )
    return marco(s, consulta)


def convenios_con_medio(*detalle: Any) -> Consulta:
    """SELECT de convenios con su medio, monto total, vigencia y entregables.

    Las columnas de `detalle` (campaña, desglose del monto...) van antes del monto total.
    """
    return select(
        Convenio.id.label("convenio_id"),
        Convenio.numero,
        Convenio.medio_id,
        Medio.nombre.label("medio"),
        Convenio.concepto,
        *detalle,
        Convenio.monto_total,
        Convenio.vigencia_inicio,
        Convenio.vigencia_fin,
        Convenio.notas_mes,
    ).join(Medio, Medio.id == Convenio.medio_id)


def convenios(s: Session) -> pd.DataFrame:
    """Todos los convenios con su medio, montos, vigencia y entregables."""
    consulta = convenios_con_medio(Convenio.campana, Convenio.monto_sin_iva, Convenio.iva).order_by(
        Convenio.vigencia_inicio.desc(), Convenio.numero
    )
    return a_numeros(marco(s, consulta), "monto_sin_iva", "iva", "monto_total")


def notas_por_id(s: Session, nota_ids: Sequence[int]) -> pd.DataFrame:
    """Notas (prueba de cumplimiento) con fecha, título, enlace y si están marcadas pagadas."""
    consulta = (
        select(
            Nota.id.label("nota_id"),
            Nota.fecha_publicacion,
            Nota.titulo,
            func.coalesce(Nota.url_original, Nota.url_canonica).label("enlace"),
            Nota.pagada,
        )
        .where(Nota.id.in_(list(nota_ids)))
        .order_by(Nota.fecha_publicacion, Nota.id)
    )
    return marco(s, consulta)


def bitacora(
    s: Session,
    inicio: dt.datetime,
    fin: dt.datetime,
    entidades: Sequence[str] = (),
    usuarios: Sequence[str] = (),
) -> pd.DataFrame:
    """Entradas de la bitácora del intervalo [inicio, fin), filtradas, la más reciente primero."""
    consulta = (
        select(
            Bitacora.id.label("bitacora_id"),
            Bitacora.momento,
            Bitacora.usuario_nombre.label("usuario"),
            Bitacora.accion,
            Bitacora.entidad,
            Bitacora.entidad_id,
            Bitacora.cambios,
        )
        .where(Bitacora.momento >= inicio, Bitacora.momento < fin)
        .order_by(Bitacora.momento.desc(), Bitacora.id.desc())
        .limit(LIMITE_BITACORA)
    )
    if entidades:
        consulta = consulta.where(Bitacora.entidad.in_(list(entidades)))
    if usuarios:
        consulta = consulta.where(Bitacora.usuario_nombre.in_(list(usuarios)))
    return marco(s, consulta)


def opciones_de_bitacora(s: Session) -> tuple[list[str], list[str]]:
    """Entidades y usuarios que aparecen en la bitácora (para los filtros)."""
    entidades = s.scalars(select(Bitacora.entidad).distinct().order_by(Bitacora.entidad))
    usuarios = s.scalars(
        select(Bitacora.usuario_nombre).distinct().order_by(Bitacora.usuario_nombre)
    )
    return list(entidades), list(usuarios)


def filas(registros: Sequence[dict[str, Any]], columnas: Sequence[str]) -> pd.DataFrame:
    """Lista de diccionarios como DataFrame con columnas fijas (aunque esté vacía)."""
    return marco_de_filas([tuple(r.get(c) for c in columnas) for r in registros], columnas)
