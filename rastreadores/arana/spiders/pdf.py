"""Araña de ediciones PDF (e-paper): cada nota de cada página es una nota; el testigo es el PDF."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.http import Request, Response, TextResponse
from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import TipoCaptura, TipoFuente, TipoTestigo, ahora
from datos.repositorio.notas import existe_prefijo
from datos.sesion import motor
from rastreadores.arana.items import ContextoFuente, Enlace, ItemNota
from rastreadores.arana.spiders.base import (
    MAXIMO_ENLACES_POR_FUENTE,
    AranaBase,
    ErrorDeFuente,
    es_http,
)
from rastreadores.cabezas import titulo_de
from rastreadores.fechas import fecha_en_espanol
from rastreadores.maquetacion import (
    NotaImpresa,
    orden_de_lectura,
    palabras_de_pdf,
    separar_notas,
    texto_de_pagina,
)
from rastreadores.urls import canonizar

log = logging.getLogger(__name__)

# Los diarios regionales revisados tienen 16-48 páginas; más de 200 es otra cosa (un libro, un
# anuario) y procesarlo bloquearía el rastreo varios minutos.
MAXIMO_PAGINAS_PDF = 200
_NOTA_EN_PAGINA = re.compile(r"&nota=\d+$")
_FECHA_ISO = re.compile(r"(?<!\d)(\d{4})[-_](\d{2})[-_](\d{2})(?!\d)")


class PdfIlegible(Exception):
    """pdfplumber no pudo abrir o leer el PDF."""


def es_pdf(response: Response) -> bool:
    """¿La respuesta es un PDF (por firma o por tipo)?"""
    tipo = (response.headers.get("Content-Type") or b"").lower()
    return response.body.startswith(b"%PDF-") or b"application/pdf" in tipo


def notas_pdf(contenido: bytes, medio: str = "") -> list[list[NotaImpresa]]:
    """Notas de cada página del PDF en orden de lectura (vacía si la página no tiene texto)."""
    try:
        paginas = palabras_de_pdf(contenido, MAXIMO_PAGINAS_PDF)
    except ValueError as exc:
        raise PdfIlegible(f"PDF ilegible: {exc}") from exc
    return [
        separar_notas(orden_de_lectura(palabras), numero, medio)
        for numero, palabras in enumerate(paginas, start=1)
    ]


def _canonica_de_nota(base: str, pagina: int, nota: int, cuantas: int) -> str:
    """`<pdf>#pagina=N`, o `<pdf>#pagina=N&nota=K` si la página trae varias notas."""
    return f"{base}#pagina={pagina}" + (f"&nota={nota}" if cuantas > 1 else "")


def url_de_la_pagina(canonica: str) -> str:
    """URL de la página a la que pertenece una nota impresa (`...#pagina=N`, sin `&nota=K`)."""
    return _NOTA_EN_PAGINA.sub("", canonica)


def fecha_edicion(url: str, textos: list[str], zona: Any) -> dt.datetime | None:
    """Fecha de la edición: AAAA-MM-DD en el nombre del archivo o la primera fecha del texto."""
    nombre = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    if m := _FECHA_ISO.search(nombre):
        try:
            return dt.datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=zona)
        except ValueError:
            pass
    for texto in textos[:2]:
        if fecha := fecha_en_espanol(texto[:2000], ahora(), zona):
            return fecha
    return None


def _es_enlace_pdf(url: str) -> bool:
    """¿El enlace apunta a un .pdf?"""
    return urlsplit(url).path.lower().endswith(".pdf")


class AranaPdf(AranaBase):
    """Lee índices de ediciones (o PDFs directos) y crea una nota por página con texto."""

    name = "pdf"
    tipo_fuente = TipoFuente.PDF
    tipo_captura = TipoCaptura.PDF

    def procesar_fuente(self, response: Response, fuente: ContextoFuente) -> Iterable[Any]:
        """Páginas del PDF si la fuente es un PDF; si es un índice, peticiones a sus PDFs."""
        if es_pdf(response):
            self.estados[fuente.fuente_id].intentadas += 1
            return self.paginas(response, fuente, Enlace(url=response.url))
        if not isinstance(response, TextResponse):
            raise ErrorDeFuente("la fuente no es un PDF ni un índice HTML")
        urls = [response.urljoin(h.strip()) for h in response.css("a::attr(href)").getall()]
        pdfs = [Enlace(url=u) for u in dict.fromkeys(urls) if es_http(u) and _es_enlace_pdf(u)]
        peticiones = (self.peticion_pdf(e, fuente) for e in pdfs[:MAXIMO_ENLACES_POR_FUENTE])
        return [p for p in peticiones if p is not None]

    def peticion_pdf(self, enlace: Enlace, fuente: ContextoFuente) -> Request | None:
        """Petición del PDF, salvo que sus páginas ya estén en la base."""
        canonica = canonizar(enlace.url)
        if canonica in self._pedidas:
            return None
        self._pedidas.add(canonica)
        with Session(motor()) as s:
            if existe_prefijo(s, f"{canonica}#pagina="):
                self.anotar(fuente, "omitida", enlace.url)
                return None
        self.estados[fuente.fuente_id].intentadas += 1
        return Request(
            enlace.url,
            callback=self.parse_pdf,
            errback=self.falla_nota,
            cb_kwargs={"fuente": fuente, "enlace": enlace},
            dont_filter=True,
        )

    def parse_pdf(
        self, response: Response, fuente: ContextoFuente, enlace: Enlace
    ) -> Iterator[ItemNota]:
        """Una nota por página del PDF descargado."""
        if not es_pdf(response):
            self.nota_fallida(fuente, "el enlace no es un PDF", response.url)
            return
        yield from self.paginas(response, fuente, enlace)

    def paginas(
        self, response: Response, fuente: ContextoFuente, enlace: Enlace
    ) -> Iterator[ItemNota]:
        """Items de las páginas con texto; el PDF completo viaja como testigo de cada una."""
        try:
            paginas = notas_pdf(response.body, fuente.medio)
        except PdfIlegible as exc:
            self.nota_fallida(fuente, str(exc), response.url)
            return
        textos = [texto_de_pagina(notas) for notas in paginas]
        fecha = fecha_edicion(response.url, textos, cargar().zona)
        base = canonizar(response.url)
        for numero, notas in enumerate(paginas, start=1):
            con_texto = [n for n in notas if n.texto.strip()]
            for k, nota in enumerate(con_texto, start=1):
                yield ItemNota(
                    fuente=fuente,
                    enlace=enlace,
                    url_respuesta=response.url,
                    cuerpo=response.body,
                    content_type="application/pdf",
                    tipo_captura=TipoCaptura.PDF,
                    tipo_testigo=TipoTestigo.PDF,
                    canonica=_canonica_de_nota(base, numero, k, len(con_texto)),
                    pagina=numero,
                    titulo=nota.titulo or titulo_de(nota.texto, numero, medio=fuente.medio),
                    texto=nota.texto.strip(),
                    fecha=fecha,
                )
