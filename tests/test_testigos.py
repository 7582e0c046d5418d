"""Almacén de testigos direccionado por contenido."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from datos import testigos
from datos.config import cargar
from datos.testigos import (
    detectar_extension,
    guardar_testigo,
    leer_testigo,
    verificar_testigo,
)

HTML = "<!doctype html><html><body><h1>Tampacán inaugura la clínica</h1></body></html>".encode()


def test_html_comprimido_se_lee_igual(directorio_datos: Path) -> None:
    archivo = guardar_testigo(HTML, comprimir=True)
    sha = hashlib.sha256(HTML).hexdigest()
    assert archivo.sha256 == sha
    assert archivo.ruta == f"{sha[:2]}/{sha[2:4]}/{sha}.html.gz"
    assert archivo.tamano == len(HTML)
    assert archivo.tipo_mime == "text/html"
    en_disco = cargar().dir_testigos / archivo.ruta
    assert gzip.decompress(en_disco.read_bytes()) == HTML
    assert leer_testigo(archivo.ruta) == HTML
    assert verificar_testigo(archivo.ruta, sha)


def test_mismo_contenido_no_se_reescribe(directorio_datos: Path) -> None:
    primero = guardar_testigo(HTML, comprimir=True)
    ruta = cargar().dir_testigos / primero.ruta
    antes = ruta.stat().st_mtime_ns
    segundo = guardar_testigo(HTML, comprimir=True)
    assert segundo == primero
    assert ruta.stat().st_mtime_ns == antes
    sobrantes = [p for p in cargar().dir_testigos.rglob("*") if p.name.startswith(".tmp-")]
    assert sobrantes == []


def test_pdf_sin_comprimir_con_extension_detectada(directorio_datos: Path) -> None:
    pdf = b"%PDF-1.4\n% prueba\n"
    archivo = guardar_testigo(pdf, comprimir=False)
    assert archivo.ruta.endswith(".pdf")
    assert archivo.tipo_mime == "application/pdf"
    assert leer_testigo(archivo.ruta) == pdf
    assert detectar_extension(b"\x89PNG\r\n\x1a\nxxxx") == "png"
    assert detectar_extension(b"cualquier cosa") == "bin"


def test_ruta_fuera_del_almacen_se_rechaza(directorio_datos: Path) -> None:
    with pytest.raises(testigos.TestigoInvalido):
        leer_testigo("../../etc/passwd")
    assert not verificar_testigo("../fuera.html", "0" * 64)


def test_testigo_alterado_no_verifica(directorio_datos: Path) -> None:
    archivo = guardar_testigo(b"<html>original</html>", comprimir=False, extension="html")
    (cargar().dir_testigos / archivo.ruta).write_bytes(b"<html>alterado</html>")
    assert not verificar_testigo(archivo.ruta, archivo.sha256)
