"""Página Buzón con AppTest: vacía, con correos clasificados, corrección y confirmación."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import CategoriaCorreo, Correo, EstadoEvento, Evento, Rol
from tests.fabricas import abrir_pagina

BUZON = "paginas/buzon.py"


pytestmark = pytest.mark.usefixtures("cache_limpio")


def _abrir(rol: Rol = Rol.PERSONAL) -> AppTest:
    """El tablero con sesión iniciada, en esta página."""
    return abrir_pagina(BUZON, rol, "beto")


@pytest.fixture
def correos(sesion: Session) -> dict[str, int]:
    """Un aviso de agenda con borrador propuesto y un correo de ruido con problemas de formato."""
    evento = Evento(
        titulo="Entrega de pavimentación",
        inicio=dt.datetime.now(dt.UTC) + dt.timedelta(days=5),
        cobertura={},
    )
    sesion.add(evento)
    sesion.flush()
    aviso = Correo(
        clave="mid:<a@x>",
        remitente="obras@tampacan.gob.mx",
        asunto="Solicitud de cobertura",
        texto="El jueves 10 a las 10:00",
        categoria=CategoriaCorreo.AGENDA,
        motivo="aviso de agenda: el remitente es del dominio del Ayuntamiento",
        archivo="a.eml",
        evento_id=evento.id,
        problemas=[],
        adjuntos=[],
    )
    ruido = Correo(
        clave="mid:<b@x>",
        remitente="promo@tienda.com",
        asunto="Ofertas",
        texto="Compre",
        categoria=CategoriaCorreo.OTRO,
        motivo="no es respuesta",
        archivo="b.eml",
        problemas=["correo sólo en HTML: se convirtió a texto"],
        adjuntos=[],
    )
    sesion.add_all([aviso, ruido])
    sesion.commit()
    return {"aviso": aviso.id, "ruido": ruido.id, "evento": evento.id}


def test_buzon_vacio_dice_que_hacer(url_bd: str) -> None:
    at = _abrir()
    assert at.title[0].value == "Buzón"
    assert at.info
    assert any("No hay buzón configurado" in c.value for c in at.caption)


def test_buzon_lista_corrige_y_confirma(correos: dict[str, int], sesion: Session) -> None:
    at = _abrir()
    tabla = at.dataframe[0].value
    assert set(tabla["Asunto"]) == {"Solicitud de cobertura", "Ofertas"}
    assert "Agenda de dependencia" in set(tabla["Categoría"])
    at.selectbox(key="buzon_elegido").set_value(correos["aviso"]).run()
    at.button(key="buzon_confirmar_evento").click().run()
    assert "confirmado" in at.success[0].value
    sesion.expire_all()
    evento = sesion.get(Evento, correos["evento"])
    assert evento is not None and evento.estado == EstadoEvento.CONFIRMADO
    at.selectbox(key="buzon_elegido").set_value(correos["ruido"]).run()
    assert at.warning, "los problemas de formato se muestran"
    at.selectbox(key=f"buzon_corregir_{correos['ruido']}").set_value("agenda").run()
    at.button(key="buzon_guardar_categoria").click().run()
    sesion.expire_all()
    ruido = sesion.get(Correo, correos["ruido"])
    assert ruido is not None and ruido.categoria == CategoriaCorreo.AGENDA
    assert ruido.corregido_por == "beto"


def test_lectura_no_ve_acciones(correos: dict[str, int]) -> None:
    at = _abrir(Rol.LECTURA)
    at.selectbox(key="buzon_elegido").set_value(correos["aviso"]).run()
    assert not [b for b in at.button if b.key == "buzon_confirmar_evento"]
