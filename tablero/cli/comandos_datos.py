"""Presentación en terminal de los conteos y resúmenes."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from tablero.cli.salida import consola

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
}


def miles(n: int | float) -> str:
    """Número con separador de miles es-MX (1,234)."""
    return f"{n:,.0f}"


def imprimir_estado(datos_estado: dict[str, Any]) -> None:
    """Tabla legible de `monitoreo estado`."""
    tabla = Table(title="Estado de monitoreo", show_header=False)
    for clave, etiqueta in _ETIQUETAS.items():
        tabla.add_row(etiqueta, miles(datos_estado[clave]))
        if clave == "boletines":
            for nivel, n in datos_estado["retomas"].items():
                tabla.add_row(f"Retomas {nivel}", miles(n))
    consola.print(tabla)
