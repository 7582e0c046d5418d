"""`monitoreo evaluar extraccion`: los cuatro formatos de páginas con oro y la comparación."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from rastreadores.evaluacion import (
    Evaluacion,
    cargar_conjunto,
    como_dict,
    evaluar_carpeta,
    filas,
    texto_de_html,
)
from tests.conftest import datos_compartidos
from tests.test_cli import afirmar_error_de_una_linea, correr

PARRAFOS = [
    "El cabildo de Tampacán aprobó por unanimidad el programa de bacheo para las calles de la "
    "cabecera municipal, con una inversión de dos millones de pesos del fondo de aportaciones.",
    "La presidenta municipal explicó que los trabajos comenzarán el lunes en la colonia Centro y "
    "seguirán por Xolol y Tancuime, donde los vecinos llevaban meses pidiendo la reparación.",
    "El director de Obras Públicas informó que las cuadrillas trabajarán de noche para no cerrar "
    "el paso a los camiones que llevan la cosecha de naranja a los mercados de la región.",
    "Los comerciantes del mercado municipal celebraron la noticia y pidieron que también se "
    "arregle el drenaje de la calle Hidalgo antes de que empiece la temporada de lluvias.",
]


def _pagina(titulo: str, fecha: str) -> str:
    """Página de nota escrita por el equipo: menú, barra de relacionadas, cuerpo y pie."""
    cuerpo = "".join(f"<p>{p}</p>" for p in PARRAFOS)
    return (
        f'<html lang="es"><head><title>{titulo} | Diario Huasteco</title>'
        '<meta property="og:site_name" content="Diario Huasteco">'
        f'<meta property="article:published_time" content="{fecha}T09:30:00-06:00"></head>'
        '<body><nav><a href="/">Inicio</a> <a href="/politica">Política</a></nav>'
        f"<article><h1>{titulo}</h1>{cuerpo}</article>"
        '<aside><h3>Lo más leído</h3><a href="/x">Choque en la carretera federal</a></aside>'
        "<footer>© 2026 Diario Huasteco</footer></body></html>"
    )


PAGINAS = [
    ("bacheo", "Aprueban programa de bacheo en Tampacán", "2026-11-20"),
    ("mercado", "Comerciantes piden arreglar el drenaje", "2026-11-21"),
]


def _gz(ruta: Path, contenido: str) -> None:
    """Escribe el texto comprimido con gzip."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_bytes(gzip.compress(contenido.encode("utf-8")))


def _trafilatura(carpeta: Path) -> Path:
    """Formato de trafilatura: gold.json con fragmentos y html/<file>.gz."""
    oro = {}
    for nombre, titulo, fecha in PAGINAS:
        _gz(carpeta / "html" / f"{nombre}.html.gz", _pagina(titulo, fecha))
        oro[f"https://diario.mx/{nombre}"] = {
            "file": f"{nombre}.html",
            "with": [PARRAFOS[0][:60], PARRAFOS[3][-60:]],
            "without": ["Choque en la carretera federal", "© 2026 Diario Huasteco"],
            "title": titulo,
            "date": fecha,
        }
    (carpeta / "gold.json").write_text(json.dumps(oro), "utf-8")
    return carpeta


def _zyte(carpeta: Path) -> Path:
    """Formato de Zyte: ground-truth.json con articleBody y html/<id>.html.gz."""
    oro = {}
    for nombre, titulo, fecha in PAGINAS:
        _gz(carpeta / "html" / f"{nombre}.html.gz", _pagina(titulo, fecha))
        oro[nombre] = {"articleBody": "\n\n".join(PARRAFOS), "url": f"https://diario.mx/{nombre}"}
    (carpeta / "ground-truth.json").write_text(json.dumps(oro), "utf-8")
    return carpeta


def _fundus(carpeta: Path) -> Path:
    """Formato de fundus: gold.jsonl con archivo, url, titulo, fecha y texto."""
    lineas = []
    for nombre, titulo, fecha in PAGINAS:
        _gz(carpeta / "html" / f"{nombre}.html.gz", _pagina(titulo, fecha))
        registro = {
            "archivo": f"{nombre}.html.gz",
            "url": f"https://diario.mx/{nombre}",
            "titulo": titulo,
            "fecha": f"{fecha} 15:30:00+00:00",
            "texto": "\n".join(PARRAFOS),
        }
        lineas.append(json.dumps(registro, ensure_ascii=False))
    (carpeta / "gold.jsonl").write_text("\n".join(lineas) + "\n", "utf-8")
    return carpeta


def _readability(carpeta: Path) -> Path:
    """Formato de Readability: <caso>/source.html, expected.html y expected-metadata.json."""
    for nombre, titulo, fecha in PAGINAS:
        caso = carpeta / nombre
        _gz(caso / "source.html.gz", _pagina(titulo, fecha))
        (caso / "expected.html").write_text("".join(f"<p>{p}</p>" for p in PARRAFOS), "utf-8")
        metadatos = {"title": titulo, "publishedTime": f"{fecha}T09:30:00-06:00"}
        (caso / "expected-metadata.json").write_text(json.dumps(metadatos), "utf-8")
    return carpeta


FORMATOS = {
    "trafilatura": _trafilatura,
    "zyte": _zyte,
    "fundus": _fundus,
    "readability": _readability,
}


@pytest.mark.parametrize("formato", sorted(FORMATOS))
def test_cuatro_formatos(tmp_path: Path, formato: str) -> None:
    """Cada formato se reconoce y se mide; en páginas limpias monitoreo acierta todo."""
    carpeta = FORMATOS[formato](tmp_path / formato)
    ev = evaluar_carpeta(carpeta)
    assert ev.conjunto.formato == formato and len(ev.conjunto.casos) == 2
    assert set(ev.medidas) == {"monitoreo", "trafilatura + htmldate"}
    nuestro = ev.medidas["monitoreo"]
    assert nuestro.f1 >= 0.95
    if formato != "zyte":  # Zyte no trae título ni fecha en su oro
        assert (nuestro.titulos_exactos, nuestro.titulos) == (2, 2)
        assert (nuestro.fechas_exactas, nuestro.fechas, nuestro.sin_fecha) == (2, 2, 0)
    for campo in ("f1", "titulo", "fecha"):
        assert getattr(nuestro, campo) >= getattr(ev.medidas["trafilatura + htmldate"], campo)
    assert [f[0] for f in filas(ev)][2] == "cuerpo: F1"
    assert como_dict(ev)["paginas"] == 2


def test_texto_de_html_separa_bloques() -> None:
    """Dos párrafos pegados no funden sus palabras."""
    assert texto_de_html(b"<p>uno</p><p>dos</p>").split() == ["uno", "dos"]


@pytest.mark.parametrize(
    ("preparar", "fragmento"),
    [
        (lambda c: None, "no existe la carpeta"),
        (lambda c: c.mkdir(), "no es un conjunto de páginas conocido"),
        (
            lambda c: (c.mkdir(), (c / "gold.jsonl").write_text("{no es json\n", "utf-8")),
            "línea 1",
        ),
        (
            lambda c: (c.mkdir(), (c / "gold.json").write_text('{"k": {"file": "x"}}', "utf-8")),
            "falta el archivo",
        ),
    ],
)
def test_carpeta_invalida_es_error_de_una_linea(
    tmp_path: Path, preparar: object, fragmento: str
) -> None:
    """Carpeta inexistente, desconocida o con oro roto: una línea en español y código 2."""
    carpeta = tmp_path / "paginas"
    assert callable(preparar)
    preparar(carpeta)
    r = correr(["evaluar", "extraccion", str(carpeta)], tmp_path)
    afirmar_error_de_una_linea(r, fragmento)


def test_cli_json(tmp_path: Path) -> None:
    """--json imprime las medidas de los dos extractores."""
    carpeta = _fundus(tmp_path / "fundus")
    r = correr(["evaluar", "extraccion", str(carpeta), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    datos = json.loads(r.stdout)
    assert datos["formato"] == "fundus" and datos["paginas"] == 2
    assert set(datos["extractores"]["monitoreo"]) == {"cuerpo", "titulo", "fecha"}


def _no_pierde(ev: Evaluacion) -> None:
    """monitoreo no queda por debajo de la biblioteca en cuerpo, título ni fecha."""
    nuestro, suyo = ev.medidas["monitoreo"], ev.medidas["trafilatura + htmldate"]
    for campo in ("f1", "titulo", "fecha"):
        assert getattr(nuestro, campo) >= getattr(suyo, campo), campo
    assert nuestro.sin_fecha <= suyo.sin_fecha


@pytest.mark.parametrize("conjunto", ["trafilatura_es", "readability_otros"])
def test_compartidas_nunca_peor_que_la_biblioteca(conjunto: str) -> None:
    """En páginas reales de terceros, monitoreo iguala o supera a trafilatura + htmldate."""
    _no_pierde(evaluar_carpeta(datos_compartidos("paginas", conjunto)))


def test_cargar_conjunto_compartido_fundus() -> None:
    """Las 250 páginas de fundus se leen con título, fecha y cuerpo."""
    conjunto = cargar_conjunto(datos_compartidos("paginas", "fundus_otros"))
    assert len(conjunto.casos) == 250
    assert all(c.titulo and c.fecha and c.cuerpo for c in conjunto.casos)
