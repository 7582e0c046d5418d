"""Agenda: prioridad sugerida, estados, cobertura, vistas de día y semana, invitaciones y embudo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from analisis.cumplimiento import FilaEmbudo, embudo, embudo_por
from analisis.prioridad import sugerir_prioridad
from datos.modelos import (
    Ambito,
    EstadoEvento,
    EstadoRevision,
    Evento,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoMedio,
)
from datos.repositorio.agenda import (
    EventoInvalido,
    asignar_cobertura,
    cambiar_estado_evento,
    crear_evento,
    editar_evento,
    enlazar_boletin,
    eventos_entre,
    invitar,
    registrar_asistencia,
    registrar_respuesta,
)
from oficina.agenda import embudo_evento, embudo_por_medio
from tests.test_oficina_boletines import MX, boletin, usuarios


def _evento(s: Session, titulo: str, dia: int, hora: int, **datos: object) -> int:
    """Evento de noviembre de 2026 a la hora local dada; devuelve su id."""
    inicio = dt.datetime(2026, 11, dia, hora, tzinfo=MX)
    return crear_evento(s, titulo=titulo, inicio=inicio, usuario="beto", **datos).id  # type: ignore[arg-type]


def test_prioridad_sugerida() -> None:
    assert sugerir_prioridad("Informe de Gobierno") == 5
    assert sugerir_prioridad("inauguración") == 4
    assert sugerir_prioridad("Reunión", 10) == 1
    assert sugerir_prioridad("reunion", 600) == 3
    assert sugerir_prioridad("gira", 5_000, con_presidenta=True) == 5
    assert sugerir_prioridad(None) == 3
    assert sugerir_prioridad("algo raro", 2_000) == 5


def test_evento_con_prioridad_editable_y_estados(sesion: Session, directorio_datos: Path) -> None:
    usuarios(sesion)
    eid = _evento(sesion, "Inauguración de la clínica", 26, 10, tipo="Inauguración", audiencia=800)
    evento = sesion.get(Evento, eid)
    assert evento is not None and evento.prioridad == evento.prioridad_sugerida == 5
    assert editar_evento(sesion, eid, "beto", prioridad=3) is True
    assert (evento.prioridad, evento.prioridad_sugerida) == (3, 5)
    with pytest.raises(EventoInvalido, match="prioridad"):
        editar_evento(sesion, eid, "beto", prioridad=7)
    with pytest.raises(EventoInvalido, match="no puede pasar"):
        cambiar_estado_evento(sesion, eid, "cubierto", "beto")
    cambiar_estado_evento(sesion, eid, "confirmado", "beto")
    cambiar_estado_evento(sesion, eid, EstadoEvento.CUBIERTO, "beto")
    assert evento.estado == EstadoEvento.CUBIERTO
    asignar_cobertura(sesion, eid, "Foto", "Juan", "beto")
    asignar_cobertura(sesion, eid, "video", "Luz", "beto")
    asignar_cobertura(sesion, eid, "video", None, "beto")
    assert evento.cobertura == {"foto": "Juan"}
    with pytest.raises(EventoInvalido, match="terminar antes"):
        crear_evento(
            sesion,
            titulo="Mal",
            inicio=dt.datetime(2026, 11, 26, 10, tzinfo=MX),
            fin=dt.datetime(2026, 11, 26, 9, tzinfo=MX),
            usuario="beto",
        )
    with pytest.raises(EventoInvalido, match="zona horaria"):
        crear_evento(sesion, titulo="Sin zona", inicio=dt.datetime(2026, 11, 26), usuario="beto")


def test_vistas_de_dia_y_semana(sesion: Session, directorio_datos: Path) -> None:
    usuarios(sesion)
    _evento(sesion, "Reunión", 26, 9, tipo="reunion")
    _evento(sesion, "Informe", 26, 9, tipo="informe de gobierno")
    _evento(sesion, "Noche", 26, 23)  # 05:00 UTC del 27: sigue siendo el 26 en Tampacán
    _evento(sesion, "Lunes", 23, 12)
    _evento(sesion, "Domingo", 29, 12)
    _evento(sesion, "Otra semana", 30, 12)
    jueves = dt.date(2026, 11, 26)
    dia = eventos_entre(sesion, jueves, jueves)
    assert list(dia["titulo"]) == ["Informe", "Reunión", "Noche"]
    assert dia.iloc[0]["inicio"].tzinfo is not None and dia.iloc[0]["inicio"].hour == 9
    semana = eventos_entre(sesion, dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert list(semana["titulo"]) == ["Lunes", "Informe", "Reunión", "Noche", "Domingo"]
    miercoles = dt.date(2026, 11, 25)
    assert eventos_entre(sesion, miercoles, miercoles).empty


def _medio(s: Session, nombre: str) -> int:
    """Un medio digital; devuelve su id."""
    medio = Medio(nombre=nombre, tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
    s.add(medio)
    s.flush()
    return medio.id


def _nota_que_retoma(
    s: Session, medio_id: int, boletin_id: int, estado: EstadoRevision = EstadoRevision.AUTOMATICA
) -> None:
    """Una nota del medio que retoma el boletín."""
    nota = Nota(
        medio_id=medio_id,
        url_canonica=f"https://m{medio_id}.example/{boletin_id}/{estado.value}",
        titulo="Nota",
        texto="Texto",
        tipo_captura=TipoCaptura.RSS,
        hash_contenido="h",
        fecha_publicacion=dt.datetime(2026, 11, 27, 8, tzinfo=MX),
    )
    s.add(nota)
    s.flush()
    s.add(
        Retoma(
            nota_id=nota.id,
            boletin_id=boletin_id,
            nivel=NivelRetoma.PARCIAL,
            puntaje=0.8,
            fidelidad=0.5,
            estado=estado,
        )
    )
    s.flush()


def test_invitaciones_respuestas_y_embudo(sesion: Session, directorio_datos: Path) -> None:
    usuarios(sesion)
    sol, pulso, radio, tv = (_medio(sesion, n) for n in ("Sol", "Pulso", "Radio", "TV"))
    eid = _evento(sesion, "Clínica", 26, 10)
    otro = _evento(sesion, "Otro", 27, 10)
    invitaciones = invitar(sesion, eid, [sol, pulso, radio, tv], "beto")
    assert len(invitar(sesion, eid, [sol], "beto")) == 1  # no duplica
    assert len(sesion.get(Evento, eid).invitaciones) == 4  # type: ignore[union-attr]
    inv = {i.medio_id: i.id for i in invitaciones}
    registrar_respuesta(sesion, inv[sol], "confirmado", "beto")
    registrar_respuesta(sesion, inv[pulso], "confirmado", "beto")
    registrar_respuesta(sesion, inv[radio], "declinado", "beto")
    registrar_asistencia(sesion, inv[sol], True, "beto")
    registrar_asistencia(sesion, inv[pulso], True, "beto")
    with pytest.raises(EventoInvalido, match="respuesta desconocida"):
        registrar_respuesta(sesion, inv[tv], "tal vez", "beto")
    b = boletin(sesion)
    enlazar_boletin(sesion, eid, b.id, "beto")
    _nota_que_retoma(sesion, sol, b.id)
    _nota_que_retoma(sesion, pulso, b.id, EstadoRevision.RECHAZADA)  # no cuenta
    _nota_que_retoma(sesion, tv, b.id, EstadoRevision.CONFIRMADA)  # publicó sin asistir
    # Un boletín de otro evento no cuenta para éste.
    b2 = boletin(sesion)
    enlazar_boletin(sesion, otro, b2.id, "beto")
    _nota_que_retoma(sesion, radio, b2.id)
    resultado = embudo_evento(sesion, eid)
    assert (resultado.invitados, resultado.confirmados, resultado.asistieron) == (4, 2, 2)
    assert resultado.publicaron == 2 and sorted(resultado.medios_publicaron) == sorted([sol, tv])
    assert resultado.tasa_asistencia == 0.5
    por_medio = embudo_por_medio(sesion).set_index("medio")
    assert por_medio.loc["Sol", "publicaron"] == 1 and por_medio.loc["Pulso", "publicaron"] == 0
    assert por_medio.loc["TV", "asistieron"] == 0 and por_medio.loc["TV", "publicaron"] == 1


def test_embudo_puro() -> None:
    filas = [
        FilaEmbudo(1, 10, "confirmado", True, True),
        FilaEmbudo(1, 11, "declinado", None, False),
        FilaEmbudo(2, 10, "sin_respuesta", False, False),
    ]
    total = embudo(filas)
    assert (total.invitados, total.confirmados, total.asistieron, total.publicaron) == (3, 1, 1, 1)
    por_medio = embudo_por(filas, lambda f: f.medio_id)
    assert por_medio[10].invitados == 2 and por_medio[10].tasa_publicacion == 0.5
    assert embudo([]).tasa_asistencia is None
