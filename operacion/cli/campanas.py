"""`monitoreo campanas`: campañas, órdenes de la pauta, entregas y cumplimiento."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from operacion.cli.comun import autor_cli, en_transaccion, leer_fecha
from operacion.salida import ErrorDeUsuario, consola

app = typer.Typer(help="Campañas de difusión y su comprobación.", no_args_is_help=True)
TIPOS = ("spot", "insercion", "banner")


@app.command("crear")
def crear(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre de la campaña.")],
    desde: Annotated[str, typer.Option("--desde", help="Inicio, AAAA-MM-DD.")],
    hasta: Annotated[str, typer.Option("--hasta", help="Fin, AAAA-MM-DD.")],
    mensaje: Annotated[str, typer.Option("--mensaje", help="Mensaje de la campaña.")] = "",
    recurso: Annotated[
        list[int] | None, typer.Option("--recurso", help="Id de un material del banco (repetible).")
    ] = None,
) -> None:
    """Da de alta una campaña con su periodo, mensaje y materiales."""
    from datos.repositorio.campanas import crear_campana

    inicio, fin = leer_fecha(desde), leer_fecha(hasta)
    ident = en_transaccion(
        lambda s: crear_campana(s, nombre, inicio, fin, mensaje, recurso or [], autor_cli()).id
    )
    consola.print(f"Campaña {ident} creada.")


@app.command("orden")
def orden(
    campana: Annotated[str, typer.Option("--campana", help="Nombre o id de la campaña.")],
    medio: Annotated[str, typer.Option("--medio", help="Nombre del medio.")],
    tipo: Annotated[str, typer.Option("--tipo", help="spot, insercion o banner.")],
    cantidad: Annotated[int, typer.Option("--cantidad", help="Spots, inserciones o banners.")],
    costo: Annotated[str, typer.Option("--costo", help="Costo total de la orden, con IVA.")],
    horario: Annotated[str | None, typer.Option("--horario", help="Franja de los spots.")] = None,
    tamano: Annotated[str | None, typer.Option("--tamano", help="Tamaño de la inserción.")] = None,
    pagina: Annotated[str | None, typer.Option("--pagina", help="Página o sección.")] = None,
    convenio: Annotated[int | None, typer.Option("--convenio", help="Id del convenio.")] = None,
) -> None:
    """Agrega una orden de la pauta a un medio."""
    from datos.modelos import TipoOrden
    from datos.repositorio.campanas import DatosOrden, buscar_campana, crear_orden

    if tipo not in TIPOS:
        raise ErrorDeUsuario(f"tipo de orden inválido {tipo!r}: use spot, insercion o banner")
    datos = DatosOrden(medio, TipoOrden(tipo), cantidad, costo, horario, tamano, pagina, convenio)
    ident = en_transaccion(
        lambda s: crear_orden(s, buscar_campana(s, campana), datos, autor_cli()).id
    )
    consola.print(f"Orden {ident} registrada.")


def _momento(fecha: str, hora: str) -> dt.datetime:
    """Fecha y hora locales de la oficina, o error en español."""
    from datos.config import cargar
    from rastreadores.importadores.tabla import celda_hora

    try:
        return dt.datetime.combine(leer_fecha(fecha), celda_hora(hora), cargar().zona)
    except ValueError as exc:
        raise ErrorDeUsuario(str(exc)) from exc


@app.command("entrega")
def entrega(
    orden: Annotated[int, typer.Option("--orden", help="Id de la orden.")],
    fecha: Annotated[str | None, typer.Option("--fecha", help="Día del spot, AAAA-MM-DD.")] = None,
    hora: Annotated[str | None, typer.Option("--hora", help="Hora del spot, HH:MM.")] = None,
    programa: Annotated[str | None, typer.Option("--programa", help="Programa.")] = None,
    nota: Annotated[int | None, typer.Option("--nota", help="Página impresa (testigo).")] = None,
    captura: Annotated[
        str | None, typer.Option("--captura", help="URL de la página con el banner.")
    ] = None,
) -> None:
    """Registra un spot (--fecha y --hora), una inserción (--nota) o un banner (--captura URL)."""
    from datos.repositorio.campanas import obtener_orden, registrar_insercion, registrar_transmision

    pruebas = [fecha is not None and hora is not None, nota is not None, captura is not None]
    if sum(pruebas) != 1 or (not pruebas[0] and (fecha or hora)):
        raise ErrorDeUsuario(
            "indique --fecha y --hora de un spot, --nota de una inserción o --captura URL de un "
            "banner (sólo una)"
        )
    if captura is not None:
        nueva = _capturar_banner(orden, captura)
    elif nota is not None:
        nueva = en_transaccion(lambda s: registrar_insercion(s, obtener_orden(s, orden), nota))
    else:
        momento = _momento(fecha or "", hora or "")
        nueva = en_transaccion(
            lambda s: registrar_transmision(s, obtener_orden(s, orden), momento, programa)
        )
    consola.print("Entrega registrada." if nueva else "Esa entrega ya estaba registrada.")


def _capturar_banner(orden: int, url: str) -> bool:
    """Captura con Chromium la página del banner y registra la entrega (con barra de espera)."""
    from rastreadores.testigos_pantalla import capturar_banner

    with consola.status("Tomando la captura de la página con Chromium…"):
        return bool(en_transaccion(capturar_banner, orden, url, autor_cli()))


@app.command("importar")
def importar(
    archivo: Annotated[Path, typer.Argument(help="CSV o Excel con la bitácora del medio.")],
    orden: Annotated[int, typer.Option("--orden", help="Id de la orden de spots.")],
) -> None:
    """Importa los spots transmitidos de una orden; valida fila por fila."""
    from operacion.cli.notas import _informe
    from rastreadores.importadores.pauta import importar_bitacora

    _informe(en_transaccion(importar_bitacora, archivo, orden))


def _tabla(datos: dict[str, Any]) -> None:
    """Cumplimiento legible: una fila por medio y el total."""
    tabla = Table(title=f"Cumplimiento de «{datos['campana']}»")
    for columna in ("Medio", "Ordenadas", "Entregadas", "Faltan", "Costo", "Costo por entrega"):
        tabla.add_column(columna)
    filas = [*datos["medios"], {"medio": "Total", **datos["total"]}]
    for f in filas:
        tabla.add_row(
            f["medio"],
            str(f["ordenadas"]),
            str(f["entregadas"]),
            str(f["faltan"]),
            f"${float(f['costo']):,.2f}",
            f"${float(f['costo_por_entrega']):,.2f}" if f["costo_por_entrega"] else "—",
        )
    consola.print(tabla)


@app.command("cumplimiento")
def cumplimiento(
    campana: Annotated[str, typer.Option("--campana", help="Nombre o id de la campaña.")],
    como_json: Annotated[bool, typer.Option("--json", help="Salida JSON.")] = False,
) -> None:
    """Ordenado contra entregado y costo por entrega, por orden, medio y campaña."""
    from datos.consultas.campanas import cumplimiento as calcular
    from datos.consultas.campanas import cumplimiento_a_dict
    from datos.repositorio.campanas import buscar_campana

    datos = en_transaccion(
        lambda s: cumplimiento_a_dict(calcular(s, buscar_campana(s, campana).id))
    )
    if como_json:
        print(json.dumps(datos, ensure_ascii=False))
        return
    _tabla(datos)


@app.command("expediente")
def expediente(
    campana: Annotated[str, typer.Option("--campana", help="Nombre o id de la campaña.")],
    salida: Annotated[Path, typer.Option("--salida", help="Carpeta donde dejar el expediente.")],
    como_json: Annotated[bool, typer.Option("--json", help="Imprime el manifiesto.")] = False,
) -> None:
    """Cada entrega con su prueba (capturas, páginas impresas, bitácora) y sus sha256."""
    from datos.config import cargar
    from datos.repositorio.campanas import buscar_campana
    from reportes.expediente import cargar as cargar_expediente
    from reportes.expediente import escribir

    datos = en_transaccion(
        lambda s: cargar_expediente(s, buscar_campana(s, campana).id, cargar().zona)
    )
    try:
        manifiesto = escribir(datos, salida)
    except OSError as exc:
        raise ErrorDeUsuario(f"no se pudo escribir el expediente en {salida}: {exc}") from exc
    if como_json:
        print(manifiesto.read_text(encoding="utf-8"))
        return
    contenido = json.loads(manifiesto.read_text(encoding="utf-8"))
    consola.print(f"{len(datos.entregas)} entregas de «{datos.campana}» escritas en {salida}")
    for clave, motivo in (("alteradas", "no coincide con su huella"), ("faltantes", "falta")):
        if contenido[clave]:
            consola.print(f"  Atención: la prueba de las entregas {contenido[clave]} {motivo}.")
