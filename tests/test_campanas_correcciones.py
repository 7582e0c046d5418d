"""Corregir una campaña capturada mal: editar periodo y nombre, borrar órdenes o la campaña.

Lo que ya se comprobó (entregas) es prueba de pago: no se borra ni queda fuera del periodo.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import Bitacora, Campana, Orden
from datos.repositorio.campanas import (
    PautaInvalida,
    borrar_campana,
    borrar_orden,
    crear_campana,
    editar_campana,
)
from tests.test_campanas import FIN, INICIO, orden_de, sembrar_campana, spots


def _bitacora(sesion: Session, accion: str, entidad: str) -> list[Bitacora]:
    """Renglones de la bitácora de esa acción."""
    consulta = select(Bitacora).where(Bitacora.accion == accion, Bitacora.entidad == entidad)
    return list(sesion.scalars(consulta))


def test_editar_nombre_periodo_y_mensaje_queda_en_bitacora(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    editar_campana(
        sesion, c.id, "  Agua  limpia 2026 ", INICIO, dt.date(2026, 12, 15), "Nuevo", "ana"
    )
    sesion.flush()
    assert (c.nombre, c.fin, c.mensaje) == ("Agua limpia 2026", dt.date(2026, 12, 15), "Nuevo")
    (renglon,) = _bitacora(sesion, "editar", "campana")
    assert renglon.usuario_nombre == "ana"
    assert set(renglon.cambios) == {"nombre", "fin", "mensaje"}
    # Sin cambios no se anota nada.
    editar_campana(sesion, c.id, "Agua limpia 2026", INICIO, dt.date(2026, 12, 15), "Nuevo", "ana")
    assert len(_bitacora(sesion, "editar", "campana")) == 1


def test_editar_valida_nombre_repetido_y_periodo(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    crear_campana(sesion, "Vacunación", INICIO, FIN)
    with pytest.raises(PautaInvalida, match="ya existe la campaña"):
        editar_campana(sesion, c.id, "VACUNACIÓN", INICIO, FIN, "")
    with pytest.raises(PautaInvalida, match="termina antes de empezar"):
        editar_campana(sesion, c.id, "Agua limpia", FIN, INICIO, "")
    with pytest.raises(PautaInvalida, match="no existe la campaña"):
        editar_campana(sesion, 999, "Otra", INICIO, FIN, "")


def test_el_periodo_nuevo_debe_incluir_las_entregas(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    spots(sesion, orden_de(c, "La Poderosa Huasteca"), 3)  # 2, 3 y 4 de noviembre
    with pytest.raises(PautaInvalida, match="3 entregas registradas fuera del periodo"):
        editar_campana(sesion, c.id, c.nombre, dt.date(2026, 11, 10), FIN, "")
    with pytest.raises(PautaInvalida, match="1 entregas registradas fuera del periodo"):
        editar_campana(sesion, c.id, c.nombre, dt.date(2026, 11, 3), FIN, "")
    editar_campana(sesion, c.id, c.nombre, dt.date(2026, 11, 2), dt.date(2026, 11, 4), "")
    assert (c.inicio, c.fin) == (dt.date(2026, 11, 2), dt.date(2026, 11, 4))


def test_borrar_orden_sin_entregas_y_nunca_con_entregas(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    radio, tv = orden_de(c, "La Poderosa Huasteca"), orden_de(c, "Canal 9 Huasteca")
    spots(sesion, radio, 1)
    with pytest.raises(PautaInvalida, match="1 entregas registradas"):
        borrar_orden(sesion, radio.id, "ana")
    borrar_orden(sesion, tv.id, "ana")
    sesion.expire_all()
    medios = {o.medio.nombre for o in sesion.scalars(select(Orden))}
    assert medios == {"La Poderosa Huasteca", "El Sol de la Huasteca"}
    (renglon,) = _bitacora(sesion, "borrar", "orden")
    assert renglon.cambios == {"medio": ["Canal 9 Huasteca", None]}


def test_borrar_campana_con_sus_ordenes_salvo_si_hay_entregas(sesion: Session) -> None:
    c = sembrar_campana(sesion)
    otra = crear_campana(sesion, "Vacunación", INICIO, FIN)
    spots(sesion, orden_de(c, "Canal 9 Huasteca"), 2)
    with pytest.raises(PautaInvalida, match="2 entregas registradas"):
        borrar_campana(sesion, c.id, "ana")
    borrar_campana(sesion, otra.id, "ana")
    sesion.expire_all()
    assert [x.nombre for x in sesion.scalars(select(Campana))] == ["Agua limpia"]
    assert sesion.scalar(select(func.count()).select_from(Orden)) == 3
    assert len(_bitacora(sesion, "borrar", "campana")) == 1
