"""Confiabilidad del rastreo bajo fallas: servidor que falla al azar y muerte súbita del proceso.

Las cifras de la ronda con fallas (semilla 2026, 60 notas, 40 % de fallas por petición) se
documentan en el README: qué se contó, qué se recuperó en las rondas siguientes.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from analisis.lote import analizar
from datos import config
from datos import modelos as m
from datos.modelos import Ambito, Fuente, Medio, Nota, TipoFuente, TipoMedio
from datos.sesion import crear_motor, sesion
from rastreadores.ejecutar import ResumenRastreo, rastrear
from tests.servidores import RELLENO, Falla, SitioConFallas, SitioNotas, servir

log = logging.getLogger(__name__)
pytestmark = pytest.mark.lento

MEDIO = "Diario Inestable"
# Tiempos cortos: 2 s de espera por descarga (1 s daba falsos "tiempo agotado" con la máquina
# cargada por `make test -n 2`), un reintento a los 50 ms, sin AutoThrottle (con respuestas que
# tardan segundos AutoThrottle subiría el retraso y la prueba pasaría de 45 s).
AJUSTES_FALLAS = {
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 1,
    "MONITOREO_RETROCESO_BASE": 0.05,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}
RONDAS_CON_FALLAS = 3
# Motivo que debe quedar en el resumen según el resultado del último intento.
MOTIVOS = {
    Falla.ERROR_500: {"HTTP 500"},
    Falla.LENTO: {"tiempo de espera agotado"},
    Falla.GOTEO: {"tiempo de espera agotado"},
    Falla.TRUNCADO: {"respuesta incompleta (cuerpo truncado)"},
    # Scrapy lo reporta como falla de conexión (ResponseNeverReceived): cortó sin responder.
    Falla.REINICIO: {"no se pudo conectar", "se perdió la conexión"},
}


@pytest.fixture
def entorno(url_bd: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Sin retraso de cortesía (el hijo hereda el entorno)."""
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    config.recargar()
    return url_bd


def registrar_medio(motor: Engine, url_feed: str, nombre: str = MEDIO) -> None:
    """Un medio digital con una fuente RSS."""
    with Session(motor) as s:
        medio = Medio(nombre=nombre, tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
        medio.fuentes = [Fuente(tipo=TipoFuente.RSS, url=url_feed)]
        s.add(medio)
        s.commit()


def canonicas(motor: Engine) -> list[str]:
    """URL canónica de cada nota guardada (con repeticiones, si las hubiera)."""
    with Session(motor) as s:
        return list(s.scalars(select(Nota.url_canonica)))


def contar(motor: Engine, modelo: type[Any]) -> int:
    """Filas de la tabla del modelo."""
    with Session(motor) as s:
        return int(s.scalar(select(func.count()).select_from(modelo)) or 0)


def fuente(motor: Engine) -> Fuente:
    """La única fuente del medio."""
    with Session(motor) as s:
        return s.scalars(select(Fuente)).one()


def _ultimos(sitio: SitioConFallas, antes: dict[str, int]) -> dict[str, list[Falla]]:
    """Resultados de esta ronda por ruta (los intentos posteriores a `antes`)."""
    return {
        ruta: lista[antes.get(ruta, 0) :]
        for ruta, lista in sitio.resultados.items()
        if len(lista) > antes.get(ruta, 0)
    }


def _revisar_ronda(
    motor: Engine, sitio: SitioConFallas, resumen: ResumenRastreo, ronda: dict[str, list[Falla]]
) -> dict[str, int]:
    """Cada falla de la ronda está contada en el resumen, las estadísticas y la salud."""
    fallidas = {r: lista[-1] for r, lista in ronda.items() if lista[-1] is not Falla.BIEN}
    respuestas_con_falla = sum(1 for lista in ronda.values() for f in lista if f is not Falla.BIEN)
    assert resumen.errores == len(fallidas)
    (medio,) = resumen.medios
    por_url = {m.rsplit(" (", 1)[1].rstrip(")"): m.rsplit(" (", 1)[0] for m in medio.motivos}
    for ruta, falla in fallidas.items():
        assert por_url[f"{sitio.base}{ruta}"] in MOTIVOS[falla], (ruta, falla)
    stats = resumen.estadisticas
    reintentos = stats.get("retry/count", 0) + stats.get("retry/max_reached", 0)
    assert reintentos == respuestas_con_falla, stats
    quinientos = sum(lista.count(Falla.ERROR_500) for lista in ronda.values())
    assert stats.get("downloader/response_status_count/500", 0) == quinientos
    assert stats.get("monitoreo/errores", 0) == len(fallidas)
    salud = fuente(motor)
    assert salud.fallas_consecutivas == 0  # el feed respondió: las notas fallidas son un aviso
    if fallidas:
        assert (salud.motivo_error or "").startswith(f"{len(fallidas)} de {len(ronda)} notas")
    else:
        assert salud.motivo_error is None
    return {
        "intentadas": len(ronda),
        "respuestas_con_falla": respuestas_con_falla,
        "nuevas": resumen.notas_nuevas,
        "fallidas": len(fallidas),
    }


def test_rondas_con_fallas_al_azar_recuperan_todo_sin_duplicados(
    entorno: str, motor: Engine
) -> None:
    inicio = time.monotonic()
    sitio_fallas = SitioConFallas(n=60, semilla=2026, probabilidad=0.4, lento_segundos=3.0)
    with servir(sitio_fallas) as sitio:
        assert isinstance(sitio, SitioConFallas)
        registrar_medio(motor, f"{sitio.base}/feed.xml")
        cifras = []
        for _ in range(RONDAS_CON_FALLAS):
            antes = {r: len(lista) for r, lista in sitio.resultados.items()}
            resumen = rastrear(todas=True, ajustes=AJUSTES_FALLAS)
            ronda = _ultimos(sitio, antes)
            cifras.append(_revisar_ronda(motor, sitio, resumen, ronda))
            guardadas = canonicas(motor)
            assert len(guardadas) == len(set(guardadas))
            assert {f"{sitio.base}{r}" for r in sitio.servidas_bien()} <= set(guardadas)
        log.info("rondas con fallas: %s", cifras)
        por_tipo = {f.value: sitio.total(f) for f in Falla}
        log.info("respuestas por tipo: %s", por_tipo)
        # Con esta semilla salen todos los tipos de falla.
        assert all(por_tipo[f.value] > 0 for f in Falla)
        # Las que fallaron se recuperan después: en la primera ronda fallaron, al final ya están.
        assert cifras[0]["fallidas"] > 0
        assert sum(c["nuevas"] for c in cifras) == len(set(canonicas(motor)))
        sitio.probabilidad = 0.0
        final = rastrear(todas=True, ajustes=AJUSTES_FALLAS)
        assert final.errores == 0
        assert sorted(canonicas(motor)) == sorted(f"{sitio.base}{r}" for r in sitio.rutas_notas)
        # Una ronda más no descarga ninguna nota ni cambia el conteo.
        pedidas = sum(sitio.peticiones[r] for r in sitio.rutas_notas)
        otra = rastrear(todas=True, ajustes=AJUSTES_FALLAS)
        assert otra.notas_nuevas == 0 and sum(m.omitidas for m in otra.medios) == 60
        assert sum(sitio.peticiones[r] for r in sitio.rutas_notas) == pedidas
        assert contar(motor, Nota) == 60 and contar(motor, m.Testigo) == 60
        assert fuente(motor).motivo_error is None
    assert time.monotonic() - inicio < 90


# --- muerte súbita (kill -9) --------------------------------------------------------------------

# 40 notas de 0.15 s con 2 descargas a la vez: ~3 s de rastreo, tiempo de sobra para matarlo
# a la mitad (tras ~10 notas confirmadas).
NOTAS_LENTAS = 40
PAUSA_NOTA = 0.15
CONFIRMADAS_ANTES_DE_MATAR = 10
AJUSTES_LENTOS = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def lanzar_hijo(ajustes: dict[str, Any] | None = None) -> subprocess.Popen[str]:
    """El proceso hijo real del rastreo, en su propio grupo de procesos."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rastreadores.proceso",
            "--todas",
            "--ajustes",
            json.dumps(ajustes or AJUSTES_LENTOS),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        env=os.environ.copy(),
    )


def matar_a_la_mitad(hijo: subprocess.Popen[str]) -> list[str]:
    """Lee eventos hasta N notas nuevas y mata al grupo con SIGKILL; devuelve las confirmadas."""
    assert hijo.stdout is not None
    confirmadas: list[str] = []
    for linea in hijo.stdout:
        evento = json.loads(linea)
        if evento.get("evento") == "nota_nueva":
            confirmadas.append(evento["url"])
        if len(confirmadas) >= CONFIRMADAS_ANTES_DE_MATAR:
            break
    os.killpg(hijo.pid, signal.SIGKILL)
    hijo.wait(10)
    hijo.stdout.close()
    return confirmadas


def test_kill_9_a_mitad_del_rastreo_no_pierde_ni_duplica(entorno: str, motor: Engine) -> None:
    with servir(SitioNotas(n=NOTAS_LENTAS, pausa=PAUSA_NOTA)) as sitio:
        registrar_medio(motor, f"{sitio.base}/feed.xml")
        hijo = lanzar_hijo()
        confirmadas = matar_a_la_mitad(hijo)
        assert hijo.returncode == -signal.SIGKILL
        tras_matar = canonicas(motor)
        # Lo confirmado antes de morir sigue ahí (commit por nota), y no quedó todo hecho.
        assert set(confirmadas) <= set(tras_matar)
        assert len(tras_matar) < NOTAS_LENTAS
        resumen = rastrear(todas=True, ajustes=AJUSTES_LENTOS)
        finales = canonicas(motor)
        assert len(finales) == len(set(finales)) == NOTAS_LENTAS
        assert resumen.notas_nuevas == NOTAS_LENTAS - len(tras_matar)
        assert sum(m.omitidas for m in resumen.medios) == len(tras_matar)
        # Las ya guardadas no se volvieron a descargar.
        assert all(sitio.peticiones[r] >= 1 for r in sitio.rutas_notas)
        repetidas = Counter(
            {r: sitio.peticiones[r] for r in sitio.rutas_notas if sitio.peticiones[r] > 1}
        )
        assert not set(repetidas) & {u.removeprefix(sitio.base) for u in confirmadas}
        assert contar(motor, m.Testigo) == NOTAS_LENTAS
        assert fuente(motor).fallas_consecutivas == 0


# --- muerte súbita del análisis -----------------------------------------------------------------

# El hijo analiza en una sola transacción y avisa por nota; la pausa en el aviso asegura que el
# SIGKILL llegue a mitad de la transacción (con tandas ya escritas con flush, sin commit).
_ANALISIS_HIJO = """
import sys, time
from analisis.lote import analizar
from datos.sesion import sesion
def avisar(hechas, total):
    print(hechas, total, flush=True)
    time.sleep(0.2)
with sesion() as s:
    analizar(s, al_avanzar=avisar)
print("fin", flush=True)
"""


def _boletin(motor: Engine) -> None:
    """Un boletín cuyo cuerpo es el texto común de las notas del sitio (todas lo retoman)."""
    with Session(motor) as s:
        s.add(
            m.Boletin(
                numero=45,
                anio=2026,
                fecha_emision=dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC),
                titular="Tampacán informa avances de obra",
                entradilla=RELLENO,
                cuerpo=RELLENO,
            )
        )
        s.commit()


def _retomas(url: str) -> set[tuple[str, str, int]]:
    """(canónica, nivel, boletín) de cada retoma de la base."""
    motor = crear_motor(url)
    with Session(motor) as s:
        filas = s.execute(
            select(Nota.url_canonica, m.Retoma.nivel, m.Retoma.boletin_id).join(m.Retoma)
        )
        resultado = {(str(c), str(n), int(b)) for c, n, b in filas}
    motor.dispose()
    return resultado


def _analizar_y_matar() -> None:
    """Lanza el análisis en un hijo y lo mata con SIGKILL tras la primera nota analizada."""
    hijo = subprocess.Popen(
        [sys.executable, "-c", _ANALISIS_HIJO],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        env=os.environ.copy(),
    )
    assert hijo.stdout is not None
    primera = hijo.stdout.readline()
    os.killpg(hijo.pid, signal.SIGKILL)
    hijo.wait(10)
    hijo.stdout.close()
    assert primera.split()[0] == "1" and hijo.returncode == -signal.SIGKILL


def test_kill_9_a_mitad_del_analisis_no_deja_nada_a_medias(
    entorno: str, motor: Engine, tmp_path: Path
) -> None:
    if not entorno.startswith("sqlite:///"):
        pytest.skip("la copia de referencia de la base es un archivo SQLite")
    with servir(SitioNotas(n=12)) as sitio:
        registrar_medio(motor, f"{sitio.base}/feed.xml")
        rastrear(todas=True, ajustes=AJUSTES_LENTOS)
    _boletin(motor)
    with motor.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    referencia = tmp_path / "referencia.sqlite3"
    shutil.copyfile(entorno.removeprefix("sqlite:///"), referencia)
    with sesion(crear_motor(f"sqlite:///{referencia}")) as s:
        assert analizar(s).notas_analizadas == 12
    esperadas = _retomas(f"sqlite:///{referencia}")
    assert len(esperadas) == 12
    _analizar_y_matar()
    assert _retomas(entorno) == set()  # la transacción a medias no dejó nada
    with sesion() as s:
        assert analizar(s).notas_analizadas == 12
    assert _retomas(entorno) == esperadas
    with sesion() as s:
        assert analizar(s).notas_analizadas == 0  # idempotente
