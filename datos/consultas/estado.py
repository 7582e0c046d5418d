"""Conteos globales para `monitoreo estado`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.consultas.comun import retoma_valida
from datos.consultas.facebook import conteo_publicaciones
from datos.modelos import (
    Boletin,
    Campana,
    Convenio,
    Correo,
    Envio,
    Evento,
    FormatoPortal,
    Fuente,
    Invitacion,
    Medio,
    Mencion,
    NivelRetoma,
    Nota,
    Orden,
    Recurso,
    Retoma,
    Solicitud,
    Usuario,
)

_SIMPLES: dict[str, Any] = {
    "medios": Medio,
    "fuentes": Fuente,
    "notas": Nota,
    "boletines": Boletin,
}
_OFICINA: dict[str, Any] = {
    "envios": Envio,
    "eventos": Evento,
    "invitaciones": Invitacion,
    "convenios": Convenio,
    "recursos": Recurso,
    "usuarios": Usuario,
}
# Lo que se agregó después va al final, en el orden en que llegó (la CLI es un contrato estable).
_DESPUES: dict[str, Any] = {
    "correos": Correo,
    "solicitudes": Solicitud,
    "portal": FormatoPortal,
    "campanas": Campana,
    "ordenes": Orden,
}


def _contar(sesion: Session, modelo: Any) -> int:
    """Filas de una tabla."""
    return int(sesion.scalar(select(func.count()).select_from(modelo)) or 0)


def retomas_por_nivel(sesion: Session) -> dict[str, int]:
    """Retomas vigentes (no rechazadas) por nivel, con todos los niveles presentes."""
    filas = sesion.execute(
        select(Retoma.nivel, func.count()).where(retoma_valida()).group_by(Retoma.nivel)
    ).all()
    conteo = {nivel.value: 0 for nivel in NivelRetoma}
    conteo.update({NivelRetoma(n).value: int(c) for n, c in filas})
    return conteo


def notas_con_mencion(sesion: Session) -> int:
    """Notas que mencionan al Ayuntamiento sin venir de un boletín (glosario: mención)."""
    consulta = select(func.count(func.distinct(Mencion.nota_id))).where(Mencion.sin_boletin)
    return int(sesion.scalar(consulta) or 0)


def conteos(sesion: Session) -> dict[str, Any]:
    """Conteos en el formato estable de `monitoreo estado --json` (GUIA §4)."""
    resultado: dict[str, Any] = {k: _contar(sesion, m) for k, m in _SIMPLES.items()}
    resultado["retomas"] = retomas_por_nivel(sesion)
    resultado["menciones"] = notas_con_mencion(sesion)
    resultado.update({k: _contar(sesion, m) for k, m in _OFICINA.items()})
    resultado.update({k: _contar(sesion, m) for k, m in _DESPUES.items()})
    # La página de Facebook: conteo por estado y la próxima aprobada por salir.
    resultado["publicaciones"] = conteo_publicaciones(sesion)
    return resultado
