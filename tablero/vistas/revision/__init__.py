"""Componentes de la revisión: cola, decisiones del personal y formularios de captura manual.

Las páginas usan `revision.nombre`; cada nombre vive en el submódulo de su tema: acciones,
pantalla_cola, pantalla_retoma, pantalla_tono y capturas. Ningún submódulo se llama como una
función reexportada (importarlo taparía la función en el paquete).
"""

from __future__ import annotations

from tablero.vistas.revision.acciones import (
    CLAVE_OMITIDOS,
    ENTIDADES,
    SOLO_LECTURA,
    cola,
    decidir,
    nota,
    omitir,
    pendientes,
    retoma,
)
from tablero.vistas.revision.capturas import (
    MIME_TABLAS,
    archivo_temporal,
    formulario_clip,
    formulario_facebook,
    formulario_importacion,
    formulario_impreso,
    resultado_importacion,
    selector_medio,
)
from tablero.vistas.revision.pantalla_cola import (
    TIPOS_FILTRO,
    contador,
    en_cola,
    filtros,
    primero,
    sin_pendientes,
)
from tablero.vistas.revision.pantalla_retoma import (
    ATAJOS_RETOMA,
    NIVELES,
    botones_retoma,
    elemento_retoma,
)
from tablero.vistas.revision.pantalla_tono import (
    ATAJOS_TONO,
    TONOS,
    botones_tono,
    cabecera_nota,
    elemento_tono,
    intervalos_de_frases,
    tono_de_la_retoma,
)

__all__ = [
    "ATAJOS_RETOMA",
    "ATAJOS_TONO",
    "CLAVE_OMITIDOS",
    "ENTIDADES",
    "MIME_TABLAS",
    "NIVELES",
    "SOLO_LECTURA",
    "TIPOS_FILTRO",
    "TONOS",
    "archivo_temporal",
    "botones_retoma",
    "botones_tono",
    "cabecera_nota",
    "cola",
    "contador",
    "decidir",
    "elemento_retoma",
    "elemento_tono",
    "en_cola",
    "filtros",
    "formulario_clip",
    "formulario_facebook",
    "formulario_importacion",
    "formulario_impreso",
    "intervalos_de_frases",
    "nota",
    "omitir",
    "pendientes",
    "primero",
    "resultado_importacion",
    "retoma",
    "selector_medio",
    "sin_pendientes",
    "tono_de_la_retoma",
]
