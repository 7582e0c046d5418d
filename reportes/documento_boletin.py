"""Boletín con el formato de la oficina (texto, HTML escapado, PDF) e invitación a medios."""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from datos.config import cargar
from datos.modelos import Boletin, Evento
from reportes import DIRECCION, fecha_larga, institucion, local
from reportes.pdf import COLOR_PRINCIPAL, COLOR_TENUE, DocumentoPDF

CIERRE = "-o0o-"
# Nombres de contacto que no son una persona: el saludo va entonces a la redacción del medio.
_GENERICO = re.compile(r"redacci|jefatura|informaci|noticias|contacto|prensa|mesa de")
# Plantilla de la invitación: se puede ajustar sin tocar código; $variables de string.Template.
PLANTILLA_INVITACION = """\
$institucion
$direccion

INVITACIÓN A MEDIOS

$saludo:

La $direccion le invita cordialmente a cubrir el siguiente evento:

$titulo
Fecha: $fecha
Hora: $hora
Lugar: $lugar

$descripcion

Le agradeceremos confirmar su asistencia respondiendo a este correo.

Atentamente,
$direccion
"""


def asunto_boletin(boletin: Boletin) -> str:
    """«Boletín 045/2026: titular»."""
    return f"Boletín {boletin.folio}: {boletin.titular}"


def fecha_y_lugar(boletin: Boletin, zona: ZoneInfo | None = None) -> str:
    """«Tampacán, S.L.P., a 26 de noviembre de 2026»."""
    lugar = (boletin.lugar or cargar().institucion.lugar).strip()
    return f"{lugar}, a {fecha_larga(boletin.fecha_emision, zona or cargar().zona)}"


def _cita(cita: Mapping[str, Any]) -> str:
    """«“texto”, autor, cargo»."""
    quien = ", ".join(str(cita[c]).strip() for c in ("autor", "cargo") if cita.get(c))
    texto = f"“{str(cita.get('texto', '')).strip()}”"
    return f"{texto} — {quien}" if quien else texto


def _parrafos(texto: str) -> list[str]:
    """Párrafos separados por líneas en blanco (o saltos simples), sin espacios sobrantes."""
    return [" ".join(p.split()) for p in texto.replace("\r", "").split("\n") if p.strip()]


def texto_boletin(boletin: Boletin, zona: ZoneInfo | None = None) -> str:
    """El boletín en texto plano, con el formato de la oficina."""
    partes = [
        f"{institucion()}\n{DIRECCION}",
        f"Boletín {boletin.folio}",
        fecha_y_lugar(boletin, zona),
        boletin.titular.strip().upper(),
        *_parrafos(boletin.entradilla),
        *_parrafos(boletin.cuerpo),
        *(_cita(c) for c in boletin.citas or []),
    ]
    if boletin.area:
        partes.append(f"Área: {boletin.area}")
    partes.append(CIERRE)
    return "\n\n".join(partes) + "\n"


def html_boletin(boletin: Boletin, zona: ZoneInfo | None = None) -> str:
    """El boletín como HTML autocontenido; todo texto del usuario va escapado."""
    e = html.escape
    cuerpo = "".join(f"<p>{e(p)}</p>" for p in _parrafos(boletin.cuerpo))
    citas = "".join(f"<blockquote>{e(_cita(c))}</blockquote>" for c in boletin.citas or [])
    area = f'<p class="area">Área: {e(boletin.area)}</p>' if boletin.area else ""
    return (
        '<!DOCTYPE html><html lang="es-MX"><head><meta charset="utf-8">'
        f"<title>{e(asunto_boletin(boletin))}</title></head>"
        '<body style="font-family: sans-serif; max-width: 42em; color: #212121">'
        f'<p style="color:#7a1e34"><strong>{e(institucion())}</strong><br>{e(DIRECCION)}</p>'
        f'<p class="folio"><strong>Boletín {e(boletin.folio)}</strong></p>'
        f'<p class="fecha">{e(fecha_y_lugar(boletin, zona))}</p>'
        f"<h1>{e(boletin.titular)}</h1>"
        f'<p class="entradilla"><strong>{e(" ".join(boletin.entradilla.split()))}</strong></p>'
        f"{cuerpo}{citas}{area}<p>{e(CIERRE)}</p></body></html>"
    )


def pdf_boletin(
    boletin: Boletin, salida: Path | None = None, zona: ZoneInfo | None = None
) -> bytes:
    """El boletín en PDF tamaño carta (DejaVu si está instalada); lo guarda si se da `salida`."""
    zona = zona or cargar().zona
    pdf = DocumentoPDF(f"Boletín {boletin.folio}", zona)
    pdf.alias_nb_pages()
    pdf.parrafo(f"Boletín {boletin.folio}", 12, "B", COLOR_PRINCIPAL)
    pdf.parrafo(fecha_y_lugar(boletin, zona), 9, "", COLOR_TENUE)
    pdf.ln(3)
    pdf.titulo(boletin.titular, 15)
    pdf.parrafo(" ".join(boletin.entradilla.split()), 10.5, "B")
    for parrafo in _parrafos(boletin.cuerpo):
        pdf.ln(2)
        pdf.parrafo(parrafo, 10.5)
    for cita in boletin.citas or []:
        pdf.ln(2)
        pdf.parrafo(_cita(cita), 10.5, "I")
    if boletin.area:
        pdf.ln(3)
        pdf.parrafo(f"Área: {boletin.area}", 9, "", COLOR_TENUE)
    pdf.ln(3)
    pdf.parrafo(CIERRE, 10)
    datos = bytes(pdf.output())
    if salida is not None:
        salida.parent.mkdir(parents=True, exist_ok=True)
        salida.write_bytes(datos)
    return datos


def nombre_pdf(boletin: Boletin) -> str:
    """Nombre de archivo del PDF: boletin-045-2026.pdf."""
    return f"boletin-{boletin.numero:03d}-{boletin.anio}.pdf"


@dataclass(frozen=True)
class Invitacion:
    """Asunto y cuerpos (texto y HTML) de una invitación a medios."""

    asunto: str
    texto: str
    html: str


def saludo(contacto: str | None, medio: str) -> str:
    """«Apreciable Laura Pérez» (sin suponer su género) o, sin nombre, a la redacción."""
    nombre = (contacto or "").strip()
    if nombre and not _GENERICO.search(nombre.lower()):
        return f"Apreciable {nombre}"
    return f"Apreciable equipo de redacción de {medio}"


def _valores_invitacion(
    evento: Evento, medio: str, zona: ZoneInfo, contacto: str | None = None
) -> dict[str, str]:
    """Variables de la plantilla a partir del evento."""
    inicio = local(evento.inicio, zona)
    lugar = ", ".join(p for p in (evento.lugar, evento.localidad) if p) or "por confirmar"
    return {
        "institucion": institucion(),
        "direccion": DIRECCION,
        "medio": medio,
        "saludo": saludo(contacto, medio),
        "titulo": evento.titulo,
        "fecha": fecha_larga(inicio),
        "hora": f"{inicio:%H:%M} h",
        "lugar": lugar,
        "descripcion": (evento.descripcion or "").strip(),
    }


def invitacion_a_medios(
    evento: Evento,
    medio: str = "redacción",
    plantilla: str = PLANTILLA_INVITACION,
    zona: ZoneInfo | None = None,
    contacto: str | None = None,
) -> Invitacion:
    """Llena la plantilla de invitación (texto y HTML escapado) para un evento y un medio."""
    valores = _valores_invitacion(evento, medio, zona or cargar().zona, contacto)
    modelo = string.Template(plantilla)
    texto = modelo.safe_substitute(valores)
    escapados = {k: html.escape(v) for k, v in valores.items()}
    cuerpo = html.escape(modelo.template).replace("\n", "<br>\n")
    html_ = string.Template(cuerpo).safe_substitute(escapados)
    asunto = f"Invitación: {evento.titulo} ({valores['fecha']}, {valores['hora']})"
    return Invitacion(asunto, texto, f'<div style="font-family: sans-serif">{html_}</div>')
