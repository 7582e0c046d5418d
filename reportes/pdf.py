"""Utilidades fpdf2 comunes: fuentes, encabezado institucional, títulos, indicadores y tablas."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import logging
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from datos.config import cargar
from reportes import DIRECCION, fecha_hora, institucion

log = logging.getLogger(__name__)

DIR_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_ARCHIVOS_DEJAVU = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# Colores institucionales sobrios (guinda y gris), legibles también en impresión en blanco y negro.
COLOR_PRINCIPAL = (122, 30, 52)
COLOR_TEXTO = (33, 33, 33)
COLOR_TENUE = (110, 110, 110)
COLOR_FONDO = (244, 239, 240)
COLORES_TONO = {"positivo": (46, 125, 50), "neutral": (97, 97, 97), "negativo": (198, 40, 40)}
# El recorte del testigo se reduce a este lado mayor (px): el titular se lee impreso a 120 mm.
LADO_MINIATURA_PX = 1000
# Una captura de página completa es muy alta: se muestra su parte de arriba en 4:3 (titular,
# fecha y entrada), la misma proporción del recorte del reporte por boletín.
PROPORCION_MAXIMA = 0.75
# Alto del logo institucional (MONITOREO_LOGO) en el encabezado, en mm: el de las dos líneas.
ALTO_LOGO_MM = 10
# Sustitutos para Helvetica (latin-1) cuando no están las fuentes DejaVu.
_SUSTITUTOS = str.maketrans(
    {"—": "-", "–": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'", "•": "-", "≥": ">="}
)


class DocumentoPDF(FPDF):
    """PDF tamaño carta con encabezado y pie institucionales y texto siempre representable."""

    def __init__(self, titulo: str, zona: Any, horizontal: bool = False) -> None:
        """Prepara márgenes, fuentes y metadatos del reporte."""
        super().__init__(orientation="L" if horizontal else "P", unit="mm", format="Letter")
        self.titulo_reporte = titulo
        self.zona = zona
        self.generado = dt.datetime.now(dt.UTC)
        self.familia = _registrar_fuentes(self)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(self.limpio(titulo))
        self.set_author(self.limpio(f"{DIRECCION}, {institucion()}"))
        self.set_creator("monitoreo")
        self.set_lang("es-MX")
        self.add_page()

    def limpio(self, texto: object) -> str:
        """Texto sin caracteres de control y, sin DejaVu, reducido a latin-1."""
        crudo = "" if texto is None else str(texto)
        sin_control = "".join(
            " " if unicodedata.category(c) in {"Cc", "Cf"} and c not in "\n" else c for c in crudo
        )
        if self.familia != "Helvetica":
            return sin_control
        return sin_control.translate(_SUSTITUTOS).encode("latin-1", "replace").decode("latin-1")

    def fuente(
        self, tamano: float, estilo: str = "", color: tuple[int, int, int] = COLOR_TEXTO
    ) -> None:
        """Cambia fuente, tamaño y color del texto."""
        self.set_font(self.familia, estilo, tamano)
        self.set_text_color(*color)

    def _logo(self) -> None:
        """Logo configurado a la derecha del encabezado; si no se puede leer, se omite y avisa."""
        logo = cargar().institucion.logo
        if logo is None:
            return
        try:
            x = self.w - self.r_margin - 30
            self.image(str(logo), x=x, y=self.t_margin - 3, h=ALTO_LOGO_MM)
        except Exception as exc:  # fpdf2 y Pillow lanzan de todo ante una imagen dañada
            log.warning("no se pudo poner el logo %s en el PDF: %s", logo, exc)

    def header(self) -> None:
        """Encabezado institucional en cada página."""
        self._logo()
        self.fuente(9, "B", COLOR_PRINCIPAL)
        self.cell(0, 5, self.limpio(institucion()), new_x="LMARGIN", new_y="NEXT")
        self.fuente(8, "", COLOR_TENUE)
        self.cell(
            0, 4, self.limpio(f"{DIRECCION} · {self.titulo_reporte}"), new_x="LMARGIN", new_y="NEXT"
        )
        self.set_draw_color(*COLOR_PRINCIPAL)
        self.set_line_width(0.5)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)

    def footer(self) -> None:
        """Pie con fecha de generación y número de página."""
        self.set_y(-13)
        self.fuente(7, "", COLOR_TENUE)
        generado = f"Generado el {fecha_hora(self.generado, self.zona)}"
        self.cell(0, 4, self.limpio(generado), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Página {self.page_no()} de {{nb}}", align="R")

    def ancho_util(self) -> float:
        """Ancho entre márgenes."""
        return float(self.w - self.l_margin - self.r_margin)

    def asegurar_espacio(self, alto: float) -> None:
        """Salta de página si no caben `alto` mm."""
        if self.get_y() + alto > self.h - self.b_margin:
            self.add_page()

    def titulo(self, texto: str, tamano: float = 16) -> None:
        """Título principal del documento."""
        self.fuente(tamano, "B", COLOR_PRINCIPAL)
        self.multi_cell(0, tamano * 0.5, self.limpio(texto), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def seccion(self, texto: str, minimo: float = 45) -> None:
        """Título de sección con una franja de color; salta de página si no cabe lo que sigue."""
        self.asegurar_espacio(minimo)
        self.ln(2)
        self.set_fill_color(*COLOR_FONDO)
        self.fuente(12, "B", COLOR_PRINCIPAL)
        self.cell(0, 8, self.limpio(texto), fill=True, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def parrafo(
        self, texto: str, tamano: float = 9, estilo: str = "", color: Any = COLOR_TEXTO
    ) -> None:
        """Párrafo de ancho completo."""
        self.fuente(tamano, estilo, color)
        self.multi_cell(0, tamano * 0.48, self.limpio(texto), new_x="LMARGIN", new_y="NEXT")

    def indicadores(self, pares: Sequence[tuple[str, str]], por_renglon: int = 4) -> None:
        """Cajas con un número grande y su etiqueta."""
        ancho = self.ancho_util() / por_renglon
        for inicio in range(0, len(pares), por_renglon):
            self.asegurar_espacio(20)
            y = self.get_y()
            for i, (valor, etiqueta) in enumerate(pares[inicio : inicio + por_renglon]):
                self._caja(self.l_margin + i * ancho, y, ancho - 2, valor, etiqueta)
            self.set_xy(self.l_margin, y + 19)

    def _caja(self, x: float, y: float, ancho: float, valor: str, etiqueta: str) -> None:
        """Una caja de indicador."""
        self.set_fill_color(*COLOR_FONDO)
        self.rect(x, y, ancho, 17, style="F")
        self.set_xy(x, y + 1.5)
        self.fuente(15, "B", COLOR_PRINCIPAL)
        self.cell(ancho, 7, self.limpio(valor), align="C")
        self.set_xy(x + 1, y + 9)
        self.fuente(7, "", COLOR_TENUE)
        self.multi_cell(ancho - 2, 3.2, self.limpio(etiqueta), align="C")

    def tabla(
        self,
        encabezados: Sequence[str],
        filas: Sequence[Sequence[object]],
        anchos: Sequence[float] | None = None,
        enlaces: Sequence[Sequence[str | None]] | None = None,
        tamano: float = 7.5,
    ) -> None:
        """Tabla con encabezado repetido en cada página; `enlaces` da un URL por celda (o None)."""
        self.fuente(tamano)
        self.set_fill_color(255, 255, 255)
        self.set_draw_color(190, 190, 190)
        self.set_line_width(0.2)
        estilo = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=COLOR_PRINCIPAL)
        with self.table(
            col_widths=tuple(anchos) if anchos else None,
            headings_style=estilo,
            line_height=tamano * 0.5,
            text_align="LEFT",
            padding=0.8,
            cell_fill_color=COLOR_FONDO,
            cell_fill_mode="EVEN_ROWS",
        ) as tabla:
            _fila(self, tabla.row(), encabezados, None)
            for i, fila in enumerate(filas):
                _fila(self, tabla.row(), fila, enlaces[i] if enlaces else None)
        self.ln(2)

    def imagen(self, imagen: Image.Image, ancho_mm: float, alto_max_mm: float) -> None:
        """Inserta una imagen a la izquierda sin pasar de `alto_max_mm`."""
        proporcion = imagen.height / max(imagen.width, 1)
        ancho = min(ancho_mm, alto_max_mm / proporcion) if proporcion else ancho_mm
        alto = ancho * proporcion
        self.asegurar_espacio(alto + 2)
        self.image(imagen, x=self.l_margin, y=self.get_y(), w=ancho, h=alto)
        self.set_y(self.get_y() + alto + 2)

    def guardar(self, salida: Path) -> Path:
        """Escribe el PDF (creando la carpeta) y devuelve la ruta."""
        salida.parent.mkdir(parents=True, exist_ok=True)
        self.output(str(salida))
        return salida


def _fila(pdf: DocumentoPDF, fila: Any, celdas: Sequence[object], enlaces: Any) -> None:
    """Llena una fila de tabla, con enlace en las celdas que lo tengan."""
    for j, celda in enumerate(celdas):
        enlace = enlaces[j] if enlaces else None
        fila.cell(pdf.limpio(celda), link=enlace or None)


def _registrar_fuentes(pdf: FPDF) -> str:
    """Registra DejaVu Sans si está instalada; si no, Helvetica (latin-1)."""
    rutas = {estilo: DIR_DEJAVU / nombre for estilo, nombre in _ARCHIVOS_DEJAVU.items()}
    if not all(r.is_file() for r in rutas.values()):
        log.info("sin fuentes DejaVu en %s: se usa Helvetica (latin-1)", DIR_DEJAVU)
        return "Helvetica"
    for estilo, ruta in rutas.items():
        pdf.add_font("DejaVu", estilo, str(ruta))
    return "DejaVu"


def miniatura(dir_testigos: Path, ruta: str) -> Image.Image | None:
    """Miniatura RGB de un testigo de imagen; None si falta, sale del almacén o está dañado."""
    base = dir_testigos.resolve()
    archivo = (base / ruta).resolve()
    if not archivo.is_relative_to(base) or not archivo.is_file():
        log.warning("testigo de imagen no disponible: %s", ruta)
        return None
    try:
        datos = archivo.read_bytes()
        if ruta.endswith(".gz"):
            datos = gzip.decompress(datos)
        imagen: Image.Image = Image.open(io.BytesIO(datos))
        if imagen.height > imagen.width * PROPORCION_MAXIMA:
            imagen = imagen.crop((0, 0, imagen.width, int(imagen.width * PROPORCION_MAXIMA)))
        imagen.thumbnail((LADO_MINIATURA_PX, LADO_MINIATURA_PX))
        return imagen.convert("RGB")
    except (OSError, EOFError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("no se pudo leer el testigo de imagen %s: %s", ruta, exc)
        return None
