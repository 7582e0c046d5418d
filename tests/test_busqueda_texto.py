"""Búsqueda de notas: sin acentos ni mayúsculas y por relevancia, en SQLite y PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from datos import busqueda
from datos.busqueda import DISPARADORES_FTS
from datos.consultas import notas as cn
from datos.migraciones import actualizar
from datos.modelos import Nota, TipoMedio
from tests.fabricas import medio, nota

AHORA = dt.datetime(2026, 11, 26, 18, tzinfo=dt.UTC)


def _sembrar(sesion: Session) -> dict[str, int]:
    """Tres notas: la más vieja habla sobre todo del camión; la más nueva lo menciona de paso."""
    pulso = medio(sesion, "Pulso Regional", 40_000, TipoMedio.DIGITAL)
    notas = {
        "camion": nota(
            sesion,
            pulso,
            "camion",
            AHORA - dt.timedelta(days=3),
            titulo="Llega el nuevo camión recolector a Tampacán",
            texto="El camión recolector recorrerá las colonias. Con el camión nuevo la recolección "
            "será diaria; el camión tiene capacidad de doce toneladas.",
        ),
        "de_paso": nota(
            sesion,
            pulso,
            "de-paso",
            AHORA,
            titulo="Sesión de cabildo",
            texto="El cabildo aprobó el presupuesto de obras. También se informó de la compra "
            "de un camion para limpia y de la feria del café en la cabecera.",
        ),
        "otra": nota(
            sesion,
            pulso,
            "otra",
            AHORA - dt.timedelta(days=1),
            titulo="Torneo de futbol",
            texto="Inició el torneo municipal de futbol infantil.",
        ),
    }
    sesion.flush()
    return {clave: n.id for clave, n in notas.items()}


def _ids(sesion: Session, busqueda: str) -> list[int]:
    return list(cn.buscar_notas(sesion, cn.FiltroNotas(texto=busqueda))["nota_id"])


def test_ignora_acentos_y_mayusculas(sesion: Session) -> None:
    ids = _sembrar(sesion)
    assert _ids(sesion, "TAMPACAN") == [ids["camion"]]
    assert _ids(sesion, "cafe") == [ids["de_paso"]]
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(texto="Café")) == 1


def test_ordena_por_relevancia_antes_que_por_fecha(sesion: Session) -> None:
    ids = _sembrar(sesion)
    # Sin texto, la más reciente primero; con texto, la que trata del camión primero.
    assert _ids(sesion, "")[0] == ids["de_paso"]
    assert _ids(sesion, "camión") == [ids["camion"], ids["de_paso"]]
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(texto="camion")) == 2


def test_todas_las_palabras_y_sin_sintaxis_del_usuario(sesion: Session) -> None:
    ids = _sembrar(sesion)
    assert _ids(sesion, "torneo futbol") == [ids["otra"]]
    assert _ids(sesion, "torneo camión") == []
    for rara in ('"', "--", "camion OR", "NEAR(", "*", "'; DROP TABLE nota; --"):
        cn.buscar_notas(sesion, cn.FiltroNotas(texto=rara))  # sin error de sintaxis


def test_el_indice_sigue_las_ediciones_y_borrados(sesion: Session) -> None:
    ids = _sembrar(sesion)
    sesion.execute(
        text("UPDATE nota SET titulo = 'Jornada de vacunación' WHERE id = :i"), {"i": ids["otra"]}
    )
    assert _ids(sesion, "vacunacion") == [ids["otra"]]
    sesion.execute(text("DELETE FROM nota WHERE id = :i"), {"i": ids["camion"]})
    assert _ids(sesion, "tampacan") == []


def test_actualizar_repara_los_disparadores_de_sqlite(motor: Engine, sesion: Session) -> None:
    if motor.dialect.name != "sqlite":
        pytest.skip("los disparadores de FTS5 son sólo de SQLite")
    ids = _sembrar(sesion)
    sesion.commit()
    # Lo que deja una migración por lotes que rehace la tabla nota: sin disparadores.
    with motor.begin() as conexion:
        for disparador in DISPARADORES_FTS:
            conexion.execute(text(f"DROP TRIGGER {disparador}"))
        conexion.execute(text("UPDATE nota SET titulo = 'Jornada de vacunación'"))
    actualizar(motor)
    assert sorted(_ids(sesion, "vacunacion")) == sorted(ids.values())


def test_postgresql_usa_el_indice(motor: Engine, sesion: Session) -> None:
    if motor.dialect.name != "postgresql":
        pytest.skip("índice GIN sólo en PostgreSQL")
    _sembrar(sesion)
    sesion.execute(text("SET LOCAL enable_seqscan = off"))
    consulta = select(Nota.id).where(busqueda.coincide("postgresql", "camión"))
    plan = sesion.execute(
        text("EXPLAIN " + str(consulta.compile(motor, compile_kwargs={"literal_binds": True})))
    )
    assert "ix_nota_busqueda" in " ".join(str(r[0]) for r in plan)
