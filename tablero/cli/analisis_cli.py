"""Comandos de análisis en lote: emparejar, evaluar, tono (clasificar y entrenar)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from datos.config import cargar
from tablero.cli.salida import ErrorDeUsuario, consola

evaluar_app = typer.Typer(
    help="Evaluación de calidad con corpus etiquetados.", no_args_is_help=True
)
tono_app = typer.Typer(help="Tono hacia el Ayuntamiento (u otro objetivo).", no_args_is_help=True)


def ruta_modelo() -> Path:
    """Dónde vive el modelo de tono entrenado (el mismo que usa `monitoreo analizar`)."""
    from analisis.lote import NOMBRE_MODELO_TONO

    return cargar().dir_modelos / NOMBRE_MODELO_TONO


def barra_de_avance() -> Progress:
    """Barra de progreso con velocidad (notas/s) y tiempo restante estimado."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[velocidad]}"),
        TimeElapsedColumn(),
        TextColumn("quedan"),
        TimeRemainingColumn(),
        console=consola,
        transient=True,
    )


def emparejar(
    boletines: Annotated[Path, typer.Option("--boletines", help="B.jsonl")],
    notas: Annotated[Path, typer.Option("--notas", help="N.jsonl")],
    salida: Annotated[Path, typer.Option("--salida", help="P.csv a escribir.")],
    ventana: Annotated[int | None, typer.Option("--ventana", help="Días tras el boletín.")] = None,
) -> None:
    """Empareja notas con boletines en lote (formatos de la GUIA §4)."""
    from analisis.lote import NOMBRE_INDICE, emparejar_archivos

    configuracion = cargar()
    dias = ventana if ventana is not None else configuracion.ventana_dias
    with barra_de_avance() as barra:
        tarea = barra.add_task("Emparejando notas", total=None, velocidad="")

        def avanzar(hechas: int, total: int) -> None:
            velocidad = barra.tasks[tarea].speed
            texto = f"{velocidad:,.0f} notas/s" if velocidad else ""
            barra.update(tarea, completed=hechas, total=total, velocidad=texto)

        try:
            filas = emparejar_archivos(
                boletines,
                notas,
                salida,
                dias,
                indice=configuracion.directorio / NOMBRE_INDICE,
                al_avanzar=avanzar,
                trabajadores=os.cpu_count() or 1,
            )
        except (ValueError, OSError) as exc:
            raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"{filas} retoma(s) escritas en {salida}", highlight=False)


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


@evaluar_app.command("emparejamiento")
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


def _lineas_jsonl(ruta: Path, campos: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Registros de un JSONL con los campos obligatorios; error con el número de línea."""
    try:
        with ruta.open(encoding="utf-8") as archivo:
            for numero, linea in enumerate(archivo, start=1):
                if not linea.strip():
                    continue
                try:
                    registro = json.loads(linea)
                except json.JSONDecodeError as exc:
                    raise ErrorDeUsuario(
                        f"{ruta}, línea {numero}: JSON inválido ({exc.msg})"
                    ) from exc
                if not isinstance(registro, dict) or any(c not in registro for c in campos):
                    raise ErrorDeUsuario(f"{ruta}, línea {numero}: faltan campos {list(campos)}")
                yield registro
    except OSError as exc:
        raise ErrorDeUsuario(f"no se pudo leer {ruta}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ErrorDeUsuario(f"{ruta} no está en UTF-8") from exc


def _objetivo(registro: dict[str, Any]) -> list[str] | None:
    """El objetivo del tono como lista de nombres, o None (el Ayuntamiento)."""
    valor = registro.get("objetivo")
    if not valor:
        return None
    return [str(v) for v in valor] if isinstance(valor, list) else [str(valor)]


def _modelo() -> Any:
    """El modelo entrenado si existe y se puede leer; si no, None (léxico)."""
    from analisis.tono_modelo import cargar as cargar_modelo

    ruta = ruta_modelo()
    if not ruta.exists():
        return None
    try:
        return cargar_modelo(ruta)
    except (ValueError, OSError) as exc:
        raise ErrorDeUsuario(f"el modelo de tono {ruta} no se pudo leer: {exc}") from exc


@tono_app.command("clasificar")
def clasificar(
    entrada: Annotated[Path, typer.Option("--entrada", help="T.jsonl con id, texto, objetivo.")],
    salida: Annotated[Path, typer.Option("--salida", help="P.csv: id,tono,puntaje.")],
) -> None:
    """Tono de cada texto (modelo entrenado si existe; si no, léxico y reglas)."""
    from analisis.tono import clasificar_tono

    modelo = _modelo()
    registros = list(_lineas_jsonl(entrada, ("id", "texto")))
    try:
        with salida.open("w", encoding="utf-8", newline="") as archivo:
            escritor = csv.writer(archivo)
            escritor.writerow(["id", "tono", "puntaje"])
            for r in registros:
                res = clasificar_tono(str(r["texto"]), objetivo=_objetivo(r), modelo=modelo)
                escritor.writerow([r["id"], res.tono, f"{res.puntaje:.4f}"])
    except OSError as exc:
        raise ErrorDeUsuario(f"no se pudo escribir {salida}: {exc.strerror or exc}") from exc
    origen = "modelo entrenado" if modelo else "léxico y reglas"
    consola.print(f"{len(registros)} texto(s) clasificados con {origen} en {salida}")


def _confirmados_de_la_base() -> list[tuple[str, str | None, str]]:
    """Tonos confirmados por el personal: también enseñan al modelo."""
    from sqlalchemy import select

    from datos.modelos import Nota
    from datos.sesion import sesion
    from tablero.cli.base import base_lista

    with sesion(base_lista()) as s:
        filas = s.execute(
            select(Nota.titulo, Nota.texto, Nota.tono_confirmado).where(
                Nota.tono_confirmado.is_not(None)
            )
        ).all()
    return [(f"{t}\n\n{x}", None, str(tono.value)) for t, x, tono in filas if tono is not None]


@tono_app.command("entrenar")
def entrenar(
    entrada: Annotated[
        Path | None, typer.Option("--entrada", help="E.jsonl con id, texto, objetivo, tono.")
    ] = None,
    sin_base: Annotated[
        bool, typer.Option("--sin-base", help="No usar los tonos confirmados en la base.")
    ] = False,
) -> None:
    """Entrena el modelo de tono y lo guarda en el directorio de datos."""
    from analisis.tono_modelo import entrenar as entrenar_modelo
    from analisis.tono_modelo import guardar

    ejemplos: list[tuple[str, str | None, str]] = []
    if entrada is not None:
        for r in _lineas_jsonl(entrada, ("texto", "tono")):
            objetivo = _objetivo(r)
            ejemplos.append((str(r["texto"]), objetivo[0] if objetivo else None, str(r["tono"])))
    if not sin_base:
        ejemplos.extend(_confirmados_de_la_base())
    try:
        modelo = entrenar_modelo(ejemplos)
        ruta = ruta_modelo()
        ruta.parent.mkdir(parents=True, exist_ok=True)
        guardar(modelo, ruta)
    except (ValueError, OSError) as exc:
        raise ErrorDeUsuario(f"no se pudo entrenar: {exc}") from exc
    consola.print(f"Modelo entrenado con {len(ejemplos)} ejemplo(s) y guardado en {ruta}")
