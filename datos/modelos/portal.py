"""Formatos del portal de transparencia que la oficina debe mantener al día."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from analisis.vigencia import EstadoVigencia, Periodicidad
from datos.modelos.base import Base, ahora, catalogo


class FormatoPortal(Base):
    """Una página o archivo del portal (fracción de la LTAIPSLP) con su última revisión."""

    __tablename__ = "formato_portal"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(unique=True)
    fraccion: Mapped[str]
    nombre: Mapped[str | None]
    periodicidad: Mapped[Periodicidad] = mapped_column(
        catalogo(Periodicidad, "periodicidad_portal")
    )
    activo: Mapped[bool] = mapped_column(default=True)
    # GET condicional: lo que mandó el servidor la última vez que respondió 200.
    etag: Mapped[str | None]
    ultima_modificacion: Mapped[str | None]
    # Periodo que cubre el archivo y su último cambio; `origen_fechas` dice de dónde salieron
    # («archivo» o «cabeceras HTTP») para que la oficina sepa cuánto confiar en ellas.
    periodo_inicio: Mapped[dt.date | None]
    periodo_fin: Mapped[dt.date | None]
    actualizado: Mapped[dt.date | None]
    origen_fechas: Mapped[str | None]
    estado: Mapped[EstadoVigencia] = mapped_column(
        catalogo(EstadoVigencia, "estado_portal"), default=EstadoVigencia.SIN_REVISAR
    )
    motivo: Mapped[str | None] = mapped_column(Text)
    limite: Mapped[dt.date | None]
    revisado_en: Mapped[dt.datetime | None]
    # Fecha límite vencida por la que ya se mandó alerta: no se repite hasta el siguiente plazo.
    alertado_limite: Mapped[dt.date | None]
    creado_en: Mapped[dt.datetime] = mapped_column(default=ahora)
