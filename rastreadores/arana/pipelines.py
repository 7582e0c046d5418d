"""Pipelines de una sola responsabilidad: validar, deduplicar, extraer, testigo y guardar."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import TipoCaptura, TipoTestigo, ahora
from datos.repositorio.notas import (
    NotaWeb,
    ResultadoGuardado,
    guardar_nota_web,
    hash_texto,
    hash_vigente,
)
from datos.sesion import motor, sesion
from datos.testigos import guardar_testigo
from rastreadores.arana.items import ItemNota
from rastreadores.eventos import POR_GUARDADO
from rastreadores.extraccion import Extraccion, es_pagina_de_nota, extraer
from rastreadores.fechas import conciliar_fechas
from rastreadores.urls import canonizar, elegir_canonica

log = logging.getLogger(__name__)

# Dos procesos (rastreo repartido con Redis) pueden insertar la misma canónica a la vez: el segundo
# choca con la restricción única; al reintentar ya la encuentra y la trata como existente. Con 2
# intentos basta: el choque sólo ocurre contra una fila ya confirmada.
INTENTOS_GUARDADO = 2
_TIPOS_HTML = (b"text/html", b"application/xhtml", b"text/plain")


class _Pipeline:
    """Base: guarda el crawler y sabe contar descartes en la araña."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        """Constructor que usa Scrapy."""
        return cls(crawler)

    def descartar(self, item: ItemNota, motivo: str, *, error: bool) -> DropItem:
        """Cuenta el descarte (como error de la nota o sólo como descartada) y lo devuelve."""
        arana: Any = self.crawler.spider
        if error:
            arana.nota_fallida(item.fuente, motivo, item.url_respuesta)
        else:
            arana.anotar(item.fuente, "descartada", item.url_respuesta, motivo)
        return DropItem(f"{motivo}: {item.url_respuesta}")


class ValidarPipeline(_Pipeline):
    """Descarta respuestas vacías o que no son HTML (o PDF en su araña)."""

    def process_item(self, item: ItemNota) -> ItemNota:
        """Valida cuerpo y tipo de contenido."""
        if not item.cuerpo:
            raise self.descartar(item, "respuesta vacía", error=True)
        if item.tipo_testigo is TipoTestigo.HTML and not _parece_html(item):
            raise self.descartar(item, "no es una página HTML", error=False)
        return item


def _parece_html(item: ItemNota) -> bool:
    """¿Tipo de contenido HTML (o sin tipo y con etiquetas)?"""
    tipo = (item.content_type or "").lower().encode()
    if tipo:
        return any(t in tipo for t in _TIPOS_HTML)
    return b"<" in item.cuerpo[:2048]


class DeduplicarPipeline(_Pipeline):
    """Descarta lo ya procesado en este rastreo (dos enlaces que terminan en la misma nota)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.vistas: set[str] = set()

    def process_item(self, item: ItemNota) -> ItemNota:
        """Clave: canónica (páginas de PDF) o URL final más el sha256 del cuerpo."""
        sha = hashlib.sha256(item.cuerpo).hexdigest()
        clave = item.canonica or f"{canonizar(item.url_respuesta)} {sha}"
        if clave in self.vistas:
            raise self.descartar(item, "repetida en este rastreo", error=False)
        self.vistas.add(clave)
        return item


class ExtraerPipeline(_Pipeline):
    """Título, texto, fecha, autor y canónica final de la página (las de PDF ya traen texto)."""

    def process_item(self, item: ItemNota) -> ItemNota:
        """Extrae y calcula la huella del contenido."""
        if item.texto is None:
            self._extraer(item)
        if not item.texto or not item.titulo:
            raise self.descartar(item, "sin título o sin texto de nota", error=False)
        item.huella = hash_texto(item.titulo, item.texto)
        return item

    def _extraer(self, item: ItemNota) -> None:
        """Llena el item con la extracción de la página."""
        ex = extraer(
            item.cuerpo,
            item.url_respuesta,
            content_type=item.content_type,
            selectores=item.fuente.selectores,
            fundado=item.fuente.fundado,
            ahora=ahora().astimezone(cargar().zona),
        )
        if item.tipo_captura is TipoCaptura.SECCION and not es_pagina_de_nota(ex):
            raise self.descartar(item, "la página no parece una nota", error=False)
        item.canonica = elegir_canonica(item.url_respuesta, ex.canonica)
        item.titulo = ex.titulo or item.enlace.titulo
        item.texto = ex.texto
        item.fecha = conciliar_fechas(ex.fecha, item.enlace.fecha)
        item.autor = ex.autor
        item.imagenes = _imagenes(ex)


def _imagenes(ex: Extraccion) -> list[dict[str, Any]]:
    """Imágenes de la nota como lista de diccionarios para la columna JSON."""
    return [{"url": url} for url in ex.imagenes]


class TestigoPipeline(_Pipeline):
    """Guarda el testigo (HTML comprimido o PDF) salvo que la nota no haya cambiado."""

    def process_item(self, item: ItemNota) -> ItemNota:
        """Compara con la huella vigente y guarda el archivo sólo si hace falta."""
        assert item.canonica is not None
        with Session(motor()) as s:
            item.sin_cambios = hash_vigente(s, item.canonica) == item.huella
        if not item.sin_cambios:
            comprimir = item.tipo_testigo is TipoTestigo.HTML
            extension = "html" if comprimir else "pdf"
            item.testigo = guardar_testigo(item.cuerpo, comprimir=comprimir, extension=extension)
        return item


class GuardarPipeline(_Pipeline):
    """Guarda la nota con commit propio: lo guardado sobrevive aunque el proceso muera después."""

    def process_item(self, item: ItemNota) -> ItemNota:
        """Inserta, versiona o deja igual; cuenta el resultado."""
        arana: Any = self.crawler.spider
        if item.sin_cambios:
            arana.nota_guardada(item.fuente, "nota_sin_cambios", item.url_respuesta)
            return item
        try:
            resultado = guardar_con_reintento(_nota_web(item))
        except SQLAlchemyError as exc:
            log.exception("no se pudo guardar %s", item.url_respuesta)
            motivo = f"error de base de datos: {type(exc).__name__}"
            raise self.descartar(item, motivo, error=True) from exc
        arana.nota_guardada(item.fuente, POR_GUARDADO[resultado.estado], item.url_respuesta)
        return item


def guardar_con_reintento(nota: NotaWeb) -> ResultadoGuardado:
    """Guarda la nota con commit propio; si otro proceso la insertó a la vez, reintenta."""
    for intento in range(1, INTENTOS_GUARDADO + 1):
        try:
            with sesion() as s:
                return guardar_nota_web(s, nota)
        except IntegrityError:
            if intento == INTENTOS_GUARDADO:
                raise
            log.info("otro proceso guardó %s a la vez; se reintenta", nota.url_canonica)
    raise AssertionError("inalcanzable")


def _nota_web(item: ItemNota) -> NotaWeb:
    """Convierte el item ya extraído en los datos que guarda el repositorio."""
    assert item.canonica is not None and item.titulo is not None and item.texto is not None
    return NotaWeb(
        medio_id=item.fuente.medio_id,
        fuente_id=item.fuente.fuente_id,
        url_canonica=item.canonica,
        url_original=item.enlace.url,
        titulo=item.titulo,
        texto=item.texto,
        tipo_captura=item.tipo_captura,
        resumen=item.enlace.resumen,
        autor=item.autor,
        fecha_publicacion=item.fecha,
        pagina=item.pagina,
        imagenes=item.imagenes,
        testigo=item.testigo,
        tipo_testigo=item.tipo_testigo,
        capturado_en=ahora(),
    )
