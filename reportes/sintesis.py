"""Síntesis informativa diaria: portada con conteos y alertas, y notas por sección (PDF/Excel/HTML).

Regla de secciones (la primera que se cumple gana):
1. Redes sociales: el medio es red social o la nota se capturó de una red social.
2. Radio y televisión: el medio es radio o televisión, o la nota se capturó de radio o TV.
3. Columnas y opinión: la sección de la nota dice columna, opinión, editorial o cartón.
4. Municipio: la nota retoma un boletín (retoma no rechazada) o menciona al Ayuntamiento,
   sus funcionarios, dependencias o programas.
5. Por el ámbito del medio: municipal o regional → Región; estatal → Estado; nacional → Nacional.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from analisis import normalizar
from datos import config as configuracion
from datos.consultas.reportes import NotaSintesis, notas_de_sintesis
from reportes import (
    DIRECCION,
    dias_utc,
    enlace_publico,
    fecha_larga,
    institucion,
    local,
    numero,
    resumen_corto,
)
from reportes.excel import Hoja, escribir_libro
from reportes.pdf import COLOR_TENUE, DocumentoPDF, miniatura

log = logging.getLogger(__name__)

MUNICIPIO = "Municipio"
REGION = "Región"
ESTADO = "Estado"
NACIONAL = "Nacional"
COLUMNAS = "Columnas y opinión"
RADIO_TV = "Radio y televisión"
REDES = "Redes sociales"
SECCIONES = (MUNICIPIO, REGION, ESTADO, NACIONAL, COLUMNAS, RADIO_TV, REDES)
FORMATOS = ("pdf", "xlsx", "html")
_POR_AMBITO = {"municipal": REGION, "regional": REGION, "estatal": ESTADO, "nacional": NACIONAL}
_OPINION = re.compile(r"column|opini|editorial|carton")
TONOS = ("positivo", "neutral", "negativo")
SIN_TONO = "sin clasificar"
# "Dime las 5 cosas que importan hoy" es lo que más piden los usuarios (REFERENCIAS.md); el resto
# de las alertas se cuenta pero no se lista en la portada.
LIMITE_ATENCION = 5
# El enlace impreso se recorta a un renglón; el hipervínculo conserva la URL completa.
LARGO_ENLACE_VISIBLE = 110
ETIQUETAS_TIPO = {
    "impreso": "Impreso",
    "digital": "Digital",
    "radio": "Radio",
    "television": "Televisión",
    "red_social": "Red social",
    "agencia": "Agencia",
}


@dataclass(frozen=True)
class Pieza:
    """Una nota ya ubicada en su sección, con resumen, enlace y motivos de atención."""

    nota: NotaSintesis
    seccion: str
    resumen: str
    enlace: str | None
    atencion: tuple[str, ...]

    @property
    def tono(self) -> str:
        """Tono efectivo o «sin clasificar»."""
        return self.nota.tono or SIN_TONO


@dataclass(frozen=True)
class Sintesis:
    """Todo lo que la síntesis de un día muestra, independiente del formato."""

    fecha: dt.date
    zona: ZoneInfo
    piezas: tuple[Pieza, ...]
    dir_testigos: Path
    umbral_alcance: int

    @property
    def titulo(self) -> str:
        """«Síntesis informativa — 26 de noviembre de 2026»."""
        return f"Síntesis informativa — {fecha_larga(self.fecha)}"

    def por_seccion(self) -> list[tuple[str, list[Pieza]]]:
        """Secciones con notas, en el orden de la síntesis."""
        grupos = [(s, [p for p in self.piezas if p.seccion == s]) for s in SECCIONES]
        return [(s, ps) for s, ps in grupos if ps]

    def atencion(self) -> list[Pieza]:
        """Notas que requieren atención: negativas primero, luego por alcance potencial."""
        marcadas = [p for p in self.piezas if p.atencion]
        return sorted(marcadas, key=lambda p: (p.tono != "negativo", -(p.nota.audiencia or 0)))

    def conteos(self) -> list[tuple[str, str]]:
        """(valor, etiqueta) de la portada."""
        tonos = Counter(p.tono for p in self.piezas)
        folios = {f for p in self.piezas for f in p.nota.boletines}
        return [
            (numero(len(self.piezas)), "notas del día"),
            (numero(sum(p.seccion == MUNICIPIO for p in self.piezas)), "notas del municipio"),
            (numero(sum(bool(p.nota.boletines) for p in self.piezas)), "notas que retoman boletín"),
            (numero(len(folios)), "boletines retomados"),
            *[(numero(tonos[t]), f"tono {t}") for t in (*TONOS, SIN_TONO)],
        ]


def seccion_de(nota: NotaSintesis) -> str:
    """Sección de la síntesis según la regla del módulo."""
    if REDES in (_seccion_por_tipo(nota.medio_tipo), _seccion_por_tipo(nota.tipo_captura)):
        return REDES
    if RADIO_TV in (_seccion_por_tipo(nota.medio_tipo), _seccion_por_tipo(nota.tipo_captura)):
        return RADIO_TV
    if nota.seccion and _OPINION.search(_sin_acentos(nota.seccion)):
        return COLUMNAS
    if nota.boletines or nota.menciones:
        return MUNICIPIO
    return _POR_AMBITO.get(nota.medio_ambito, REGION)


def _seccion_por_tipo(tipo: str) -> str | None:
    """Sección que impone un tipo de medio o de captura."""
    if tipo == "red_social":
        return REDES
    return RADIO_TV if tipo in {"radio", "television"} else None


def _sin_acentos(texto: str) -> str:
    """Minúsculas sin acentos, para comparar secciones escritas de mil formas."""
    return normalizar.sin_acentos(texto.lower())


def _motivos(nota: NotaSintesis, umbral: int) -> tuple[str, ...]:
    """Por qué una nota requiere atención: tono negativo o alto alcance potencial."""
    motivos = []
    if nota.tono == "negativo":
        motivos.append("tono negativo")
    relevante = bool(nota.boletines or nota.menciones)
    if relevante and (nota.audiencia or 0) >= umbral:
        motivos.append(f"alcance potencial de {numero(nota.audiencia)}")
    return tuple(motivos)


def armar_sintesis(
    sesion: Session, fecha: dt.date, ajustes: configuracion.Configuracion
) -> Sintesis:
    """Lee las notas del día local y las ubica por sección."""
    inicio, fin = dias_utc(fecha, fecha, ajustes.zona)
    piezas = tuple(
        Pieza(
            nota=n,
            seccion=seccion_de(n),
            resumen=resumen_corto(n.resumen, n.texto),
            enlace=enlace_publico(n.url_original, n.url_canonica),
            atencion=_motivos(n, ajustes.alcance_alerta),
        )
        for n in notas_de_sintesis(sesion, inicio, fin)
    )
    return Sintesis(fecha, ajustes.zona, piezas, ajustes.dir_testigos, ajustes.alcance_alerta)


def generar_sintesis(sesion: Session, fecha: dt.date, formato: str, salida: Path) -> Path:
    """Genera la síntesis del día en PDF, Excel o HTML y devuelve la ruta escrita."""
    if formato not in FORMATOS:
        raise ValueError(f"formato de síntesis desconocido: {formato!r} (use pdf, xlsx o html)")
    sintesis = armar_sintesis(sesion, fecha, configuracion.cargar())
    if formato == "pdf":
        return pdf_sintesis(sintesis, salida)
    if formato == "xlsx":
        return xlsx_sintesis(sintesis, salida)
    salida.parent.mkdir(parents=True, exist_ok=True)
    salida.write_text(html_sintesis(sintesis, con_miniaturas=True), encoding="utf-8")
    return salida


def _hora(pieza: Pieza, zona: ZoneInfo) -> str:
    """Hora local de publicación o «sin hora»."""
    fecha = pieza.nota.fecha_publicacion
    return "sin hora" if fecha is None else f"{local(fecha, zona):%H:%M}"


def _linea_datos(pieza: Pieza, zona: ZoneInfo) -> str:
    """«Medio · Digital · 08:15 · tono neutral · retoma boletín 045/2026»."""
    partes = [pieza.nota.medio, ETIQUETAS_TIPO.get(pieza.nota.medio_tipo, pieza.nota.medio_tipo)]
    partes += [_hora(pieza, zona), f"tono {pieza.tono}"]
    if pieza.nota.boletines:
        partes.append("retoma boletín " + ", ".join(pieza.nota.boletines))
    if pieza.nota.programa:
        partes.append(f"programa {pieza.nota.programa}")
    return " · ".join(partes)


# --- PDF ---------------------------------------------------------------------------------------


def pdf_sintesis(sintesis: Sintesis, salida: Path) -> Path:
    """Escribe la síntesis en PDF: portada con conteos y alertas, luego una sección por ámbito."""
    pdf = DocumentoPDF(sintesis.titulo, sintesis.zona)
    pdf.titulo("Síntesis informativa")
    pdf.parrafo(f"{fecha_larga(sintesis.fecha)} · {DIRECCION}", 10, "", COLOR_TENUE)
    pdf.ln(3)
    pdf.indicadores(sintesis.conteos())
    _pdf_atencion(pdf, sintesis)
    _pdf_indice(pdf, sintesis)
    for seccion, piezas in sintesis.por_seccion():
        pdf.seccion(f"{seccion} ({numero(len(piezas))})")
        for pieza in piezas:
            _pdf_pieza(pdf, pieza, sintesis)
    return pdf.guardar(salida)


def _pdf_atencion(pdf: DocumentoPDF, sintesis: Sintesis) -> None:
    """Lista de notas que requieren atención en la portada."""
    pdf.seccion("Requieren atención")
    atencion = sintesis.atencion()
    if not atencion:
        pdf.parrafo("Ninguna nota negativa ni de alto alcance potencial hoy.", 9, "I")
    for pieza in atencion[:LIMITE_ATENCION]:
        pdf.parrafo(f"{pieza.nota.medio}: {pieza.nota.titulo}", 9, "B")
        pdf.parrafo(
            f"Motivo: {', '.join(pieza.atencion)} · sección {pieza.seccion}", 8, "", COLOR_TENUE
        )
        pdf.ln(1)
    if len(atencion) > LIMITE_ATENCION:
        restantes = numero(len(atencion) - LIMITE_ATENCION)
        pdf.parrafo(f"Y {restantes} notas más marcadas en sus secciones.", 8, "I")


def _pdf_indice(pdf: DocumentoPDF, sintesis: Sintesis) -> None:
    """Cuántas notas hay en cada sección."""
    pdf.seccion("Contenido")
    filas = [[s, numero(len(ps))] for s, ps in sintesis.por_seccion()]
    if not filas:
        pdf.parrafo("No se registraron notas este día.", 9, "I")
        return
    pdf.tabla(["Sección", "Notas"], filas, anchos=(3, 1))


def _pdf_pieza(pdf: DocumentoPDF, pieza: Pieza, sintesis: Sintesis) -> None:
    """Bloque de una nota: datos, titular con enlace, resumen, enlace y miniatura del testigo."""
    pdf.asegurar_espacio(28)
    pdf.parrafo(_linea_datos(pieza, sintesis.zona), 7.5, "", COLOR_TENUE)
    pdf.fuente(10, "B")
    pdf.multi_cell(
        0, 5, pdf.limpio(pieza.nota.titulo), link=pieza.enlace or "", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.parrafo(pieza.resumen, 8.5)
    if pieza.atencion:
        pdf.parrafo("Requiere atención: " + ", ".join(pieza.atencion), 8, "B", (198, 40, 40))
    if pieza.enlace:
        pdf.fuente(7, "", (0, 70, 160))
        visible = pieza.enlace
        if len(visible) > LARGO_ENLACE_VISIBLE:
            visible = visible[: LARGO_ENLACE_VISIBLE - 1] + "…"
        pdf.multi_cell(
            0, 3.5, pdf.limpio(visible), link=pieza.enlace, new_x="LMARGIN", new_y="NEXT"
        )
    imagen = (
        miniatura(sintesis.dir_testigos, pieza.nota.miniatura) if pieza.nota.miniatura else None
    )
    if imagen is not None:
        pdf.ln(1)
        pdf.imagen(imagen, 45, 45)
    pdf.set_draw_color(220, 220, 220)
    pdf.line(pdf.l_margin, pdf.get_y() + 1.5, pdf.w - pdf.r_margin, pdf.get_y() + 1.5)
    pdf.ln(4)


# --- Excel -------------------------------------------------------------------------------------

ENCABEZADOS_XLSX = (
    "Sección",
    "Medio",
    "Tipo de medio",
    "Fecha de publicación",
    "Titular",
    "Resumen",
    "Tono",
    "Boletín retomado",
    "Requiere atención",
    "Enlace",
)


def xlsx_sintesis(sintesis: Sintesis, salida: Path) -> Path:
    """Escribe la síntesis en Excel: hoja de notas y hoja de resumen."""
    filas = [_fila_xlsx(p, sintesis.zona) for s in sintesis.por_seccion() for p in s[1]]
    resumen = [[etiqueta, valor] for valor, etiqueta in sintesis.conteos()]
    return escribir_libro(
        salida,
        [
            Hoja("Síntesis", ENCABEZADOS_XLSX, filas, columna_enlace=len(ENCABEZADOS_XLSX) - 1),
            Hoja(
                "Resumen",
                ("Indicador", "Valor"),
                [["Fecha", fecha_larga(sintesis.fecha)], *resumen],
            ),
        ],
    )


def _fila_xlsx(pieza: Pieza, zona: ZoneInfo) -> list[object]:
    """Una fila de Excel por nota (fecha local sin zona, como la lee una hoja de cálculo)."""
    fecha = pieza.nota.fecha_publicacion
    return [
        pieza.seccion,
        pieza.nota.medio,
        ETIQUETAS_TIPO.get(pieza.nota.medio_tipo, pieza.nota.medio_tipo),
        local(fecha, zona).replace(tzinfo=None) if fecha else None,
        pieza.nota.titulo,
        pieza.resumen,
        pieza.tono,
        ", ".join(pieza.nota.boletines) or None,
        ", ".join(pieza.atencion) or None,
        pieza.enlace,
    ]


# --- HTML y texto para correo ------------------------------------------------------------------

_ESTILO_H2 = 'style="color:#7a1e34;border-bottom:2px solid #7a1e34"'
_NINGUNA = "Ninguna nota negativa ni de alto alcance potencial hoy."
_ESTILO = (
    "font-family:Arial,Helvetica,sans-serif;color:#212121;max-width:760px;margin:0 auto;"
    "padding:16px;line-height:1.4"
)


def _e(texto: object) -> str:
    """Escapa para HTML (todo texto rastreado pasa por aquí)."""
    return html.escape("" if texto is None else str(texto), quote=True)


def html_sintesis(sintesis: Sintesis, con_miniaturas: bool) -> str:
    """HTML autónomo de la síntesis (para archivo o correo), con todo el texto escapado."""
    partes = [
        '<!DOCTYPE html><html lang="es-MX"><head><meta charset="utf-8">',
        f'<title>{_e(sintesis.titulo)}</title></head><body style="{_ESTILO}">',
        f'<p style="color:#6e6e6e;margin:0">{_e(institucion())} · {_e(DIRECCION)}</p>',
        '<h1 style="color:#7a1e34;margin:4px 0">Síntesis informativa</h1>',
        f"<p><strong>{_e(fecha_larga(sintesis.fecha))}</strong></p>",
        _html_conteos(sintesis),
        _html_atencion(sintesis),
    ]
    for seccion, piezas in sintesis.por_seccion():
        partes.append(f"<h2 {_ESTILO_H2}>{_e(seccion)} ({len(piezas)})</h2>")
        partes += [_html_pieza(p, sintesis, con_miniaturas) for p in piezas]
    if not sintesis.piezas:
        partes.append("<p><em>No se registraron notas este día.</em></p>")
    partes.append("</body></html>")
    return "\n".join(partes)


def _html_conteos(sintesis: Sintesis) -> str:
    """Tabla de conteos de la portada."""
    celdas = "".join(
        f'<td style="padding:6px 10px;background:#f4eff0;text-align:center">'
        f'<div style="font-size:20px;font-weight:bold;color:#7a1e34">{_e(v)}</div>'
        f'<div style="font-size:11px;color:#6e6e6e">{_e(etiqueta)}</div></td>'
        for v, etiqueta in sintesis.conteos()
    )
    return f'<table role="presentation" style="border-spacing:4px"><tr>{celdas}</tr></table>'


def _html_atencion(sintesis: Sintesis) -> str:
    """Lista de notas que requieren atención."""
    atencion = sintesis.atencion()[:LIMITE_ATENCION]
    if not atencion:
        return f"<h2 {_ESTILO_H2}>Requieren atención</h2><p><em>{_NINGUNA}</em></p>"
    items = "".join(
        f"<li><strong>{_e(p.nota.medio)}</strong>: {_e(p.nota.titulo)} "
        f'<span style="color:#c62828">({_e(", ".join(p.atencion))})</span></li>'
        for p in atencion
    )
    return f'<h2 style="color:#c62828">Requieren atención</h2><ul>{items}</ul>'


def _html_pieza(pieza: Pieza, sintesis: Sintesis, con_miniaturas: bool) -> str:
    """Bloque HTML de una nota."""
    titular = _e(pieza.nota.titulo)
    if pieza.enlace:
        titular = f'<a href="{_e(pieza.enlace)}" style="color:#0b57d0">{titular}</a>'
    alerta = ""
    if pieza.atencion:
        motivos = _e(", ".join(pieza.atencion))
        alerta = f'<p style="color:#c62828;margin:2px 0"><b>Requiere atención:</b> {motivos}</p>'
    imagen = _html_miniatura(pieza, sintesis) if con_miniaturas else ""
    datos = _e(_linea_datos(pieza, sintesis.zona))
    return (
        '<div style="margin:10px 0;padding-bottom:8px;border-bottom:1px solid #ddd">'
        f'<p style="color:#6e6e6e;font-size:12px;margin:0">{datos}</p>'
        f'<p style="font-size:16px;font-weight:bold;margin:2px 0">{titular}</p>'
        f'<p style="margin:2px 0">{_e(pieza.resumen)}</p>{alerta}{imagen}</div>'
    )


def _html_miniatura(pieza: Pieza, sintesis: Sintesis) -> str:
    """Miniatura del testigo incrustada como data: URI (JPEG), o vacío."""
    if not pieza.nota.miniatura:
        return ""
    imagen = miniatura(sintesis.dir_testigos, pieza.nota.miniatura)
    if imagen is None:
        return ""
    memoria = io.BytesIO()
    imagen.save(memoria, format="JPEG", quality=80)
    codigo = base64.b64encode(memoria.getvalue()).decode("ascii")
    return f'<img src="data:image/jpeg;base64,{codigo}" alt="Testigo" style="max-width:240px">'


def texto_sintesis(sintesis: Sintesis) -> str:
    """Versión en texto plano para clientes de correo sin HTML."""
    lineas = [sintesis.titulo, f"{institucion()} · {DIRECCION}", ""]
    lineas += [f"{etiqueta}: {valor}" for valor, etiqueta in sintesis.conteos()]
    for seccion, piezas in sintesis.por_seccion():
        lineas += ["", seccion.upper()]
        for p in piezas:
            lineas += [f"- {p.nota.medio}: {p.nota.titulo}", f"  {p.resumen}"]
            lineas += [f"  {p.enlace}"] if p.enlace else []
    lineas += ["", "El PDF completo va adjunto."]
    return "\n".join(lineas)
