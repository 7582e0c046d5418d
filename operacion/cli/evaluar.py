"""`monitoreo evaluar`: calidad sobre corpus etiquetados."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from datos.config import cargar
from operacion.salida import ErrorDeUsuario, consola, consola_error

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


@app.command("extraccion")
def evaluar_extraccion(
    carpeta: Annotated[
        Path,
        typer.Argument(
            help="Páginas con oro: gold.json, ground-truth.json, gold.jsonl o Readability."
        ),
    ],
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON.")] = False,
) -> None:
    """Cuerpo, título y fecha de `extraer` frente a trafilatura + htmldate, en la misma corrida."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rastreadores.evaluacion import como_dict, evaluar_carpeta, filas, metodo_cuerpo

    # La barra va a stderr: con --json, stdout queda sólo para el JSON.
    columnas = (TextColumn("Extrayendo"), BarColumn(), MofNCompleteColumn())
    with Progress(*columnas, console=consola_error, transient=True) as barra:
        tarea = barra.add_task("", total=None)
        try:
            ev = evaluar_carpeta(carpeta, lambda i, n: barra.update(tarea, completed=i, total=n))
        except ValueError as exc:
            raise ErrorDeUsuario(str(exc)) from exc
    if como_json:
        print(json.dumps(como_dict(ev), ensure_ascii=False))
        return
    paginas = len(ev.conjunto.casos)
    tabla = Table(title=f"{ev.conjunto.nombre}: {paginas} páginas; {metodo_cuerpo(ev.conjunto)}")
    for columna in ("campo", *ev.medidas):
        tabla.add_column(columna, justify="left" if columna == "campo" else "right")
    for fila in filas(ev):
        tabla.add_row(*fila)
    consola.print(tabla)
