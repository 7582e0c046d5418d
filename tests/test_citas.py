"""Citas textuales: palabras entre comillas que cuentan como declaración, no como narración."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from analisis import citas
from analisis.citas import mascara_citas
from analisis.texto import tokenizar


def _citadas(texto: str) -> list[str]:
    """Palabras del texto marcadas como cita."""
    tokens = tokenizar(texto)
    mascara = mascara_citas(texto, len(tokens.palabras))
    return [p for p, m in zip(tokens.palabras, mascara, strict=True) if m]


def test_comillas_latinas_inglesas_y_rectas() -> None:
    """«», “” y "" con seis palabras o más son citas; lo de afuera no."""
    texto = (
        "La alcaldesa dijo: «vamos a terminar la obra en marzo próximo». "
        'El regidor agregó: "la gente merece calles dignas y seguras". '
        "Un vecino comentó “ya era hora de que arreglaran la calle”, y se fue."
    )
    citadas = _citadas(texto)
    assert citadas[:3] == ["vamos", "a", "terminar"]
    assert "merece" in citadas and "arreglaran" in citadas
    assert not {"alcaldesa", "dijo", "regidor", "agrego", "vecino", "fue"} & set(citadas)


def test_nombres_entre_comillas_y_comillas_sueltas_no_son_citas() -> None:
    """Un programa entre comillas no es cita; una comilla sin cerrar no marca el resto del texto."""
    texto = 'El programa «Sembrando Vida» llegó a 300 familias. Dijo "que sí y luego se fue a casa.'
    assert _citadas(texto) == []


def test_cita_desmesurada_por_comillas_mal_pareadas_no_cuenta() -> None:
    """Un tramo entre comillas rectas de más de 150 palabras es un par mal cerrado."""
    texto = 'Inicio "' + " ".join(["palabra"] * 200) + '" fin.'
    assert _citadas(texto) == []


def _por_posiciones(texto: str, inicios: tuple[int, ...]) -> npt.NDArray[np.bool_]:
    """La vía anterior: cada palabra (por su carácter de inicio) dentro del tramo de una cita."""
    marcas = np.asarray(inicios, dtype=np.int64)
    mascara = np.zeros(len(marcas), dtype=bool)
    for cita in citas._CITA.finditer(texto):
        dentro = (marcas >= cita.start()) & (marcas < cita.end())
        if citas.MIN_PALABRAS_CITA <= int(dentro.sum()) <= citas.MAX_PALABRAS_CITA:
            mascara |= dentro
    return mascara


def test_mascara_sin_tokenizar_igual_a_la_de_posiciones() -> None:
    """Contar palabras por tramos da la misma máscara que tokenizar, en todo el corpus propio."""
    corpus = Path(__file__).parent / "datos" / "emparejamiento"
    textos = [
        json.loads(linea)["texto"]
        for nombre in ("boletines.jsonl", "notas.jsonl")
        for linea in (corpus / nombre).read_text(encoding="utf-8").splitlines()
        if linea.strip()
    ]
    textos += ['Dijo: "uno dos tres cuatro cinco seis" y «siete ocho» “sin cerrar', "«»", ""]
    con_citas = 0
    for texto in textos:
        tokens = tokenizar(texto)
        esperada = _por_posiciones(texto, tokens.inicios)
        rapida = mascara_citas(texto, len(tokens.palabras))
        assert rapida.tolist() == esperada.tolist(), texto[:80]
        con_citas += bool(esperada.any())
    assert con_citas >= 50
