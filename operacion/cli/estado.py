"""`monitoreo estado`: conteos y salud de la base."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer
from rich.table import Table

from operacion.base_datos import base_lista
from operacion.salida import consola

_ETIQUETAS = {
    "medios": "Medios",
    "fuentes": "Fuentes",
    "notas": "Notas",
    "boletines": "Boletines",
    "menciones": "Notas con mención (sin boletín)",
    "envios": "Envíos",
    "eventos": "Eventos",
    "invitaciones": "Invitaciones",
    "convenios": "Convenios",
    "recursos": "Recursos del banco",
    "usuarios": "Usuarios",
    "correos": "Correos del buzón",
    "solicitudes": "Solicitudes ciudadanas",
    "portal": "Formatos del portal de transparencia",
    "campanas": "Campañas",
    "ordenes": "Órdenes de campaña",
}


ETIQUETAS_PUBLICACION = {
    "borrador": "borradores",
    "en_revision": "en revisión",
    "aprobada": "aprobadas por salir",
    "publicada": "publicadas",
    "fallida": "fallidas",
    "cancelada": "canceladas",
}


def miles(n: int | float) -> str:
    """Número con separador de miles es-MX (1,234)."""
    return f"{n:,.0f}"


def _momento(iso: str | None) -> str:
    """Fecha y hora ISO en la forma de la oficina («4 de diciembre de 2026, 10:00»)."""
    if iso is None:
        return "ninguna"
    from datos.config import cargar
    from reportes.formato import fecha_hora

    return fecha_hora(dt.datetime.fromisoformat(iso), cargar().zona)


def imprimir_estado(datos_estado: dict[str, Any]) -> None:
    """Tabla legible de `monitoreo estado`."""
    tabla = Table(title="Estado de monitoreo", show_header=False)
    for clave, etiqueta in _ETIQUETAS.items():
        tabla.add_row(etiqueta, miles(datos_estado[clave]))
        if clave == "boletines":
            for nivel, n in datos_estado["retomas"].items():
                tabla.add_row(f"Retomas {nivel}", miles(n))
    publicaciones = datos_estado["publicaciones"]
    for clave, n in publicaciones.items():
        if clave != "proxima":
            tabla.add_row(f"Publicaciones de Facebook: {ETIQUETAS_PUBLICACION[clave]}", miles(n))
    tabla.add_row("Próxima publicación aprobada", _momento(publicaciones["proxima"]))
    consola.print(tabla)


def estado(
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON (GUIA §4).")] = False,
) -> None:
    """Conteos y salud de la base."""
    from datos.consultas.estado import conteos
    from datos.sesion import sesion

    with sesion(base_lista()) as s:
        datos_estado = conteos(s)
    if como_json:
        print(json.dumps(datos_estado, ensure_ascii=False))
        return
    imprimir_estado(datos_estado)
