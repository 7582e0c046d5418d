"""Comandos de recolección: extraer, leer-feed, fuentes y medios."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from datos.config import cargar
from tablero.cli.salida import ErrorDeUsuario, consola, consola_error

fuentes_app = typer.Typer(help="Fuentes de recolección de los medios.", no_args_is_help=True)
medios_app = typer.Typer(help="Medios de comunicación.", no_args_is_help=True)

# Lo más grande que se acepta leer de un archivo local para extraer o leer un feed.
TAMANO_MAXIMO_ARCHIVO = 50 * 1024 * 1024


def _leer(ruta: Path) -> bytes:
    """Bytes de un archivo o ErrorDeUsuario con el motivo."""
    try:
        if ruta.stat().st_size > TAMANO_MAXIMO_ARCHIVO:
            raise ErrorDeUsuario(f"{ruta}: el archivo pasa de 50 MB")
        return ruta.read_bytes()
    except OSError as exc:
        raise ErrorDeUsuario(f"no se pudo leer {ruta}: {exc.strerror or exc}") from exc


def _iso(fecha: dt.datetime | None) -> str | None:
    """Fecha ISO 8601 o None."""
    return fecha.isoformat() if fecha else None


def _extraccion(ruta: Path, url: str | None) -> dict[str, Any]:
    """Campos del contrato de `monitoreo extraer` para un archivo."""
    from rastreadores.extraccion import extraer as extraer_html

    ex = extraer_html(_leer(ruta), url)
    return {"titulo": ex.titulo, "texto": ex.texto, "fecha": _iso(ex.fecha), "autor": ex.autor}


def _imprimir(datos: dict[str, Any], como_json: bool) -> None:
    """JSON de una línea o texto legible."""
    if como_json:
        print(json.dumps(datos, ensure_ascii=False))
        return
    for clave, valor in datos.items():
        consola.print(f"[bold]{clave}[/bold]: {valor if valor is not None else '—'}")


def extraer(
    archivos: Annotated[list[Path], typer.Argument(help="Archivos HTML.")],
    url: Annotated[
        str | None, typer.Option("--url", help="URL original (un solo archivo).")
    ] = None,
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON.")] = False,
) -> None:
    """Extrae título, texto, fecha y autor de páginas HTML guardadas."""
    if url and len(archivos) > 1:
        raise ErrorDeUsuario("--url sólo se puede usar con un archivo")
    if len(archivos) == 1:
        _imprimir(_extraccion(archivos[0], url), como_json)
        return
    for ruta in archivos:
        try:
            fila = {"archivo": str(ruta), **_extraccion(ruta, None)}
        except ErrorDeUsuario as exc:
            fila = {"archivo": str(ruta), "error": str(exc)}
        print(json.dumps(fila, ensure_ascii=False))


def _entradas(ruta: Path) -> list[dict[str, Any]]:
    """Entradas de un feed en el formato del contrato; ErrorDeUsuario si no se puede leer."""
    from rastreadores.feeds import FeedIlegible, leer_feed

    try:
        feed = leer_feed(_leer(ruta))
    except FeedIlegible as exc:
        raise ErrorDeUsuario(f"{ruta}: {exc}") from exc
    return [
        {"titulo": e.titulo, "enlace": e.enlace, "fecha": _iso(e.fecha), "resumen": e.resumen}
        for e in feed.entradas
    ]


def leer_feed(
    archivos: Annotated[list[Path], typer.Argument(help="Archivos RSS, Atom o JSON Feed.")],
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON.")] = False,
) -> None:
    """Lee feeds guardados y muestra sus entradas."""
    if len(archivos) == 1:
        entradas = _entradas(archivos[0])
        if como_json:
            print(json.dumps({"entradas": entradas}, ensure_ascii=False))
            return
        for e in entradas:
            consola.print(f"• {e['fecha'] or 'sin fecha'}  {e['titulo'] or '(sin título)'}")
        return
    for ruta in archivos:
        try:
            fila: dict[str, Any] = {"archivo": str(ruta), "entradas": _entradas(ruta)}
        except ErrorDeUsuario as exc:
            fila = {"archivo": str(ruta), "error": str(exc)}
        print(json.dumps(fila, ensure_ascii=False))


def validar_url_de_fuente(url: str) -> None:
    """Rechaza esquemas no http(s) y direcciones internas; avisa si el host no resuelve ahora."""
    from rastreadores.urls import HostSinResolver, UrlRechazada, validar_url

    try:
        validar_url(url, cargar().hosts_permitidos)
    except HostSinResolver as exc:
        # Sin DNS no se puede verificar; el rastreador vuelve a validar en cada petición.
        consola_error.print(f"aviso: {exc}; se volverá a verificar al rastrear")
    except UrlRechazada as exc:
        raise ErrorDeUsuario(f"URL rechazada: {exc}") from exc


@fuentes_app.command("agregar")
def agregar_fuente(
    medio: Annotated[str, typer.Option("--medio", help="Nombre del medio (debe existir).")],
    tipo: Annotated[str, typer.Option("--tipo", help="rss | sitemap | seccion | pdf")],
    url: Annotated[str, typer.Option("--url", help="URL de la fuente.")],
    intervalo: Annotated[int, typer.Option("--intervalo", help="Minutos entre rastreos.")] = 60,
    patron: Annotated[
        str | None, typer.Option("--patron", help="Regex de enlaces a notas (sección).")
    ] = None,
) -> None:
    """Registra una fuente de recolección de un medio."""
    from datos.repositorio.fuentes import FuenteInvalida, agregar_fuente
    from datos.sesion import sesion
    from tablero.cli.base import base_lista

    validar_url_de_fuente(url)
    try:
        with sesion(base_lista()) as s:
            agregar_fuente(s, medio=medio, tipo=tipo, url=url, intervalo=intervalo, patron=patron)
    except FuenteInvalida as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    consola.print(f"Fuente {tipo} de {medio} registrada: {url}")


def _cuando(fecha: dt.datetime | None) -> str:
    """Fecha local corta o guion."""
    return fecha.astimezone(cargar().zona).strftime("%d/%m/%Y %H:%M") if fecha else "—"


@medios_app.command("estado")
def estado_medios() -> None:
    """Salud de la recolección por fuente: éxitos, errores, fallas seguidas, notas por día."""
    from datos.consultas.salud import salud_fuentes
    from datos.sesion import sesion
    from tablero.cli.base import base_lista

    with sesion(base_lista()) as s:
        filas = salud_fuentes(s, dt.datetime.now(dt.UTC))
    tabla = Table(title="Salud de las fuentes")
    for col in ("Medio", "Tipo", "Último éxito", "Último error", "Fallas", "Notas/día", "Motivo"):
        tabla.add_column(col)
    for f in filas:
        marca = "⚠ " if f.marcada else ""
        tabla.add_row(
            f"{marca}{f.medio}",
            f.tipo,
            _cuando(f.ultimo_exito),
            _cuando(f.ultimo_error),
            str(f.fallas_consecutivas),
            f"{f.notas_por_dia:.1f}",
            (f.motivo_error or "")[:60],
        )
    consola.print(
        tabla if filas else "No hay fuentes: registre una con `monitoreo fuentes agregar`."
    )
