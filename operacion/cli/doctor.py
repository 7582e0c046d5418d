"""`monitoreo doctor`: revisa base, correo, Chromium, Tesseract, Redis, disco, zona y carpeta."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.text import Text

from datos.config import cargar
from operacion.salida import consola

# Etiqueta y color de cada estado; el detalle va como texto plano (nunca se interpreta marcado).
ETIQUETAS = {
    "ok": ("OK   ", "green"),
    "aviso": ("AVISO", "yellow"),
    "falla": ("FALLA", "red"),
}


def doctor(
    como_json: Annotated[bool, typer.Option("--json", help="Resultado en JSON.")] = False,
) -> None:
    """Revisa lo que el sistema necesita; código 0 sólo si nada falla (1 si algo falla)."""
    from operacion.doctor import diagnosticar, hay_fallas

    resultado = diagnosticar(cargar())
    if como_json:
        datos = {"ok": not hay_fallas(resultado), "revisiones": [r.como_dict() for r in resultado]}
        print(json.dumps(datos, ensure_ascii=False, indent=2))
    else:
        for r in resultado:
            linea = Text.assemble(ETIQUETAS[r.estado], f" {r.nombre}: {r.detalle}")
            consola.print(linea, soft_wrap=True)
            if r.arreglo:
                consola.print(f"      → {r.arreglo}", markup=False, soft_wrap=True)
    if hay_fallas(resultado):
        raise typer.Exit(1)
