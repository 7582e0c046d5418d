"""Lo común a los comandos: base lista, lectura de archivos y de fechas, autor y transacciones."""

from __future__ import annotations

import datetime as dt
import getpass
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from operacion.base_datos import base_lista
from operacion.salida import ErrorDeUsuario, consola

# Lo más grande que se acepta leer de un archivo local para extraer o leer un feed.
TAMANO_MAXIMO_ARCHIVO = 50 * 1024 * 1024


def leer_archivo(ruta: Path) -> bytes:
    """Bytes de un archivo o ErrorDeUsuario con el motivo."""
    try:
        if ruta.stat().st_size > TAMANO_MAXIMO_ARCHIVO:
            raise ErrorDeUsuario(f"{ruta}: el archivo pasa de 50 MB")
        return ruta.read_bytes()
    except OSError as exc:
        raise ErrorDeUsuario(f"no se pudo leer {ruta}: {exc.strerror or exc}") from exc


def iso(fecha: dt.datetime | None) -> str | None:
    """Fecha ISO 8601 o None."""
    return fecha.isoformat() if fecha else None


def autor_cli() -> str:
    """Quién hace el cambio desde la terminal, para la bitácora."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def en_transaccion(funcion: Any, *args: Any, **kwargs: Any) -> Any:
    """Llama a un importador en una transacción; sus errores de entrada salen como código 2."""
    from datos.sesion import sesion
    from rastreadores.importadores.ocr import OcrNoDisponible

    try:
        with sesion(base_lista()) as s:
            return funcion(s, *args, **kwargs)
    except (ValueError, OcrNoDisponible, OSError) as exc:
        raise ErrorDeUsuario(str(exc)) from exc


def leer_fecha(texto: str) -> dt.date:
    """AAAA-MM-DD o error en español."""
    try:
        return dt.date.fromisoformat(texto)
    except ValueError as exc:
        raise ErrorDeUsuario(f"fecha inválida {texto!r}: use AAAA-MM-DD") from exc


def leer_mes(texto: str) -> tuple[int, int]:
    """AAAA-MM o error en español."""
    coincidencia = re.fullmatch(r"(\d{4})-(\d{2})", texto.strip())
    if not coincidencia or not 1 <= int(coincidencia.group(2)) <= 12:
        raise ErrorDeUsuario(f"mes inválido {texto!r}: use AAAA-MM")
    return int(coincidencia.group(1)), int(coincidencia.group(2))


def leer_folio(folio: str) -> tuple[int, int]:
    """NNN/AAAA → (número, año) o error en español."""
    coincidencia = re.fullmatch(r"(\d{1,4})/(\d{4})", folio.strip())
    if not coincidencia:
        raise ErrorDeUsuario(f"folio inválido {folio!r}: use NNN/AAAA")
    return int(coincidencia.group(1)), int(coincidencia.group(2))


def ids_de_medios(motor: Engine, medios: list[str]) -> list[int]:
    """Ids de los medios nombrados; error en español si alguno no existe."""

    from datos.modelos import Medio
    from datos.sesion import sesion

    with sesion(motor) as s:
        filas = s.execute(select(Medio.nombre, Medio.id).where(Medio.nombre.in_(medios))).all()
    encontrados = {nombre: ident for nombre, ident in filas}
    faltan = sorted(set(medios) - set(encontrados))
    if faltan:
        raise ErrorDeUsuario(f"no existen en el padrón: {', '.join(faltan)}")
    return list(encontrados.values())


def informe_envio(r: object) -> None:
    """Enviados, fallidos con su motivo y ya enviados."""
    consola.print(
        f"Enviados: {getattr(r, 'enviados', 0)} · fallidos: {getattr(r, 'fallidos', 0)} · "
        f"ya enviados: {getattr(r, 'ya_enviados', 0)}"
    )
    for correo, motivo in getattr(r, "motivos", {}).items():
        consola.print(f"  {correo}: {motivo}")
