"""Una cifra, un valor: tablero (AppTest), PDFs (texto extraído) y `metricas --json` coinciden.

Misma base sembrada, mismo periodo: cada KPI se lee de la pantalla, del PDF y del JSON, se pasa al
mismo formato es-MX y se compara. Si alguien vuelve a calcular una cifra por su cuenta, falla.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import Rol
from reportes import formato
from reportes.boletin import generar_reporte_boletin
from reportes.mensual import generar_mensual
from reportes.sintesis import generar_sintesis
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests.fabricas import Semilla, en_base, sembrar
from tests.test_cli import correr

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
ESPERA_S = 60
# Noviembre de 2026 completo: los tres boletines del periodo, seis notas y un boletín de octubre.
AHORA = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
DESDE, HASTA = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
# Tamaño de letra de los números grandes de las cajas de indicadores del PDF.
LETRA_VALOR = 15

pytestmark = [pytest.mark.usefixtures("cache_limpio"), pytest.mark.lento]


@pytest.fixture
def base(sesion: Session) -> Semilla:
    """La semilla de siempre, con «ahora» fijo en noviembre de 2026."""
    datos = sembrar(sesion, AHORA)
    sesion.commit()
    return datos


def _json(directorio: Path, url: str, *args: str) -> dict[str, Any]:
    """`monitoreo metricas ... --json` en un proceso aparte, contra la misma base."""
    r = correr(["metricas", *args, "--json"], directorio, MONITOREO_BD=url)
    assert r.returncode == 0, r.stderr
    datos: dict[str, Any] = json.loads(r.stdout)
    return datos


def _pagina(ruta: str, **fechas: dt.date) -> AppTest:
    """La página del tablero con sesión de la directora y el periodo dado."""
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, "directora", Rol.DIRECTORA))
    at.run()
    if ruta != "paginas/resumen.py":
        at.switch_page(ruta).run()
    for clave, fecha in fechas.items():
        at.date_input(key=clave).set_value(fecha).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _cajas_pdf(ruta: Path) -> dict[str, str]:
    """Cajas de indicadores del PDF: etiqueta → valor (el número grande encima de ella)."""
    cajas: dict[str, str] = {}
    with pdfplumber.open(ruta) as pdf:
        for pagina in pdf.pages:
            palabras = pagina.extract_words(extra_attrs=["size"], keep_blank_chars=True)
            valores = [p for p in palabras if round(p["size"]) == LETRA_VALOR]
            for valor in valores:
                centro = (valor["x0"] + valor["x1"]) / 2
                debajo = [
                    p
                    for p in palabras
                    if round(p["size"]) < LETRA_VALOR
                    and 0 < p["top"] - valor["bottom"] < 16
                    and abs((p["x0"] + p["x1"]) / 2 - centro) < 30
                ]
                etiqueta = " ".join(p["text"] for p in sorted(debajo, key=lambda p: p["top"]))
                cajas[etiqueta] = valor["text"]
    return cajas


def _texto_pdf(ruta: Path) -> str:
    """Todo el texto del PDF."""
    with pdfplumber.open(ruta) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _kpis(at: AppTest) -> dict[str, str]:
    """KPIs visibles: etiqueta → valor."""
    return {m.label: m.value for m in at.metric}


def test_el_mes_da_las_mismas_cifras_en_tablero_pdf_y_json(
    base: Semilla, url_bd: str, directorio_datos: Path, sesion: Session, tmp_path: Path
) -> None:
    cifras = _json(directorio_datos, url_bd, "--desde", str(DESDE), "--hasta", str(HASTA))
    assert set(cifras) == {
        "boletines",
        "boletines_retomados",
        "tasa_retoma",
        "notas",
        "latencia_mediana_horas",
        "fidelidad_media",
        "tono",
        "alcance",
    }
    assert cifras["boletines"] == 3 and cifras["notas"] == 6
    assert cifras["tono"] == {"positivo": 3, "neutral": 1, "negativo": 2}
    assert cifras["alcance"]["visitantes_mes"] == 120_000
    esperado = {
        "boletines": formato.numero(cifras["boletines"]),
        "retomados": formato.numero(cifras["boletines_retomados"]),
        "tasa": formato.porcentaje(cifras["tasa_retoma"]),
        "notas": formato.numero(cifras["notas"]),
        "latencia": formato.horas(cifras["latencia_mediana_horas"]),
        "fidelidad": formato.porcentaje(cifras["fidelidad_media"]),
        "alcance": formato.numero(cifras["alcance"]["visitantes_mes"]),
    }
    assert esperado["latencia"] == "17.5 h" and esperado["fidelidad"] == "67.5 %"

    pantalla = _kpis(_pagina("paginas/resumen.py", resumen_desde=DESDE, resumen_hasta=HASTA))
    assert {
        "boletines": pantalla["Boletines emitidos"],
        "retomados": pantalla["Boletines retomados"],
        "tasa": pantalla["Tasa de retoma"],
        "notas": pantalla["Notas publicadas"],
        "latencia": pantalla["Latencia mediana"],
        "fidelidad": pantalla["Fidelidad media"],
        "alcance": pantalla["Alcance potencial (visitas/mes)"],
    } == esperado
    negativas = cifras["tono"]["negativo"] / cifras["notas"]
    assert pantalla["Notas negativas"] == formato.porcentaje(negativas)

    pdf = generar_mensual(sesion, 2026, 11, tmp_path / "mensual.pdf")
    cajas = _cajas_pdf(pdf)
    assert {
        "boletines": cajas["boletines emitidos"],
        "retomados": cajas["boletines retomados"],
        "tasa": cajas["tasa de retoma"],
        "notas": cajas["notas del mes"],
        "latencia": cajas["latencia mediana"],
        "fidelidad": cajas["fidelidad media"],
        "alcance": cajas["alcance potencial: visitas/mes"],
    } == esperado
    texto = _texto_pdf(pdf)
    for tono, n in cifras["tono"].items():
        assert f"{tono} {formato.numero(n)}" in texto


def test_un_boletin_da_las_mismas_cifras_en_su_ficha_su_pdf_y_json(
    base: Semilla, url_bd: str, directorio_datos: Path, sesion: Session, tmp_path: Path
) -> None:
    folio = f"001/{AHORA.year}"
    cifras = _json(
        directorio_datos, url_bd, "--desde", str(DESDE), "--hasta", str(HASTA), "--boletin", folio
    )
    assert (cifras["boletines"], cifras["boletines_retomados"], cifras["notas"]) == (1, 1, 2)
    latencia = formato.horas(cifras["latencia_mediana_horas"])
    fidelidad = formato.porcentaje(cifras["fidelidad_media"])
    assert (latencia, fidelidad) == ("17.5 h", "67.5 %")

    at = _pagina("paginas/boletines.py", boletines_desde=DESDE, boletines_hasta=HASTA)
    at.selectbox(key="boletines_elegido").set_value(base.boletines["b1"]).run()
    pantalla = _kpis(at)
    assert (pantalla["Latencia mediana"], pantalla["Fidelidad media"]) == (latencia, fidelidad)
    assert pantalla["Notas que lo retoman"] == formato.numero(cifras["notas"])

    cajas = _cajas_pdf(generar_reporte_boletin(sesion, base.boletines["b1"], tmp_path / "b.pdf"))
    assert (cajas["latencia mediana"], cajas["fidelidad media"]) == (latencia, fidelidad)
    assert cajas["notas que lo retoman"] == pantalla["Notas que lo retoman"]
    assert cajas["tasa de retoma (de los que lo recibieron)"] == pantalla["Tasa de retoma"]


def test_un_medio_da_las_mismas_cifras_en_su_ficha_y_json(
    base: Semilla, url_bd: str, directorio_datos: Path
) -> None:
    medio = "El Sol de la Huasteca"
    cifras = _json(
        directorio_datos, url_bd, "--desde", str(DESDE), "--hasta", str(HASTA), "--medio", medio
    )
    # Le llegaron b1 y b2 (b0 es de octubre) y publicó b1: la tasa por medio de la página Medios.
    assert (cifras["boletines"], cifras["boletines_retomados"]) == (2, 1)
    at = _pagina("paginas/medios.py", medios_desde=DESDE, medios_hasta=HASTA)
    at.selectbox(key="medios_elegido").set_value(base.medios["sol"]).run()
    pantalla = _kpis(at)
    assert pantalla["Tasa de retoma"] == formato.porcentaje(cifras["tasa_retoma"])
    assert pantalla["Latencia mediana"] == formato.horas(cifras["latencia_mediana_horas"])
    assert pantalla["Fidelidad media"] == formato.porcentaje(cifras["fidelidad_media"])


def test_la_sintesis_del_dia_cuenta_como_metricas(
    base: Semilla, url_bd: str, directorio_datos: Path, sesion: Session, tmp_path: Path
) -> None:
    dia = dt.date(2026, 11, 18)
    cifras = _json(directorio_datos, url_bd, "--desde", str(dia), "--hasta", str(dia))
    cajas = _cajas_pdf(generar_sintesis(sesion, dia, "pdf", tmp_path / "s.pdf"))
    assert cajas["notas del día"] == formato.numero(cifras["notas"]) == "2"
    for tono, n in cifras["tono"].items():
        assert cajas[f"tono {tono}"] == formato.numero(n)


def test_metricas_con_folio_o_medio_inexistente_sale_con_codigo_2(
    url_bd: str, directorio_datos: Path
) -> None:
    r = correr(
        ["metricas", "--desde", "2026-11-01", "--hasta", "2026-11-30", "--medio", "Nadie"],
        directorio_datos,
        MONITOREO_BD=url_bd,
    )
    assert r.returncode == 2 and "no existe el medio" in r.stderr and "Traceback" not in r.stderr
    r = correr(
        ["metricas", "--desde", "2026-11-30", "--hasta", "2026-11-01", "--json"],
        directorio_datos,
        MONITOREO_BD=url_bd,
    )
    assert r.returncode == 2 and "anterior" in r.stderr


def _mes_anterior_y_siguiente(hoy: dt.date) -> tuple[dt.date, dt.date]:
    """Primer día del mes anterior y último del siguiente."""
    anterior = (hoy.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    siguiente = (hoy.replace(day=28) + dt.timedelta(days=10)).replace(day=1)
    ultimo = (siguiente.replace(day=28) + dt.timedelta(days=10)).replace(day=1)
    return anterior, ultimo - dt.timedelta(days=1)


@pytest.fixture
def convenio(sesion: Session) -> tuple[int, dt.date]:
    """Convenio del mes pasado al próximo: dos retomas, una crítica y una mención el mes pasado."""
    from datos.config import cargar
    from datos.modelos import Convenio, NivelRetoma, Tono
    from tests import fabricas

    zona = cargar().zona
    hoy = dt.datetime.now(zona).date()
    inicio, fin = _mes_anterior_y_siguiente(hoy)
    sol = fabricas.medio(sesion, "El Sol de la Huasteca", 120_000, fabricas.TipoMedio.DIGITAL)
    emision = dt.datetime.combine(inicio + dt.timedelta(days=8), dt.time(9), zona)
    b = fabricas.boletin(sesion, 1, emision, "Inaugura la red de agua", "agua")
    sesion.flush()
    for clave, tono in (("a", Tono.POSITIVO), ("b", Tono.NEUTRAL), ("queja", Tono.NEGATIVO)):
        nota = fabricas.nota(sesion, sol, clave, emision + dt.timedelta(hours=5), tono=tono)
        fabricas.retoma(sesion, nota, b, NivelRetoma.PARCIAL)
    fabricas.nota(sesion, sol, "mencion", emision + dt.timedelta(hours=6), tono=Tono.NEUTRAL)
    c = Convenio(
        medio=sol,
        numero="CS-007/2026",
        concepto="Difusión",
        monto_sin_iva=10_000,
        iva=1_600,
        monto_total=11_600,
        vigencia_inicio=inicio,
        vigencia_fin=fin,
        notas_mes=4,
    )
    sesion.add(c)
    sesion.commit()
    return c.id, inicio


def test_el_cumplimiento_de_convenio_es_el_mismo_en_pantalla_mensual_y_transparencia(
    convenio: tuple[int, dt.date], sesion: Session, tmp_path: Path, url_bd: str
) -> None:
    import openpyxl

    from reportes.transparencia import exportar_transparencia

    _, mes_pasado = convenio
    at = _pagina("paginas/convenios.py")
    pantalla = _kpis(at)
    # Entregables: las dos retomas; la queja (negativa) y la mención suelta no cuentan.
    assert pantalla["Notas entregadas"] == "2"
    assert pantalla["Meses que cumplen"] == "0 de 1 meses cerrados"
    meses = next(t.value for t in at.dataframe if "Estado" in t.value.columns)
    estados = meses["Estado"].tolist()
    assert estados[0] == "no cumple" and estados[1].startswith("en curso (0 de ")
    assert estados[2] == "pendiente"  # el mes que no ha empezado nunca es una falla
    assert meses["Entregadas"].tolist() == [2, 0, 0]

    pdf = generar_mensual(sesion, mes_pasado.year, mes_pasado.month, tmp_path / "m.pdf")
    renglon = next(
        linea for linea in _texto_pdf(pdf).splitlines() if linea.startswith("CS-007/2026")
    )
    assert "no cumple" in renglon and " 4 2 " in renglon and "50.0 %" in renglon
    assert meses["Cumplimiento"].iloc[0] == "50.0 %"

    salida = tmp_path / "transparencia.xlsx"
    exportar_transparencia(sesion, salida, mes_pasado, mes_pasado)
    hoja = openpyxl.load_workbook(salida)["Cumplimiento"]
    fila = [c.value for c in hoja[2]]
    assert fila[0] == "CS-007/2026" and fila[3:] == [4, 2, "50.0 %", "no cumple"]
