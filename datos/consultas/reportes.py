"""Consultas para los reportes: síntesis diaria, reporte mensual y matriz por boletín."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.consultas.boletines import consulta_de_envios, consulta_de_retomas
from datos.consultas.comun import TESTIGOS_IMAGEN, en_periodo, marco, retoma_valida
from datos.consultas.notas import nota_en_periodo
from datos.consultas.oficina import convenios_con_medio
from datos.modelos import (
    Boletin,
    Convenio,
    Envio,
    EstadoEnvio,
    Medio,
    Mencion,
    Nota,
    Retoma,
    Testigo,
    TipoEnvio,
)


@dataclass(frozen=True)
class NotaSintesis:
    """Una nota del día con lo necesario para la síntesis."""

    nota_id: int
    medio: str
    medio_tipo: str
    medio_ambito: str
    audiencia: int | None
    titulo: str
    resumen: str | None
    texto: str
    tono: str | None
    url_original: str | None
    url_canonica: str
    fecha_publicacion: dt.datetime | None
    tipo_captura: str
    seccion: str | None
    programa: str | None
    boletines: tuple[str, ...] = ()
    menciones: int = 0
    miniatura: str | None = None
    audiencia_tipo: str | None = None
    autor: str | None = None
    pagina: int | None = None
    seccion_sintesis: str | None = None


@dataclass(frozen=True)
class BoletinReporte:
    """Datos de un boletín para su reporte de rendición de cuentas."""

    boletin_id: int
    folio: str
    titular: str
    fecha_emision: dt.datetime
    area: str | None
    tema: str | None


@dataclass(frozen=True)
class FilaMatriz:
    """Un medio frente a un boletín: envío y, si publicó, su nota con testigo."""

    medio: str
    enviado: str | None
    publicada: bool
    fecha_publicacion: dt.datetime | None = None
    nivel: str | None = None
    fidelidad: float | None = None
    titulo: str | None = None
    url_original: str | None = None
    url_canonica: str | None = None
    testigos: list[tuple[str, dt.datetime]] = field(default_factory=list)
    nota_id: int | None = None


def _folios_por_nota(sesion: Session, ids: list[int]) -> dict[int, list[str]]:
    """Folios de los boletines que retoma cada nota (retomas no rechazadas)."""
    filas = sesion.execute(
        select(Retoma.nota_id, Boletin.numero, Boletin.anio)
        .join(Boletin, Boletin.id == Retoma.boletin_id)
        .where(Retoma.nota_id.in_(ids), retoma_valida())
        .order_by(Boletin.anio, Boletin.numero)
    ).all()
    folios: dict[int, list[str]] = defaultdict(list)
    for nota_id, numero, anio in filas:
        folios[nota_id].append(f"{numero:03d}/{anio}")
    return folios


def _menciones_por_nota(sesion: Session, ids: list[int]) -> dict[int, int]:
    """Cuántas menciones de lo vigilado tiene cada nota."""
    conteo: dict[int, int] = defaultdict(int)
    for (nota_id,) in sesion.execute(select(Mencion.nota_id).where(Mencion.nota_id.in_(ids))):
        conteo[nota_id] += 1
    return conteo


def _miniaturas(sesion: Session, ids: list[int]) -> dict[int, str]:
    """Ruta del primer testigo de imagen o captura de cada nota."""
    filas = sesion.execute(
        select(Testigo.nota_id, Testigo.ruta)
        .where(Testigo.nota_id.in_(ids), Testigo.tipo.in_(TESTIGOS_IMAGEN))
        .order_by(Testigo.capturado_en, Testigo.id)
    ).all()
    rutas: dict[int, str] = {}
    for nota_id, ruta in filas:
        rutas.setdefault(nota_id, ruta)
    return rutas


def notas_de_sintesis(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> list[NotaSintesis]:
    """Notas de [inicio, fin) con medio, tono efectivo, retomas, menciones y miniatura."""
    filas = sesion.execute(
        select(Nota, Medio)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(nota_en_periodo(inicio, fin))
        .order_by(Medio.nombre, Nota.fecha_publicacion, Nota.id)
    ).all()
    ids = [nota.id for nota, _ in filas]
    folios = _folios_por_nota(sesion, ids)
    menciones = _menciones_por_nota(sesion, ids)
    miniaturas = _miniaturas(sesion, ids)
    return [_nota_sintesis(nota, medio, folios, menciones, miniaturas) for nota, medio in filas]


def _nota_sintesis(
    nota: Nota,
    medio: Medio,
    folios: dict[int, list[str]],
    menciones: dict[int, int],
    miniaturas: dict[int, str],
) -> NotaSintesis:
    """Arma la NotaSintesis de una fila."""
    tono = nota.tono_efectivo
    return NotaSintesis(
        nota_id=nota.id,
        medio=medio.nombre,
        medio_tipo=medio.tipo.value,
        medio_ambito=medio.ambito.value,
        audiencia=medio.audiencia,
        titulo=nota.titulo,
        resumen=nota.resumen,
        texto=nota.texto,
        tono=tono.value if tono else None,
        url_original=nota.url_original,
        url_canonica=nota.url_canonica,
        fecha_publicacion=nota.fecha_publicacion,
        tipo_captura=nota.tipo_captura.value,
        seccion=nota.seccion,
        programa=nota.programa,
        boletines=tuple(folios.get(nota.id, [])),
        menciones=menciones.get(nota.id, 0),
        miniatura=miniaturas.get(nota.id),
        audiencia_tipo=medio.audiencia_tipo.value if medio.audiencia_tipo else None,
        autor=nota.autor,
        pagina=nota.pagina,
        seccion_sintesis=nota.seccion_sintesis,
    )


def boletines_del_periodo(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Boletines emitidos en [inicio, fin): id, número, año, fecha de emisión, titular, tema."""
    consulta = (
        select(
            Boletin.id.label("boletin_id"),
            Boletin.numero,
            Boletin.anio,
            Boletin.fecha_emision,
            Boletin.titular,
            Boletin.tema,
        )
        .where(en_periodo(Boletin.fecha_emision, inicio, fin))
        .order_by(Boletin.fecha_emision, Boletin.id)
    )
    return marco(sesion, consulta)


def retomas_del_periodo(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Retomas válidas de los boletines emitidos en [inicio, fin), con medio y fechas."""
    consulta = consulta_de_retomas(
        inicio,
        fin,
        Retoma.boletin_id,
        Retoma.nota_id,
        Nota.medio_id,
        Medio.nombre.label("medio"),
        Medio.audiencia,
        Retoma.nivel,
        Retoma.fidelidad,
        Boletin.fecha_emision,
        Nota.fecha_publicacion,
    )
    return marco(sesion, consulta)


def envios_del_periodo(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Pares (boletin_id, medio_id, medio) de boletines del periodo que llegaron al medio."""
    consulta = consulta_de_envios(inicio, fin, Medio.nombre.label("medio")).join(
        Medio, Medio.id == Envio.medio_id
    )
    return marco(sesion, consulta)


def notas_del_periodo(sesion: Session, inicio: dt.datetime, fin: dt.datetime) -> pd.DataFrame:
    """Notas del periodo con medio, tono, temas y si son pagadas (para el reporte mensual)."""
    consulta = (
        select(
            Nota.id.label("nota_id"),
            Nota.medio_id,
            Medio.nombre.label("medio"),
            Medio.tipo.label("medio_tipo"),
            Nota.tono,
            Nota.tono_confirmado,
            Nota.temas,
            Nota.pagada,
            Nota.convenio_id,
            Nota.fecha_publicacion,
        )
        .join(Medio, Medio.id == Nota.medio_id)
        .where(nota_en_periodo(inicio, fin))
    )
    return marco(sesion, consulta)


def convenios_vigentes(sesion: Session, desde: dt.date, hasta: dt.date) -> pd.DataFrame:
    """Convenios cuya vigencia toca [desde, hasta], con su medio, montos y entregables."""
    consulta = (
        convenios_con_medio()
        .where(Convenio.vigencia_inicio <= hasta, Convenio.vigencia_fin >= desde)
        .order_by(Medio.nombre, Convenio.numero)
    )
    return marco(sesion, consulta)


def medios_activos(sesion: Session) -> pd.DataFrame:
    """Medios con tipo, ámbito y audiencia potencial declarada."""
    consulta = select(
        Medio.id.label("medio_id"),
        Medio.nombre.label("medio"),
        Medio.tipo.label("medio_tipo"),
        Medio.ambito,
        Medio.audiencia,
    ).order_by(Medio.nombre)
    return marco(sesion, consulta)


def boletin_para_reporte(sesion: Session, boletin_id: int) -> BoletinReporte | None:
    """El boletín; None si no existe."""
    boletin = sesion.get(Boletin, boletin_id)
    if boletin is None:
        return None
    return BoletinReporte(
        boletin_id=boletin.id,
        folio=boletin.folio,
        titular=boletin.titular,
        fecha_emision=boletin.fecha_emision,
        area=boletin.area,
        tema=boletin.tema,
    )


def _envios_por_medio(sesion: Session, boletin_id: int) -> dict[str, str]:
    """Estado del envío del boletín a cada medio (el mejor si hubo varios contactos)."""
    orden = [e.value for e in EstadoEnvio]
    estados: dict[str, str] = {}
    filas = sesion.execute(
        select(Medio.nombre, Envio.estado)
        .join(Medio, Medio.id == Envio.medio_id)
        .where(Envio.boletin_id == boletin_id, Envio.tipo == TipoEnvio.BOLETIN)
    ).all()
    for nombre, estado in filas:
        actual = estados.get(nombre)
        if actual is None or orden.index(estado.value) > orden.index(actual):
            estados[nombre] = estado.value
    return estados


def _testigos(sesion: Session, ids: list[int]) -> dict[int, list[tuple[str, dt.datetime]]]:
    """(sha256, capturado_en) de los testigos de cada nota."""
    testigos: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    filas = sesion.execute(
        select(Testigo.nota_id, Testigo.sha256, Testigo.capturado_en)
        .where(Testigo.nota_id.in_(ids))
        .order_by(Testigo.capturado_en, Testigo.id)
    ).all()
    for nota_id, sha, capturado in filas:
        testigos[nota_id].append((sha, capturado))
    return testigos


def matriz_del_boletin(sesion: Session, boletin_id: int) -> list[FilaMatriz]:
    """Cada medio al que se envió o que publicó el boletín; una fila por nota publicada."""
    envios = _envios_por_medio(sesion, boletin_id)
    filas = sesion.execute(
        select(Retoma, Nota, Medio.nombre)
        .join(Nota, Nota.id == Retoma.nota_id)
        .join(Medio, Medio.id == Nota.medio_id)
        .where(Retoma.boletin_id == boletin_id, retoma_valida())
        .order_by(Nota.fecha_publicacion, Retoma.id)
    ).all()
    testigos = _testigos(sesion, [nota.id for _, nota, _ in filas])
    matriz = [_fila_publicada(r, n, m, envios.get(m), testigos) for r, n, m in filas]
    publicaron = {fila.medio for fila in matriz}
    matriz += [
        FilaMatriz(medio=m, enviado=e, publicada=False)
        for m, e in sorted(envios.items())
        if m not in publicaron
    ]
    return matriz


def _fila_publicada(
    retoma: Retoma,
    nota: Nota,
    medio: str,
    enviado: str | None,
    testigos: dict[int, list[tuple[str, dt.datetime]]],
) -> FilaMatriz:
    """Fila de la matriz para una nota que retoma el boletín."""
    return FilaMatriz(
        medio=medio,
        enviado=enviado,
        publicada=True,
        fecha_publicacion=nota.fecha_publicacion,
        nivel=retoma.nivel.value,
        fidelidad=retoma.fidelidad,
        titulo=nota.titulo,
        url_original=nota.url_original,
        url_canonica=nota.url_canonica,
        testigos=testigos.get(nota.id, []),
        nota_id=nota.id,
    )
