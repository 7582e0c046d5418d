"""`monitoreo portal`: formatos del portal de transparencia y su vigencia."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Annotated, Any

import typer
from rich.table import Table

from datos.config import cargar
from operacion.base_datos import base_lista
from operacion.cli.comun import autor_cli
from operacion.cli.fuentes import validar_url_de_fuente
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Vigilancia del portal de transparencia.", no_args_is_help=True)

_JSON = typer.Option("--json", help="Salida JSON.")


def _iso(valor: object) -> object:
    """Fechas a ISO 8601 para el JSON; lo demás tal cual."""
    if isinstance(valor, dt.date | dt.datetime):
        return valor.isoformat()
    return None if isinstance(valor, float) and math.isnan(valor) else valor


@app.command("agregar")
def agregar(
    url: Annotated[str, typer.Option("--url", help="URL del formato o página del portal.")],
    fraccion: Annotated[str, typer.Option("--fraccion", help="Fracción de la ley (p. ej. XXIX).")],
    periodo: Annotated[
        str, typer.Option("--periodo", help="mensual | trimestral | semestral | anual")
    ],
    nombre: Annotated[str | None, typer.Option("--nombre", help="Nombre del formato.")] = None,
) -> None:
    """Registra un formato del portal que la oficina debe mantener al día."""
    from datos.repositorio.portal import FormatoInvalido, agregar_formato
    from datos.sesion import sesion

    validar_url_de_fuente(url)
    try:
        with sesion(base_lista()) as s:
            agregar_formato(
                s, url=url, fraccion=fraccion, periodo=periodo, usuario=autor_cli(), nombre=nombre
            )
    except FormatoInvalido as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"Formato de la fracción {fraccion.strip()} registrado ({periodo}): {url}")


def _vigilar(url: str, activo: bool) -> None:
    """Activa o desactiva la vigilancia de un formato; código 2 si la URL no está registrada."""
    from datos.repositorio.portal import FormatoInvalido, vigilar
    from datos.sesion import sesion

    try:
        with sesion(base_lista()) as s:
            vigilar(s, url, activo, autor_cli())
    except FormatoInvalido as exc:
        raise ErrorDeUsuario(str(exc)) from exc


_URL = typer.Option("--url", help="URL del formato registrado.")


@app.command("desactivar")
def desactivar(url: Annotated[str, _URL]) -> None:
    """Deja de revisar un formato (se conserva con su último estado)."""
    _vigilar(url, False)
    consola.print(f"Formato desactivado: {url}")


@app.command("activar")
def activar(url: Annotated[str, _URL]) -> None:
    """Vuelve a revisar un formato desactivado."""
    _vigilar(url, True)
    consola.print(f"Formato activado: {url}")


def _filas() -> list[dict[str, Any]]:
    """Formatos registrados como diccionarios para JSON o tabla."""
    from datos.consultas.portal import formatos_portal
    from datos.sesion import sesion

    with sesion(base_lista()) as s:
        tabla = formatos_portal(s)
    return [{str(k): _iso(v) for k, v in fila.items()} for fila in tabla.to_dict("records")]


def _tabla(titulo: str, filas: list[dict[str, Any]]) -> None:
    """Tabla legible: fracción, periodicidad, estado y motivo."""
    from analisis.vigencia import ETIQUETAS, EstadoVigencia

    tabla = Table(title=titulo)
    for columna in ("Fracción", "Periodicidad", "Estado", "Motivo", "URL"):
        tabla.add_column(columna)
    for f in filas:
        estado = ETIQUETAS[EstadoVigencia(f["estado"])]
        tabla.add_row(f["fraccion"], f["periodicidad"], estado, f["motivo"] or "", f["url"])
    consola.print(tabla)


@app.command("listar")
def listar(como_json: Annotated[bool, _JSON] = False) -> None:
    """Formatos registrados con su último estado."""
    filas = _filas()
    if como_json:
        print(json.dumps({"formatos": filas}, ensure_ascii=False))
    elif not filas:
        consola.print("No hay formatos registrados: use `monitoreo portal agregar`.")
    else:
        _tabla("Formatos del portal de transparencia", filas)


@app.command("revisar")
def revisar(como_json: Annotated[bool, _JSON] = False) -> None:
    """Descarga cada formato (GET condicional) y calcula si está al día, por vencer o vencido."""
    from datos.modelos import ahora
    from datos.sesion import fabrica
    from oficina.portal import revisar_portal

    resumen = revisar_portal(fabrica(base_lista()), cargar(), ahora=ahora())
    formatos = [
        {
            "id": r.id,
            "fraccion": r.fraccion,
            "url": r.url,
            "estado": r.estado.value,
            "motivo": r.motivo,
            "sin_cambios": r.sin_cambios,
        }
        for r in resumen.formatos
    ]
    if como_json:
        print(
            json.dumps({"formatos": formatos, "alertados": resumen.alertados}, ensure_ascii=False)
        )
        return
    _tabla("Revisión del portal de transparencia", _filas())
    if resumen.alertados:
        consola.print(f"Alerta enviada por correo: {resumen.alertados} formato(s) vencido(s).")
