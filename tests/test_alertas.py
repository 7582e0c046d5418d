"""Alertas por correo de notas negativas de alto alcance, con un servidor SMTP real (aiosmtpd)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.config import Configuracion, Smtp, cargar
from datos.consultas.alertas import ACCION_ALERTA, notas_para_alertar
from datos.modelos import Ambito, Bitacora, Medio, Nota, TipoCaptura, TipoMedio, Tono
from demo.buzon import BuzonLocal, puerto_libre
from oficina.alertas import enviar_alertas

AHORA = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
DESTINATARIOS = ("directora@tampacan.gob.mx", "prensa@tampacan.gob.mx")
TITULO_PELIGROSO = "Vecinos acusan abandono del drenaje <script>alert(1)</script>"


def _config(puerto: int, destinatarios: tuple[str, ...] = DESTINATARIOS) -> Configuracion:
    """Configuración con SMTP local, destinatarios y umbral de alcance de 50,000."""
    smtp = Smtp(servidor="127.0.0.1", puerto=puerto, tls="ninguno")
    return dataclasses.replace(
        cargar(), smtp=smtp, sintesis_destinatarios=destinatarios, alcance_alerta=50_000
    )


def _medio(s: Session, nombre: str, audiencia: int) -> Medio:
    """Medio digital con su audiencia potencial."""
    medio = Medio(nombre=nombre, tipo=TipoMedio.DIGITAL, ambito=Ambito.ESTATAL, audiencia=audiencia)
    s.add(medio)
    return medio


def _nota(
    s: Session,
    medio: Medio,
    titulo: str,
    tono: Tono | None,
    *,
    confirmado: Tono | None = None,
    horas: float = 2,
) -> Nota:
    """Nota web capturada hace `horas` horas con su tono calculado y confirmado."""
    nota = Nota(
        medio=medio,
        url_canonica=f"https://medio.example/{len(titulo)}-{titulo[:12]}",
        titulo=titulo,
        texto="Habitantes de la colonia Centro se quejaron del servicio. Piden respuesta.",
        tipo_captura=TipoCaptura.RSS,
        hash_contenido=titulo,
        tono=tono,
        tono_confirmado=confirmado,
        fecha_captura=AHORA - dt.timedelta(hours=horas),
        fecha_publicacion=AHORA - dt.timedelta(hours=horas + 1),
    )
    s.add(nota)
    s.flush()
    return nota


def _sembrar(s: Session) -> tuple[Nota, Nota]:
    """Dos notas que deben alertarse y varias que no."""
    grande = _medio(s, "El Sol de San Luis", 80_000)
    chico = _medio(s, "Voz de Tampacán", 3_000)
    peligrosa = _nota(s, grande, TITULO_PELIGROSO, Tono.NEGATIVO)
    confirmada = _nota(s, grande, "Critican cobro de agua", Tono.NEUTRAL, confirmado=Tono.NEGATIVO)
    _nota(s, grande, "Inaugura la presidenta el mercado", Tono.POSITIVO)
    _nota(s, grande, "Corrigen dato de la obra", Tono.NEGATIVO, confirmado=Tono.NEUTRAL)
    _nota(s, chico, "Quejas por baches en el centro", Tono.NEGATIVO)
    _nota(s, grande, "Nota negativa de hace dos semanas", Tono.NEGATIVO, horas=24 * 14)
    return peligrosa, confirmada


def _alertas(s: Session) -> list[Bitacora]:
    """Filas de bitácora de alertas."""
    return list(s.scalars(select(Bitacora).where(Bitacora.accion == ACCION_ALERTA)))


def _cuerpo(mensaje: EmailMessage, tipo: str) -> str:
    """Contenido de la parte text/plain o text/html."""
    parte = mensaje.get_body(preferencelist=(tipo,))
    assert parte is not None
    return str(parte.get_content())


def test_alerta_una_sola_vez_y_escapada(
    sesion: Session, directorio_datos: Path, smtp_local: tuple[BuzonLocal, int]
) -> None:
    buzon, puerto = smtp_local
    peligrosa, confirmada = _sembrar(sesion)
    assert enviar_alertas(sesion, _config(puerto), ahora=AHORA) == 2
    [(rcpt, mensaje)] = buzon.recibidos
    assert sorted(rcpt) == sorted(DESTINATARIOS)
    assert mensaje["Subject"] == "Alerta: 2 notas negativas de alto alcance"
    html = _cuerpo(mensaje, "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "Critican cobro de agua" in html and "80,000" in html
    texto = _cuerpo(mensaje, "plain")
    assert TITULO_PELIGROSO in texto and "https://medio.example/" in texto
    for ausente in ("Inaugura la presidenta", "Corrigen dato", "baches", "dos semanas"):
        assert ausente not in texto
    assert len(_alertas(sesion)) == 2
    assert {b.entidad_id for b in _alertas(sesion)} == {peligrosa.id, confirmada.id}
    # Segundo ciclo: nada nuevo, ningún correo.
    assert enviar_alertas(sesion, _config(puerto), ahora=AHORA + dt.timedelta(hours=1)) == 0
    assert len(buzon.recibidos) == 1


def test_nota_nueva_sale_en_el_siguiente_ciclo(
    sesion: Session, directorio_datos: Path, smtp_local: tuple[BuzonLocal, int]
) -> None:
    buzon, puerto = smtp_local
    _sembrar(sesion)
    assert enviar_alertas(sesion, _config(puerto), ahora=AHORA) == 2
    grande = sesion.scalars(select(Medio).where(Medio.audiencia == 80_000)).one()
    nueva = _nota(sesion, grande, "Denuncian desvío en obra pública", Tono.NEGATIVO, horas=0.5)
    assert enviar_alertas(sesion, _config(puerto), ahora=AHORA) == 1
    assert buzon.recibidos[-1][1]["Subject"] == "Alerta: 1 nota negativa de alto alcance"
    assert "Denuncian desvío" in _cuerpo(buzon.recibidos[-1][1], "plain")
    assert _alertas(sesion)[-1].entidad_id == nueva.id


def test_umbral_de_alcance_incluye_el_limite(sesion: Session, directorio_datos: Path) -> None:
    justo = _medio(sesion, "Justo en el umbral", 50_000)
    nota = _nota(sesion, justo, "Reclaman falta de alumbrado", Tono.NEGATIVO)
    desde = AHORA - dt.timedelta(days=1)
    assert [n.nota_id for n in notas_para_alertar(sesion, alcance_minimo=50_000, desde=desde)] == [
        nota.id
    ]
    assert notas_para_alertar(sesion, alcance_minimo=50_001, desde=desde) == []


def test_sin_smtp_o_sin_destinatarios_no_envia(
    sesion: Session,
    directorio_datos: Path,
    smtp_local: tuple[BuzonLocal, int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    buzon, puerto = smtp_local
    _sembrar(sesion)
    sin_smtp = dataclasses.replace(_config(puerto), smtp=Smtp())
    with caplog.at_level(logging.WARNING, logger="oficina.alertas"):
        assert enviar_alertas(sesion, sin_smtp, ahora=AHORA) == 0
        assert enviar_alertas(sesion, _config(puerto, ()), ahora=AHORA) == 0
    assert "no hay servidor de correo" in caplog.text and "no hay destinatarios" in caplog.text
    assert buzon.recibidos == [] and _alertas(sesion) == []


def test_correo_caido_se_reintenta(
    sesion: Session,
    directorio_datos: Path,
    smtp_local: tuple[BuzonLocal, int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    buzon, puerto = smtp_local
    _sembrar(sesion)
    with caplog.at_level(logging.ERROR, logger="oficina.alertas"):
        assert enviar_alertas(sesion, _config(puerto_libre(0)), ahora=AHORA) == 0
    assert "conexión rechazada" in caplog.text and _alertas(sesion) == []
    assert enviar_alertas(sesion, _config(puerto), ahora=AHORA) == 2
    assert len(buzon.recibidos) == 1
