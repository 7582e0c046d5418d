"""La campaña de la demo: «Agua para Todos», en curso, con pauta en radio, TV, impreso y web.

La radio va corta de spots (31 de 40) para que el tablero muestre un medio que todavía debe; la
TV ya cumplió, las inserciones del diario se ligan a sus páginas impresas después del rastreo y el
banner de Huasteca Hoy se comprueba con una captura de su portada (que lo muestra).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import Campana, Convenio, Medio, Nota, Recurso, TipoCaptura, TipoOrden
from datos.repositorio.campanas import (
    DatosOrden,
    buscar_campana,
    crear_campana,
    crear_orden,
    registrar_insercion,
    registrar_transmision,
)

NOMBRE = "Agua para Todos"
MENSAJE = "Cuida el agua: el Ayuntamiento lleva la red de agua potable a tus localidades."
USUARIO = "demo"
RADIO, TV, DIARIO = "Estéreo Huasteca 98.7 FM", "Canal 9 TV Huasteca", "El Heraldo Huasteco"
SPOTS_RADIO, AL_AIRE_RADIO = 40, 31
SPOTS_TV = 20
HORAS_RADIO = (dt.time(7, 15), dt.time(13, 15))
HORA_TV = dt.time(20, 30)
INSERCIONES = 4
PAGINA_INSERCION = 3
PORTAL, SLUG_PORTAL = "Huasteca Hoy", "huasteca-hoy"
BANNERS = 1
# El banner que la portada de Huasteca Hoy muestra arriba de las notas (sin enlaces: el rastreo
# no lo confunde con una nota).
BANNER_HTML = (
    '<div id="banner-campana" style="width:728px;height:90px;background:#0b6e4f;color:#fff;'
    'font:bold 28px sans-serif;display:flex;align-items:center;justify-content:center">'
    f"{NOMBRE}: cuida el agua</div>"
)


def banner_de_portada(slug: str) -> str:
    """El HTML del banner de la campaña si el medio lo lleva en su portada; si no, vacío."""
    return BANNER_HTML if slug == SLUG_PORTAL else ""


def _convenio(s: Session, medio: str) -> int | None:
    """El convenio del medio, si tiene."""
    consulta = select(Convenio.id).join(Medio).where(Medio.nombre == medio).order_by(Convenio.id)
    return s.scalars(consulta).first()


def _ordenes(s: Session, campana: Campana) -> None:
    """Las cuatro órdenes de la pauta, cada una ligada al convenio de su medio si lo tiene."""
    pauta = [
        DatosOrden(
            RADIO,
            TipoOrden.SPOT,
            SPOTS_RADIO,
            "18560.00",
            horario="07:00-14:00, 20 s",
            convenio_id=_convenio(s, RADIO),
        ),
        DatosOrden(TV, TipoOrden.SPOT, SPOTS_TV, "24000.00", horario="20:00-21:00, 30 s"),
        DatosOrden(
            DIARIO,
            TipoOrden.INSERCION,
            INSERCIONES,
            "9280.00",
            tamano="1/4 de plana",
            pagina=str(PAGINA_INSERCION),
            convenio_id=_convenio(s, DIARIO),
        ),
        DatosOrden(
            PORTAL,
            TipoOrden.BANNER,
            BANNERS,
            "3480.00",
            tamano="728×90 px",
            pagina="portada",
            convenio_id=_convenio(s, PORTAL),
        ),
    ]
    for datos in pauta:
        crear_orden(s, campana, datos, USUARIO)


def _transmisiones(s: Session, campana: Campana) -> None:
    """Spots al aire desde el inicio: la radio 31 de 40 (dos al día), la TV sus 20 (uno al día)."""
    zona = cargar().zona
    radio, tv = campana.ordenes[0], campana.ordenes[1]
    for k in range(AL_AIRE_RADIO):
        dia = campana.inicio + dt.timedelta(days=k // 2)
        momento = dt.datetime.combine(dia, HORAS_RADIO[k % 2], zona)
        registrar_transmision(s, radio, momento, "Noticiero Estéreo", 20, "importacion")
    for k in range(SPOTS_TV):
        momento = dt.datetime.combine(campana.inicio + dt.timedelta(days=k), HORA_TV, zona)
        registrar_transmision(s, tv, momento, "Noticias 9", 30, "importacion")


def cargar_campana(s: Session, hoy: dt.date) -> Campana:
    """Crea la campaña en curso (del día −20 al +10), su pauta y los spots ya transmitidos."""
    materiales = s.scalars(select(Recurso.id).order_by(Recurso.id).limit(1)).all()
    campana = crear_campana(
        s,
        NOMBRE,
        hoy - dt.timedelta(days=20),
        hoy + dt.timedelta(days=10),
        MENSAJE,
        materiales,
        USUARIO,
    )
    _ordenes(s, campana)
    s.flush()
    _transmisiones(s, campana)
    return campana


def _paginas_del_diario(s: Session, campana: Campana) -> list[Nota]:
    """Una página impresa del diario por edición (la de la inserción si existe), en el periodo."""
    zona = cargar().zona
    consulta = (
        select(Nota)
        .join(Medio)
        .where(Medio.nombre == DIARIO, Nota.tipo_captura.in_([TipoCaptura.PDF, TipoCaptura.OCR]))
        .order_by(Nota.fecha_publicacion, Nota.pagina)
    )
    por_dia: dict[dt.date, Nota] = {}
    for nota in s.scalars(consulta):
        if nota.fecha_publicacion is None:
            continue
        dia = nota.fecha_publicacion.astimezone(zona).date()
        if campana.inicio <= dia <= campana.fin and (
            dia not in por_dia or nota.pagina == PAGINA_INSERCION
        ):
            por_dia[dia] = nota
    return list(por_dia.values())


def ligar_inserciones(s: Session) -> int:
    """Tras el rastreo, liga las páginas impresas del diario como testigos de sus inserciones."""
    campana = buscar_campana(s, NOMBRE)
    orden = next(o for o in campana.ordenes if o.tipo is TipoOrden.INSERCION)
    paginas = _paginas_del_diario(s, campana)[-orden.cantidad :]
    return sum(registrar_insercion(s, orden, p.id) for p in paginas)


def banner_por_capturar(s: Session) -> tuple[int, str] | None:
    """(orden, portada) del banner de la campaña si aún no tiene captura; None si ya la tiene."""
    campana = buscar_campana(s, NOMBRE)
    orden = next(o for o in campana.ordenes if o.tipo is TipoOrden.BANNER)
    if orden.entregas or not orden.medio.sitio_web:
        return None
    return orden.id, orden.medio.sitio_web
