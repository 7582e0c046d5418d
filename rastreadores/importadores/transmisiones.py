"""Radio, televisión y clips manuales: captura de uno en uno o importación de una tabla.

Un clip con folio de boletín crea una retoma *confirmada* de nivel `reescrita`: lo que se dice al
aire nunca es copia textual del boletín, y quien captura el clip es quien afirma la relación (el
análisis automático no la toca). La fidelidad queda vacía (None) porque no se mide sobre un resumen.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import Medio, TipoCaptura, TipoMedio, TipoTestigo
from datos.repositorio.capturas import (
    NotaCapturada,
    buscar_boletin,
    buscar_medio,
    confirmar_retoma,
    guardar_captura,
)
from datos.repositorio.notas import EstadoGuardado, ResultadoGuardado
from rastreadores.importadores.archivos import AUDIOS, validar_archivo
from rastreadores.importadores.tabla import (
    Fila,
    celda_entero,
    celda_fecha,
    celda_hora,
    celda_texto,
    leer_tabla,
    ubicar_columnas,
)

log = logging.getLogger(__name__)

# Un noticiero completo dura a lo más 3 h; una "duración" mayor es un error de captura (p. ej.
# segundos escritos como milisegundos).
DURACION_MAXIMA = 6 * 3600
LARGO_MAXIMO_TITULO = 200
_DURACION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_MINUTOS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(s|seg|segundos?|min|minutos?)\.?$", re.IGNORECASE)

# Encabezados aceptados por campo (se comparan sin acentos, mayúsculas ni signos).
ALIAS_CLIPS: dict[str, tuple[str, ...]] = {
    "medio": ("medio", "emisora", "estación", "canal", "media", "outlet", "station", "channel"),
    "programa": ("programa", "noticiero", "espacio", "program", "show"),
    "fecha": ("fecha", "día", "fecha de transmisión", "date", "air date"),
    "hora": ("hora", "hora de inicio", "inicio", "time", "start", "start time"),
    "duracion": (
        "duración", "duración (segundos)", "duración (s)", "duración (seg)", "segundos",
        "duration", "duration (sec)", "duration (seconds)", "length",
    ),
    "titulo": ("título", "encabezado", "tema", "title", "headline"),
    "texto": (
        "texto", "resumen", "síntesis", "descripción", "transcripción",
        "text", "summary", "description", "transcript",
    ),
    "boletin": ("boletín", "folio", "folio del boletín", "número de boletín", "bulletin"),
    "url": ("url", "enlace", "liga", "link"),
}  # fmt: skip
_TIPOS_POR_MEDIO = {
    TipoMedio.RADIO: TipoCaptura.RADIO,
    TipoMedio.TELEVISION: TipoCaptura.TELEVISION,
}


@dataclass
class Clip:
    """Mención en radio o TV (o clip manual): cuándo, cuánto, qué se dijo y su prueba."""

    medio: str
    programa: str | None
    inicio: dt.datetime
    duracion_segundos: int | None
    titulo: str
    texto: str
    audio: Path | None = None
    boletin: str | None = None  # folio NNN/AAAA: crea una retoma confirmada «reescrita»
    url: str | None = None


@dataclass
class ResultadoImportacion:
    """Resumen de una importación: guardadas (nuevas o con texto nuevo), repetidas y errores.

    Los errores son (número de línea del archivo, motivo); la línea 1 es la de encabezados.
    """

    guardadas: int = 0
    repetidas: int = 0
    errores: list[tuple[int, str]] = field(default_factory=list)


def validar_url_http(url: str) -> str:
    """La URL sin espacios si es http(s) con host; ValueError si no."""
    limpia = url.strip()
    partes = urlsplit(limpia)
    if partes.scheme.lower() not in {"http", "https"} or not partes.hostname:
        raise ValueError(f"la URL debe empezar con http:// o https://: {limpia!r}")
    return limpia


def _tipo_captura(medio: Medio) -> TipoCaptura:
    """radio o television según el medio; manual para los demás."""
    return _TIPOS_POR_MEDIO.get(medio.tipo, TipoCaptura.MANUAL)


def urn_clip(tipo: TipoCaptura, medio_id: int, inicio: dt.datetime) -> str:
    """URN estable del clip: mismo medio y mismo inicio (en UTC) es el mismo clip."""
    momento = inicio.astimezone(dt.UTC).isoformat(timespec="seconds")
    return f"urn:monitoreo:{tipo.value}:{medio_id}:{momento}"


def _validar_clip(clip: Clip) -> tuple[str, str]:
    """Revisa el clip y devuelve (título, texto) limpios; ValueError con el motivo."""
    if clip.inicio.tzinfo is None:
        raise ValueError("la hora de inicio del clip no tiene zona horaria")
    duracion = clip.duracion_segundos
    if duracion is not None and not 0 <= duracion <= DURACION_MAXIMA:
        raise ValueError(f"duración fuera de rango: {duracion} s (0 a {DURACION_MAXIMA} s)")
    titulo, texto = " ".join(clip.titulo.split()), clip.texto.strip()
    if not titulo and not texto:
        raise ValueError("el clip no tiene título ni texto")
    return (titulo or " ".join(texto.split())[:LARGO_MAXIMO_TITULO]), (texto or titulo)


def _nota_clip(clip: Clip, medio: Medio, titulo: str, texto: str) -> NotaCapturada:
    """Datos a guardar de un clip (con su audio como testigo si lo trae)."""
    tipo = _tipo_captura(medio)
    datos = NotaCapturada(
        medio_id=medio.id,
        url_canonica=urn_clip(tipo, medio.id, clip.inicio),
        url_original=validar_url_http(clip.url) if clip.url else None,
        titulo=titulo[:LARGO_MAXIMO_TITULO],
        texto=texto,
        tipo_captura=tipo,
        fecha_publicacion=clip.inicio,
        programa=(clip.programa or "").strip() or None,
        duracion_segundos=clip.duracion_segundos,
        tipo_testigo=TipoTestigo.AUDIO,
    )
    if clip.audio is not None:
        audio = validar_archivo(clip.audio, AUDIOS)
        datos.testigo, datos.extension_testigo = audio.contenido, audio.tipo
    return datos


def _guardar(sesion: Session, clip: Clip) -> ResultadoGuardado:
    """Valida, guarda el clip y, si trae folio, confirma la retoma del boletín."""
    titulo, texto = _validar_clip(clip)
    medio = buscar_medio(sesion, clip.medio)
    boletin = buscar_boletin(sesion, clip.boletin) if clip.boletin else None
    resultado = guardar_captura(sesion, _nota_clip(clip, medio, titulo, texto))
    if boletin is not None:
        confirmar_retoma(sesion, resultado.nota_id, boletin)
    return resultado


def guardar_clip(sesion: Session, clip: Clip) -> int:
    """Guarda un clip de radio/TV o manual y devuelve el id de su nota."""
    return _guardar(sesion, clip).nota_id


def celda_duracion(valor: Any) -> int | None:
    """Segundos de «90», «1:30», «01:02:03», «2 min» o «45 s»; None si está vacía."""
    texto = celda_texto(valor)
    if texto is None:
        return None
    if m := _DURACION.match(texto):
        return int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])
    if m := _MINUTOS.match(texto):
        cantidad = float(m[1].replace(",", "."))
        return round(cantidad * (60 if m[2].lower().startswith("min") else 1))
    try:
        return celda_entero(valor)
    except ValueError as exc:
        raise ValueError(f"duración inválida: {texto!r} (use segundos o MM:SS)") from exc


def inicio_de_fila(valores: Mapping[str, Any], columnas: Mapping[str, str]) -> dt.datetime:
    """Fecha y hora de la fila en la zona de la oficina."""
    fecha, hora = celda_fecha(valores.get(columnas["fecha"]))
    if "hora" in columnas and celda_texto(valores.get(columnas["hora"])) is not None:
        hora = celda_hora(valores.get(columnas["hora"]))
    if hora is None:
        raise ValueError("falta la hora de transmisión")
    inicio = dt.datetime.combine(fecha, hora.replace(tzinfo=None))
    return inicio.replace(tzinfo=hora.tzinfo or cargar().zona)


def _clip_de_fila(valores: Mapping[str, Any], columnas: Mapping[str, str]) -> Clip:
    """Clip a partir de una fila; ValueError con el motivo si algo no sirve."""

    def campo(nombre: str) -> str | None:
        return celda_texto(valores.get(columnas[nombre])) if nombre in columnas else None

    medio = campo("medio")
    if medio is None:
        raise ValueError("falta el medio")
    return Clip(
        medio=medio,
        programa=campo("programa"),
        inicio=inicio_de_fila(valores, columnas),
        duracion_segundos=celda_duracion(valores.get(columnas.get("duracion", ""))),
        titulo=campo("titulo") or "",
        texto=campo("texto") or "",
        boletin=campo("boletin"),
        url=campo("url"),
    )


def _exigir_columnas(columnas: Mapping[str, str]) -> None:
    """ValueError si faltan las columnas mínimas (medio, fecha y título o texto)."""
    faltan = [c for c in ("medio", "fecha") if c not in columnas]
    if "titulo" not in columnas and "texto" not in columnas:
        faltan.append("título o texto")
    if faltan:
        raise ValueError(f"faltan columnas en el archivo: {', '.join(faltan)}")


def _importar_fila(sesion: Session, fila: Fila, columnas: Mapping[str, str]) -> bool:
    """Guarda una fila en su propio SAVEPOINT; False si ya estaba igual (repetida)."""
    clip = _clip_de_fila(fila.valores, columnas)
    with sesion.begin_nested():
        resultado = _guardar(sesion, clip)
    return resultado.estado is not EstadoGuardado.SIN_CAMBIOS


def importar_clips(sesion: Session, archivo: Path) -> ResultadoImportacion:
    """Importa clips de un CSV o Excel; cada fila mala se reporta con su línea y motivo."""
    tabla = leer_tabla(archivo)
    columnas = ubicar_columnas(tabla, ALIAS_CLIPS)
    _exigir_columnas(columnas)
    resultado = ResultadoImportacion()
    for fila in tabla.filas:
        try:
            nueva = _importar_fila(sesion, fila, columnas)
        except IntegrityError as exc:
            resultado.errores.append((fila.linea, f"la base rechazó la fila: {exc.orig}"))
            continue
        except ValueError as exc:
            resultado.errores.append((fila.linea, str(exc)))
            continue
        resultado.guardadas += nueva
        resultado.repetidas += not nueva
    log.info("clips de %s: %s", archivo.name, resultado)
    return resultado
