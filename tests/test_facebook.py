"""Facebook: exportación de Meta Business Suite (español e inglés) y captura asistida."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import Ambito, Medio, Nota, TipoCaptura, TipoMedio, TipoTestigo
from rastreadores.importadores.facebook import (
    ALIAS_FACEBOOK,
    METRICAS,
    capturar_publicacion,
    importar_exportacion_facebook,
)
from rastreadores.importadores.tabla import normalizar_encabezado
from tests.conftest import datos_compartidos

MX = ZoneInfo("America/Mexico_City")
ES = [
    "Identificador de la publicación",
    "Identificador de la página",
    "Nombre de la página",
    "Título",
    "Descripción",
    "Duración (segundos)",
    "Hora de publicación",
    "Enlace permanente",
    "Tipo de publicación",
    "Fecha",
    "Visualizaciones",
    "Alcance",
    "Reacciones, comentarios y veces que se compartió",
    "Reacciones",
    "Comentarios",
    "Veces que se compartió",
    "Total de clics",
]
EN = [
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Permalink",
    "Post type",
    "Date",
    "Views",
    "Reach",
    "Reactions, Comments and Shares",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
]


@pytest.fixture
def pagina(sesion: Session) -> Medio:
    """La página de Facebook de un medio con convenio."""
    medio = Medio(nombre="Huasteca Hoy", tipo=TipoMedio.RED_SOCIAL, ambito=Ambito.REGIONAL)
    sesion.add(medio)
    sesion.flush()
    return medio


def _fila(ident: str, texto: str, hora: str, alcance: int, reacciones: int) -> list[object]:
    enlace = f"https://www.facebook.com/huastecahoy/posts/{ident}?__cft__=abc"
    return [
        ident, "999", "Huasteca Hoy", "", texto, "0", hora, enlace, "Fotos", "Total",
        alcance * 2, alcance, reacciones + 7, reacciones, 5, 2, 40,
    ]  # fmt: skip


def _filas(factor: int = 1) -> list[list[object]]:
    return [
        _fila("1001", "Inaugura el Ayuntamiento la red de agua en Chiconamel", "25/11/2026 08:15",
              1200 * factor, 80 * factor),
        _fila("1002", "Jornada de salud en Tampacán\nConsulta gratuita", "25/11/2026 13:40",
              900 * factor, 31 * factor),
        _fila("1003", "Aviso: corte de agua el jueves", "26/11/2026 07:00",
              300 * factor, 4 * factor),
    ]  # fmt: skip


def _csv(ruta: Path, encabezados: list[str], filas: list[list[object]]) -> Path:
    with ruta.open("w", encoding="utf-8-sig", newline="") as salida:
        escritor = csv.writer(salida)
        escritor.writerow(encabezados)
        escritor.writerows(filas)
    return ruta


def _notas(sesion: Session) -> dict[str, Nota]:
    return {n.url_canonica.rsplit("/", 1)[-1]: n for n in sesion.scalars(select(Nota))}


def test_exportacion_en_espanol_y_reimportar_actualiza_metricas(
    sesion: Session, pagina: Medio, tmp_path: Path
) -> None:
    archivo = _csv(tmp_path / "export.csv", ES, _filas())
    resultado = importar_exportacion_facebook(sesion, archivo, medio="Huasteca Hoy")
    assert (resultado.guardadas, resultado.repetidas, resultado.errores) == (3, 0, [])
    notas = _notas(sesion)
    nota = notas["1001"]
    assert nota.tipo_captura is TipoCaptura.RED_SOCIAL
    assert nota.url_canonica == "https://www.facebook.com/huastecahoy/posts/1001"
    assert nota.url_original is not None and "__cft__" in nota.url_original
    assert nota.metricas == {
        "alcance": 1200,
        "visualizaciones": 2400,
        "reacciones": 80,
        "comentarios": 5,
        "compartidos": 2,
        "interacciones": 87,
        "clics": 40,
    }
    assert nota.fecha_publicacion == dt.datetime(2026, 11, 25, 8, 15, tzinfo=MX)
    assert notas["1002"].titulo == "Jornada de salud en Tampacán"
    _csv(archivo, ES, _filas(factor=2))
    otra = importar_exportacion_facebook(sesion, archivo, medio="Huasteca Hoy")
    assert (otra.guardadas, otra.repetidas, otra.errores) == (0, 3, [])
    assert sesion.scalar(select(func.count(Nota.id))) == 3
    sesion.expire_all()
    nota = _notas(sesion)["1001"]
    assert nota.metricas["alcance"] == 2400
    assert nota.metricas["reacciones"] == 160
    assert nota.version == 1


def test_exportacion_excel_en_ingles_fecha_mes_primero(
    sesion: Session, pagina: Medio, tmp_path: Path
) -> None:
    libro = openpyxl.Workbook()
    hoja = libro.active
    assert hoja is not None
    hoja.append(EN)
    fila = _fila("2001", "Mayor opens water network", "11/05/2026 18:30", 5000, 300)
    fila[3] = "Water for Chiconamel"
    hoja.append(fila)
    archivo = tmp_path / "export.xlsx"
    libro.save(archivo)
    resultado = importar_exportacion_facebook(sesion, archivo, medio="huasteca hoy")
    assert (resultado.guardadas, resultado.errores) == (1, [])
    nota = _notas(sesion)["2001"]
    assert nota.titulo == "Water for Chiconamel"
    assert nota.texto == "Mayor opens water network"
    assert nota.fecha_publicacion == dt.datetime(2026, 11, 5, 18, 30, tzinfo=MX)
    assert nota.metricas["alcance"] == 5000


def test_renglones_por_dia_y_total(sesion: Session, pagina: Medio, tmp_path: Path) -> None:
    dia1 = _fila("3001", "Feria del café", "24/11/2026 09:00", 100, 10)
    dia2 = _fila("3001", "Feria del café", "24/11/2026 09:00", 150, 20)
    dia1[9], dia2[9] = "24/11/2026", "25/11/2026"
    sin_total = [
        _fila("3002", "Desfile", "24/11/2026 10:00", 70, 3),
        _fila("3002", "Desfile", "24/11/2026 10:00", 50, 4),
    ]
    sin_total[0][9], sin_total[1][9] = "24/11/2026", "25/11/2026"
    total = _fila("3001", "Feria del café", "24/11/2026 09:00", 220, 30)
    archivo = _csv(tmp_path / "diario.csv", ES, [dia1, dia2, total, *sin_total])
    resultado = importar_exportacion_facebook(sesion, archivo, medio="Huasteca Hoy")
    assert (resultado.guardadas, resultado.errores) == (2, [])
    notas = _notas(sesion)
    assert notas["3001"].metricas["alcance"] == 220  # el renglón Total
    assert notas["3002"].metricas["alcance"] == 70  # alcance: máximo diario
    assert notas["3002"].metricas["reacciones"] == 7  # reacciones: suma


def test_filas_malas_con_su_linea(sesion: Session, pagina: Medio, tmp_path: Path) -> None:
    buena = _fila("4001", "Buena", "25/11/2026 08:00", 10, 1)
    numero_malo = _fila("4002", "Mala", "25/11/2026 08:00", 10, 1)
    numero_malo[11] = "mucho"
    sin_llave = _fila("", "Sin id", "25/11/2026 08:00", 10, 1)
    sin_llave[7] = ""
    fecha_mala = _fila("4003", "Fecha", "ayer en la tarde", 10, 1)
    archivo = _csv(tmp_path / "malas.csv", ES, [buena, numero_malo, sin_llave, fecha_mala])
    resultado = importar_exportacion_facebook(sesion, archivo, medio="Huasteca Hoy")
    assert resultado.guardadas == 1
    assert [linea for linea, _ in resultado.errores] == [3, 4, 5]
    assert "alcance: número inválido" in resultado.errores[0][1]
    assert "fecha inválida" in resultado.errores[2][1]


def test_medio_inexistente_y_archivo_ajeno(sesion: Session, pagina: Medio, tmp_path: Path) -> None:
    archivo = _csv(tmp_path / "x.csv", ["a", "b"], [[1, 2]])
    with pytest.raises(ValueError, match="no existe el medio"):
        importar_exportacion_facebook(sesion, archivo, medio="Otra Página")
    with pytest.raises(ValueError, match="no parece una exportación de Meta Business Suite"):
        importar_exportacion_facebook(sesion, archivo, medio="Huasteca Hoy")


def test_columnas_de_la_exportacion_real_se_reconocen() -> None:
    ruta = datos_compartidos("facebook", "meta_business_suite_post_export_columns.csv")
    with ruta.open(encoding="utf-8") as entrada:
        filas = list(csv.DictReader(entrada))
    reales = {normalizar_encabezado(f["column"]) for f in filas}
    for encabezado in (*ES, *EN):  # las columnas de estas pruebas existen de verdad
        assert normalizar_encabezado(encabezado) in reales, encabezado
    conocidas = {normalizar_encabezado(a) for alias in ALIAS_FACEBOOK.values() for a in alias}
    conocidas |= {normalizar_encabezado(a) for alias in METRICAS.values() for a in alias}
    # Toda columna en español cuyo equivalente en inglés leemos también se lee en español.
    for fila in filas:
        if fila["language"] == "es" and normalizar_encabezado(fila["equivalent_en"]) in conocidas:
            assert normalizar_encabezado(fila["column"]) in conocidas, fila["column"]


def _png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (320, 200), "white").save(salida, format="PNG")
    return salida.getvalue()


def test_captura_asistida(sesion: Session, pagina: Medio, tmp_path: Path) -> None:
    captura = tmp_path / "pantalla.png"
    captura.write_bytes(_png())
    url = "https://www.facebook.com/huastecahoy/posts/5001?__tn__=R"
    nota_id = capturar_publicacion(
        sesion,
        medio="Huasteca Hoy",
        url=url,
        texto="El Ayuntamiento de Tampacán entregó despensas\nMás texto",
        fecha=dt.datetime(2026, 11, 25, 9, tzinfo=MX),
        captura=captura,
    )
    nota = sesion.get_one(Nota, nota_id)
    assert nota.url_canonica == "https://www.facebook.com/huastecahoy/posts/5001"
    assert nota.titulo == "El Ayuntamiento de Tampacán entregó despensas"
    (testigo,) = nota.testigos
    assert testigo.tipo is TipoTestigo.CAPTURA
    assert testigo.tipo_mime == "image/png"
    mismo = capturar_publicacion(sesion, medio="Huasteca Hoy", url=url, texto="Texto editado")
    assert mismo == nota_id
    assert nota.version == 2
    # Luego llega la exportación con la misma publicación: sólo actualiza métricas.
    archivo = _csv(tmp_path / "e.csv", ES, [_fila("5001", "Texto editado", "", 10, 1)])
    resultado = importar_exportacion_facebook(sesion, archivo, medio="Huasteca Hoy")
    assert (resultado.guardadas, resultado.repetidas) == (0, 1)
    assert sesion.scalar(select(func.count(Nota.id))) == 1
    assert nota.metricas["alcance"] == 10


@pytest.mark.parametrize(
    ("url", "texto", "fecha", "motivo"),
    [
        ("ftp://facebook.com/p/1", "x", None, "http"),
        ("javascript:alert(1)", "x", None, "http"),
        ("https://facebook.com/p/1", "   ", None, "no tiene texto"),
        ("https://facebook.com/p/1", "x", dt.datetime(2026, 11, 25), "zona horaria"),
    ],
)
def test_captura_asistida_invalida(
    sesion: Session, pagina: Medio, url: str, texto: str, fecha: dt.datetime | None, motivo: str
) -> None:
    with pytest.raises(ValueError, match=motivo):
        capturar_publicacion(sesion, medio="Huasteca Hoy", url=url, texto=texto, fecha=fecha)
    assert sesion.scalar(select(func.count(Nota.id))) == 0


def test_captura_asistida_rechaza_captura_falsa(
    sesion: Session, pagina: Medio, tmp_path: Path
) -> None:
    falsa = tmp_path / "pantalla.png"
    falsa.write_text("<script>no soy imagen</script>", encoding="utf-8")
    with pytest.raises(ValueError, match="es en realidad texto"):
        capturar_publicacion(
            sesion, medio="Huasteca Hoy", url="https://facebook.com/p/9", texto="x", captura=falsa
        )
