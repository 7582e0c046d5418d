"""Cifras con separador: "3,5" y "3.5" (o "1,200" y "1.200") dan la misma palabra al emparejar."""

from __future__ import annotations

import datetime as dt

import pytest

from analisis.emparejamiento import Documento, Emparejador
from analisis.texto import especificos, normalizar, normalizar_cifra, terminos, tokenizar


@pytest.mark.parametrize(
    ("cifra", "normal"),
    [
        ("3.5", "3.5"),  # decimal en México
        ("3,5", "3.5"),  # decimal en España
        ("12.75", "12.75"),
        ("12,75", "12.75"),
        ("1,200", "1200"),  # miles en México
        ("1.200", "1200"),  # miles en España (el ambiguo se lee como miles en ambos casos)
        ("1,200,000", "1200000"),
        ("1.200.000", "1200000"),
        ("1,200.50", "1200.50"),  # miles y decimales, México
        ("1.200,50", "1200.50"),  # miles y decimales, España
        ("2026", "2026"),
        ("3.14159", "3.14159"),  # otras formas se quedan como estaban
        ("26.11.2026", "26.11.2026"),
    ],
)
def test_normalizar_cifra(cifra: str, normal: str) -> None:
    assert normalizar_cifra(cifra) == normal


def test_las_cifras_con_separador_son_una_sola_palabra() -> None:
    texto = "Se invertirán 3,5 millones en 1.200 metros."
    tokens = tokenizar(texto)
    assert tokens.palabras == ("se", "invertiran", "3.5", "millones", "en", "1200", "metros")
    # Las posiciones siguen apuntando a la cifra tal como está escrita en el original.
    i = tokens.palabras.index("3.5")
    assert texto[tokens.inicios[i] : tokens.fines[i]] == "3,5"
    # El punto y la coma de puntuación no se pegan a la cifra.
    assert tokenizar("Fueron 1,200. Luego 35, no 36.").palabras == (
        "fueron", "1200", "luego", "35", "no", "36",
    )  # fmt: skip


def test_misma_cifra_en_ambas_convenciones_da_el_mismo_texto_normalizado() -> None:
    mexico = "Inversión de 3.5 millones de pesos para 1,200 metros de drenaje"
    espana = "Inversión de 3,5 millones de pesos para 1.200 metros de drenaje"
    assert normalizar(mexico) == normalizar(espana)
    assert terminos(tokenizar(mexico).palabras) == terminos(tokenizar(espana).palabras)
    assert {"3.5", "1200"} <= especificos(mexico) == especificos(espana)


def test_decimales_distintos_no_se_confunden() -> None:
    assert normalizar("3,5 millones") != normalizar("35 millones")
    assert normalizar("3.5 millones") != normalizar("3.05 millones")


def _documento(id_: str, texto: str, titulo: str) -> Documento:
    """Documento del mismo día para emparejar."""
    return Documento(id=id_, titulo=titulo, texto=texto, fecha=dt.datetime(2026, 3, 2, 12))


def test_boletin_con_punto_decimal_empareja_con_nota_con_coma_decimal() -> None:
    """Copia íntegra salvo la convención de las cifras: todos sus 5-gramas deben coincidir."""
    parrafos = [
        "El Ayuntamiento de Tampacán invertirá {m} millones de pesos en la rehabilitación de "
        "{k} metros de drenaje sanitario en la colonia Centro, informó la presidenta municipal.",
        "La obra beneficiará a {h} familias y se concluirá en {s} semanas, con recursos del fondo "
        "de infraestructura social municipal.",
    ]
    mexico = {"m": "3.5", "k": "1,200", "h": "2,450", "s": "6.5"}
    espana = {"m": "3,5", "k": "1.200", "h": "2.450", "s": "6,5"}
    boletin = _documento("B1", " ".join(p.format(**mexico) for p in parrafos), "Drenaje")
    nota = _documento("N1", " ".join(p.format(**espana) for p in parrafos), "Drenaje en Centro")
    assert normalizar(boletin.texto) == normalizar(nota.texto)
    (pareja,) = Emparejador([boletin], ventana_dias=7).emparejar(nota)
    assert (pareja.nota_id, pareja.boletin_id) == ("N1", "B1")
    assert pareja.nivel == "integra"
    # Un solo pasaje de punta a punta (sin el punto final): las cifras ya no parten la copia.
    assert pareja.fidelidad == pytest.approx(1.0)
    fin_boletin, fin_nota = len(boletin.texto.rstrip(".")), len(nota.texto.rstrip("."))
    assert [(p.boletin, p.nota) for p in pareja.pasajes] == [((0, fin_boletin), (0, fin_nota))]
