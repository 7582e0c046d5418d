"""Semillas compartidas: medios, boletines, notas, envíos y retomas en una base real.

`sembrar` llena una base pequeña con un periodo actual y uno anterior; las funciones sueltas crean
un registro cada una para las pruebas que necesitan algo a la medida.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import (
    Ambito,
    Boletin,
    Convenio,
    Envio,
    EstadoBoletin,
    EstadoEnvio,
    EstadoRevision,
    Fuente,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    Rol,
    TipoAudiencia,
    TipoCaptura,
    TipoEnvio,
    TipoFuente,
    TipoMedio,
    TipoTestigo,
    Tono,
    Usuario,
)
from datos.modelos import notas as modelos_notas
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo

TITULO_PELIGROSO = "<script>alert('x')</script> Obra pública"


@dataclass
class Semilla:
    """Ids de lo sembrado para que las pruebas afirmen sobre ellos."""

    ahora: dt.datetime
    medios: dict[str, int] = field(default_factory=dict)
    boletines: dict[str, int] = field(default_factory=dict)
    notas: dict[str, int] = field(default_factory=dict)


def medio(sesion: Session, nombre: str, audiencia: int | None, tipo: TipoMedio) -> Medio:
    """Crea un medio con audiencia declarada."""
    medio = Medio(
        nombre=nombre,
        tipo=tipo,
        ambito=Ambito.REGIONAL,
        audiencia=audiencia,
        audiencia_tipo=TipoAudiencia.VISITANTES_MES if audiencia else None,
        audiencia_fuente="Declaración del medio" if audiencia else None,
        audiencia_fecha=dt.date(2026, 1, 15) if audiencia else None,
    )
    sesion.add(medio)
    return medio


def boletin(sesion: Session, numero: int, emision: dt.datetime, titular: str, tema: str) -> Boletin:
    """Crea un boletín enviado."""
    boletin = Boletin(
        numero=numero,
        anio=emision.year,
        fecha_emision=emision,
        titular=titular,
        entradilla="El Ayuntamiento de Tampacán inauguró la red de agua potable.",
        cuerpo="La obra beneficia a 300 familias de la cabecera <b>municipal</b>.",
        area="Obras Públicas",
        tema=tema,
        estado=EstadoBoletin.ENVIADO,
    )
    sesion.add(boletin)
    return boletin


def nota(
    sesion: Session, medio: Medio, clave: str, publicada: dt.datetime | None, **extra: object
) -> Nota:
    """Crea una nota web del medio."""
    datos: dict[str, object] = {
        "titulo": f"Nota {clave}",
        "texto": "El Ayuntamiento de Tampacán inauguró la red de agua potable. Texto propio.",
        "tipo_captura": TipoCaptura.RSS,
        "url_canonica": f"https://medio{medio.id}.example/{clave}",
        "hash_contenido": f"h-{clave}",
    }
    datos.update(extra)
    nota = Nota(medio=medio, fecha_publicacion=publicada, **datos)
    sesion.add(nota)
    return nota


def envio(sesion: Session, boletin: Boletin, medio: Medio, estado: EstadoEnvio) -> None:
    """Registra el envío de un boletín a un medio."""
    sesion.add(
        Envio(
            tipo=TipoEnvio.BOLETIN,
            boletin=boletin,
            medio=medio,
            correo=f"redaccion{medio.id}@example.org",
            clave=f"boletin:{boletin.id}:medio:{medio.id}",
            estado=estado,
        )
    )


def retoma(
    sesion: Session, nota: Nota, boletin: Boletin, nivel: NivelRetoma, **extra: object
) -> None:
    """Relaciona una nota con un boletín."""
    datos: dict[str, object] = {
        "puntaje": 0.9,
        "fidelidad": 0.8,
        "pasajes": [{"boletin": [0, 20], "nota": [0, 20]}],
    }
    datos.update(extra)
    sesion.add(Retoma(nota=nota, boletin=boletin, nivel=nivel, **datos))


def sembrar(sesion: Session, ahora: dt.datetime | None = None) -> Semilla:
    """Base pequeña: 3 medios, 4 boletines (uno del periodo anterior), 7 notas y sus retomas."""
    ahora = ahora or dt.datetime.now(dt.UTC)
    s = Semilla(ahora=ahora)
    sol = medio(sesion, "El Sol de la Huasteca", 120_000, TipoMedio.DIGITAL)
    radio = medio(sesion, "Radio Tampacán", 8_000, TipoMedio.RADIO)
    pulso = medio(sesion, "Pulso Regional", None, TipoMedio.DIGITAL)
    sesion.flush()
    s.medios = {"sol": sol.id, "radio": radio.id, "pulso": pulso.id}
    b1 = boletin(
        sesion, 1, ahora - dt.timedelta(days=3), "Inaugura el Ayuntamiento la red de agua", "agua"
    )
    b2 = boletin(
        sesion, 2, ahora - dt.timedelta(days=10), "Jornada de salud en Chiconamel", "salud"
    )
    b3 = boletin(sesion, 3, ahora - dt.timedelta(days=5), TITULO_PELIGROSO, "obras")
    b0 = boletin(sesion, 4, ahora - dt.timedelta(days=40), "Boletín del periodo anterior", "agua")
    sesion.flush()
    s.boletines = {"b1": b1.id, "b2": b2.id, "b3": b3.id, "b0": b0.id}
    envio(sesion, b1, sol, EstadoEnvio.ENVIADO)
    envio(sesion, b1, radio, EstadoEnvio.CONFIRMADO)
    envio(sesion, b2, sol, EstadoEnvio.ENVIADO)
    envio(sesion, b2, pulso, EstadoEnvio.FALLIDO)
    envio(sesion, b0, sol, EstadoEnvio.ENVIADO)
    n1 = nota(sesion, sol, "n1", b1.fecha_emision + dt.timedelta(hours=5), tono=Tono.POSITIVO)
    n2 = nota(
        sesion,
        pulso,
        "n2",
        b1.fecha_emision + dt.timedelta(hours=30),
        tono=Tono.NEUTRAL,
        url_canonica="urn:monitoreo:impreso:pulso:1",
        tipo_captura=TipoCaptura.PDF,
    )
    n3 = nota(sesion, sol, "n3", b2.fecha_emision + dt.timedelta(hours=2), tono=Tono.POSITIVO)
    n4 = nota(
        sesion,
        radio,
        "n4",
        ahora - dt.timedelta(days=1),
        tono=Tono.NEUTRAL,
        tono_confirmado=Tono.NEGATIVO,
        temas=["seguridad"],
        titulo="Quejas por inseguridad",
    )
    n5 = nota(
        sesion,
        sol,
        "n5",
        ahora - dt.timedelta(days=4),
        tono=Tono.NEGATIVO,
        temas=["agua"],
        titulo="Falta de agua en la cabecera",
    )
    n6 = nota(
        sesion,
        pulso,
        "n6",
        ahora - dt.timedelta(days=2),
        tono=Tono.POSITIVO,
        titulo="Descuento del 100% en predial_2026 y 'cita' del tesorero",
        temas=["hacienda"],
    )
    n7 = nota(sesion, sol, "n7", b0.fecha_emision + dt.timedelta(hours=1), tono=Tono.POSITIVO)
    sesion.flush()
    s.notas = {f"n{i}": n.id for i, n in enumerate([n1, n2, n3, n4, n5, n6, n7], start=1)}
    retoma(sesion, n1, b1, NivelRetoma.INTEGRA, fidelidad=0.95)
    retoma(sesion, n2, b1, NivelRetoma.PARCIAL, fidelidad=0.4)
    retoma(sesion, n3, b2, NivelRetoma.REESCRITA, estado=EstadoRevision.RECHAZADA)
    retoma(sesion, n7, b0, NivelRetoma.INTEGRA)
    sesion.add(
        modelos_notas.Testigo(
            nota=n1,
            tipo=TipoTestigo.HTML,
            sha256="a" * 64,
            ruta="aa/aaaa.html.gz",
            tipo_mime="text/html",
            tamano=10,
        )
    )
    sesion.add(
        Fuente(
            medio=sol,
            tipo=TipoFuente.RSS,
            url="https://sol.example/rss",
            ultimo_exito=ahora - dt.timedelta(hours=1),
            ultimo_error=ahora - dt.timedelta(days=2),
            motivo_error="HTTP 503",
            fallas_consecutivas=0,
        )
    )
    sesion.add(
        Convenio(
            medio=sol,
            numero="CS-001/2026",
            concepto="Difusión",
            monto_sin_iva=Decimal("10000"),
            iva=Decimal("1600"),
            monto_total=Decimal("11600"),
            vigencia_inicio=dt.date(2026, 1, 1),
            vigencia_fin=dt.date(2026, 12, 31),
            notas_mes=4,
        )
    )
    sesion.flush()
    return s


def en_base(usuario: UsuarioActivo) -> UsuarioActivo:
    """El usuario del tablero con su fila vigente en la base (el tablero la revisa en cada clic)."""
    from datos.sesion import sesion

    with sesion() as s:
        fila = s.scalar(select(Usuario).where(Usuario.nombre == usuario.nombre))
        if fila is None:
            fila = Usuario(nombre=usuario.nombre, rol=usuario.rol, hash_contrasena="-")
            s.add(fila)
        fila.rol, fila.activo = usuario.rol, True
        s.flush()
        return replace(usuario, id=fila.id)


def visible(markdown: str) -> str:
    """El texto que ve la persona de un Markdown escapado con `tablero.markdown.literal`."""
    return re.sub(r"\\(.)", r"\1", markdown)


APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
ESPERA_APP_S = 60


def abrir_pagina(pagina: str, rol: Rol, nombre: str = "beto") -> AppTest:
    """El tablero en AppTest con la sesión de `nombre` (vigente en la base), en `pagina`."""
    at = AppTest.from_file(APP, default_timeout=ESPERA_APP_S)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, nombre, rol))
    at.run()
    at.switch_page(pagina).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
