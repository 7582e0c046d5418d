"""Costo incremental: un segundo rastreo de los medios de demostración sin cambios.

Meta del issue de recolección: el segundo rastreo descarga ≤ 5 % de los bytes del primero
(GET condicional en feeds y sitemaps; artículos ya guardados no se vuelven a pedir).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from datos import config
from datos.migraciones import actualizar
from datos.sesion import crear_motor, sesion
from demo.cargar import cargar
from demo.mundo import construir
from demo.servidor import ServidorDemo
from demo.sitios import escribir_sitios
from rastreadores.ejecutar import rastrear

META_PROPORCION = 0.05


@pytest.mark.benchmark
def test_segundo_rastreo_descarga_poco(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOREO_DATOS", str(tmp_path))
    monkeypatch.setenv("MONITOREO_BD", f"sqlite:///{tmp_path / 'monitoreo.sqlite3'}")
    monkeypatch.setenv("MONITOREO_HOSTS_PERMITIDOS", "127.0.0.0/8")
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    monkeypatch.setenv("MONITOREO_ANTIGUEDAD_DIAS", "100")
    config.recargar()
    mundo = construir(dt.date.today())
    escribir_sitios(mundo, tmp_path / "sitios")
    with ServidorDemo(tmp_path / "sitios") as servidor:
        motor = crear_motor(config.cargar().url_bd)
        actualizar(motor)
        with sesion(motor) as s:
            cargar(s, mundo, servidor.urls)
        primero = rastrear(todas=True)
        segundo = rastrear(todas=True)
    proporcion = segundo.bytes_descargados / max(1, primero.bytes_descargados)
    print(
        f"\nprimer rastreo: {primero.peticiones} peticiones, {primero.bytes_descargados:,} bytes, "
        f"{primero.notas_nuevas} notas nuevas, {primero.segundos:.1f} s\n"
        f"segundo rastreo: {segundo.peticiones} peticiones, {segundo.bytes_descargados:,} bytes, "
        f"{segundo.notas_nuevas} notas nuevas, {segundo.segundos:.1f} s\n"
        f"proporción de bytes: {proporcion:.2%} (meta ≤ {META_PROPORCION:.0%}); "
        f"CPU: {os.cpu_count()} núcleos"
    )
    assert segundo.notas_nuevas == 0
    assert proporcion <= META_PROPORCION
