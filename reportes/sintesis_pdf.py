"""La síntesis en PDF: portada con logo y resumen ejecutivo, índice, primeras planas, ocho columnas
y una sección por ámbito con una entrada por historia (todos los medios que la publicaron)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.outline import OutlineSection

from reportes import DIRECCION, fecha_larga, institucion, numero
from reportes.pdf import COLOR_PRINCIPAL, COLOR_TENUE, COLORES_TONO, DocumentoPDF, miniatura
from reportes.planas import imagen_de_plana, logo
from reportes.sintesis_modelo import Entrada, Pieza, Sintesis, hora
from reportes.sintesis_resumen import resumen_ejecutivo

# El enlace impreso se recorta a un renglón; el hipervínculo conserva la URL completa.
LARGO_ENLACE_VISIBLE = 95
# Dos portadas por renglón, a media página cada una.
PLANAS_POR_RENGLON = 2
ALTO_PLANA_MM = 105
LADO_LOGO_MM = 38
ETIQUETAS_TIPO = {
    "impreso": "Impreso",
    "digital": "Digital",
    "radio": "Radio",
    "television": "Televisión",
    "red_social": "Red social",
    "agencia": "Agencia",
}
INDICE = "Índice"
PRIMERAS_PLANAS = "Primeras planas"
OCHO_COLUMNAS = "Ocho columnas"

# Recorte del testigo (titular y entrada) legible al imprimir la síntesis.
ANCHO_RECORTE_MM = 120
ALTO_RECORTE_MM = 90


class PdfSintesis(DocumentoPDF):
    """DocumentoPDF cuya portada no lleva el encabezado institucional (ya lo trae el logo)."""

    def header(self) -> None:
        """Encabezado en todas las páginas salvo la portada."""
        if self.page_no() > 1:
            super().header()


def pdf_sintesis(sintesis: Sintesis, salida: Path) -> Path:
    """Escribe la síntesis en PDF y devuelve la ruta."""
    pdf = PdfSintesis(sintesis.titulo, sintesis.zona)
    _portada(pdf, sintesis)
    pdf.add_page()
    pdf.insert_toc_placeholder(_indice, pages=1, reset_page_indices=False)
    _primeras_planas(pdf, sintesis)
    _ocho_columnas(pdf, sintesis)
    for seccion, entradas in sintesis.por_seccion():
        _titulo_seccion(pdf, f"{seccion} ({_cuantas(entradas)})", seccion)
        for entrada in entradas:
            _entrada(pdf, entrada, sintesis)
    if not sintesis.piezas:
        _titulo_seccion(pdf, "Notas del día", "Notas del día")
        pdf.parrafo("No se registraron notas este día.", 9, "I")
    return pdf.guardar(salida)


def _cuantas(entradas: tuple[Entrada, ...]) -> str:
    """«3 historias, 7 notas»."""
    notas = sum(len(e.piezas) for e in entradas)
    historias = "historia" if len(entradas) == 1 else "historias"
    return (
        f"{numero(len(entradas))} {historias}, {numero(notas)} {'nota' if notas == 1 else 'notas'}"
    )


def _titulo_seccion(pdf: DocumentoPDF, texto: str, nombre: str) -> None:
    """Título de sección que además entra al índice con su página."""
    pdf.asegurar_espacio(45)
    pdf.start_section(nombre)
    pdf.seccion(texto)


# --- Portada e índice --------------------------------------------------------------------------


def _portada(pdf: DocumentoPDF, sintesis: Sintesis) -> None:
    """Logo, institución, fecha, conteos, resumen ejecutivo y nota de la Dirección."""
    imagen = logo(sintesis.logo)
    if imagen is not None:
        pdf.image(imagen, x=(pdf.w - LADO_LOGO_MM) / 2, y=18, w=LADO_LOGO_MM, h=LADO_LOGO_MM)
    pdf.set_y(18 + LADO_LOGO_MM + 4)
    pdf.fuente(12, "B", COLOR_PRINCIPAL)
    pdf.cell(0, 6, pdf.limpio(institucion()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.fuente(10, "", COLOR_TENUE)
    pdf.cell(0, 5, pdf.limpio(DIRECCION), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.fuente(26, "B", COLOR_PRINCIPAL)
    pdf.cell(0, 12, pdf.limpio("Síntesis informativa"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.fuente(14, "", COLOR_TENUE)
    pdf.cell(
        0, 8, pdf.limpio(fecha_larga(sintesis.fecha)), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    pdf.indicadores(sintesis.conteos())
    _resumen(pdf, sintesis)
    if sintesis.nota_editorial:
        pdf.seccion("Nota de la Dirección")
        pdf.parrafo(sintesis.nota_editorial, 9.5)


def _resumen(pdf: DocumentoPDF, sintesis: Sintesis) -> None:
    """Resumen ejecutivo en viñetas."""
    pdf.seccion("Resumen ejecutivo")
    for renglon in resumen_ejecutivo(sintesis):
        pdf.fuente(9.5)
        pdf.multi_cell(0, 4.8, pdf.limpio(f"• {renglon}"), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(0.8)


def _indice(pdf: FPDF, outline: list[OutlineSection]) -> None:
    """Índice con la página de cada sección (fpdf2 lo dibuja al final, ya con los números)."""
    assert isinstance(pdf, DocumentoPDF)
    pdf.seccion(INDICE)
    for seccion in outline:
        if seccion.level:
            continue
        pdf.fuente(11)
        enlace = pdf.add_link(page=seccion.page_number)
        ancho = pdf.ancho_util() - 20
        pdf.cell(ancho, 8, pdf.limpio(seccion.name), link=enlace, border="B")
        pdf.cell(20, 8, str(seccion.page_number), align="R", link=enlace, border="B")
        pdf.ln(8)


# --- Primeras planas y ocho columnas -----------------------------------------------------------


def _primeras_planas(pdf: DocumentoPDF, sintesis: Sintesis) -> None:
    """Las portadas de las ediciones impresas del día, dos por renglón."""
    _titulo_seccion(pdf, PRIMERAS_PLANAS, PRIMERAS_PLANAS)
    imagenes = [(p, imagen_de_plana(p)) for p in sintesis.planas]
    legibles = [(p, i) for p, i in imagenes if i is not None]
    if not legibles:
        pdf.parrafo("No se capturaron ediciones impresas este día.", 9, "I")
        return
    ancho = (pdf.ancho_util() - 6) / PLANAS_POR_RENGLON
    for inicio in range(0, len(legibles), PLANAS_POR_RENGLON):
        pdf.asegurar_espacio(ALTO_PLANA_MM + 10)
        y = pdf.get_y()
        alto_fila = 0.0
        for k, (plana, imagen) in enumerate(legibles[inicio : inicio + PLANAS_POR_RENGLON]):
            x = pdf.l_margin + k * (ancho + 6)
            alto = min(ALTO_PLANA_MM, ancho * imagen.height / imagen.width)
            w = alto * imagen.width / imagen.height
            pdf.set_xy(x, y)
            pdf.fuente(9, "B", COLOR_PRINCIPAL)
            pdf.cell(ancho, 5, pdf.limpio(plana.medio))
            pdf.image(imagen, x=x, y=y + 6, w=w, h=alto, link=plana.url or "")
            pdf.set_draw_color(190, 190, 190)
            pdf.rect(x, y + 6, w, alto)
            alto_fila = max(alto_fila, alto + 8)
        pdf.set_xy(pdf.l_margin, y + alto_fila + 2)


def _ocho_columnas(pdf: DocumentoPDF, sintesis: Sintesis) -> None:
    """La cabeza principal de cada medio."""
    _titulo_seccion(pdf, OCHO_COLUMNAS, OCHO_COLUMNAS)
    if not sintesis.ocho_columnas:
        pdf.parrafo("Ningún periódico ni portal publicó notas este día.", 9, "I")
        return
    filas = [[c.medio, c.titulo, c.origen] for c in sintesis.ocho_columnas]
    enlaces = [[None, c.enlace, None] for c in sintesis.ocho_columnas]
    pdf.tabla(["Medio", "Cabeza principal", "De dónde"], filas, (3, 7.5, 2.5), enlaces, tamano=8.5)


# --- Entradas ----------------------------------------------------------------------------------


def _entrada(pdf: DocumentoPDF, entrada: Entrada, sintesis: Sintesis) -> None:
    """Una historia: titular, resumen, recorte y una línea por medio que la publicó."""
    principal = entrada.principal
    pdf.asegurar_espacio(32)
    pdf.fuente(10.5, "B")
    pdf.multi_cell(
        0, 5, pdf.limpio(principal.nota.titulo), link=principal.enlace or "",
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    pdf.parrafo(principal.resumen, 8.5)
    if entrada.atencion:
        pdf.parrafo("Requiere atención: " + ", ".join(entrada.atencion), 8, "B", (198, 40, 40))
    pdf.ln(0.8)
    for pieza in entrada.piezas:
        _aparicion(pdf, pieza, sintesis)
    _recorte(pdf, entrada, sintesis)
    pdf.set_draw_color(220, 220, 220)
    pdf.line(pdf.l_margin, pdf.get_y() + 1.5, pdf.w - pdf.r_margin, pdf.get_y() + 1.5)
    pdf.ln(4)


def etiqueta_tipo(medio_tipo: str, captura: str) -> str:
    """«Impreso», «Digital»...; la nota web de un periódico es «Sitio web», no «Impreso»."""
    if medio_tipo == "impreso" and captura not in ("pdf", "ocr", "manual", "importacion"):
        return "Sitio web"
    return ETIQUETAS_TIPO.get(medio_tipo, medio_tipo)


def linea_aparicion(pieza: Pieza, sintesis: Sintesis) -> str:
    """«El Sol · Digital · 08:15 · tono neutral · boletín 045/2026»."""
    nota = pieza.nota
    partes = [nota.medio, etiqueta_tipo(nota.medio_tipo, nota.tipo_captura)]
    partes += [hora(nota, sintesis.zona), f"tono {pieza.tono}"]
    if nota.boletines:
        partes.append("boletín " + ", ".join(nota.boletines))
    if nota.pagina and nota.tipo_captura in ("pdf", "ocr"):
        partes.append(f"página {nota.pagina}")
    if nota.programa:
        partes.append(f"programa {nota.programa}")
    return " · ".join(partes)


def _aparicion(pdf: DocumentoPDF, pieza: Pieza, sintesis: Sintesis) -> None:
    """Una línea por medio, con el tono en su color y el enlace recortado debajo."""
    pdf.set_x(pdf.l_margin + 3)
    pdf.fuente(8, "", COLORES_TONO.get(pieza.tono, COLOR_TENUE))
    pdf.multi_cell(
        0, 4, pdf.limpio("• " + linea_aparicion(pieza, sintesis)), new_x="LMARGIN", new_y="NEXT"
    )
    if pieza.enlace:
        visible = pieza.enlace
        if len(visible) > LARGO_ENLACE_VISIBLE:
            visible = visible[: LARGO_ENLACE_VISIBLE - 1] + "…"
        pdf.set_x(pdf.l_margin + 6)
        pdf.fuente(7, "", (0, 70, 160))
        pdf.multi_cell(
            0, 3.5, pdf.limpio(visible), link=pieza.enlace, new_x="LMARGIN", new_y="NEXT"
        )


def _recorte(pdf: DocumentoPDF, entrada: Entrada, sintesis: Sintesis) -> None:
    """Recorte legible del testigo (titular y entrada) de la primera nota que lo tenga."""
    rutas = [p.nota.miniatura for p in entrada.piezas if p.nota.miniatura]
    imagen: Any = miniatura(sintesis.dir_testigos, rutas[0]) if rutas else None
    if imagen is not None:
        pdf.ln(1)
        pdf.imagen(imagen, ANCHO_RECORTE_MM, ALTO_RECORTE_MM)
