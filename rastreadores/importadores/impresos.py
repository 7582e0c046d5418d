"""Captura de impresos: PDF con texto, imagen o PDF escaneado (OCR); una nota por nota impresa."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import Medio, TipoCaptura, TipoTestigo
from datos.repositorio.capturas import NotaCapturada, buscar_medio, guardar_captura
from datos.repositorio.notas import EstadoGuardado
from rastreadores.cabezas import letras, titulo_de
from rastreadores.importadores import ocr
from rastreadores.importadores.archivos import IMPRESOS, validar_archivo
from rastreadores.maquetacion import (
    NotaImpresa,
    Palabra,
    orden_de_lectura,
    palabras_de_pdf,
    separar_notas,
    texto_de_pagina,
)

log = logging.getLogger(__name__)

# Una página con menos letras que esto en su capa de texto es un escaneo con folio o marca de agua
# incrustados (p. ej. «Edición impresa 3»): se manda a OCR y gana el texto con más letras. Una
# página real de diario con texto tiene cientos de letras, así que el umbral no la afecta.
MINIMO_LETRAS_CAPA = 20
Avance = Callable[[int, int], None]


@dataclass(frozen=True)
class PaginaLeida:
    """Una página con sus notas en orden de lectura, cómo se obtuvo y su testigo."""

    numero: int
    notas: tuple[NotaImpresa, ...]
    captura: TipoCaptura
    testigo: bytes
    extension: str
    tipo_testigo: TipoTestigo

    @property
    def texto(self) -> str:
        """Texto de la página completa en orden de lectura."""
        return texto_de_pagina(self.notas)


def _notas(palabras: list[Palabra], numero: int, medio: str) -> tuple[NotaImpresa, ...]:
    """Notas de la página a partir de sus palabras (por columnas, ver maquetacion)."""
    return tuple(separar_notas(orden_de_lectura(palabras), numero, medio))


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


def _mejor_con_ocr(
    contenido: bytes, indice: int, capa: list[Palabra]
) -> tuple[list[Palabra], TipoCaptura]:
    """OCR de la página si da más letras que la capa de texto; sin Tesseract, la capa si hay."""
    letras_capa = sum(letras(p.texto) for p in capa)
    try:
        reconocidas = ocr.palabras_de_pagina_pdf(contenido, indice)
    except ocr.OcrNoDisponible:
        if letras_capa == 0:
            raise
        log.warning("página %d con poco texto y sin OCR disponible: se usa la capa", indice + 1)
        return capa, TipoCaptura.PDF
    if sum(letras(p.texto) for p in reconocidas) > letras_capa:
        return reconocidas, TipoCaptura.OCR
    return capa, TipoCaptura.PDF


def _pagina_pdf(
    contenido: bytes, indice: int, capa: list[Palabra], numero: int, medio: str
) -> PaginaLeida:
    """Página de un PDF: su capa de texto si la tiene; si no, OCR de la página rasterizada."""
    palabras, captura = capa, TipoCaptura.PDF
    if sum(letras(p.texto) for p in capa) < MINIMO_LETRAS_CAPA:
        palabras, captura = _mejor_con_ocr(contenido, indice, capa)
    testigo = pagina_sola(contenido, indice)
    notas = _notas(palabras, numero, medio)
    return PaginaLeida(numero, notas, captura, testigo, "pdf", TipoTestigo.PDF)


def _exigir_paginas_ocr(capas: list[list[Palabra]]) -> None:
    """Rechaza antes de empezar un PDF con más páginas sin texto de las que se pasan por OCR.

    Un PDF de 19 KB con cientos de páginas vacías se llevó 999 s de OCR: cada página sin capa de
    texto cuesta segundos de Tesseract. El tope (MONITOREO_OCR_PAGINAS) acota el trabajo.
    """
    tope = cargar().ocr_paginas
    sin_texto = sum(1 for capa in capas if sum(letras(p.texto) for p in capa) < MINIMO_LETRAS_CAPA)
    if tope > 0 and sin_texto > tope:
        raise ValueError(
            f"el PDF tiene {sin_texto} páginas sin texto que pasar por OCR y el máximo es {tope} "
            "(MONITOREO_OCR_PAGINAS): divídalo o capture sólo las páginas que importan"
        )


def leer_paginas(
    contenido: bytes,
    tipo: str,
    primera: int,
    al_avanzar: Avance | None = None,
    medio: str = "",
) -> list[PaginaLeida]:
    """Páginas de un PDF o de una imagen (OCR), numeradas desde `primera`, con sus notas."""
    if tipo != "pdf":
        notas = _notas(ocr.palabras_de_imagen(contenido), primera, medio)
        return [PaginaLeida(primera, notas, TipoCaptura.OCR, contenido, tipo, TipoTestigo.IMAGEN)]
    capas = palabras_de_pdf(contenido)
    _exigir_paginas_ocr(capas)
    paginas: list[PaginaLeida] = []
    for indice, capa in enumerate(capas):
        paginas.append(_pagina_pdf(contenido, indice, capa, primera + indice, medio))
        if al_avanzar is not None:
            al_avanzar(indice + 1, len(capas))
    return paginas


def _fecha_edicion(fecha: dt.date) -> dt.datetime:
    """Medianoche del día de la edición en la zona de la oficina."""
    return dt.datetime.combine(fecha, dt.time(0, 0), tzinfo=cargar().zona)


def urn_impreso(medio_id: int, fecha: dt.date, pagina: int, nota: int | None = None) -> str:
    """URN estable de una página impresa (o de su nota `nota` si trae varias)."""
    base = f"urn:monitoreo:impreso:{medio_id}:{fecha.isoformat()}:{pagina}"
    return f"{base}:{nota}" if nota else base


def _notas_de(pagina: PaginaLeida, medio: Medio, fecha: dt.date) -> list[NotaCapturada]:
    """Datos a guardar de una página leída: una nota por nota de la página con texto."""
    notas = [n for n in pagina.notas if letras(n.texto) > 0]
    varias = len(notas) > 1
    return [
        NotaCapturada(
            medio_id=medio.id,
            url_canonica=urn_impreso(medio.id, fecha, pagina.numero, k if varias else None),
            titulo=nota.titulo or titulo_de(nota.texto, pagina.numero, medio=medio.nombre),
            texto=nota.texto,
            tipo_captura=pagina.captura,
            fecha_publicacion=_fecha_edicion(fecha),
            pagina=pagina.numero,
            testigo=pagina.testigo,
            extension_testigo=pagina.extension,
            tipo_testigo=pagina.tipo_testigo,
        )
        for k, nota in enumerate(notas, start=1)
    ]


def capturar_impreso(
    sesion: Session,
    archivo: Path,
    *,
    medio: str,
    fecha: dt.date,
    pagina: int | None = None,
    al_avanzar: Avance | None = None,
) -> list[int]:
    """Una nota por cada nota de cada página con texto (PDF u OCR); ids creados o actualizados.

    `al_avanzar(hechas, total)` se llama tras leer cada página de un PDF (barra de progreso:
    el OCR tarda segundos por página). Reimportar una página sin cambios no devuelve su id.
    """
    if pagina is not None and pagina < 1:
        raise ValueError(f"el número de página debe ser 1 o mayor: {pagina}")
    destino = buscar_medio(sesion, medio)
    validado = validar_archivo(archivo, IMPRESOS)
    paginas = leer_paginas(
        validado.contenido, validado.tipo, pagina or 1, al_avanzar, medio=destino.nombre
    )
    capturas = [c for leida in paginas for c in _notas_de(leida, destino, fecha)]
    if not capturas:
        raise ValueError(f"no se encontró texto en {validado.nombre!r} (ni por OCR)")
    ids: list[int] = []
    for captura in capturas:
        resultado = guardar_captura(sesion, captura)
        if resultado.estado is not EstadoGuardado.SIN_CAMBIOS:
            ids.append(resultado.nota_id)
    log.info(
        "impreso %s: %d páginas, %d nuevas o cambiadas", validado.nombre, len(paginas), len(ids)
    )
    return ids
