"""Items y contextos que viajan entre callbacks (cb_kwargs) y pipelines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from datos.modelos import Fuente, TipoCaptura, TipoFuente, TipoTestigo
from datos.testigos import ArchivoTestigo

# Señal propia de Scrapy: avance del rastreo (evento, medio, url, motivo) para el proceso padre.
AVANCE = object()


@dataclass(kw_only=True, frozen=True)
class ContextoFuente:
    """Lo necesario de una fuente, desligado de la sesión de la base."""

    fuente_id: int
    medio_id: int
    medio: str
    tipo: TipoFuente
    url: str
    patron_enlaces: str | None = None
    selectores: dict[str, Any] = field(default_factory=dict)
    etag: str | None = None
    ultima_modificacion: str | None = None
    fundado: dt.date | None = None

    @classmethod
    def de_fuente(cls, fuente: Fuente) -> ContextoFuente:
        """Copia los datos de la fila de la fuente."""
        return cls(
            fuente_id=fuente.id,
            medio_id=fuente.medio_id,
            medio=fuente.medio.nombre,
            tipo=fuente.tipo,
            url=fuente.url,
            patron_enlaces=fuente.patron_enlaces,
            selectores=dict(fuente.selectores or {}),
            etag=fuente.etag,
            ultima_modificacion=fuente.ultima_modificacion,
            fundado=fuente.medio.fundado,
        )


@dataclass(kw_only=True, frozen=True)
class Enlace:
    """Un enlace a nota hallado en un feed, sitemap, sección o índice de PDF."""

    url: str
    titulo: str | None = None
    fecha: dt.datetime | None = None
    resumen: str | None = None
    # Modificación que declara el medio (updated del feed, lastmod del sitemap): si es posterior a
    # nuestra captura, la nota ya guardada se vuelve a pedir para ver si la editaron.
    actualizada: dt.datetime | None = None


@dataclass(kw_only=True)
class ItemNota:
    """Una nota descargada que recorre las pipelines (validar → ... → guardar)."""

    fuente: ContextoFuente
    enlace: Enlace
    url_respuesta: str
    cuerpo: bytes
    content_type: str | None
    tipo_captura: TipoCaptura
    tipo_testigo: TipoTestigo = TipoTestigo.HTML
    # Se llenan en la araña (páginas de PDF) o en las pipelines.
    canonica: str | None = None
    pagina: int | None = None
    titulo: str | None = None
    texto: str | None = None
    fecha: dt.datetime | None = None
    autor: str | None = None
    imagenes: list[dict[str, Any]] = field(default_factory=list)
    huella: str | None = None
    sin_cambios: bool = False
    testigo: ArchivoTestigo | None = None
