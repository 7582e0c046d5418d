"""Componentes del tablero: periodo, KPIs, tablas, gráficas Altair, paletas y descargas es-MX.

Divididos por tema en submódulos; aquí se reúnen para que las páginas sigan usando
`componentes.nombre` sin saber en cuál vive cada uno.
"""

from __future__ import annotations

from tablero.componentes.base import (
    ALTO_FILA,
    FILAS_VISIBLES,
    TODOS,
    Kpi,
    con_datos,
    encabezado,
    hoy,
    html_escapado,
    kpis,
    tabla,
    vacio,
)
from tablero.componentes.boletines import (
    comparacion,
    ficha_boletin,
    notas_de_matriz,
    tabla_boletines,
    tabla_matriz,
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
from tablero.componentes.medios import COLUMNAS_MEDIOS, ficha_medio, mejores_y_peores, tabla_medios
from tablero.componentes.notas import (
    COLUMNAS_NOTAS,
    descargas_de_notas,
    exportable,
    tabla_notas,
    vista_notas,
)
from tablero.componentes.paletas import (
    COLOR_MARKDOWN,
    ETIQUETA_NIVEL,
    ETIQUETA_TIPO,
    PALETA_NIVEL,
    PALETA_TONO,
)
from tablero.componentes.resumen import kpis_resumen, tabla_importa

__all__ = [
    "ALTO_FILA",
    "COLOR_MARKDOWN",
    "COLUMNAS_MEDIOS",
    "COLUMNAS_NOTAS",
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
    "comparacion",
    "con_datos",
    "descargas",
    "descargas_de_notas",
    "encabezado",
    "exportable",
    "ficha_boletin",
    "ficha_medio",
    "filtros_de_notas",
    "grafica_tendencia",
    "grafica_tono",
    "hoy",
    "html_escapado",
    "kpis",
    "kpis_resumen",
    "mejores_y_peores",
    "notas_de_matriz",
    "selector_pagina",
    "selector_periodo",
    "tabla",
    "tabla_boletines",
    "tabla_importa",
    "tabla_matriz",
    "tabla_medios",
    "tabla_notas",
    "texto_tono",
    "vacio",
    "vista_notas",
]
