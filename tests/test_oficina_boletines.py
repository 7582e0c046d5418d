"""Boletines: numeración por año, flujo con aprobación de la directora, bitácora y documentos."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import Bitacora, Boletin, EstadoBoletin, Rol, Usuario
from datos.repositorio.boletines import (
    BoletinInvalido,
    PermisoDenegado,
    adjuntar_recursos,
    aprobar,
    crear_boletin,
    devolver_a_borrador,
    editar_boletin,
    enviar_a_revision,
    marcar_enviado,
    quitar_recurso,
    siguiente_numero,
    version,
)
from datos.repositorio.recursos import subir_recurso
from reportes.documento_boletin import (
    asunto_boletin,
    html_boletin,
    invitacion_a_medios,
    pdf_boletin,
    texto_boletin,
)

MX = ZoneInfo("America/Mexico_City")


def usuarios(s: Session) -> None:
    """La directora (ana) y una persona del personal (beto)."""
    # Sin argon2: aquí no se prueba el acceso, y el hash cuesta casi un segundo por usuario.
    s.add_all(
        [
            Usuario(nombre="ana", rol=Rol.DIRECTORA, hash_contrasena="-"),
            Usuario(nombre="beto", rol=Rol.PERSONAL, hash_contrasena="-"),
        ]
    )
    s.flush()


def boletin(s: Session, fecha: dt.datetime | None = None, **datos: object) -> Boletin:
    """Un boletín de prueba en borrador."""
    valores: dict[str, object] = {
        "titular": "Inaugura la presidenta la clínica de Tampacán",
        "entradilla": "La presidenta municipal inauguró la clínica de salud.",
        "cuerpo": "La clínica atenderá a 3,000 personas.\n\nTendrá servicio las 24 horas.",
        "usuario": "beto",
        "fecha_emision": fecha or dt.datetime(2026, 11, 26, 10, tzinfo=MX),
        "area": "Dirección de Salud",
        "citas": [
            {"texto": "Es un día histórico", "autor": "Rosa Martínez", "cargo": "presidenta"}
        ],
    }
    valores.update(datos)
    return crear_boletin(s, **valores)  # type: ignore[arg-type]


def aprobado(s: Session, **datos: object) -> Boletin:
    """Un boletín ya aprobado por la directora."""
    b = boletin(s, **datos)
    enviar_a_revision(s, b.id, "beto")
    aprobar(s, b.id, "ana", version(b))
    return b


def foto(color: tuple[int, int, int] = (200, 30, 40), lado: int = 64) -> bytes:
    """Una foto JPEG pequeña."""
    salida = io.BytesIO()
    Image.new("RGB", (lado, lado), color).save(salida, "JPEG")
    return salida.getvalue()


def test_numeracion_consecutiva_por_anio(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    assert siguiente_numero(sesion, 2026) == 1
    primero = boletin(sesion)
    segundo = boletin(sesion)
    otro_anio = boletin(sesion, dt.datetime(2027, 1, 2, 9, tzinfo=MX))
    assert (primero.numero, segundo.numero, otro_anio.numero) == (1, 2, 1)
    assert (segundo.folio, otro_anio.folio) == ("002/2026", "001/2027")
    # El 31 de diciembre a las 23:00 en Tampacán ya es 1 de enero en UTC: cuenta la hora local.
    noche = boletin(sesion, dt.datetime(2026, 12, 31, 23, tzinfo=MX))
    assert noche.anio == 2026 and noche.numero == 3
    assert siguiente_numero(sesion, 2027) == 2


def test_flujo_y_solo_la_directora_aprueba(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    b = boletin(sesion)
    with pytest.raises(BoletinInvalido, match="revisión"):
        aprobar(sesion, b.id, "ana", version(b))
    enviar_a_revision(sesion, b.id, "beto")
    with pytest.raises(PermisoDenegado, match="directora"):
        aprobar(sesion, b.id, "beto", version(b))
    with pytest.raises(PermisoDenegado):
        aprobar(sesion, b.id, "desconocida", version(b))
    assert b.estado == EstadoBoletin.REVISION
    aprobar(sesion, b.id, "ana", version(b))
    assert b.estado == EstadoBoletin.APROBADO and b.aprobado_por_id is not None
    with pytest.raises(BoletinInvalido, match="borrador"):
        editar_boletin(sesion, b.id, "beto", titular="Otro titular")
    assert marcar_enviado(sesion, b.id, "beto") is True
    assert b.estado == EstadoBoletin.ENVIADO and b.enviado_en is not None
    assert marcar_enviado(sesion, b.id, "beto") is False
    with pytest.raises(BoletinInvalido, match="no puede pasar"):
        devolver_a_borrador(sesion, b.id, "ana")


def test_editar_en_revision_regresa_a_borrador(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    b = boletin(sesion)
    enviar_a_revision(sesion, b.id, "beto")
    assert editar_boletin(sesion, b.id, "beto", cuerpo="Otro cuerpo") is True
    assert b.estado == EstadoBoletin.BORRADOR
    with pytest.raises(BoletinInvalido, match="revisión"):
        aprobar(sesion, b.id, "ana", version(b))


def test_no_se_aprueba_otra_version(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    b = boletin(sesion)
    vista = version(b)
    enviar_a_revision(sesion, b.id, "beto")
    # Cambio directo en la base (sin pasar por editar): la huella lo delata igual.
    b.entradilla = "Una entradilla que la directora no leyó."
    with pytest.raises(BoletinInvalido, match="cambió"):
        aprobar(sesion, b.id, "ana", vista)
    aprobar(sesion, b.id, "ana", version(b))
    assert b.version_aprobada == version(b)
    b.cuerpo = "Alterado después de aprobar."
    with pytest.raises(BoletinInvalido, match="no está aprobado"):
        marcar_enviado(sesion, b.id, "beto")


def test_devolver_quita_la_aprobacion(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    b = aprobado(sesion)
    devolver_a_borrador(sesion, b.id, "ana")
    assert b.estado == EstadoBoletin.BORRADOR and b.aprobado_por_id is None
    with pytest.raises(BoletinInvalido, match="no está aprobado"):
        marcar_enviado(sesion, b.id, "ana")


def test_cada_cambio_queda_en_bitacora(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    b = boletin(sesion)
    assert editar_boletin(sesion, b.id, "beto", titular="  Nuevo titular  ") is True
    assert editar_boletin(sesion, b.id, "beto", titular="Nuevo titular") is False
    enviar_a_revision(sesion, b.id, "beto")
    aprobar(sesion, b.id, "ana", version(b))
    sesion.flush()
    filas = sesion.scalars(
        select(Bitacora).where(Bitacora.entidad == "boletin").order_by(Bitacora.id)
    ).all()
    assert [f.accion for f in filas] == ["crear", "modificar", "modificar", "modificar"]
    assert filas[1].cambios["titular"][1] == "Nuevo titular"
    assert filas[3].usuario_nombre == "ana"
    assert filas[3].cambios["estado"] == ["revision", "aprobado"]


def test_validaciones_de_entrada(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    with pytest.raises(BoletinInvalido, match="titular"):
        boletin(sesion, titular="   ")
    with pytest.raises(BoletinInvalido, match="zona horaria"):
        boletin(sesion, fecha=dt.datetime(2026, 11, 26, 10))
    with pytest.raises(BoletinInvalido, match="cita"):
        boletin(sesion, citas=[{"autor": "Nadie"}])
    b = boletin(sesion)
    with pytest.raises(BoletinInvalido, match="no editables"):
        editar_boletin(sesion, b.id, "beto", estado="aprobado")


def test_adjuntar_y_quitar_recursos(sesion: Session, directorio_datos: object) -> None:
    usuarios(sesion)
    b = boletin(sesion)
    r1 = subir_recurso(sesion, "a.jpg", foto(), tipo="foto", usuario="beto")
    r2 = subir_recurso(sesion, "b.jpg", foto((10, 200, 10)), tipo="foto", usuario="beto")
    assert len(adjuntar_recursos(sesion, b.id, [r1.id, r2.id], "beto")) == 2
    assert adjuntar_recursos(sesion, b.id, [r1.id], "beto") == []
    assert {r.id for r in b.recursos} == {r1.id, r2.id}
    assert quitar_recurso(sesion, b.id, r1.id, "beto") is True
    assert quitar_recurso(sesion, b.id, r1.id, "beto") is False
    with pytest.raises(BoletinInvalido, match="no existe el recurso"):
        adjuntar_recursos(sesion, b.id, [9999], "beto")
    sesion.flush()
    sesion.expire_all()
    assert [r.id for r in sesion.get(Boletin, b.id).recursos] == [r2.id]  # type: ignore[union-attr]


def test_documentos_del_boletin(
    sesion: Session, directorio_datos: object, tmp_path: object
) -> None:
    usuarios(sesion)
    b = boletin(sesion, titular="Obra <script>alert(1)</script> & más")
    assert asunto_boletin(b) == "Boletín 001/2026: Obra <script>alert(1)</script> & más"
    texto = texto_boletin(b)
    assert "Boletín 001/2026" in texto
    assert "Tampacán, S.L.P., a 26 de noviembre de 2026" in texto
    assert "“Es un día histórico” — Rosa Martínez, presidenta" in texto
    assert "Área: Dirección de Salud" in texto
    html = html_boletin(b)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; más" in html
    assert "<p>Tendrá servicio las 24 horas.</p>" in html
    pdf = pdf_boletin(b)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000


def test_invitacion_desde_plantilla(sesion: Session, directorio_datos: object) -> None:
    from datos.repositorio.agenda import crear_evento

    evento = crear_evento(
        sesion,
        titulo="Arranque de obra <pavimentación>",
        inicio=dt.datetime(2026, 12, 1, 10, 30, tzinfo=MX),
        lugar="Plaza principal",
        localidad="Tampacán",
        descripcion="Calle Hidalgo",
        usuario="beto",
    )
    inv = invitacion_a_medios(evento, "El Sol de la Huasteca")
    # Sin persona de contacto se saluda a la redacción; con ella, a la persona (nunca al medio).
    assert "Apreciable equipo de redacción de El Sol de la Huasteca:" in inv.texto
    persona = invitacion_a_medios(evento, "El Sol de la Huasteca", contacto="Laura Pérez")
    assert "Apreciable Laura Pérez:" in persona.texto and "Estimada El Sol" not in persona.texto
    assert "1 de diciembre de 2026" in inv.texto and "10:30 h" in inv.texto
    assert "Plaza principal, Tampacán" in inv.texto
    assert "&lt;pavimentación&gt;" in inv.html and "<pavimentación>" not in inv.html
    assert inv.asunto.startswith("Invitación: Arranque de obra")
    propia = invitacion_a_medios(evento, "Radio", plantilla="Hola $medio, te esperamos: $hora")
    assert propia.texto == "Hola Radio, te esperamos: 10:30 h"
