"""La página de Facebook de la demo: una semana de publicaciones e insights de dos meses.

De los boletines más recientes salen siete publicaciones, una por día de la semana en curso (del
día −3 al +3): las pasadas ya están publicadas con su enlace; hoy y mañana, aprobadas y
programadas; luego una en revisión (para que la directora la apruebe en el tablero) y un borrador.
La demo no tiene token de la página: lo publicado es historia cargada, nada sale a Facebook.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.facebook import adaptar_texto
from datos.config import cargar
from datos.modelos import Boletin, EstadoBoletin, PublicacionFacebook
from datos.repositorio import facebook as repo

# Id ficticio de la página del Ayuntamiento en la demo (los enlaces no llevan a ningún lado real).
PAGINA_DEMO = "100064512345678"
DIRECTORA = "directora"
PERSONAL = "personal"
HORA = dt.time(10, 0)
DIAS = range(-3, 4)
HASHTAGS = ("#Tampacán", "#HuastecaPotosina")
# Seguidores por rango de edad: una página municipal de la Huasteca (mayoría de 25 a 44 años).
EDADES = {
    "13-17": 180,
    "18-24": 1450,
    "25-34": 2620,
    "35-44": 2210,
    "45-54": 1380,
    "55-64": 720,
    "65+": 340,
}


def _boletines(s: Session, cuantos: int) -> list[Boletin]:
    """Los boletines enviados más recientes, del más antiguo al más nuevo."""
    consulta = (
        select(Boletin)
        .where(Boletin.estado.in_([EstadoBoletin.ENVIADO, EstadoBoletin.APROBADO]))
        .order_by(Boletin.fecha_emision.desc())
        .limit(cuantos)
    )
    return list(reversed(s.scalars(consulta).all()))


def _publicar(s: Session, publicacion: PublicacionFacebook, numero: int) -> None:
    """Aprobada por la directora y anotada como publicada con su enlace."""
    repo.aprobar(s, publicacion.id, DIRECTORA, repo.version(publicacion))
    id_facebook = f"{PAGINA_DEMO}_{1220000000000 + numero}"
    enlace = f"https://www.facebook.com/{PAGINA_DEMO}/posts/{1220000000000 + numero}"
    repo.marcar_publicada(s, publicacion, id_facebook, enlace, "servicio:facebook")
    publicacion.publicada_en = publicacion.programada_para


def _una(s: Session, boletin: Boletin, cuando: dt.datetime, dia: int) -> None:
    """La publicación del día: publicada, aprobada, en revisión o borrador según el día."""
    texto = adaptar_texto(boletin.titular, boletin.entradilla, boletin.cuerpo, hashtags=HASHTAGS)
    fotos = [r.id for r in boletin.recursos][:2]
    p = repo.crear(
        s, texto=texto, programada_para=cuando, usuario=PERSONAL, boletin=boletin, fotos=fotos
    )
    if dia < 0:
        _publicar(s, p, p.id)
    elif dia <= 1:
        repo.aprobar(s, p.id, DIRECTORA, repo.version(p))
    elif dia == 2:
        repo.enviar_a_revision(s, p.id, PERSONAL)


def cargar_publicaciones(s: Session, hoy: dt.date) -> int:
    """La semana de publicaciones alrededor de `hoy`; cuántas se crearon."""
    zona = cargar().zona
    boletines = _boletines(s, len(DIAS))
    for dia, boletin in zip(DIAS, boletines, strict=False):
        cuando = dt.datetime.combine(hoy + dt.timedelta(days=dia), HORA, zona)
        _una(s, boletin, cuando, dia)
    s.flush()
    return min(len(DIAS), len(boletines))


def cargar_insights(s: Session, hoy: dt.date) -> None:
    """Insights del mes en curso y del anterior (el anterior con algo menos de alcance)."""
    este = hoy.replace(day=1)
    anterior = (este - dt.timedelta(days=1)).replace(day=1)
    for mes, factor in ((anterior, 0.85), (este, 1.0)):
        repo.guardar_insights(
            s,
            mes,
            alcance=round(24_800 * factor),
            interacciones=round(2_150 * factor),
            seguidores=round(8_900 * (0.97 if factor < 1 else 1.0)),
            por_edad={k: float(round(v * factor)) for k, v in EDADES.items()},
            archivo="demo",
        )


def cargar_facebook(s: Session, hoy: dt.date) -> int:
    """Publicaciones e insights de la página de la demo; cuántas publicaciones."""
    cargar_insights(s, hoy)
    return cargar_publicaciones(s, hoy)
