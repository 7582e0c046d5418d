"""Atención ciudadana: flujo con plazos, bitácora, desde una nota, recordatorios y privacidad."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analisis.ciudadania import cifras_solicitudes
from datos.config import Smtp, cargar
from datos.consultas.solicitudes import solicitudes
from datos.modelos import (
    Bitacora,
    Dependencia,
    EstadoSolicitud,
    TerminoVigilado,
    TipoEntidad,
    TipoMedio,
    Tono,
)
from datos.repositorio import solicitudes as repo
from demo.buzon import BuzonLocal
from oficina.ciudadania import enviar_recordatorios
from tests.fabricas import medio, nota
from tests.test_cli import afirmar_error_de_una_linea, correr


def _hoy() -> dt.date:
    return dt.datetime.now(cargar().zona).date()


def test_flujo_con_plazo_por_tema_y_bitacora(sesion: Session) -> None:
    sol = repo.crear_solicitud(
        sesion,
        canal="telefono",
        asunto="Fuga de agua en la calle Juárez",
        tema_clave="agua",
        usuario="beto",
        localidad="Xochititla",
        contacto_nombre="María López",
    )
    assert sol.estado == EstadoSolicitud.RECIBIDA
    assert sol.vence_en == _hoy() + dt.timedelta(days=3)
    dependencia = sesion.get(Dependencia, sol.dependencia_id)
    assert dependencia is not None and dependencia.nombre == "Agua Potable"
    with pytest.raises(repo.SolicitudInvalida, match="no puede pasar de recibida a resuelta"):
        repo.cambiar_estado(sesion, sol.id, "resuelta", "beto")
    for estado in ("canalizada", "en_atencion", "resuelta"):
        repo.cambiar_estado(sesion, sol.id, estado, "beto", respuesta="Se reparó la fuga")
    assert sol.cerrada_en is not None and sol.respuesta == "Se reparó la fuga"
    cambios = sesion.scalar(
        select(func.count()).where(Bitacora.entidad == "solicitud", Bitacora.entidad_id == sol.id)
    )
    assert cambios == 4
    with pytest.raises(repo.SolicitudInvalida, match="tema desconocido"):
        repo.crear_solicitud(sesion, canal="correo", asunto="x", tema_clave="nada", usuario="b")


def test_desde_nota_negativa_prellena_con_la_prueba(sesion: Session) -> None:
    sesion.add(TerminoVigilado(tipo=TipoEntidad.LOCALIDAD, nombre="Xochititla", variantes=[]))
    eco = medio(sesion, "Eco Huasteco", 1000, TipoMedio.DIGITAL)
    critica = nota(
        sesion,
        eco,
        "baches",
        dt.datetime.now(dt.UTC),
        titulo="Vecinos de Xochititla, hartos",
        texto="Los baches de la calle principal de Xochititla no se reparan; el camino está roto.",
        tono=Tono.NEGATIVO,
    )
    sesion.flush()
    sol = repo.desde_nota(sesion, critica.id, "ana")
    assert (sol.tema, sol.localidad, sol.canal.value) == ("calles", "Xochititla", "nota")
    assert sol.enlace == critica.url_canonica and sol.nota_id == critica.id
    assert repo.desde_nota(sesion, critica.id, "ana").id == sol.id


def test_datos_personales_se_borran_al_vencer_la_conservacion(sesion: Session) -> None:
    hace = dt.datetime.now(dt.UTC) - dt.timedelta(days=cargar().ciudadania.retencion_dias + 30)
    vieja = repo.crear_solicitud(
        sesion,
        canal="ventanilla",
        asunto="Lámpara fundida",
        tema_clave="alumbrado",
        usuario="beto",
        recibida_en=hace,
        contacto_nombre="Juan Pérez",
        contacto_telefono="555",
    )
    vieja.estado, vieja.cerrada_en = EstadoSolicitud.RESUELTA, hace + dt.timedelta(days=2)
    abierta = repo.crear_solicitud(
        sesion,
        canal="ventanilla",
        asunto="Otra lámpara",
        tema_clave="alumbrado",
        usuario="beto",
        recibida_en=hace,
        contacto_nombre="Rosa Díaz",
    )
    assert repo.borrar_datos_vencidos(sesion) == 1
    assert (vieja.contacto_nombre, vieja.contacto_telefono) == (None, None)
    assert vieja.datos_borrados_en is not None
    assert abierta.contacto_nombre == "Rosa Díaz"
    anonimas = solicitudes(sesion)
    assert "contacto_nombre" not in anonimas.columns
    assert "Rosa Díaz" in set(solicitudes(sesion, datos_personales=True)["contacto_nombre"])


def test_recordatorio_a_la_dependencia_sin_datos_personales(
    sesion: Session, smtp_local: tuple[BuzonLocal, int]
) -> None:
    buzon, puerto = smtp_local
    hace = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    sol = repo.crear_solicitud(
        sesion,
        canal="whatsapp",
        asunto="Basura acumulada",
        tema_clave="basura",
        usuario="beto",
        recibida_en=hace,
        dependencia="Servicios Municipales",
        contacto_nombre="Laura Cruz",
    )
    dependencia = sesion.get(Dependencia, sol.dependencia_id)
    assert dependencia is not None
    dependencia.correo = "servicios@tampacan.gob.mx"
    config = dataclasses.replace(
        cargar(), smtp=Smtp(servidor="127.0.0.1", puerto=puerto, tls="ninguno")
    )
    assert enviar_recordatorios(sesion, config, _hoy()) == 1
    assert enviar_recordatorios(sesion, config, _hoy()) == 0
    destinatarios, mensaje = buzon.recibidos[0]
    assert destinatarios == ["servicios@tampacan.gob.mx"]
    cuerpo = mensaje.get_body().get_content()
    assert "VENCIDA" in cuerpo and "Basura acumulada" in cuerpo
    assert "Laura" not in cuerpo


def test_cifras_por_dependencia_mediana_y_frecuentes(sesion: Session) -> None:
    inicio = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    for i, (tema, localidad) in enumerate(
        [("agua", "Chiconamel"), ("agua", "Chiconamel"), ("calles", "Tampacán")]
    ):
        sol = repo.crear_solicitud(
            sesion,
            canal="ventanilla",
            asunto=f"s{i}",
            tema_clave=tema,
            usuario="b",
            localidad=localidad,
            recibida_en=inicio,
        )
        if i == 0:
            sol.estado, sol.cerrada_en = EstadoSolicitud.RESUELTA, inicio + dt.timedelta(days=4)
    cifras = cifras_solicitudes(solicitudes(sesion), _hoy())
    assert (cifras.total, cifras.abiertas, cifras.vencidas) == (3, 2, 2)
    assert cifras.mediana_dias == 4.0
    assert cifras.localidades[0] == ("Chiconamel", 2)
    assert cifras.temas[0] == ("Agua potable y drenaje", 2)
    assert set(cifras.por_dependencia["dependencia"]) == {"Agua Potable", "Obras Públicas"}


@pytest.mark.lento
def test_cli_crear_listar_cambiar(tmp_path: Path) -> None:
    assert correr(["inicializar"], tmp_path).returncode == 0
    r = correr(
        [
            "solicitudes",
            "crear",
            "--asunto",
            "Bache frente a la escuela",
            "--tema",
            "calles",
            "--canal",
            "facebook",
            "--contacto-nombre",
            "Pedro Ruiz",
        ],
        tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert "AC-0001/" in r.stdout
    lista = json.loads(correr(["solicitudes", "listar", "--json"], tmp_path).stdout)
    assert lista[0]["tema"] == "calles" and "Pedro" not in json.dumps(lista)
    dep = correr(
        [
            "solicitudes",
            "dependencia",
            "--nombre",
            "Obras Públicas",
            "--correo",
            "obras@tampacan.gob.mx",
        ],
        tmp_path,
    )
    assert dep.returncode == 0, dep.stderr
    ok = correr(["solicitudes", "cambiar", "1", "--estado", "canalizada"], tmp_path)
    assert ok.returncode == 0, ok.stderr
    afirmar_error_de_una_linea(
        correr(["solicitudes", "cambiar", "1", "--estado", "recibida"], tmp_path),
        "no puede pasar",
    )
    estado = json.loads(correr(["estado", "--json"], tmp_path).stdout)
    assert estado["solicitudes"] == 1 and estado["correos"] == 0


def test_reporte_mensual_trae_la_seccion_anonima(sesion: Session, tmp_path: Path) -> None:
    from reportes.mensual import generar_mensual
    from tests.test_reportes import _texto_pdf

    recibida = dt.datetime(2026, 11, 5, 17, tzinfo=dt.UTC)
    for asunto, tema in (("Fuga en la escuela", "agua"), ("Bache en la carretera", "calles")):
        repo.crear_solicitud(
            sesion,
            canal="telefono",
            asunto=asunto,
            tema_clave=tema,
            usuario="b",
            localidad="Chiconamel",
            recibida_en=recibida,
            contacto_nombre="Rocío Hernández",
        )
    sesion.flush()
    texto = _texto_pdf(generar_mensual(sesion, 2026, 11, tmp_path / "m.pdf"))
    assert "Atención ciudadana" in texto and "Chiconamel" in texto
    assert "Agua Potable" in texto
    assert "Rocío" not in texto


def test_el_servicio_recuerda_una_vez_al_dia(
    sesion: Session, smtp_local: tuple[BuzonLocal, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datos import config
    from operacion.servicio import Servicio

    buzon, puerto = smtp_local
    for clave, valor in {"SERVIDOR": "127.0.0.1", "PUERTO": str(puerto), "TLS": "ninguno"}.items():
        monkeypatch.setenv(f"MONITOREO_SMTP_{clave}", valor)
    hace = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    sol = repo.crear_solicitud(
        sesion,
        canal="telefono",
        asunto="Sin agua",
        tema_clave="agua",
        usuario="b",
        recibida_en=hace,
        dependencia="Agua Potable",
    )
    dependencia = sesion.get(Dependencia, sol.dependencia_id)
    assert dependencia is not None
    dependencia.correo = "agua@tampacan.gob.mx"
    sesion.commit()
    temprano = dt.datetime.combine(_hoy(), dt.time(7), cargar().zona)
    servicio = Servicio(config.recargar(), ahora=lambda: reloj[0])
    reloj = [temprano]
    assert not servicio.ciudadania_si_toca()
    reloj[0] = temprano + dt.timedelta(hours=2)
    assert servicio.ciudadania_si_toca()
    assert not servicio.ciudadania_si_toca()
    assert buzon.destinatarios() == ["agua@tampacan.gob.mx"]
