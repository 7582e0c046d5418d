"""Alertas por correo: notas negativas nuevas de medios de alto alcance, una sola vez cada una.

El servicio llama a `enviar_alertas` en cada ciclo después del análisis; las notas alertadas quedan
anotadas en la bitácora (acción «alerta», ver `datos.consultas.alertas`) y no se repiten. Si el
correo falla no se anota nada: se reintenta en el siguiente ciclo.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from analisis.metricas import audiencia_con_unidad
from datos import config as configuracion
from datos.consultas.alertas import ACCION_ALERTA, NotaAlerta, notas_para_alertar
from datos.modelos import Nota
from datos.repositorio.bitacora import registrar
from oficina import correo
from reportes import (
    DIRECCION,
    enlace_publico,
    fecha_hora,
    institucion,
    numero,
    resumen_corto,
)

log = logging.getLogger(__name__)

USUARIO_SISTEMA = "sistema"
# Ventana de captura que se revisa: el tono se calcula en el análisis, que puede ir horas detrás
# del rastreo, y el servicio puede estar detenido un fin de semana (viernes noche → lunes ≈ 60 h).
# 72 h cubre ambos casos sin desenterrar notas viejas al instalar el sistema.
VENTANA_ALERTA = dt.timedelta(hours=72)
_ESTILO_TITULO = "margin:12px 0 2px;font-size:16px"
_ESTILO_DATOS = "margin:0;color:#555;font-size:13px"


def asunto_alerta(cantidad: int) -> str:
    """«Alerta: 2 notas negativas de alto alcance» (singular con una)."""
    if cantidad == 1:
        return "Alerta: 1 nota negativa de alto alcance"
    return f"Alerta: {cantidad} notas negativas de alto alcance"


def _datos(nota: NotaAlerta, zona: ZoneInfo) -> str:
    """«Medio · alcance potencial 80,000 · publicada 26 de noviembre de 2026, 08:15 · tono ...»."""
    origen = "confirmado por el personal" if nota.tono_confirmado else "calculado"
    if nota.fecha_publicacion is not None:
        momento = f"publicada {fecha_hora(nota.fecha_publicacion, zona)}"
    else:
        momento = f"capturada {fecha_hora(nota.fecha_captura, zona)}"
    return " · ".join(
        [
            nota.medio,
            f"alcance potencial {audiencia_con_unidad(nota.audiencia, nota.unidad)}",
            momento,
            f"tono negativo ({origen})",
        ]
    )


def _introduccion(cantidad: int, alcance: int) -> str:
    """Primer párrafo del correo."""
    minimo = f"alcance potencial de al menos {numero(alcance)}"
    if cantidad == 1:
        return (
            f"Se publicó 1 nota con tono negativo hacia el Ayuntamiento en un medio con {minimo}."
        )
    return (
        f"Se publicaron {cantidad} notas con tono negativo hacia el Ayuntamiento en medios con "
        f"{minimo}."
    )


def texto_alerta(notas: Sequence[NotaAlerta], alcance: int, zona: ZoneInfo) -> str:
    """Cuerpo en texto plano del correo de alerta."""
    partes = [f"{institucion()} — {DIRECCION}", "", _introduccion(len(notas), alcance), ""]
    for i, nota in enumerate(notas, start=1):
        partes += [f"{i}. {nota.titulo}", f"   {_datos(nota, zona)}"]
        partes.append(f"   {resumen_corto(nota.resumen, nota.texto)}")
        enlace = enlace_publico(nota.url_original, nota.url_canonica)
        partes += [f"   {enlace}"] if enlace else []
        partes.append("")
    return "\n".join(partes)


def _pieza_html(nota: NotaAlerta, zona: ZoneInfo) -> str:
    """Una nota en el HTML del correo, todo escapado."""
    e = html.escape
    titulo = e(nota.titulo)
    enlace = enlace_publico(nota.url_original, nota.url_canonica)
    if enlace:
        titulo = f'<a href="{e(enlace, quote=True)}">{titulo}</a>'
    return (
        f'<h3 style="{_ESTILO_TITULO}">{titulo}</h3>'
        f'<p style="{_ESTILO_DATOS}">{e(_datos(nota, zona))}</p>'
        f'<p style="margin:4px 0">{e(resumen_corto(nota.resumen, nota.texto))}</p>'
    )


def html_alerta(notas: Sequence[NotaAlerta], alcance: int, zona: ZoneInfo) -> str:
    """Cuerpo HTML (escapado) del correo de alerta."""
    piezas = "".join(_pieza_html(n, zona) for n in notas)
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8"></head>'
        '<body style="font-family:sans-serif">'
        f'<p style="color:#555">{html.escape(institucion())} — {html.escape(DIRECCION)}</p>'
        f'<p style="color:#c62828"><b>{html.escape(_introduccion(len(notas), alcance))}</b></p>'
        f"{piezas}</body></html>"
    )


def _puede_enviar(config: configuracion.Configuracion) -> bool:
    """Hay servidor SMTP y destinatarios; si no, lo dice en el log."""
    if not config.smtp.configurado:
        log.warning("alertas sin enviar: no hay servidor de correo (MONITOREO_SMTP_SERVIDOR)")
        return False
    if not config.sintesis_destinatarios:
        log.warning("alertas sin enviar: no hay destinatarios (MONITOREO_SINTESIS_DESTINATARIOS)")
        return False
    return True


def _marcar(
    s: Session, notas: Sequence[NotaAlerta], destinatarios: Sequence[str], ahora: dt.datetime
) -> None:
    """Anota en la bitácora cada nota alertada para no repetirla."""
    cambios: dict[str, list[Any]] = {
        "alertada_en": [None, ahora.isoformat()],
        "destinatarios": [None, list(destinatarios)],
    }
    for nota in notas:
        registrar(s, USUARIO_SISTEMA, ACCION_ALERTA, Nota.__tablename__, nota.nota_id, cambios)
    s.flush()


def enviar_alertas(s: Session, config: configuracion.Configuracion, *, ahora: dt.datetime) -> int:
    """Envía un correo con las notas negativas nuevas de alto alcance; devuelve cuántas alertó."""
    if not _puede_enviar(config):
        return 0
    notas = notas_para_alertar(
        s, alcance_minimo=config.alcance_alerta, desde=ahora - VENTANA_ALERTA
    )
    if not notas:
        return 0
    destinatarios = list(config.sintesis_destinatarios)
    mensaje = correo.crear_mensaje(
        asunto_alerta(len(notas)),
        config.smtp.remitente,
        destinatarios,
        texto_alerta(notas, config.alcance_alerta, config.zona),
        html_alerta(notas, config.alcance_alerta, config.zona),
    )
    try:
        correo.enviar(mensaje, config.smtp)
    except correo.ErrorDeCorreo as exc:
        log.error("no se pudo enviar la alerta de %d nota(s): %s", len(notas), exc.motivo)
        return 0
    _marcar(s, notas, destinatarios, ahora)
    return len(notas)
