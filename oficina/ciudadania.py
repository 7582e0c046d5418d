"""Recordatorios por correo a las dependencias de las solicitudes por vencer o vencidas.

Un correo por dependencia y por día, sin datos personales (sólo folio, asunto, localidad y plazo):
quien atiende pide el contacto a la oficina si lo necesita.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.config import Configuracion
from datos.consultas.solicitudes import folio
from datos.modelos import Dependencia, Solicitud
from datos.repositorio.bitacora import registrar
from datos.repositorio.solicitudes import CERRADOS
from datos.temas_solicitud import temas
from oficina.correo import ErrorDeCorreo, crear_mensaje, enviar

log = logging.getLogger(__name__)

# Se avisa desde un día antes del vencimiento: da tiempo de atender sin llenar de correos.
AVISO_ANTICIPADO = dt.timedelta(days=1)


def por_recordar(s: Session, hoy: dt.date) -> dict[int, list[Solicitud]]:
    """Solicitudes abiertas por vencer o vencidas sin recordatorio hoy, por dependencia."""
    consulta = (
        select(Solicitud)
        .join(Dependencia, Solicitud.dependencia_id == Dependencia.id)
        .where(
            Solicitud.estado.not_in(list(CERRADOS)),
            Solicitud.vence_en <= hoy + AVISO_ANTICIPADO,
            Dependencia.correo.is_not(None),
            (Solicitud.ultimo_recordatorio.is_(None)) | (Solicitud.ultimo_recordatorio < hoy),
        )
        .order_by(Solicitud.vence_en)
    )
    grupos: dict[int, list[Solicitud]] = defaultdict(list)
    for solicitud in s.scalars(consulta):
        grupos[int(solicitud.dependencia_id or 0)].append(solicitud)
    return grupos


def _texto(dependencia: Dependencia, solicitudes: list[Solicitud], hoy: dt.date) -> str:
    """Cuerpo del recordatorio: una línea por solicitud."""
    catalogo = temas()
    lineas = [
        f"Estimada {dependencia.nombre}:",
        "",
        "Las siguientes solicitudes ciudadanas canalizadas a su área están por vencer o vencidas:",
        "",
    ]
    for sol in solicitudes:
        estado = "VENCIDA" if sol.vence_en < hoy else "vence"
        tema = catalogo[sol.tema].nombre if sol.tema in catalogo else sol.tema
        lugar = f" ({sol.localidad})" if sol.localidad else ""
        lineas.append(
            f"- {folio(sol.id, sol.recibida_en)} · {tema}: {sol.asunto}{lugar} — {estado} "
            f"el {sol.vence_en:%d/%m/%Y}"
        )
    lineas += ["", "Dirección de Comunicación Social · Atención ciudadana"]
    return "\n".join(lineas)


def enviar_recordatorios(s: Session, config: Configuracion, hoy: dt.date) -> int:
    """Manda un correo por dependencia; devuelve cuántas solicitudes se recordaron."""
    recordadas = 0
    for dependencia_id, lista in por_recordar(s, hoy).items():
        dependencia = s.get(Dependencia, dependencia_id)
        if dependencia is None or not dependencia.correo:
            continue
        mensaje = crear_mensaje(
            f"Solicitudes ciudadanas por atender: {len(lista)}",
            config.smtp.remitente,
            [dependencia.correo],
            _texto(dependencia, lista, hoy),
        )
        try:
            enviar(mensaje, config.smtp)
        except ErrorDeCorreo as exc:
            log.warning("recordatorio a %s sin enviar: %s", dependencia.nombre, exc.motivo)
            continue
        for sol in lista:
            sol.ultimo_recordatorio = hoy
            registrar(s, "sistema", "recordar", "solicitud", sol.id, {"recordatorio": [None, hoy]})
        recordadas += len(lista)
    return recordadas
