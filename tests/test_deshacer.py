"""Deshacer: revertir decisiones anotadas en la bitácora sin pisar cambios posteriores."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.consultas.revision import FiltroRevision, cola_de_revision, contar_pendientes
from datos.modelos import (
    Bitacora,
    Boletin,
    EstadoBoletin,
    EstadoEvento,
    EstadoRevision,
    Evento,
    Nota,
    Retoma,
    Rol,
    Tono,
)
from datos.repositorio.agenda import cambiar_estado_evento, crear_evento
from datos.repositorio.boletines import aprobar, devolver_a_borrador, enviar_a_revision, version
from datos.repositorio.deshacer import (
    NoSePuedeDeshacer,
    entradas_desde,
    motivo_para_no_deshacer,
    revertir,
    revertir_varias,
    ultima_entrada,
)
from datos.repositorio.revision import cambiar_nivel, confirmar_retoma, confirmar_tono
from datos.repositorio.usuarios import crear_usuario
from tablero.autenticacion import UsuarioActivo
from tests.fabricas import Semilla
from tests.test_revision import _metricas, _pagina, _solo

MX = dt.timezone(dt.timedelta(hours=-6))


@pytest.fixture
def ana(sesion: Session) -> UsuarioActivo:
    """Usuaria del personal."""
    u = crear_usuario(sesion, "ana", "personal", "huasteca-2026-segura")
    crear_usuario(sesion, "dora", "directora", "huasteca-2026-segura")
    sesion.commit()
    return UsuarioActivo(u.id, u.nombre, Rol.PERSONAL)


def _ultima(sesion: Session) -> Bitacora:
    """La entrada más reciente de la bitácora."""
    fila = sesion.scalar(select(Bitacora).order_by(Bitacora.id.desc()))
    assert fila is not None
    return fila


def _primera_retoma(sesion: Session) -> Retoma:
    """La retoma pendiente que encabeza la cola."""
    cola = cola_de_revision(sesion, FiltroRevision(tipo="retomas"), 50_000)
    retoma = sesion.get(Retoma, int(cola.iloc[0]["id"]))
    assert retoma is not None
    return retoma


def test_deshacer_confirmacion_deja_la_cola_como_estaba(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    filtro = FiltroRevision()
    cola_antes = cola_de_revision(sesion, filtro, 50_000)["id"].tolist()
    pendientes_antes = contar_pendientes(sesion, filtro)
    retoma = _primera_retoma(sesion)
    desde = ultima_entrada(sesion)
    confirmar_retoma(sesion, retoma.id, ana)
    ids = entradas_desde(sesion, desde, "ana")
    sesion.commit()
    assert len(ids) == 1
    revertir_varias(sesion, ids, "ana")
    sesion.commit()
    sesion.refresh(retoma)
    assert (retoma.estado, retoma.revisor_id, retoma.revisado_en) == (
        EstadoRevision.AUTOMATICA,
        None,
        None,
    )
    assert cola_de_revision(sesion, filtro, 50_000)["id"].tolist() == cola_antes
    assert contar_pendientes(sesion, filtro) == pendientes_antes
    reversion = _ultima(sesion)
    assert (reversion.accion, reversion.revierte_id) == ("deshacer", ids[0])
    assert reversion.cambios["estado"] == ["confirmada", "automatica"]
    with pytest.raises(NoSePuedeDeshacer, match="ya se deshizo"):
        revertir(sesion, ids[0], "ana")


def test_deshacer_tono_y_nivel(sesion: Session, semilla: Semilla, ana: UsuarioActivo) -> None:
    nota = sesion.get(Nota, semilla.notas["n5"])
    assert nota is not None
    confirmar_tono(sesion, nota.id, "positivo", ana)
    entrada = _ultima(sesion)
    retoma = _primera_retoma(sesion)
    nivel = retoma.nivel
    cambiar_nivel(sesion, retoma.id, "reescrita", ana)
    revertir(sesion, _ultima(sesion).id, "ana")
    revertir(sesion, entrada.id, "ana")
    sesion.commit()
    assert nota.tono_confirmado is None and nota.tono == Tono.NEGATIVO
    assert (retoma.nivel, retoma.estado) == (nivel, EstadoRevision.AUTOMATICA)


def test_no_pisa_un_cambio_posterior_y_la_reversion_se_revierte(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    nota = sesion.get(Nota, semilla.notas["n5"])
    assert nota is not None
    confirmar_tono(sesion, nota.id, "positivo", ana)
    primera = _ultima(sesion)
    confirmar_tono(sesion, nota.id, "neutral", ana)
    assert motivo_para_no_deshacer(sesion, primera) is not None
    with pytest.raises(NoSePuedeDeshacer, match="cambió después"):
        revertir(sesion, primera.id, "ana")
    reversion = revertir(sesion, _ultima(sesion).id, "ana")
    assert nota.tono_confirmado == Tono.POSITIVO
    revertir(sesion, primera.id, "ana")
    assert nota.tono_confirmado is None
    # Rehacer: revertir la reversión vuelve a poner lo que se había deshecho.
    with pytest.raises(NoSePuedeDeshacer):
        revertir(sesion, reversion.id, "ana")


def test_deshacer_cancelacion_de_evento(sesion: Session, ana: UsuarioActivo) -> None:
    evento = crear_evento(
        sesion, titulo="Informe", inicio=dt.datetime(2026, 12, 3, 10, tzinfo=MX), usuario="ana"
    )
    cambiar_estado_evento(sesion, evento.id, "confirmado", "ana")
    cambiar_estado_evento(sesion, evento.id, "cancelado", "ana")
    revertir(sesion, _ultima(sesion).id, "ana")
    sesion.commit()
    assert sesion.get(Evento, evento.id).estado == EstadoEvento.CONFIRMADO  # type: ignore[union-attr]


def test_boletin_aprobado_solo_lo_restaura_la_directora(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    boletin = sesion.get(Boletin, semilla.boletines["b3"])
    assert boletin is not None
    boletin.estado = EstadoBoletin.BORRADOR
    enviar_a_revision(sesion, boletin.id, "ana")
    aprobar(sesion, boletin.id, "dora", version(boletin))
    devolver_a_borrador(sesion, boletin.id, "ana")
    devolucion = _ultima(sesion)
    with pytest.raises(ValueError, match="directora"):
        revertir(sesion, devolucion.id, "ana")
    revertir(sesion, devolucion.id, "dora")
    assert boletin.estado == EstadoBoletin.APROBADO and boletin.aprobado_por_id is not None


def test_lo_que_no_es_una_decision_no_se_deshace(sesion: Session, ana: UsuarioActivo) -> None:
    evento = crear_evento(
        sesion, titulo="Informe", inicio=dt.datetime(2026, 12, 3, 10, tzinfo=MX), usuario="ana"
    )
    creacion = _ultima(sesion)
    assert creacion.entidad_id == evento.id
    motivo = motivo_para_no_deshacer(sesion, creacion)
    assert motivo is not None and "no se puede deshacer" in motivo
    with pytest.raises(NoSePuedeDeshacer):
        revertir(sesion, 999_999, "ana")


# ---- Páginas (AppTest) -------------------------------------------------------------------------


@pytest.mark.usefixtures("cache_limpio")
def test_revision_deshacer_desde_el_aviso_y_revertir_desde_el_historial(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _solo(_pagina(ana), "retomas")
    antes = _metricas(at)["Retomas por revisar"]
    primera = at.caption[0].value
    at.button(key="revision_confirmar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metricas(at)["Retomas por revisar"] != antes
    assert at.button(key="deshacer_ultimo").label == "Deshacer"
    at.button(key="deshacer_ultimo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metricas(at)["Retomas por revisar"] == antes
    assert at.caption[0].value == primera
    assert not [b for b in at.button if b.key == "deshacer_ultimo"], "lo deshecho no se deshace"
    assert _ultima(sesion).accion == "deshacer"
    # El historial ofrece revertir cualquier decisión pasada (la confirmación ya deshecha, no).
    at.button(key="revision_rechazar").click().run()
    rechazo = _ultima(sesion)
    at.button(key=f"revision_historial_revertir_{rechazo.id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metricas(at)["Retomas por revisar"] == antes
    assert _ultima(sesion).revierte_id == rechazo.id


@pytest.mark.usefixtures("cache_limpio")
def test_deshacer_un_tono_desde_la_pagina(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _solo(_pagina(ana), "tonos")
    antes = _metricas(at)["Tonos por revisar"]
    at.button(key="revision_tono_positivo").click().run()
    assert _metricas(at)["Tonos por revisar"] != antes
    at.button(key="deshacer_ultimo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _metricas(at)["Tonos por revisar"] == antes
    nota = sesion.get(Nota, semilla.notas["n5"])
    assert nota is not None
    sesion.refresh(nota)
    assert (nota.tono_confirmado, nota.tono_revisor_id) == (None, None)
