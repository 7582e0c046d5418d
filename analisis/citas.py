"""Citas textuales de un texto: palabras entre comillas («», “”, „“, "") que forman una cita."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

# Una cita es un tramo entre comillas de al menos MIN_PALABRAS_CITA palabras: menos que eso es el
# nombre de un programa o un apodo («Sembrando Vida», "El Güero"), que no cambia el nivel.
MIN_PALABRAS_CITA = 6
# Un tramo entre comillas rectas más largo que esto es casi seguro un par mal cerrado (una comilla
# suelta empareja con la de otra cita): una cita de boletín rara vez pasa de un párrafo.
MAX_PALABRAS_CITA = 150
_CITA = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"")


def mascara_citas(texto: str, inicios: Sequence[int]) -> npt.NDArray[np.bool_]:
    """Máscara de las palabras (por su carácter de inicio) que caen dentro de una cita textual."""
    marcas = np.asarray(inicios, dtype=np.int64)
    mascara = np.zeros(len(marcas), dtype=bool)
    for cita in _CITA.finditer(texto):
        dentro = (marcas >= cita.start()) & (marcas < cita.end())
        if MIN_PALABRAS_CITA <= int(dentro.sum()) <= MAX_PALABRAS_CITA:
            mascara |= dentro
    return mascara
