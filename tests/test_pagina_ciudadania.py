"""Página Ciudadanía (AppTest): aviso de privacidad, un clic desde una nota, flujo y roles."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.config import AVISO_PRIVACIDAD
from datos.modelos import EstadoSolicitud, Rol, Solicitud, TipoMedio, Tono
from datos.repositorio.solicitudes import crear_solicitud
from tests.fabricas import abrir_pagina, medio, nota

PAGINA = "paginas/ciudadania.py"


pytestmark = pytest.mark.usefixtures("cache_limpio")


def _abrir(rol: Rol = Rol.PERSONAL) -> AppTest:
    """El tablero con sesión iniciada, en esta página."""
    return abrir_pagina(PAGINA, rol, "beto")


@pytest.fixture
def datos(sesion: Session) -> dict[str, int]:
    """Una solicitud con contacto y una nota negativa reciente."""
    sol = crear_solicitud(
        sesion,
        canal="telefono",
        asunto="Fuga en la calle Juárez",
        tema_clave="agua",
        usuario="beto",
        localidad="Chiconamel",
        contacto_nombre="María López",
    )
    eco = medio(sesion, "Eco Huasteco", 1000, TipoMedio.DIGITAL)
    critica = nota(
        sesion,
        eco,
        "basura",
        dt.datetime.now(dt.UTC),
        titulo="Basura sin recoger en Chiconamel",
        texto="La basura se acumula y el camión recolector no pasa.",
        tono=Tono.NEGATIVO,
    )
    sesion.commit()
    return {"solicitud": sol.id, "nota": critica.id}


def test_vacia_muestra_aviso_de_privacidad(url_bd: str) -> None:
    at = _abrir()
    assert at.title[0].value == "Ciudadanía"
    assert any(AVISO_PRIVACIDAD[:40] in i.value for i in at.info)


def test_un_clic_desde_nota_y_cambio_de_estado(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir()
    tabla = at.dataframe[-1].value
    assert "María López" in set(tabla["Contacto"])
    at.button(key=f"ciudadania_nota_{datos['nota']}").click().run()
    assert "creada desde la nota" in at.success[0].value
    creada = sesion.scalar(select(Solicitud).where(Solicitud.nota_id == datos["nota"]))
    assert creada is not None and creada.tema == "basura"
    at.selectbox(key="ciudadania_elegida").set_value(datos["solicitud"]).run()
    at.selectbox(key="ciudadania_estado").set_value(EstadoSolicitud.CANALIZADA).run()
    at.button(key="ciudadania_guardar").click().run()
    sesion.expire_all()
    sol = sesion.get(Solicitud, datos["solicitud"])
    assert sol is not None and sol.estado == EstadoSolicitud.CANALIZADA


def test_registrar_por_formulario(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir()
    at.text_input(key="ciudadania_nueva_asunto").input("Lámpara fundida en la plaza")
    at.selectbox(key="ciudadania_nueva_tema").set_value("alumbrado")
    at.text_input(key="ciudadania_nueva_nombre").input("José Pérez")
    at.button[[b.label for b in at.button].index("Registrar")].click().run()
    assert "registrada" in at.success[0].value
    nueva = sesion.scalar(select(Solicitud).where(Solicitud.tema == "alumbrado"))
    assert nueva is not None and nueva.contacto_nombre == "José Pérez"


def test_lectura_no_ve_datos_personales(datos: dict[str, int]) -> None:
    at = _abrir(Rol.LECTURA)
    tabla = at.dataframe[-1].value
    assert "Contacto" not in tabla.columns
    assert "María López" not in tabla.to_string()
    assert not [b for b in at.button if str(b.key).startswith("ciudadania_nota_")]


def test_correo_de_la_dependencia(datos: dict[str, int], sesion: Session) -> None:
    from datos.modelos import Dependencia

    at = _abrir()
    at.selectbox(key="ciudadania_dep_nombre").set_value("Agua Potable")
    at.text_input(key="ciudadania_dep_correo").input("no-es-correo")
    at.button[[b.label for b in at.button].index("Guardar dependencia")].click().run()
    assert "Correo inválido" in at.error[0].value
    at.text_input(key="ciudadania_dep_correo").input("Agua@Tampacan.gob.mx")
    at.button[[b.label for b in at.button].index("Guardar dependencia")].click().run()
    assert "guardada" in at.success[0].value
    agua = sesion.scalar(select(Dependencia).where(Dependencia.nombre == "Agua Potable"))
    assert agua is not None and agua.correo == "agua@tampacan.gob.mx"
