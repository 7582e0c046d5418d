"""Mundo de demostración: contenido, determinismo, sitios servidos por HTTP real y carga."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import re
import shutil
import tomllib
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pdfplumber
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.migraciones import actualizar
from datos.modelos import (
    Base,
    Boletin,
    Contacto,
    Convenio,
    Envio,
    EstadoBoletin,
    Evento,
    Fuente,
    Invitacion,
    Medio,
    Nota,
    TerminoVigilado,
    TipoCaptura,
    TipoEnvio,
    TipoFuente,
)
from datos.repositorio.recursos import abrir_imagen, distancia, hash_perceptual, leer_exif, ruta_de
from datos.sesion import crear_motor
from demo.banco import fotos_del_mundo, subir_fotos
from demo.cargar import cargar, patron_de_ruta
from demo.mundo import Mundo, construir, ruta_vigilancia
from demo.servidor import ServidorDemo
from demo.sitios import escribir_sitios

HOY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def mundo() -> Mundo:
    """El mundo construido para una fecha fija."""
    return construir(HOY)


@pytest.fixture(scope="module")
def sitios(mundo: Mundo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sitios estáticos escritos en una carpeta temporal."""
    carpeta = tmp_path_factory.mktemp("demo") / "sitios"
    escribir_sitios(mundo, carpeta)
    return carpeta


@pytest.fixture(scope="module")
def urls(sitios: Path) -> Iterator[dict[str, str]]:
    """Servidor real de los medios; devuelve slug -> base."""
    with ServidorDemo(sitios) as servidor:
        yield dict(servidor.urls)


def _get(url: str, **cabeceras: str) -> tuple[int, dict[str, str], bytes]:
    """GET real; devuelve estado, cabeceras y cuerpo (también para 304 y 404)."""
    pedido = urllib.request.Request(
        url, headers={k.replace("_", "-"): v for k, v in cabeceras.items()}
    )
    try:
        with urllib.request.urlopen(pedido, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


# --- Contenido ---------------------------------------------------------------------------------


def test_conteos_minimos_y_clases(mundo: Mundo) -> None:
    """Hay medios, boletines y notas suficientes de todas las clases y canales."""
    assert len(mundo.medios) >= 11
    assert len(mundo.boletines) >= 40
    assert len(mundo.notas) >= 400
    clases = Counter(n.clase for n in mundo.notas)
    assert clases["critica"] >= 25 and clases["mencion"] >= 25 and clases["ajena"] >= 80
    assert clases["retoma"] >= 150
    canales = Counter(n.canal for n in mundo.notas)
    assert {"web", "impreso", "radio", "television", "facebook"} <= set(canales)
    assert len(mundo.eventos) >= 15 and len(mundo.convenios) == 3
    estrategias = {m.estrategia for m in mundo.medios}
    assert {"rss", "atom", "sitemap", "seccion", "facebook"} <= estrategias


def test_boletines_con_folio_consecutivo_y_sin_retomas(mundo: Mundo) -> None:
    """Los folios son consecutivos por año y hay boletines que nadie retomó."""
    numeros = [b.numero for b in mundo.boletines if b.anio == 2026]
    assert numeros == list(range(numeros[0], numeros[0] + len(numeros)))
    assert all(b.folio == f"{b.numero:03d}/{b.anio}" for b in mundo.boletines)
    retomados = Counter(i for n in mundo.notas for i, _ in n.verdad)
    assert sum(1 for i in range(len(mundo.boletines)) if retomados[i] == 0) >= 2
    assert max(retomados.values()) >= 6
    casi_nunca = [n for n in mundo.notas if n.medio == "cronica-nacional" and n.clase == "retoma"]
    assert len(casi_nunca) <= 3


def test_folios_reinician_en_enero() -> None:
    """Con la ventana cruzando el año, el primer boletín de enero es el 001."""
    m = construir(dt.date(2027, 1, 20))
    de_2027 = [b.numero for b in m.boletines if b.anio == 2027]
    assert de_2027 and de_2027[0] == 1
    assert next(b.numero for b in m.boletines if b.anio == 2026) > 100


def test_fechas_en_la_ventana_y_latencia(mundo: Mundo) -> None:
    """Todo cae en los últimos tres meses, nada en el futuro; las retomas salen 0–3 días después."""
    fin = dt.datetime.combine(HOY, dt.time(23, 59), tzinfo=mundo.boletines[0].fecha.tzinfo)
    inicio = fin - dt.timedelta(days=92)
    for n in mundo.notas:
        assert n.fecha.tzinfo is not None and inicio <= n.fecha <= fin, n
        for i, _ in n.verdad:
            b = mundo.boletines[i]
            assert b.fecha <= n.fecha, (b.folio, n.titulo)
            assert (n.fecha.date() - b.fecha.date()).days <= 3
    assert all(inicio <= b.fecha <= fin for b in mundo.boletines)


def test_verdad_coherente_con_el_texto(mundo: Mundo) -> None:
    """Íntegras llevan todo el boletín, parciales la entradilla, reescritas no copian citas."""
    niveles = Counter(nivel for n in mundo.notas for _, nivel in n.verdad)
    assert {"integra", "parcial", "reescrita"} <= set(niveles)
    for n in mundo.notas:
        for i, nivel in n.verdad:
            b = mundo.boletines[i]
            if nivel == "integra":
                assert all(p in n.texto for p in b.parrafos)
            elif nivel == "parcial" and n.canal == "web":
                assert b.entradilla in n.texto
            elif nivel == "reescrita" and n.canal == "web":
                assert "“" not in n.texto and n.texto != b.texto
        if n.clase != "retoma":
            assert n.verdad == []


def _tejas(texto: str, k: int = 6) -> set[tuple[str, ...]]:
    """Secuencias de k palabras (para medir cuánto se copió)."""
    palabras = re.findall(r"\w+", texto.lower())
    return {tuple(palabras[i : i + k]) for i in range(len(palabras) - k + 1)}


def test_reescritas_no_son_copias(mundo: Mundo) -> None:
    """Las reescritas web comparten poco texto literal con su boletín; las parciales, más."""
    copia: dict[str, list[float]] = {"parcial": [], "reescrita": []}
    for n in mundo.notas_de("huasteca-hoy") + mundo.notas_de("plano-potosino"):
        for i, nivel in n.verdad:
            tejas = _tejas(mundo.boletines[i].texto)
            if nivel in copia:
                copia[nivel].append(len(tejas & _tejas(n.texto)) / len(tejas))
    assert copia["reescrita"] and max(copia["reescrita"]) < 0.35
    assert copia["parcial"] and min(copia["parcial"]) > 0.3


def test_usa_nombres_de_la_lista_de_vigilancia(mundo: Mundo) -> None:
    """Los boletines y notas nombran a funcionarios y programas de vigilancia.toml."""
    todo = " ".join(b.texto for b in mundo.boletines)
    for nombre in ("Rosa Elena Martínez Hernández", "Silvia Ponce Mendoza", "Agua para Todos"):
        assert nombre in todo
    criticas = " ".join(n.texto for n in mundo.notas if n.clase == "critica")
    assert "Ayuntamiento" in criticas or "Obras Públicas" in criticas
    assert any(p == "Rosa Elena Martínez Hernández" for b in mundo.boletines for p, _ in b.citas)


def test_determinista(mundo: Mundo) -> None:
    """Dos construcciones con la misma semilla son iguales; otra semilla cambia el reparto."""
    otra = construir(HOY)
    assert otra.notas == mundo.notas
    assert otra.eventos == mundo.eventos and otra.boletines == mundo.boletines
    distinta = construir(HOY, semilla=7)
    assert [n.ruta for n in distinta.notas] != [n.ruta for n in mundo.notas]


def test_rutas_unicas_y_urn(mundo: Mundo) -> None:
    """Cada nota web tiene ruta única; radio y TV llevan URN; Facebook su URL."""
    web = [(n.medio, n.ruta) for n in mundo.notas if n.canal == "web"]
    assert len(web) == len(set(web))
    for n in mundo.notas:
        if n.canal in ("radio", "television"):
            assert n.url_fija and n.url_fija.startswith(f"urn:monitoreo:{n.canal}:{n.medio}:")
            assert n.programa and n.duracion_segundos
        if n.canal == "facebook":
            assert n.url_fija and n.url_fija.startswith("https://www.facebook.com/")


# --- Sitios servidos ---------------------------------------------------------------------------


def test_cada_medio_sirve_sus_notas(mundo: Mundo, urls: dict[str, str]) -> None:
    """GET de una nota de cada medio: 200, HTML propio y canonical absoluto a su servidor."""
    assert set(urls) == {m.slug for m in mundo.medios if m.web}
    assert len({u.split(":")[1] for u in urls.values()}) == len(urls)  # una IP por medio
    for slug, base in urls.items():
        nota = mundo.notas_de(slug)[-1]
        estado, cabeceras, cuerpo = _get(base + nota.ruta)
        html = cuerpo.decode(mundo.medio(slug).codificacion)
        assert estado == 200 and cabeceras["Content-Type"].startswith("text/html")
        assert f'<link rel="canonical" href="{base}{nota.ruta}">' in html
        assert nota.parrafos[0][:40] in html.replace("&quot;", '"').replace("&#x27;", "'")
        assert "{BASE}" not in html


def test_feeds_rss_atom_y_sitemap(mundo: Mundo, urls: dict[str, str]) -> None:
    """Los feeds parsean con feedparser y sus enlaces son absolutos al servidor real."""
    base = urls["heraldo-huasteco"]
    feed = feedparser.parse(_get(base + "/rss.xml")[2])
    assert not feed.bozo and len(feed.entries) == len(mundo.notas_de("heraldo-huasteco"))
    assert all(e.link.startswith(base + "/") for e in feed.entries)
    pulso = feedparser.parse(_get(urls["pulso-de-valles"] + "/rss.xml")[2])
    assert any("utm_source=" in e.link for e in pulso.entries)
    atom = feedparser.parse(_get(urls["huasteca-hoy"] + "/atom.xml")[2])
    assert atom.version == "atom10" and atom.entries[0].link.startswith(urls["huasteca-hoy"])
    correo = feedparser.parse(_get(urls["correo-de-la-sierra"] + "/rss.xml")[2])
    assert not correo.bozo and any("ñ" in e.summary or "á" in e.summary for e in correo.entries)
    sitemap = _get(urls["voz-del-moctezuma"] + "/sitemap.xml")[2].decode()
    assert sitemap.count("<news:publication_date>") == len(mundo.notas_de("voz-del-moctezuma"))
    assert f"<loc>{urls['voz-del-moctezuma']}/nota/" in sitemap


def test_seccion_con_enlaces_que_cumplen_el_patron(mundo: Mundo, urls: dict[str, str]) -> None:
    """La página de sección lista notas cuyo enlace cumple el patrón de la fuente."""
    html = _get(urls["enlace-huasteco"] + "/seccion/municipios/")[2].decode()
    patron = re.compile(patron_de_ruta(str(mundo.medio("enlace-huasteco").dato("ruta"))))
    enlaces = re.findall(r'href="([^"]+)"', html)
    notas = [e for e in enlaces if patron.search(e)]
    assert notas and len(notas) < len(enlaces)
    assert all(_get(urls["enlace-huasteco"] + e)[0] == 200 for e in notas[:3])


def test_get_condicional_gzip_robots_y_404(mundo: Mundo, urls: dict[str, str]) -> None:
    """304 con If-None-Match y con If-Modified-Since; gzip a pedido; robots y 404 limpios."""
    url = urls["pulso-de-valles"] + "/rss.xml"
    estado, cabeceras, _ = _get(url)
    assert estado == 200 and cabeceras["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert _get(url, If_None_Match=cabeceras["ETag"])[0] == 304
    assert _get(url, If_None_Match='"otra"')[0] == 200
    assert _get(url, If_Modified_Since=cabeceras["Last-Modified"])[0] == 304
    estado, comprimido, cuerpo = _get(url, Accept_Encoding="gzip")
    assert comprimido.get("Content-Encoding") == "gzip" and b"<rss" in gzip.decompress(cuerpo)
    robots = _get(urls["voz-del-moctezuma"] + "/robots.txt")[2].decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://127.0.0." in robots
    assert _get(urls["pulso-de-valles"] + "/no-existe.html")[0] == 404
    assert _get(urls["pulso-de-valles"] + "/admin/")[0] == 404
    assert _get(urls["pulso-de-valles"] + "/../../etc/passwd")[0] == 404


def test_medio_latin1_sin_charset(mundo: Mundo, urls: dict[str, str]) -> None:
    """El Correo de la Sierra sirve ISO-8859-1 sin charset en la cabecera ni en <meta>."""
    nota = next(
        n for n in mundo.notas_de("correo-de-la-sierra") if "ñ" in n.texto or "á" in n.texto
    )
    estado, cabeceras, cuerpo = _get(urls["correo-de-la-sierra"] + nota.ruta)
    assert estado == 200 and cabeceras["Content-Type"] == "text/html"
    assert b"charset" not in cuerpo.lower()
    with pytest.raises(UnicodeDecodeError):
        cuerpo.decode("utf-8")
    texto = cuerpo.decode("latin-1")
    assert "Tampacán" in texto or "á" in texto
    assert nota.titulo.replace("“", "&#8220;")[:20] in texto or nota.titulo[:20] in texto


def test_edicion_impresa_pdf(mundo: Mundo, urls: dict[str, str]) -> None:
    """Cinco ediciones en /impreso/, cada PDF con tres páginas de notas y una de opinión."""
    base = urls["heraldo-huasteco"]
    indice = _get(base + "/impreso/")[2].decode()
    impresas = mundo.notas_de("heraldo-huasteco", "impreso")
    dias = sorted({n.fecha.date() for n in impresas})
    assert len(dias) >= 5 and all(f"/impreso/{d.isoformat()}.pdf" in indice for d in dias)
    assert any(n.verdad for n in impresas)
    estado, cabeceras, cuerpo = _get(base + f"/impreso/{dias[-1].isoformat()}.pdf")
    assert estado == 200 and cabeceras["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(cuerpo)) as pdf:
        assert len(pdf.pages) == 4
        textos = [p.extract_text() or "" for p in pdf.pages]
    for n in (n for n in impresas if n.fecha.date() == dias[-1]):
        assert n.titulo.split()[0] in textos[(n.pagina or 1) - 1]
    assert "HERALDO HUASTECO" in textos[0]
    assert "OPINIÓN" in textos[3] and "columnista" in textos[3]


# --- Carga en la base --------------------------------------------------------------------------


def _contar(sesion: Session, modelo: type[Base]) -> int:
    """Filas de una tabla."""
    return int(sesion.scalar(select(func.count()).select_from(modelo)) or 0)


def test_cargar_inserta_lo_esperado(sesion: Session, mundo: Mundo, urls: dict[str, str]) -> None:
    """cargar inserta medios, fuentes con URLs reales, oficina, vigilancia y notas no web."""
    cargar(sesion, mundo, urls)
    sesion.flush()
    assert _contar(sesion, Medio) == len(mundo.medios)
    assert _contar(sesion, Contacto) == sum(len(m.contactos) for m in mundo.medios)
    tipos = Counter(f.tipo for f in sesion.scalars(select(Fuente)))
    assert {
        TipoFuente.RSS,
        TipoFuente.SITEMAP,
        TipoFuente.SECCION,
        TipoFuente.PDF,
        TipoFuente.FACEBOOK,
    } <= set(tipos)
    seccion = sesion.scalars(select(Fuente).where(Fuente.tipo == TipoFuente.SECCION)).first()
    assert seccion and seccion.url.startswith(urls["enlace-huasteco"]) and seccion.patron_enlaces
    boletines = list(sesion.scalars(select(Boletin)))
    assert len(boletines) == len(mundo.boletines)
    assert all(b.estado == EstadoBoletin.ENVIADO for b in boletines)
    assert sum(1 for b in boletines if b.evento_id) >= 5
    assert _contar(sesion, Evento) == len(mundo.eventos)
    assert _contar(sesion, Invitacion) == sum(len(e.invitaciones) for e in mundo.eventos)
    destinatarios = sum(1 for m in mundo.medios for c in m.contactos if c.recibe_boletines)
    envios_boletin = sesion.scalar(
        select(func.count()).select_from(Envio).where(Envio.tipo == TipoEnvio.BOLETIN)
    )
    assert envios_boletin == len(mundo.boletines) * destinatarios
    for c in sesion.scalars(select(Convenio)):
        assert c.iva == (c.monto_sin_iva * 16 / 100).quantize(c.iva) and c.notas_mes > 0
    vigilancia = tomllib.loads(ruta_vigilancia().read_text("utf-8"))["termino"]
    assert _contar(sesion, TerminoVigilado) == len(vigilancia)
    notas = list(sesion.scalars(select(Nota)))
    assert len(notas) == sum(
        1 for n in mundo.notas if n.canal in ("radio", "television", "facebook")
    )
    assert {n.tipo_captura for n in notas} == {
        TipoCaptura.RADIO,
        TipoCaptura.TELEVISION,
        TipoCaptura.RED_SOCIAL,
    }
    assert all(n.hash_contenido == hashlib.sha256(n.texto.encode()).hexdigest() for n in notas)
    assert any(n.url_canonica.startswith("urn:monitoreo:radio:estereo-huasteca:") for n in notas)


def _volcado(motor_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Contenido de todas las tablas, sin las marcas de tiempo de inserción."""
    motor = crear_motor(motor_url)
    volcado = {}
    with motor.connect() as c:
        for tabla in Base.metadata.sorted_tables:
            columnas = [
                col for col in tabla.columns if col.name not in ("creado_en", "actualizado_en")
            ]
            volcado[tabla.name] = [
                tuple(f) for f in c.execute(select(*columnas).order_by(*tabla.primary_key))
            ]
    motor.dispose()
    return volcado


def test_cargar_dos_veces_da_lo_mismo(
    _plantilla_sqlite: Path, tmp_path: Path, urls: dict[str, str]
) -> None:
    """Cargar el mismo mundo en dos bases nuevas produce exactamente las mismas filas."""
    volcados = []
    for k in range(2):
        ruta = tmp_path / f"base{k}.sqlite3"
        shutil.copyfile(_plantilla_sqlite, ruta)
        motor = crear_motor(f"sqlite:///{ruta}")
        actualizar(motor)
        with Session(motor) as s:
            cargar(s, construir(HOY), urls)
            s.commit()
        motor.dispose()
        volcados.append(_volcado(f"sqlite:///{ruta}"))
    assert volcados[0] == volcados[1]
    assert len(volcados[0]["envio"]) > 500


# --- Banco de fotos ----------------------------------------------------------------------------

# Tope por foto de la demo: pequeñas para que el respaldo y el correo de la demo sean ligeros.
PESO_MAXIMO_FOTO = 60 * 1024


def test_fotos_deterministas_pequenas_y_con_exif(mundo: Mundo) -> None:
    """Ocho JPEG distintos, iguales en cada corrida, < 60 KB, con fecha y autor en el EXIF."""
    fotos = fotos_del_mundo(mundo)
    assert len(fotos) == 8
    assert [f.contenido for f in fotos] == [f.contenido for f in fotos_del_mundo(mundo)]
    hashes = []
    for foto in fotos:
        assert foto.contenido.startswith(b"\xff\xd8\xff") and len(foto.contenido) < PESO_MAXIMO_FOTO
        imagen = abrir_imagen(foto.contenido)
        exif = leer_exif(imagen)
        assert exif.fecha == foto.tomada and exif.autor == foto.autor
        assert foto.tomada < foto.boletin.fecha
        hashes.append(hash_perceptual(imagen))
    assert min(distancia(a, b) for k, a in enumerate(hashes) for b in hashes[k + 1 :]) > 8


def test_subir_fotos_al_banco_y_adjuntarlas(
    sesion: Session, mundo: Mundo, urls: dict[str, str]
) -> None:
    """Las fotos quedan en el banco con EXIF, etiquetas y evento, adjuntas a su boletín."""
    cargar(sesion, mundo, urls)
    recursos = subir_fotos(sesion, mundo)
    assert len(recursos) == 8 and len({r.sha256 for r in recursos}) == 8
    for r in recursos:
        assert ruta_de(r).is_file() and r.miniatura and r.fecha_toma and r.autor
        assert r.etiquetas and "demostración" in r.etiquetas
    adjuntos = [b for b in sesion.scalars(select(Boletin)) if b.recursos]
    assert len(adjuntos) == 8
    assert all(b.recursos[0].evento_id == b.evento_id for b in adjuntos)
    assert any(b.evento_id for b in adjuntos)
    assert subir_fotos(sesion, mundo) == recursos  # repetir no duplica
