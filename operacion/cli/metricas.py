"""`monitoreo metricas`: las cifras del periodo con la definición de tablero y reportes."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from operacion.base_datos import base_lista
from operacion.cli.comun import leer_fecha, leer_folio
from operacion.salida import ErrorDeUsuario, consola


def _filtros(s: Session, boletin: str | None, medio: str | None) -> tuple[int | None, int | None]:
    """Ids del boletín y del medio pedidos; error en español si no existen."""
    from datos.consultas import metricas as cmet

    boletin_id = medio_id = None
    if boletin is not None:
        boletin_id = cmet.boletin_por_folio(s, *leer_folio(boletin))
        if boletin_id is None:
            raise ErrorDeUsuario(f"no existe el boletín {boletin}")
    if medio is not None:
        medio_id = cmet.medio_por_nombre(s, medio)
        if medio_id is None:
            raise ErrorDeUsuario(f"no existe el medio {medio!r} en el padrón")
    return boletin_id, medio_id


def _imprimir(cifras: dict[str, object]) -> None:
    """Tabla legible de las cifras."""
    from reportes import formato

    tabla = Table(title="Métricas del periodo", show_header=False)
    for clave in ("boletines", "boletines_retomados", "notas"):
        tabla.add_row(clave.replace("_", " ").capitalize(), formato.numero(cifras[clave]))
    tabla.add_row("Tasa de retoma", formato.porcentaje(cifras["tasa_retoma"]))
    tabla.add_row("Latencia mediana", formato.horas(cifras["latencia_mediana_horas"]))
    tabla.add_row("Fidelidad media", formato.porcentaje(cifras["fidelidad_media"]))
    for tono, n in dict(cifras["tono"]).items():  # type: ignore[call-overload]
        tabla.add_row(f"Tono {tono}", formato.numero(n))
    for unidad, n in dict(cifras["alcance"]).items():  # type: ignore[call-overload]
        tabla.add_row(f"Alcance potencial ({unidad.replace('_', ' ')})", formato.numero(n))
    consola.print(tabla)


def metricas(
    desde: Annotated[str, typer.Option("--desde", help="Primer día, AAAA-MM-DD.")],
    hasta: Annotated[str, typer.Option("--hasta", help="Último día (incluido), AAAA-MM-DD.")],
    boletin: Annotated[
        str | None, typer.Option("--boletin", help="Sólo este boletín (folio NNN/AAAA).")
    ] = None,
    medio: Annotated[str | None, typer.Option("--medio", help="Sólo este medio (nombre).")] = None,
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON (GUIA §4).")] = False,
) -> None:
    """Las cifras del periodo: las mismas del tablero, la síntesis y los reportes."""
    from datos.config import cargar
    from datos.consultas import metricas as cmet
    from datos.sesion import sesion
    from reportes.formato import rango_utc

    inicio_dia, fin_dia = leer_fecha(desde), leer_fecha(hasta)
    if fin_dia < inicio_dia:
        raise ErrorDeUsuario("--hasta no puede ser anterior a --desde")
    inicio, fin = rango_utc(inicio_dia, fin_dia, cargar().zona)
    with sesion(base_lista()) as s:
        boletin_id, medio_id = _filtros(s, boletin, medio)
        cifras = cmet.indicadores(s, inicio, fin, boletin_id=boletin_id, medio_id=medio_id)
    if como_json:
        print(json.dumps(cifras.a_json(), ensure_ascii=False))
        return
    _imprimir(cifras.a_json())
