"""La página de Facebook de la demo: una semana con publicadas (con enlace) y programadas."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.facebook import menores_de_30
from datos import config
from datos.consultas.facebook import calendario, conteo_publicaciones, insights_del_mes
from datos.modelos import Rol, Usuario
from demo.banco import subir_fotos
from demo.cargar import cargar
from demo.facebook import cargar_facebook
from demo.mundo import construir


def test_semana_de_la_demo(sesion: Session) -> None:
    zona = config.cargar().zona
    hoy = dt.datetime.now(zona).date()
    mundo = construir(hoy)
    cargar(sesion, mundo, {m.slug: f"http://127.0.0.1:1/{m.slug}/" for m in mundo.medios})
    sesion.add_all(
        [
            Usuario(nombre="directora", rol=Rol.DIRECTORA, hash_contrasena="-"),
            Usuario(nombre="personal", rol=Rol.PERSONAL, hash_contrasena="-"),
        ]
    )
    subir_fotos(sesion, mundo)
    assert cargar_facebook(sesion, hoy) == 7
    inicio = dt.datetime.combine(hoy - dt.timedelta(days=3), dt.time(0), zona)
    semana = calendario(sesion, inicio, inicio + dt.timedelta(days=7))
    assert list(semana["estado"]) == ["publicada"] * 3 + ["aprobada"] * 2 + [
        "en_revision",
        "borrador",
    ]
    assert all(e.startswith("https://www.facebook.com/") for e in semana["enlace"][:3])
    assert semana["boletin"].notna().all()
    assert semana["fotos"].sum() > 0
    conteo = conteo_publicaciones(sesion)
    assert conteo["publicada"] == 3 and conteo["proxima"] is not None
    este_mes = insights_del_mes(sesion, hoy)
    assert este_mes is not None and este_mes.alcance
    jovenes = menores_de_30(este_mes.seguidores_por_edad)
    assert jovenes is not None and 0.2 < jovenes.estimado < 0.5
    assert sesion.scalar(select(Usuario.id).where(Usuario.nombre == "directora")) is not None
