"""Correo: envío real a un servidor SMTP local (aiosmtpd) y errores en español."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from datos.config import Configuracion, Smtp, cargar
from demo.buzon import BuzonLocal, puerto_libre
from oficina.correo import ErrorDeCorreo, crear_mensaje, enviar
from oficina.sintesis import enviar_sintesis
from tests.test_reportes import FECHA, poblar

USUARIO = "monitoreo"
CONTRASENA = "secreta-de-prueba"


@pytest.fixture
def smtp_con_clave(tmp_path: Path) -> Iterator[tuple[BuzonLocal, int]]:
    """Buzón que exige usuario y contraseña (sin TLS, sólo para la prueba)."""
    with BuzonLocal(tmp_path / "buzon", credenciales=(USUARIO, CONTRASENA)) as buzon:
        yield buzon, buzon.puerto


def _config(puerto: int, destinatarios: tuple[str, ...], **smtp: Any) -> Configuracion:
    """La configuración cargada con SMTP local y destinatarios de la síntesis."""
    ajustes: dict[str, Any] = {"servidor": "127.0.0.1", "puerto": puerto, "tls": "ninguno"} | smtp
    return dataclasses.replace(cargar(), smtp=Smtp(**ajustes), sintesis_destinatarios=destinatarios)


def test_enviar_sintesis(
    sesion: Session, directorio_datos: Path, smtp_local: tuple[BuzonLocal, int]
) -> None:
    """La síntesis llega a cada destinatario con su asunto, HTML escapado y el PDF adjunto."""
    buzon, puerto = smtp_local
    poblar(sesion, directorio_datos)
    destinatarios = ("directora@tampacan.gob.mx", "sintesis@tampacan.gob.mx")
    enviados = enviar_sintesis(sesion, FECHA, _config(puerto, destinatarios))
    assert enviados == 2
    assert len(buzon.recibidos) == 1
    rcpt, mensaje = buzon.recibidos[0]
    assert sorted(rcpt) == sorted(destinatarios)
    assert mensaje["Subject"] == "Síntesis informativa — 26 de noviembre de 2026"
    assert mensaje["From"] == "comunicacion@tampacan.gob.mx"
    cuerpo_html = mensaje.get_body(preferencelist=("html",))
    assert cuerpo_html is not None
    html = cuerpo_html.get_content()
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "Presidenta inaugura clínica en Tampacán" in html
    adjuntos = list(mensaje.iter_attachments())
    assert [a.get_filename() for a in adjuntos] == ["sintesis-2026-11-26.pdf"]
    assert adjuntos[0].get_content_type() == "application/pdf"
    assert adjuntos[0].get_content().startswith(b"%PDF-")
    texto = mensaje.get_body(preferencelist=("plain",))
    assert texto is not None and "El Sol de la Huasteca" in texto.get_content()


def test_sintesis_sin_destinatarios_o_sin_smtp(sesion: Session, directorio_datos: Path) -> None:
    """Sin destinatarios o sin servidor es ValueError en español."""
    with pytest.raises(ValueError, match="no hay destinatarios"):
        enviar_sintesis(sesion, FECHA, _config(25, ()))
    sin_smtp = dataclasses.replace(cargar(), sintesis_destinatarios=("a@b.mx",), smtp=Smtp())
    with pytest.raises(ValueError, match="no hay servidor de correo"):
        enviar_sintesis(sesion, FECHA, sin_smtp)


def _mensaje() -> EmailMessage:
    """Mensaje sencillo de prueba."""
    return crear_mensaje("Prueba", "comunicacion@tampacan.gob.mx", ["a@b.mx"], "Hola")


def test_servidor_inexistente() -> None:
    """Un puerto donde nadie escucha da ErrorDeCorreo con el motivo en español."""
    smtp = Smtp(servidor="127.0.0.1", puerto=puerto_libre(0), tls="ninguno")
    with pytest.raises(ErrorDeCorreo, match="no se pudo conectar") as error:
        enviar(_mensaje(), smtp)
    assert "conexión rechazada" in error.value.motivo


def test_starttls_no_disponible(smtp_local: tuple[BuzonLocal, int]) -> None:
    """Pedir STARTTLS a un servidor que no lo ofrece falla con motivo claro y no envía nada."""
    buzon, puerto = smtp_local
    with pytest.raises(ErrorDeCorreo, match="no admite STARTTLS"):
        enviar(_mensaje(), Smtp(servidor="127.0.0.1", puerto=puerto, tls="starttls"))
    assert buzon.recibidos == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_autenticacion(smtp_con_clave: tuple[BuzonLocal, int]) -> None:
    """Con la contraseña correcta se entrega; con otra, ErrorDeCorreo en español."""
    buzon, puerto = smtp_con_clave
    base: dict[str, Any] = {"servidor": "127.0.0.1", "puerto": puerto, "tls": "ninguno"}
    base["usuario"] = USUARIO
    with pytest.raises(ErrorDeCorreo, match="rechazó el usuario o la contraseña"):
        enviar(_mensaje(), Smtp(**base, contrasena="otra"))
    enviar(_mensaje(), Smtp(**base, contrasena=CONTRASENA))
    assert [r for r, _ in buzon.recibidos] == [["a@b.mx"]]


def test_configuracion_invalida() -> None:
    """Sin servidor o con un modo TLS desconocido, ErrorDeCorreo antes de conectar."""
    with pytest.raises(ErrorDeCorreo, match="no hay servidor de correo"):
        enviar(_mensaje(), Smtp())
    with pytest.raises(ErrorDeCorreo, match="starttls, ssl o ninguno"):
        enviar(_mensaje(), Smtp(servidor="127.0.0.1", tls="tls13"))
