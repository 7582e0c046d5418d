"""Araña base: lee las fuentes de la base, pide con GET condicional y lleva la salud por fuente."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from sqlalchemy.orm import Session

from datos.modelos import TipoCaptura, TipoFuente, ahora
from datos.repositorio.fuentes import fuentes_vencidas, registrar_exito, registrar_falla
from datos.repositorio.notas import Capturas, capturas_nota, marcar_revisada
from datos.sesion import motor, sesion
from rastreadores.arana.fallas import motivo_de
from rastreadores.arana.items import AVANCE, ContextoFuente, Enlace, ItemNota
from rastreadores.eventos import ESTADISTICA
from rastreadores.urls import canonizar

log = logging.getLogger(__name__)

# Tope de notas nuevas pedidas por fuente y rastreo: un sitemap de archivo con 50 mil URLs no debe
# volverse 50 mil peticiones a un medio pequeño (un diario regional publica < 100 notas al día).
MAXIMO_ENLACES_POR_FUENTE = 200
# Una nota ya guardada sólo se vuelve a pedir (para ver si la editaron) durante sus primeros días:
# los medios corrigen cifras, cabezas o añaden fe de erratas en las primeras horas o días; después,
# un sitemap de archivo que re-fecha miles de URLs viejas (migración de CMS, cambio de plantilla)
# no debe disparar un re-rastreo masivo.
DIAS_REVISION_EDICIONES = 7
# Tope de notas guardadas que se vuelven a pedir por fuente y rastreo: aun dentro de la ventana, un
# feed que marca como actualizadas todas sus entradas a la vez no debe duplicar la carga al medio.
MAXIMO_REVISIONES_POR_FUENTE = 30
# Entre dos revisiones de la misma nota pasan al menos estas horas: hay CMS que ponen como fecha de
# actualización de cada entrada la hora en que generan el feed, y sin esta pausa cada rastreo (cada
# 30 minutos) volvería a pedir las mismas notas. Con 6 h son a lo más 4 por nota y día.
HORAS_ENTRE_REVISIONES = 6


class ErrorDeFuente(Exception):
    """La fuente respondió pero su contenido no se puede usar (feed ilegible, PDF dañado...)."""


@dataclass
class EstadoFuente:
    """Lo que pasó con una fuente en este rastreo, para registrar su salud al cerrar."""

    contexto: ContextoFuente
    etag: str | None = None
    ultima_modificacion: str | None = None
    falla: str | None = None
    intentadas: int = 0
    fallidas: int = 0
    nuevas: int = 0
    motivos: list[str] = field(default_factory=list)


def _cabecera(response: Response, nombre: str) -> str | None:
    """Valor de una cabecera como texto, o None."""
    valor = response.headers.get(nombre)
    if not valor:
        return None
    return valor.decode("latin-1").strip() or None


def url_pedida(peticion: Request) -> str:
    """La URL que se pidió originalmente (antes de redirecciones): la que el personal reconoce."""
    redirecciones = peticion.meta.get("redirect_urls") or [peticion.url]
    return str(redirecciones[0])


def es_http(url: str) -> bool:
    """¿Es una URL http(s) con host?"""
    partes = urlsplit(url)
    return partes.scheme in ("http", "https") and bool(partes.netloc)


class AranaBase(scrapy.Spider):
    """Una estrategia de recolección aplicada a todas las fuentes vencidas de su tipo."""

    tipo_fuente: ClassVar[TipoFuente]
    tipo_captura: ClassVar[TipoCaptura]

    def __init__(
        self,
        *args: Any,
        medio: str | None = None,
        todas: bool = False,
        pedidas: set[str] | None = None,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self.medio = medio
        self.todas = todas
        self.estados: dict[int, EstadoFuente] = {}
        # Canónicas ya pedidas; el proceso comparte el conjunto entre arañas para que una nota que
        # está en el feed y en el sitemap se descargue una sola vez.
        self._pedidas: set[str] = pedidas if pedidas is not None else set()
        # Notas guardadas que se volvieron a pedir, por fuente (tope MAXIMO_REVISIONES_POR_FUENTE).
        self._revisiones: Counter[int] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Conecta el aviso de errores inesperados en las pipelines."""
        arana = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(arana.error_en_item, signal=signals.item_error)
        return arana

    def error_en_item(self, item: Any, response: Any, failure: Any) -> None:
        """Una pipeline falló de forma inesperada: cuenta el error y el rastreo sigue."""
        if isinstance(item, ItemNota):
            self.nota_fallida(
                item.fuente, f"error interno: {motivo_de(failure)}", item.url_respuesta
            )

    # --- fuentes -------------------------------------------------------------------------------

    def cargar_fuentes(self) -> list[ContextoFuente]:
        """Fuentes vencidas (o todas) de este tipo, opcionalmente de un solo medio."""
        with sesion() as s:
            filas = fuentes_vencidas(
                s, ahora(), self.medio, tipo=self.tipo_fuente, todas=self.todas
            )
            return [ContextoFuente.de_fuente(f) for f in filas]

    async def start(self) -> AsyncIterator[Any]:
        """Una petición condicional por fuente."""
        for contexto in self.cargar_fuentes():
            self.estados[contexto.fuente_id] = EstadoFuente(
                contexto, contexto.etag, contexto.ultima_modificacion
            )
            yield self.peticion_fuente(contexto)

    def peticion_fuente(self, fuente: ContextoFuente) -> Request:
        """GET condicional (If-None-Match / If-Modified-Since) de la fuente."""
        cabeceras = {}
        if fuente.etag:
            cabeceras["If-None-Match"] = fuente.etag
        if fuente.ultima_modificacion:
            cabeceras["If-Modified-Since"] = fuente.ultima_modificacion
        return Request(
            fuente.url,
            callback=self.parse_fuente,
            errback=self.falla_fuente,
            headers=cabeceras,
            cb_kwargs={"fuente": fuente},
            meta={"handle_httpstatus_list": [304]},
            dont_filter=True,
        )

    def parse_fuente(self, response: Response, fuente: ContextoFuente) -> Iterator[Any]:
        """Procesa la fuente salvo que no haya cambiado (304)."""
        estado = self.estados[fuente.fuente_id]
        if response.status == 304:
            self.anotar(fuente, "fuente_sin_cambios", response.url)
            return
        estado.etag = _cabecera(response, "ETag")
        estado.ultima_modificacion = _cabecera(response, "Last-Modified")
        try:
            resultados = list(self.procesar_fuente(response, fuente))
        except ErrorDeFuente as exc:
            self.fallo_de_fuente(fuente, str(exc), response.url)
            return
        except Exception as exc:  # un documento hostil no debe dejar la fuente como sana
            log.exception("error al procesar la fuente %s", response.url)
            self.fallo_de_fuente(fuente, f"error interno: {motivo_de(exc)}", response.url)
            return
        self.anotar(fuente, "fuente_lista", response.url)
        yield from resultados

    def procesar_fuente(self, response: Response, fuente: ContextoFuente) -> Iterable[Any]:
        """Peticiones de notas a partir de los enlaces de la fuente."""
        enlaces = self.enlaces(response, fuente)
        for enlace in _primeros(enlaces, MAXIMO_ENLACES_POR_FUENTE):
            peticion = self.peticion_nota(enlace, fuente)
            if peticion is not None:
                yield peticion

    def enlaces(self, response: Response, fuente: ContextoFuente) -> Iterable[Enlace]:
        """Enlaces a notas de la respuesta de la fuente (cada estrategia lo define)."""
        raise NotImplementedError

    def falla_fuente(self, falla: Any) -> None:
        """Errback de la fuente: la falla queda con su motivo."""
        fuente: ContextoFuente = falla.request.cb_kwargs["fuente"]
        self.fallo_de_fuente(fuente, motivo_de(falla), url_pedida(falla.request))

    def fallo_de_fuente(self, fuente: ContextoFuente, motivo: str, url: str | None) -> None:
        """Registra en memoria que la fuente falló (se guarda al cerrar)."""
        self.estados[fuente.fuente_id].falla = motivo
        self.anotar(fuente, "fuente_error", url, motivo)

    # --- notas ---------------------------------------------------------------------------------

    def capturas(self, url_canonica: str) -> Capturas | None:
        """Capturas de la nota si ya está en la base (sesión corta: sin instantáneas de SQLite)."""
        with Session(motor()) as s:
            return capturas_nota(s, url_canonica)

    def peticion_nota(self, enlace: Enlace, fuente: ContextoFuente) -> Request | None:
        """Petición de una nota nueva o revisión de una guardada; None si ya se pidió o no toca."""
        if not es_http(enlace.url):
            return None
        canonica = canonizar(enlace.url)
        if canonica in self._pedidas:
            return None
        self._pedidas.add(canonica)
        capturas = self.capturas(canonica)
        if capturas is not None and not self.toca_revision(enlace, fuente, capturas):
            self.anotar(fuente, "omitida", enlace.url)
            return None
        self.estados[fuente.fuente_id].intentadas += 1
        if capturas is None:
            return self._peticion(enlace, fuente, self.parse_nota)
        with Session(motor()) as s, s.begin():
            marcar_revisada(s, canonica, ahora())
        return self.peticion_revision(enlace, fuente, capturas.vigente)

    def toca_revision(self, enlace: Enlace, fuente: ContextoFuente, capturas: Capturas) -> bool:
        """¿El medio declara una edición que no hemos visto, dentro de la ventana y el tope?"""
        actualizada = _con_zona(enlace.actualizada)
        if actualizada is None or not _revisable(capturas, actualizada, ahora()):
            return False
        if self._revisiones[fuente.fuente_id] >= MAXIMO_REVISIONES_POR_FUENTE:
            return False
        self._revisiones[fuente.fuente_id] += 1
        return True

    def peticion_revision(
        self, enlace: Enlace, fuente: ContextoFuente, capturada: dt.datetime
    ) -> Request:
        """GET condicional de una nota guardada: el medio responde 304 si no cambió desde ahí."""
        desde = format_datetime(capturada.astimezone(dt.UTC), usegmt=True)
        return self._peticion(
            enlace,
            fuente,
            self.parse_revision,
            cabeceras={"If-Modified-Since": desde},
            meta={"handle_httpstatus_list": [304]},
        )

    def _peticion(
        self,
        enlace: Enlace,
        fuente: ContextoFuente,
        callback: Callable[..., Any],
        cabeceras: dict[str, str] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Request:
        """Petición de la nota con su contexto en cb_kwargs."""
        return Request(
            enlace.url,
            callback=callback,
            errback=self.falla_nota,
            headers=cabeceras,
            cb_kwargs={"fuente": fuente, "enlace": enlace},
            meta=meta,
            # Ya se deduplicó con la canónica; sin el filtro, un bucle de redirecciones llega al
            # tope de REDIRECT_MAX_TIMES y se cuenta como error en vez de perderse en silencio.
            dont_filter=True,
        )

    def parse_revision(
        self, response: Response, fuente: ContextoFuente, enlace: Enlace
    ) -> Iterator[ItemNota]:
        """304: la nota no cambió desde la captura; 200: sigue como cualquier nota."""
        if response.status == 304:
            self.nota_guardada(fuente, "nota_sin_cambios", response.url)
            return
        yield self.parse_nota(response, fuente, enlace)

    def parse_nota(self, response: Response, fuente: ContextoFuente, enlace: Enlace) -> ItemNota:
        """Empaca la respuesta para las pipelines."""
        return ItemNota(
            fuente=fuente,
            enlace=enlace,
            url_respuesta=response.url,
            cuerpo=response.body,
            content_type=_cabecera(response, "Content-Type"),
            tipo_captura=self.tipo_captura,
        )

    def falla_nota(self, falla: Any) -> None:
        """Errback de una nota: error contado con su motivo; el rastreo sigue."""
        fuente: ContextoFuente = falla.request.cb_kwargs["fuente"]
        self.nota_fallida(fuente, motivo_de(falla), url_pedida(falla.request))

    def nota_fallida(self, fuente: ContextoFuente, motivo: str, url: str | None) -> None:
        """Cuenta una nota que no se pudo descargar o procesar."""
        # Con la cola compartida en Redis puede llegar una nota de una fuente que este proceso no
        # cargó: se cuenta en el registro de eventos, no en la salud de una fuente ajena.
        estado = self.estados.get(fuente.fuente_id)
        if estado is not None:
            estado.fallidas += 1
            estado.motivos.append(f"{motivo} ({url})" if url else motivo)
        self.anotar(fuente, "error", url, motivo)

    def nota_guardada(self, fuente: ContextoFuente, evento: str, url: str | None) -> None:
        """Cuenta una nota guardada (nueva o versión) o sin cambios."""
        estado = self.estados.get(fuente.fuente_id)
        if evento == "nota_nueva" and estado is not None:
            estado.nuevas += 1
        self.anotar(fuente, evento, url)

    # --- avance y cierre -----------------------------------------------------------------------

    def anotar(
        self, fuente: ContextoFuente, evento: str, url: str | None, motivo: str | None = None
    ) -> None:
        """Cuenta el evento en stats y lo anuncia con la señal de avance."""
        nombre = ESTADISTICA.get(evento, evento)
        self.crawler.stats.inc_value(f"monitoreo/{nombre}")
        self.crawler.signals.send_catch_log(
            AVANCE,
            avance={
                "medio": fuente.medio,
                "fuente_id": fuente.fuente_id,
                "evento": evento,
                "url": url,
                "motivo": motivo,
            },
        )

    def closed(self, reason: str) -> None:
        """Guarda la salud de cada fuente: éxito con validadores nuevos o falla con motivo."""
        momento = ahora()
        with sesion() as s:
            for estado in self.estados.values():
                _registrar(s, estado, momento)


def _revisable(capturas: Capturas, actualizada: dt.datetime, momento: dt.datetime) -> bool:
    """Edición posterior a lo último que vimos, nota reciente y revisión anterior ya lejana."""
    vista = max(capturas.vigente, capturas.revisada or capturas.vigente)
    reciente = capturas.primera >= momento - dt.timedelta(days=DIAS_REVISION_EDICIONES)
    pausa = dt.timedelta(hours=HORAS_ENTRE_REVISIONES)
    espaciada = capturas.revisada is None or momento - capturas.revisada >= pausa
    return actualizada > vista and reciente and espaciada


def _con_zona(fecha: dt.datetime | None) -> dt.datetime | None:
    """La fecha con zona (sin zona se asume UTC, como en los sitemaps), o None."""
    if fecha is None or fecha.tzinfo is not None:
        return fecha
    return fecha.replace(tzinfo=dt.UTC)


def _primeros(enlaces: Iterable[Enlace], cuantos: int) -> Iterator[Enlace]:
    """Los primeros `cuantos` enlaces."""
    for i, enlace in enumerate(enlaces):
        if i >= cuantos:
            return
        yield enlace


def _registrar(s: Session, estado: EstadoFuente, momento: Any) -> None:
    """Éxito o falla de la fuente; si todas sus notas fallaron, también es falla."""
    fuente_id = estado.contexto.fuente_id
    motivo = estado.falla
    if motivo is None and estado.intentadas and estado.fallidas >= estado.intentadas:
        motivo = "todas las notas fallaron: " + "; ".join(estado.motivos[:3])
    if motivo is not None:
        registrar_falla(s, fuente_id, momento, motivo)
        return
    aviso = None
    if estado.fallidas:
        aviso = f"{estado.fallidas} de {estado.intentadas} notas fallaron: " + "; ".join(
            estado.motivos[:3]
        )
    registrar_exito(
        s, fuente_id, momento, estado.etag, estado.ultima_modificacion, estado.nuevas, aviso=aviso
    )
