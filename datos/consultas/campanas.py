"""Lecturas de campañas: lista, cumplimiento por orden, por medio y por campaña."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analisis.campanas import Avance, agrupar, avance, sumar
from datos.config import cargar
from datos.consultas.comun import marco
from datos.consultas.testigos import ArchivoEvidencia
from datos.modelos import (
    Campana,
    Convenio,
    Entrega,
    Medio,
    Nota,
    Orden,
    Recurso,
    TipoCaptura,
    TipoRecurso,
)

ETIQUETAS_TIPO = {"spot": "spots", "insercion": "inserciones", "banner": "banners"}


@dataclass(frozen=True)
class FilaOrden:
    """Una orden con sus entregas contadas."""

    orden_id: int
    medio: str
    tipo: str
    detalle: str
    convenio: str | None
    avance: Avance


@dataclass(frozen=True)
class Cumplimiento:
    """Cumplimiento de una campaña: por orden, por medio y total."""

    campana_id: int
    nombre: str
    ordenes: list[FilaOrden]
    por_medio: dict[str, Avance]
    total: Avance


def lista_de_campanas(s: Session) -> pd.DataFrame:
    """Campañas (id, nombre, inicio, fin, órdenes), de la más reciente a la más antigua."""
    consulta = (
        select(
            Campana.id,
            Campana.nombre,
            Campana.inicio,
            Campana.fin,
            func.count(Orden.id).label("ordenes"),
        )
        .outerjoin(Orden, Orden.campana_id == Campana.id)
        .group_by(Campana.id)
        .order_by(Campana.inicio.desc(), Campana.id.desc())
    )
    return pd.DataFrame(
        s.execute(consulta).all(), columns=["id", "nombre", "inicio", "fin", "ordenes"]
    )


@dataclass(frozen=True)
class DatosCampana:
    """Lo que se puede corregir de una campaña."""

    nombre: str
    inicio: dt.date
    fin: dt.date
    mensaje: str


def datos_de_campana(s: Session, campana_id: int) -> DatosCampana | None:
    """Nombre, periodo y mensaje de la campaña (None si ya no existe)."""
    c = s.get(Campana, campana_id)
    return None if c is None else DatosCampana(c.nombre, c.inicio, c.fin, c.mensaje)


# Opciones de material que se ofrecen al crear una campaña: el banco de una oficina grande tiene
# decenas de miles de fotos de eventos; ofrecerlas todas hacía lenta la página sin servir a nadie.
MAXIMO_MATERIALES = 300


def materiales_del_banco(s: Session, limite: int = MAXIMO_MATERIALES) -> pd.DataFrame:
    """Posibles materiales de campaña: audio, video y documentos, luego las fotos más recientes."""
    consulta = (
        select(
            Recurso.id.label("recurso_id"),
            Recurso.nombre_archivo,
            Recurso.tipo,
            Recurso.descripcion,
        )
        .order_by(Recurso.tipo == TipoRecurso.FOTO, Recurso.creado_en.desc(), Recurso.id.desc())
        .limit(limite)
    )
    return marco(s, consulta)


def campanas_del_periodo(s: Session, desde: dt.date, hasta: dt.date) -> list[int]:
    """Ids de las campañas cuyo periodo toca [desde, hasta], por fecha de inicio."""
    consulta = (
        select(Campana.id)
        .where(Campana.inicio <= hasta, Campana.fin >= desde)
        .order_by(Campana.inicio, Campana.id)
    )
    return list(s.scalars(consulta))


def _entregas_por_orden(
    s: Session, campana_id: int, antes_de: dt.datetime | None
) -> dict[int, int]:
    """Entregas registradas por orden de la campaña (sólo las anteriores a `antes_de`)."""
    consulta = (
        select(Entrega.orden_id, func.count(Entrega.id))
        .join(Orden, Orden.id == Entrega.orden_id)
        .where(Orden.campana_id == campana_id)
        .group_by(Entrega.orden_id)
    )
    if antes_de is not None:
        consulta = consulta.where(Entrega.momento < antes_de)
    return {int(o): int(n) for o, n in s.execute(consulta).all()}


def _detalle(orden: Orden) -> str:
    """Horario de los spots o tamaño y página de la inserción."""
    partes = [orden.horario, orden.tamano, f"pág. {orden.pagina}" if orden.pagina else None]
    return " · ".join(p for p in partes if p)


def _filas(s: Session, campana_id: int, antes_de: dt.datetime | None) -> list[FilaOrden]:
    """Las órdenes de la campaña con su avance, por medio y tipo."""
    entregas = _entregas_por_orden(s, campana_id, antes_de)
    consulta = (
        select(Orden, Medio.nombre, Convenio.numero)
        .join(Medio, Medio.id == Orden.medio_id)
        .outerjoin(Convenio, Convenio.id == Orden.convenio_id)
        .where(Orden.campana_id == campana_id)
        .order_by(Medio.nombre, Orden.id)
    )
    return [
        FilaOrden(
            o.id,
            medio,
            o.tipo.value,
            _detalle(o),
            convenio,
            avance(o.cantidad, entregas.get(o.id, 0), o.costo),
        )
        for o, medio, convenio in s.execute(consulta).all()
    ]


def cumplimiento(s: Session, campana_id: int, antes_de: dt.datetime | None = None) -> Cumplimiento:
    """Ordenado contra entregado y costo por entrega de cada orden, medio y la campaña.

    Con `antes_de` sólo cuentan las entregas anteriores (el corte de un reporte mensual).
    """
    campana = s.get(Campana, campana_id)
    if campana is None:
        raise ValueError(f"no existe la campaña {campana_id}")
    filas = _filas(s, campana_id, antes_de)
    return Cumplimiento(
        campana_id=campana.id,
        nombre=campana.nombre,
        ordenes=filas,
        por_medio=agrupar(filas, lambda f: f.medio, lambda f: f.avance),
        total=sumar(f.avance for f in filas),
    )


def avance_a_dict(a: Avance) -> dict[str, Any]:
    """Avance en JSON: enteros, proporción 0–1 y montos como texto decimal exacto."""
    return {
        "ordenadas": a.ordenadas,
        "entregadas": a.entregadas,
        "faltan": a.faltan,
        "cumplimiento": round(a.proporcion, 4) if a.proporcion is not None else None,
        "costo": str(a.costo),
        "costo_por_entrega": str(a.costo_por_entrega) if a.costo_por_entrega else None,
    }


def cumplimiento_a_dict(c: Cumplimiento) -> dict[str, Any]:
    """El cumplimiento en el formato de `monitoreo campanas cumplimiento --json`."""
    return {
        "campana": c.nombre,
        "total": avance_a_dict(c.total),
        "medios": [{"medio": m, **avance_a_dict(a)} for m, a in c.por_medio.items()],
        "ordenes": [
            {
                "orden": f.orden_id,
                "medio": f.medio,
                "tipo": f.tipo,
                "detalle": f.detalle,
                "convenio": f.convenio,
                **avance_a_dict(f.avance),
            }
            for f in c.ordenes
        ],
    }


def paginas_para_insercion(s: Session, orden_id: int) -> pd.DataFrame:
    """Páginas impresas del medio de la orden en el periodo de la campaña, aún sin ligar."""
    orden = s.get(Orden, orden_id)
    if orden is None:
        raise ValueError(f"no existe la orden {orden_id}")
    ligadas = select(Entrega.nota_id).where(
        Entrega.orden_id == orden_id, Entrega.nota_id.is_not(None)
    )
    consulta = (
        select(Nota.id, Nota.fecha_publicacion, Nota.pagina, Nota.titulo)
        .where(
            Nota.medio_id == orden.medio_id,
            Nota.tipo_captura.in_([TipoCaptura.PDF, TipoCaptura.OCR]),
            Nota.fecha_publicacion.is_not(None),
            Nota.id.not_in(ligadas),
        )
        .order_by(Nota.fecha_publicacion.desc(), Nota.pagina)
    )
    inicio, fin = orden.campana.inicio, orden.campana.fin
    filas = [
        f
        for f in s.execute(consulta).all()
        if inicio <= f.fecha_publicacion.astimezone(cargar().zona).date() <= fin
    ]
    return pd.DataFrame(filas, columns=["nota_id", "fecha", "pagina", "titulo"])


def ordenes_del_convenio(s: Session, convenio_id: int) -> list[tuple[str, FilaOrden]]:
    """Órdenes de campañas ligadas al convenio, con su avance: (campaña, fila de la orden)."""
    ids = set(s.scalars(select(Orden.id).where(Orden.convenio_id == convenio_id)))
    campanas = s.execute(
        select(Campana.id, Campana.nombre)
        .where(Campana.id.in_(select(Orden.campana_id).where(Orden.id.in_(ids))))
        .order_by(Campana.nombre)
    ).all()
    return [
        (nombre, fila)
        for campana_id, nombre in campanas
        for fila in _filas(s, campana_id, None)
        if fila.orden_id in ids
    ]


@dataclass(frozen=True)
class EntregasDelConvenio:
    """Spots e inserciones de campañas entregados con un convenio, para su cumplimiento mensual."""

    vigencia: tuple[dt.date, dt.date]
    # tipo de orden → (entregables acordados al mes, [(id de la entrega, día local)]).
    por_tipo: dict[str, tuple[int, list[tuple[int, dt.date]]]]


def entregas_del_convenio(s: Session, convenio_id: int) -> EntregasDelConvenio:
    """Entregas de órdenes ligadas al convenio, por tipo, con lo que el convenio acordó al mes."""
    convenio = s.get(Convenio, convenio_id)
    if convenio is None:
        raise ValueError(f"no existe el convenio {convenio_id}")
    zona = cargar().zona
    acordados = {
        "spot": convenio.spots_mes,
        "insercion": convenio.inserciones_mes,
        "banner": convenio.banners_mes,
    }
    filas = s.execute(
        select(Orden.tipo, Entrega.id, Entrega.momento)
        .join(Orden, Orden.id == Entrega.orden_id)
        .where(Orden.convenio_id == convenio_id)
        .order_by(Entrega.momento)
    ).all()
    por_tipo: dict[str, tuple[int, list[tuple[int, dt.date]]]] = {}
    for tipo, ident, momento in filas:
        por_tipo.setdefault(tipo.value, (acordados[tipo.value], []))[1].append(
            (int(ident), momento.astimezone(zona).date())
        )
    return EntregasDelConvenio((convenio.vigencia_inicio, convenio.vigencia_fin), por_tipo)


@dataclass(frozen=True)
class CapturaDeBanner:
    """Prueba de un banner: la página del medio donde apareció y su captura PNG."""

    entrega_id: int
    orden_id: int
    campana: str
    medio: str
    url: str
    archivo: ArchivoEvidencia


def _capturas(s: Session, *condiciones: Any) -> list[CapturaDeBanner]:
    """Entregas con captura que cumplen las condiciones, la más reciente primero."""
    consulta = (
        select(Entrega, Campana.nombre, Medio.nombre)
        .join(Orden, Orden.id == Entrega.orden_id)
        .join(Campana, Campana.id == Orden.campana_id)
        .join(Medio, Medio.id == Orden.medio_id)
        .where(Entrega.captura_ruta.is_not(None), *condiciones)
        .order_by(Entrega.momento.desc(), Entrega.id.desc())
    )
    return [
        CapturaDeBanner(e.id, e.orden_id, campana, medio, e.url or "", _archivo_de(e))
        for e, campana, medio in s.execute(consulta).all()
    ]


def _archivo_de(e: Entrega) -> ArchivoEvidencia:
    """La captura de la entrega con la forma de un testigo (para el visor)."""
    return ArchivoEvidencia(
        testigo_id=e.id,
        tipo="captura",
        tipo_mime="image/png",
        sha256=e.captura_sha256 or "",
        capturado_en=e.momento,
        version=1,
        ruta=e.captura_ruta or "",
        tamano=e.captura_tamano or 0,
    )


def captura_de_entrega(s: Session, entrega_id: int) -> CapturaDeBanner | None:
    """La captura de un banner entregado; None si la entrega no existe o no tiene captura."""
    return next(iter(_capturas(s, Entrega.id == entrega_id)), None)


def capturas_de_campana(s: Session, campana_id: int) -> list[CapturaDeBanner]:
    """Las capturas de banners de la campaña, la más reciente primero."""
    return _capturas(s, Orden.campana_id == campana_id)


@dataclass(frozen=True)
class FilaEntrega:
    """Una entrega comprobada de la campaña, con lo que la prueba."""

    entrega_id: int
    orden_id: int
    medio: str
    tipo: str
    momento: dt.datetime
    programa: str | None
    duracion_segundos: int | None
    origen: str
    url: str | None
    nota_id: int | None
    captura: ArchivoEvidencia | None


def entregas_de_campana(s: Session, campana_id: int) -> list[FilaEntrega]:
    """Todas las entregas de la campaña en orden cronológico (el expediente de comprobación)."""
    consulta = (
        select(Entrega, Orden.tipo, Medio.nombre)
        .join(Orden, Orden.id == Entrega.orden_id)
        .join(Medio, Medio.id == Orden.medio_id)
        .where(Orden.campana_id == campana_id)
        .order_by(Entrega.momento, Entrega.id)
    )
    return [
        FilaEntrega(
            e.id,
            e.orden_id,
            medio,
            tipo.value,
            e.momento,
            e.programa,
            e.duracion_segundos,
            e.origen,
            e.url,
            e.nota_id,
            _archivo_de(e) if e.captura_ruta else None,
        )
        for e, tipo, medio in s.execute(consulta).all()
    ]
