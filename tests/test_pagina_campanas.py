"""Página Campañas con AppTest: quién debe spots y cuánto costó cada uno."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import Ambito, Bitacora, Medio, Orden, Rol, TipoMedio
from datos.repositorio.convenios import crear_convenio
from tests.fabricas import abrir_pagina, visible
from tests.test_campanas import BITACORA, orden_de, pagina_impresa, sembrar_campana, spots

pytestmark = pytest.mark.usefixtures("cache_limpio")


def _abrir(rol: Rol = Rol.LECTURA) -> AppTest:
    """El tablero con sesión iniciada, en esta página."""
    return abrir_pagina("paginas/campanas.py", rol, "lucia")


def test_sin_campanas_dice_que_hacer(sesion: Session) -> None:
    at = _abrir()
    assert "Quien tenga permiso de edición" in at.info[0].value
    assert not [e for e in at.expander if e.label == "Nueva campaña"]
    at = _abrir(Rol.PERSONAL)
    assert "crea la primera en «Nueva campaña»" in at.info[0].value
    assert [e for e in at.expander if e.label == "Nueva campaña"]


def test_quien_debe_spots_y_costo_por_spot(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    spots(sesion, orden_de(c, "La Poderosa Huasteca"), 7)
    spots(sesion, orden_de(c, "Canal 9 Huasteca"), 5)
    sesion.commit()
    at = _abrir()
    avisos = [visible(w.value) for w in at.warning]
    assert any("La Poderosa Huasteca** todavía debe 3 spots" in a for a in avisos)
    assert any("El Sol de la Huasteca** todavía debe 4 inserciones" in a for a in avisos)
    assert any("debe 3 spots. Entregó 7 de 10, a $ 500.00 cada entrega" in a for a in avisos)
    assert any("No ha entregado nada de lo ordenado ($ 8,000.00 en la pauta)" in a for a in avisos)
    assert not any("Canal 9" in a for a in avisos)
    metricas = {m.label: m.value for m in at.metric}
    assert metricas["Costo de la pauta"] == "$ 17,500.00"
    assert metricas["Entregado"] == "12 de 19"
    assert metricas["Medios que deben"] == "2 de 3"
    medios = at.dataframe[0].value.set_index("Medio")
    assert medios.loc["La Poderosa Huasteca", "Costo por entrega"] == "$ 500.00"
    assert medios.loc["Canal 9 Huasteca", "Costo por entrega"] == "$ 1,200.00"
    assert medios.loc["El Sol de la Huasteca", "Costo por entrega"] == "—"
    assert medios.loc["Total de la campaña", "Faltan"] == 7
    ordenes = at.dataframe[1].value
    assert list(ordenes["Detalle"]) == ["—", "1/4 de plana · pág. 3", "07:00-09:00"]


def test_lectura_no_registra_entregas(sesion: Session) -> None:
    sembrar_campana(sesion)
    sesion.commit()
    at = _abrir(Rol.LECTURA)
    assert not [e for e in at.expander if e.label == "Registrar entregas"]


def test_personal_importa_bitacora_con_errores_por_linea(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    radio = orden_de(c, "La Poderosa Huasteca").id
    sesion.commit()
    at = _abrir(Rol.PERSONAL)
    at.selectbox(key="campanas_orden").set_value(radio).run()
    at.text_area(key="campanas_pegado").input(BITACORA.replace(";", ","))
    at.button(key="campanas_importar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Spots registrados: 3 · ya estaban: 1." in at.success[0].value
    errores = at.dataframe[0].value
    assert list(errores["Línea"]) == [4, 5, 6, 7, 8, 9]
    # Las cifras de abajo ya cuentan lo recién importado.
    assert {m.label: m.value for m in at.metric}["Entregado"] == "3 de 19"
    at.date_input(key="campanas_spot_dia").set_value(dt.date(2026, 11, 20))
    at.button(key="campanas_spot").click().run()
    assert "Spot registrado." in [s.value for s in at.success]
    assert {m.label: m.value for m in at.metric}["Entregado"] == "4 de 19"


def test_personal_liga_pagina_impresa(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    impreso = orden_de(c, "El Sol de la Huasteca")
    nota = pagina_impresa(sesion, impreso.medio, 5)
    sesion.commit()
    at = _abrir(Rol.DIRECTORA)
    at.selectbox(key="campanas_orden").set_value(impreso.id).run()
    at.button(key="campanas_ligar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Página ligada como testigo" in s.value for s in at.success)
    assert {m.label: m.value for m in at.metric}["Entregado"] == "1 de 19"
    at.selectbox(key="campanas_orden").set_value(impreso.id).run()
    assert any("sin ligar" in i.value for i in at.info), nota.id


def test_convenio_muestra_sus_ordenes_de_campana(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    radio = orden_de(c, "La Poderosa Huasteca")
    conv = crear_convenio(
        sesion,
        medio_id=radio.medio_id,
        numero="CS-07/2026",
        concepto="Spots",
        monto_sin_iva="100",
        vigencia_inicio=dt.date(2026, 11, 1),
        vigencia_fin=dt.date(2026, 11, 30),
        usuario="ana",
        spots_mes=8,
    )
    radio.convenio_id = conv.id
    spots(sesion, radio, 4)
    sesion.commit()
    at = _abrir(Rol.DIRECTORA)
    at.switch_page("paginas/convenios.py").run()
    assert not at.exception, [e.value for e in at.exception]
    tablas = [t.value for t in at.dataframe if "Campaña" in t.value.columns]
    assert len(tablas) == 1
    fila = tablas[0].iloc[0]
    assert (fila["Campaña"], fila["Entregadas"], fila["Faltan"]) == ("Agua limpia", 4, 6)
    assert fila["Costo por entrega"] == "$ 875.00"
    # Los spots de la campaña cuentan en el cumplimiento mensual del convenio (8 al mes).
    meses = next(t.value for t in at.dataframe if "Entregado en campañas" in t.value.columns)
    assert meses.to_dict("records") == [
        {
            "Mes": "noviembre de 2026",
            "Acordado": 8,
            "Entregado en campañas": 4,
            "Cumplimiento": "50.0 %",
        }
    ]


def test_personal_crea_campana_y_orden_con_convenio(sesion: Session) -> None:
    medio = Medio(nombre="La Poderosa Huasteca", tipo=TipoMedio.RADIO, ambito=Ambito.REGIONAL)
    sesion.add(medio)
    sesion.flush()
    crear_convenio(
        sesion,
        medio_id=medio.id,
        numero="CS-07/2026",
        concepto="Spots",
        monto_sin_iva="100",
        vigencia_inicio=dt.date(2026, 11, 1),
        vigencia_fin=dt.date(2026, 12, 31),
        usuario="ana",
        spots_mes=8,
    )
    # Un convenio posterior (se lista primero): no cubre la campaña, no se propone.
    crear_convenio(
        sesion,
        medio_id=medio.id,
        numero="CS-02/2027",
        concepto="Spots",
        monto_sin_iva="100",
        vigencia_inicio=dt.date(2027, 1, 1),
        vigencia_fin=dt.date(2027, 6, 30),
        usuario="ana",
    )
    sesion.commit()
    at = _abrir(Rol.PERSONAL)
    at.text_input(key="campanas_alta_nombre").input("   ")
    at.button(key="campanas_crear").click().run()
    assert "La campaña necesita un nombre" in at.error[0].value
    at.text_input(key="campanas_alta_nombre").input("Vacunación 2026")
    at.date_input(key="campanas_alta_inicio").set_value(dt.date(2026, 11, 10))
    at.date_input(key="campanas_alta_fin").set_value(dt.date(2026, 12, 10))
    at.button(key="campanas_crear").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Campaña «Vacunación 2026» creada" in at.success[0].value
    at.number_input(key="campanas_form_orden_cantidad").set_value(12)
    at.text_input(key="campanas_form_orden_costo").input("6,000")
    at.text_input(key="campanas_form_orden_horario").input("07:00-09:00")
    at.button(key="campanas_agregar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Orden" in at.success[0].value and "12 spots" in at.success[0].value
    orden = sesion.scalars(select(Orden)).one()
    assert (orden.cantidad, orden.costo, orden.horario) == (12, Decimal("6000.00"), "07:00-09:00")
    assert orden.convenio is not None and orden.convenio.numero == "CS-07/2026"
    de_lucia = select(Bitacora.entidad).where(Bitacora.usuario_nombre == "lucia")
    acciones = sesion.scalars(de_lucia).all()
    assert sorted(acciones) == ["campana", "orden"]
    avisos = [visible(w.value) for w in at.warning]
    assert any("La Poderosa Huasteca** todavía debe 12 spots" in a for a in avisos)


def test_personal_corrige_periodo_y_borra_orden_y_campana(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    spots(sesion, orden_de(c, "La Poderosa Huasteca"), 2)  # 2 y 3 de noviembre
    tv = orden_de(c, "Canal 9 Huasteca").id
    sesion.commit()
    at = _abrir(Rol.PERSONAL)
    clave = f"campanas_corregir_{c.id}"
    # El periodo nuevo dejaría fuera dos spots ya comprobados: se explica y no se guarda.
    at.date_input(key=f"{clave}_inicio").set_value(dt.date(2026, 11, 10))
    at.button(key="campanas_corregir_guardar").click().run()
    assert "2 entregas registradas fuera del periodo nuevo" in at.error[0].value
    at.date_input(key=f"{clave}_inicio").set_value(dt.date(2026, 11, 2))
    at.text_input(key=f"{clave}_nombre").input("Agua limpia (noviembre)")
    at.button(key="campanas_corregir_guardar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Campaña corregida" in at.success[0].value
    # Sólo se ofrecen las órdenes sin entregas; borrar pide confirmación.
    ofrecidas = at.selectbox(key="campanas_corregir_orden").options
    assert len(ofrecidas) == 2 and not any("Poderosa" in o for o in ofrecidas)
    at.selectbox(key="campanas_corregir_orden").set_value(tv).run()
    at.button(key="campanas_corregir_borrar_orden").click().run()
    assert sesion.get(Orden, tv) is not None
    at.button(key="campanas_corregir_borrar_orden_si").click().run()
    assert "Orden borrada" in at.success[0].value
    # Con entregas la campaña no se borra: no hay botón, y se dice por qué.
    assert not [b for b in at.button if b.key == "campanas_corregir_borrar_campana"]
    assert any("prueba de lo que se pagó" in t.value for t in at.caption)
    sesion.expire_all()
    assert sesion.get(Orden, tv) is None
    nombres = sesion.scalars(select(Bitacora.accion).where(Bitacora.usuario_nombre == "lucia"))
    assert sorted(nombres) == ["borrar", "editar"]


def test_campana_sin_entregas_se_borra_con_confirmacion(sesion: Session) -> None:
    sembrar_campana(sesion)
    sesion.commit()
    at = _abrir(Rol.PERSONAL)
    at.button(key="campanas_corregir_borrar_campana").click().run()
    assert any("con sus órdenes" in w.value for w in at.warning)
    at.button(key="campanas_corregir_borrar_campana_si").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Campaña borrada" in at.success[0].value
    assert sesion.scalars(select(Orden)).all() == []
    assert "crea la primera en «Nueva campaña»" in at.info[0].value
