"""Registro de Scrapy de cada rastreo en su propio archivo, conservando sólo los más recientes.

El proceso hijo escribe su registro (stderr) en `registros/rastreo-AAAAMMDD-HHMMSS-PID.log` del
directorio de datos; al abrir uno nuevo se borran los más viejos. Así, tras un rastreo con avisos
(robots.txt, reintentos, 404) hay dónde mirar aunque haya terminado bien.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

CARPETA = "registros"
PREFIJO = "rastreo-"
# Con el servicio rastreando cada 15-60 min, 200 archivos son de dos a siete días de historia.
CONSERVAR = 200


def _podar(carpeta: Path, conservar: int) -> None:
    """Borra los registros de rastreo más viejos, dejando `conservar`."""
    viejos = sorted(carpeta.glob(f"{PREFIJO}*.log"))[:-conservar]
    for archivo in viejos:
        archivo.unlink(missing_ok=True)


def abrir_registro(directorio: Path, conservar: int = CONSERVAR) -> tuple[IO[bytes], Path | None]:
    """Archivo nuevo para el registro del rastreo (y su ruta); temporal si no se puede escribir."""
    carpeta = directorio / CARPETA
    marca = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    ruta = carpeta / f"{PREFIJO}{marca}-{os.getpid()}.log"
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
        _podar(carpeta, max(conservar - 1, 0))
        return ruta.open("w+b"), ruta
    except OSError as exc:
        log.warning("no se pudo abrir %s (%s); el registro del rastreo no se conserva", ruta, exc)
        return tempfile.TemporaryFile(), None
