"""Generador sintético a escala mínima: conteos, fechas con zona en un año, FK y retomas únicas."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analisis import metricas
from datos.consultas import notas as cn
from datos.modelos import Boletin, Nota
from datos.sesion import crear_motor
from tests.benchmarks.escala import Escala, base_en_cache, conteos, generar

NOTAS = 2_000
FIN = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Base sintética de 2,000 notas generada una vez para el módulo."""
    ruta = tmp_path_factory.mktemp("escala") / "escala.sqlite3"
    generar(ruta, Escala.de_notas(NOTAS), fin=FIN)
    return ruta


@pytest.fixture
def sesion_escala(base: Path) -> Iterator[Session]:
    """Sesión de sólo lectura sobre la base sintética."""
    motor = crear_motor(f"sqlite:///{base}")
    with Session(motor) as s:
        yield s
    motor.dispose()


def _uno(base: Path, sql: str) -> int:
    """Primer valor de una consulta SQL cruda."""
    with sqlite3.connect(base) as conexion:
        return int(conexion.execute(sql).fetchone()[0])


def test_escala_proporcional_a_una_oficina_estatal() -> None:
    estatal = Escala.de_notas(1_000_000)
    assert (estatal.boletines, estatal.medios, estatal.envios_por_boletin) == (5_000, 300, 40)
    chica = Escala.de_notas(NOTAS)
    assert chica.medios == 10 and chica.envios_por_boletin == 10 and chica.boletines == 10


def test_conteos_y_proporciones(base: Path) -> None:
    filas = conteos(base)
    assert filas["nota"] == NOTAS and filas["boletin"] == 10 and filas["medio"] == 10
    assert filas["envio"] == 10 * 10
    # ~15 % de retomas y ~10 % del resto con mención (tolerancia amplia: 2,000 notas).
    assert 0.10 * NOTAS < filas["retoma"] < 0.20 * NOTAS
    assert 0.05 * NOTAS < filas["mencion"] < 0.15 * NOTAS


def test_fechas_con_zona_dentro_del_anio(sesion_escala: Session) -> None:
    primera, ultima = sesion_escala.execute(
        select(func.min(Nota.fecha_publicacion), func.max(Nota.fecha_publicacion))
    ).one()
    notas = sesion_escala.scalars(select(Nota).limit(50)).all()
    assert all(n.fecha_captura.tzinfo is not None for n in notas)
    emisiones = sesion_escala.scalars(select(Boletin.fecha_emision)).all()
    inicio = FIN - dt.timedelta(days=365)
    assert all(inicio <= f < FIN for f in emisiones)
    assert primera is not None and ultima is not None and primera.tzinfo is not None
    assert inicio <= primera <= ultima < FIN


def test_claves_foraneas_validas_y_retomas_unicas(base: Path) -> None:
    with sqlite3.connect(base) as conexion:
        assert conexion.execute("PRAGMA foreign_key_check").fetchall() == []
    assert (
        _uno(base, "SELECT count(*) - count(DISTINCT nota_id || '-' || boletin_id) FROM retoma")
        == 0
    )
    # Cada retoma se publica después de emitido su boletín.
    antes = """SELECT count(*) FROM retoma r JOIN nota n ON n.id = r.nota_id
               JOIN boletin b ON b.id = r.boletin_id WHERE n.fecha_publicacion < b.fecha_emision"""
    assert _uno(base, antes) == 0
    assert _uno(base, "SELECT count(DISTINCT nivel) FROM retoma") == 3


def test_textos_con_palabras_para_buscar(sesion_escala: Session) -> None:
    assert cn.contar_busqueda(sesion_escala, cn.FiltroNotas(texto="Ayuntamiento de Tampacán")) > 0
    assert cn.contar_busqueda(sesion_escala, cn.FiltroNotas(tema="agua")) > 0


def test_determinista(base: Path, tmp_path: Path) -> None:
    otra = tmp_path / "otra.sqlite3"
    generar(otra, Escala.de_notas(NOTAS), fin=FIN)
    consulta = "SELECT id, medio_id, titulo, fecha_publicacion, tono FROM nota ORDER BY id"
    with sqlite3.connect(base) as a, sqlite3.connect(otra) as b:
        assert a.execute(consulta).fetchall() == b.execute(consulta).fetchall()


@pytest.mark.parametrize(
    "base_filtro",
    [
        cn.FiltroNotas(),
        cn.FiltroNotas(tonos=("negativo",)),
        cn.FiltroNotas(texto="comunidad"),
        cn.FiltroNotas(tema="salud"),
        cn.FiltroNotas(niveles=("parcial",)),
    ],
)
def test_conteo_indexable_igual_al_listado(
    sesion_escala: Session, base_filtro: cn.FiltroNotas
) -> None:
    # Incluye notas sin fecha de publicación: cuentan por su fecha de captura.
    inicio, fin = FIN - dt.timedelta(days=90), FIN - dt.timedelta(days=10)
    filtro = dataclasses.replace(base_filtro, inicio=inicio, fin=fin)
    todas = cn.buscar_notas(sesion_escala, filtro, 1, 10 * NOTAS)
    assert cn.contar_busqueda(sesion_escala, filtro) == len(todas) > 0


def test_sin_fecha_cuenta_por_captura(sesion_escala: Session) -> None:
    sin_fecha = sesion_escala.scalars(select(Nota).where(Nota.fecha_publicacion.is_(None))).first()
    assert sin_fecha is not None
    captura = sin_fecha.fecha_captura
    filtro = cn.FiltroNotas(inicio=captura, fin=captura + dt.timedelta(seconds=1))
    ids = set(cn.buscar_notas(sesion_escala, filtro)["nota_id"])
    assert sin_fecha.id in ids and cn.contar_busqueda(sesion_escala, filtro) == len(ids)


def test_base_en_cache_se_reutiliza(tmp_path: Path) -> None:
    ruta = base_en_cache(NOTAS // 4, tmp_path)
    momento = ruta.stat().st_mtime_ns
    assert base_en_cache(NOTAS // 4, tmp_path) == ruta
    assert ruta.stat().st_mtime_ns == momento
    assert pd.read_sql("SELECT count(*) AS n FROM nota", f"sqlite:///{ruta}")["n"][0] == NOTAS // 4


def test_tendencia_por_hora_igual_a_la_de_cada_fecha(sesion_escala: Session) -> None:
    zona = ZoneInfo("America/Mexico_City")
    inicio, fin = FIN - dt.timedelta(days=120), FIN
    consulta = select(Nota.fecha_publicacion).where(
        Nota.fecha_publicacion >= inicio, Nota.fecha_publicacion < fin
    )
    fechas = pd.to_datetime(pd.Series(sesion_escala.scalars(consulta).all()), utc=True)
    horas = cn.notas_por_hora(sesion_escala, inicio, fin)
    assert str(horas["hora"].dt.tz) == "UTC" and horas["notas"].sum() == len(fechas) > 0
    por_fecha = metricas.tendencia_semanal(fechas, fechas.iloc[:0], zona)
    por_hora = metricas.tendencia_semanal(horas["hora"], fechas.iloc[:0], zona, horas["notas"])
    pd.testing.assert_frame_equal(por_fecha, por_hora)
