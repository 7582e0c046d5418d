"""`monitoreo solicitudes`: atención ciudadana (crear, listar, cambiar de estado)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from operacion.cli.comun import autor_cli, en_transaccion
from operacion.salida import consola

app = typer.Typer(help="Atención ciudadana: solicitudes de la gente.", no_args_is_help=True)
COLUMNAS_TABLA = ("id", "folio", "estado", "tema", "localidad", "dependencia", "vence_en", "asunto")
COLUMNAS_JSON = ("folio", "estado", "canal", "tema", "localidad", "dependencia", "asunto", "enlace")


def _crear(s: Any, nota: int | None, **datos: Any) -> tuple[str, str]:
    """Alta (o desde una nota) y su folio y vencimiento."""
    from datos.consultas.solicitudes import folio
    from datos.repositorio import solicitudes as repo

    if nota is not None:
        sol = repo.desde_nota(s, nota, datos["usuario"])
    else:
        sol = repo.crear_solicitud(s, **datos)
    return folio(sol.id, sol.recibida_en), f"{sol.vence_en:%d/%m/%Y}"


@app.command("crear")
def crear(
    asunto: Annotated[str, typer.Option("--asunto", help="Qué pide o reporta la persona.")] = "",
    canal: Annotated[
        str,
        typer.Option("--canal", help="ventanilla, telefono, facebook, whatsapp, correo, evento."),
    ] = "ventanilla",
    tema: Annotated[
        str,
        typer.Option(
            "--tema", help="agua, alumbrado, basura, calles, salud, seguridad, apoyos, otro."
        ),
    ] = "otro",
    localidad: Annotated[
        str | None, typer.Option("--localidad", help="Localidad del municipio.")
    ] = None,
    dependencia: Annotated[
        str | None, typer.Option("--dependencia", help="Dependencia a la que se canaliza.")
    ] = None,
    descripcion: Annotated[str | None, typer.Option("--descripcion")] = None,
    nota: Annotated[
        int | None, typer.Option("--nota", help="Crear desde una nota negativa (id).")
    ] = None,
    contacto_nombre: Annotated[str | None, typer.Option("--contacto-nombre")] = None,
    contacto_telefono: Annotated[str | None, typer.Option("--contacto-telefono")] = None,
    contacto_correo: Annotated[str | None, typer.Option("--contacto-correo")] = None,
) -> None:
    """Registra una solicitud con su plazo según el tema (o prellenada desde una nota)."""
    datos: dict[str, Any] = {"usuario": autor_cli()}
    if nota is None:
        datos.update(
            canal=canal,
            asunto=asunto,
            tema_clave=tema,
            localidad=localidad,
            dependencia=dependencia,
            descripcion=descripcion,
            contacto_nombre=contacto_nombre,
            contacto_telefono=contacto_telefono,
            contacto_correo=contacto_correo,
        )
    numero, vence = en_transaccion(_crear, nota, **datos)
    consola.print(f"Solicitud {numero} registrada; vence el {vence}.")


@app.command("listar")
def listar(
    estado: Annotated[str | None, typer.Option("--estado", help="Sólo las de este estado.")] = None,
    como_json: Annotated[bool, typer.Option("--json", help="Una lista JSON.")] = False,
) -> None:
    """Las solicitudes, sin datos personales (las exportaciones siempre son anónimas)."""
    filas = en_transaccion(_listar, estado)
    if como_json:
        print(json.dumps(filas, ensure_ascii=False))
        return
    tabla = Table(title="Solicitudes ciudadanas")
    for columna in COLUMNAS_TABLA:
        tabla.add_column(columna)
    for f in filas:
        tabla.add_row(*(str(f[c] or "—") for c in COLUMNAS_TABLA))
    consola.print(tabla)


def _listar(s: Any, estado: str | None) -> list[dict[str, Any]]:
    """Filas anónimas como diccionarios JSON."""
    from datos.consultas.solicitudes import solicitudes
    from datos.modelos import EstadoSolicitud

    try:
        filtro = EstadoSolicitud(estado) if estado else None
    except ValueError as exc:
        raise ValueError(f"estado desconocido {estado!r}") from exc
    marco = solicitudes(s, estado=filtro)
    return [
        {
            "id": int(f["id"]),
            **{c: f[c] for c in COLUMNAS_JSON},
            "recibida_en": f["recibida_en"].isoformat(),
            "vence_en": f["vence_en"].isoformat(),
        }
        for f in marco.to_dict("records")
    ]


@app.command("cambiar")
def cambiar(
    solicitud: Annotated[int, typer.Argument(help="Id de la solicitud.")],
    estado: Annotated[
        str, typer.Option("--estado", help="canalizada, en_atencion, resuelta, no_procede...")
    ],
    dependencia: Annotated[str | None, typer.Option("--dependencia")] = None,
    respuesta: Annotated[str | None, typer.Option("--respuesta", help="Qué se hizo.")] = None,
) -> None:
    """Cambia el estado (queda en la bitácora)."""
    from datos.repositorio.solicitudes import cambiar_estado

    def aplicar(s: Any) -> str:
        return cambiar_estado(
            s, solicitud, estado, autor_cli(), dependencia=dependencia, respuesta=respuesta
        ).estado.value

    nuevo = en_transaccion(aplicar)
    consola.print(f"Solicitud {solicitud}: {nuevo}.")


@app.command("dependencia")
def dependencia(
    nombre: Annotated[str, typer.Option("--nombre", help="Nombre de la dependencia.")],
    correo: Annotated[str | None, typer.Option("--correo", help="A quién se le recuerda.")] = None,
    responsable: Annotated[str | None, typer.Option("--responsable")] = None,
) -> None:
    """Da de alta una dependencia o cambia su correo de recordatorios."""
    from datos.repositorio.solicitudes import guardar_dependencia

    def aplicar(s: Any) -> str:
        return str(guardar_dependencia(s, nombre, autor_cli(), correo, responsable).nombre)

    consola.print(f"Dependencia guardada: {en_transaccion(aplicar)}.")
