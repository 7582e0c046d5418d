"""Validación de archivos hostiles: rutas en el nombre, tipo falso, tamaño y bombas."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from datos import config
from rastreadores.importadores.archivos import (
    IMAGENES,
    IMPRESOS,
    TABLAS,
    ArchivoRechazado,
    nombre_seguro,
    tipo_real,
    validar_archivo,
    validar_contenido,
)


def _png(ancho: int = 40, alto: int = 20) -> bytes:
    """PNG pequeño y válido."""
    salida = io.BytesIO()
    Image.new("L", (ancho, alto), 255).save(salida, format="PNG")
    return salida.getvalue()


def _trozo(tipo: bytes, datos: bytes) -> bytes:
    """Un chunk PNG con su CRC."""
    return (
        struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", zlib.crc32(tipo + datos))
    )


def _bomba_png(lado: int = 20_000) -> bytes:
    """PNG real de lado×lado píxeles de 1 bit, comprimido a unos KB (50 MB al descomprimir)."""
    compresor = zlib.compressobj(9)
    renglon = b"\x00" * (1 + (lado + 7) // 8)
    datos = b"".join(compresor.compress(renglon) for _ in range(lado)) + compresor.flush()
    cabecera = struct.pack(">IIBBBBB", lado, lado, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _trozo(b"IHDR", cabecera)
        + _trozo(b"IDAT", datos)
        + _trozo(b"IEND", b"")
    )


def _pdf(paginas: int = 1, lado_pt: float = 612) -> bytes:
    """PDF de `paginas` páginas en blanco de lado_pt puntos."""
    documento = pdfium.PdfDocument.new()
    for _ in range(paginas):
        documento.new_page(lado_pt, lado_pt)
    salida = io.BytesIO()
    documento.save(salida)
    documento.close()
    return salida.getvalue()


@pytest.fixture
def tamano_pequeno(directorio_datos: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """MONITOREO_TAMANO_MAXIMO de 1000 bytes durante la prueba."""
    monkeypatch.setenv("MONITOREO_TAMANO_MAXIMO", "1000")
    config.recargar()
    yield 1000
    monkeypatch.delenv("MONITOREO_TAMANO_MAXIMO")
    config.recargar()


def test_nombre_con_ruta_se_neutraliza() -> None:
    assert nombre_seguro("../../etc/passwd.png") == "passwd.png"
    assert nombre_seguro("/etc/passwd") == "passwd"
    assert nombre_seguro("..\\..\\Windows\\win.ini") == "win.ini"
    assert nombre_seguro("..") == "archivo"
    assert nombre_seguro(".oculto\x00.png") == "oculto.png"


@pytest.mark.parametrize(
    "nombre", ["../../etc/passwd.png", "/etc/passwd.png", "..\\..\\x.png", "a/../../b.png"]
)
def test_nombre_con_ruta_en_subida_se_rechaza(directorio_datos: Path, nombre: str) -> None:
    with pytest.raises(ArchivoRechazado, match="contiene una ruta"):
        validar_contenido(nombre, _png(), IMAGENES)


def test_archivo_local_en_otra_carpeta_se_acepta_con_nombre_limpio(
    directorio_datos: Path, tmp_path: Path
) -> None:
    carpeta = tmp_path / "a" / "b"
    carpeta.mkdir(parents=True)
    (carpeta / "foto.png").write_bytes(_png())
    validado = validar_archivo(carpeta / ".." / "b" / "foto.png", IMAGENES)
    assert validado.nombre == "foto.png"
    assert validado.tipo == "png"


def test_png_que_es_texto_se_rechaza(directorio_datos: Path, tmp_path: Path) -> None:
    falso = tmp_path / "nota.png"
    falso.write_text("esto no es una imagen\n", encoding="utf-8")
    with pytest.raises(ArchivoRechazado, match=r"es en realidad texto"):
        validar_archivo(falso, IMAGENES)


def test_pdf_que_es_png_se_trata_como_png(directorio_datos: Path) -> None:
    validado = validar_contenido("edicion.pdf", _png(), IMPRESOS)
    assert validado.tipo == "png"


def test_archivo_demasiado_grande(tamano_pequeno: int, tmp_path: Path) -> None:
    grande = tmp_path / "grande.csv"
    grande.write_bytes(b"medio,fecha\n" + b"x" * 2000)
    with pytest.raises(ArchivoRechazado, match="máximo permitido es 1,000 bytes"):
        validar_archivo(grande, TABLAS)


def test_archivo_vacio(directorio_datos: Path, tmp_path: Path) -> None:
    vacio = tmp_path / "vacio.csv"
    vacio.write_bytes(b"")
    with pytest.raises(ArchivoRechazado, match="vacío"):
        validar_archivo(vacio, TABLAS)


def test_archivo_inexistente(directorio_datos: Path, tmp_path: Path) -> None:
    with pytest.raises(ArchivoRechazado, match="no existe"):
        validar_archivo(tmp_path / "no-esta.pdf", IMPRESOS)


def test_bomba_de_imagen(directorio_datos: Path) -> None:
    bomba = _bomba_png()
    assert len(bomba) < 200_000
    with pytest.raises(ArchivoRechazado, match=r"demasiado grande|píxeles"):
        validar_contenido("bomba.png", bomba, IMAGENES)


def test_imagen_grande_pero_bajo_el_limite_de_pillow(
    directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500)
    with pytest.raises(ArchivoRechazado, match="píxeles"):
        validar_contenido("foto.png", _png(30, 20), IMAGENES)


def test_pdf_con_miles_de_paginas(directorio_datos: Path) -> None:
    with pytest.raises(ArchivoRechazado, match="3,000 páginas"):
        validar_contenido("libro.pdf", _pdf(paginas=3000), IMPRESOS)


def test_pdf_con_pagina_gigante(directorio_datos: Path) -> None:
    gigante = FPDF(unit="pt", format=(14_000, 14_000))
    gigante.add_page()
    with pytest.raises(ArchivoRechazado, match=r"página 1 del PDF es demasiado grande"):
        validar_contenido("cartel.pdf", bytes(gigante.output()), IMPRESOS)


def test_pdf_danado(directorio_datos: Path) -> None:
    with pytest.raises(ArchivoRechazado, match="PDF está dañado"):
        validar_contenido("roto.pdf", b"%PDF-1.4\nbasura sin estructura", IMPRESOS)


def test_imagen_danada(directorio_datos: Path) -> None:
    with pytest.raises(ArchivoRechazado, match="imagen está dañada"):
        validar_contenido("rota.png", _png()[:30], IMAGENES)


def test_bomba_zip_en_excel(directorio_datos: Path) -> None:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as paquete:
        paquete.writestr("xl/worksheets/sheet1.xml", b"0" * 8_000_000)
    with pytest.raises(ArchivoRechazado, match="descomprime"):
        validar_contenido("clips.xlsx", salida.getvalue(), TABLAS)


def test_archivos_validos_se_aceptan(directorio_datos: Path) -> None:
    assert validar_contenido("p.pdf", _pdf(paginas=3), IMPRESOS).tipo == "pdf"
    assert validar_contenido("f.png", _png(), IMAGENES).tipo == "png"
    assert validar_contenido("c.csv", "medio;fecha\nÁ;1".encode("cp1252"), TABLAS).tipo == "texto"


def test_tipo_real_por_firma() -> None:
    assert tipo_real(b"%PDF-1.7 ...") == "pdf"
    assert tipo_real(b"\xff\xd8\xff\xe0 jfif") == "jpg"
    assert tipo_real(b"ID3\x03\x00") == "mp3"
    assert tipo_real(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "wav"
    assert tipo_real(b"\x00\x01\x02binario") == "desconocido"
