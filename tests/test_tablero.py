"""Tablero con AppTest: cada página con base vacía y con datos, filtros y texto escapado."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import EstadoEnvio, Medio, NivelRetoma, Rol, Tono
from datos.repositorio.usuarios import crear_usuario
from tablero import app, componentes
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tablero.componentes import graficas, idioma
from tests import fabricas
from tests.fabricas import TITULO_PELIGROSO, Semilla, en_base

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
PAGINAS = ["paginas/resumen.py", "paginas/boletines.py", "paginas/medios.py", "paginas/notas.py"]
# Holgado: la máquina de pruebas es compartida y el primer render importa Altair y pandas.
ESPERA_S = 60


pytestmark = pytest.mark.usefixtures("cache_limpio")


def _con_sesion(at: AppTest, rol: Rol = Rol.DIRECTORA) -> AppTest:
    """La prueba entra como si ya hubiera iniciado sesión."""
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, "directora", rol))
    return at


def _pagina(ruta: str) -> AppTest:
    """Abre el tablero y cambia a la página dada."""
    at = _con_sesion(AppTest.from_file(APP, default_timeout=ESPERA_S)).run()
    if ruta != PAGINAS[0]:
        at.switch_page(ruta).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _textos_de_tablas(at: AppTest) -> str:
    """Todo el texto de las tablas de la página."""
    return "\n".join(t.value.to_string() for t in at.dataframe)


def _metricas(at: AppTest) -> dict[str, str]:
    """KPIs visibles: etiqueta → valor."""
    return {m.label: m.value for m in at.metric}


def test_app_enruta_todas_las_paginas() -> None:
    assert [p.archivo for p in app.PAGINAS][:4] == PAGINAS
    grupos = app.secciones(app.PAGINAS)
    assert sum(len(p) for p in grupos.values()) == len(app.PAGINAS)


@pytest.mark.parametrize("ruta", PAGINAS)
def test_paginas_con_base_vacia_dicen_que_hacer(url_bd: str, ruta: str) -> None:
    at = _pagina(ruta)
    assert not at.error
    avisos = " ".join(i.value for i in at.info)
    assert "amplía las fechas" in avisos or "monitoreo demo" in avisos
    assert not at.dataframe and not at.metric


def test_base_sin_inicializar_muestra_error_claro(
    directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datos import config

    monkeypatch.setenv("MONITOREO_BD", f"sqlite:///{directorio_datos / 'nueva.sqlite3'}")
    config.recargar()
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = UsuarioActivo(1, "directora", Rol.DIRECTORA)
    at.run()
    assert not at.exception
    assert "monitoreo inicializar" in at.error[0].value


def test_resumen_con_datos(semilla: Semilla) -> None:
    at = _pagina(PAGINAS[0])
    kpis = _metricas(at)
    assert kpis["Boletines emitidos"] == "3"
    assert kpis["Boletines retomados"] == "1"
    assert kpis["Tasa de retoma"] == "33.3 %"
    assert kpis["Notas publicadas"] == "6"
    assert kpis["Alcance potencial (visitas/mes)"] == "120,000"
    # Cada unidad aparte, con su fuente y la fecha del dato; nunca una suma de unidades.
    alcance = " ".join(c.value for c in at.caption)
    assert "120,000 visitas/mes (1 medio; Declaración del medio" in alcance
    assert "15 de enero de 2026" in alcance
    assert kpis["Latencia mediana"] == "17.5 h"
    # 6 notas: 3 positivas, 1 neutral, 2 negativas (una por tono confirmado).
    assert kpis["Notas negativas"] == "33.3 %"
    tablas = _textos_de_tablas(at)
    assert "Falta de agua en la cabecera" in tablas and "Quejas por inseguridad" in tablas
    assert "El Sol de la Huasteca" in tablas
    # La audiencia de «lo que importa hoy» lleva su unidad: nunca un número suelto.
    assert "120,000 visitas/mes" in tablas
    assert len(at.get("vega_lite_chart")) == 2


def test_resumen_cambia_con_el_periodo(semilla: Semilla) -> None:
    at = _pagina(PAGINAS[0])
    assert _metricas(at)["Boletines emitidos"] == "3"
    hoy = componentes.hoy()
    at.date_input(key="resumen_desde").set_value(hoy - dt.timedelta(days=59)).run()
    kpis = _metricas(at)
    assert kpis["Boletines emitidos"] == "4"
    assert kpis["Notas publicadas"] == "7"
    at.date_input(key="resumen_desde").set_value(hoy - dt.timedelta(days=1)).run()
    kpis = _metricas(at)
    # Quedan n4 (hace 24 h) y, según la hora local, n2 (hace 42 h); ningún boletín.
    assert kpis["Boletines emitidos"] == "0"
    assert kpis["Notas publicadas"] in {"1", "2"}
    assert kpis["Tasa de retoma"] == "—"


def test_boletines_con_datos_y_matriz(semilla: Semilla) -> None:
    at = _pagina(PAGINAS[1])
    tablas = _textos_de_tablas(at)
    assert "001/" in tablas and "002/" in tablas
    matriz = at.dataframe[1].value
    assert set(matriz["Medio"]) == {"El Sol de la Huasteca", "Radio Tampacán", "Pulso Regional"}
    fila = matriz.set_index("Medio").loc["Radio Tampacán"]
    assert (fila["Publicó"], fila["Envío"]) == ("No", "confirmado")
    sol = matriz.set_index("Medio").loc["El Sol de la Huasteca"]
    assert sol["Nivel"] == "íntegra" and sol["Testigo"] == "sí (ábrelo abajo)"
    assert sol["Enlace"].startswith("https://")
    assert _metricas(at)["Tasa de retoma"] == "50.0 %"
    # Cada medio que publicó tiene su botón de testigo bajo la matriz.
    assert [b.label for b in at.button if b.label.startswith("Testigo")] == [
        "Testigo · El Sol de la Huasteca",
        "Testigo · Pulso Regional",
    ]
    cuerpos = [h.value for h in at.get("html")]
    assert any("<mark>" in c for c in cuerpos)
    assert any("&lt;b&gt;municipal&lt;/b&gt;" in c for c in cuerpos)


def test_boletin_enviado_sin_retomas_validas(semilla: Semilla) -> None:
    at = _pagina(PAGINAS[1])
    at.selectbox(key="boletines_elegido").set_value(semilla.boletines["b2"]).run()
    assert not at.exception
    matriz = at.dataframe[1].value.set_index("Medio")
    # La única retoma de b2 fue rechazada: nadie lo publicó; el envío fallido se ve como tal.
    assert set(matriz["Publicó"]) == {"No"}
    assert matriz.loc["Pulso Regional", "Envío"] == "fallido"
    kpis = _metricas(at)
    assert (kpis["Medios que lo recibieron"], kpis["Medios que lo publicaron"]) == ("1", "0")
    assert kpis["Tasa de retoma"] == "0.0 %"


def test_boletin_con_script_en_el_titular_se_muestra_escapado(semilla: Semilla) -> None:
    at = _pagina(PAGINAS[1])
    at.selectbox(key="boletines_elegido").set_value(semilla.boletines["b3"]).run()
    assert not at.exception
    # Sin el guion propio del tablero (textos en español), que sí es un <script>.
    cuerpos = [h.value for h in at.get("html") if "__monitoreoEsMx" not in h.value]
    assert any("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in c for c in cuerpos)
    assert not any("<script>" in c for c in cuerpos)
    assert "Este boletín no se envió ni se retomó" in at.info[0].value
    assert TITULO_PELIGROSO in at.dataframe[0].value["Titular"].tolist()


def test_medios_con_datos_y_ficha(semilla: Semilla) -> None:
    at = _pagina(PAGINAS[2])
    clasificacion = at.dataframe[0].value
    assert clasificacion["Medio"].iloc[0] == "El Sol de la Huasteca"
    assert _metricas(at)["Tasa de retoma"] == "50.0 %"
    tablas = _textos_de_tablas(at)
    assert "HTTP 503" in tablas and "CS-001/2026" in tablas and "11,600.00" in tablas
    assert any("120,000 visitas/mes" in c.value for c in at.caption)
    assert any(b.label == "Ver testigo" for b in at.button)
    at.selectbox(key="medios_elegido").set_value(semilla.medios["radio"]).run()
    assert _metricas(at)["Tasa de retoma"] == "0.0 %"
    assert any("Sin fuentes de recolección" in i.value for i in at.info)


def test_notas_busqueda_filtros_y_descargas(semilla: Semilla) -> None:
    at = _pagina(PAGINAS[3])
    assert at.dataframe[0].value.shape[0] == 6
    assert [b.label for b in at.get("download_button")] == ["Descargar CSV", "Descargar Excel"]
    at.text_input(key="notas_texto").set_value("100%").run()
    assert at.dataframe[0].value["Título"].tolist() == [
        "Descuento del 100% en predial_2026 y 'cita' del tesorero"
    ]
    at.text_input(key="notas_texto").set_value("").run()
    at.multiselect(key="notas_tonos").set_value(["negativo"]).run()
    assert set(at.dataframe[0].value["Título"]) == {
        "Quejas por inseguridad",
        "Falta de agua en la cabecera",
    }
    at.selectbox(key="notas_tema").set_value("seguridad").run()
    assert at.dataframe[0].value["Título"].tolist() == ["Quejas por inseguridad"]
    at.text_input(key="notas_texto").set_value("no existe en ninguna nota").run()
    assert "amplía las fechas" in at.info[0].value


def test_exportacion_de_notas_trae_todo_el_filtro(semilla: Semilla) -> None:
    from tablero import acceso
    from tablero.vistas import notas as vista_notas

    filtro = acceso.filtro_de_notas(None, None, tonos=("negativo",))
    marco = vista_notas.exportable(acceso.notas_para_exportar(filtro))
    assert list(marco.columns)[:3] == ["Publicada", "Medio", "Título"]
    assert set(marco["Título"]) == {"Quejas por inseguridad", "Falta de agua en la cabecera"}
    libro = openpyxl.load_workbook(io.BytesIO(componentes.a_excel(marco)))
    assert libro.active is not None and libro.active.max_row == 3


def test_exportaciones_neutralizan_formulas() -> None:
    marco = pd.DataFrame({"Título": ['=HYPERLINK("http://x")', "Normal"], "Notas": [1, 2]})
    csv = componentes.a_csv(marco).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\nNormal" not in csv.split("'=")[0]
    libro = openpyxl.load_workbook(io.BytesIO(componentes.a_excel(marco)))
    hoja = libro.active
    assert hoja is not None
    assert hoja["A2"].value == '\'=HYPERLINK("http://x")'
    assert hoja["A2"].data_type == "s"
    assert hoja["B3"].value == 2


@pytest.mark.lento
def test_tiempo_de_primer_render(semilla: Semilla, capsys: pytest.CaptureFixture[str]) -> None:
    tiempos: dict[str, float] = {}
    for ruta in PAGINAS:
        st.cache_data.clear()
        inicio = time.perf_counter()
        at = _con_sesion(AppTest.from_file(APP, default_timeout=ESPERA_S)).run()
        if ruta != PAGINAS[0]:
            st.cache_data.clear()
            inicio = time.perf_counter()
            at.switch_page(ruta).run()
        tiempos[ruta] = time.perf_counter() - inicio
        assert not at.exception and at.title[0].value
    with capsys.disabled():
        print("\nprimer render sin caché (s):", {k: round(v, 2) for k, v in tiempos.items()})
    assert max(tiempos.values()) < ESPERA_S


def test_sin_sesion_pide_acceso_y_rechaza_contrasena_mala(sesion: Session) -> None:
    crear_usuario(sesion, "ana", "personal", "huasteca-2026-segura")
    sesion.commit()
    at = AppTest.from_file(APP, default_timeout=ESPERA_S).run()
    assert at.title[0].value == "Monitoreo de medios" and not at.metric
    at.text_input[0].input("ana")
    at.text_input[1].input("no-es-la-clave")
    at.button[0].click().run()
    assert "incorrectos" in at.error[0].value
    assert CLAVE_SESION not in at.session_state
    at.text_input[1].input("huasteca-2026-segura")
    at.button[0].click().run()
    assert not at.exception
    usuario = at.session_state[CLAVE_SESION]
    assert usuario.nombre == "ana" and usuario.rol is Rol.PERSONAL
    assert any("ana" in c.value for c in at.caption)


def test_resumen_abre_con_hoy(semilla: Semilla, sesion: Session) -> None:
    """Arriba: notas del Ayuntamiento de hoy y ayer por medio y tono, y quién publicó lo de ayer."""
    zona = ZoneInfo("America/Mexico_City")
    ahora = dt.datetime.now(zona)
    sol = sesion.get(Medio, semilla.medios["sol"])
    radio = sesion.get(Medio, semilla.medios["radio"])
    assert sol is not None and radio is not None
    ayer = fabricas.boletin(sesion, 9, ahora - dt.timedelta(days=1), "Boletín de ayer", "agua")
    fabricas.envio(sesion, ayer, sol, EstadoEnvio.ENVIADO)
    fabricas.envio(sesion, ayer, radio, EstadoEnvio.ENVIADO)
    retomada = fabricas.nota(
        sesion, sol, "hoy-ayto", ahora.replace(hour=0, minute=30), tono=Tono.NEGATIVO
    )
    fabricas.retoma(sesion, retomada, ayer, NivelRetoma.PARCIAL)
    sesion.commit()
    at = _pagina(PAGINAS[0])
    assert at.subheader[0].value.startswith("Hoy, ")
    kpis = _metricas(at)
    assert kpis["Notas del Ayuntamiento hoy"] == "1"
    assert kpis["Boletines de ayer publicados"] == "1 de 1"
    notas = at.dataframe[0].value
    fila = notas.set_index("Medio").loc["El Sol de la Huasteca"]
    assert (fila["Día"], fila["Negativas"]) == ("Hoy", 1)
    texto = " ".join(m.value for m in at.markdown)
    assert "Publicaron (1):] El Sol de la Huasteca" in texto
    assert "Enviado y sin publicar (1):] Radio Tampacán" in texto


def test_boletines_abre_en_el_ultimo_con_cobertura(semilla: Semilla, sesion: Session) -> None:
    """El boletín de hoy (aún sin retomas) no es el que se abre: se abre el último publicado."""
    fabricas.boletin(sesion, 10, dt.datetime.now(dt.UTC), "Boletín de hoy sin retomas", "agua")
    sesion.commit()
    at = _pagina(PAGINAS[1])
    assert at.selectbox(key="boletines_elegido").value == semilla.boletines["b1"]


def test_semanas_parciales() -> None:
    """Una semana cortada por el periodo cuenta sus días dentro (para marcarla como parcial)."""
    lunes = pd.Timestamp("2026-11-23")
    assert graficas.dias_en_periodo(lunes, dt.date(2026, 11, 25), dt.date(2026, 12, 31)) == 5
    assert graficas.dias_en_periodo(lunes, dt.date(2026, 11, 1), dt.date(2026, 11, 24)) == 2
    assert graficas.dias_en_periodo(lunes, dt.date(2026, 11, 1), dt.date(2026, 12, 31)) == 7


def test_textos_en_espanol_con_plural() -> None:
    """«1 pasaje», «1 destinatario», «2 ediciones»; el guion traduce los textos de Streamlit."""
    assert componentes.plural(1, "pasaje compartido", "pasajes compartidos") == (
        "1 pasaje compartido"
    )
    assert componentes.plural(1, "destinatario") == "1 destinatario"
    assert componentes.plural(2, "destinatario") == "2 destinatarios"
    assert componentes.plural(3, "edición") == "3 ediciones"
    assert componentes.plural(1_500, "boletín") == "1,500 boletines"
    assert idioma.TRADUCCIONES["Upload"] == "Subir archivo"
    assert re.match(idioma.PATRON_LIMITE, "200MB per file")
