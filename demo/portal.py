"""Portal de transparencia de la demostración: tres formatos, uno de ellos atrasado.

Se sirve desde la misma máquina que los medios (`ServidorDemo`, carpeta `portal/`): un formato
SIPOT trimestral al día (último trimestre cerrado), otro trimestral que se quedó dos trimestres
atrás (vencido) y un CSV sin fechas, cuya vigencia sale de la cabecera Last-Modified.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.vigencia import Periodicidad, periodo_publicable
from datos.modelos import FormatoPortal
from datos.repositorio.portal import agregar_formato

CARPETA = "portal"
ETIQUETAS = [
    "Ejercicio",
    "Fecha de inicio del periodo que se informa",
    "Fecha de término del periodo que se informa",
    "Tipo de medio (catálogo)",
    "Concepto o campaña",
    "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información",
    "Fecha de validación",
    "Fecha de actualización",
    "Nota",
]


@dataclass(frozen=True)
class FormatoDemo:
    """Un formato publicado en el portal de demostración."""

    ruta: str
    fraccion: str
    nombre: str
    periodicidad: Periodicidad


FORMATOS = [
    FormatoDemo(
        "/transparencia/LTAIPSLP84XXIXB.xlsx",
        "XXIX",
        "LTAIPSLP84XXIXB Erogación de recursos por servicios de difusión",
        Periodicidad.TRIMESTRAL,
    ),
    FormatoDemo(
        "/transparencia/LTAIPSLP84XXIXC.xlsx",
        "XXIX",
        "LTAIPSLP84XXIXC Utilización de los tiempos oficiales en radio y TV",
        Periodicidad.TRIMESTRAL,
    ),
    FormatoDemo(
        "/transparencia/directorio.csv",
        "VII",
        "Directorio de servidores públicos de Comunicación Social",
        Periodicidad.TRIMESTRAL,
    ),
]


def _inicio_trimestre(fin: dt.date) -> dt.date:
    """Primer día del trimestre que termina en `fin`."""
    return dt.date(fin.year, fin.month - 2, 1)


def _anterior(fin: dt.date) -> dt.date:
    """Fin del trimestre anterior al que termina en `fin`."""
    return periodo_publicable(fin - dt.timedelta(days=1), Periodicidad.TRIMESTRAL)


def _excel(fin: dt.date, concepto: str) -> bytes:
    """Un formato SIPOT con un registro del trimestre que termina en `fin`."""
    libro = Workbook()
    hoja = libro.active
    assert hoja is not None  # un libro nuevo siempre trae su hoja
    hoja.title = "Informacion"
    hoja.append(["TITULO", "NOMBRE CORTO", "DESCRIPCION"])
    hoja.append(["Gastos de publicidad oficial", "LTAIPSLP84XXIX", "Comunicación social"])
    hoja.append(["Tabla Campos"])
    hoja.append(ETIQUETAS)
    actualizado = fin + dt.timedelta(days=12)
    inicio = _inicio_trimestre(fin)
    fila = [fin.year, inicio, fin, "Radio", concepto, "Comunicación Social", actualizado]
    hoja.append([*fila, actualizado, ""])
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def _escribir(destino: Path, contenido: bytes, cuando: dt.date) -> None:
    """Escribe el archivo con fecha de modificación `cuando` (la que dará Last-Modified)."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    destino.write_bytes(contenido)
    momento = dt.datetime.combine(cuando, dt.time(12), dt.UTC).timestamp()
    os.utime(destino, (momento, momento))


def escribir_portal(carpeta: Path, hoy: dt.date) -> None:
    """carpeta/portal/: robots.txt y los tres formatos, fechados respecto de `hoy`."""
    raiz = carpeta / CARPETA
    shutil.rmtree(raiz, ignore_errors=True)
    al_dia = periodo_publicable(hoy, Periodicidad.TRIMESTRAL)
    # Dos trimestres atrás: el plazo del trimestre siguiente venció hace al menos 60 días.
    atrasado = _anterior(_anterior(al_dia))
    b, c, directorio = FORMATOS
    _escribir(raiz / b.ruta.lstrip("/"), _excel(al_dia, "Campaña de salud"), hoy)
    _escribir(raiz / c.ruta.lstrip("/"), _excel(atrasado, "Spot de 30 segundos"), hoy)
    csv = "Nombre;Cargo;Correo\nLaura Hernández;Directora;comunicacion@tampacan.gob.mx\n"
    _escribir(raiz / directorio.ruta.lstrip("/"), csv.encode(), hoy - dt.timedelta(days=20))
    _escribir(raiz / "robots.txt", b"User-agent: *\nDisallow: /admin/\n", hoy)


def cargar_portal(s: Session, base: str) -> None:
    """Registra los formatos con la URL del servidor (idempotente: la URL cambia de puerto)."""
    for f in FORMATOS:
        existente = s.scalar(select(FormatoPortal).where(FormatoPortal.nombre == f.nombre))
        if existente is not None:
            existente.url = base + f.ruta
            continue
        agregar_formato(
            s,
            url=base + f.ruta,
            fraccion=f.fraccion,
            periodo=f.periodicidad,
            usuario="demo",
            nombre=f.nombre,
        )
    s.flush()
