"""La demostración de punta a punta: medios servidos en localhost, rastreo real, análisis."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Boletin, EstadoRevision, Medio, Nota, Retoma
from datos.sesion import crear_motor
from demo.mundo import construir
from rastreadores.arana.spiders.pdf import url_de_la_pagina
from rastreadores.pantalla import chromium_disponible

pytestmark = pytest.mark.lento

# Metas sobre la verdad conocida del mundo de demostración.
RECALL_MINIMO = 0.85
PRECISION_MINIMA = 0.9
# Tono que una persona daría por clase de nota: retomas no negativas, notas ajenas neutrales y
# críticas que nombran al gobierno negativas (proporción mínima de acuerdo por clase).
ACUERDO_TONO = {"retoma": 0.9, "ajena": 0.95, "critica": 0.8}


def _monitoreo(args: list[str], datos: Path) -> subprocess.CompletedProcess[str]:
    """Corre la CLI en un proceso aparte con el directorio de datos dado."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env["MONITOREO_DATOS"] = str(datos)
    # Las capturas con Chromium tienen su propia prueba; aquí alargarían la demo.
    env["MONITOREO_CAPTURAS_PANTALLA"] = "0"
    return subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=480,
        check=False,
    )


def _estado(datos: Path) -> dict[str, object]:
    """`monitoreo estado --json` de la demo."""
    r = _monitoreo(["estado", "--json"], datos)
    assert r.returncode == 0, r.stderr
    return dict(json.loads(r.stdout))


def _pares_detectados(s: Session) -> set[tuple[str, str]]:
    """(url de la nota, folio) de las retomas vigentes."""
    filas = s.execute(
        select(Nota.url_canonica, Boletin.numero, Boletin.anio)
        .join(Retoma, Retoma.nota_id == Nota.id)
        .join(Boletin, Retoma.boletin_id == Boletin.id)
        .where(Retoma.estado != EstadoRevision.RECHAZADA)
    ).all()
    # El mundo declara la verdad por página impresa; la araña guarda una nota por nota de la página.
    return {(url_de_la_pagina(url), f"{n:03d}/{a}") for url, n, a in filas}


def _pares_verdaderos(s: Session, hoy: dt.date) -> set[tuple[str, str]]:
    """(url, folio) que el mundo declara como retomas, con las URLs reales del servidor."""
    mundo = construir(hoy)
    sitios = {nombre: sitio for nombre, sitio in s.execute(select(Medio.nombre, Medio.sitio_web))}
    urls = {m.slug: sitios[m.nombre] or "" for m in mundo.medios}
    verdad = mundo.verdad_por_url(urls)
    return {
        (url, mundo.boletines[i].folio) for url, retomas in verdad.items() for i, _nivel in retomas
    }


def acuerdo_de_tono(s: Session, hoy: dt.date) -> dict[str, float]:
    """Proporción de notas de cada clase con el tono esperado (URLs con una sola nota)."""
    mundo = construir(hoy)
    sitios = {nombre: sitio for nombre, sitio in s.execute(select(Medio.nombre, Medio.sitio_web))}
    urls = {m.slug: sitios[m.nombre] or "" for m in mundo.medios}
    clases: dict[str, list[str]] = {}
    for n in mundo.notas:
        clases.setdefault(mundo.url(n, urls), []).append(n.clase)
    aciertos: dict[str, list[bool]] = {}
    for nota in s.scalars(select(Nota)):
        unica = clases.get(nota.url_canonica, [])
        if len(unica) != 1 or (unica[0] == "critica" and not nota.menciones):
            continue
        aciertos.setdefault(unica[0], []).append(_tono_esperado(unica[0], str(nota.tono)))
    return {clase: sum(v) / len(v) for clase, v in aciertos.items()}


def _tono_esperado(clase: str, tono: str) -> bool:
    """Si el tono calculado es el que una persona daría a una nota de esa clase."""
    esperado = {"retoma": tono != "negativo", "ajena": tono == "neutral"}
    return esperado.get(clase, tono == "negativo" if clase == "critica" else True)


def _afirmar_campana(datos: Path) -> None:
    """«Done when» de campañas: la radio debe 9 spots a $598.71 y el banner tiene su captura."""
    r = _monitoreo(["campanas", "cumplimiento", "--campana", "Agua para Todos", "--json"], datos)
    assert r.returncode == 0, r.stderr[-2000:]
    medios = {m["medio"]: m for m in json.loads(r.stdout)["medios"]}
    radio = medios["Estéreo Huasteca 98.7 FM"]
    assert (radio["faltan"], radio["costo_por_entrega"]) == (9, "598.71")
    assert [m for m, f in medios.items() if f["faltan"]] == ["Estéreo Huasteca 98.7 FM"] or (
        not chromium_disponible() and medios["Huasteca Hoy"]["faltan"] == 1
    )


def test_demo_completa_dos_veces_sin_duplicados(tmp_path: Path) -> None:
    datos = tmp_path / "demo"
    hoy = dt.datetime.now(ZoneInfo("America/Mexico_City")).date()
    r = _monitoreo(["demo", "--sin-tablero"], datos)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Demostración lista" in r.stdout
    primero = _estado(datos)
    assert primero["medios"] == 12 and primero["boletines"] >= 40
    assert isinstance(primero["notas"], int) and primero["notas"] >= 400
    assert primero["eventos"] and primero["convenios"] == 3
    # El buzón oficial se leyó una vez (respuestas, avisos, rebote, ruido) y hay ~20 solicitudes.
    assert primero["correos"] >= 7 and primero["solicitudes"] >= 20
    assert (primero["campanas"], primero["ordenes"]) == (1, 4)
    _afirmar_campana(datos)
    # La semana de la página de Facebook: 3 publicadas, 2 programadas, 1 en revisión, 1 borrador.
    publicaciones = primero["publicaciones"]
    assert (publicaciones["publicada"], publicaciones["aprobada"]) == (3, 2)
    assert publicaciones["proxima"] is not None

    motor = crear_motor(f"sqlite:///{datos / 'monitoreo.sqlite3'}")
    with Session(motor) as s:
        detectados = _pares_detectados(s)
        verdaderos = _pares_verdaderos(s, hoy)
        acuerdo = acuerdo_de_tono(s, hoy)
    motor.dispose()
    assert all(acuerdo[c] >= minimo for c, minimo in ACUERDO_TONO.items()), acuerdo
    aciertos = len(detectados & verdaderos)
    assert aciertos / len(verdaderos) >= RECALL_MINIMO, (aciertos, len(verdaderos))
    assert aciertos / len(detectados) >= PRECISION_MINIMA, (aciertos, len(detectados))

    # Un segundo rastreo, ya sin los servidores de la demo, no crea nada y lo dice con código 1
    # (todas las fuentes fallaron); una segunda demo reconstruye igual.
    r = _monitoreo(["rastrear", "--todas"], datos)
    assert r.returncode == 1 and "ninguna fuente respondió" in r.stderr, r.stderr[-2000:]
    assert _estado(datos)["notas"] == primero["notas"]
    r = _monitoreo(["demo", "--sin-tablero"], datos)
    assert r.returncode == 0, r.stderr[-2000:]
    assert _estado(datos) == primero
