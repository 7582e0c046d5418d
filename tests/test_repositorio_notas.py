"""Repositorio de notas web y de la salud de las fuentes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos import modelos
from datos.modelos import (
    Ambito,
    Fuente,
    Medio,
    Nota,
    TipoCaptura,
    TipoFuente,
    TipoMedio,
    TipoTestigo,
)
from datos.repositorio.fuentes import (
    RETROCESO_MAXIMO,
    existe_medio,
    fuentes_vencidas,
    registrar_exito,
    registrar_falla,
)
from datos.repositorio.notas import (
    EstadoGuardado,
    NotaWeb,
    capturas_nota,
    existe_prefijo,
    guardar_nota_web,
    hash_texto,
)
from datos.testigos import guardar_testigo, leer_testigo

AHORA = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
URL = "https://sol.example.mx/notas/tampacan-inaugura-clinica"


def _medio(s: Session, nombre: str = "El Sol de Prueba") -> Medio:
    medio = Medio(nombre=nombre, tipo=TipoMedio.DIGITAL, ambito=Ambito.MUNICIPAL)
    s.add(medio)
    s.flush()
    return medio


def _nota(medio: Medio, texto: str, html: bytes) -> NotaWeb:
    return NotaWeb(
        medio_id=medio.id,
        fuente_id=None,
        url_canonica=URL,
        url_original=URL + "?utm_source=rss",
        titulo="Tampacán inaugura clínica",
        texto=texto,
        tipo_captura=TipoCaptura.RSS,
        fecha_publicacion=AHORA,
        testigo=guardar_testigo(html, comprimir=True),
        tipo_testigo=TipoTestigo.HTML,
    )


def test_nueva_sin_cambios_y_nueva_version(sesion: Session, directorio_datos: Path) -> None:
    medio = _medio(sesion)
    primera = guardar_nota_web(sesion, _nota(medio, "Texto original.", b"<html>v1</html>"))
    assert primera.estado is EstadoGuardado.NUEVA and primera.version == 1
    assert capturas_nota(sesion, URL) is not None
    # Mismo texto con otros espacios y otro HTML (anuncios): no es una edición.
    igual = guardar_nota_web(sesion, _nota(medio, "Texto   original.\n", b"<html>v1b</html>"))
    assert igual.estado is EstadoGuardado.SIN_CAMBIOS
    editada = guardar_nota_web(sesion, _nota(medio, "Texto corregido.", b"<html>v2</html>"))
    assert editada.estado is EstadoGuardado.NUEVA_VERSION and editada.version == 2
    assert editada.nota_id == primera.nota_id
    nota = sesion.get_one(Nota, primera.nota_id)
    assert nota.texto == "Texto corregido."
    assert nota.hash_contenido == hash_texto("Tampacán inaugura clínica", "Texto corregido.")
    testigos = sorted(nota.testigos, key=lambda t: t.version)
    assert [t.version for t in testigos] == [1, 2]
    assert [leer_testigo(t.ruta) for t in testigos] == [b"<html>v1</html>", b"<html>v2</html>"]
    assert sesion.scalar(select(func.count()).select_from(Nota)) == 1


def test_existe_prefijo_escapa_comodines(sesion: Session, directorio_datos: Path) -> None:
    medio = _medio(sesion)
    datos = _nota(medio, "Página uno.", b"%PDF-1.4 x")
    datos.url_canonica = "https://sol.example.mx/ed_2026.pdf#pagina=1"
    guardar_nota_web(sesion, datos)
    assert existe_prefijo(sesion, "https://sol.example.mx/ed_2026.pdf#pagina=")
    assert not existe_prefijo(sesion, "https://sol.example.mx/edX2026.pdf#pagina=")
    assert sesion.scalar(select(func.count()).select_from(modelos.Testigo)) == 1


def _fuente(s: Session, medio: Medio, url: str, tipo: TipoFuente = TipoFuente.RSS) -> Fuente:
    fuente = Fuente(medio_id=medio.id, tipo=tipo, url=url, intervalo_minutos=60)
    s.add(fuente)
    s.flush()
    return fuente


def test_fuentes_vencidas_filtra(sesion: Session) -> None:
    sol, luna = _medio(sesion), _medio(sesion, "La Luna")
    nueva = _fuente(sesion, sol, "https://sol.example.mx/feed")
    futura = _fuente(sesion, sol, "https://sol.example.mx/sitemap.xml", TipoFuente.SITEMAP)
    futura.proximo_intento = AHORA + dt.timedelta(minutes=5)
    inactiva = _fuente(sesion, luna, "https://luna.example.mx/feed")
    inactiva.activa = False
    de_luna = _fuente(sesion, luna, "https://luna.example.mx/seccion", TipoFuente.SECCION)
    de_luna.proximo_intento = AHORA - dt.timedelta(minutes=1)
    sesion.flush()
    assert [f.id for f in fuentes_vencidas(sesion, AHORA)] == [nueva.id, de_luna.id]
    assert [f.id for f in fuentes_vencidas(sesion, AHORA, "El Sol de Prueba")] == [nueva.id]
    assert [f.id for f in fuentes_vencidas(sesion, AHORA, tipo=TipoFuente.SECCION)] == [de_luna.id]
    todas = fuentes_vencidas(sesion, AHORA, "El Sol de Prueba", todas=True)
    assert [f.id for f in todas] == [nueva.id, futura.id]
    assert existe_medio(sesion, "La Luna") and not existe_medio(sesion, "El Eclipse")


def test_fallas_con_retroceso_y_exito_que_limpia(sesion: Session) -> None:
    fuente = _fuente(sesion, _medio(sesion), "https://sol.example.mx/feed")
    registrar_falla(sesion, fuente.id, AHORA, "HTTP 500")
    assert fuente.fallas_consecutivas == 1 and fuente.motivo_error == "HTTP 500"
    assert fuente.proximo_intento == AHORA + dt.timedelta(minutes=120)
    registrar_falla(sesion, fuente.id, AHORA, "HTTP 500")
    assert fuente.proximo_intento == AHORA + dt.timedelta(minutes=240)
    for _ in range(10):
        registrar_falla(sesion, fuente.id, AHORA, "tiempo de espera agotado")
    assert fuente.fallas_consecutivas == 12
    assert fuente.proximo_intento == AHORA + RETROCESO_MAXIMO
    registrar_exito(sesion, fuente.id, AHORA, '"abc"', "Wed, 25 Nov 2026 10:00:00 GMT", 3)
    assert fuente.fallas_consecutivas == 0 and fuente.motivo_error is None
    assert fuente.etag == '"abc"' and fuente.notas_totales == 3
    assert fuente.ultimo_exito == AHORA
    assert fuente.proximo_intento == AHORA + dt.timedelta(minutes=60)
    registrar_exito(sesion, fuente.id, AHORA, None, None, 0, aviso="1 de 4 notas fallaron")
    assert fuente.fallas_consecutivas == 0 and fuente.motivo_error == "1 de 4 notas fallaron"
