"""Envíos de boletines e invitaciones a un servidor SMTP real (aiosmtpd), idempotentes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from datos.config import Smtp
from datos.modelos import (
    Ambito,
    Boletin,
    Contacto,
    Envio,
    EstadoBoletin,
    EstadoEnvio,
    Invitacion,
    Medio,
    TipoMedio,
)
from datos.repositorio.agenda import crear_evento
from datos.repositorio.boletines import BoletinInvalido, adjuntar_recursos, enviar_a_revision
from datos.repositorio.envios import confirmar_por_telefono, es_comercial, lista_distribucion
from datos.repositorio.recursos import subir_recurso
from demo.buzon import BuzonLocal, puerto_libre
from oficina.distribucion import (
    Foto,
    enviar_boletin,
    enviar_invitaciones,
    repartir_fotos,
)
from tests.test_oficina_boletines import MX, aprobado, boletin, foto, usuarios

RECHAZADO = "rechazo@pulso.example"


@pytest.fixture
def servidor(smtp_local: tuple[BuzonLocal, int]) -> tuple[BuzonLocal, Smtp]:
    """El buzón local con la configuración SMTP que apunta a él."""
    buzon, puerto = smtp_local
    return buzon, Smtp(servidor="127.0.0.1", puerto=puerto, tls="ninguno")


@pytest.fixture
def fabrica(motor: Engine) -> sessionmaker[Session]:
    """Fábrica de sesiones sobre la base de la prueba."""
    return sessionmaker(bind=motor, expire_on_commit=False)


def _medio(s: Session, nombre: str, *contactos: tuple[str, str | None, bool, bool]) -> Medio:
    """Medio con contactos (nombre, correo, recibe_boletines, activo)."""
    medio = Medio(nombre=nombre, tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
    for nombre_c, correo, recibe, activo in contactos:
        medio.contactos.append(
            Contacto(nombre=nombre_c, correo=correo, recibe_boletines=recibe, activo=activo)
        )
    s.add(medio)
    s.flush()
    return medio


def poblar(fabrica: sessionmaker[Session]) -> dict[str, int]:
    """Dos medios con tres contactos que reciben, más contactos y un medio que no deben recibir."""
    with fabrica() as s, s.begin():
        usuarios(s)
        sol = _medio(
            s,
            "El Sol de la Huasteca",
            ("Laura", "laura@sol.example", True, True),
            ("Mario", "mario@sol.example", True, True),
            ("Baja", "baja@sol.example", True, False),
            ("Sin boletines", "nob@sol.example", False, True),
            ("Sin correo", None, True, True),
        )
        pulso = _medio(s, "Pulso SLP", ("Rebeca", RECHAZADO, True, True))
        otro = _medio(s, "Otro medio", ("Otra", "otra@otro.example", True, True))
        # Ya hubo 44 boletines este año: el nuevo es el 045/2026.
        s.add(
            Boletin(
                numero=44,
                anio=2026,
                fecha_emision=dt.datetime(2026, 11, 20, tzinfo=MX),
                titular="Anterior",
                entradilla="x",
                cuerpo="y",
            )
        )
        s.flush()
        b = aprobado(s)
        recurso = subir_recurso(s, "clinica.jpg", foto(), tipo="foto", usuario="beto")
        adjuntar_recursos(s, b.id, [recurso.id], "beto")
        return {"boletin": b.id, "sol": sol.id, "pulso": pulso.id, "otro": otro.id}


def _estados(fabrica: sessionmaker[Session], boletin_id: int) -> dict[str, tuple[str, str | None]]:
    """Estado y motivo de cada envío del boletín, por correo."""
    with fabrica() as s:
        envios = s.scalars(select(Envio).where(Envio.boletin_id == boletin_id)).all()
        return {e.correo: (e.estado.value, e.motivo) for e in envios}


def test_lista_de_distribucion(fabrica: sessionmaker[Session], directorio_datos: Path) -> None:
    ids = poblar(fabrica)
    with fabrica() as s:
        lista = lista_distribucion(s, [ids["sol"], ids["pulso"]])
    assert sorted(d.correo for d in lista) == ["laura@sol.example", "mario@sol.example", RECHAZADO]


def test_ventas_no_recibe_boletines_ni_invitaciones() -> None:
    """Los buzones y cargos comerciales no son de la redacción."""
    assert es_comercial("Gerente comercial", "monica@heraldo.mx")
    assert es_comercial(None, "ventas@heraldo.mx")
    assert es_comercial("Publicidad", None)
    assert not es_comercial("Jefa de información", "laura@heraldo.mx")


def test_envio_completo_y_sin_duplicar(
    fabrica: sessionmaker[Session], servidor: tuple[BuzonLocal, Smtp], directorio_datos: Path
) -> None:
    buzon, smtp = servidor
    ids = poblar(fabrica)
    medios = [ids["sol"], ids["pulso"]]
    resumen = enviar_boletin(fabrica, ids["boletin"], medios, smtp, "beto")
    assert (resumen.enviados, resumen.fallidos, resumen.ya_enviados) == (3, 0, 0)
    assert sorted(buzon.destinatarios()) == ["laura@sol.example", "mario@sol.example", RECHAZADO]
    titular = "Inaugura la presidenta la clínica de Tampacán"
    for tos, mensaje in buzon.recibidos:
        assert mensaje["Subject"] == f"Boletín 045/2026: {titular}"
        assert mensaje["To"] == tos[0]
        adjuntos = {p.get_filename(): p.get_content_type() for p in mensaje.iter_attachments()}
        assert adjuntos == {"clinica.jpg": "image/jpeg", "boletin-045-2026.pdf": "application/pdf"}
        cuerpo = mensaje.get_body(("plain",))
        assert cuerpo is not None and "Tampacán, S.L.P., a 26 de noviembre" in cuerpo.get_content()
    # Cada correo saluda a su persona de contacto, nunca al medio.
    saludos = {
        tos[0]: m.get_body(("plain",)).get_content().split(":", 1)[0]  # type: ignore[union-attr]
        for tos, m in buzon.recibidos
    }
    assert saludos["laura@sol.example"] == "Apreciable Laura"
    assert saludos["mario@sol.example"] == "Apreciable Mario"
    html_laura = next(
        m.get_body(("html",)).get_content()  # type: ignore[union-attr]
        for tos, m in buzon.recibidos
        if tos[0] == "laura@sol.example"
    )
    assert "<p>Apreciable Laura:</p>" in html_laura
    assert set(_estados(fabrica, ids["boletin"]).values()) == {("enviado", None)}
    with fabrica() as s:
        b = s.get(Boletin, ids["boletin"])
        assert b is not None and b.estado == EstadoBoletin.ENVIADO and b.enviado_en is not None
    otra_vez = enviar_boletin(fabrica, ids["boletin"], medios, smtp, "beto")
    assert (otra_vez.enviados, otra_vez.fallidos, otra_vez.ya_enviados) == (0, 0, 3)
    assert len(buzon.recibidos) == 3


@pytest.mark.lento
def test_rechazado_queda_fallido_y_reintento_solo_a_el(
    fabrica: sessionmaker[Session], servidor: tuple[BuzonLocal, Smtp], directorio_datos: Path
) -> None:
    buzon, smtp = servidor
    buzon.rechazar = {RECHAZADO}
    ids = poblar(fabrica)
    medios = [ids["sol"], ids["pulso"]]
    resumen = enviar_boletin(fabrica, ids["boletin"], medios, smtp, "beto")
    assert (resumen.enviados, resumen.fallidos) == (2, 1)
    estado, motivo = _estados(fabrica, ids["boletin"])[RECHAZADO]
    assert estado == "fallido" and motivo is not None and "rechazó" in motivo
    assert RECHAZADO in resumen.motivos
    buzon.rechazar = set()
    antes = len(buzon.recibidos)
    reintento = enviar_boletin(fabrica, ids["boletin"], medios, smtp, "beto")
    assert (reintento.enviados, reintento.fallidos, reintento.ya_enviados) == (1, 0, 2)
    assert buzon.destinatarios()[antes:] == [RECHAZADO]
    assert _estados(fabrica, ids["boletin"])[RECHAZADO] == ("enviado", None)
    with fabrica() as s:
        envio = s.scalar(select(Envio).where(Envio.correo == RECHAZADO))
        assert envio is not None and envio.intentos == 2
        assert envio.clave == f"boletin:{ids['boletin']}:contacto:{envio.contacto_id}"


def test_servidor_caido_deja_todo_fallido(
    fabrica: sessionmaker[Session], directorio_datos: Path
) -> None:
    ids = poblar(fabrica)
    apagado = Smtp(servidor="127.0.0.1", puerto=puerto_libre(0), tls="ninguno")
    resumen = enviar_boletin(fabrica, ids["boletin"], [ids["sol"]], apagado, "beto")
    assert (resumen.enviados, resumen.fallidos) == (0, 2)
    estados = _estados(fabrica, ids["boletin"])
    assert all(e == "fallido" and m and "conexión rechazada" in m for e, m in estados.values())
    with fabrica() as s:
        b = s.get(Boletin, ids["boletin"])
        assert b is not None and b.estado == EstadoBoletin.APROBADO


def test_no_se_envia_sin_aprobar(
    fabrica: sessionmaker[Session], servidor: tuple[BuzonLocal, Smtp], directorio_datos: Path
) -> None:
    buzon, smtp = servidor
    ids = poblar(fabrica)
    with fabrica() as s, s.begin():
        borrador = boletin(s)
        enviar_a_revision(s, borrador.id, "beto")
    with pytest.raises(BoletinInvalido, match="sólo se envía aprobado"):
        enviar_boletin(fabrica, borrador.id, [ids["sol"]], smtp, "beto")
    with pytest.raises(BoletinInvalido, match="no tienen contactos"):
        enviar_boletin(fabrica, ids["boletin"], [], smtp, "beto")
    assert buzon.recibidos == []


def test_confirmar_por_telefono(
    fabrica: sessionmaker[Session], servidor: tuple[BuzonLocal, Smtp], directorio_datos: Path
) -> None:
    buzon, smtp = servidor
    buzon.rechazar = {RECHAZADO}
    ids = poblar(fabrica)
    enviar_boletin(fabrica, ids["boletin"], [ids["pulso"]], smtp, "beto")
    with fabrica() as s, s.begin():
        envio = s.scalar(select(Envio).where(Envio.correo == RECHAZADO))
        assert envio is not None
        confirmar_por_telefono(s, envio.id, "beto")
    assert _estados(fabrica, ids["boletin"])[RECHAZADO] == ("confirmado", None)
    buzon.rechazar = set()
    resumen = enviar_boletin(fabrica, ids["boletin"], [ids["pulso"]], smtp, "beto")
    assert (resumen.enviados, resumen.ya_enviados) == (0, 1)
    assert len(buzon.recibidos) == 0


def test_invitaciones_por_correo(
    fabrica: sessionmaker[Session], servidor: tuple[BuzonLocal, Smtp], directorio_datos: Path
) -> None:
    buzon, smtp = servidor
    ids = poblar(fabrica)
    with fabrica() as s, s.begin():
        evento = crear_evento(
            s,
            titulo="Inauguración de la clínica",
            inicio=dt.datetime(2026, 12, 1, 10, tzinfo=MX),
            lugar="Cabecera municipal",
            usuario="beto",
        )
    medios = [ids["sol"], ids["otro"]]
    resumen = enviar_invitaciones(fabrica, evento.id, medios, smtp, "beto")
    # «Sin boletines» no recibe boletines pero sí invitaciones; la baja y el sin correo, nada.
    assert (resumen.enviados, resumen.fallidos) == (4, 0)
    assert sorted(buzon.destinatarios()) == [
        "laura@sol.example",
        "mario@sol.example",
        "nob@sol.example",
        "otra@otro.example",
    ]
    asuntos = {m["Subject"] for _, m in buzon.recibidos}
    assert asuntos == {"Invitación: Inauguración de la clínica (1 de diciembre de 2026, 10:00 h)"}
    cuerpos = [m.get_body(("plain",)).get_content() for _, m in buzon.recibidos]  # type: ignore[union-attr]
    assert any("Apreciable Otra:" in c for c in cuerpos)
    assert not any("Estimada Otro medio" in c for c in cuerpos)
    with fabrica() as s:
        invitaciones = s.scalars(select(Invitacion).where(Invitacion.evento_id == evento.id)).all()
        assert sorted(i.medio_id for i in invitaciones) == sorted(medios)
        assert all(i.enviada_en is not None for i in invitaciones)
        claves = s.scalars(select(Envio.clave).where(Envio.invitacion_id.is_not(None))).all()
        assert all(c.startswith("invitacion:") for c in claves) and len(claves) == 4
    again = enviar_invitaciones(fabrica, evento.id, medios, smtp, "beto")
    assert (again.enviados, again.ya_enviados) == (0, 4)
    assert len(buzon.recibidos) == 4
    with fabrica() as s:
        assert s.scalars(select(Envio).where(Envio.estado == EstadoEnvio.ENVIADO)).all()


def test_fotos_grandes_van_como_enlace() -> None:
    fotos = [
        Foto(f"f{i}.jpg", "image/jpeg", Path(f"/x/f{i}.jpg"), f"ab/f{i}.jpg", t)
        for i, t in enumerate([3_000_000, 4_000_000, 2_000_000])
    ]
    adjuntas, enlazadas = repartir_fotos(sorted(fotos, key=lambda f: f.tamano), 6_000_000)
    assert [f.nombre for f in adjuntas] == ["f2.jpg", "f0.jpg"]
    assert [f.nombre for f in enlazadas] == ["f1.jpg"]


def test_reintento_usa_el_correo_corregido(
    fabrica: sessionmaker[Session], servidor: tuple[BuzonLocal, Smtp], directorio_datos: Path
) -> None:
    buzon, smtp = servidor
    buzon.rechazar = {RECHAZADO}
    ids = poblar(fabrica)
    enviar_boletin(fabrica, ids["boletin"], [ids["pulso"]], smtp, "beto")
    with fabrica() as s, s.begin():
        contacto = s.scalar(select(Contacto).where(Contacto.correo == RECHAZADO))
        assert contacto is not None
        contacto.correo = "rebeca@pulso.example"
    resumen = enviar_boletin(fabrica, ids["boletin"], [ids["pulso"]], smtp, "beto")
    assert (resumen.enviados, resumen.fallidos) == (1, 0)
    assert buzon.destinatarios() == ["rebeca@pulso.example"]
    assert _estados(fabrica, ids["boletin"]) == {"rebeca@pulso.example": ("enviado", None)}
