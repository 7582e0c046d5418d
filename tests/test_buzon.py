"""Buzón oficial contra un servidor IMAP real (Dovecot sobre un Maildir) y su clasificación."""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.server
import imaplib
import io
import json
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from analisis.agenda_texto import leer_agenda
from datos import config
from datos.modelos import (
    CategoriaCorreo,
    Contacto,
    Correo,
    Envio,
    EstadoEnvio,
    EstadoEvento,
    Evento,
    Invitacion,
    Recurso,
    RespuestaInvitacion,
    TipoEnvio,
    TipoMedio,
)
from datos.repositorio.buzon import corregir_categoria
from demo.buzon import BuzonLocal
from demo.imap import ServidorImap, dovecot_disponible
from oficina.buzon.imap import ErrorDeBuzon
from oficina.buzon.ingreso import revisar
from tests.fabricas import medio

DIAS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
# El aviso de la prueba habla de dentro de una semana (la fecha real de hoy en la oficina).
EN_UNA_SEMANA = dt.datetime.now(config.cargar().zona).date() + dt.timedelta(days=7)


@pytest.fixture(scope="module")
def _dovecot() -> Iterator[None]:
    """Salta con el motivo si Dovecot no está instalado."""
    motivo = dovecot_disponible()
    if motivo:
        pytest.skip(motivo)
    yield


@pytest.fixture
def imap_local(_dovecot: None) -> Iterator[ServidorImap]:
    """Dovecot real en 127.0.0.1 con un Maildir vacío, sin root."""
    with ServidorImap() as servidor:
        yield servidor


@pytest.fixture
def conf_imap(imap_local: ServidorImap, monkeypatch: pytest.MonkeyPatch, url_bd: str) -> None:
    """MONITOREO_IMAP_* apuntando al Dovecot de la prueba."""
    for clave, valor in {
        "SERVIDOR": imap_local.servidor,
        "PUERTO": str(imap_local.puerto),
        "USUARIO": imap_local.usuario,
        "CONTRASENA": imap_local.contrasena,
        "TLS": "ninguno",
    }.items():
        monkeypatch.setenv(f"MONITOREO_IMAP_{clave}", valor)
    config.recargar()


def _correo(
    remitente: str, asunto: str, texto: str, *, responde_a: str | None = None
) -> EmailMessage:
    """Un correo como los que llegan al buzón."""
    m = EmailMessage()
    m["From"] = remitente
    m["To"] = "comunicacion@tampacan.gob.mx"
    m["Subject"] = asunto
    m["Date"] = "Thu, 03 Dec 2026 09:00:00 -0600"
    m["Message-ID"] = make_msgid(domain="prueba.mx")
    if responde_a:
        m["In-Reply-To"] = responde_a
        m["References"] = responde_a
    m.set_content(texto)
    return m


def _foto() -> bytes:
    """Un JPEG pequeño de verdad."""
    salida = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(salida, "JPEG")
    return salida.getvalue()


@dataclasses.dataclass
class Mundo:
    """Lo sembrado para las pruebas del buzón."""

    invitacion_hilo: int
    invitacion_remitente: int
    id_mensaje: str
    contacto_rebote: int
    envio_rebote: int


def _sembrar(s: Session) -> Mundo:
    """Dos medios con contacto, un evento próximo con invitaciones enviadas y un envío."""
    eco = medio(s, "Eco Huasteco", 1000, TipoMedio.DIGITAL)
    voz = medio(s, "La Voz de Tampacán", 1000, TipoMedio.RADIO)
    s.flush()
    c_eco = Contacto(medio_id=eco.id, nombre="Ana Eco", correo="ana@ecohuasteco.mx")
    c_voz = Contacto(medio_id=voz.id, nombre="Luis Voz", correo="luis@lavoz.mx")
    s.add_all([c_eco, c_voz])
    evento = Evento(
        titulo="Arranque de obra",
        inicio=dt.datetime.now(dt.UTC) + dt.timedelta(days=3),
        cobertura={},
    )
    s.add(evento)
    s.flush()
    i_eco = Invitacion(evento_id=evento.id, medio_id=eco.id, contacto_id=c_eco.id)
    i_voz = Invitacion(evento_id=evento.id, medio_id=voz.id, contacto_id=c_voz.id)
    s.add_all([i_eco, i_voz])
    s.flush()
    id_mensaje = "<invitacion-1@tampacan.gob.mx>"
    s.add(
        Envio(
            tipo=TipoEnvio.INVITACION,
            invitacion_id=i_eco.id,
            medio_id=eco.id,
            contacto_id=c_eco.id,
            correo="ana@ecohuasteco.mx",
            clave="inv:1",
            estado=EstadoEnvio.ENVIADO,
            id_mensaje=id_mensaje,
        )
    )
    s.flush()
    envio = Envio(
        tipo=TipoEnvio.INVITACION,
        invitacion_id=i_voz.id,
        medio_id=voz.id,
        contacto_id=c_voz.id,
        correo="luis@lavoz.mx",
        clave="inv:2",
        estado=EstadoEnvio.ENVIADO,
        id_mensaje="<invitacion-2@tampacan.gob.mx>",
    )
    s.add(envio)
    s.flush()
    return Mundo(i_eco.id, i_voz.id, id_mensaje, c_voz.id, envio.id)


def _rebote(destinatario: str, id_original: str) -> bytes:
    """Un DSN (RFC 3464) como los de Postfix."""
    return (
        "From: MAILER-DAEMON@mx.tampacan.gob.mx\r\n"
        "To: comunicacion@tampacan.gob.mx\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <rebote-1@mx.tampacan.gob.mx>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nNo se pudo entregar.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.tampacan.gob.mx\r\n\r\n"
        f"Final-Recipient: rfc822; {destinatario}\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {id_original}\r\nSubject: Invitación\r\n"
        "--B--\r\n"
    ).encode()


def _llenar_buzon(servidor: ServidorImap, mundo: Mundo) -> None:
    """Respuestas, aviso de dependencia con foto, rebote, automática y ruido."""
    por_hilo = _correo(
        "Ana Eco <ana@ecohuasteco.mx>",
        "Re: Invitación",
        "Confirmo, ahí estaremos.",
        responde_a=mundo.id_mensaje,
    )
    por_remitente = _correo(
        "luis@lavoz.mx", "RE: Invitación a medios", "Lamentamos no podremos asistir."
    )
    aviso = _correo(
        "Obras Públicas <obras@tampacan.gob.mx>",
        "Solicitud de cobertura: entrega de pavimentación",
        "Les pedimos cobertura para la entrega de la calle Hidalgo el próximo "
        f"{DIAS[EN_UNA_SEMANA.weekday()]} {EN_UNA_SEMANA.day} a las 10:00 hrs en la plaza "
        "principal de Xochititla.",
    )
    aviso.add_attachment(_foto(), maintype="image", subtype="jpeg", filename="calle.jpg")
    automatica = _correo("otro@medio.mx", "Respuesta automática: fuera de la oficina", "Vuelvo.")
    ruido = _correo("promo@tienda.com", "Ofertas de diciembre", "Compre ya.")
    for m in (por_hilo, por_remitente, aviso, automatica, ruido):
        servidor.entregar(m.as_bytes())
    servidor.entregar(_rebote("luis@lavoz.mx", "<invitacion-2@tampacan.gob.mx>"))


def _fabrica(motor: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=motor, expire_on_commit=False)


def test_revisar_clasifica_aplica_y_es_idempotente(
    imap_local: ServidorImap, conf_imap: None, motor: Engine, sesion: Session
) -> None:
    mundo = _sembrar(sesion)
    sesion.commit()
    _llenar_buzon(imap_local, mundo)

    resumen = revisar(_fabrica(motor), config.cargar())

    assert resumen.nuevos == 6
    assert resumen.al_banco == 1
    with Session(motor) as s:
        por_categoria = {c.asunto: c for c in s.scalars(select(Correo))}
        cats = sorted(c.categoria.value for c in por_categoria.values())
        assert cats == sorted(
            ["respuesta_invitacion"] * 2 + ["agenda", "automatica", "otro", "rebote"]
        )
        hilo = s.get(Invitacion, mundo.invitacion_hilo)
        remitente = s.get(Invitacion, mundo.invitacion_remitente)
        assert hilo is not None and hilo.respuesta == RespuestaInvitacion.CONFIRMADO
        assert remitente is not None and remitente.respuesta == RespuestaInvitacion.DECLINADO
        assert "hilo" in por_categoria["Re: Invitación"].motivo
        # El aviso de la dependencia es un borrador por confirmar con fecha, hora y lugar leídos.
        aviso = por_categoria["Solicitud de cobertura: entrega de pavimentación"]
        evento = s.get(Evento, aviso.evento_id)
        assert evento is not None and evento.estado == EstadoEvento.PROPUESTO
        local = evento.inicio.astimezone(config.cargar().zona)
        assert (local.date(), local.hour) == (EN_UNA_SEMANA, 10)
        assert evento.lugar == "la plaza principal de Xochititla"
        # La foto entró al banco con su origen y ligada al borrador.
        recurso = s.scalars(select(Recurso)).one()
        assert recurso.evento_id == evento.id
        assert "obras@tampacan.gob.mx" in (recurso.descripcion or "")
        # El rebote marca la dirección del contacto y el envío.
        contacto = s.get(Contacto, mundo.contacto_rebote)
        assert contacto is not None and "user unknown" in (contacto.correo_falla or "")
        envio = s.get(Envio, mundo.envio_rebote)
        assert envio is not None and envio.estado == EstadoEnvio.REBOTADO

    otra = revisar(_fabrica(motor), config.cargar())
    assert otra.nuevos == 0
    # Nada se borró ni se marcó como leído en el servidor.
    cliente = imaplib.IMAP4(imap_local.servidor, imap_local.puerto)
    cliente.login(imap_local.usuario, imap_local.contrasena)
    cliente.select("INBOX")
    assert len(cliente.uid("SEARCH", "ALL")[1][0].split()) == 6
    assert cliente.uid("SEARCH", "SEEN")[1][0] == b""
    cliente.logout()


def test_marcar_leidos_y_correccion_del_personal(
    imap_local: ServidorImap,
    conf_imap: None,
    motor: Engine,
    sesion: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MONITOREO_IMAP_MARCAR_LEIDOS", "1")
    config.recargar()
    imap_local.entregar(
        _correo("vecina@gmail.com", "Bache en mi calle", "Hay un bache.").as_bytes()
    )
    revisar(_fabrica(motor), config.cargar())
    cliente = imaplib.IMAP4(imap_local.servidor, imap_local.puerto)
    cliente.login(imap_local.usuario, imap_local.contrasena)
    cliente.select("INBOX")
    assert cliente.uid("SEARCH", "SEEN")[1][0] == b"1"
    cliente.logout()
    correo = sesion.scalars(select(Correo)).one()
    assert correo.categoria == CategoriaCorreo.OTRO
    corregir_categoria(sesion, correo.id, "agenda", "personal")
    assert correo.categoria == CategoriaCorreo.AGENDA
    assert "corregido por personal" in correo.motivo


def test_entradas_malas_se_guardan_con_su_motivo(
    imap_local: ServidorImap,
    conf_imap: None,
    motor: Engine,
    sesion: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MONITOREO_IMAP_ADJUNTO_MAXIMO", "2000")
    config.recargar()
    grande = _correo("dif@tampacan.gob.mx", "Fotos del evento", "Les mandamos las fotos.")
    grande.add_attachment(b"\xff\xd8\xff" + b"0" * 5000, maintype="image", subtype="jpeg",
                          filename="enorme.jpg")  # fmt: skip
    mal_mime = (
        b'From: raro@x.mx\r\nSubject: roto\r\nContent-Type: multipart/mixed; boundary="Z"\r\n'
        b"\r\n--Z\r\nContent-Type: text/plain\r\n\r\nsin cierre"
    )
    charset = (
        b"From: a@x.mx\r\nSubject: =?x-desconocido?Q?hola?=\r\nMessage-ID: <cs@x.mx>\r\n"
        b"Content-Type: text/plain; charset=x-desconocido\r\n\r\nse\xf1or presidente\r\n"
    )
    html = (
        b"From: b@x.mx\r\nSubject: solo html\r\nMessage-ID: <h@x.mx>\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Hola <b>oficina</b></p>"
        b"<script>x()</script></body></html>\r\n"
    )
    nulos = b"From: n@x.mx\r\nSubject: con\x00nulo\r\nMessage-ID: <n@x.mx>\r\n\r\ntexto\x00raro\r\n"
    for crudo in (grande.as_bytes(), mal_mime, charset, html, b"\x00\xff basura", nulos):
        imap_local.entregar(crudo)

    resumen = revisar(_fabrica(motor), config.cargar())

    assert resumen.nuevos == 6
    correos = {c.asunto: c for c in sesion.scalars(select(Correo))}
    assert correos["Fotos del evento"].adjuntos[0]["recurso_id"] is None
    assert "MONITOREO_IMAP_ADJUNTO_MAXIMO" in correos["Fotos del evento"].adjuntos[0]["motivo"]
    assert any("MIME mal formado" in p for p in correos["roto"].problemas)
    assert "sin cierre" in correos["roto"].texto
    desconocido = next(c for c in correos.values() if c.message_id == "<cs@x.mx>")
    assert any("juego de caracteres" in p for p in desconocido.problemas)
    assert "presidente" in desconocido.texto
    assert correos["solo html"].texto.startswith("Hola oficina")
    assert "x()" not in correos["solo html"].texto
    # Dovecot o nosotros quitamos el NUL; PostgreSQL no lo aceptaría en un texto.
    nulo = next(c for c in correos.values() if c.message_id == "<n@x.mx>")
    assert "\x00" not in nulo.asunto + nulo.texto and nulo.texto.startswith("texto")
    # Todos quedan guardados tal cual llegaron.
    for c in correos.values():
        assert (config.cargar().dir_correos / c.archivo).is_file()


def test_contrasena_equivocada_es_error_en_espanol(
    imap_local: ServidorImap, conf_imap: None, motor: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOREO_IMAP_CONTRASENA", "otra")
    config.recargar()
    with pytest.raises(ErrorDeBuzon, match="rechazó el usuario"):
        revisar(_fabrica(motor), config.cargar())


def test_el_buzon_smtp_de_la_demo_entrega_a_dovecot(
    imap_local: ServidorImap,
    conf_imap: None,
    motor: Engine,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import smtplib

    with BuzonLocal(tmp_path_factory.mktemp("smtp")) as smtp:
        with smtplib.SMTP(smtp.servidor, smtp.puerto) as cliente:
            cliente.send_message(_correo("x@y.mx", "Por SMTP", "Hola"))
        for ruta in smtp.mensajes():
            imap_local.entregar(ruta.read_bytes())
    assert revisar(_fabrica(motor), config.cargar()).nuevos == 1


@pytest.mark.parametrize(
    ("texto", "fecha", "hora", "lugar"),
    [
        ("el próximo jueves 10 a las 10:00 hrs en la plaza principal", dt.date(2026, 12, 10),
         dt.time(10), "la plaza principal"),
        ("Será el 15 de enero a las 5 de la tarde.", dt.date(2027, 1, 15), dt.time(17), None),
        ("Lugar: Auditorio municipal\nmañana 9:30 am", dt.date(2026, 12, 4), dt.time(9, 30),
         "Auditorio municipal"),
        ("el viernes a las 18 h en el DIF", dt.date(2026, 12, 4), dt.time(18), "el DIF"),
        ("sin fecha ni hora", None, None, None),
    ],
)  # fmt: skip
def test_fecha_hora_y_lugar_en_espanol(
    texto: str, fecha: dt.date | None, hora: dt.time | None, lugar: str | None
) -> None:
    datos = leer_agenda(texto, dt.date(2026, 12, 3))  # jueves
    assert (datos.fecha, datos.hora, datos.lugar) == (fecha, hora, lugar)


def test_correo_y_solicitudes_de_la_demo(
    imap_local: ServidorImap, conf_imap: None, motor: Engine, sesion: Session
) -> None:
    from demo.bandeja import correos_entrantes, sembrar_dependencias
    from demo.ciudadania import sembrar_solicitudes

    _sembrar(sesion)
    sembrar_dependencias(sesion)
    sesion.commit()
    hoy = dt.datetime.now(config.cargar().zona).date()
    for crudo in correos_entrantes(sesion, hoy):
        imap_local.entregar(crudo)
    revisar(_fabrica(motor), config.cargar())
    categorias = [c.categoria for c in sesion.scalars(select(Correo))]
    assert categorias.count(CategoriaCorreo.RESPUESTA_INVITACION) == 2
    assert categorias.count(CategoriaCorreo.AGENDA) == 2
    borradores = sesion.scalars(
        select(Evento)
        .join(Correo, Correo.evento_id == Evento.id)
        .where(Evento.estado == EstadoEvento.PROPUESTO)
    )
    assert {e.dependencia for e in borradores} == {"Obras Públicas", "DIF Municipal"}
    assert len(list(sesion.scalars(select(Recurso)))) == 2
    assert sembrar_solicitudes(sesion, hoy) >= 18
    from datos.modelos import Solicitud

    estados = {s.estado.value for s in sesion.scalars(select(Solicitud))}
    assert {"recibida", "resuelta", "en_atencion"} <= estados


def test_direccion_que_rebota_sale_de_la_lista_hasta_corregirla(sesion: Session) -> None:
    from datos.repositorio.buzon import marcar_rebote
    from datos.repositorio.envios import lista_distribucion
    from datos.repositorio.medios import editar_contacto

    mundo = _sembrar(sesion)
    contacto = sesion.get(Contacto, mundo.contacto_rebote)
    assert contacto is not None
    medio_id = contacto.medio_id
    marcados = marcar_rebote(sesion, ["luis@lavoz.mx"], "550 no existe", None, "buzón")
    assert any("Luis Voz" in m for m in marcados)
    assert lista_distribucion(sesion, [medio_id], invitaciones=True) == []
    editar_contacto(sesion, contacto.id, "beto", correo="luis.voz@lavoz.mx")
    assert contacto.correo_falla is None
    assert [d.correo for d in lista_distribucion(sesion, [medio_id])] == ["luis.voz@lavoz.mx"]


def test_corregir_a_agenda_propone_el_borrador(sesion: Session) -> None:
    from oficina.buzon.ingreso import corregir

    correo = Correo(
        clave="mid:<c@x>",
        remitente="vecinos@gmail.com",
        asunto="Invitación a la kermés",
        texto="Los esperamos mañana a las 11:00 hrs en la escuela primaria.",
        categoria=CategoriaCorreo.OTRO,
        motivo="otro",
        archivo="c.eml",
        problemas=[],
        adjuntos=[],
    )
    sesion.add(correo)
    sesion.flush()
    corregir(sesion, correo.id, "agenda", "beto", config.cargar().zona)
    evento = sesion.get(Evento, correo.evento_id)
    assert evento is not None and evento.estado == EstadoEvento.PROPUESTO
    assert evento.lugar == "la escuela primaria"
    assert evento.inicio.astimezone(config.cargar().zona).hour == 11


@pytest.mark.lento
def test_cli_buzon_revisar(imap_local: ServidorImap, tmp_path: Path) -> None:
    from tests.test_cli import afirmar_error_de_una_linea, correr

    afirmar_error_de_una_linea(correr(["buzon", "revisar"], tmp_path), "no hay buzón configurado")
    imap_local.entregar(_correo("x@y.mx", "Hola", "Saludos").as_bytes())
    entorno = {
        "MONITOREO_IMAP_SERVIDOR": imap_local.servidor,
        "MONITOREO_IMAP_PUERTO": str(imap_local.puerto),
        "MONITOREO_IMAP_USUARIO": imap_local.usuario,
        "MONITOREO_IMAP_CONTRASENA": imap_local.contrasena,
        "MONITOREO_IMAP_TLS": "ninguno",
    }
    r = correr(["buzon", "revisar"], tmp_path, **entorno)
    assert r.returncode == 0, r.stderr
    assert "1 nuevos" in r.stdout
    assert "0 nuevos" in correr(["buzon", "revisar"], tmp_path, **entorno).stdout
    assert json.loads(correr(["estado", "--json"], tmp_path).stdout)["correos"] == 1


class _Introspeccion(http.server.BaseHTTPRequestHandler):
    """Proveedor de identidad mínimo (RFC 7662): sólo «token-vigente» está activo."""

    def do_POST(self) -> None:
        largo = int(self.headers.get("Content-Length") or 0)
        activo = "token=token-vigente" in self.rfile.read(largo).decode()
        cuerpo = json.dumps({"active": activo, "username": "comunicacion"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(cuerpo)))
        self.end_headers()
        self.wfile.write(cuerpo)

    def log_message(self, formato: str, *args: object) -> None:
        """Sin ruido en la salida de pytest."""


def test_token_oauth2_xoauth2(
    _dovecot: None, url_bd: str, motor: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    proveedor = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Introspeccion)
    threading.Thread(target=proveedor.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{proveedor.server_address[1]}/introspect"
    try:
        with ServidorImap(introspeccion_oauth2=url) as servidor:
            servidor.entregar(_correo("x@y.mx", "Por OAuth2", "Hola").as_bytes())
            for clave, valor in {
                "SERVIDOR": servidor.servidor,
                "PUERTO": str(servidor.puerto),
                "USUARIO": servidor.usuario,
                "TOKEN": "token-vigente",
                "TLS": "ninguno",
            }.items():
                monkeypatch.setenv(f"MONITOREO_IMAP_{clave}", valor)
            config.recargar()
            assert revisar(_fabrica(motor), config.cargar()).nuevos == 1
            monkeypatch.setenv("MONITOREO_IMAP_TOKEN", "token-vencido")
            config.recargar()
            with pytest.raises(ErrorDeBuzon, match="rechazó el usuario, la contraseña o el token"):
                revisar(_fabrica(motor), config.cargar())
    finally:
        proveedor.shutdown()


def test_el_servicio_revisa_el_buzon_cada_cinco_minutos(
    imap_local: ServidorImap, conf_imap: None, sesion: Session
) -> None:
    from operacion.servicio import Servicio

    reloj = [dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)]
    servicio = Servicio(config.cargar(), ahora=lambda: reloj[0])
    imap_local.entregar(_correo("x@y.mx", "Primero", "Hola").as_bytes())
    assert servicio.buzon_si_toca()
    imap_local.entregar(_correo("x@y.mx", "Segundo", "Hola").as_bytes())
    reloj[0] += dt.timedelta(minutes=2)
    assert not servicio.buzon_si_toca()
    reloj[0] += dt.timedelta(minutes=4)
    assert servicio.buzon_si_toca()
    assert {c.asunto for c in sesion.scalars(select(Correo))} == {"Primero", "Segundo"}


def test_lectura_charset_mentiroso_y_reenvio_con_adjunto() -> None:
    from oficina.buzon.lectura import leer

    mentira = (
        b"Subject: aviso\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nse\xf1or alcalde\r\n"
    )
    leido = leer(mentira, 1000)
    assert leido.texto == "señor alcalde"
    assert any("no era utf-8" in p for p in leido.problemas)
    original = EmailMessage()
    original["Subject"] = "Fotos"
    original.set_content("Van las fotos")
    original.add_attachment(_foto(), maintype="image", subtype="jpeg", filename="evento.jpg")
    reenvio = EmailMessage()
    reenvio["Subject"] = "RV: Fotos"
    reenvio.set_content("Te reenvío")
    reenvio.add_attachment(original)
    leido = leer(reenvio.as_bytes(), 10**6)
    assert [a.nombre for a in leido.adjuntos] == ["evento.jpg"]
    assert leido.adjuntos[0].contenido == _foto()
