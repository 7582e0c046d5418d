"""`monitoreo tono clasificar|entrenar`: tono hacia el Ayuntamiento (u otro objetivo)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Tono hacia el Ayuntamiento (u otro objetivo).", no_args_is_help=True)


def ruta_modelo() -> Path:
    """Dónde vive el modelo de tono entrenado (el mismo que usa `monitoreo analizar`)."""
    from analisis.lote import NOMBRE_MODELO_TONO

    return cargar().dir_modelos / NOMBRE_MODELO_TONO


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


@app.command("clasificar")
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

    with sesion(base_lista()) as s:
        filas = s.execute(
            select(Nota.titulo, Nota.texto, Nota.tono_confirmado).where(
                Nota.tono_confirmado.is_not(None)
            )
        ).all()
    return [(f"{t}\n\n{x}", None, str(tono.value)) for t, x, tono in filas if tono is not None]


@app.command("entrenar")
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
