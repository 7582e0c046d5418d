"""Testigos para personas: HTML archivado sin scripts ni peticiones, recorte, exportación y CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.consultas.testigos import evidencia_de_nota
from datos.modelos import Testigo as FilaTestigo
from datos.modelos import TipoTestigo
from datos.testigos import guardar_testigo
from reportes.boletin import generar_reporte_boletin
from reportes.testigo import html_seguro, recorte
from tests.fabricas import Semilla, sembrar
from tests.test_cli import correr

# Página de un medio con todo lo que no debe ejecutarse ni pedir nada fuera.
PAGINA = b"""<html><head><script>alert('x')</script>
<link rel="stylesheet" href="https://rastreador.example/a.css">
<style>body{background:url(https://rastreador.example/p.png)}</style></head>
<body onload="alert(1)"><h1>Inaugura el Ayuntamiento la red de agua</h1>
<p style="background:url(https://rastreador.example/q.png)">La obra beneficia a 300 familias.</p>
<img src="https://rastreador.example/foto.jpg" alt="La presidenta" onerror="alert(2)">
<iframe src="https://anuncios.example/"></iframe><form action="https://x.example"><input></form>
<a href="javascript:alert(3)">clic</a><a href="https://medio.example/otra">otra nota</a>
</body></html>"""


def _png(texto_color: tuple[int, int, int], alto: int = 1600) -> bytes:
    """Una captura de pantalla de 1280 px de ancho."""
    memoria = io.BytesIO()
    Image.new("RGB", (1280, alto), texto_color).save(memoria, format="PNG")
    return memoria.getvalue()


def guardar_evidencia(sesion: Session, nota_id: int) -> list[FilaTestigo]:
    """HTML archivado y dos versiones de la captura (el medio editó la nota)."""
    for fila in sesion.scalars(select(FilaTestigo).where(FilaTestigo.nota_id == nota_id)):
        sesion.delete(fila)
    sesion.flush()
    momento = dt.datetime(2026, 11, 17, 23, 30, tzinfo=dt.UTC)
    piezas = [
        (PAGINA, TipoTestigo.HTML, True, "html", 1, momento),
        (_png((240, 240, 240)), TipoTestigo.CAPTURA, False, "png", 1, momento),
        (
            _png((250, 250, 250)),
            TipoTestigo.CAPTURA,
            False,
            "png",
            2,
            momento + dt.timedelta(hours=5),
        ),
    ]
    testigos = []
    for contenido, tipo, comprimir, extension, version, cuando in piezas:
        archivo = guardar_testigo(contenido, comprimir=comprimir, extension=extension)
        testigo = FilaTestigo(
            nota_id=nota_id,
            tipo=tipo,
            sha256=archivo.sha256,
            ruta=archivo.ruta,
            tipo_mime=archivo.tipo_mime,
            tamano=archivo.tamano,
            version=version,
            capturado_en=cuando,
        )
        sesion.add(testigo)
        testigos.append(testigo)
    sesion.flush()
    return testigos


@pytest.fixture
def base(sesion: Session) -> Semilla:
    """La semilla con evidencia real para la nota n1 (retoma íntegra de El Sol)."""
    s = sembrar(sesion)
    guardar_evidencia(sesion, s.notas["n1"])
    sesion.commit()
    return s


def test_html_archivado_sin_scripts_ni_peticiones_externas() -> None:
    documento = html_seguro(PAGINA)
    assert "Inaugura el Ayuntamiento la red de agua" in documento
    assert "300 familias" in documento and "[imagen: La presidenta]" in documento
    for prohibido in ("<script", "onload", "onerror", "javascript:", "<iframe", "<form", "url("):
        assert prohibido not in documento.lower(), prohibido
    # Ninguna referencia a un recurso externo que el navegador fuera a pedir.
    assert "rastreador.example" not in documento and "anuncios.example" not in documento
    assert "default-src 'none'" in documento
    # Los enlaces a páginas se conservan (se abren aparte, no se cargan).
    assert 'href="https://medio.example/otra"' in documento


def test_recorte_del_titular() -> None:
    imagen = recorte(_png((10, 10, 10)), "captura")
    assert imagen is not None and imagen.size == (1280, 960)
    assert recorte(b"no es imagen", "captura") is None


def test_cli_testigo_exporta_archivos_y_manifiesto(
    base: Semilla, url_bd: str, directorio_datos: Path, sesion: Session, tmp_path: Path
) -> None:
    nota_id = base.notas["n1"]
    salida = tmp_path / "evidencia"
    r = correr(
        ["testigo", str(nota_id), "--salida", str(salida)],
        directorio_datos,
        MONITOREO_BD=url_bd,
    )
    assert r.returncode == 0, r.stderr
    manifiesto = json.loads((salida / "manifiesto.json").read_text(encoding="utf-8"))
    assert manifiesto["nota_id"] == nota_id
    assert manifiesto["url"].startswith("https://")
    archivos = manifiesto["archivos"]
    assert [(a["tipo"], a["version"]) for a in archivos] == [
        ("html", 1),
        ("captura", 1),
        ("captura", 2),
    ] or sorted(a["version"] for a in archivos) == [1, 1, 2]
    for a in archivos:
        contenido = (salida / a["archivo"]).read_bytes()
        assert hashlib.sha256(contenido).hexdigest() == a["sha256"]
        assert dt.datetime.fromisoformat(a["capturado_en"]).tzinfo is not None
        assert "/" not in a["archivo"]
    html = next(a for a in archivos if a["tipo"] == "html")
    assert (salida / html["archivo"]).read_bytes() == PAGINA  # el original, sin limpiar
    r = correr(
        ["testigo", "999999", "--salida", str(tmp_path / "x")],
        directorio_datos,
        MONITOREO_BD=url_bd,
    )
    assert r.returncode == 2 and "no existe la nota" in r.stderr


def test_evidencia_lista_versiones_de_la_mas_reciente(base: Semilla, sesion: Session) -> None:
    evidencia = evidencia_de_nota(sesion, base.notas["n1"])
    assert evidencia is not None
    captura = evidencia.principal("captura")
    assert captura is not None and captura.version == 2
    assert len(evidencia.archivos) == 3


def test_el_reporte_por_boletin_lleva_el_recorte_y_no_la_huella(
    base: Semilla, sesion: Session, tmp_path: Path
) -> None:
    ruta = generar_reporte_boletin(sesion, base.boletines["b1"], tmp_path / "b.pdf")
    with pdfplumber.open(ruta) as pdf:
        imagenes = sum(len(p.images) for p in pdf.pages)
        texto = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert imagenes >= 1
    assert "Recortes de los testigos" in texto
    evidencia = evidencia_de_nota(sesion, base.notas["n1"])
    assert evidencia is not None
    assert all(a.sha256[:12] not in texto for a in evidencia.archivos)
