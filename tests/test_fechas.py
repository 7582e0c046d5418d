"""Pruebas de fechas en español y de la fecha de publicación de una página."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rastreadores.codificacion import decodificar
from rastreadores.fechas import es_solo_dia, fecha_en_espanol, fecha_publicacion
from tests.conftest import datos_compartidos

ZONA = ZoneInfo("America/Mexico_City")
AHORA = datetime(2026, 11, 26, 12, 0, tzinfo=ZONA)


def _f(ano: int, mes: int, dia: int, hora: int = 0, minuto: int = 0) -> datetime:
    """datetime local de la oficina."""
    return datetime(ano, mes, dia, hora, minuto, tzinfo=ZONA)


@pytest.mark.parametrize(
    ("texto", "esperada"),
    [
        ("26 de noviembre de 2026", _f(2026, 11, 26)),
        ("26 de nov. de 2026 10:35 hrs", _f(2026, 11, 26, 10, 35)),
        ("Jueves 26/11/2026 | 10:35", _f(2026, 11, 26, 10, 35)),
        ("hace 3 horas", _f(2026, 11, 26, 9, 0)),
        ("Publicado hace 15 minutos", _f(2026, 11, 26, 11, 45)),
        ("hace 2 días", _f(2026, 11, 24, 12, 0)),
        ("hace un día", _f(2026, 11, 25, 12, 0)),
        ("ayer a las 18:00", _f(2026, 11, 25, 18, 0)),
        ("Hoy, 08:15", _f(2026, 11, 26, 8, 15)),
        ("Publicado: 25 de noviembre de 2026, 6:40 p. m.", _f(2026, 11, 25, 18, 40)),
        ("Publicado: 25 de noviembre de 2026 12:05 a.m.", _f(2026, 11, 25, 0, 5)),
        ("Noviembre 26, 2026", _f(2026, 11, 26)),
        ("3 de marzo del 2025", _f(2025, 3, 3)),
        ("SÁBADO 3 SEP 2022 - 04:05", _f(2022, 9, 3, 4, 5)),
        ("1 de septiembre de 2026", _f(2026, 9, 1)),
        ("1 de setiembre de 2026", _f(2026, 9, 1)),
        ("26-11-26", _f(2026, 11, 26)),
        ("2026-11-26T10:00", _f(2026, 11, 26, 10, 0)),
        ("11/26/2026", _f(2026, 11, 26)),  # orden de EE. UU. sólo si el día no puede ser mes
        ("26 Nov 2026 17h30", _f(2026, 11, 26, 17, 30)),
    ],
)
def test_fecha_en_espanol(texto: str, esperada: datetime) -> None:
    """Formatos habituales en medios mexicanos, con y sin hora, absolutos y relativos."""
    assert fecha_en_espanol(texto, AHORA, ZONA) == esperada


@pytest.mark.parametrize("texto", ["", "sin fecha", "31/02/2026", "el 45 de noviembre", "10:35"])
def test_fecha_en_espanol_sin_fecha(texto: str) -> None:
    """Textos sin fecha válida dan None."""
    assert fecha_en_espanol(texto, AHORA, ZONA) is None


def test_fecha_en_espanol_devuelve_zona() -> None:
    """Siempre con tzinfo."""
    f = fecha_en_espanol("26 de noviembre de 2026", AHORA, ZONA)
    assert f is not None and f.utcoffset() == timedelta(hours=-6)


def _pagina(cabeza: str = "", cuerpo: str = "") -> str:
    """HTML mínimo de una nota."""
    return f"<html><head>{cabeza}</head><body><h1>Título</h1>{cuerpo}<p>Texto.</p></body></html>"


def test_fecha_publicacion_metadatos_con_zona() -> None:
    """article:published_time con zona se conserva tal cual."""
    html = _pagina('<meta property="article:published_time" content="2026-11-20T10:35:00-06:00">')
    assert fecha_publicacion(html, None, AHORA, ZONA) == _f(2026, 11, 20, 10, 35)


def test_fecha_publicacion_sin_zona_usa_la_local() -> None:
    """Fechas sin zona se interpretan en la zona dada."""
    html = _pagina('<meta property="article:published_time" content="2026-11-20T10:35:00">')
    f = fecha_publicacion(html, None, AHORA, ZONA)
    assert f == _f(2026, 11, 20, 10, 35) and f is not None and f.tzinfo is not None


def test_fecha_publicacion_prefiere_original_sobre_modificada() -> None:
    """datePublished gana sobre dateModified; "Publicado" gana sobre "Actualizado"."""
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"dateModified":"2026-11-25T09:00:00-06:00","datePublished":"2026-11-20T08:00:00-06:00"}'
        "</script>"
    )
    assert fecha_publicacion(_pagina(ld), None, AHORA, ZONA) == _f(2026, 11, 20, 8, 0)
    linea = (
        '<p class="fecha">Actualizado: 25 de noviembre de 2026 | Publicado: 21/11/2026 10:00</p>'
    )
    assert fecha_publicacion(_pagina(cuerpo=linea), None, AHORA, ZONA) == _f(2026, 11, 21, 10, 0)


def test_fecha_publicacion_descarta_futuro_y_antes_de_fundacion() -> None:
    """Más de una hora en el futuro o antes de la fundación del medio no cuentan."""
    futura = _pagina('<meta property="article:published_time" content="2026-12-24T10:00:00-06:00">')
    assert fecha_publicacion(futura, None, AHORA, ZONA) is None
    casi = _pagina('<meta property="article:published_time" content="2026-11-26T12:30:00-06:00">')
    assert fecha_publicacion(casi, None, AHORA, ZONA) == _f(2026, 11, 26, 12, 30)
    vieja = _pagina('<meta property="article:published_time" content="2001-01-01T10:00:00-06:00">')
    assert fecha_publicacion(vieja, None, AHORA, ZONA, fundado=date(2010, 1, 1)) is None
    antigua = _pagina('<meta property="article:published_time" content="1990-01-01T10:00:00">')
    assert fecha_publicacion(antigua, None, AHORA, ZONA) is None


def test_fecha_publicacion_texto_en_espanol_y_hora() -> None:
    """Sin metadatos, la línea "Publicado" del cuerpo; sin hora queda a las 00:00 locales."""
    html = _pagina(cuerpo='<div class="nota-fecha">Publicado el 24 de noviembre de 2026</div>')
    f = fecha_publicacion(html, None, AHORA, ZONA)
    assert f == _f(2026, 11, 24) and f is not None and es_solo_dia(f)


def test_fecha_publicacion_html_vacio_o_roto() -> None:
    """Nada que analizar: None, sin excepción."""
    assert fecha_publicacion("", None, AHORA, ZONA) is None
    assert fecha_publicacion("<<<>>>\x00", None, AHORA, ZONA) is None


def test_fecha_publicacion_paginas_compartidas() -> None:
    """En las páginas en español con fecha conocida acierta el día (±1 por la zona)."""
    carpeta = datos_compartidos("paginas", "trafilatura_es")
    oro = json.loads((carpeta / "gold.json").read_text(encoding="utf-8"))
    aciertos = total = 0
    for clave, dato in oro.items():
        if not dato.get("date"):
            continue
        html = decodificar(gzip.decompress((carpeta / "html" / f"{dato['file']}.gz").read_bytes()))
        url = clave if clave.startswith("http") else None
        f = fecha_publicacion(html, url, datetime(2022, 6, 1, tzinfo=ZONA), ZONA)
        esperada = date.fromisoformat(dato["date"])
        total += 1
        aciertos += f is not None and abs((f.date() - esperada).days) <= 1
    assert total >= 20 and aciertos / total >= 0.9


def test_conciliar_fechas_prefiere_feed_si_la_pagina_discrepa() -> None:
    from rastreadores.fechas import conciliar_fechas

    feed = datetime(2026, 11, 24, 16, 30, tzinfo=ZoneInfo("UTC"))
    pie = datetime(2026, 1, 1, tzinfo=ZoneInfo("America/Mexico_City"))
    assert conciliar_fechas(pie, feed) == feed
    assert conciliar_fechas(None, feed) == feed
    precisa = datetime(2026, 11, 24, 10, 5, tzinfo=ZoneInfo("America/Mexico_City"))
    assert conciliar_fechas(precisa, feed) == precisa
    solo_dia = datetime(2026, 11, 24, tzinfo=ZoneInfo("America/Mexico_City"))
    assert conciliar_fechas(solo_dia, feed) == feed
    assert conciliar_fechas(precisa, None) == precisa


def test_fecha_en_utc_se_da_en_la_hora_del_medio_por_su_pais() -> None:
    """Un metadato en UTC de un medio boliviano o mexicano lleva el día local de publicación."""
    ld = '{"@type": "NewsArticle", "datePublished": "Wed, 04 May 2022 02:41:00 GMT"}'
    html = _pagina(f'<script type="application/ld+json">{ld}</script>')
    boliviano = fecha_publicacion(html, "https://eldeber.com.bo/nota_1", AHORA, ZONA)
    assert boliviano is not None and boliviano.isoformat()[:10] == "2022-05-03"
    mexicano = fecha_publicacion(html, "https://www.ejemplo.com.mx/nota", AHORA, ZONA)
    # México tenía horario de verano en 2022 (UTC−5).
    assert mexicano is not None and mexicano.isoformat() == "2022-05-03T21:41:00-05:00"
    sin_pais = fecha_publicacion(html, "https://www.ejemplo.com/nota", AHORA, ZONA)
    assert sin_pais is not None and sin_pais.isoformat()[:10] == "2022-05-04"
