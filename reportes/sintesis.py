"""Síntesis informativa diaria: arma el día (con la edición del personal) y la escribe en PDF,
Excel o HTML. La regla de secciones y la agrupación por historia están en `sintesis_modelo`."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from analisis.metricas import audiencia_con_unidad
from datos import config as configuracion
from datos.consultas.reportes import NotaSintesis, notas_de_sintesis
from datos.consultas.sintesis import EdicionSintesis, edicion_del_dia, primeras_planas
from reportes import dias_utc, enlace_publico, fecha_larga, local, resumen_corto
from reportes.excel import Hoja, escribir_libro
from reportes.sintesis_html import Imagenes, html_sintesis, texto_sintesis
from reportes.sintesis_modelo import (
    COLUMNAS,
    MUNICIPIO,
    NACIONAL,
    RADIO_TV,
    REDES,
    REGION,
    SECCIONES,
    Entrada,
    Pieza,
    Sintesis,
    hora,
    ocho_columnas,
    por_secciones,
    seccion_de,
)
from reportes.sintesis_pdf import etiqueta_tipo, pdf_sintesis
from reportes.sintesis_resumen import resumen_ejecutivo

log = logging.getLogger(__name__)

FORMATOS = ("pdf", "xlsx", "html")
# "Dime las 5 cosas que importan hoy" es lo que más piden los usuarios (REFERENCIAS.md).
LIMITE_ATENCION = 5


def _motivos(nota: NotaSintesis, umbral: int) -> tuple[str, ...]:
    """Por qué una nota requiere atención: tono negativo o alto alcance potencial."""
    motivos = []
    if nota.tono == "negativo":
        motivos.append("tono negativo")
    relevante = bool(nota.boletines or nota.menciones)
    if relevante and (nota.audiencia or 0) >= umbral:
        cifra = audiencia_con_unidad(nota.audiencia, nota.audiencia_tipo, nota.medio_tipo)
        motivos.append(f"alcance potencial de {cifra}")
    return tuple(motivos)


def _sin_cabeza(texto: str, titulo: str) -> str:
    """El texto tras el titular: en una página impresa lo precede el cabezal del diario."""
    plano = " ".join(texto.split())
    posicion = plano.find(" ".join(titulo.split()))
    if posicion < 0 or not titulo.strip():
        return texto
    return plano[posicion + len(" ".join(titulo.split())) :].strip() or texto


def _pieza(nota: NotaSintesis, seccion: str, umbral: int) -> Pieza:
    """La nota ya ubicada, con resumen, enlace público y motivos de atención."""
    return Pieza(
        nota=nota,
        seccion=seccion,
        resumen=resumen_corto(nota.resumen, _sin_cabeza(nota.texto, nota.titulo)),
        enlace=enlace_publico(nota.url_original, nota.url_canonica),
        atencion=_motivos(nota, umbral),
    )


def piezas_del_dia(
    sesion: Session, fecha: dt.date, ajustes: configuracion.Configuracion
) -> tuple[list[NotaSintesis], list[Pieza]]:
    """Notas del día local y, de ellas, las que entran a la síntesis ya ubicadas."""
    inicio, fin = dias_utc(fecha, fecha, ajustes.zona)
    notas = notas_de_sintesis(sesion, inicio, fin)
    ubicadas = ((n, seccion_de(n)) for n in notas)
    piezas = [_pieza(n, s, ajustes.alcance_alerta) for n, s in ubicadas if s is not None]
    return notas, piezas


def armar_sintesis(
    sesion: Session,
    fecha: dt.date,
    ajustes: configuracion.Configuracion,
    edicion: EdicionSintesis | None = None,
) -> Sintesis:
    """Lee el día, lo agrupa por historia y aplica la edición guardada (o la dada)."""
    edicion = edicion if edicion is not None else edicion_del_dia(sesion, fecha)
    notas, piezas = piezas_del_dia(sesion, fecha, ajustes)
    inicio, fin = dias_utc(fecha, fecha, ajustes.zona)
    enlaces = {n.nota_id: enlace_publico(n.url_original, n.url_canonica) for n in notas}
    return Sintesis(
        fecha=fecha,
        zona=ajustes.zona,
        entradas=por_secciones(piezas, edicion),
        dir_testigos=ajustes.dir_testigos,
        umbral_alcance=ajustes.alcance_alerta,
        planas=tuple(primeras_planas(sesion, inicio, fin)),
        ocho_columnas=tuple(
            ocho_columnas([n for n in notas if n.nota_id not in edicion.excluidas], enlaces)
        ),
        nota_editorial=edicion.nota_editorial,
        excluidas=sum(p.nota.nota_id in edicion.excluidas for p in piezas),
        logo=ajustes.institucion.logo,
        medios_del_dia=len({n.medio for n in notas}),
    )


def generar_sintesis(sesion: Session, fecha: dt.date, formato: str, salida: Path) -> Path:
    """Genera la síntesis del día en PDF, Excel o HTML y devuelve la ruta escrita."""
    if formato not in FORMATOS:
        raise ValueError(f"formato de síntesis desconocido: {formato!r} (use pdf, xlsx o html)")
    return escribir_sintesis(armar_sintesis(sesion, fecha, configuracion.cargar()), formato, salida)


def escribir_sintesis(sintesis: Sintesis, formato: str, salida: Path) -> Path:
    """Escribe una síntesis ya armada en el formato pedido."""
    if formato == "pdf":
        return pdf_sintesis(sintesis, salida)
    if formato == "xlsx":
        return xlsx_sintesis(sintesis, salida)
    salida.parent.mkdir(parents=True, exist_ok=True)
    salida.write_text(html_sintesis(sintesis, con_miniaturas=True), encoding="utf-8")
    return salida


# --- Excel -------------------------------------------------------------------------------------

ENCABEZADOS_XLSX = (
    "Sección",
    "Historia",
    "Medio",
    "Tipo de medio",
    "Fecha de publicación",
    "Hora",
    "Titular",
    "Resumen",
    "Tono",
    "Boletín retomado",
    "Requiere atención",
    "Enlace",
)


def xlsx_sintesis(sintesis: Sintesis, salida: Path) -> Path:
    """Escribe la síntesis en Excel: notas, resumen, ocho columnas y primeras planas."""
    filas = [
        _fila_xlsx(seccion, k, pieza, sintesis.zona)
        for seccion, entradas in sintesis.por_seccion()
        for k, entrada in enumerate(entradas, start=1)
        for pieza in entrada.piezas
    ]
    resumen = [[etiqueta, valor] for valor, etiqueta in sintesis.conteos()]
    ejecutivo = [["Resumen ejecutivo", r] for r in resumen_ejecutivo(sintesis)]
    return escribir_libro(
        salida,
        [
            Hoja("Síntesis", ENCABEZADOS_XLSX, filas, columna_enlace=len(ENCABEZADOS_XLSX) - 1),
            Hoja(
                "Resumen",
                ("Indicador", "Valor"),
                [["Fecha", fecha_larga(sintesis.fecha)], *resumen, *ejecutivo],
            ),
            Hoja(
                "Ocho columnas",
                ("Medio", "Cabeza principal", "De dónde", "Enlace"),
                [[c.medio, c.titulo, c.origen, c.enlace] for c in sintesis.ocho_columnas],
                columna_enlace=3,
            ),
            Hoja(
                "Primeras planas",
                ("Medio", "Enlace a la edición"),
                [[p.medio, p.url] for p in sintesis.planas],
                columna_enlace=1,
            ),
        ],
    )


def _fila_xlsx(seccion: str, historia: int, pieza: Pieza, zona: ZoneInfo) -> list[object]:
    """Una fila de Excel por nota (fecha local sin zona, como la lee una hoja de cálculo)."""
    fecha = pieza.nota.fecha_publicacion
    return [
        seccion,
        historia,
        pieza.nota.medio,
        etiqueta_tipo(pieza.nota.medio_tipo, pieza.nota.tipo_captura),
        local(fecha, zona).replace(tzinfo=None) if fecha else None,
        hora(pieza.nota, zona),
        pieza.nota.titulo,
        pieza.resumen,
        pieza.tono,
        ", ".join(pieza.nota.boletines) or None,
        ", ".join(pieza.atencion) or None,
        pieza.enlace,
    ]


__all__ = [
    "COLUMNAS",
    "ENCABEZADOS_XLSX",
    "FORMATOS",
    "LIMITE_ATENCION",
    "MUNICIPIO",
    "NACIONAL",
    "RADIO_TV",
    "REDES",
    "REGION",
    "SECCIONES",
    "Entrada",
    "Imagenes",
    "Pieza",
    "Sintesis",
    "armar_sintesis",
    "escribir_sintesis",
    "generar_sintesis",
    "html_sintesis",
    "pdf_sintesis",
    "piezas_del_dia",
    "seccion_de",
    "texto_sintesis",
    "xlsx_sintesis",
]
