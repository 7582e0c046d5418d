"""Menciones del Ayuntamiento de Tampacán: lista de vigilancia y regla contra falsos positivos."""

from __future__ import annotations

from pathlib import Path

from analisis.menciones import (
    Aparicion,
    Termino,
    Vigilancia,
    es_especifica,
    leer_terminos,
    terminos_base,
    vigilancia_base,
)


def _buscar(texto: str) -> list[tuple[str, str]]:
    """(término, texto encontrado) de cada aparición con la lista base."""
    return [(a.termino, a.texto) for a in vigilancia_base().buscar(texto)]


def test_terminos_base_vienen_del_toml() -> None:
    terminos = terminos_base()
    nombres = {t.nombre for t in terminos}
    assert "Ayuntamiento de Tampacán" in nombres
    assert "Rosa Elena Martínez Hernández" in nombres
    assert {t.tipo for t in terminos} >= {"ayuntamiento", "funcionario", "dependencia", "programa"}
    assert all(isinstance(t.variantes, tuple) and t.variantes for t in terminos)


def test_posiciones_en_el_texto_original() -> None:
    texto = "Ayer, el Ayuntamiento de Tampacán informó."
    [a] = vigilancia_base().buscar(texto)
    assert a == Aparicion(
        "Ayuntamiento de Tampacán", "ayuntamiento", "Ayuntamiento de Tampacán", 9, 33
    )
    assert texto[a.inicio : a.fin] == a.texto


def test_insensible_a_acentos_y_mayusculas() -> None:
    texto = "EL AYUNTAMIENTO DE TAMPACAN y la presidenta rosa elena martinez hernandez"
    assert _buscar(texto) == [
        ("Ayuntamiento de Tampacán", "AYUNTAMIENTO DE TAMPACAN"),
        ("Rosa Elena Martínez Hernández", "rosa elena martinez hernandez"),
    ]


def test_acento_en_el_texto_y_no_en_la_variante() -> None:
    v = Vigilancia([Termino("Tampacán", "localidad", ("Tampacan",))])
    assert [a.texto for a in v.buscar("Tampacán, tampacan y TAMPACÁN.")] == [
        "Tampacán",
        "tampacan",
        "TAMPACÁN",
    ]


def test_no_cuenta_dentro_de_otras_palabras() -> None:
    # Decisión: el nombre dentro de otra palabra ("Tampacaneros", un equipo) no es mención.
    assert _buscar("Los Tampacaneros ganaron la final en Tamazunchale.") == []


def test_la_variante_mas_larga_gana() -> None:
    assert _buscar("El secretario del Ayuntamiento de Tampacán, Jorge Luis Santiago Cruz.") == [
        ("Jorge Luis Santiago Cruz", "secretario del Ayuntamiento"),
        ("Tampacán", "Tampacán"),
        ("Jorge Luis Santiago Cruz", "Jorge Luis Santiago Cruz"),
    ]


def test_generica_sin_ancla_no_cuenta() -> None:
    assert _buscar("El Ayuntamiento aprobó el presupuesto; la alcaldesa firmó el acuerdo.") == []


def test_otro_municipio_no_es_mencion() -> None:
    assert _buscar("El Ayuntamiento de Ciudad Valles y su alcaldesa inauguraron un mercado.") == []


def test_alcaldesa_de_otro_municipio_aunque_se_nombre_tampacan() -> None:
    encontrados = _buscar("La alcaldesa de Matlapa visitó Tampacán y saludó al Cabildo.")
    assert encontrados == [
        ("Tampacán", "Tampacán"),
        ("Ayuntamiento de Tampacán", "Cabildo"),
    ]


def test_generica_con_ancla_cuenta() -> None:
    texto = "En Tampacán, la alcaldesa encabezó la sesión del Cabildo."
    assert _buscar(texto) == [
        ("Tampacán", "Tampacán"),
        ("Rosa Elena Martínez Hernández", "alcaldesa"),
        ("Ayuntamiento de Tampacán", "Cabildo"),
    ]


def test_nombre_de_funcionario_es_ancla() -> None:
    texto = "Silvia Ponce, directora de Agua Potable, anunció el programa Agua para Todos."
    assert [a.termino for a in vigilancia_base().buscar(texto)] == [
        "Silvia Ponce Mendoza",
        "Silvia Ponce Mendoza",
        "Agua para Todos",
    ]


def test_plural_por_lema() -> None:
    encontrados = _buscar("Policías municipales de Tampacán detuvieron a dos personas.")
    assert ("Seguridad Pública Municipal", "Policías municipales") in encontrados


def test_especifica_o_generica() -> None:
    assert es_especifica("Ayuntamiento de Tampacán", "ayuntamiento")
    assert es_especifica("Rosa Elena Martínez", "funcionario")
    assert es_especifica("comandante Ramiro Castillo", "funcionario")
    assert not es_especifica("presidenta Martínez", "funcionario")
    assert not es_especifica("Ayuntamiento", "ayuntamiento")
    assert not es_especifica("Chiconamel", "localidad")
    assert es_especifica("Becas Tampacán", "programa")


def test_leer_terminos_de_otro_toml(tmp_path: Path) -> None:
    ruta = tmp_path / "v.toml"
    ruta.write_text(
        '[[termino]]\ntipo = "localidad"\nnombre = "Tampacán"\nvariantes = ["Tampacán"]\n',
        encoding="utf-8",
    )
    assert leer_terminos(ruta) == [Termino("Tampacán", "localidad", ("Tampacán",))]


def test_texto_sin_menciones() -> None:
    assert vigilancia_base().buscar("") == []
    assert _buscar("Llueve en la Huasteca.") == []


def test_vigilancia_vacia() -> None:
    assert Vigilancia([]).buscar("El Ayuntamiento de Tampacán informó.") == []


def test_localidad_y_referencia_generica_se_corroboran() -> None:
    texto = "Vecinos de Xochititla reclamaron al Ayuntamiento por las lámparas fundidas."
    assert _buscar(texto) == [
        ("Xochititla", "Xochititla"),
        ("Ayuntamiento de Tampacán", "Ayuntamiento"),
    ]


def test_localidad_sola_no_es_mencion() -> None:
    assert _buscar("Vecinos de Xochititla denunciaron lámparas fundidas.") == []


def test_sin_corroboracion_si_la_localidad_es_de_otro_municipio() -> None:
    texto = "Vecinos de Xochititla, en Tamazunchale, reclamaron al Ayuntamiento por el alumbrado."
    assert _buscar(texto) == []


def test_otro_municipio_lejos_de_la_localidad_no_impide_la_corroboracion() -> None:
    texto = (
        "Pacientes de Ixtlapalaco deben viajar hasta el hospital para recibir atención; "
        "exigieron a la alcaldesa un médico fijo. El hospital está en Tamazunchale."
    )
    assert [t for t, _ in _buscar(texto)] == ["Ixtlapalaco", "Rosa Elena Martínez Hernández"]


def test_queja_de_un_servicio_municipal_en_una_localidad_propia() -> None:
    texto = "Vecinos de Xochititla denunciaron que el alumbrado público lleva meses fundido."
    assert _buscar(texto) == [
        ("Xochititla", "Xochititla"),
        ("Servicios Públicos Municipales", "alumbrado público"),
    ]
    assert _buscar("En Ciudad Valles falla el alumbrado público de la colonia Las Flores.") == []
