"""Comandos de la oficina: padrón de medios, envío de boletines, transparencia."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from datos.config import cargar
from tablero.cli.capturas import _en_transaccion, autor_cli
from tablero.cli.recoleccion import medios_app
from tablero.cli.salida import ErrorDeUsuario, consola

boletines_app = typer.Typer(help="Boletines: envío a los medios.", no_args_is_help=True)
agenda_app = typer.Typer(help="Agenda: invitaciones a los medios.", no_args_is_help=True)


def _ids_de_medios(motor: Engine, medios: list[str]) -> list[int]:
    """Ids de los medios nombrados; error en español si alguno no existe."""
    from sqlalchemy import select

    from datos.modelos import Medio
    from datos.sesion import sesion

    with sesion(motor) as s:
        filas = s.execute(select(Medio.nombre, Medio.id).where(Medio.nombre.in_(medios))).all()
    encontrados = {nombre: ident for nombre, ident in filas}
    faltan = sorted(set(medios) - set(encontrados))
    if faltan:
        raise ErrorDeUsuario(f"no existen en el padrón: {', '.join(faltan)}")
    return list(encontrados.values())


def _informe_envio(r: object) -> None:
    """Enviados, fallidos con su motivo y ya enviados."""
    consola.print(
        f"Enviados: {getattr(r, 'enviados', 0)} · fallidos: {getattr(r, 'fallidos', 0)} · "
        f"ya enviados: {getattr(r, 'ya_enviados', 0)}"
    )
    for correo, motivo in getattr(r, "motivos", {}).items():
        consola.print(f"  {correo}: {motivo}")


@agenda_app.command("invitar")
def invitar(
    evento: Annotated[int, typer.Option("--evento", help="Id del evento de la agenda.")],
    medios: Annotated[list[str], typer.Option("--medio", help="Medio invitado (repetible).")],
) -> None:
    """Envía la invitación del evento a los contactos de los medios; reintentar no duplica."""
    from datos.modelos import Evento
    from datos.sesion import fabrica, sesion
    from tablero.cli.base import base_lista
    from tablero.correo import ErrorDeCorreo
    from tablero.oficina.distribucion import enviar_invitaciones

    motor = base_lista()
    with sesion(motor) as s:
        if s.get(Evento, evento) is None:
            raise ErrorDeUsuario(f"no existe el evento {evento}")
    ids = _ids_de_medios(motor, medios)
    try:
        r = enviar_invitaciones(fabrica(motor), evento, ids, cargar().smtp, autor_cli())
    except (ValueError, ErrorDeCorreo) as exc:
        raise ErrorDeUsuario(str(getattr(exc, "motivo", exc))) from exc
    _informe_envio(r)


@medios_app.command("agregar")
def agregar_medio(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre del medio.")],
    tipo: Annotated[str, typer.Option("--tipo", help="impreso|digital|radio|television|...")],
    ambito: Annotated[str, typer.Option("--ambito", help="municipal|regional|estatal|nacional")],
    sitio: Annotated[str | None, typer.Option("--sitio", help="Sitio web.")] = None,
) -> None:
    """Registra un medio en el padrón."""
    from datos.repositorio.medios import crear_medio

    _en_transaccion(
        crear_medio, nombre=nombre, tipo=tipo, ambito=ambito, usuario=autor_cli(), sitio_web=sitio
    )
    consola.print(f"Medio {nombre!r} registrado.")


@medios_app.command("importar")
def importar_medios(
    archivo: Annotated[Path, typer.Argument(help="CSV o Excel del padrón.")],
) -> None:
    """Importa medios y contactos; cada fila con error se informa y se salta."""
    from datos.repositorio.medios import importar_padron

    r = _en_transaccion(importar_padron, archivo, autor_cli())
    consola.print(f"Medios nuevos: {r.medios_nuevos} · actualizados: {r.medios_actualizados}")
    for error in r.errores:
        consola.print(f"  {error}")


@medios_app.command("exportar")
def exportar_medios(archivo: Annotated[Path, typer.Argument(help="Destino .csv o .xlsx.")]) -> None:
    """Exporta el padrón de medios con contactos."""
    from datos.repositorio.medios import exportar_padron

    filas = _en_transaccion(exportar_padron, archivo)
    consola.print(f"{filas} filas escritas en {archivo}")


def transparencia(
    anio: Annotated[int, typer.Option("--anio", help="Ejercicio.")],
    trimestre: Annotated[int, typer.Option("--trimestre", help="1 a 4.")],
    salida: Annotated[Path, typer.Option("--salida", help="Excel a escribir.")],
) -> None:
    """Formato LTAIPSLP84XXIXB (gasto en comunicación social) de un trimestre, en Excel."""
    from tablero.oficina.transparencia import exportar_trimestre

    if not 1 <= trimestre <= 4:
        raise ErrorDeUsuario("el trimestre debe ser de 1 a 4")
    filas = _en_transaccion(exportar_trimestre, salida, anio, trimestre)
    consola.print(f"{filas} fila(s) de convenios escritas en {salida}")


@boletines_app.command("enviar")
def enviar(
    folio: Annotated[str, typer.Option("--folio", help="Boletín aprobado, p. ej. 045/2026.")],
    medios: Annotated[list[str], typer.Option("--medio", help="Medio destinatario (repetible).")],
) -> None:
    """Envía un boletín aprobado por correo; reintentar sólo manda a quien falta."""
    from sqlalchemy import select

    from datos.modelos import Boletin
    from datos.sesion import fabrica, sesion
    from tablero.cli.base import base_lista
    from tablero.cli.reportes import leer_folio
    from tablero.correo import ErrorDeCorreo
    from tablero.oficina.distribucion import enviar_boletin

    numero, anio = leer_folio(folio)
    motor = base_lista()
    with sesion(motor) as s:
        ident = s.scalar(select(Boletin.id).where(Boletin.numero == numero, Boletin.anio == anio))
    if ident is None:
        raise ErrorDeUsuario(f"no existe el boletín {folio}")
    ids = _ids_de_medios(motor, medios)
    try:
        r = enviar_boletin(fabrica(motor), ident, ids, cargar().smtp, autor_cli())
    except (ValueError, ErrorDeCorreo) as exc:
        raise ErrorDeUsuario(str(getattr(exc, "motivo", exc))) from exc
    _informe_envio(r)
