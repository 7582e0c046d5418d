"""Lecturas del buzón oficial para el tablero."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import CategoriaCorreo, Correo, EstadoEvento, Evento

ETIQUETAS_CATEGORIA = {
    CategoriaCorreo.RESPUESTA_INVITACION: "Respuesta a invitación",
    CategoriaCorreo.AGENDA: "Agenda de dependencia",
    CategoriaCorreo.ADJUNTOS: "Archivos",
    CategoriaCorreo.REBOTE: "Rebote",
    CategoriaCorreo.AUTOMATICA: "Respuesta automática",
    CategoriaCorreo.OTRO: "Otro (para el personal)",
}
COLUMNAS = [
    "correo_id",
    "fecha",
    "remitente",
    "asunto",
    "categoria",
    "motivo",
    "problemas",
    "adjuntos",
    "al_banco",
    "atendido",
    "evento_id",
    "evento_estado",
    "texto",
    "lista_adjuntos",
]
# El tablero muestra los más recientes; el resto se consulta filtrando.
LIMITE = 500


def correos(
    s: Session, categoria: CategoriaCorreo | None = None, solo_pendientes: bool = False
) -> pd.DataFrame:
    """Correos del buzón, el más reciente primero, con su clasificación y efectos."""
    consulta = (
        select(Correo, Evento.estado)
        .outerjoin(Evento, Correo.evento_id == Evento.id)
        .order_by(Correo.recibido_en.desc(), Correo.id.desc())
        .limit(LIMITE)
    )
    if categoria is not None:
        consulta = consulta.where(Correo.categoria == categoria)
    if solo_pendientes:
        consulta = consulta.where(Correo.atendido.is_(False))
    filas = [_fila(c, estado) for c, estado in s.execute(consulta)]
    return pd.DataFrame(filas, columns=COLUMNAS)


def _fila(c: Correo, estado: EstadoEvento | None) -> dict[str, object]:
    """Un correo como renglón."""
    return {
        "correo_id": c.id,
        "fecha": c.fecha or c.recibido_en,
        "remitente": c.remitente_nombre or c.remitente or "(sin remitente)",
        "asunto": c.asunto or "(sin asunto)",
        "categoria": c.categoria.value,
        "motivo": c.motivo,
        "problemas": "; ".join(c.problemas or []),
        "adjuntos": len(c.adjuntos or []),
        "al_banco": sum(1 for a in c.adjuntos or [] if a.get("recurso_id")),
        "atendido": c.atendido,
        "evento_id": c.evento_id,
        "evento_estado": estado.value if estado else None,
        "texto": c.texto,
        "lista_adjuntos": list(c.adjuntos or []),
    }


def cifras_buzon(s: Session) -> dict[str, int]:
    """Total, pendientes, borradores de agenda por confirmar y rebotes."""
    total = s.scalar(select(func.count()).select_from(Correo)) or 0
    pendientes = s.scalar(select(func.count()).where(Correo.atendido.is_(False))) or 0
    borradores = (
        s.scalar(
            select(func.count())
            .select_from(Correo)
            .join(Evento, Correo.evento_id == Evento.id)
            .where(Evento.estado == EstadoEvento.PROPUESTO)
        )
        or 0
    )
    rebotes = s.scalar(select(func.count()).where(Correo.categoria == CategoriaCorreo.REBOTE)) or 0
    return {
        "total": int(total),
        "pendientes": int(pendientes),
        "borradores": int(borradores),
        "rebotes": int(rebotes),
    }
