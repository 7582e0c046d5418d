"""Ediciones impresas en PDF del diario regional (fpdf2), una por día reciente.

Cada página va a tres columnas como un diario de verdad: la primera nota de la página lleva la
cabeza a todo lo ancho y su cuerpo repartido en las tres columnas; las demás siguen en columnas,
y una nota puede empezar al pie de una columna y seguir arriba de la siguiente.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from itertools import groupby
from pathlib import Path

from fpdf import FPDF

from demo.tipos import MedioDemo, NotaDemo

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
MESES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
# Tamaños calibrados para que siete notas quepan en tres páginas A4 a tres columnas sin
# desbordarse (la página más llena llega a ~85 % del alto útil).
CUERPO_PT = 8.5
TITULO_PT = 12
PRINCIPAL_PT = 15
# Fotografía de portada (la portada lleva dos notas: caben con ella).
FOTO_MM = 55
SECCION_OPINION = "Opinión"
INTERLINEA_MM = 3.8
COLUMNAS = 3
MEDIANIL_MM = 5
ESPACIO_ENTRE_NOTAS_MM = 4
# Sustitutos de los signos que no existen en latin-1 (sólo sin la fuente DejaVu).
SUSTITUTOS = str.maketrans({"“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "‘": "'", "’": "'"})


def _fuente(pdf: FPDF) -> str:
    """Registra DejaVu Sans si está instalada; si no, usa Helvetica (latin-1)."""
    if (DEJAVU / "DejaVuSans.ttf").exists() and (DEJAVU / "DejaVuSans-Bold.ttf").exists():
        pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
        return "DejaVu"
    return "Helvetica"


def _texto(fuente: str, texto: str) -> str:
    """Texto apto para la fuente elegida."""
    if fuente != "Helvetica":
        return texto
    return texto.translate(SUSTITUTOS).encode("latin-1", "replace").decode("latin-1")


def _folio(fuente: str, m: MedioDemo, dia: dt.date, pagina: int) -> str:
    """Línea de folio: diario, lugar, fecha y página."""
    mes = MESES.split()[dia.month - 1]
    return _texto(fuente, f"{m.nombre} · Ciudad Valles, S.L.P. · {dia.day} de {mes} de {dia.year}")


def _cabezal(pdf: FPDF, fuente: str, m: MedioDemo, dia: dt.date) -> None:
    """Cabezal de la portada: nombre del diario, lema, fecha y precio entre filetes."""
    pdf.set_font(fuente, "B", 30)
    pdf.cell(0, 14, _texto(fuente, m.nombre.upper()), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_line_width(0.8)
    pdf.line(10, pdf.get_y() + 1, 200, pdf.get_y() + 1)
    pdf.set_line_width(0.2)
    pdf.ln(2)
    pdf.set_font(fuente, "", 7)
    mes = MESES.split()[dia.month - 1]
    lema = f"El diario de la Huasteca potosina · {dia.day} de {mes} de {dia.year} · $12.00"
    pdf.cell(0, 4, _texto(fuente, lema), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.line(10, pdf.get_y() + 1, 200, pdf.get_y() + 1)
    pdf.ln(4)


def _cintillo(pdf: FPDF, fuente: str, seccion: str) -> None:
    """Cintillo de sección a todo lo ancho (texto blanco sobre fondo oscuro)."""
    pdf.set_fill_color(40, 40, 40)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(fuente, "B", 9)
    pdf.cell(0, 6, _texto(fuente, seccion.upper()), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)


def _fotografia(pdf: FPDF) -> None:
    """Fotografía de portada dibujada (cielo, cerros y un edificio), a todo lo ancho."""
    x, y, ancho, alto = 10, pdf.get_y(), 190, FOTO_MM
    pdf.set_fill_color(176, 205, 230)
    pdf.rect(x, y, ancho, alto, style="F")
    pdf.set_fill_color(88, 130, 80)
    pdf.polygon([(x, y + alto), (x + 50, y + 18), (x + 110, y + alto)], style="F")
    pdf.polygon([(x + 70, y + alto), (x + 140, y + 12), (x + ancho, y + alto)], style="F")
    pdf.set_fill_color(225, 215, 190)
    pdf.rect(x + 80, y + 22, 40, alto - 22, style="F")
    pdf.set_fill_color(122, 30, 52)
    pdf.rect(x + 80, y + 18, 40, 5, style="F")
    pdf.set_y(y + alto + 3)


def _pagina(pdf: FPDF, fuente: str, m: MedioDemo, dia: dt.date, pagina: int, seccion: str) -> None:
    """Nueva página: la portada lleva el cabezal; la de opinión, su cintillo; todas, el folio."""
    pdf.add_page()
    if pagina == 1:
        _cabezal(pdf, fuente, m, dia)
    elif seccion == SECCION_OPINION:
        _cintillo(pdf, fuente, seccion)
    y = pdf.get_y()
    pdf.set_font(fuente, "", 7)
    pdf.set_xy(10, 285)
    pdf.cell(0, 4, _folio(fuente, m, dia, pagina) + f" · Página {pagina}", align="C")
    pdf.set_xy(10, y)


def _principal(pdf: FPDF, fuente: str, n: NotaDemo, portada: bool) -> None:
    """Nota principal: cabeza a todo lo ancho y cuerpo balanceado en las tres columnas.

    En la portada es la de ocho columnas, con la fotografía debajo de la cabeza.
    """
    pdf.set_font(fuente, "B", PRINCIPAL_PT)
    pdf.multi_cell(0, 6.5, _texto(fuente, n.titulo), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1.5)
    if portada:
        _fotografia(pdf)
    with pdf.text_columns(ncols=COLUMNAS, gutter=MEDIANIL_MM, balance=True) as columnas:
        pdf.set_font(fuente, "", CUERPO_PT)
        for parrafo in n.parrafos:
            with columnas.paragraph(line_height=INTERLINEA_MM / (CUERPO_PT * 0.3528)) as p:
                p.write(_texto(fuente, parrafo))
    pdf.ln(ESPACIO_ENTRE_NOTAS_MM)


def _en_columnas(pdf: FPDF, fuente: str, notas: list[NotaDemo]) -> None:
    """Las demás notas seguidas en tres columnas: cabeza en negritas y cuerpo."""
    alto = INTERLINEA_MM / (CUERPO_PT * 0.3528)
    with pdf.text_columns(ncols=COLUMNAS, gutter=MEDIANIL_MM, balance=True) as columnas:
        for i, n in enumerate(notas):
            pdf.set_font(fuente, "B", TITULO_PT)
            margen = ESPACIO_ENTRE_NOTAS_MM if i else 0
            with columnas.paragraph(top_margin=margen, bottom_margin=1) as p:
                p.write(_texto(fuente, n.titulo))
            pdf.set_font(fuente, "", CUERPO_PT)
            for parrafo in n.parrafos:
                with columnas.paragraph(line_height=alto) as p:
                    p.write(_texto(fuente, parrafo))


def edicion(m: MedioDemo, notas: list[NotaDemo], dia: dt.date) -> bytes:
    """PDF de la edición de un día: una página a tres columnas por número de página."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(dt.datetime.combine(dia, dt.time(4, 0), tzinfo=dt.UTC))
    fuente = _fuente(pdf)
    for pagina, suyas in groupby(notas, key=lambda n: n.pagina or 1):
        primera, *resto = list(suyas)
        _pagina(pdf, fuente, m, dia, pagina, primera.seccion)
        _principal(pdf, fuente, primera, pagina == 1)
        if resto:
            _en_columnas(pdf, fuente, resto)
    return bytes(pdf.output())


def _indice(m: MedioDemo, dias: list[dt.date]) -> str:
    """Índice HTML de las ediciones impresas disponibles."""
    enlaces = "".join(
        f'<li><a href="/impreso/{d.isoformat()}.pdf">Edición del {d.isoformat()}</a></li>'
        for d in reversed(dias)
    )
    return (
        f'<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Edición impresa | '
        f'{escape(m.nombre)}</title><link rel="canonical" href="{{BASE}}/impreso/"></head>'
        f"<body><h1>Edición impresa</h1><ul>{enlaces}</ul></body></html>\n"
    )


def escribir_ediciones(m: MedioDemo, notas: list[NotaDemo], raiz: Path) -> None:
    """Escribe raiz/impreso/AAAA-MM-DD.pdf por edición y raiz/impreso/index.html."""
    carpeta = raiz / "impreso"
    carpeta.mkdir(parents=True, exist_ok=True)
    dias = []
    for dia, suyas in groupby(notas, key=lambda n: n.fecha.date()):
        destino = carpeta / f"{dia.isoformat()}.pdf"
        lista = sorted(suyas, key=lambda n: n.pagina or 1)
        destino.write_bytes(edicion(m, lista, dia))
        os.utime(destino, (lista[0].fecha.timestamp(), lista[0].fecha.timestamp()))
        dias.append(dia)
    (carpeta / "index.html").write_text(_indice(m, dias), "utf-8")
