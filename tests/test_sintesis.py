"""Síntesis de proveedor: portada, resumen ejecutivo, primeras planas, ocho columnas, historias
agrupadas por medio, «edición impresa», índice con páginas, edición del personal y correo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from fpdf import FPDF
from sqlalchemy.orm import Session

from datos import modelos
from datos.config import Smtp, cargar
from datos.consultas.sintesis import EdicionSintesis
from datos.modelos import (
    Ambito,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoMedio,
    TipoTestigo,
    Tono,
)
from datos.testigos import guardar_testigo
from demo.buzon import BuzonLocal
from oficina.sintesis import enviar_sintesis
from reportes.sintesis import (
    COLUMNAS,
    MUNICIPIO,
    NACIONAL,
    RADIO_TV,
    REDES,
    REGION,
    armar_sintesis,
    escribir_sintesis,
)
from reportes.sintesis_resumen import resumen_ejecutivo
from tests.test_reportes import FECHA, _hora, poblar

PORTADA_IMPRESA = "Arranca la feria de Tampacán con récord de visitantes"


def _pdf_edicion() -> bytes:
    """Una edición impresa de dos páginas con su portada."""
    pdf = FPDF(format="A4")
    for titulo in (PORTADA_IMPRESA, "Página dos"):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 20)
        pdf.cell(0, 12, "EL SOL DE LA HUASTECA")
        pdf.ln(14)
        pdf.multi_cell(0, 8, titulo)
    return bytes(pdf.output())


def _nota(sesion: Session, medio: Medio, url: str, titulo: str, **campos: object) -> Nota:
    """Una nota más del 26 de noviembre."""
    nota = Nota(
        medio=medio,
        url_canonica=url,
        url_original=url if url.startswith("http") else None,
        titulo=titulo,
        texto=str(campos.pop("texto", "Texto de la nota. Con dos oraciones.")),
        hash_contenido=hashlib.sha256(url.encode()).hexdigest(),
        tipo_captura=campos.pop("tipo_captura", TipoCaptura.RSS),
        **campos,
    )
    sesion.add(nota)
    return nota


def completar(sesion: Session, directorio: Path) -> dict[str, object]:
    """Los datos de test_reportes más una edición impresa, otra retoma y notas nacionales."""
    base = poblar(sesion, directorio)
    sol = sesion.query(Medio).filter_by(nombre="El Sol de la Huasteca").one()
    nacional = Medio(nombre="Crónica Nacional", tipo=TipoMedio.DIGITAL, ambito=Ambito.NACIONAL)
    hoy = Medio(nombre="Huasteca Hoy", tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
    sesion.add_all([nacional, hoy])
    # La edición impresa: fechada a medianoche (sólo se sabe el día), página 1 con su PDF.
    portada = _nota(
        sesion, sol, "https://sol.example/impreso/2026-11-26.pdf#pagina=1", PORTADA_IMPRESA,
        texto=f"EL SOL DE LA HUASTECA {PORTADA_IMPRESA} La feria abrió con récord.",
        tipo_captura=TipoCaptura.PDF, pagina=1, fecha_publicacion=_hora(26, 0), tono=Tono.POSITIVO,
    )  # fmt: skip
    archivo = guardar_testigo(_pdf_edicion(), comprimir=False, extension="pdf")
    sesion.add(
        modelos.Testigo(
            nota=portada, tipo=TipoTestigo.PDF, sha256=archivo.sha256, ruta=archivo.ruta,
            tipo_mime=archivo.tipo_mime, tamano=archivo.tamano,
        )
    )  # fmt: skip
    otra = _nota(
        sesion, hoy, "https://hoy.example/clinica", "Abre la nueva clínica de Tampacán",
        fecha_publicacion=_hora(26, 11, 40), tono=Tono.POSITIVO,
    )  # fmt: skip
    sesion.add(Retoma(nota=otra, boletin=base["boletin"], nivel=NivelRetoma.PARCIAL, puntaje=0.7))
    _nota(
        sesion, nacional, "https://cronica.example/dengue", "Crece el dengue en el país",
        texto="La Secretaría de Salud reportó más casos en Veracruz y Tabasco.",
        fecha_publicacion=_hora(26, 9, 30),
    )  # fmt: skip
    _nota(
        sesion, nacional, "https://cronica.example/xilitla", "Lluvias cierran caminos en Xilitla",
        texto="Las lluvias en la Huasteca potosina cerraron tres caminos.",
        fecha_publicacion=_hora(26, 10, 30),
    )  # fmt: skip
    sesion.flush()
    return base | {"portada": portada, "otra": otra}


def _texto_paginas(ruta: Path) -> list[str]:
    """Texto de cada página del PDF."""
    with pdfplumber.open(ruta) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def test_pdf_de_proveedor(sesion: Session, directorio_datos: Path, tmp_path: Path) -> None:
    """Portada con logo y resumen, índice con páginas, planas como imagen, historias agrupadas."""
    completar(sesion, directorio_datos)
    sintesis = armar_sintesis(sesion, FECHA, cargar())
    ruta = escribir_sintesis(sintesis, "pdf", tmp_path / "s.pdf")
    paginas = _texto_paginas(ruta)
    texto = "\n".join(paginas)
    total = len(paginas)
    for n, pagina in enumerate(paginas, start=1):
        assert f"Página {n} de {total}" in pagina
    assert "Resumen ejecutivo" in paginas[0] and "26 de noviembre de 2026" in paginas[0]
    assert "Índice" in paginas[1]
    for seccion in ("Primeras planas", "Ocho columnas", MUNICIPIO, COLUMNAS, REGION, NACIONAL):
        numero = re.search(rf"^{re.escape(seccion)} (\d+)$", paginas[1], re.M)
        assert numero, seccion
        assert seccion in paginas[int(numero[1]) - 1]
    for seccion in (RADIO_TV, REDES):
        assert seccion in paginas[1]
    # El boletín 045 retomado por dos medios es una sola historia con los dos.
    assert "\n".join(paginas[2:]).count("Presidenta inaugura clínica en Tampacán") == 1
    assert "El Sol de la Huasteca · Impreso · 07:15" not in texto
    assert "Huasteca Hoy · Digital · 11:40 · tono positivo · boletín 045/2026" in texto
    # Lo impreso sin hora dice «edición impresa», nunca 00:00.
    assert "edición impresa" in texto and "00:00" not in texto
    assert "Lluvias cierran caminos en Xilitla" in texto
    # La nota nacional que no habla del estado sólo aparece como cabeza de su medio.
    assert texto.count("Crece el dengue en el país") == 1
    assert all(p.nota.titulo != "Crece el dengue en el país" for p in sintesis.piezas)
    with pdfplumber.open(ruta) as pdf:
        imagenes = [len(p.images) for p in pdf.pages]
    # Logo en la portada; primera plana y miniatura del testigo después.
    assert imagenes[0] == 1 and sum(imagenes) == 3


def test_resumen_ejecutivo_y_ocho_columnas(sesion: Session, directorio_datos: Path) -> None:
    """Entre 5 y 8 renglones escritos con los datos; la cabeza de cada medio sale de su portada."""
    completar(sesion, directorio_datos)
    sintesis = armar_sintesis(sesion, FECHA, cargar())
    renglones = resumen_ejecutivo(sintesis)
    assert 5 <= len(renglones) <= 8
    juntos = " ".join(renglones)
    assert "045/2026" in juntos and "3 medios" in juntos
    assert "Primera plana de 1 edición impresa" in juntos
    assert "1 columna," in juntos and "1 mención en radio y TV" in juntos
    cabezas = {c.medio: (c.titulo, c.origen) for c in sintesis.ocho_columnas}
    assert cabezas["El Sol de la Huasteca"] == (PORTADA_IMPRESA, "primera plana")
    assert "Radio Huasteca" not in cabezas


def test_edicion_del_personal(sesion: Session, directorio_datos: Path, tmp_path: Path) -> None:
    """Lo excluido no sale, el orden elegido manda y la nota de la Dirección va en la portada."""
    datos = completar(sesion, directorio_datos)
    notas = datos["notas"]
    assert isinstance(notas, list)
    formula, regional = notas[1], notas[5]
    edicion = EdicionSintesis(
        excluidas=frozenset({regional.id}),
        orden=(formula.id,),
        nota_editorial="Favor de atender la nota del agua.",
    )
    sintesis = armar_sintesis(sesion, FECHA, cargar(), edicion)
    municipio = dict(sintesis.entradas)[MUNICIPIO]
    assert municipio[0].principal.nota.nota_id == formula.id
    assert all(p.nota.nota_id != regional.id for p in sintesis.piezas)
    assert sintesis.excluidas == 1
    texto = "\n".join(_texto_paginas(escribir_sintesis(sintesis, "pdf", tmp_path / "e.pdf")))
    assert "Nota de la Dirección" in texto and "Favor de atender la nota del agua." in texto
    assert "Feria regional en Tamazunchale" not in texto


def test_html_y_correo_con_las_mismas_secciones(
    sesion: Session, directorio_datos: Path, smtp_local: tuple[BuzonLocal, int]
) -> None:
    """El correo trae índice, primeras planas (imagen en línea) y las mismas secciones."""
    completar(sesion, directorio_datos)
    buzon, puerto = smtp_local
    smtp = Smtp(servidor="127.0.0.1", puerto=puerto, tls="ninguno")
    config = dataclasses.replace(cargar(), smtp=smtp, sintesis_destinatarios=("d@t.gob.mx",))
    enviar_sintesis(sesion, FECHA, config)
    _, mensaje = buzon.recibidos[0]
    parte = mensaje.get_body(preferencelist=("related", "html"))
    assert parte is not None
    html = mensaje.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    for seccion in ("Resumen ejecutivo", "Índice", "Primeras planas", "Ocho columnas"):
        assert seccion in html
    for seccion in (MUNICIPIO, "Columnas y opinión", REGION, NACIONAL, RADIO_TV, REDES):
        assert f">{seccion} (" in html
    cids = re.findall(r'src="cid:([^"]+)"', html)
    assert "logo" in cids and "plana-0" in cids
    relacionadas = [p for p in parte.iter_parts() if p.get_content_maintype() == "image"]
    assert {p["Content-ID"].strip("<>") for p in relacionadas} == set(cids)
    assert "data:image" not in html


@pytest.mark.lento
def test_sintesis_de_la_demo(tmp_path: Path) -> None:
    """La síntesis de ayer en la demo trae todas las secciones, primeras planas e índice."""
    datos = tmp_path / "demo"
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    entorno |= {"MONITOREO_DATOS": str(datos), "MONITOREO_CAPTURAS_PANTALLA": "0"}

    def monitoreo(*args: str) -> None:
        r = subprocess.run(
            [sys.executable, "-m", "operacion.cli.principal", *args],
            env=entorno, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr

    monitoreo("demo", "--sin-tablero")
    ayer = dt.datetime.now(ZoneInfo("America/Mexico_City")).date() - dt.timedelta(days=1)
    pdf, html = tmp_path / "s.pdf", tmp_path / "s.html"
    monitoreo("sintesis", "--fecha", ayer.isoformat(), "--formato", "pdf", "--salida", str(pdf))
    monitoreo("sintesis", "--fecha", ayer.isoformat(), "--formato", "html", "--salida", str(html))
    paginas = _texto_paginas(pdf)
    indice = paginas[1]
    secciones = ("Primeras planas", "Ocho columnas", MUNICIPIO, COLUMNAS, REGION, NACIONAL)
    for seccion in (*secciones, RADIO_TV, REDES):
        assert re.search(rf"^{re.escape(seccion)} \d+$", indice, re.M), seccion
    texto = "\n".join(paginas)
    assert "El Heraldo Huasteco" in texto and "Tribuna Huasteca" in texto
    assert "edición impresa" in texto and "00:00" not in texto
    with pdfplumber.open(pdf) as documento:
        imagenes = sum(len(p.images) for p in documento.pages)
    assert imagenes >= 2  # el logo y la primera plana del Heraldo
    contenido = html.read_text("utf-8")
    assert 'alt="Primera plana de El Heraldo Huasteco"' in contenido
    for seccion in (MUNICIPIO, "Columnas y opinión", REGION, NACIONAL, RADIO_TV, REDES):
        assert f">{seccion} (" in contenido


def test_excel_con_ocho_columnas_y_planas(
    sesion: Session, directorio_datos: Path, tmp_path: Path
) -> None:
    """El Excel trae la historia de cada nota, la hora legible y hojas de cabezas y portadas."""
    import openpyxl

    completar(sesion, directorio_datos)
    sintesis = armar_sintesis(sesion, FECHA, cargar())
    libro = openpyxl.load_workbook(escribir_sintesis(sintesis, "xlsx", tmp_path / "s.xlsx"))
    assert {"Síntesis", "Resumen", "Ocho columnas", "Primeras planas"} <= set(libro.sheetnames)
    filas = list(libro["Síntesis"].iter_rows(values_only=True))[1:]
    horas = {f[6]: f[5] for f in filas}
    assert horas[PORTADA_IMPRESA] == "edición impresa"
    # Las dos notas del boletín 045 (en Municipio) son la misma historia.
    historias = {f[1] for f in filas if f[9] == "045/2026" and f[0] == MUNICIPIO}
    assert len(historias) == 1
    cabezas = [f[:2] for f in libro["Ocho columnas"].iter_rows(values_only=True)]
    assert ("El Sol de la Huasteca", PORTADA_IMPRESA) in cabezas
    assert [f[0] for f in libro["Primeras planas"].iter_rows(values_only=True)][1:] == [
        "El Sol de la Huasteca"
    ]
