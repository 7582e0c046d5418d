"""Captura de impresos: PDF con texto (una nota por página) o imagen y PDF escaneado (OCR)."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import Medio, TipoCaptura, TipoTestigo
from datos.repositorio.capturas import NotaCapturada, buscar_medio, guardar_captura
from datos.repositorio.notas import EstadoGuardado
from rastreadores.cabezas import letras, titulo_de
from rastreadores.importadores import ocr
from rastreadores.importadores.archivos import IMPRESOS, validar_archivo

log = logging.getLogger(__name__)

# Una página con menos letras que esto en su capa de texto es un escaneo con folio o marca de agua
# incrustados (p. ej. «Edición impresa 3»): se manda a OCR y gana el texto con más letras. Una
# página real de diario con texto tiene cientos de letras, así que el umbral no la afecta.
MINIMO_LETRAS_CAPA = 20
Avance = Callable[[int, int], None]


@dataclass(frozen=True)
class PaginaLeida:
    """Texto de una página con cómo se obtuvo y su testigo."""

    numero: int
    texto: str
    captura: TipoCaptura
    testigo: bytes
    extension: str
    tipo_testigo: TipoTestigo


def _textos_pdf(contenido: bytes) -> list[str]:
    """Capa de texto de cada página (vacía si no tiene); ValueError si el PDF no se puede leer."""
    try:
        with pdfplumber.open(io.BytesIO(contenido)) as documento:
            return [(p.extract_text() or "").strip() for p in documento.pages]
    except Exception as exc:  # pdfminer lanza decenas de clases distintas ante PDFs dañados
        raise ValueError(f"no se pudo leer el PDF: {type(exc).__name__}") from exc


def pagina_sola(contenido: bytes, indice: int) -> bytes:
    """PDF de una sola página (la `indice`, desde 0) extraída con pypdfium2; el PDF si es de una."""
    origen = pdfium.PdfDocument(contenido)
    try:
        if len(origen) == 1:
            return contenido
        destino = pdfium.PdfDocument.new()
        destino.import_pages(origen, [indice])
        salida = io.BytesIO()
        destino.save(salida)
        destino.close()
        return salida.getvalue()
    finally:
        origen.close()


def _mejor_con_ocr(contenido: bytes, indice: int, capa: str) -> tuple[str, TipoCaptura]:
    """OCR de la página si da más letras que la capa de texto; sin Tesseract, la capa si hay."""
    try:
        reconocido = ocr.texto_de_pagina_pdf(contenido, indice)
    except ocr.OcrNoDisponible:
        if letras(capa) == 0:
            raise
        log.warning("página %d con poco texto y sin OCR disponible: se usa la capa", indice + 1)
        return capa, TipoCaptura.PDF
    if letras(reconocido) > letras(capa):
        return reconocido, TipoCaptura.OCR
    return capa, TipoCaptura.PDF


def _pagina_pdf(contenido: bytes, indice: int, texto: str, numero: int) -> PaginaLeida:
    """Página de un PDF: su capa de texto si la tiene; si no, OCR de la página rasterizada."""
    captura = TipoCaptura.PDF
    if letras(texto) < MINIMO_LETRAS_CAPA:
        texto, captura = _mejor_con_ocr(contenido, indice, texto)
    testigo = pagina_sola(contenido, indice)
    return PaginaLeida(numero, texto, captura, testigo, "pdf", TipoTestigo.PDF)


def leer_paginas(
    contenido: bytes, tipo: str, primera: int, al_avanzar: Avance | None = None
) -> list[PaginaLeida]:
    """Páginas de un PDF o de una imagen (OCR), numeradas desde `primera`."""
    if tipo != "pdf":
        texto = ocr.texto_de_imagen(contenido)
        return [PaginaLeida(primera, texto, TipoCaptura.OCR, contenido, tipo, TipoTestigo.IMAGEN)]
    textos = _textos_pdf(contenido)
    paginas: list[PaginaLeida] = []
    for indice, texto in enumerate(textos):
        paginas.append(_pagina_pdf(contenido, indice, texto, primera + indice))
        if al_avanzar is not None:
            al_avanzar(indice + 1, len(textos))
    return paginas


def _fecha_edicion(fecha: dt.date) -> dt.datetime:
    """Medianoche del día de la edición en la zona de la oficina."""
    return dt.datetime.combine(fecha, dt.time(0, 0), tzinfo=cargar().zona)


def urn_impreso(medio_id: int, fecha: dt.date, pagina: int) -> str:
    """URN estable de una página impresa: reimportarla no crea duplicados."""
    return f"urn:monitoreo:impreso:{medio_id}:{fecha.isoformat()}:{pagina}"


def _nota_de(pagina: PaginaLeida, medio: Medio, fecha: dt.date) -> NotaCapturada:
    """Datos a guardar de una página leída."""
    return NotaCapturada(
        medio_id=medio.id,
        url_canonica=urn_impreso(medio.id, fecha, pagina.numero),
        titulo=titulo_de(pagina.texto, pagina.numero, medio=medio.nombre),
        texto=pagina.texto,
        tipo_captura=pagina.captura,
        fecha_publicacion=_fecha_edicion(fecha),
        pagina=pagina.numero,
        testigo=pagina.testigo,
        extension_testigo=pagina.extension,
        tipo_testigo=pagina.tipo_testigo,
    )


def capturar_impreso(
    sesion: Session,
    archivo: Path,
    *,
    medio: str,
    fecha: dt.date,
    pagina: int | None = None,
    al_avanzar: Avance | None = None,
) -> list[int]:
    """Una nota por página con texto (PDF u OCR); devuelve los ids creados o actualizados.

    `al_avanzar(hechas, total)` se llama tras leer cada página de un PDF (barra de progreso:
    el OCR tarda segundos por página). Reimportar una página sin cambios no devuelve su id.
    """
    if pagina is not None and pagina < 1:
        raise ValueError(f"el número de página debe ser 1 o mayor: {pagina}")
    destino = buscar_medio(sesion, medio)
    validado = validar_archivo(archivo, IMPRESOS)
    paginas = leer_paginas(validado.contenido, validado.tipo, pagina or 1, al_avanzar)
    con_texto = [p for p in paginas if letras(p.texto) > 0]
    if not con_texto:
        raise ValueError(f"no se encontró texto en {validado.nombre!r} (ni por OCR)")
    ids: list[int] = []
    for leida in con_texto:
        resultado = guardar_captura(sesion, _nota_de(leida, destino, fecha))
        if resultado.estado is not EstadoGuardado.SIN_CAMBIOS:
            ids.append(resultado.nota_id)
    log.info(
        "impreso %s: %d páginas, %d nuevas o cambiadas", validado.nombre, len(paginas), len(ids)
    )
    return ids
