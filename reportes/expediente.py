"""Expediente de comprobación de una campaña: cada entrega con su prueba.

Sirve para pagar a los medios y para rendir cuentas de lo pagado.

Una carpeta (o un ZIP) con `entregas.csv` (una fila por spot, inserción o banner), las capturas de
los banners, el testigo de cada página impresa que lleva una inserción y `manifiesto.json` con el
sha256 de cada archivo. Los archivos son los originales del almacén de testigos; si alguno ya no
coincide con la huella registrada, el manifiesto lo dice en vez de callarlo.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from datos.consultas.campanas import FilaEntrega, datos_de_campana, entregas_de_campana
from datos.consultas.testigos import EvidenciaNota, evidencia_de_nota
from datos.testigos import leer_testigo
from reportes.testigo import exportar as exportar_testigo

ALTERADO = "NO COINCIDE CON LA HUELLA REGISTRADA"
FALTA = "FALTA EL ARCHIVO"
COLUMNAS = (
    "entrega",
    "orden",
    "medio",
    "tipo",
    "fecha_hora_local",
    "programa",
    "duracion_s",
    "origen",
    "url",
    "nota",
    "archivo",
    "sha256",
)


@dataclass(frozen=True)
class Expediente:
    """Lo que se exporta: la campaña, sus entregas y la evidencia de cada inserción impresa."""

    campana: str
    inicio: str
    fin: str
    entregas: Sequence[FilaEntrega]
    evidencias: dict[int, EvidenciaNota]
    zona: ZoneInfo


def escribir(expediente: Expediente, salida: Path) -> Path:
    """Escribe la carpeta del expediente y devuelve la ruta de `manifiesto.json`."""
    salida.mkdir(parents=True, exist_ok=True)
    filas = [_fila(e, expediente, salida) for e in expediente.entregas]
    with (salida / "entregas.csv").open("w", encoding="utf-8-sig", newline="") as archivo:
        escritor = csv.DictWriter(archivo, COLUMNAS)
        escritor.writeheader()
        escritor.writerows(filas)
    manifiesto = {
        "campana": expediente.campana,
        "periodo": [expediente.inicio, expediente.fin],
        "entregas": filas,
        "alteradas": [f["entrega"] for f in filas if f["sha256"] == ALTERADO],
        "faltantes": [f["entrega"] for f in filas if f["sha256"] == FALTA],
    }
    ruta = salida / "manifiesto.json"
    ruta.write_text(json.dumps(manifiesto, ensure_ascii=False, indent=2), encoding="utf-8")
    return ruta


def _fila(e: FilaEntrega, expediente: Expediente, salida: Path) -> dict[str, object]:
    """La fila del CSV y del manifiesto; copia la prueba de la entrega si es un archivo."""
    archivo, huella = _prueba(e, expediente, salida)
    return {
        "entrega": e.entrega_id,
        "orden": e.orden_id,
        "medio": e.medio,
        "tipo": e.tipo,
        "fecha_hora_local": e.momento.astimezone(expediente.zona).strftime("%Y-%m-%d %H:%M"),
        "programa": e.programa or "",
        "duracion_s": e.duracion_segundos or "",
        "origen": e.origen,
        "url": e.url or "",
        "nota": e.nota_id or "",
        "archivo": archivo,
        "sha256": huella,
    }


def _prueba(e: FilaEntrega, expediente: Expediente, salida: Path) -> tuple[str, str]:
    """(archivo relativo, sha256) de la prueba; ("", "") si es un spot de bitácora."""
    try:
        return _copiar_prueba(e, expediente, salida)
    except OSError:
        # El archivo ya no está en el almacén: se dice en el expediente, no se aborta todo.
        return "", FALTA


def _copiar_prueba(e: FilaEntrega, expediente: Expediente, salida: Path) -> tuple[str, str]:
    """Copia la captura del banner o el testigo de la página impresa."""
    if e.captura is not None:
        nombre = f"banners/entrega-{e.entrega_id}.png"
        contenido = leer_testigo(e.captura.ruta)
        (salida / "banners").mkdir(exist_ok=True)
        (salida / nombre).write_bytes(contenido)
        real = hashlib.sha256(contenido).hexdigest()
        return nombre, real if real == e.captura.sha256 else ALTERADO
    evidencia = expediente.evidencias.get(e.nota_id or 0)
    if evidencia is not None and evidencia.archivos:
        carpeta = f"inserciones/nota-{evidencia.nota_id}"
        exportar_testigo(evidencia, salida / carpeta)
        return f"{carpeta}/manifiesto.json", ""
    return "", ""


def cargar(s: Session, campana_id: int, zona: ZoneInfo) -> Expediente:
    """Lee de la base lo que lleva el expediente (ValueError si la campaña no existe)."""
    datos = datos_de_campana(s, campana_id)
    if datos is None:
        raise ValueError(f"no existe la campaña {campana_id}")
    entregas = entregas_de_campana(s, campana_id)
    notas = {e.nota_id for e in entregas if e.nota_id is not None}
    evidencias = {n: ev for n in notas if (ev := evidencia_de_nota(s, n)) is not None}
    return Expediente(
        datos.nombre, datos.inicio.isoformat(), datos.fin.isoformat(), entregas, evidencias, zona
    )


def a_zip(carpeta: Path) -> bytes:
    """La carpeta del expediente como ZIP (para descargarla del tablero)."""
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w", zipfile.ZIP_DEFLATED) as comprimido:
        for ruta in sorted(p for p in carpeta.rglob("*") if p.is_file()):
            comprimido.write(ruta, ruta.relative_to(carpeta).as_posix())
    return memoria.getvalue()
