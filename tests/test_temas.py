"""Temas de notas y boletines: por área y por palabras clave."""

from __future__ import annotations

from pathlib import Path

import pytest

from analisis.temas import TEMAS, clasificar_temas, leer_catalogo, tema_de_area


def test_temas_incluye_los_del_contrato() -> None:
    esperados = {
        "obras",
        "servicios_publicos",
        "agua",
        "salud",
        "educacion",
        "seguridad",
        "deporte",
        "cultura",
        "desarrollo_social",
        "proteccion_civil",
        "gobierno",
    }
    assert esperados <= set(TEMAS)
    assert len(set(TEMAS)) == len(TEMAS)


@pytest.mark.parametrize(
    ("area", "tema"),
    [
        ("Obras Públicas", "obras"),
        ("Dirección de Obras Públicas", "obras"),
        ("Organismo de Agua Potable", "agua"),
        ("DIF Municipal", "desarrollo_social"),
        ("Sistema Municipal DIF", "desarrollo_social"),
        ("Coordinación Municipal de Protección Civil", "proteccion_civil"),
        ("Dirección de Seguridad Pública", "seguridad"),
        ("Dirección Municipal de Salud", "salud"),
        ("EDUCACIÓN", "educacion"),
        ("Dirección del Deporte", "deporte"),
        ("Casa de la Cultura", "cultura"),
        ("Tesorería Municipal", "gobierno"),
        ("Secretaría del Ayuntamiento", "gobierno"),
    ],
)
def test_tema_por_area(area: str, tema: str) -> None:
    assert tema_de_area(area) == tema


def test_area_desconocida_o_vacia() -> None:
    assert tema_de_area("Comunicación Social") is None
    assert tema_de_area(None) is None
    assert tema_de_area("") is None


def test_area_va_primero_aunque_el_texto_diga_otra_cosa() -> None:
    texto = "Se entregaron útiles escolares en la escuela primaria de Chiconamel."
    temas = clasificar_temas(texto, area="DIF Municipal")
    assert temas[0] == "desarrollo_social"
    assert "educacion" in temas
    assert temas.count("desarrollo_social") == 1


def test_area_sin_tema_usa_el_clasificador() -> None:
    texto = "Arrancó la pavimentación con concreto hidráulico de la calle Hidalgo."
    assert clasificar_temas(texto, area="Comunicación Social") == ["obras"]


def test_tema_por_texto_obras() -> None:
    texto = (
        "El Ayuntamiento de Tampacán inició la pavimentación con concreto hidráulico de la calle "
        "Hidalgo; la obra incluye drenaje y banquetas."
    )
    assert clasificar_temas(texto) == ["obras"]


def test_tema_por_texto_agua() -> None:
    texto = "Vecinos reportan desabasto de agua potable: el pozo dejó de operar y piden pipas."
    assert clasificar_temas(texto)[0] == "agua"


def test_multietiqueta_ordenada_por_fuerza() -> None:
    texto = (
        "Jornada de vacunación en el centro de salud de Tierra Blanca: médicos y enfermeras "
        "aplicaron vacunas contra la influenza. Por la tarde hubo un torneo de fútbol."
    )
    assert clasificar_temas(texto) == ["salud", "deporte"]


def test_mencion_de_pasada_no_agrega_tema() -> None:
    texto = (
        "Obras Públicas concluyó la pavimentación del camino a El Sabino, con drenaje, "
        "banquetas y guarniciones en todo el tramo, frente a la escuela."
    )
    assert clasificar_temas(texto) == ["obras"]


def test_nota_policiaca_es_seguridad() -> None:
    texto = "La Policía Municipal detuvo a dos hombres por robar un comercio; la Fiscalía indaga."
    assert clasificar_temas(texto)[0] == "seguridad"


def test_proteccion_civil_y_cultura() -> None:
    assert clasificar_temas("Protección Civil instaló un albergue por la inundación del río.") == [
        "proteccion_civil"
    ]
    assert clasificar_temas("Festival de huapango y danza en la Casa de la Cultura.") == ["cultura"]


def test_sin_tema_devuelve_vacio() -> None:
    assert clasificar_temas("Hoy amaneció soleado.") == []
    assert clasificar_temas("") == []


def test_catalogo_rechaza_temas_desconocidos(tmp_path: Path) -> None:
    ruta = tmp_path / "temas.toml"
    ruta.write_text('[tema.astrologia]\nfuertes = ["horóscopo"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="astrologia"):
        leer_catalogo(ruta)


def test_catalogo_propio(tmp_path: Path) -> None:
    ruta = tmp_path / "temas.toml"
    ruta.write_text(
        '[tema.agua]\nfuertes = ["jagüey"]\n[areas]\n"comision de agua" = "agua"\n',
        encoding="utf-8",
    )
    catalogo = leer_catalogo(ruta)
    assert catalogo.areas == (("comision de agua", "agua"),)
    assert [c.clave for c in catalogo.fuertes.buscar("Se limpió el JAGUEY.")] == ["agua"]
