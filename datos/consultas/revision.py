"""Cola de revisión: retomas automáticas y tonos calculados sin confirmar, por prioridad.

Primero lo dudoso (nivel o puntaje cerca de un umbral del análisis), luego lo negativo y lo de
mayor alcance: son las decisiones que más cambian lo que ve la directora.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, case, func, literal, null, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from analisis import niveles
from analisis.metricas import enlace_publico
from analisis.umbrales import UMBRAL_TONO, margen_tono
from datos.consultas.comun import Consulta, marco
from datos.consultas.notas import tono_efectivo_sql
from datos.modelos import Boletin, EstadoRevision, Medio, NivelRetoma, Nota, Retoma, Tono

# Distancia a un umbral de nivel (0.20 parcial, 0.42 paráfrasis, 0.75 íntegra) por debajo de la
# cual la retoma es dudosa. No se calibró con datos: ±0.08 (menos de un décimo de la escala) es lo
# que mueve un párrafo recortado o una cita de más en un boletín típico de 300-500 palabras.
# Recalibrar con las decisiones del personal (retomas rechazadas o con nivel cambiado).
MARGEN_DUDA_RETOMA = 0.08
# |puntaje de tono| dentro de UMBRAL_TONO ± 0.10 (0.10–0.30): según la calibración de UMBRAL en
# analisis/umbrales.py, ahí una sola palabra leve de más o de menos cambia la etiqueta.
MARGEN_DUDA_TONO = 0.10
# Pesos de la prioridad: lo dudoso pesa más que todo lo demás junto; luego negativas y alcance.
PESO_DUDA = 4
PESO_NEGATIVA = 2
PESO_ALCANCE = 1
UMBRALES_NIVEL = (niveles.UMBRAL_PARCIAL, niveles.UMBRAL_PARAFRASIS, niveles.UMBRAL_INTEGRA)
TIPOS = ("todos", "retomas", "tonos")
# «incertidumbre»: primero lo que está más cerca de cambiar de etiqueta (aprendizaje activo: cada
# confirmación de ésas es la que más enseña al modelo de tono y a la calibración de niveles).
ORDENES = ("prioridad", "incertidumbre")
# La cola muestra un elemento a la vez: SQL ordena con la misma prioridad y trae sólo los primeros
# (con un millón de notas sin confirmar, traerlas todas tardaba ~20 s).
LIMITE_COLA = 300
# La revisión es trabajo diario: lo publicado hace más de 60 días ya no cambia decisiones.
VENTANA_DIAS_REVISION = 60
COLUMNAS_COLA = (
    "tipo",
    "id",
    "nota_id",
    "boletin_id",
    "nivel",
    "puntaje",
    "titulo",
    "fecha_publicacion",
    "tono",
    "tono_puntaje",
    "medio_id",
    "medio",
    "audiencia",
)


@dataclass(frozen=True)
class FiltroRevision:
    """Qué revisar: todos, sólo retomas o sólo tonos; y de qué medios (vacío = todos)."""

    tipo: str = "todos"
    medios: tuple[int, ...] = ()
    # Sólo lo publicado en los últimos `dias` (o sin fecha): lo viejo ya no pide acción.
    dias: int = VENTANA_DIAS_REVISION
    orden: str = "prioridad"


@dataclass(frozen=True)
class Pendientes:
    """Cuántos elementos esperan revisión."""

    retomas: int
    tonos: int

    @property
    def total(self) -> int:
        """Retomas más tonos."""
        return self.retomas + self.tonos


@dataclass(frozen=True)
class NotaEnRevision:
    """Lo que se muestra de una nota al revisarla."""

    nota_id: int
    medio: str
    fecha_publicacion: dt.datetime | None
    titulo: str
    enlace: str | None
    texto: str
    tono: str | None
    tono_puntaje: float | None
    tono_frases: tuple[str, ...]
    tono_confirmado: str | None
    audiencia: int | None
    audiencia_tipo: str | None = None
    medio_tipo: str | None = None


@dataclass(frozen=True)
class RetomaEnRevision:
    """Una retoma propuesta con su boletín, su nota y los pasajes compartidos."""

    retoma_id: int
    boletin_id: int
    folio: str
    titular: str
    texto_boletin: str
    nivel: str
    puntaje: float
    fidelidad: float | None
    pasajes: tuple[dict[str, Any], ...]
    estado: str
    nota: NotaEnRevision


def _retomas_pendientes() -> ColumnElement[bool]:
    """Retomas que propuso el análisis y nadie ha revisado."""
    return Retoma.estado == EstadoRevision.AUTOMATICA


def _tonos_pendientes() -> ColumnElement[bool]:
    """Notas con tono calculado y sin tono confirmado."""
    return Nota.tono.is_not(None) & Nota.tono_confirmado.is_(None)


def _de_medios(consulta: Consulta, filtro: FiltroRevision) -> Consulta:
    """Restringe a la ventana de días y a los medios del filtro (si hay)."""
    desde = dt.datetime.now(dt.UTC) - dt.timedelta(days=filtro.dias)
    consulta = consulta.where(
        or_(Nota.fecha_publicacion >= desde, Nota.fecha_publicacion.is_(None))
    )
    return consulta.where(Nota.medio_id.in_(filtro.medios)) if filtro.medios else consulta


def _comunes() -> tuple[Any, ...]:
    """Columnas de nota y medio que comparten ambas colas: todas están en ix_nota_fecha_tono.

    El título no: leerlo obliga a visitar cada nota de la ventana; se trae después sólo para
    los primeros (`_con_titulos`).
    """
    return (
        Nota.fecha_publicacion,
        tono_efectivo_sql().label("tono"),
        Nota.tono_puntaje,
        Medio.id.label("medio_id"),
        Medio.nombre.label("medio"),
        Medio.audiencia,
    )


def _prioridad_sql(dudosa: ColumnElement[bool], alcance_alto: int) -> ColumnElement[int]:
    """La prioridad de `priorizar` calculada en SQL, para ordenar y limitar en la base."""
    negativa = tono_efectivo_sql() == Tono.NEGATIVO
    alto = func.coalesce(Medio.audiencia, 0) >= alcance_alto
    return (
        case((dudosa, PESO_DUDA), else_=0)
        + case((negativa, PESO_NEGATIVA), else_=0)
        + case((alto, PESO_ALCANCE), else_=0)
    )


def _duda_retoma_sql() -> ColumnElement[bool]:
    """Versión SQL de `_duda_retoma`."""
    cerca = [func.abs(Retoma.puntaje - u) < MARGEN_DUDA_RETOMA for u in UMBRALES_NIVEL]
    return or_(Retoma.nivel == NivelRetoma.REESCRITA, *cerca)


def _duda_tono_sql() -> ColumnElement[bool]:
    """Versión SQL de `_duda_tono`."""
    return func.abs(func.abs(Nota.tono_puntaje) - UMBRAL_TONO) <= MARGEN_DUDA_TONO


def _menor(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    """El menor de dos valores (igual en SQLite y PostgreSQL, que no comparten min/least)."""
    return case((a < b, a), else_=b)


def _margen_retoma_sql() -> ColumnElement[Any]:
    """Versión SQL de `margen_retoma`: distancia del puntaje al umbral de nivel más cercano."""
    parcial, parafrasis, integra = (func.abs(Retoma.puntaje - u) for u in UMBRALES_NIVEL)
    return _menor(_menor(parcial, parafrasis), integra)


def _margen_tono_sql() -> ColumnElement[Any]:
    """Versión SQL de `analisis.umbrales.margen_tono` (sin puntaje: 1, lo más seguro)."""
    margen = case(
        (Nota.tono == Tono.POSITIVO, Nota.tono_puntaje - UMBRAL_TONO),
        (Nota.tono == Tono.NEGATIVO, -Nota.tono_puntaje - UMBRAL_TONO),
        else_=UMBRAL_TONO - func.abs(Nota.tono_puntaje),
    )
    return func.coalesce(case((margen < 0, 0.0), else_=margen), 1.0)


def _limitar(
    consulta: Consulta,
    prioridad: ColumnElement[int],
    limite: int,
    margen: ColumnElement[Any] | None = None,
) -> Consulta:
    """Los `limite` primeros por prioridad, alcance y fecha (con `margen`, lo incierto antes)."""
    primero = [margen.asc()] if margen is not None else []
    return consulta.order_by(
        *primero,
        prioridad.desc(),
        func.coalesce(Medio.audiencia, -1).desc(),
        Nota.fecha_publicacion.desc(),
    ).limit(limite)


def _sin_indice(columna: InstrumentedAttribute[int]) -> ColumnElement[int]:
    """`columna + 0`: el planificador no puede entrar por su índice en la unión.

    Así la ventana de notas se recorre por el índice de fecha (que cubre todas las columnas) y
    medio y retoma se buscan por su clave; entrando por medio o por retoma, SQLite leía cada
    nota del historial (3.4 s con un millón de notas, 0.2 s así).
    """
    return columna + 0


def margen_retoma(puntaje: object) -> float:
    """Distancia del puntaje al umbral de nivel más cercano (0 = en la frontera)."""
    if not isinstance(puntaje, int | float) or pd.isna(puntaje):
        return 1.0
    return round(min(abs(float(puntaje) - u) for u in UMBRALES_NIVEL), 4)


def _cola_retomas(filtro: FiltroRevision) -> Consulta:
    """SELECT de retomas pendientes."""
    consulta = (
        select(
            literal("retoma").label("tipo"),
            Retoma.id.label("id"),
            Retoma.nota_id,
            Retoma.boletin_id,
            Retoma.nivel,
            Retoma.puntaje,
            *_comunes(),
        )
        .select_from(Nota)
        .join(Retoma, Retoma.nota_id == _sin_indice(Nota.id))
        .join(Medio, Medio.id == _sin_indice(Nota.medio_id))
        .where(_retomas_pendientes())
    )
    return _de_medios(consulta, filtro)


def _cola_tonos(filtro: FiltroRevision) -> Consulta:
    """SELECT de tonos pendientes."""
    consulta = (
        select(
            literal("tono").label("tipo"),
            Nota.id.label("id"),
            Nota.id.label("nota_id"),
            null().label("boletin_id"),
            null().label("nivel"),
            null().label("puntaje"),
            *_comunes(),
        )
        .join(Medio, Medio.id == _sin_indice(Nota.medio_id))
        .where(_tonos_pendientes())
    )
    return _de_medios(consulta, filtro)


def _duda_retoma(nivel: object, puntaje: object) -> bool:
    """Reescrita (paráfrasis) o puntaje a menos de MARGEN_DUDA_RETOMA de un umbral de nivel."""
    if nivel == "reescrita":
        return True
    if not isinstance(puntaje, int | float) or pd.isna(puntaje):
        return False
    return any(abs(float(puntaje) - u) < MARGEN_DUDA_RETOMA for u in UMBRALES_NIVEL)


def _duda_tono(puntaje: object) -> bool:
    """|puntaje| cerca del umbral que separa neutral de positivo o negativo."""
    if not isinstance(puntaje, int | float) or pd.isna(puntaje):
        return False
    return abs(abs(float(puntaje)) - UMBRAL_TONO) <= MARGEN_DUDA_TONO


def _motivo(dudosa: bool, negativa: bool, alto: bool, tipo: str) -> str:
    """Por qué el elemento va tan arriba en la cola."""
    partes = [
        ("nivel dudoso" if tipo == "retoma" else "tono dudoso") if dudosa else "",
        "negativa" if negativa else "",
        "alto alcance" if alto else "",
    ]
    return ", ".join(p for p in partes if p)


def _margen(tipo: object, puntaje: object, tono: object, tono_puntaje: object) -> float:
    """Margen de la retoma (a un umbral de nivel) o del tono (a cambiar de etiqueta)."""
    if tipo == "retoma":
        return margen_retoma(puntaje)
    etiqueta = str(tono) if isinstance(tono, str) else None
    valor = float(tono_puntaje) if isinstance(tono_puntaje, int | float) else None
    return margen_tono(etiqueta, None if valor is None or pd.isna(valor) else valor)


def priorizar(cola: pd.DataFrame, alcance_alto: int, orden: str = "prioridad") -> pd.DataFrame:
    """Agrega `prioridad`, `margen` y `motivo`; ordena por duda, negativas, alcance y recientes.

    Con `orden="incertidumbre"` va primero lo de menor margen (lo que más enseña al confirmarlo).
    """
    dudosa = [
        _duda_retoma(n, p) if t == "retoma" else _duda_tono(tp)
        for t, n, p, tp in zip(
            cola["tipo"], cola["nivel"], cola["puntaje"], cola["tono_puntaje"], strict=True
        )
    ]
    negativa = (cola["tono"] == Tono.NEGATIVO.value).tolist()
    alto = (cola["audiencia"].fillna(0).astype(float) >= alcance_alto).tolist()
    datos = cola.assign(
        prioridad=[
            PESO_DUDA * d + PESO_NEGATIVA * n + PESO_ALCANCE * a
            for d, n, a in zip(dudosa, negativa, alto, strict=True)
        ],
        motivo=[_motivo(*x) for x in zip(dudosa, negativa, alto, cola["tipo"], strict=True)],
        es_retoma=cola["tipo"] == "retoma",
        _alcance=cola["audiencia"].fillna(-1).astype(float),
        _fecha=pd.to_datetime(cola["fecha_publicacion"], utc=True),
    )
    datos["margen"] = [
        _margen(*x)
        for x in zip(cola["tipo"], cola["puntaje"], cola["tono"], cola["tono_puntaje"], strict=True)
    ]
    columnas = ["prioridad", "es_retoma", "_alcance", "_fecha", "id"]
    ascendente = [False, False, False, False, True]
    if orden == "incertidumbre":
        columnas, ascendente = ["margen", *columnas], [True, *ascendente]
        datos["motivo"] = [
            ", ".join(p for p in (f"margen {m:.2f} para cambiar de etiqueta", motivo) if p)
            for m, motivo in zip(datos["margen"], datos["motivo"], strict=True)
        ]
    datos = datos.sort_values(columnas, ascending=ascendente, na_position="last")
    return datos.drop(columns=["es_retoma", "_alcance", "_fecha"]).reset_index(drop=True)


def cola_de_revision(
    sesion: Session, filtro: FiltroRevision, alcance_alto: int, limite: int = LIMITE_COLA
) -> pd.DataFrame:
    """Los primeros pendientes (tipo retoma|tono, id, nota, medio...) ordenados por prioridad."""
    if filtro.tipo not in TIPOS:
        raise ValueError(f"tipo de revisión desconocido: {filtro.tipo!r}")
    if filtro.orden not in ORDENES:
        raise ValueError(f"orden de revisión desconocido: {filtro.orden!r}")
    inciertos = filtro.orden == "incertidumbre"
    partes = []
    if filtro.tipo in ("todos", "retomas"):
        prioridad = _prioridad_sql(_duda_retoma_sql(), alcance_alto)
        margen = _margen_retoma_sql() if inciertos else None
        partes.append(marco(sesion, _limitar(_cola_retomas(filtro), prioridad, limite, margen)))
    if filtro.tipo in ("todos", "tonos"):
        prioridad = _prioridad_sql(_duda_tono_sql(), alcance_alto)
        margen = _margen_tono_sql() if inciertos else None
        partes.append(marco(sesion, _limitar(_cola_tonos(filtro), prioridad, limite, margen)))
    no_vacias = [p for p in partes if not p.empty]
    if not no_vacias:
        return priorizar(pd.DataFrame(columns=list(COLUMNAS_COLA)), alcance_alto, filtro.orden)
    cola = pd.concat(no_vacias, ignore_index=True)
    return _con_titulos(sesion, priorizar(cola, alcance_alto, filtro.orden).head(limite))


def _con_titulos(sesion: Session, cola: pd.DataFrame) -> pd.DataFrame:
    """La cola con el título de cada nota (a lo más LIMITE_COLA lecturas por clave)."""
    ids = [int(i) for i in cola["nota_id"]]
    consulta = select(Nota.id, Nota.titulo).where(Nota.id.in_(ids))
    titulos = {i: t for i, t in sesion.execute(consulta)}
    return cola.assign(titulo=[titulos.get(i, "") for i in ids])


def contar_pendientes(sesion: Session, filtro: FiltroRevision = FiltroRevision()) -> Pendientes:
    """Retomas y tonos por revisar (de los medios del filtro)."""
    unidas = select(func.count(Retoma.id)).select_from(Nota)
    unidas = unidas.join(Retoma, Retoma.nota_id == _sin_indice(Nota.id))
    retomas = _de_medios(unidas, filtro).where(_retomas_pendientes())
    tonos = _de_medios(select(func.count(Nota.id)), filtro).where(_tonos_pendientes())
    return Pendientes(int(sesion.scalar(retomas) or 0), int(sesion.scalar(tonos) or 0))


def _valor(catalogo: object) -> str | None:
    """Texto de un valor de catálogo (o None)."""
    return None if catalogo is None else str(getattr(catalogo, "value", catalogo))


def nota_en_revision(sesion: Session, nota_id: int) -> NotaEnRevision | None:
    """La nota con su medio, enlace público, texto y tono calculado y explicado."""
    nota = sesion.get(Nota, nota_id)
    if nota is None:
        return None
    return NotaEnRevision(
        nota_id=nota.id,
        medio=nota.medio.nombre,
        fecha_publicacion=nota.fecha_publicacion,
        titulo=nota.titulo,
        enlace=enlace_publico(nota.url_original, nota.url_canonica),
        texto=nota.texto,
        tono=_valor(nota.tono),
        tono_puntaje=nota.tono_puntaje,
        tono_frases=tuple(nota.tono_frases or ()),
        tono_confirmado=_valor(nota.tono_confirmado),
        audiencia=nota.medio.audiencia,
        audiencia_tipo=_valor(nota.medio.audiencia_tipo),
        medio_tipo=_valor(nota.medio.tipo),
    )


def retoma_en_revision(sesion: Session, retoma_id: int) -> RetomaEnRevision | None:
    """La retoma con el texto del boletín, la nota y los pasajes; None si ya no existe."""
    retoma = sesion.get(Retoma, retoma_id)
    if retoma is None:
        return None
    nota = nota_en_revision(sesion, retoma.nota_id)
    boletin: Boletin = retoma.boletin
    assert nota is not None  # la retoma tiene clave foránea a la nota
    return RetomaEnRevision(
        retoma_id=retoma.id,
        boletin_id=boletin.id,
        folio=boletin.folio,
        titular=boletin.titular,
        texto_boletin=boletin.texto,
        nivel=retoma.nivel.value,
        puntaje=retoma.puntaje,
        fidelidad=retoma.fidelidad,
        pasajes=tuple(retoma.pasajes or ()),
        estado=retoma.estado.value,
        nota=nota,
    )
