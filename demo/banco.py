"""Fotos sintéticas del banco de la demo: JPEG con EXIF, subidas y adjuntas a boletines."""

from __future__ import annotations

import datetime as dt
import io
import random
import textwrap
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.normalizar import a_ascii
from datos.modelos import Boletin, Recurso, TipoRecurso
from datos.repositorio.boletines import adjuntar_recursos
from datos.repositorio.recursos import subir_recurso
from demo.tipos import BoletinDemo, Mundo

# Ocho fotos de los boletines más recientes: suficientes para ver la rejilla del banco y
# para que los boletines que la demo envía por correo lleven fotos adjuntas.
FOTOS_DEMO = 8
# 800×533 (3:2, como la cámara de la oficina) con calidad 80 pesa ~25 KB: < 60 KB por foto.
ANCHO, ALTO = 800, 533
CALIDAD = 80
# Minutos antes de la emisión del boletín en que se tomó la foto (el evento va primero).
ANTES_DEL_BOLETIN = dt.timedelta(minutes=90)
FOTOGRAFOS = ("Luis Ángel Hernández Cruz", "María Fernanda Reyes Olguín")
USUARIO_DEMO = "demo"
# La fuente de Pillow no trae acentos: se prefiere DejaVu (paquete fonts-dejavu de Debian/Ubuntu).
FUENTES = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Etiquetas EXIF: IFD Exif, fecha original, desfase de la fecha original, fecha y autor.
IFD_EXIF, FECHA_ORIGINAL, DESFASE_ORIGINAL, FECHA, AUTOR = 0x8769, 0x9003, 0x9011, 0x0132, 0x013B


@dataclass(frozen=True)
class FotoDemo:
    """Una foto generada para un boletín de la demo."""

    boletin: BoletinDemo
    nombre_archivo: str
    contenido: bytes
    autor: str
    tomada: dt.datetime


def _slug(texto: str) -> str:
    """Texto en minúsculas ASCII con guiones (para nombres de archivo)."""
    palabras = "".join(c if c.isalnum() else " " for c in _sin_acentos(texto).lower()).split()
    return "-".join(palabras[:6])


def _fondo(rng: random.Random) -> Image.Image:
    """Degradado vertical de cielo a tierra con formas (personas, toldos) al azar."""
    arriba = (rng.randint(90, 150), rng.randint(140, 190), rng.randint(190, 235))
    abajo = (rng.randint(60, 110), rng.randint(80, 120), rng.randint(40, 70))
    imagen = Image.new("RGB", (ANCHO, ALTO))
    dibujo = ImageDraw.Draw(imagen)
    for y in range(ALTO):
        t = y / (ALTO - 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(arriba, abajo, strict=True))
        dibujo.line([(0, y), (ANCHO, y)], fill=color)
    for _ in range(rng.randint(8, 14)):
        x, y = rng.randint(0, ANCHO), rng.randint(ALTO // 2, ALTO - 60)
        tono = (rng.randint(30, 220), rng.randint(30, 200), rng.randint(30, 200))
        dibujo.ellipse([x - 14, y - 70, x + 14, y - 42], fill=(150, 110, 80))
        dibujo.rounded_rectangle([x - 22, y - 40, x + 22, y + 40], radius=10, fill=tono)
    return imagen


def _rotular(imagen: Image.Image, titular: str, pie: str) -> None:
    """Franja inferior con el titular del evento y el pie (lugar y fecha)."""
    dibujo = ImageDraw.Draw(imagen)
    dibujo.rectangle([0, ALTO - 110, ANCHO, ALTO], fill=(20, 40, 70))
    grande, acentos = _fuente(24)
    chica, _ = _fuente(16)
    if not acentos:
        titular, pie = _sin_acentos(titular), _sin_acentos(pie)
    for k, linea in enumerate(textwrap.wrap(titular, 58)[:2]):
        dibujo.text((20, ALTO - 100 + 30 * k), linea, fill=(255, 255, 255), font=grande)
    dibujo.text((20, ALTO - 34), pie, fill=(210, 220, 235), font=chica)


@cache
def _fuente(tamano: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """DejaVu Sans si está en el sistema (con acentos); si no, la de Pillow (sólo ASCII)."""
    for nombre in FUENTES:
        try:
            return ImageFont.truetype(nombre, tamano), True
        except OSError:
            continue
    return ImageFont.load_default(size=tamano), False


def _sin_acentos(texto: str) -> str:
    """El texto sin diacríticos (para la fuente de Pillow, que no los dibuja)."""
    return a_ascii(texto)


def _exif(tomada: dt.datetime, autor: str) -> Image.Exif:
    """EXIF con fecha de toma (hora local y su desfase) y autor."""
    exif = Image.Exif()
    marca = tomada.strftime("%Y:%m:%d %H:%M:%S")
    exif[FECHA] = marca
    # Artist es ASCII en la norma; las cámaras escriben UTF-8 y el banco lo lee así.
    exif[AUTOR] = autor.encode("utf-8")
    detalle = exif.get_ifd(IFD_EXIF)
    detalle[FECHA_ORIGINAL] = marca
    desfase = tomada.strftime("%z")
    detalle[DESFASE_ORIGINAL] = f"{desfase[:3]}:{desfase[3:]}"
    return exif


def generar_foto(b: BoletinDemo, k: int, semilla: int) -> FotoDemo:
    """La foto k del boletín b: determinista dada la semilla."""
    rng = random.Random(f"{semilla}-{b.folio}-{k}")
    tomada = b.fecha - ANTES_DEL_BOLETIN
    autor = FOTOGRAFOS[k % len(FOTOGRAFOS)]
    imagen = _fondo(rng)
    _rotular(imagen, b.titular, f"{b.lugar} · {tomada:%d/%m/%Y %H:%M} · Foto: {autor}")
    salida = io.BytesIO()
    imagen.save(salida, "JPEG", quality=CALIDAD, optimize=True, exif=_exif(tomada, autor))
    nombre = f"{b.fecha:%Y%m%d}-{_slug(b.titular)}.jpg"
    return FotoDemo(b, nombre, salida.getvalue(), autor, tomada)


def fotos_del_mundo(mundo: Mundo, cuantas: int = FOTOS_DEMO) -> list[FotoDemo]:
    """Una foto por cada uno de los `cuantas` boletines más recientes, del más nuevo primero."""
    recientes = sorted(mundo.boletines, key=lambda b: b.fecha, reverse=True)[:cuantas]
    return [generar_foto(b, k, mundo.semilla) for k, b in enumerate(recientes)]


def _etiquetas(b: BoletinDemo) -> list[str]:
    """Etiquetas del banco: tema, área y lugar del boletín."""
    return [t for t in (b.tema, b.area, b.lugar.split(",")[0], "demostración") if t]


def subir_fotos(s: Session, mundo: Mundo) -> list[Recurso]:
    """Sube las fotos de la demo al banco y las adjunta a su boletín (ya cargado); sin commit."""
    recursos = []
    for foto in fotos_del_mundo(mundo):
        boletin = s.scalar(
            select(Boletin).where(
                Boletin.numero == foto.boletin.numero, Boletin.anio == foto.boletin.anio
            )
        )
        if boletin is None:
            continue
        recurso = subir_recurso(
            s,
            foto.nombre_archivo,
            foto.contenido,
            tipo=TipoRecurso.FOTO,
            autor=foto.autor,
            etiquetas=_etiquetas(foto.boletin),
            evento_id=boletin.evento_id,
            usuario=USUARIO_DEMO,
            descripcion=f"{foto.boletin.titular} ({foto.boletin.lugar}).",
        )
        adjuntar_recursos(s, boletin.id, [recurso.id], USUARIO_DEMO)
        recursos.append(recurso)
    return recursos
