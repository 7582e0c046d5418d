"""Gráficas vectoriales dibujadas directo con fpdf2 (sin Altair ni matplotlib, sin PNG intermedio).

Dibujar con las primitivas del PDF deja el texto de las gráficas seleccionable y buscable,
usa la misma fuente que el reporte y no agrega dependencias.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reportes import numero
from reportes.pdf import COLOR_PRINCIPAL, COLOR_TENUE, DocumentoPDF

Formato = Callable[[float], str]
ALTO_BARRA = 5.0
SEPARACION = 1.6
ANCHO_ETIQUETA = 55.0
ANCHO_VALOR = 22.0
ALTO_AREA = 45.0
# Una barra vertical más ancha que esto se ve como bloque cuando hay pocas semanas.
ANCHO_MAXIMO_BARRA = 12.0
# Paleta legible para daltonismo (Okabe-Ito) para series que no son tono.
PALETA = ((122, 30, 52), (0, 114, 178), (230, 159, 0), (0, 158, 115), (86, 180, 233))


def _entero(valor: float) -> str:
    """Formato por omisión: entero con comas."""
    return numero(valor)


def _titulo(pdf: DocumentoPDF, titulo: str, alto: float) -> None:
    """Título de la gráfica, asegurando que la gráfica completa quepa en la página."""
    pdf.asegurar_espacio(alto + 8)
    pdf.fuente(10, "B", COLOR_PRINCIPAL)
    pdf.cell(0, 6, pdf.limpio(titulo), new_x="LMARGIN", new_y="NEXT")


def sin_datos(pdf: DocumentoPDF, titulo: str) -> None:
    """Título y la leyenda de que no hubo datos."""
    _titulo(pdf, titulo, 6)
    pdf.parrafo("Sin datos en el periodo.", 8, "I", COLOR_TENUE)
    pdf.ln(2)


def barras_horizontales(
    pdf: DocumentoPDF,
    titulo: str,
    etiquetas: Sequence[str],
    valores: Sequence[float],
    formato: Formato = _entero,
    colores: Sequence[tuple[int, int, int]] | None = None,
) -> None:
    """Barras horizontales con etiqueta a la izquierda y valor a la derecha."""
    if not etiquetas:
        sin_datos(pdf, titulo)
        return
    _titulo(pdf, titulo, len(etiquetas) * (ALTO_BARRA + SEPARACION))
    maximo = max(*valores, 1e-9)
    largo_max = pdf.ancho_util() - ANCHO_ETIQUETA - ANCHO_VALOR
    for i, (etiqueta, valor) in enumerate(zip(etiquetas, valores, strict=True)):
        color = colores[i % len(colores)] if colores else COLOR_PRINCIPAL
        _barra(pdf, etiqueta, formato(valor), max(valor, 0) / maximo * largo_max, color)
    pdf.ln(3)


def _barra(
    pdf: DocumentoPDF, etiqueta: str, texto: str, largo: float, color: tuple[int, int, int]
) -> None:
    """Una barra horizontal en el renglón actual."""
    y = pdf.get_y()
    pdf.fuente(7.5)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(ANCHO_ETIQUETA - 2, ALTO_BARRA, pdf.limpio(_recortar(etiqueta, 38)), align="R")
    x0 = pdf.l_margin + ANCHO_ETIQUETA
    pdf.set_fill_color(*color)
    if largo > 0:
        pdf.rect(x0, y + 0.6, largo, ALTO_BARRA - 1.2, style="F")
    pdf.set_xy(x0 + largo + 1, y)
    pdf.cell(ANCHO_VALOR, ALTO_BARRA, pdf.limpio(texto))
    pdf.set_xy(pdf.l_margin, y + ALTO_BARRA + SEPARACION)


def barras_agrupadas(
    pdf: DocumentoPDF,
    titulo: str,
    categorias: Sequence[str],
    series: Mapping[str, Sequence[float]],
    colores: Sequence[tuple[int, int, int]] | None = None,
) -> None:
    """Barras verticales agrupadas por categoría (p. ej. semanas), con leyenda y valores."""
    paleta = list(colores) if colores else list(PALETA)
    if not categorias:
        sin_datos(pdf, titulo)
        return
    _titulo(pdf, titulo, ALTO_AREA + 16)
    _leyenda(pdf, list(series), paleta)
    maximo = max([max(v) for v in series.values() if len(v)] + [1e-9])
    base_y = pdf.get_y() + ALTO_AREA
    ancho_grupo = pdf.ancho_util() / len(categorias)
    ancho_barra = min(ancho_grupo * 0.8 / max(len(series), 1), ANCHO_MAXIMO_BARRA)
    margen = (ancho_grupo - ancho_barra * len(series)) / 2
    for i, categoria in enumerate(categorias):
        x = pdf.l_margin + i * ancho_grupo + margen
        for k, valores in enumerate(series.values()):
            alto = max(valores[i], 0) / maximo * (ALTO_AREA - 5)
            color = paleta[k % len(paleta)]
            _columna(pdf, x + k * ancho_barra, base_y, ancho_barra, alto, valores[i], color)
        pdf.set_xy(pdf.l_margin + i * ancho_grupo, base_y + 1)
        pdf.fuente(7, "", COLOR_TENUE)
        pdf.cell(ancho_grupo, 4, pdf.limpio(categoria), align="C")
    pdf.set_draw_color(*COLOR_TENUE)
    pdf.line(pdf.l_margin, base_y, pdf.l_margin + pdf.ancho_util(), base_y)
    pdf.set_xy(pdf.l_margin, base_y + 7)


def _columna(
    pdf: DocumentoPDF,
    x: float,
    base_y: float,
    ancho: float,
    alto: float,
    valor: float,
    color: tuple[int, int, int],
) -> None:
    """Una barra vertical con su valor encima."""
    pdf.set_fill_color(*color)
    if alto > 0:
        pdf.rect(x, base_y - alto, ancho * 0.92, alto, style="F")
    pdf.set_xy(x - 2, base_y - alto - 4)
    pdf.fuente(6.5)
    pdf.cell(ancho + 4, 4, numero(valor), align="C")


def _leyenda(pdf: DocumentoPDF, nombres: list[str], paleta: Sequence[tuple[int, int, int]]) -> None:
    """Leyenda horizontal de las series."""
    pdf.fuente(7.5)
    y = pdf.get_y()
    x = pdf.l_margin
    for k, nombre in enumerate(nombres):
        pdf.set_fill_color(*paleta[k % len(paleta)])
        pdf.rect(x, y + 1, 3, 3, style="F")
        pdf.set_xy(x + 4, y)
        texto = pdf.limpio(nombre)
        pdf.cell(pdf.get_string_width(texto) + 2, 5, texto)
        x += pdf.get_string_width(texto) + 10
    pdf.set_xy(pdf.l_margin, y + 6)


def _recortar(texto: str, largo: int) -> str:
    """Texto recortado con elipsis."""
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"
