"""SQLite ocupado: escritores y lectores del tablero en procesos distintos sobre el mismo archivo.

Dos escritores guardan notas como lo hace `GuardarPipeline` (una transacción por nota) y tocan la
salud de la misma fuente; dos lectores corren las consultas del tablero y un SELECT pesado en bucle.
Ninguna escritura se pierde y ningún "database is locked" llega a quien llama.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import time
from collections import Counter
from multiprocessing.synchronize import Event
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from datos import config
from datos.consultas.estado import conteos
from datos.consultas.medios import notas_por_medio
from datos.consultas.notas import FiltroNotas, buscar_notas, contar_busqueda
from datos.modelos import Ambito, Fuente, Medio, Nota, TipoCaptura, TipoFuente, TipoMedio, ahora
from datos.repositorio.fuentes import registrar_exito
from datos.repositorio.notas import NotaWeb, guardar_nota_web
from datos.sesion import sesion
from rastreadores.arana.pipelines import guardar_con_reintento
from tests.servidores import RELLENO

pytestmark = pytest.mark.lento

ESCRITORES = 2
LECTORES = 2
NOTAS_POR_ESCRITOR = 120
# Cada cuántas notas el escritor actualiza la salud de la fuente compartida (fila caliente).
CADA_SALUD = 10
# Tope de la prueba: con 2 núcleos compartidos, 300 inserciones tardan ~5 s.
TIEMPO_MAXIMO_SEGUNDOS = 90
# Un SELECT que tarda décimas de segundo con ~300 notas (autounión por medio).
SELECT_PESADO = text(
    "SELECT count(*), max(length(a.texto) + length(b.titulo)) FROM nota a "
    "JOIN nota b ON a.medio_id = b.medio_id WHERE a.texto LIKE '%Huasteca%'"
)


def _nota(escritor: int, k: int, medio_id: int, fuente_id: int) -> NotaWeb:
    """Nota única del escritor."""
    return NotaWeb(
        medio_id=medio_id,
        fuente_id=fuente_id,
        url_canonica=f"https://sol.example.mx/e{escritor}/nota-{k}",
        url_original=None,
        titulo=f"Tampacán informa {escritor}-{k}",
        texto=f"Nota {k}. {RELLENO}",
        tipo_captura=TipoCaptura.RSS,
        fecha_publicacion=ahora(),
    )


def escribir(escritor: int, medio_id: int, fuente_id: int, salida: Any) -> None:
    """Proceso escritor: una transacción por nota; cada tanto, la salud de la fuente."""
    guardadas, errores = 0, []
    for k in range(NOTAS_POR_ESCRITOR):
        try:
            with sesion() as s:
                guardar_nota_web(s, _nota(escritor, k, medio_id, fuente_id))
                if k % CADA_SALUD == 0:
                    registrar_exito(s, fuente_id, ahora(), None, None, 1)
            guardadas += 1
        except OperationalError as exc:
            errores.append(str(exc.orig))
    salida.put(("escritor", guardadas, errores))


def consultas_del_tablero(s: Session) -> int:
    """Lo que pide el tablero al abrir: conteos, búsqueda, notas por medio y un SELECT pesado."""
    fin = ahora() + dt.timedelta(days=1)
    inicio = fin - dt.timedelta(days=30)
    conteos(s)
    buscar_notas(s, FiltroNotas(texto="Tampacán"))
    contar_busqueda(s, FiltroNotas(inicio=inicio, fin=fin))
    notas_por_medio(s, inicio, fin)
    return int(s.execute(SELECT_PESADO).scalar_one())


def leer(alto: Event, salida: Any) -> None:
    """Proceso lector: consultas del tablero en bucle hasta que terminen los escritores."""
    vueltas, errores = 0, []
    # Al menos una vuelta aunque los escritores terminen antes (máquina cargada, arranque lento).
    while (vueltas == 0 and not errores) or not alto.is_set():
        try:
            with sesion() as s:
                consultas_del_tablero(s)
            vueltas += 1
        except OperationalError as exc:
            errores.append(str(exc.orig))
    salida.put(("lector", vueltas, errores))


def _medio_y_fuente(motor: Engine) -> tuple[int, int]:
    with Session(motor) as s:
        medio = Medio(nombre="El Sol de Prueba", tipo=TipoMedio.DIGITAL, ambito=Ambito.MUNICIPAL)
        medio.fuentes = [Fuente(tipo=TipoFuente.RSS, url="https://sol.example.mx/feed.xml")]
        s.add(medio)
        s.commit()
        return medio.id, medio.fuentes[0].id


def _correr(medio_id: int, fuente_id: int) -> list[tuple[str, int, list[str]]]:
    """Lanza escritores y lectores (spawn: procesos limpios) y junta sus resultados."""
    ctx = mp.get_context("spawn")
    salida, alto = ctx.Queue(), ctx.Event()
    lectores = [ctx.Process(target=leer, args=(alto, salida)) for _ in range(LECTORES)]
    escritores = [
        ctx.Process(target=escribir, args=(e, medio_id, fuente_id, salida))
        for e in range(ESCRITORES)
    ]
    for proceso in lectores + escritores:
        proceso.start()
    resultados = [salida.get(timeout=TIEMPO_MAXIMO_SEGUNDOS) for _ in escritores]
    alto.set()
    resultados += [salida.get(timeout=TIEMPO_MAXIMO_SEGUNDOS) for _ in lectores]
    for proceso in lectores + escritores:
        proceso.join(10)
        assert proceso.exitcode == 0
    return resultados


def test_escritores_y_lectores_concurrentes_sin_perder_nada(
    url_bd: str, motor: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.recargar()
    medio_id, fuente_id = _medio_y_fuente(motor)
    inicio = time.monotonic()
    resultados = _correr(medio_id, fuente_id)
    segundos = time.monotonic() - inicio
    errores = [e for _, _, lista in resultados for e in lista]
    assert errores == []
    escritos = sum(n for rol, n, _ in resultados if rol == "escritor")
    assert escritos == ESCRITORES * NOTAS_POR_ESCRITOR
    assert all(n > 0 for rol, n, _ in resultados if rol == "lector")
    with Session(motor) as s:
        assert s.scalar(select(func.count()).select_from(Nota)) == escritos
        assert s.scalar(select(func.count(func.distinct(Nota.url_canonica)))) == escritos
        # (notas_totales de la fuente se revisa aparte en la prueba de abajo.)
        assert s.get_one(Fuente, fuente_id).ultimo_exito is not None
    assert segundos < TIEMPO_MAXIMO_SEGUNDOS


SALUDES_POR_PROCESO = 100


def marcar_salud(fuente_id: int, salida: Any, salida_lista: Any) -> None:
    """Proceso que sólo registra la salud de la fuente (como `closed()` de cada araña)."""
    salida_lista.wait(TIEMPO_MAXIMO_SEGUNDOS)  # los dos empiezan a la vez
    for _ in range(SALUDES_POR_PROCESO):
        with sesion() as s:
            registrar_exito(s, fuente_id, ahora(), None, None, 1)
    salida.put("listo")


def test_salud_de_fuente_desde_dos_procesos_no_pierde_sumas(url_bd: str, motor: Engine) -> None:
    config.recargar()
    _, fuente_id = _medio_y_fuente(motor)
    ctx = mp.get_context("spawn")
    salida, barrera = ctx.Queue(), ctx.Barrier(2)
    procesos = [
        ctx.Process(target=marcar_salud, args=(fuente_id, salida, barrera)) for _ in range(2)
    ]
    for proceso in procesos:
        proceso.start()
    for _ in procesos:
        salida.get(timeout=TIEMPO_MAXIMO_SEGUNDOS)
    for proceso in procesos:
        proceso.join(10)
    with Session(motor) as s:
        assert s.get_one(Fuente, fuente_id).notas_totales == 2 * SALUDES_POR_PROCESO


MISMAS_NOTAS = 60


def guardar_mismas(escritor: int, medio_id: int, fuente_id: int, barrera: Any, salida: Any) -> None:
    """Proceso que guarda las mismas canónicas que el otro, a la vez (rastreo repartido)."""
    barrera.wait(TIEMPO_MAXIMO_SEGUNDOS)
    estados: list[str] = []
    errores: list[str] = []
    for k in range(MISMAS_NOTAS):
        try:
            estados.append(guardar_con_reintento(_nota(0, k, medio_id, fuente_id)).estado.value)
        except SQLAlchemyError as exc:
            errores.append(f"{type(exc).__name__}: {exc.orig}")
    salida.put((estados, errores))


def test_dos_procesos_guardan_la_misma_nota_sin_error_ni_duplicado(
    url_bd: str, motor: Engine
) -> None:
    config.recargar()
    medio_id, fuente_id = _medio_y_fuente(motor)
    ctx = mp.get_context("spawn")
    salida, barrera = ctx.Queue(), ctx.Barrier(2)
    procesos = [
        ctx.Process(target=guardar_mismas, args=(e, medio_id, fuente_id, barrera, salida))
        for e in range(2)
    ]
    for proceso in procesos:
        proceso.start()
    resultados = [salida.get(timeout=TIEMPO_MAXIMO_SEGUNDOS) for _ in procesos]
    for proceso in procesos:
        proceso.join(10)
    assert [errores for _, errores in resultados] == [[], []]
    estados = Counter(e for lista, _ in resultados for e in lista)
    # Cada canónica se insertó una sola vez; el otro proceso la halló sin cambios.
    assert estados == {"nueva": MISMAS_NOTAS, "sin_cambios": MISMAS_NOTAS}
    with Session(motor) as s:
        assert s.scalar(select(func.count()).select_from(Nota)) == MISMAS_NOTAS
