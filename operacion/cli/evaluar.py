"""`monitoreo evaluar`: calidad sobre corpus etiquetados."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from datos.config import cargar
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Evaluación de calidad con corpus etiquetados.", no_args_is_help=True)


def _verdad(ruta: Path) -> dict[tuple[str, str], str]:
    """verdad.csv: nota_id,boletin_id,nivel."""
    try:
        with ruta.open(encoding="utf-8", newline="") as archivo:
            filas = list(csv.DictReader(archivo))
        return {(f["nota_id"], f["boletin_id"]): f["nivel"] for f in filas}
    except (OSError, KeyError, UnicodeDecodeError) as exc:
        raise ErrorDeUsuario(f"no se pudo leer {ruta}: {exc}") from exc


def _tabla_evaluacion(ev: Any) -> Table:
    """Precisión, exhaustividad, F1 y exactitud de niveles."""
    tabla = Table(title="Emparejamiento nota ↔ boletín", show_header=False)
    tabla.add_row("Precisión", f"{ev.precision:.3f}")
    tabla.add_row("Exhaustividad (recall)", f"{ev.recall:.3f}")
    tabla.add_row("F1", f"{ev.f1:.3f}")
    tabla.add_row("Exactitud del nivel", f"{ev.exactitud_nivel:.3f}")
    tabla.add_row(
        "VP / FP / FN", f"{ev.verdaderos_positivos} / {ev.falsos_positivos} / {ev.falsos_negativos}"
    )
    return tabla


@app.command("emparejamiento")
def evaluar_emparejamiento(
    carpeta: Annotated[Path, typer.Argument(help="Con boletines.jsonl, notas.jsonl y verdad.csv.")],
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON.")] = False,
) -> None:
    """Precisión, recall y F1 de las retomas y exactitud de los niveles sobre un corpus."""
    from analisis.emparejamiento import emparejar_lote
    from analisis.evaluacion import evaluar
    from analisis.formatos import leer_documentos

    verdad = _verdad(carpeta / "verdad.csv")
    try:
        boletines = list(leer_documentos(carpeta / "boletines.jsonl"))
        notas = list(leer_documentos(carpeta / "notas.jsonl"))
        ev = evaluar(emparejar_lote(boletines, notas, ventana_dias=cargar().ventana_dias), verdad)
    except (ValueError, OSError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    if como_json:
        claves = ("precision", "recall", "f1", "exactitud_nivel")
        print(json.dumps({k: round(getattr(ev, k), 4) for k in claves}))
        return
    consola.print(_tabla_evaluacion(ev))
