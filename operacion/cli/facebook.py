"""`monitoreo facebook`: calendario de la página, aprobación, publicación e insights."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from operacion.base_datos import base_lista
from operacion.cli.comun import autor_cli, en_transaccion, iso, leer_fecha, leer_folio
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Página de Facebook del Ayuntamiento.", no_args_is_help=True)
ESTADOS = ("borrador", "en_revision", "aprobada", "publicada", "fallida", "cancelada")
OPCION_JSON = typer.Option("--json", help="Salida JSON.")
ESTADO_LEGIBLE = {
    "borrador": "borrador",
    "en_revision": "en revisión",
    "aprobada": "aprobada",
    "publicada": "publicada",
    "fallida": "falló",
    "cancelada": "cancelada",
}


def _momento(texto: str) -> dt.datetime:
    """«AAAA-MM-DD HH:MM» en la hora de la oficina, o error en español."""
    from datos.config import cargar

    try:
        local = dt.datetime.strptime(texto.strip(), "%Y-%m-%d %H:%M")
    except ValueError as exc:
        raise ErrorDeUsuario(f"fecha y hora inválidas {texto!r}: use «AAAA-MM-DD HH:MM»") from exc
    return local.replace(tzinfo=cargar().zona)


def _boletin_id(s: Any, texto: str) -> int:
    """Id de un boletín dado por id o por folio NNN/AAAA."""
    from sqlalchemy import select

    from datos.modelos import Boletin

    if texto.strip().isdigit():
        return int(texto)
    numero, anio = leer_folio(texto)
    ident = s.scalar(select(Boletin.id).where(Boletin.numero == numero, Boletin.anio == anio))
    if ident is None:
        raise ErrorDeUsuario(f"no existe el boletín {texto}")
    return int(ident)


def _fila(p: Any) -> dict[str, Any]:
    """Una publicación como diccionario para --json."""
    return {
        "id": p.id,
        "estado": p.estado.value,
        "programada_para": iso(p.programada_para),
        "texto": p.texto,
        "boletin": p.boletin.folio if p.boletin else None,
        "fotos": [r.id for r in p.recursos],
        "enlace": p.enlace,
        "error": p.error,
        "version": None,
    }


def _mostrar(datos: dict[str, Any], como_json: bool, mensaje: str) -> None:
    """JSON o una línea legible."""
    if como_json:
        print(json.dumps(datos, ensure_ascii=False))
    else:
        consola.print(mensaje)


@app.command("borrador")
def borrador(
    boletin: Annotated[str, typer.Option("--boletin", help="Id o folio (045/2026) del boletín.")],
    para: Annotated[
        str | None, typer.Option("--para", help="«AAAA-MM-DD HH:MM», hora de la oficina.")
    ] = None,
    enlace: Annotated[str | None, typer.Option("--enlace", help="Liga al boletín.")] = None,
    foto: Annotated[
        list[int] | None, typer.Option("--foto", help="Foto del banco (repetible).")
    ] = None,
    como_json: Annotated[bool, OPCION_JSON] = False,
) -> None:
    """Borrador de publicación desde un boletín aprobado (texto adaptado y sus fotos)."""
    from datos.config import cargar
    from oficina.facebook import borrador_desde_boletin

    cuando = _momento(para) if para else None

    def crear(s: Any) -> dict[str, Any]:
        p = borrador_desde_boletin(
            s,
            _boletin_id(s, boletin),
            autor_cli(),
            cargar(),
            programada_para=cuando,
            enlace=enlace,
            fotos=foto,
        )
        return _fila(p)

    datos = en_transaccion(crear)
    _mostrar(datos, como_json, f"Borrador {datos['id']} creado:\n\n{datos['texto']}")


@app.command("crear")
def crear(
    texto: Annotated[str, typer.Option("--texto", help="Texto de la publicación.")],
    para: Annotated[str, typer.Option("--para", help="«AAAA-MM-DD HH:MM», hora de la oficina.")],
    foto: Annotated[
        list[int] | None, typer.Option("--foto", help="Foto del banco (repetible).")
    ] = None,
    como_json: Annotated[bool, OPCION_JSON] = False,
) -> None:
    """Borrador de publicación sin boletín de origen."""
    from datos.repositorio.facebook import crear as crear_publicacion

    cuando = _momento(para)
    datos = en_transaccion(
        lambda s: _fila(
            crear_publicacion(
                s, texto=texto, programada_para=cuando, usuario=autor_cli(), fotos=foto or []
            )
        )
    )
    _mostrar(datos, como_json, f"Borrador {datos['id']} creado.")


@app.command("revision")
def revision(publicacion: Annotated[int, typer.Argument(help="Id de la publicación.")]) -> None:
    """Manda un borrador a revisión de la directora."""
    from datos.repositorio.facebook import enviar_a_revision

    en_transaccion(lambda s: enviar_a_revision(s, publicacion, autor_cli()))
    consola.print(f"Publicación {publicacion} en revisión.")


def _contrasena() -> str:
    """Contraseña de stdin (una línea) o preguntada sin eco; nunca por argumento."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass("Contraseña: ")


def _verificar(s: Any, usuario: str, contrasena: str) -> bool:
    """Usuario y contraseña válidos (el intento fallido cuenta para el bloqueo)."""
    from datos.modelos import ahora
    from datos.repositorio.usuarios import verificar

    return verificar(s, usuario, contrasena, ahora()).usuario is not None


@app.command("aprobar")
def aprobar(
    publicacion: Annotated[int, typer.Argument(help="Id de la publicación.")],
    usuario: Annotated[str, typer.Option("--usuario", help="Usuario con rol directora.")],
    version: Annotated[
        str | None, typer.Option("--version", help="sha256 de lo revisado (de `lista --json`).")
    ] = None,
    como_json: Annotated[bool, OPCION_JSON] = False,
) -> None:
    """Aprueba una publicación (sólo la directora; contraseña por stdin o pregunta)."""
    from datos.repositorio import facebook as repo

    if not en_transaccion(_verificar, usuario, _contrasena()):
        raise ErrorDeUsuario("usuario o contraseña incorrectos")
    datos = en_transaccion(
        lambda s: {
            **_fila(repo.aprobar(s, publicacion, usuario, version)),
            "version": repo.version(repo.obtener(s, publicacion)),
        }
    )
    _mostrar(datos, como_json, f"Publicación {publicacion} aprobada:\n\n{datos['texto']}")


@app.command("cancelar")
def cancelar(publicacion: Annotated[int, typer.Argument(help="Id de la publicación.")]) -> None:
    """Cancela una publicación que no ha salido."""
    from datos.repositorio.facebook import cancelar as cancelar_publicacion

    en_transaccion(lambda s: cancelar_publicacion(s, publicacion, autor_cli()))
    consola.print(f"Publicación {publicacion} cancelada.")


@app.command("publicar")
def publicar(
    ident: Annotated[
        list[int] | None,
        typer.Option("--id", help="Publica ya esta aprobada aunque no sea su hora (repetible)."),
    ] = None,
    como_json: Annotated[bool, OPCION_JSON] = False,
) -> None:
    """Publica las aprobadas cuya hora ya llegó (o las --id aprobadas); nada sin aprobación."""
    from datos.config import cargar
    from datos.repositorio.facebook import PublicacionInvalida
    from datos.sesion import fabrica
    from oficina.facebook import SIN_TOKEN
    from oficina.facebook import publicar as publicar_aprobadas

    try:
        resumen = publicar_aprobadas(fabrica(base_lista()), cargar(), ident, usuario=autor_cli())
    except PublicacionInvalida as exc:
        raise ErrorDeUsuario(str(exc)) from exc
    if resumen.sin_configurar:
        raise ErrorDeUsuario(SIN_TOKEN)
    if como_json:
        print(json.dumps(resumen.como_dict(), ensure_ascii=False))
        return
    consola.print(
        f"Publicadas: {len(resumen.publicadas)} · fallidas: {len(resumen.fallidas)} · "
        f"pendientes: {len(resumen.pendientes)}"
    )
    for publicacion_id, texto in resumen.publicadas + resumen.fallidas + resumen.pendientes:
        consola.print(f"  {publicacion_id}: {texto}")


def _lista(s: Any, desde: dt.datetime, hasta: dt.datetime) -> list[dict[str, Any]]:
    """Publicaciones del periodo con su huella (para aprobar con --version)."""
    from sqlalchemy import select

    from datos.modelos import PublicacionFacebook
    from datos.repositorio.facebook import version

    consulta = (
        select(PublicacionFacebook)
        .where(
            PublicacionFacebook.programada_para >= desde,
            PublicacionFacebook.programada_para < hasta,
        )
        .order_by(PublicacionFacebook.programada_para, PublicacionFacebook.id)
    )
    return [{**_fila(p), "version": version(p)} for p in s.scalars(consulta)]


def _tabla(filas: list[dict[str, Any]]) -> None:
    """Calendario legible."""
    from datos.config import cargar
    from reportes.formato import fecha_hora

    tabla = Table(title="Calendario de la página de Facebook")
    for columna in ("Id", "Programada", "Estado", "Texto", "Enlace o error"):
        tabla.add_column(columna)
    for f in filas:
        cuando = fecha_hora(dt.datetime.fromisoformat(f["programada_para"]), cargar().zona)
        texto = f["texto"].splitlines()[0][:60]
        estado = ESTADO_LEGIBLE[f["estado"]]
        tabla.add_row(str(f["id"]), cuando, estado, texto, f["enlace"] or f["error"] or "")
    consola.print(tabla)


@app.command("lista")
def lista(
    desde: Annotated[str | None, typer.Option("--desde", help="AAAA-MM-DD (hoy).")] = None,
    hasta: Annotated[str | None, typer.Option("--hasta", help="AAAA-MM-DD (7 días).")] = None,
    estado: Annotated[str | None, typer.Option("--estado", help="Sólo ese estado.")] = None,
    como_json: Annotated[bool, OPCION_JSON] = False,
) -> None:
    """El calendario de la página entre dos fechas (por omisión, la semana que empieza hoy)."""
    from datos.config import cargar

    if estado is not None and estado not in ESTADOS:
        raise ErrorDeUsuario(f"estado inválido {estado!r}: use {', '.join(ESTADOS)}")
    zona = cargar().zona
    inicio = leer_fecha(desde) if desde else dt.datetime.now(zona).date()
    fin = leer_fecha(hasta) if hasta else inicio + dt.timedelta(days=6)
    if fin < inicio:
        raise ErrorDeUsuario("--hasta es anterior a --desde")
    rango = (
        dt.datetime.combine(inicio, dt.time(0), zona),
        dt.datetime.combine(fin + dt.timedelta(days=1), dt.time(0), zona),
    )
    filas = [f for f in en_transaccion(_lista, *rango) if estado in {None, f["estado"]}]
    if como_json:
        print(json.dumps({"publicaciones": filas}, ensure_ascii=False))
        return
    _tabla(filas)


@app.command("importar-insights")
def importar_insights(
    archivo: Annotated[Path, typer.Argument(help="CSV o Excel de Meta Business Suite.")],
    mes: Annotated[
        str | None, typer.Option("--mes", help="AAAA-MM, para la audiencia por edad sin fechas.")
    ] = None,
    como_json: Annotated[bool, OPCION_JSON] = False,
) -> None:
    """Importa los insights de la página (alcance, interacciones, seguidores por edad) por mes."""
    from operacion.cli.comun import leer_mes
    from rastreadores.importadores.facebook_pagina import importar_insights as importar

    inicio = dt.date(*leer_mes(mes), 1) if mes else None
    resultado = en_transaccion(importar, archivo, inicio)
    if como_json:
        print(json.dumps(resultado.como_dict(), ensure_ascii=False))
        return
    consola.print(f"Meses importados: {', '.join(resultado.meses) or 'ninguno'}")
    for linea, motivo in resultado.errores:
        consola.print(f"  renglón {linea}: {motivo}")
