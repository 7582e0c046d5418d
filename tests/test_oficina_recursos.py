"""Banco de medios: almacenamiento por contenido, tipo real, límites, EXIF, miniatura y pHash."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos import config
from datos.modelos import Recurso, TipoRecurso
from datos.repositorio.recursos import (
    RecursoInvalido,
    buscar_recursos,
    detectar_tipo,
    fotos_parecidas,
    ruta_de,
    subir_recurso,
)
from tests.test_oficina_boletines import MX


def escena(semilla: int, ancho: int = 800, alto: int = 600) -> Image.Image:
    """Una «foto» con estructura (cielo, suelo, figuras) distinta para cada semilla."""
    imagen = Image.new("RGB", (ancho, alto))
    dibujo = ImageDraw.Draw(imagen)
    for y in range(alto):
        tono = int(255 * y / alto)
        dibujo.line([(0, y), (ancho, y)], fill=(tono, 120, 255 - tono))
    if semilla == 1:
        dibujo.rectangle([100, 300, 350, 550], fill=(240, 240, 30))
        dibujo.ellipse([500, 80, 700, 280], fill=(250, 250, 250))
    else:
        dibujo.rectangle([0, 0, 400, 300], fill=(20, 20, 20))
        dibujo.polygon([(600, 550), (780, 100), (420, 120)], fill=(200, 30, 30))
        dibujo.ellipse([50, 350, 300, 580], fill=(30, 200, 60))
    return imagen


def jpeg(imagen: Image.Image, calidad: int = 92, exif: Image.Exif | None = None) -> bytes:
    """La imagen como JPEG (con EXIF opcional)."""
    salida = io.BytesIO()
    if exif is None:
        imagen.save(salida, "JPEG", quality=calidad)
    else:
        imagen.save(salida, "JPEG", quality=calidad, exif=exif)
    return salida.getvalue()


def _exif() -> Image.Exif:
    """EXIF con autor y fecha de toma (sin desfase: hora de la oficina)."""
    exif = Image.Exif()
    exif[0x013B] = "Juan Pérez".encode()  # UTF-8, como lo escriben los celulares
    exif.get_ifd(0x8769)[0x9003] = "2025:03:14 10:30:00"
    return exif


def _png_falso(ancho: int, alto: int) -> bytes:
    """Encabezado PNG válido con dimensiones enormes y casi sin datos (bomba)."""

    def trozo(tipo: bytes, datos: bytes) -> bytes:
        crc = zlib.crc32(tipo + datos) & 0xFFFFFFFF
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", ancho, alto, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + trozo(b"IHDR", ihdr) + trozo(b"IDAT", idat) + trozo(b"IEND", b"")


def test_foto_con_exif_miniatura_y_almacen(sesion: Session, directorio_datos: Path) -> None:
    contenido = jpeg(escena(1), exif=_exif())
    r = subir_recurso(
        sesion, "Clínica.JPG", contenido, tipo="foto", etiquetas=[" Salud ", "salud", "Obra"]
    )
    assert (r.tipo, r.tipo_mime, r.ancho, r.alto) == (TipoRecurso.FOTO, "image/jpeg", 800, 600)
    assert r.autor == "Juan Pérez"
    assert r.fecha_toma == dt.datetime(2025, 3, 14, 10, 30, tzinfo=MX)
    assert r.etiquetas == ["salud", "obra"]
    assert ruta_de(r).read_bytes() == contenido and r.ruta.startswith(r.sha256[:2] + "/")
    assert r.miniatura is not None
    with Image.open(config.cargar().dir_recursos / r.miniatura) as mini:
        assert mini.format == "JPEG" and max(mini.size) == 320
    assert r.hash_perceptual is not None and len(r.hash_perceptual) == 16
    # El autor capturado a mano gana al del EXIF.
    otro = subir_recurso(sesion, "b.jpg", jpeg(escena(2), exif=_exif()), autor="Oficina")
    assert otro.autor == "Oficina"


def test_repetido_no_duplica(sesion: Session, directorio_datos: Path) -> None:
    contenido = jpeg(escena(1))
    primero = subir_recurso(sesion, "a.jpg", contenido)
    segundo = subir_recurso(sesion, "copia-con-otro-nombre.jpg", contenido)
    assert segundo.id == primero.id
    assert sesion.scalar(select(func.count()).select_from(Recurso)) == 1
    archivos = [p for p in config.cargar().dir_recursos.rglob("*") if p.is_file()]
    assert len(archivos) == 2  # el original y su miniatura
    ruta_de(primero).unlink()
    assert subir_recurso(sesion, "a.jpg", contenido).id == primero.id
    assert ruta_de(primero).read_bytes() == contenido  # se repone el archivo perdido


def test_tipo_real_por_firma(sesion: Session, directorio_datos: Path) -> None:
    png = io.BytesIO()
    escena(1, 50, 40).save(png, "PNG")
    r = subir_recurso(sesion, "disfrazada.jpg", png.getvalue())
    assert r.tipo_mime == "image/png" and r.ruta.endswith(".png")
    pdf = subir_recurso(sesion, "oficio.jpg", b"%PDF-1.7\n%...\n")
    assert pdf.tipo == TipoRecurso.DOCUMENTO and pdf.hash_perceptual is None
    with pytest.raises(RecursoInvalido, match="no se reconoce"):
        subir_recurso(sesion, "foto.jpg", b"<html>no soy una foto</html>")
    with pytest.raises(RecursoInvalido, match="no es audio"):
        subir_recurso(sesion, "x.mp3", jpeg(escena(1, 40, 40)), tipo="audio")
    assert detectar_tipo(b"ID3\x04" + b"\x00" * 20).tipo == TipoRecurso.AUDIO
    assert detectar_tipo(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 8).mime == "video/mp4"


def test_limites_de_tamano_y_pixeles(
    sesion: Session, directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(RecursoInvalido, match="vacío"):
        subir_recurso(sesion, "a.jpg", b"")
    with pytest.raises(RecursoInvalido, match="máximo es 100 MP"):
        subir_recurso(sesion, "grande.png", _png_falso(12_000, 12_000))
    with pytest.raises(RecursoInvalido, match="bomba de descompresión"):
        subir_recurso(sesion, "bomba.png", _png_falso(40_000, 40_000))
    with pytest.raises(RecursoInvalido, match="dañada"):
        subir_recurso(sesion, "rota.jpg", jpeg(escena(1))[:2000])
    monkeypatch.setenv("MONITOREO_TAMANO_MAXIMO", "1000")
    config.recargar()
    with pytest.raises(RecursoInvalido, match="MONITOREO_TAMANO_MAXIMO"):
        subir_recurso(sesion, "a.jpg", jpeg(escena(1)))
    assert sesion.scalar(select(func.count()).select_from(Recurso)) == 0


def test_busqueda(sesion: Session, directorio_datos: Path) -> None:
    con_fecha = subir_recurso(
        sesion, "clinica.jpg", jpeg(escena(1), exif=_exif()), etiquetas=["salud"]
    )
    sin_fecha = subir_recurso(
        sesion, "obra.jpg", jpeg(escena(2)), etiquetas=["obra"], descripcion="Calle Hidalgo"
    )
    assert buscar_recursos(sesion, etiqueta="SALUD") == [con_fecha]
    assert buscar_recursos(sesion, texto="hidalgo") == [sin_fecha]
    assert buscar_recursos(sesion, texto="juan") == [con_fecha]
    marzo = buscar_recursos(
        sesion,
        desde=dt.datetime(2025, 3, 14, tzinfo=MX),
        hasta=dt.datetime(2025, 3, 15, tzinfo=MX),
    )
    assert marzo == [con_fecha]
    assert len(buscar_recursos(sesion, tipo="foto")) == 2
    # Con límite, sólo los más recientes que cumplen (el filtro se aplica antes de cortar).
    assert buscar_recursos(sesion, tipo="foto", limite=1) == [sin_fecha]
    assert buscar_recursos(sesion, etiqueta="salud", limite=1) == [con_fecha]


def test_phash_reconoce_la_misma_foto(sesion: Session, directorio_datos: Path) -> None:
    nuestra = subir_recurso(sesion, "nuestra.jpg", jpeg(escena(1)))
    subir_recurso(sesion, "otra.jpg", jpeg(escena(2)))
    # Un medio la publica recomprimida y a la mitad de tamaño.
    publicada = jpeg(escena(1).resize((400, 300)), calidad=40)
    parecidas = fotos_parecidas(sesion, publicada)
    assert [r.id for r, _ in parecidas] == [nuestra.id]
    assert parecidas[0][1] <= 8
    distinta = jpeg(escena(2).transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    assert all(r.id != nuestra.id for r, _ in fotos_parecidas(sesion, distinta))
    with pytest.raises(RecursoInvalido):
        fotos_parecidas(sesion, b"no es imagen")
