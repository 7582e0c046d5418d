"""Expediente de comprobación de una campaña: spots, páginas impresas y banners con su huella."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos import config
from datos.modelos import Ambito, Medio, TipoMedio, TipoOrden, TipoTestigo
from datos.modelos import Testigo as ModeloTestigo
from datos.repositorio.campanas import (
    DatosOrden,
    crear_orden,
    registrar_banner,
    registrar_insercion,
)
from datos.testigos import _absoluta, guardar_testigo
from reportes.expediente import ALTERADO, FALTA, a_zip, cargar, escribir
from tests.test_campanas import MX, orden_de, pagina_impresa, sembrar_campana, spots
from tests.test_cli import correr

PNG = b"\x89PNG\r\n\x1a\n" + b"banner de la campana" * 20
PDF = b"%PDF-1.4\n% pagina 3 del Sol de la Huasteca\n%%EOF\n"


def _sembrar(sesion: Session) -> tuple[int, str]:
    """Campaña con 2 spots, una inserción con su PDF y un banner con su captura."""
    c = sembrar_campana(sesion)
    spots(sesion, orden_de(c, "La Poderosa Huasteca"), 2)
    sol = sesion.scalars(select(Medio).where(Medio.nombre == "El Sol de la Huasteca")).one()
    pagina = pagina_impresa(sesion, sol, 5)
    pdf = guardar_testigo(PDF, comprimir=False, extension="pdf")
    sesion.add(
        ModeloTestigo(
            nota=pagina,
            tipo=TipoTestigo.PDF,
            sha256=pdf.sha256,
            ruta=pdf.ruta,
            tipo_mime=pdf.tipo_mime,
            tamano=pdf.tamano,
        )
    )
    registrar_insercion(sesion, orden_de(c, "El Sol de la Huasteca"), pagina.id)
    sesion.add(Medio(nombre="Huasteca Digital", tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL))
    sesion.flush()
    banner = crear_orden(sesion, c, DatosOrden("Huasteca Digital", TipoOrden.BANNER, 3, "900"))
    captura = guardar_testigo(PNG, comprimir=False, extension="png")
    momento = dt.datetime(2026, 11, 6, 12, tzinfo=MX)
    registrar_banner(sesion, banner, "https://huasteca.example/portada", captura, momento)
    sesion.commit()
    return c.id, captura.ruta


def test_expediente_con_cada_prueba_y_su_huella(
    directorio_datos: Path, sesion: Session, tmp_path: Path
) -> None:
    campana_id, _ = _sembrar(sesion)
    salida = tmp_path / "expediente"
    manifiesto = json.loads(
        escribir(cargar(sesion, campana_id, config.cargar().zona), salida).read_text("utf-8")
    )
    assert manifiesto["campana"] == "Agua limpia"
    assert manifiesto["alteradas"] == [] and manifiesto["faltantes"] == []
    with (salida / "entregas.csv").open(encoding="utf-8-sig") as archivo:
        filas = list(csv.DictReader(archivo))
    assert [f["tipo"] for f in filas] == ["spot", "spot", "insercion", "banner"]
    assert filas[0]["fecha_hora_local"] == "2026-11-02 07:30"
    banner = filas[3]
    assert (salida / banner["archivo"]).read_bytes() == PNG
    assert banner["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert banner["url"] == "https://huasteca.example/portada"
    insercion = json.loads((salida / filas[2]["archivo"]).read_text(encoding="utf-8"))
    (pdf,) = insercion["archivos"]
    assert (
        salida / "inserciones" / f"nota-{filas[2]['nota']}" / pdf["archivo"]
    ).read_bytes() == PDF
    nombres = zipfile.ZipFile(io.BytesIO(a_zip(salida))).namelist()
    assert {"entregas.csv", "manifiesto.json", banner["archivo"]} <= set(nombres)


def test_una_captura_alterada_o_perdida_se_dice(
    directorio_datos: Path, sesion: Session, tmp_path: Path
) -> None:
    campana_id, ruta_png = _sembrar(sesion)
    _absoluta(ruta_png).write_bytes(PNG + b"retocada")
    zona = config.cargar().zona
    alterado = json.loads(escribir(cargar(sesion, campana_id, zona), tmp_path / "a").read_text())
    assert len(alterado["alteradas"]) == 1
    assert alterado["entregas"][3]["sha256"] == ALTERADO
    _absoluta(ruta_png).unlink()
    perdido = json.loads(escribir(cargar(sesion, campana_id, zona), tmp_path / "b").read_text())
    assert len(perdido["faltantes"]) == 1 and perdido["entregas"][3]["sha256"] == FALTA


def test_cli_expediente(
    url_bd: str, directorio_datos: Path, sesion: Session, tmp_path: Path
) -> None:
    _sembrar(sesion)
    salida = tmp_path / "exp"
    r = correr(
        ["campanas", "expediente", "--campana", "agua limpia", "--salida", str(salida)],
        directorio_datos,
        MONITOREO_BD=url_bd,
    )
    assert r.returncode == 0, r.stderr
    assert "4 entregas de «Agua limpia»" in r.stdout
    assert (salida / "manifiesto.json").exists()
    r = correr(
        ["campanas", "expediente", "--campana", "Nadie", "--salida", str(salida)],
        directorio_datos,
        MONITOREO_BD=url_bd,
    )
    assert r.returncode == 2 and "campaña" in r.stderr
