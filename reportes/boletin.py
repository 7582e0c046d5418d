"""Reporte por boletín (PDF): la matriz de retoma para rendición de cuentas.

Cada medio al que se envió el boletín o que lo publicó (retoma no rechazada): si publicó, cuándo,
con qué latencia, nivel y fidelidad, el enlace y el testigo (fecha de captura y recorte legible).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from analisis import etiquetas
from analisis.indicadores import Indicadores
from analisis.metricas import TOLERANCIA_ADELANTO_H
from datos import config as configuracion
from datos.consultas.metricas import indicadores_de_boletin
from datos.consultas.reportes import (
    BoletinReporte,
    FilaMatriz,
    boletin_para_reporte,
    matriz_del_boletin,
)
from datos.consultas.testigos import evidencia_de_nota
from reportes import enlace_publico, fecha_hora, horas, numero, porcentaje
from reportes.mensual import NOTA_METODOLOGICA
from reportes.pdf import COLOR_TENUE, DocumentoPDF
from reportes.testigo import recorte_de

NIVELES = {"integra": "íntegra", "parcial": "parcial", "reescrita": "reescrita"}
ESTADOS_ENVIO = {
    "pendiente": "pendiente",
    "enviado": "enviado",
    "fallido": "falló",
    "rebotado": "rebotado",
    "confirmado": "confirmado",
}
ESTADOS_LLEGARON = ("enviado", "confirmado")
# El recorte ocupa media página horizontal: el titular se lee sin lupa al imprimir.
ANCHO_RECORTE_MM = 140
ALTO_RECORTE_MM = 105


def latencia_horas(emision: dt.datetime, publicacion: dt.datetime | None) -> float | None:
    """Horas de emisión a publicación (0 si se adelantó dentro de la tolerancia; None si no)."""
    if publicacion is None:
        return None
    bruto = (publicacion - emision).total_seconds() / 3600
    return None if bruto < -TOLERANCIA_ADELANTO_H else max(bruto, 0.0)


def generar_reporte_boletin(sesion: Session, boletin_id: int, salida: Path) -> Path:
    """Genera el PDF de rendición de cuentas del boletín y devuelve la ruta."""
    boletin = boletin_para_reporte(sesion, boletin_id)
    if boletin is None:
        raise ValueError(f"no existe el boletín con id {boletin_id}")
    matriz = matriz_del_boletin(sesion, boletin_id)
    zona = configuracion.cargar().zona
    pdf = DocumentoPDF(f"Retoma del boletín {boletin.folio}", zona, horizontal=True)
    pdf.titulo(f"Boletín {boletin.folio}: {boletin.titular}", 14)
    pdf.parrafo(_datos_boletin(boletin, zona), 9, "", COLOR_TENUE)
    pdf.ln(2)
    cifras = indicadores_de_boletin(sesion, boletin_id)
    assert cifras is not None  # el boletín existe: se acaba de leer
    pdf.indicadores(_indicadores(cifras), por_renglon=6)
    _matriz(pdf, boletin, matriz, zona)
    _testigos(pdf, matriz, zona)
    _recortes(pdf, sesion, matriz, zona)
    pdf.ln(3)
    pdf.parrafo(NOTA_METODOLOGICA, 7.5, "I", COLOR_TENUE)
    return pdf.guardar(salida)


def _datos_boletin(boletin: BoletinReporte, zona: ZoneInfo) -> str:
    """Renglón con fecha de emisión, área y tema."""
    partes = [f"Emitido el {fecha_hora(boletin.fecha_emision, zona)}"]
    partes += [f"área: {boletin.area}"] if boletin.area else []
    partes += [f"tema: {etiquetas.tema(boletin.tema)}"] if boletin.tema else []
    return " · ".join(partes)


def _indicadores(cifras: Indicadores) -> list[tuple[str, str]]:
    """Los KPIs de la ficha del boletín en el tablero, de la misma definición."""
    return [
        (numero(cifras.medios_recibieron), "medios a los que llegó"),
        (numero(cifras.medios_publicaron), "medios que publicaron"),
        (porcentaje(cifras.tasa_medios), "tasa de retoma (de los que lo recibieron)"),
        (numero(cifras.retomas), "notas que lo retoman"),
        (horas(cifras.latencia_mediana_horas), "latencia mediana"),
        (porcentaje(cifras.fidelidad_media), "fidelidad media"),
    ]


def _matriz(
    pdf: DocumentoPDF, boletin: BoletinReporte, matriz: list[FilaMatriz], zona: ZoneInfo
) -> None:
    """Tabla medio por medio, con enlace en la columna de la nota."""
    pdf.seccion("Matriz de retoma")
    if not matriz:
        pdf.parrafo("El boletín no se envió a ningún medio ni se encontró publicado.", 9, "I")
        return
    encabezados = [
        "Medio",
        "Envío",
        "Publicó",
        "Cuándo",
        "Latencia",
        "Nivel",
        "Fidelidad",
        "Nota (enlace)",
        "Testigo",
    ]
    filas = [_fila(boletin, f, zona) for f in matriz]
    enlaces: list[list[str | None]] = [
        [*[None] * 7, enlace_publico(f.url_original, f.url_canonica), None] for f in matriz
    ]
    pdf.tabla(encabezados, filas, anchos=(2.2, 1.2, 0.8, 2, 1, 1, 1, 4, 2.2), enlaces=enlaces)


def _fila(boletin: BoletinReporte, fila: FilaMatriz, zona: ZoneInfo) -> list[str]:
    """Celdas de una fila de la matriz."""
    envio = ESTADOS_ENVIO.get(fila.enviado or "", "no se envió")
    if not fila.publicada:
        return [fila.medio, envio, "no", "—", "—", "—", "—", "—", "—"]
    enlace = enlace_publico(fila.url_original, fila.url_canonica)
    nota = f"{fila.titulo}\n{enlace}" if enlace else f"{fila.titulo}\n(sin enlace público)"
    testigo = "sin testigo"
    if fila.testigos:
        _, capturado = fila.testigos[0]
        testigo = f"capturado el\n{fecha_hora(capturado, zona)}"
    return [
        fila.medio,
        envio,
        "sí",
        fecha_hora(fila.fecha_publicacion, zona),
        horas(latencia_horas(boletin.fecha_emision, fila.fecha_publicacion)),
        NIVELES.get(fila.nivel or "", fila.nivel or "—"),
        porcentaje(fila.fidelidad),
        nota,
        testigo,
    ]


def _recortes(pdf: DocumentoPDF, sesion: Session, matriz: list[FilaMatriz], zona: ZoneInfo) -> None:
    """Titular y entrada de cada nota publicada, recortados de su captura o página impresa."""
    piezas = []
    for fila in matriz:
        evidencia = evidencia_de_nota(sesion, fila.nota_id) if fila.nota_id else None
        imagen = recorte_de(evidencia) if evidencia else None
        if evidencia is not None and imagen is not None:
            piezas.append((fila, evidencia, imagen))
    if not piezas:
        return
    pdf.seccion("Recortes de los testigos")
    for fila, evidencia, imagen in piezas:
        archivo = evidencia.principal("captura", "imagen", "pdf")
        capturado = fecha_hora(archivo.capturado_en, zona) if archivo else "—"
        pdf.parrafo(f"{fila.medio} · {fila.titulo or ''} · capturado el {capturado}", 8.5, "B")
        pdf.imagen(imagen, ANCHO_RECORTE_MM, ALTO_RECORTE_MM)
        pdf.ln(3)


def _testigos(pdf: DocumentoPDF, matriz: list[FilaMatriz], zona: ZoneInfo) -> None:
    """Testigos por medio: cuántas versiones y cuándo se capturó cada una.

    La huella sha256 de cada archivo va en el visor de testigos del tablero y en el manifiesto
    de `monitoreo testigo`, no en un documento para personas.
    """
    filas = [
        [f.medio, f.titulo or "—", ", ".join(fecha_hora(c, zona) for _, c in f.testigos)]
        for f in matriz
        if f.testigos
    ]
    if not filas:
        return
    pdf.seccion("Testigos")
    pdf.tabla(["Medio", "Nota", "Capturas (fecha y hora)"], filas, anchos=(2, 5, 3))
