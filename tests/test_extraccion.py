"""Pruebas de la extracción de notas y de la decodificación de páginas."""

from __future__ import annotations

import gzip
import json
import os
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rastreadores.codificacion import decodificar
from rastreadores.extraccion import Extraccion, es_pagina_de_nota, extraer, limpiar_texto
from tests.conftest import datos_compartidos

ZONA = ZoneInfo("America/Mexico_City")
AHORA = datetime(2026, 11, 26, 12, 0, tzinfo=ZONA)

PARRAFOS = [
    "La presidenta municipal de Tampacán inauguró este jueves el puente vehicular de la "
    "comunidad de Xolol, una obra que beneficiará a más de tres mil habitantes de la zona.",
    "Durante el acto, la alcaldesa explicó que la inversión fue de 4.5 millones de pesos "
    "provenientes del fondo de infraestructura social y que los trabajos duraron seis meses.",
    "Los vecinos señalaron que antes del puente debían rodear más de doce kilómetros para "
    "llegar a la cabecera municipal, sobre todo en la temporada de lluvias de la Huasteca.",
    "El director de Obras Públicas informó que en diciembre comenzará la rehabilitación del "
    "camino a Tampacán centro, con lo que se completará la conexión de las localidades.",
]

NOTA = f"""<!DOCTYPE html><html lang="es-MX"><head><meta charset="utf-8">
<title>Inauguran puente en Xolol | Diario de la Huasteca</title>
<meta property="og:title" content="Inauguran puente en Xolol">
<meta property="og:image" content="/fotos/puente-grande.jpg">
<meta property="article:published_time" content="2026-11-26T10:35:00-06:00">
<meta property="article:modified_time" content="2026-11-26T11:50:00-06:00">
<meta name="author" content="Juana Martínez">
<link rel="canonical" href="/2026/11/26/inauguran-puente-xolol">
</head><body>
<nav><ul><li><a href="/">Inicio</a></li><li><a href="/politica">Política</a></li>
<li><a href="/deportes">Deportes</a></li><li><a href="/contacto">Contacto</a></li></ul></nav>
<aside class="sidebar"><h3>Lo más leído</h3><ul>
<li><a href="/a">Choque en la carretera federal deja dos lesionados en Tamazunchale</a></li>
<li><a href="/b">Suben precios de la tortilla en toda la región huasteca potosina</a></li>
</ul></aside>
<main><article>
<h1>Inauguran puente en Xolol</h1>
<p class="autor">Por Juana Martínez</p>
<figure><img src="/fotos/puente.jpg" alt="Puente">
<figcaption>Foto: Cortesía Ayuntamiento</figcaption></figure>
<p>{PARRAFOS[0]}</p>
<p>{PARRAFOS[1]}</p>
<p><strong>Lee también: Entregan despensas en la cabecera municipal</strong></p>
<p>{PARRAFOS[2]}</p>
<p>Síguenos en Facebook y Twitter para más noticias de la Huasteca.</p>
<p>{PARRAFOS[3]}</p>
<div class="compartir">Facebook Twitter WhatsApp</div>
</article></main>
<section id="comentarios" class="comments"><h3>Comentarios</h3>
<div class="comment"><p>Pepe dice: ya era hora, llevábamos años esperando este puente tan
necesario.</p></div>
</section>
<footer><p>© 2026 Diario de la Huasteca. Todos los derechos reservados.</p></footer>
</body></html>"""


def test_nota_completa() -> None:
    """Texto sin menú, barra lateral, comentarios ni "Lee también"; metadatos completos."""
    ex = extraer(NOTA.encode("utf-8"), "https://diario.mx/politica/x?utm_source=fb", ahora=AHORA)
    assert ex.titulo == "Inauguran puente en Xolol"
    assert ex.texto is not None
    for parrafo in PARRAFOS:
        assert parrafo in ex.texto
    for ruido in ("Lee también", "Síguenos", "Lo más leído", "Pepe dice", "derechos reservados"):
        assert ruido not in ex.texto
    assert "Facebook Twitter WhatsApp" not in ex.texto
    assert ex.fecha == datetime(2026, 11, 26, 10, 35, tzinfo=ZONA)
    assert ex.autor == "Juana Martínez"
    assert ex.canonica == "https://diario.mx/2026/11/26/inauguran-puente-xolol"
    assert ex.imagenes[:2] == (
        "https://diario.mx/fotos/puente-grande.jpg",
        "https://diario.mx/fotos/puente.jpg",
    )
    assert ex.idioma == "es"
    assert es_pagina_de_nota(ex)


def test_selectores_de_la_fuente_ganan() -> None:
    """Los selectores CSS o XPath configurados para la fuente reemplazan a trafilatura."""
    selectores = {
        "titulo": "article h1",
        "autor": "//p[@class='autor']",
        "texto": "article > p:not(.autor)",
        "fecha": "//meta[@property='article:modified_time']/@content",
    }
    ex = extraer(NOTA, "https://diario.mx/n", selectores=selectores, ahora=AHORA)
    assert ex.titulo == "Inauguran puente en Xolol"
    assert ex.autor == "Juana Martínez"  # sin el "Por" de la firma
    assert ex.texto is not None and ex.texto.startswith(PARRAFOS[0])
    assert ex.fecha == datetime(2026, 11, 26, 11, 50, tzinfo=ZONA)


def test_selector_invalido_no_rompe() -> None:
    """Un selector mal escrito se ignora."""
    ex = extraer(NOTA, selectores={"titulo": "h1[[[", "texto": "//p[@"}, ahora=AHORA)
    assert ex.titulo == "Inauguran puente en Xolol"


def test_pagina_cp1252_sin_charset() -> None:
    """Una página en Windows-1252 sin charset declarado sale con acentos, ñ y comillas bien."""
    html = (
        "<html><head><title>Año de “cosecha” en Tampacán</title></head><body><article>"
        "<h1>Año de “cosecha” en Tampacán</h1>"
        + "".join(f"<p>{p} – Señalaron los campesinos.</p>" for p in PARRAFOS)
        + "</article></body></html>"
    )
    ex = extraer(html.encode("cp1252"), ahora=AHORA)
    assert ex.titulo == "Año de “cosecha” en Tampacán"
    assert ex.texto is not None and "Señalaron" in ex.texto and "–" in ex.texto


@pytest.mark.parametrize(
    ("cuerpo", "content_type", "esperado"),
    [
        ("Tampacán “sí”".encode("cp1252"), None, "Tampacán “sí”"),
        ("Tampacán".encode(), "text/html; charset=UTF-8", "Tampacán"),
        ("Tampacán".encode("latin-1"), "text/html; charset=ISO-8859-1", "Tampacán"),
        (b"\xef\xbb\xbf" + "ñ".encode(), None, "ñ"),
        ("ñ".encode("utf-16"), None, "ñ"),
        ('<meta charset="windows-1252"><p>ñ’</p>'.encode("cp1252"), None, "<p>ñ’</p>"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">ñ'.encode(),
            None,
            "ñ",
        ),
        ("ñ".encode("cp1252"), "text/html; charset=utf-8", "ñ"),  # servidor que miente
        (b"\x81\x8d", "text/html; charset=no-existe", "\ufffd\ufffd"),
        (b"", None, ""),
    ],
)
def test_decodificar(cuerpo: bytes, content_type: str | None, esperado: str) -> None:
    """Cabecera, BOM, meta, UTF-8 y al final cp1252; nunca lanza."""
    assert decodificar(cuerpo, content_type).endswith(esperado)


@pytest.mark.parametrize(
    "entrada",
    [
        b"",
        "",
        "   ",
        b"\x00\x01\x02\xff" * 1000,
        os.urandom(50_000),
        "sólo texto sin etiquetas",
        "<",
    ],
)
def test_entradas_sin_nota(entrada: bytes | str) -> None:
    """Vacío, binario o texto plano: campos None, sin excepción."""
    ex = extraer(entrada, "https://diario.mx/x", ahora=AHORA)
    assert isinstance(ex, Extraccion)
    assert ex.texto is None and ex.fecha is None and not es_pagina_de_nota(ex)


def test_pagina_hostil() -> None:
    """Anidamiento profundo y atributos absurdos no tumban la extracción."""
    html = "<html><body>" + "<div>" * 20_000 + "hola" + "</div>" * 20_000 + "</body></html>"
    assert isinstance(extraer(html, ahora=AHORA), Extraccion)
    raro = (
        '<html><head><link rel="canonical" href="javascript:alert(1)"></head>'
        "<body><p>x</p></body></html>"
    )
    assert extraer(raro, ahora=AHORA).canonica is None


def test_pagina_enorme_se_recorta() -> None:
    """Más de 5 MB: se procesa sólo el inicio y en un tiempo acotado."""
    relleno = "<p>" + "palabra " * 200 + "</p>\n"
    html = NOTA.replace("</article>", relleno * (6 * 1024 * 1024 // len(relleno)) + "</article>")
    inicio = time.perf_counter()
    ex = extraer(html.encode(), "https://diario.mx/n", ahora=AHORA)
    assert time.perf_counter() - inicio < 60
    assert ex.titulo == "Inauguran puente en Xolol"


def test_limpiar_texto() -> None:
    """Quita créditos, compartir, "Lee también" y la lista final de relacionadas."""
    texto = "\n".join(
        [
            "Foto: Archivo",
            PARRAFOS[0],
            "LEE TAMBIÉN: Otra nota",
            "Compartir en Facebook",
            "La alcaldesa en el evento.",
            PARRAFOS[1],
            "© 2026 Diario de la Huasteca",
            "Notas relacionadas",
            "Título de otra nota sin relación",
        ]
    )
    limpio = limpiar_texto(texto).splitlines()
    assert limpio == [PARRAFOS[0], "La alcaldesa en el evento.", PARRAFOS[1]]


def test_limpiar_texto_no_quita_parrafos_de_la_nota() -> None:
    """Párrafos que se parecen al relleno se quedan: nombres, citas, subtítulos, repeticiones."""
    cuerpo = [
        PARRAFOS[0],
        "Lee Jae-myung, líder de la oposición, calificó el mensaje como un error grave.",
        "Leandro Gómez, vecino de Xolol, dijo que el puente les ahorra una hora de camino.",
        "La empresa demandó a la plataforma por violar el copyright de sus fotografías.",
        "Relacionado con esto, el cabildo aprobó un fondo para caminos rurales.",
        "SELECT",
        PARRAFOS[1],
        "SELECT",
        "Más de 300 familias beneficiadas",
        PARRAFOS[2],
    ]
    # La lista final sólo se corta si tras el encabezado vienen enlaces a otras notas.
    assert limpiar_texto("\n".join(cuerpo), frozenset({"Otra nota"})).splitlines() == cuerpo


def test_seccion_relacionadas_con_enlaces_se_corta() -> None:
    """Un encabezado de relacionadas al final seguido de enlaces sí se corta."""
    lineas = [PARRAFOS[0], PARRAFOS[1], "Más sobre Tampacán", "Choque en la carretera federal"]
    enlaces = frozenset({"Choque en la carretera federal"})
    assert limpiar_texto("\n".join(lineas), enlaces).splitlines() == PARRAFOS[:2]


def test_es_pagina_de_nota() -> None:
    """Título y suficiente texto."""
    base = Extraccion("Título", " ".join(PARRAFOS), None, None, None, (), "es")
    assert es_pagina_de_nota(base)
    assert not es_pagina_de_nota(Extraccion(None, " ".join(PARRAFOS), None, None, None, (), None))
    assert not es_pagina_de_nota(Extraccion("Título", "Portada breve", None, None, None, (), None))


@pytest.mark.lento
def test_paginas_compartidas_en_espanol() -> None:
    """F1 por fragmentos (método de trafilatura) en las 32 páginas en español."""
    carpeta = datos_compartidos("paginas", "trafilatura_es")
    oro = json.loads((carpeta / "gold.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for clave, dato in oro.items():
        html = gzip.decompress((carpeta / "html" / f"{dato['file']}.gz").read_bytes())
        texto = extraer(html, clave if clave.startswith("http") else None, ahora=AHORA).texto or ""
        tp += sum(f in texto for f in dato["with"])
        fn += sum(f not in texto for f in dato["with"])
        fp += sum(f in texto for f in dato["without"])
    precision, exhaustividad = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * exhaustividad / (precision + exhaustividad) >= 0.88


@pytest.mark.parametrize(
    ("cabeza", "h1", "esperado"),
    [
        (
            '<title>Cierran la carretera | Diario Huasteco</title><meta property="og:site_name" '
            'content="Diario Huasteco">',
            "",
            "Cierran la carretera",
        ),
        (
            '<meta property="og:title" content="Cierran la carretera - EL SOL">',
            "Cierran la carretera",
            "Cierran la carretera",
        ),
        (
            '<meta property="og:title" content="Califican de ">',
            'Califican de "incapaz"',
            'Califican de "incapaz"',
        ),
    ],
)
def test_titulo_sin_nombre_del_medio(cabeza: str, h1: str, esperado: str) -> None:
    """Se quita el nombre del medio del final y se repara el título recortado con el <h1>."""
    cuerpo = "".join(f"<p>{p}</p>" for p in PARRAFOS)
    html = (
        f"<html><head>{cabeza}</head><body><article><h1>{h1}</h1>{cuerpo}</article></body></html>"
    )
    assert extraer(html, ahora=AHORA).titulo == esperado


def test_selector_xpath_que_no_da_nodos() -> None:
    """Un XPath que devuelve un número o un atributo no rompe la extracción."""
    ex = extraer(NOTA, selectores={"autor": "count(//p)", "titulo": "//h1/text()"}, ahora=AHORA)
    assert ex.titulo == "Inauguran puente en Xolol"
    assert ex.texto is not None and PARRAFOS[0] in ex.texto


def test_utf8_servido_como_latin1_no_se_corrompe() -> None:
    from rastreadores.codificacion import decodificar

    cuerpo = "<p>Tampacán inauguró la obra</p>".encode()
    assert (
        decodificar(cuerpo, "text/html; charset=ISO-8859-1") == "<p>Tampacán inauguró la obra</p>"
    )
    latin = "<p>Tampacán</p>".encode("latin-1")
    assert decodificar(latin, "text/html; charset=ISO-8859-1") == "<p>Tampacán</p>"
