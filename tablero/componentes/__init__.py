"""Componentes del tablero: periodo, KPIs, tablas, gráficas Altair, paletas y descargas es-MX.

Piezas que sirven a cualquier página; lo propio de una página vive en `tablero/vistas/<página>`.
"""

from __future__ import annotations

from reportes.formato import plural
from tablero.componentes.base import (
    ALTO_FILA,
    FILAS_VISIBLES,
    TODOS,
    Kpi,
    encabezado,
    hoy,
    html_escapado,
    kpis,
    tabla,
    vacio,
)
from tablero.componentes.exportar import a_csv, a_excel, descargas
from tablero.componentes.filtros import (
    DIAS_POR_OMISION,
    NIVELES,
    TIPOS_CAPTURA,
    TONOS,
    filtros_de_notas,
    selector_pagina,
    selector_periodo,
)
from tablero.componentes.graficas import grafica_tendencia, grafica_tono, texto_tono
from tablero.componentes.paletas import (
    COLOR_MARKDOWN,
    ETIQUETA_NIVEL,
    ETIQUETA_TIPO,
    PALETA_NIVEL,
    PALETA_TONO,
)

__all__ = [
    "ALTO_FILA",
    "COLOR_MARKDOWN",
    "DIAS_POR_OMISION",
    "ETIQUETA_NIVEL",
    "ETIQUETA_TIPO",
    "FILAS_VISIBLES",
    "NIVELES",
    "PALETA_NIVEL",
    "PALETA_TONO",
    "TIPOS_CAPTURA",
    "TODOS",
    "TONOS",
    "Kpi",
    "a_csv",
    "a_excel",
    "descargas",
    "encabezado",
    "filtros_de_notas",
    "grafica_tendencia",
    "grafica_tono",
    "hoy",
    "html_escapado",
    "kpis",
    "plural",
    "selector_pagina",
    "selector_periodo",
    "tabla",
    "texto_tono",
    "vacio",
]
