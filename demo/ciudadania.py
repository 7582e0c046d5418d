"""Solicitudes ciudadanas de la demostración: unas veinte en varios estados y plazos."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import EstadoSolicitud, Nota, Solicitud, Tono
from datos.repositorio.solicitudes import cambiar_estado, crear_solicitud, desde_nota

# (canal, tema, localidad, asunto); las personas son inventadas.
PETICIONES = (
    ("ventanilla", "agua", "Xochititla", "Fuga de agua potable frente a la primaria"),
    ("telefono", "alumbrado", "Tampacán", "Tres luminarias apagadas en la calle Morelos"),
    ("facebook", "calles", "El Sabino", "Baches en el camino a El Sabino"),
    ("whatsapp", "basura", "Colonia Las Flores", "No pasó el camión recolector en toda la semana"),
    ("ventanilla", "apoyos", "Chiconamel", "Solicita despensa para adulto mayor"),
    ("evento", "salud", "Tierra Blanca", "Piden médico en la casa de salud los fines de semana"),
    ("telefono", "seguridad", "Barrio de San Miguel", "Piden rondines de patrulla por las noches"),
    ("correo", "agua", "Ixtlapalaco", "Tandeo de agua: tres días sin servicio"),
    ("facebook", "alumbrado", "Colonia La Loma", "Poste a punto de caer en la esquina"),
    ("ventanilla", "calles", "Tampacán", "Solicitan rampa en la banqueta del mercado"),
    ("whatsapp", "basura", "Xochititla", "Tiradero clandestino junto al arroyo"),
    ("telefono", "apoyos", "Tampacán", "Beca para estudiante de bachillerato"),
    ("evento", "calles", "Chiconamel", "Puente peatonal dañado por la lluvia"),
    ("ventanilla", "salud", "El Sabino", "Falta medicamento para hipertensión"),
    ("facebook", "agua", "Tierra Blanca", "Drenaje tapado en la calle principal"),
    ("correo", "otro", "Tampacán", "Pide información del registro civil itinerante"),
    ("ventanilla", "alumbrado", "Ixtlapalaco", "Lámpara fundida en la cancha"),
    ("telefono", "seguridad", "Colonia Las Flores", "Perros agresivos en la vía pública"),
)  # fmt: skip
NOMBRES = (
    "María Elena Cruz", "José Luis Hernández", "Guadalupe Martínez", "Juan Carlos Reyes",
    "Rosa María Santiago", "Francisco Bautista", "Ana Laura Vite", "Pedro Olvera",
)  # fmt: skip
# A dónde se canaliza lo que no tiene dependencia por tema.
SIN_TEMA = "Secretaría del Ayuntamiento"
# Recorrido del flujo según la antigüedad: las viejas casi todas cerradas, las nuevas abiertas.
RECORRIDOS: tuple[tuple[EstadoSolicitud, ...], ...] = (
    (),
    (EstadoSolicitud.CANALIZADA,),
    (EstadoSolicitud.CANALIZADA, EstadoSolicitud.EN_ATENCION),
    (EstadoSolicitud.CANALIZADA, EstadoSolicitud.EN_ATENCION, EstadoSolicitud.RESUELTA),
    (EstadoSolicitud.NO_PROCEDE,),
)


def _recorrido(dias: int, rng: random.Random) -> tuple[EstadoSolicitud, ...]:
    """Estados por los que pasó una solicitud de esa antigüedad."""
    if dias > 25:
        return RECORRIDOS[3] if rng.random() < 0.8 else RECORRIDOS[4]
    if dias > 8:
        return rng.choice(RECORRIDOS[1:4])
    # Las de los últimos tres días todavía esperan a que se canalicen.
    return RECORRIDOS[0] if dias <= 3 else rng.choice(RECORRIDOS[1:3])


def sembrar_solicitudes(s: Session, hoy: dt.date, semilla: int = 17) -> int:
    """Unas veinte solicitudes de los últimos dos meses en varios estados; cuántas creó."""
    rng = random.Random(semilla)
    for k, (canal, tema, localidad, asunto) in enumerate(PETICIONES):
        dias = 1 + (k * 37) % 60
        recibida = dt.datetime.combine(hoy - dt.timedelta(days=dias), dt.time(16 + k % 4), dt.UTC)
        contacto = (
            {"contacto_nombre": NOMBRES[k % len(NOMBRES)], "contacto_telefono": f"489 36{k:02d}"}
            if canal in {"ventanilla", "telefono", "whatsapp"}
            else {}
        )
        sol = crear_solicitud(
            s,
            canal=canal,
            asunto=asunto,
            tema_clave=tema,
            localidad=localidad,
            usuario="personal",
            recibida_en=recibida,
            **contacto,
        )
        for estado in _recorrido(dias, rng):
            cambiar_estado(
                s,
                sol.id,
                estado,
                "personal",
                dependencia=SIN_TEMA if tema == "otro" else None,
                respuesta="Atendida por la dependencia",
            )
            if estado in {EstadoSolicitud.RESUELTA, EstadoSolicitud.NO_PROCEDE}:
                sol.cerrada_en = recibida + dt.timedelta(days=rng.randint(1, 12), hours=3)
    return len(PETICIONES)


def desde_notas_criticas(s: Session, cuantas: int = 2) -> int:
    """Solicitudes de un clic desde las notas negativas más recientes."""
    ya_usadas = select(Solicitud.nota_id).where(Solicitud.nota_id.is_not(None))
    consulta = (
        select(Nota.id)
        .where(
            Nota.tono == Tono.NEGATIVO,
            Nota.id.not_in(ya_usadas),
        )
        .order_by(Nota.fecha_publicacion.desc())
        .limit(cuantas)
    )
    ids = list(s.scalars(consulta))
    for nota_id in ids:
        desde_nota(s, nota_id, "personal")
    return len(ids)
