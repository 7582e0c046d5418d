"""Escala con Redis: dos procesos de rastreo comparten planificador y filtro (scrapy-redis).

Usa el Redis de 127.0.0.1:6379 (se salta si no responde) con claves únicas por prueba, que se
borran al final. La base es la del fixture `url_bd`: PostgreSQL si MONITOREO_BD_PRUEBAS está
definido; si no, SQLite en archivo con WAL.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from scrapy.http import Request, Response
from sqlalchemy import Engine

from datos import config
from rastreadores.arana.distribuido import (
    FiltroConVigencia,
    LiberarHuellaMiddleware,
    claves,
    es_primera_peticion_de_nota,
)
from rastreadores.arana.items import Enlace
from rastreadores.arana.settings import ajustes
from rastreadores.ejecutar import RastreoFallido, ResumenRastreo, rastrear
from tests.servidores import SitioNotas, servir
from tests.test_fallas import (
    CONFIRMADAS_ANTES_DE_MATAR,
    canonicas,
    fuente,
    lanzar_hijo,
    matar_a_la_mitad,
    registrar_medio,
)

URL_REDIS = "redis://127.0.0.1:6379/0"
NOTAS = 30
# 50 ms por nota y 2 descargas a la vez por proceso: ~1 s de rastreo, así los dos procesos se
# traslapan de verdad (ambos leen el feed y se reparten la cola).
PAUSA_NOTA = 0.05
AJUSTES_RAPIDOS = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def _redis_vivo() -> redis.Redis | None:
    """Cliente de Redis si responde; si no, None."""
    cliente = redis.Redis.from_url(URL_REDIS, socket_connect_timeout=1)
    try:
        cliente.ping()
    except redis.RedisError:
        return None
    return cliente


@pytest.fixture
def prefijo() -> Iterator[str]:
    """Prefijo de claves único para la prueba; borra sus claves al final."""
    cliente = _redis_vivo()
    if cliente is None:
        pytest.skip("no responde Redis en 127.0.0.1:6379")
    nombre = f"monitoreo-prueba-{uuid.uuid4().hex[:12]}"
    yield nombre
    for clave in cliente.scan_iter(match=f"{nombre}:*", count=500):
        cliente.delete(clave)
    assert not list(cliente.scan_iter(match=f"{nombre}:*"))


def test_sin_redis_no_cambia_nada(directorio_datos: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOREO_REDIS", raising=False)
    solo = ajustes(config.recargar())
    assert "SCHEDULER" not in solo and "REDIS_URL" not in solo
    assert not any("distribuido" in m for m in solo["DOWNLOADER_MIDDLEWARES"])
    monkeypatch.setenv("MONITOREO_REDIS", URL_REDIS)
    repartido = ajustes(config.recargar())
    assert repartido["SCHEDULER"].endswith("PlanificadorCompartido")
    assert repartido["DUPEFILTER_CLASS"].endswith("FiltroConVigencia")
    assert repartido["SCHEDULER_PERSIST"] is True and repartido["REDIS_URL"] == URL_REDIS
    assert (
        "rastreadores.arana.distribuido.LiberarHuellaMiddleware"
        in (repartido["DOWNLOADER_MIDDLEWARES"])
    )
    # El resto de los ajustes (cortesía, pipelines) es igual.
    assert repartido["ITEM_PIPELINES"] == solo["ITEM_PIPELINES"]


def test_filtro_compartido_reserva_caduca_y_se_libera(prefijo: str) -> None:
    cliente = _redis_vivo()
    assert cliente is not None
    clave = f"{prefijo}:huellas"
    proceso_a, proceso_b = FiltroConVigencia(cliente, clave), FiltroConVigencia(cliente, clave)
    proceso_a.vigencia = proceso_b.vigencia = 60
    enlace = Enlace(url="http://127.0.0.1:9/notas/a")
    nota = Request(enlace.url, cb_kwargs={"enlace": enlace}, dont_filter=True)
    assert not proceso_a.request_seen(nota)  # A la reserva
    assert proceso_b.request_seen(nota)  # B ya no la pide
    (reserva,) = cliente.scan_iter(match=f"{clave}:*")
    assert 0 < cliente.ttl(reserva) <= 60
    # La descarga de A falló del todo (500 tras reintentos): se libera y B puede pedirla.
    liberador = LiberarHuellaMiddleware(cliente, clave)
    liberador.process_response(nota, Response(enlace.url, status=500))
    assert not proceso_b.request_seen(nota)
    # Los reintentos y redirecciones no pasan por el filtro compartido.
    assert es_primera_peticion_de_nota(nota)
    assert not es_primera_peticion_de_nota(nota.replace(meta={"retry_times": 1}))
    assert not es_primera_peticion_de_nota(nota.replace(meta={"redirect_times": 1}))
    proceso_a.clear()
    assert not list(cliente.scan_iter(match=f"{clave}:*"))


@pytest.mark.lento
def test_redis_caido_es_rastreo_fallido_en_espanol(
    url_bd: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Puerto 1 de loopback: nadie escucha. Sin la revisión previa el rastreo "terminaba bien".
    monkeypatch.setenv("MONITOREO_REDIS", "redis://:secreto@127.0.0.1:1/0")
    config.recargar()
    with pytest.raises(
        RastreoFallido, match=r"No responde Redis en MONITOREO_REDIS \(127\.0\.0\.1:1\)"
    ) as error:
        rastrear(todas=True)
    assert "secreto" not in str(error.value)


def _rastrear_a_la_vez(cuantos: int, extra: dict[str, object]) -> list[ResumenRastreo]:
    """`cuantos` rastreos simultáneos (cada uno es un proceso hijo)."""
    resumenes: list[ResumenRastreo] = []
    errores: list[BaseException] = []

    def uno() -> None:
        try:
            resumenes.append(rastrear(todas=True, ajustes=extra))
        except BaseException as exc:  # se informa en el hilo principal
            errores.append(exc)

    hilos = [threading.Thread(target=uno) for _ in range(cuantos)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(120)
    assert not errores, errores
    return resumenes


@pytest.mark.lento
def test_dos_procesos_se_reparten_las_notas(
    url_bd: str, motor: Engine, prefijo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    monkeypatch.setenv("MONITOREO_REDIS", URL_REDIS)
    config.recargar()
    with servir(SitioNotas(n=NOTAS, pausa=PAUSA_NOTA)) as sitio:
        registrar_medio(motor, f"{sitio.base}/feed.xml")
        resumenes = _rastrear_a_la_vez(2, {**AJUSTES_RAPIDOS, **claves(prefijo)})
        # Cada nota se descargó exactamente una vez entre los dos procesos.
        assert {r: sitio.peticiones[r] for r in sitio.rutas_notas} == dict.fromkeys(
            sitio.rutas_notas, 1
        )
        # Cada proceso encola la lectura de la fuente, pero la cola de scrapy-redis es un ZSET:
        # si las dos peticiones (idénticas) están en la cola a la vez quedan en una sola, y el
        # medio recibe una lectura en vez de dos. Nunca más de dos.
        assert 1 <= sitio.peticiones["/feed.xml"] <= 2
        guardadas = canonicas(motor)
        assert sorted(guardadas) == sorted(f"{sitio.base}{r}" for r in sitio.rutas_notas)
        assert sum(r.notas_nuevas for r in resumenes) == NOTAS
        assert sum(r.errores for r in resumenes) == 0
        # Las notas que un proceso no pidió las filtró Redis (o ya estaban en la base).
        cedidas = sum(
            r.estadisticas.get("monitoreo/pedidas_por_otro_proceso", 0) for r in resumenes
        )
        omitidas = sum(m.omitidas for r in resumenes for m in r.medios)
        # Si un proceso tomó de la cola compartida el feed del otro, ése no pidió ninguna nota.
        assert cedidas + omitidas <= NOTAS
        assert fuente(motor).notas_totales == NOTAS
        # Una ronda más: nada nuevo, nada descargado de nuevo.
        otra = rastrear(todas=True, ajustes={**AJUSTES_RAPIDOS, **claves(prefijo)})
        assert otra.notas_nuevas == 0 and otra.errores == 0
        assert all(sitio.peticiones[r] == 1 for r in sitio.rutas_notas)


# Vigencia corta de la reserva de cada nota, para no esperar los 20 min de producción.
VIGENCIA_PRUEBA_SEGUNDOS = 2


@pytest.mark.lento
def test_kill_9_con_redis_lo_pendiente_lo_toma_el_siguiente(
    url_bd: str, motor: Engine, prefijo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    monkeypatch.setenv("MONITOREO_REDIS", URL_REDIS)
    config.recargar()
    extra = {
        **AJUSTES_RAPIDOS,
        **claves(prefijo),
        "MONITOREO_VIGENCIA_HUELLA": VIGENCIA_PRUEBA_SEGUNDOS,
    }
    cliente = _redis_vivo()
    assert cliente is not None
    with servir(SitioNotas(n=40, pausa=0.15)) as sitio:
        registrar_medio(motor, f"{sitio.base}/feed.xml")
        confirmadas = matar_a_la_mitad(lanzar_hijo(extra))
        assert len(confirmadas) >= CONFIRMADAS_ANTES_DE_MATAR
        tras_matar = set(canonicas(motor))
        assert set(confirmadas) <= tras_matar and len(tras_matar) < 40
        # La cola quedó en Redis (persistente): el siguiente proceso la retoma.
        assert cliente.zcard(f"{prefijo}:rss:peticiones") > 0
        time.sleep(VIGENCIA_PRUEBA_SEGUNDOS + 0.5)  # caducan las reservas de las que iban en vuelo
        resumen = rastrear(todas=True, ajustes=extra)
        finales = canonicas(motor)
        assert len(finales) == len(set(finales)) == 40
        assert resumen.notas_nuevas == 40 - len(tras_matar)
        assert cliente.zcard(f"{prefijo}:rss:peticiones") == 0
        # Ninguna nota confirmada antes de morir se volvió a descargar.
        for url in confirmadas:
            assert sitio.peticiones[url.removeprefix(sitio.base)] == 1
        assert fuente(motor).fallas_consecutivas == 0
