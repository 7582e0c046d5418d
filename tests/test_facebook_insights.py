"""Insights de la página: importación de Meta Business Suite y la proporción de menores de 30."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from analisis.facebook import menores_de_30, rango_de
from datos.consultas.facebook import insights_del_mes
from rastreadores.importadores.facebook_pagina import cifra, importar_insights, leer_mes

DATOS = Path(__file__).parent / "datos" / "facebook"


def test_menores_de_30_con_cotas() -> None:
    jovenes = menores_de_30({"13-17": 5, "18-24": 20, "25-34": 30, "35-44": 25, "65+": 20})
    assert jovenes is not None
    assert jovenes.minimo == pytest.approx(0.25)
    assert jovenes.maximo == pytest.approx(0.55)
    assert jovenes.estimado == pytest.approx(0.40)
    assert menores_de_30({}) is None
    assert menores_de_30({"desconocido": 10}) is None


@pytest.mark.parametrize(
    ("encabezado", "rango"),
    [("18 24", "18-24"), ("f 25 34", "25-34"), ("hombres 65", "65+"), ("alcance", None)],
)
def test_rangos_de_meta_en_encabezados(encabezado: str, rango: str | None) -> None:
    assert rango_de(encabezado) == rango


def test_cifras_y_meses_de_las_celdas() -> None:
    assert cifra("1,234") == 1234
    assert cifra("0.125") == 0.125
    assert cifra("12,5 %") == 12.5
    assert cifra("") is None
    with pytest.raises(ValueError, match="número inválido"):
        cifra("muchos")
    assert leer_mes("noviembre 2026") == dt.date(2026, 11, 1)
    assert leer_mes("2026-11") == dt.date(2026, 11, 1)
    assert leer_mes("2026-11-25") == dt.date(2026, 11, 1)


def test_diario_en_espanol_junta_el_mes_y_reporta_renglones_malos(sesion: Session) -> None:
    r = importar_insights(sesion, DATOS / "insights_pagina_diario_es.csv")
    assert r.meses == ["2026-10", "2026-11"]
    assert r.errores == [(5, "número inválido: 'muchos'")]
    nov = insights_del_mes(sesion, dt.date(2026, 11, 1))
    assert nov is not None
    # Alcance: máximo diario (personas únicas); interacciones: suma; seguidores: el último día.
    assert (nov.alcance, nov.interacciones, nov.seguidores) == (2100, 275, 8502)
    assert nov.seguidores_por_edad["18-24"] == 1700
    assert nov.seguidores_por_edad["65+"] == 470
    jovenes = menores_de_30(nov.seguidores_por_edad)
    assert jovenes is not None and jovenes.minimo == pytest.approx(1980 / 8430)


def test_mensual_en_ingles_con_porcentajes_y_reimportar_reemplaza(sesion: Session) -> None:
    importar_insights(sesion, DATOS / "insights_pagina_mensual_en.csv")
    importar_insights(sesion, DATOS / "insights_pagina_mensual_en.csv")
    sep = insights_del_mes(sesion, dt.date(2026, 9, 1))
    assert sep is not None and (sep.alcance, sep.interacciones) == (18000, 1500)
    assert sep.seguidores_por_edad == {
        "18-24": 20,
        "25-34": 30,
        "35-44": 20,
        "45-54": 15,
        "55-64": 10,
        "65+": 5,
    }


def test_audiencia_por_edad_pide_mes(sesion: Session) -> None:
    archivo = DATOS / "audiencia_edad.csv"
    with pytest.raises(ValueError, match="--mes"):
        importar_insights(sesion, archivo)
    r = importar_insights(sesion, archivo, dt.date(2026, 11, 1))
    assert r.meses == ["2026-11"]
    assert r.errores == [(9, "el renglón no nombra un rango de edad de Meta")]
    nov = insights_del_mes(sesion, dt.date(2026, 11, 1))
    assert nov is not None and nov.seguidores_por_edad["18-24"] == pytest.approx(22)


def test_un_archivo_que_no_es_de_la_pagina(sesion: Session, tmp_path: Path) -> None:
    otro = tmp_path / "otro.csv"
    otro.write_text("Nombre,Correo\nAna,ana@x.mx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no parece una exportación de insights"):
        importar_insights(sesion, otro)


def _texto_pdf(ruta: Path) -> str:
    import pdfplumber

    with pdfplumber.open(ruta) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def test_seccion_del_reporte_mensual(sesion: Session, tmp_path: Path) -> None:
    from datos import config
    from datos.repositorio import facebook as repo
    from reportes.mensual import generar_mensual
    from reportes.mensual_facebook import SIN_INSIGHTS, cifras_del_mes

    zona = config.cargar().zona
    # Sin insights: lo dice, no inventa cifras.
    texto = " ".join(_texto_pdf(generar_mensual(sesion, 2026, 11, tmp_path / "v.pdf")).split())
    assert "Página de Facebook del Ayuntamiento" in texto
    assert "No se han importado las cifras de la página" in texto
    assert "menores de 30" not in texto
    importar_insights(sesion, DATOS / "insights_pagina_diario_es.csv")
    publicada = repo.crear(
        sesion,
        texto="Feria",
        programada_para=dt.datetime(2026, 11, 30, 23, 30, tzinfo=zona),
        usuario="beto",
    )
    repo.marcar_publicada(sesion, publicada, "1_2", "https://www.facebook.com/1/posts/2", "beto")
    publicada.publicada_en = dt.datetime(2026, 11, 30, 23, 30, tzinfo=zona)  # 1 de dic. en UTC
    sesion.flush()
    c = cifras_del_mes(sesion, 2026, 11, zona)
    assert (c.publicaciones, c.alcance, c.interacciones) == (1, 2100, 275)
    assert c.jovenes is not None
    texto = " ".join(_texto_pdf(generar_mensual(sesion, 2026, 11, tmp_path / "m.pdf")).split())
    assert SIN_INSIGHTS.split(":")[0] not in texto
    assert "2,100" in texto and "seguidores menores de 30" in texto
    assert "Seguidores menores de 30: 35.9 % (entre 23.5 % y 48.4 %)" in texto


def test_excel_en_ingles_con_fechas_de_excel(sesion: Session, tmp_path: Path) -> None:
    from openpyxl import Workbook

    libro = Workbook()
    hoja = libro.active
    assert hoja is not None
    hoja.append(["Date", "Reach", "Engagement", "Followers", "F.18-24", "M.18-24", "F.65+"])
    hoja.append([dt.datetime(2026, 12, 1), 900, 40, 9000, 10, 12, 3])
    hoja.append([dt.datetime(2026, 12, 2), 1300, 35, 9010, 11, 12, 4])
    hoja.append(["2026-12-03", -5, 10, 9020, None, None, None])
    archivo = tmp_path / "insights.xlsx"
    libro.save(archivo)
    r = importar_insights(sesion, archivo)
    assert r.meses == ["2026-12"]
    assert r.errores == [(4, "número inválido: '-5'")]
    dic = insights_del_mes(sesion, dt.date(2026, 12, 1))
    assert dic is not None and (dic.alcance, dic.interacciones, dic.seguidores) == (1300, 75, 9010)
    assert dic.seguidores_por_edad == {"18-24": 23, "65+": 4}
