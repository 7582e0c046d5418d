"""Citas textuales de un texto: palabras entre comillas («», “”, „“, "") que forman una cita."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from analisis.texto import contar_palabras

# Una cita es un tramo entre comillas de al menos MIN_PALABRAS_CITA palabras: menos que eso es el
# nombre de un programa o un apodo («Sembrando Vida», "El Güero"), que no cambia el nivel.
MIN_PALABRAS_CITA = 6
# Un tramo entre comillas rectas más largo que esto es casi seguro un par mal cerrado (una comilla
# suelta empareja con la de otra cita): una cita de boletín rara vez pasa de un párrafo.
MAX_PALABRAS_CITA = 150
_CITA = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"")


def mascara_citas(texto: str, total: int) -> npt.NDArray[np.bool_]:
    """Máscara de las `total` palabras del texto que caen dentro de una cita textual.

    No hacen falta posiciones: las comillas no son parte de ninguna palabra, así que cortar el
    texto en ellas no parte palabras y basta contar las de cada tramo. Sin comillas (lo común en
    una nota) no se cuenta nada.
    """
    mascara = np.zeros(total, dtype=bool)
    cuenta, previo = 0, 0
    for cita in _CITA.finditer(texto):
        cuenta += contar_palabras(texto[previo : cita.start()])
        dentro = contar_palabras(cita.group())
        if MIN_PALABRAS_CITA <= dentro <= MAX_PALABRAS_CITA:
            mascara[cuenta : cuenta + dentro] = True
        cuenta, previo = cuenta + dentro, cita.end()
    return mascara
