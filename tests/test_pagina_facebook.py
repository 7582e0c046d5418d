"""Página Facebook con AppTest: calendario, sólo la directora aprueba, publicar con confirmación."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos import config
from datos.modelos import EstadoPublicacion, PublicacionFacebook, Rol, Usuario
from datos.repositorio import facebook as repo
from datos.repositorio.recursos import subir_recurso
from tests import fabricas
from tests.fabricas import abrir_pagina
from tests.graph_local import GraphLocal, servir_graph

pytestmark = pytest.mark.usefixtures("cache_limpio")
PAGINA = "paginas/facebook.py"


def _hoy_a_las(hora: int, dias: int = 0) -> dt.datetime:
    """Hoy (hora de la oficina) a esa hora, movido `dias` (dentro de la semana en curso)."""
    zona = config.cargar().zona
    hoy = dt.datetime.now(zona).date()
    return dt.datetime.combine(hoy + dt.timedelta(days=dias), dt.time(hora), zona)


def _semana(sesion: Session) -> dict[str, PublicacionFacebook]:
    """Una publicada (con enlace), una aprobada por salir y un borrador, todas de hoy."""
    sesion.add(Usuario(nombre="dora", rol=Rol.DIRECTORA, hash_contrasena="-"))
    sesion.flush()
    publicada = repo.crear(
        sesion, texto="Feria de la Huasteca", programada_para=_hoy_a_las(8), usuario="beto"
    )
    repo.aprobar(sesion, publicada.id, "dora")
    repo.marcar_publicada(
        sesion,
        publicada,
        "104857600123456_777",
        "https://www.facebook.com/104857600123456/posts/777",
        "beto",
    )
    aprobada = repo.crear(
        sesion, texto="Vacunación canina", programada_para=_hoy_a_las(23), usuario="beto"
    )
    repo.aprobar(sesion, aprobada.id, "dora")
    borrador = repo.crear(
        sesion, texto="Cierre de calles", programada_para=_hoy_a_las(12), usuario="beto"
    )
    sesion.commit()
    return {"publicada": publicada, "aprobada": aprobada, "borrador": borrador}


def _png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(salida, "PNG")
    return salida.getvalue()


def _abrir(rol: Rol, nombre: str = "lucia") -> AppTest:
    return abrir_pagina(PAGINA, rol, nombre)


def test_sin_publicaciones_dice_que_hacer(sesion: Session) -> None:
    at = _abrir(Rol.LECTURA)
    assert "monitoreo facebook borrador" in at.info[0].value
    assert "no se publica nada" in at.warning[0].value


def test_calendario_con_estado_y_enlace(sesion: Session) -> None:
    _semana(sesion)
    at = _abrir(Rol.LECTURA)
    tabla = at.dataframe[0].value
    assert list(tabla["Texto"]) == ["Feria de la Huasteca", "Cierre de calles", "Vacunación canina"]
    assert list(tabla["Estado"]) == ["Publicada", "Borrador", "Aprobada (por salir)"]
    assert tabla["En Facebook"].iloc[0] == "https://www.facebook.com/104857600123456/posts/777"
    metricas = {m.label: m.value for m in at.metric}
    assert metricas["Publicadas"] == "1" and metricas["Esperan aprobación"] == "1"
    assert not [e for e in at.expander if e.label.startswith("Preparar")]
    assert not [b for b in at.button if b.key == "fb_aprobar"]


def test_personal_no_aprueba_la_directora_si(sesion: Session) -> None:
    pubs = _semana(sesion)
    at = _abrir(Rol.PERSONAL, "beto")
    at.selectbox(key="fb_pub").set_value(pubs["borrador"].id).run()
    assert not [b for b in at.button if b.key == "fb_aprobar"]
    assert any("Sólo la directora" in c.value for c in at.caption)
    at = _abrir(Rol.DIRECTORA, "dora")
    at.selectbox(key="fb_pub").set_value(pubs["borrador"].id).run()
    at.button(key="fb_aprobar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "aprobada" in at.success[0].value
    sesion.expire_all()
    assert sesion.get(PublicacionFacebook, pubs["borrador"].id).estado is EstadoPublicacion.APROBADA  # type: ignore[union-attr]


def test_borrador_desde_boletin_en_el_formulario(sesion: Session) -> None:
    fabricas.boletin(sesion, 45, dt.datetime.now(dt.UTC), "Inauguran la red de agua", "obras")
    foto = subir_recurso(sesion, "pozo.png", _png())
    sesion.commit()
    at = _abrir(Rol.PERSONAL, "beto")
    at.text_input(key="fb_nuevo_enlace").input("https://tampacan.gob.mx/b/045")
    at.multiselect(key="fb_nuevo_fotos").select(foto.id)
    at.button[0].click().run()  # el único botón de envío del formulario
    assert not at.exception, [e.value for e in at.exception]
    assert "Borrador creado" in at.success[0].value
    tabla = at.dataframe[0].value
    assert list(tabla["Boletín"]) == [f"045/{dt.datetime.now(dt.UTC).year}"]
    assert list(tabla["Fotos"]) == [1]


@pytest.fixture
def graph(monkeypatch: pytest.MonkeyPatch, url_bd: str) -> Iterator[GraphLocal]:
    with servir_graph() as g:
        monkeypatch.setenv("MONITOREO_FACEBOOK_PAGINA", g.pagina)
        monkeypatch.setenv("MONITOREO_FACEBOOK_TOKEN", g.token)
        monkeypatch.setenv("MONITOREO_FACEBOOK_API", g.api)
        config.recargar()
        yield g
    config.recargar()


def test_publicar_ahora_pide_confirmacion(sesion: Session, graph: GraphLocal) -> None:
    pubs = _semana(sesion)
    at = _abrir(Rol.PERSONAL, "beto")
    assert not at.warning  # hay token: no sale el aviso
    at.selectbox(key="fb_pub").set_value(pubs["aprobada"].id).run()
    at.button(key="fb_publicar").click().run()
    assert graph.peticiones == []  # el primer clic sólo pregunta
    assert "Se publicará ahora" in at.warning[0].value
    at.button(key="fb_publicar_si").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [p.campos["message"] for p in graph.peticiones] == ["Vacunación canina"]
    assert "Publicada en Facebook: https://www.facebook.com/" in at.success[0].value


def test_cifras_de_la_pagina_del_mes(sesion: Session) -> None:
    at = _abrir(Rol.LECTURA)
    assert any("No se han importado las cifras" in c.value for c in at.caption)
    hoy = dt.datetime.now(config.cargar().zona).date()
    lunes = hoy - dt.timedelta(days=hoy.weekday())
    edades = {"13-17": 5.0, "18-24": 20.0, "25-34": 30.0, "35-44": 45.0}
    repo.guardar_insights(
        sesion, lunes, alcance=12345, interacciones=678, seguidores=9000, por_edad=edades
    )
    sesion.commit()
    at = _abrir(Rol.LECTURA)
    metricas = {m.label: m.value for m in at.metric}
    assert metricas["Alcance (personas)"] == "12,345"
    assert metricas["Seguidores menores de 30"] == "40.0 %"


def test_la_semana_en_siete_dias(sesion: Session) -> None:
    _semana(sesion)
    at = _abrir(Rol.LECTURA)
    hoy = dt.datetime.now(config.cargar().zona).date()
    dias = [m.value for m in at.markdown if m.value.startswith("**")][:7]
    assert len(dias) == 7 and dias[hoy.weekday()].endswith(f" {hoy.day}**")
    tarjetas = [c.value for c in at.caption if " · " in c.value]
    assert tarjetas[:3] == ["08:00 · Publicada", "12:00 · Borrador", "23:00 · Aprobada (por salir)"]
    at.segmented_control(key="fb_ver").set_value("mes").run()
    assert not [c.value for c in at.caption if " · " in c.value]
    assert len(at.dataframe[0].value) == 3


def test_editar_una_aprobada_la_regresa_a_borrador(sesion: Session) -> None:
    pubs = _semana(sesion)
    foto = subir_recurso(sesion, "pozo.png", _png())
    sesion.commit()
    aprobada = pubs["aprobada"].id
    at = _abrir(Rol.PERSONAL, "beto")
    at.selectbox(key="fb_pub").set_value(aprobada).run()
    assert any("aprobarla otra vez" in c.value for c in at.caption)
    at.text_area(key=f"fb_texto_{aprobada}").input("Vacunación canina: cambia la sede")
    at.multiselect(key=f"fb_fotos_{aprobada}").select(foto.id)
    next(b for b in at.button if b.label == "Guardar cambios").click().run()
    assert not at.exception, [e.value for e in at.exception]
    sesion.expire_all()
    p = sesion.get(PublicacionFacebook, aprobada)
    assert p is not None and p.estado is EstadoPublicacion.BORRADOR
    assert p.texto == "Vacunación canina: cambia la sede"
    assert [r.id for r in p.recursos] == [foto.id] and p.version_aprobada is None
