"""Banco de medios: recursos guardados por contenido, con miniatura, EXIF y hash perceptual."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import os
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import imagehash
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.consultas.fotos import DISTANCIA_PARECIDA
from datos.modelos import Boletin, EstadoBoletin, Evento, Recurso, TipoRecurso, boletin_recurso
from datos.repositorio.bitacora import registrar
from datos.repositorio.boletines import usuario_por_nombre
from datos.repositorio.fotos_en_notas import registrar_recurso

log = logging.getLogger(__name__)
# Filas por lectura al buscar en el banco (se detiene al juntar el límite).
LOTE_BUSQUEDA = 500

# Más píxeles que esto es una bomba de descompresión o un panorama inútil para prensa:
# la cámara de la oficina da 24 MP y un celular moderno hasta 50 MP; 100 MP deja margen.
PIXELES_MAXIMOS = 100_000_000
# Miniatura: 320 px de lado mayor cabe en la rejilla del tablero y pesa ~20 KB en JPEG.
LADO_MINIATURA = 320
CALIDAD_MINIATURA = 80
CARPETA_MINIATURAS = "miniaturas"


class RecursoInvalido(ValueError):
    """Archivo que no se puede guardar en el banco de medios (mensaje en español)."""


@dataclass(frozen=True)
class Firma:
    """Tipo real de un archivo según sus primeros bytes."""

    tipo: TipoRecurso
    mime: str
    extension: str


def _firma_contenedor(cabeza: bytes) -> Firma | None:
    """Formatos con subtipo dentro del encabezado (RIFF, ISO BMFF)."""
    if cabeza[:4] == b"RIFF" and cabeza[8:12] == b"WEBP":
        return Firma(TipoRecurso.FOTO, "image/webp", ".webp")
    if cabeza[:4] == b"RIFF" and cabeza[8:12] == b"WAVE":
        return Firma(TipoRecurso.AUDIO, "audio/wav", ".wav")
    if cabeza[4:8] == b"ftyp":
        marca = cabeza[8:12]
        if marca in {b"heic", b"heix", b"mif1"}:
            return Firma(TipoRecurso.FOTO, "image/heic", ".heic")
        if marca.startswith(b"M4A"):
            return Firma(TipoRecurso.AUDIO, "audio/mp4", ".m4a")
        if marca == b"qt  ":
            return Firma(TipoRecurso.VIDEO, "video/quicktime", ".mov")
        return Firma(TipoRecurso.VIDEO, "video/mp4", ".mp4")
    return None


_FIRMAS: tuple[tuple[bytes, Firma], ...] = (
    (b"\xff\xd8\xff", Firma(TipoRecurso.FOTO, "image/jpeg", ".jpg")),
    (b"\x89PNG\r\n\x1a\n", Firma(TipoRecurso.FOTO, "image/png", ".png")),
    (b"GIF87a", Firma(TipoRecurso.FOTO, "image/gif", ".gif")),
    (b"GIF89a", Firma(TipoRecurso.FOTO, "image/gif", ".gif")),
    (b"II*\x00", Firma(TipoRecurso.FOTO, "image/tiff", ".tif")),
    (b"MM\x00*", Firma(TipoRecurso.FOTO, "image/tiff", ".tif")),
    (b"%PDF-", Firma(TipoRecurso.DOCUMENTO, "application/pdf", ".pdf")),
    (b"ID3", Firma(TipoRecurso.AUDIO, "audio/mpeg", ".mp3")),
    (b"\xff\xfb", Firma(TipoRecurso.AUDIO, "audio/mpeg", ".mp3")),
    (b"\xff\xf3", Firma(TipoRecurso.AUDIO, "audio/mpeg", ".mp3")),
    (b"OggS", Firma(TipoRecurso.AUDIO, "audio/ogg", ".ogg")),
    (b"fLaC", Firma(TipoRecurso.AUDIO, "audio/flac", ".flac")),
    (b"\x1aE\xdf\xa3", Firma(TipoRecurso.VIDEO, "video/webm", ".webm")),
    (b"PK\x03\x04", Firma(TipoRecurso.DOCUMENTO, "application/zip", ".zip")),
)
_OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def detectar_tipo(contenido: bytes, nombre_archivo: str = "") -> Firma:
    """Tipo real por la firma del contenido (la extensión sólo distingue documentos de Office)."""
    cabeza = contenido[:16]
    firma = _firma_contenedor(cabeza)
    if firma is None:
        firma = next((f for prefijo, f in _FIRMAS if cabeza.startswith(prefijo)), None)
    if firma is None:
        raise RecursoInvalido(
            f"no se reconoce el tipo de {nombre_archivo or 'el archivo'}: "
            "se aceptan fotos (JPEG, PNG, GIF, WebP, TIFF, HEIC), audio, video y PDF/Office"
        )
    extension = Path(nombre_archivo).suffix.lower()
    if firma.mime == "application/zip" and extension in _OFFICE:
        return Firma(TipoRecurso.DOCUMENTO, _OFFICE[extension], extension)
    return firma


def _validar_tamano(contenido: bytes) -> None:
    """Ni vacío ni mayor que el máximo configurado."""
    maximo = cargar().tamano_maximo
    if not contenido:
        raise RecursoInvalido("el archivo está vacío")
    if len(contenido) > maximo:
        mb = maximo / (1024 * 1024)
        raise RecursoInvalido(
            f"el archivo pesa {len(contenido) / (1024 * 1024):.1f} MB; el máximo es {mb:.1f} MB "
            "(MONITOREO_TAMANO_MAXIMO)"
        )


def _abrir(contenido: bytes) -> Image.Image:
    """Lee sólo el encabezado de la imagen (todavía sin decodificar los píxeles)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(contenido))
    except Image.DecompressionBombError as exc:
        raise RecursoInvalido("la imagen es una bomba de descompresión: se rechaza") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise RecursoInvalido(f"la imagen está dañada o no se puede leer: {exc}") from exc


def abrir_imagen(contenido: bytes) -> Image.Image:
    """Abre una imagen comprobando sus dimensiones antes de decodificarla (bombas)."""
    imagen = _abrir(contenido)
    ancho, alto = imagen.size
    if ancho * alto > PIXELES_MAXIMOS:
        raise RecursoInvalido(
            f"la imagen mide {ancho}×{alto} px ({ancho * alto / 1e6:.0f} MP); "
            f"el máximo es {PIXELES_MAXIMOS / 1e6:.0f} MP"
        )
    try:
        imagen.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise RecursoInvalido(f"la imagen está dañada o incompleta: {exc}") from exc
    return imagen


def hash_perceptual(imagen: Image.Image) -> str:
    """pHash de 64 bits en hexadecimal (orientación EXIF aplicada)."""
    return str(imagehash.phash(ImageOps.exif_transpose(imagen).convert("RGB")))


def distancia(hash_a: str, hash_b: str) -> int:
    """Bits distintos entre dos pHash hexadecimales."""
    return int(imagehash.hex_to_hash(hash_a) - imagehash.hex_to_hash(hash_b))


@dataclass(frozen=True)
class Exif:
    """Fecha de toma y autor leídos del EXIF."""

    fecha: dt.datetime | None
    autor: str | None


def leer_exif(imagen: Image.Image) -> Exif:
    """Fecha y hora de toma (DateTimeOriginal, en hora local si no trae zona) y Artist."""
    try:
        exif = imagen.getexif()
        detalle = exif.get_ifd(0x8769)
    except (AttributeError, OSError, ValueError):
        return Exif(None, None)
    crudo = detalle.get(0x9003) or exif.get(0x0132)
    return Exif(_fecha_exif(crudo, detalle.get(0x9011)), _texto_exif(exif.get(0x013B)))


def _texto_exif(valor: object) -> str | None:
    """Texto EXIF limpio; muchas cámaras escriben UTF-8 en campos ASCII (Pillow da latin-1)."""
    if not isinstance(valor, str | bytes):
        return None
    if isinstance(valor, bytes):
        valor = valor.decode("utf-8", "replace")
    else:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            valor = valor.encode("latin-1").decode("utf-8")
    limpio = " ".join(valor.replace("\x00", " ").split())
    return limpio or None


def _fecha_exif(crudo: object, desfase: object) -> dt.datetime | None:
    """«2026:11:26 10:30:00» (+ «-06:00» opcional) como datetime con zona."""
    if not isinstance(crudo, str):
        return None
    try:
        fecha = dt.datetime.strptime(crudo.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(desfase, str):
        try:
            return dt.datetime.fromisoformat(f"{fecha.isoformat()}{desfase.strip()}")
        except ValueError:
            pass
    # Sin desfase, la cámara está en la hora de la oficina.
    return fecha.replace(tzinfo=cargar().zona)


def _escribir(ruta: Path, datos: bytes) -> None:
    """Escritura atómica: archivo temporal en la misma carpeta y renombrado."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporal = tempfile.mkstemp(dir=ruta.parent, prefix=".subiendo-")
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(datos)
        os.replace(temporal, ruta)
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise


def _miniatura(imagen: Image.Image, sha: str) -> str:
    """Guarda la miniatura JPEG y devuelve su ruta relativa al banco de medios."""
    copia = ImageOps.exif_transpose(imagen).convert("RGB")
    copia.thumbnail((LADO_MINIATURA, LADO_MINIATURA))
    salida = io.BytesIO()
    copia.save(salida, "JPEG", quality=CALIDAD_MINIATURA, optimize=True)
    relativa = f"{CARPETA_MINIATURAS}/{sha[:2]}/{sha}.jpg"
    _escribir(cargar().dir_recursos / relativa, salida.getvalue())
    return relativa


def normalizar_etiquetas(etiquetas: Sequence[str]) -> list[str]:
    """Etiquetas en minúsculas, sin espacios sobrantes ni repetidas, en su orden."""
    vistas: dict[str, None] = {}
    for etiqueta in etiquetas:
        limpia = " ".join(str(etiqueta).lower().split())
        if limpia:
            vistas.setdefault(limpia, None)
    return list(vistas)


def _tipo_compatible(pedido: TipoRecurso | str | None, firma: Firma, nombre: str) -> None:
    """El tipo que dice el usuario debe coincidir con el real."""
    if pedido is None:
        return
    if TipoRecurso(pedido) != firma.tipo:
        raise RecursoInvalido(
            f"{nombre} no es {TipoRecurso(pedido).value}: su contenido es {firma.mime}"
        )


def subir_recurso(
    s: Session,
    nombre_archivo: str,
    contenido: bytes,
    *,
    tipo: TipoRecurso | str | None = None,
    autor: str | None = None,
    etiquetas: Sequence[str] = (),
    evento_id: int | None = None,
    usuario: str = "sistema",
    descripcion: str | None = None,
) -> Recurso:
    """Guarda un archivo en el banco (por sha256); si ya estaba, devuelve el existente."""
    _validar_tamano(contenido)
    firma = detectar_tipo(contenido, nombre_archivo)
    _tipo_compatible(tipo, firma, nombre_archivo)
    sha = hashlib.sha256(contenido).hexdigest()
    existente = s.scalar(select(Recurso).where(Recurso.sha256 == sha))
    if existente is not None:
        log.info("recurso repetido %s: se usa el existente %s", nombre_archivo, existente.id)
        if not ruta_de(existente).is_file():
            # El archivo se perdió (respaldo parcial, borrado a mano): el contenido es el mismo.
            _escribir(ruta_de(existente), contenido)
        return existente
    if evento_id is not None and s.get(Evento, evento_id) is None:
        raise RecursoInvalido(f"no existe el evento {evento_id}")
    recurso = Recurso(
        tipo=firma.tipo,
        nombre_archivo=Path(nombre_archivo).name or f"{sha[:12]}{firma.extension}",
        sha256=sha,
        ruta=f"{sha[:2]}/{sha}{firma.extension}",
        tipo_mime=firma.mime,
        tamano=len(contenido),
        autor=autor,
        descripcion=descripcion,
        etiquetas=normalizar_etiquetas(etiquetas),
        evento_id=evento_id,
    )
    if firma.tipo == TipoRecurso.FOTO and firma.mime != "image/heic":
        _datos_de_imagen(recurso, abrir_imagen(contenido))
    _escribir(cargar().dir_recursos / recurso.ruta, contenido)
    persona = usuario_por_nombre(s, usuario)
    recurso.subido_por_id = persona.id if persona else None
    s.add(recurso)
    s.flush()
    registrar_recurso(s, recurso)
    registrar(s, usuario, "crear", "recurso", recurso.id, {"sha256": [None, sha]})
    return recurso


def _datos_de_imagen(recurso: Recurso, imagen: Image.Image) -> None:
    """Dimensiones, EXIF (sin pisar el autor dado), pHash y miniatura."""
    recurso.ancho, recurso.alto = imagen.size
    exif = leer_exif(imagen)
    recurso.fecha_toma = exif.fecha
    recurso.autor = recurso.autor or exif.autor
    recurso.hash_perceptual = hash_perceptual(imagen)
    recurso.miniatura = _miniatura(imagen, recurso.sha256)


def boletines_con_recurso(s: Session, recurso_id: int) -> list[Boletin]:
    """Los boletines que llevan adjunto el recurso."""
    consulta = (
        select(Boletin)
        .join(boletin_recurso, boletin_recurso.c.boletin_id == Boletin.id)
        .where(boletin_recurso.c.recurso_id == recurso_id)
        .order_by(Boletin.anio, Boletin.numero)
    )
    return list(s.scalars(consulta))


def borrar_recurso(s: Session, recurso_id: int, usuario: str) -> str:
    """Quita el recurso del banco y de los boletines en borrador; devuelve su nombre.

    Si va adjunto a un boletín ya enviado no se borra: es parte de lo que se mandó a los medios.
    El archivo se queda en disco (el banco guarda por sha256 y los respaldos lo conservan).
    """
    recurso = s.get(Recurso, recurso_id)
    if recurso is None:
        raise RecursoInvalido(f"no existe el recurso {recurso_id} en el banco de medios")
    boletines = boletines_con_recurso(s, recurso_id)
    enviados = [b.folio for b in boletines if b.estado == EstadoBoletin.ENVIADO]
    if enviados:
        raise RecursoInvalido(
            f"«{recurso.nombre_archivo}» va en boletines ya enviados ({', '.join(enviados)}): "
            "no se borra"
        )
    cambios: dict[str, list[Any]] = {
        "nombre_archivo": [recurso.nombre_archivo, None],
        "boletines": [[b.folio for b in boletines], None],
    }
    nombre = recurso.nombre_archivo
    for boletin in boletines:
        boletin.recursos.remove(recurso)
    s.delete(recurso)
    registrar(s, usuario, "borrar", "recurso", recurso_id, cambios)
    s.flush()
    return nombre


def ruta_de(recurso: Recurso) -> Path:
    """Ruta absoluta del archivo del recurso."""
    return cargar().dir_recursos / recurso.ruta


def buscar_recursos(
    s: Session,
    *,
    etiqueta: str | None = None,
    texto: str | None = None,
    desde: dt.datetime | None = None,
    hasta: dt.datetime | None = None,
    tipo: TipoRecurso | str | None = None,
    evento_id: int | None = None,
    limite: int | None = None,
) -> list[Recurso]:
    """Recursos por etiqueta exacta, texto (nombre, descripción, autor, etiquetas) y fecha.

    Con `limite`, los primeros (más recientes) que cumplen: la lectura se detiene ahí.
    """
    consulta = select(Recurso).order_by(Recurso.creado_en.desc(), Recurso.id.desc())
    fecha = func.coalesce(Recurso.fecha_toma, Recurso.creado_en)
    if desde is not None:
        consulta = consulta.where(fecha >= desde)
    if hasta is not None:
        consulta = consulta.where(fecha < hasta)
    if tipo is not None:
        consulta = consulta.where(Recurso.tipo == TipoRecurso(tipo))
    if evento_id is not None:
        consulta = consulta.where(Recurso.evento_id == evento_id)
    # Las etiquetas están en JSON: el filtro fino se hace aquí para igual en SQLite y PostgreSQL.
    buscada = normalizar_etiquetas([etiqueta])[0] if etiqueta else None
    cumplen = (
        r
        for r in s.scalars(consulta.execution_options(yield_per=LOTE_BUSQUEDA))
        if (buscada is None or buscada in (r.etiquetas or []))
        and (not (texto and texto.strip()) or _contiene(r, texto))
    )
    return list(islice(cumplen, limite))


def _contiene(recurso: Recurso, texto: str) -> bool:
    """¿El texto aparece en el nombre, la descripción, el autor o las etiquetas?"""
    buscado = texto.strip().lower()
    campos = [recurso.nombre_archivo, recurso.descripcion or "", recurso.autor or ""]
    campos.extend(recurso.etiquetas or [])
    return any(buscado in c.lower() for c in campos)


def fotos_parecidas(
    s: Session, imagen: bytes, distancia_max: int = DISTANCIA_PARECIDA
) -> list[tuple[Recurso, int]]:
    """Nuestras fotos a ≤ distancia_max bits de pHash de la imagen dada, la más parecida primero."""
    buscado = hash_perceptual(abrir_imagen(imagen))
    consulta = select(Recurso).where(Recurso.hash_perceptual.is_not(None))
    parecidas = []
    for recurso in s.scalars(consulta):
        d = distancia(buscado, recurso.hash_perceptual or "")
        if d <= distancia_max:
            parecidas.append((recurso, d))
    return sorted(parecidas, key=lambda par: (par[1], par[0].id))
