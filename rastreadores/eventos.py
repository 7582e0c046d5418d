"""Los eventos de avance de un rastreo y cómo se cuentan: una sola tabla para araña y resumen."""

from __future__ import annotations

import enum

from datos.repositorio.notas import EstadoGuardado


class Evento(enum.StrEnum):
    """Lo que la araña informa por nota o por fuente (viaja como texto entre procesos)."""

    NOTA_NUEVA = "nota_nueva"
    NOTA_VERSION = "nota_version"
    NOTA_SIN_CAMBIOS = "nota_sin_cambios"
    OMITIDA = "omitida"
    ERROR = "error"
    DESCARTADA = "descartada"
    FUENTE_LISTA = "fuente_lista"
    FUENTE_SIN_CAMBIOS = "fuente_sin_cambios"
    FUENTE_ERROR = "fuente_error"


# Contador en crawler.stats (monitoreo/...) de cada evento.
ESTADISTICA: dict[str, str] = {
    Evento.NOTA_NUEVA: "nuevas",
    Evento.NOTA_VERSION: "versiones",
    Evento.NOTA_SIN_CAMBIOS: "notas_sin_cambios",
    Evento.OMITIDA: "omitidas",
    Evento.ERROR: "errores",
    Evento.DESCARTADA: "descartadas",
    Evento.FUENTE_LISTA: "fuentes_leidas",
    Evento.FUENTE_SIN_CAMBIOS: "sin_cambios",
    Evento.FUENTE_ERROR: "fuentes_con_error",
}
# Columna del resumen por medio que suma cada evento (los demás no se muestran).
CAMPO_DEL_RESUMEN: dict[str, str] = {
    Evento.NOTA_NUEVA: "nuevas",
    Evento.NOTA_VERSION: "versiones",
    Evento.OMITIDA: "omitidas",
    Evento.FUENTE_SIN_CAMBIOS: "sin_cambios",
    Evento.NOTA_SIN_CAMBIOS: "sin_cambios",
    Evento.ERROR: "errores",
    Evento.FUENTE_ERROR: "errores",
}
POR_GUARDADO = {
    EstadoGuardado.NUEVA: Evento.NOTA_NUEVA,
    EstadoGuardado.NUEVA_VERSION: Evento.NOTA_VERSION,
    EstadoGuardado.SIN_CAMBIOS: Evento.NOTA_SIN_CAMBIOS,
}
