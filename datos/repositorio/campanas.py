"""Campañas, órdenes de la pauta y sus entregas: altas validadas (mensajes en español)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import (
    Campana,
    Convenio,
    Entrega,
    Nota,
    Orden,
    Recurso,
    TipoMedio,
    TipoOrden,
)
from datos.repositorio.bitacora import registrar
from datos.repositorio.capturas import buscar_medio
from datos.repositorio.convenios import CENTAVO, _dinero
from datos.testigos import ArchivoTestigo

# Un spot de radio o TV dura de 10 a 60 s; 10 min ya es un programa, no un spot.
DURACION_MAXIMA_SPOT = 600
# Tipos de medio que transmiten spots.
MEDIOS_DE_SPOTS = frozenset({TipoMedio.RADIO, TipoMedio.TELEVISION})


class PautaInvalida(ValueError):
    """Datos de campaña, orden o entrega que no se pueden guardar (mensaje en español)."""


@dataclass(frozen=True)
class DatosOrden:
    """Lo que se captura de una orden: medio, tipo, cantidad, costo y detalles por tipo."""

    medio: str
    tipo: TipoOrden
    cantidad: int
    costo: Decimal | str
    horario: str | None = None
    tamano: str | None = None
    pagina: str | None = None
    convenio_id: int | None = None


def buscar_campana(s: Session, nombre_o_id: str | int) -> Campana:
    """La campaña por id o por nombre (sin distinguir mayúsculas); PautaInvalida si no existe."""
    texto = str(nombre_o_id).strip()
    campana = s.get(Campana, int(texto)) if texto.isdigit() else None
    if campana is None:
        todas = s.scalars(select(Campana)).all()
        campana = next((c for c in todas if c.nombre.casefold() == texto.casefold()), None)
    if campana is None:
        raise PautaInvalida(f"no existe la campaña {texto!r}")
    return campana


def obtener_orden(s: Session, orden_id: int) -> Orden:
    """La orden o PautaInvalida."""
    orden = s.get(Orden, orden_id)
    if orden is None:
        raise PautaInvalida(f"no existe la orden {orden_id}")
    return orden


def _recursos(s: Session, ids: Sequence[int]) -> list[Recurso]:
    """Los recursos del banco con esos ids; PautaInvalida si falta alguno."""
    encontrados = list(s.scalars(select(Recurso).where(Recurso.id.in_(ids))))
    faltan = sorted(set(ids) - {r.id for r in encontrados})
    if faltan:
        raise PautaInvalida(f"no existen en el banco de medios: {', '.join(map(str, faltan))}")
    return encontrados


def crear_campana(
    s: Session,
    nombre: str,
    inicio: dt.date,
    fin: dt.date,
    mensaje: str = "",
    recursos: Sequence[int] = (),
    usuario: str = "sistema",
) -> Campana:
    """Da de alta una campaña con su periodo, mensaje y materiales del banco."""
    limpio = _nombre_libre(s, nombre)
    if fin < inicio:
        raise PautaInvalida("el periodo termina antes de empezar")
    campana = Campana(nombre=limpio, inicio=inicio, fin=fin, mensaje=mensaje.strip())
    campana.recursos = _recursos(s, recursos)
    s.add(campana)
    s.flush()
    registrar(s, usuario, "crear", "campana", campana.id, {"nombre": [None, limpio]})
    return campana


def _nombre_libre(s: Session, nombre: str, propia: int | None = None) -> str:
    """El nombre sin espacios de más; PautaInvalida si está vacío o ya lo usa otra campaña."""
    limpio = " ".join(nombre.split())
    if not limpio:
        raise PautaInvalida("la campaña necesita un nombre")
    # buscar_campana no distingue mayúsculas: dos nombres que sólo difieren en eso chocarían.
    otras = s.scalars(select(Campana.nombre).where(Campana.id != (propia or -1)))
    if any(n.casefold() == limpio.casefold() for n in otras):
        raise PautaInvalida(f"ya existe la campaña {limpio!r}")
    return limpio


def _entregas_de(campana: Campana) -> list[Entrega]:
    """Todas las entregas registradas en las órdenes de la campaña."""
    return [e for orden in campana.ordenes for e in orden.entregas]


def editar_campana(
    s: Session,
    campana_id: int,
    nombre: str,
    inicio: dt.date,
    fin: dt.date,
    mensaje: str,
    usuario: str = "sistema",
) -> Campana:
    """Corrige nombre, periodo o mensaje; el periodo debe seguir incluyendo las entregas."""
    campana = _campana(s, campana_id)
    if fin < inicio:
        raise PautaInvalida("el periodo termina antes de empezar")
    zona = cargar().zona
    fuera = [
        e for e in _entregas_de(campana) if not inicio <= e.momento.astimezone(zona).date() <= fin
    ]
    if fuera:
        raise PautaInvalida(
            f"hay {len(fuera)} entregas registradas fuera del periodo nuevo: el periodo debe "
            "incluir todo lo que ya se comprobó"
        )
    nuevos = {
        "nombre": _nombre_libre(s, nombre, campana.id),
        "inicio": inicio,
        "fin": fin,
        "mensaje": mensaje.strip(),
    }
    cambios = _aplicar(campana, nuevos)
    if cambios:
        registrar(s, usuario, "editar", "campana", campana.id, cambios)
    return campana


def _aplicar(campana: Campana, nuevos: dict[str, object]) -> dict[str, list[object]]:
    """Pone los valores nuevos y devuelve {campo: [antes, después]} de los que cambiaron."""
    cambios: dict[str, list[object]] = {}
    for campo, valor in nuevos.items():
        antes = getattr(campana, campo)
        if antes != valor:
            cambios[campo] = [str(antes), str(valor)]
            setattr(campana, campo, valor)
    return cambios


def _campana(s: Session, campana_id: int) -> Campana:
    """La campaña por id; PautaInvalida si ya no existe."""
    campana = s.get(Campana, campana_id)
    if campana is None:
        raise PautaInvalida(f"no existe la campaña {campana_id}")
    return campana


def borrar_orden(s: Session, orden_id: int, usuario: str = "sistema") -> None:
    """Borra una orden capturada por error; nunca una con entregas (son prueba de pago)."""
    orden = obtener_orden(s, orden_id)
    if orden.entregas:
        raise PautaInvalida(
            f"la orden tiene {len(orden.entregas)} entregas registradas, que prueban lo que se "
            "pagó: no se borra"
        )
    registrar(s, usuario, "borrar", "orden", orden.id, {"medio": [orden.medio.nombre, None]})
    s.delete(orden)
    s.flush()


def borrar_campana(s: Session, campana_id: int, usuario: str = "sistema") -> None:
    """Borra una campaña capturada por error con sus órdenes; nunca una con entregas."""
    campana = _campana(s, campana_id)
    entregas = _entregas_de(campana)
    if entregas:
        raise PautaInvalida(
            f"la campaña tiene {len(entregas)} entregas registradas, que prueban lo que se "
            "pagó: no se borra"
        )
    registrar(s, usuario, "borrar", "campana", campana.id, {"nombre": [campana.nombre, None]})
    s.delete(campana)
    s.flush()


def _convenio(s: Session, convenio_id: int | None, medio_id: int) -> int | None:
    """Valida que el convenio exista y sea del mismo medio."""
    if convenio_id is None:
        return None
    convenio = s.get(Convenio, convenio_id)
    if convenio is None:
        raise PautaInvalida(f"no existe el convenio {convenio_id}")
    if convenio.medio_id != medio_id:
        raise PautaInvalida(f"el convenio {convenio.numero} es de otro medio")
    return convenio.id


def _costo(valor: Decimal | str) -> Decimal:
    """Costo al centavo, no negativo."""
    try:
        monto = _dinero(valor, "el costo")
    except ValueError as exc:
        raise PautaInvalida(str(exc)) from exc
    if monto is None:
        raise PautaInvalida("falta el costo de la orden")
    return monto.quantize(CENTAVO)


def crear_orden(s: Session, campana: Campana, datos: DatosOrden, usuario: str = "sistema") -> Orden:
    """Agrega a la campaña una orden a un medio (spots, inserciones o banners)."""
    medio = buscar_medio(s, datos.medio)
    if datos.cantidad <= 0:
        raise PautaInvalida("la cantidad ordenada debe ser mayor que cero")
    if datos.tipo is TipoOrden.SPOT and medio.tipo not in MEDIOS_DE_SPOTS:
        raise PautaInvalida(f"{medio.nombre} no es radio ni televisión: no transmite spots")
    orden = Orden(
        campana=campana,
        medio_id=medio.id,
        convenio_id=_convenio(s, datos.convenio_id, medio.id),
        tipo=datos.tipo,
        cantidad=datos.cantidad,
        horario=(datos.horario or "").strip() or None,
        tamano=(datos.tamano or "").strip() or None,
        pagina=(datos.pagina or "").strip() or None,
        costo=_costo(datos.costo),
    )
    s.add(orden)
    s.flush()
    registrar(s, usuario, "crear", "orden", orden.id, {"medio": [None, medio.nombre]})
    return orden


def _en_periodo(orden: Orden, momento: dt.datetime, zona: ZoneInfo) -> None:
    """PautaInvalida si el momento (día local) cae fuera del periodo de la campaña."""
    dia = momento.astimezone(zona).date()
    campana = orden.campana
    if not campana.inicio <= dia <= campana.fin:
        raise PautaInvalida(
            f"el {dia.isoformat()} está fuera del periodo de la campaña "
            f"({campana.inicio.isoformat()} a {campana.fin.isoformat()})"
        )


def _ya_registrada(s: Session, orden_id: int, momento: dt.datetime) -> bool:
    """¿Ya hay una entrega de la orden en ese instante?"""
    consulta = select(Entrega.id).where(Entrega.orden_id == orden_id, Entrega.momento == momento)
    return s.scalar(consulta) is not None


def registrar_transmision(
    s: Session,
    orden: Orden,
    momento: dt.datetime,
    programa: str | None = None,
    duracion_segundos: int | None = None,
    origen: str = "manual",
) -> bool:
    """Registra un spot transmitido; False si ya estaba (misma orden y mismo instante)."""
    if orden.tipo is not TipoOrden.SPOT:
        raise PautaInvalida(f"la orden {orden.id} no es de spots")
    if momento.tzinfo is None:
        raise PautaInvalida("la hora de transmisión no tiene zona horaria")
    if duracion_segundos is not None and not 0 < duracion_segundos <= DURACION_MAXIMA_SPOT:
        raise PautaInvalida(
            f"duración fuera de rango: {duracion_segundos} s (1 a {DURACION_MAXIMA_SPOT} s)"
        )
    _en_periodo(orden, momento, cargar().zona)
    if _ya_registrada(s, orden.id, momento):
        return False
    programa = (programa or "").strip() or None
    s.add(
        Entrega(
            orden_id=orden.id,
            momento=momento,
            programa=programa,
            duracion_segundos=duracion_segundos,
            origen=origen,
        )
    )
    s.flush()
    return True


def registrar_insercion(s: Session, orden: Orden, nota_id: int) -> bool:
    """Liga una página impresa ya recolectada como testigo de una inserción; False si ya estaba."""
    if orden.tipo is TipoOrden.SPOT:
        raise PautaInvalida(f"la orden {orden.id} es de spots: registra transmisiones")
    nota = s.get(Nota, nota_id)
    if nota is None:
        raise PautaInvalida(f"no existe la nota {nota_id}")
    if nota.medio_id != orden.medio_id:
        raise PautaInvalida(f"la nota {nota_id} es de otro medio")
    if nota.fecha_publicacion is None:
        raise PautaInvalida(f"la nota {nota_id} no tiene fecha de publicación")
    _en_periodo(orden, nota.fecha_publicacion, cargar().zona)
    repetida = s.scalar(
        select(Entrega.id).where(Entrega.orden_id == orden.id, Entrega.nota_id == nota_id)
    )
    if repetida is not None:
        return False
    if _ya_registrada(s, orden.id, nota.fecha_publicacion):
        # La misma edición no lleva dos veces la inserción de una orden: es un error de captura.
        raise PautaInvalida(f"la orden {orden.id} ya tiene una inserción en esa edición")
    s.add(
        Entrega(
            orden_id=orden.id,
            momento=nota.fecha_publicacion,
            nota_id=nota_id,
            programa=f"página {nota.pagina}" if nota.pagina else None,
            origen="nota",
        )
    )
    s.flush()
    return True


def exigir_banner(orden: Orden, momento: dt.datetime) -> None:
    """PautaInvalida si la orden no es de banners o el momento cae fuera de la campaña."""
    if orden.tipo is not TipoOrden.BANNER:
        raise PautaInvalida(f"la orden {orden.id} no es de banners: no lleva captura de pantalla")
    _en_periodo(orden, momento, cargar().zona)


def registrar_banner(
    s: Session,
    orden: Orden,
    url: str,
    captura: ArchivoTestigo,
    momento: dt.datetime,
    usuario: str = "sistema",
) -> bool:
    """Registra un banner visto en la página del medio con su captura; False si ya estaba."""
    exigir_banner(orden, momento)
    repetida = s.scalar(
        select(Entrega.id).where(
            Entrega.orden_id == orden.id, Entrega.captura_sha256 == captura.sha256
        )
    )
    # La misma imagen no prueba dos entregas: es la misma captura registrada dos veces.
    if repetida is not None or _ya_registrada(s, orden.id, momento):
        return False
    entrega = Entrega(
        orden_id=orden.id,
        momento=momento,
        url=url,
        captura_ruta=captura.ruta,
        captura_sha256=captura.sha256,
        captura_tamano=captura.tamano,
        origen="captura",
    )
    s.add(entrega)
    s.flush()
    registrar(s, usuario, "crear", "entrega", entrega.id, {"url": [None, url]})
    return True
