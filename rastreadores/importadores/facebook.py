"""Facebook sin scraping: exportaciones de Meta Business Suite y captura asistida de publicaciones.

Exportación (CSV o Excel, encabezados en español o inglés): cada publicación es una nota
`red_social` con sus métricas en `Nota.metricas`. La llave es el enlace permanente canónico (o un
URN con el id de la publicación si no hay enlace); reimportar actualiza las métricas sin duplicar.
Cuando el archivo trae renglones por día (columna «Fecha»/«Date») y además el renglón «Total» de la
publicación, sólo se usa el «Total»; sin él, se suman los días (el alcance no es sumable: se toma el
máximo diario, una cota inferior). Las horas se leen en la zona de la oficina, que es la que Meta
usa al exportar para una página configurada en México.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy.orm import Session

from datos.config import cargar
from datos.modelos import TipoCaptura, TipoTestigo
from datos.repositorio.capturas import NotaCapturada, buscar_medio, guardar_captura
from datos.repositorio.notas import EstadoGuardado
from rastreadores.importadores.archivos import IMPRESOS, validar_archivo
from rastreadores.importadores.tabla import (
    Fila,
    celda_entero,
    celda_fecha,
    celda_texto,
    leer_tabla,
    normalizar_encabezado,
    ubicar_columnas,
)
from rastreadores.importadores.transmisiones import ResultadoImportacion, validar_url_http
from rastreadores.urls import canonizar

log = logging.getLogger(__name__)

LARGO_MAXIMO_TITULO = 200
# Valor de la columna Fecha/Date que marca el renglón acumulado de una publicación.
FECHA_TOTAL = "total"

# Nombres de columnas de la exportación (ver ../shared/datos/facebook/...columns.csv).
ALIAS_FACEBOOK: dict[str, tuple[str, ...]] = {
    "id": ("Post ID", "Identificador de la publicación", "ID de la publicación"),
    "titulo": ("Title", "Título"),
    "descripcion": ("Description", "Descripción", "Message", "Mensaje"),
    "publicada": ("Publish time", "Hora de publicación", "Fecha de publicación"),
    "enlace": ("Permalink", "Enlace permanente"),
    "tipo": ("Post type", "Tipo de publicación"),
    "duracion": ("Duration (sec)", "Duración (segundos)"),
    "fecha_reporte": ("Date", "Fecha"),
}
# Métrica guardada → encabezados posibles.
METRICAS: dict[str, tuple[str, ...]] = {
    "alcance": ("Reach", "Alcance"),
    "impresiones": ("Impressions", "Impresiones"),
    "visualizaciones": ("Views", "Visualizaciones"),
    "reacciones": ("Reactions", "Reacciones"),
    "comentarios": ("Comments", "Comentarios"),
    "compartidos": ("Shares", "Veces que se compartió"),
    "interacciones": (
        "Reactions, Comments and Shares",
        "Reacciones, comentarios y veces que se compartió",
    ),
    "clics": ("Total clicks", "Total de clics"),
    "clics_enlace": ("Link clicks", "Clics en el enlace"),
    "alcance_organico": ("Reach from Organic posts", "Alcance de Publicaciones orgánicas"),
    "alcance_pagado": ("Reach from Boosted posts", "Alcance de Publicaciones promocionadas"),
    "reproducciones_3s": ("3-Second Video Views", "Reproducciones de video de 3 segundos"),
    "segundos_reproducidos": ("Seconds viewed", "Segundos reproducidos"),
}
# Métricas de personas únicas: sumar días las contaría dos veces; se toma el máximo.
NO_SUMABLES = frozenset({"alcance", "alcance_organico", "alcance_pagado"})
# Facebook añade a sus enlaces parámetros de seguimiento con doble guion bajo (__cft__[0],
# __tn__, __xts__) y de origen (mibextid, rdid, sfnsn); ninguno cambia la publicación.
_PARAMETROS_FACEBOOK = frozenset({"mibextid", "rdid", "sfnsn", "refid", "paipv", "eav", "_rdr"})
_HOSTS_FACEBOOK = frozenset(
    {"facebook.com", "m.facebook.com", "web.facebook.com", "mbasic.facebook.com"}
)
_ENCABEZADOS_EN_INGLES = frozenset(normalizar_encabezado(a[0]) for a in ALIAS_FACEBOOK.values())


@dataclass
class Publicacion:
    """Una publicación leída de la exportación, con la línea donde apareció primero."""

    linea: int
    llave: str
    datos: dict[str, str | None]
    metricas: dict[str, int] = field(default_factory=dict)
    total: bool = False


def _leer_metricas(valores: Mapping[str, Any], columnas: Mapping[str, str]) -> dict[str, int]:
    """Métricas presentes en la fila (las vacías se omiten); ValueError si una no es número."""
    metricas: dict[str, int] = {}
    for nombre, columna in columnas.items():
        try:
            valor = celda_entero(valores.get(columna))
        except ValueError as exc:
            raise ValueError(f"{nombre}: {exc}") from exc
        if valor is not None:
            metricas[nombre] = valor
    return metricas


def _leer_fila(fila: Fila, columnas: Mapping[str, str], metricas: Mapping[str, str]) -> Publicacion:
    """Publicación de una fila; ValueError si no tiene id ni enlace o trae números inválidos."""
    datos = {campo: celda_texto(fila.valores.get(col)) for campo, col in columnas.items()}
    llave = datos.get("id") or datos.get("enlace")
    if not llave:
        raise ValueError("la fila no tiene identificador ni enlace de la publicación")
    total = (datos.get("fecha_reporte") or "").casefold() == FECHA_TOTAL
    return Publicacion(fila.linea, llave, datos, _leer_metricas(fila.valores, metricas), total)


def _sumar_dias(grupo: list[Publicacion]) -> Publicacion:
    """Une los renglones diarios de una publicación: suma, salvo alcance (máximo)."""
    metricas: dict[str, int] = {}
    for dia in grupo:
        for nombre, valor in dia.metricas.items():
            previo = metricas.get(nombre, 0)
            metricas[nombre] = max(previo, valor) if nombre in NO_SUMABLES else previo + valor
    return Publicacion(grupo[0].linea, grupo[0].llave, grupo[-1].datos, metricas)


def _combinar(grupo: list[Publicacion]) -> Publicacion:
    """Un renglón por publicación: el «Total» si lo hay, los días sumados, o el último."""
    totales = [p for p in grupo if p.total]
    if totales:
        return totales[-1]
    por_dia = len(grupo) > 1 and all(p.datos.get("fecha_reporte") for p in grupo)
    return _sumar_dias(grupo) if por_dia else grupo[-1]


def agrupar(publicaciones: list[Publicacion]) -> list[Publicacion]:
    """Publicaciones únicas por llave, en el orden en que aparecieron."""
    grupos: dict[str, list[Publicacion]] = {}
    for publicacion in publicaciones:
        grupos.setdefault(publicacion.llave, []).append(publicacion)
    return [_combinar(g) for g in grupos.values()]


def _fecha_publicacion(valor: str | None, dia_primero: bool) -> dt.datetime | None:
    """Fecha y hora de publicación en la zona de la oficina (None si no viene)."""
    if valor is None:
        return None
    fecha, hora = celda_fecha(valor, dia_primero=dia_primero)
    momento = dt.datetime.combine(fecha, (hora or dt.time(0)).replace(tzinfo=None))
    zona = hora.tzinfo if hora is not None and hora.tzinfo else cargar().zona
    return momento.replace(tzinfo=zona)


def _primera_linea(texto: str) -> str:
    """Primera línea no vacía, recortada para título."""
    linea = next((ln for ln in texto.splitlines() if ln.strip()), texto)
    return " ".join(linea.split())[:LARGO_MAXIMO_TITULO]


def canonizar_facebook(url: str) -> str:
    """URL canónica general más limpieza de los parámetros de seguimiento de Facebook."""
    partes = urlsplit(canonizar(url))
    host = partes.netloc
    if host in _HOSTS_FACEBOOK:
        host = "www.facebook.com"
    if host != "www.facebook.com":
        return urlunsplit(partes)
    pares = [
        (k, v)
        for k, v in parse_qsl(partes.query, keep_blank_values=True)
        if not k.startswith("__") and k.lower() not in _PARAMETROS_FACEBOOK
    ]
    return urlunsplit((partes.scheme, host, partes.path, urlencode(pares), ""))


def urn_publicacion(medio_id: int, id_publicacion: str) -> str:
    """URN de una publicación de la que no hay enlace."""
    return f"urn:monitoreo:facebook:{medio_id}:{id_publicacion}"


def _urls(pub: Publicacion, medio_id: int) -> tuple[str, tuple[str, ...]]:
    """URL canónica (enlace o URN) y la alternativa con la que pudo guardarse antes."""
    enlace = pub.datos.get("enlace")
    ident = pub.datos.get("id")
    urn = urn_publicacion(medio_id, ident) if ident else None
    if enlace:
        return canonizar_facebook(validar_url_http(enlace)), ((urn,) if urn else ())
    return str(urn), ()


def _nota_de(pub: Publicacion, medio_id: int, dia_primero: bool) -> NotaCapturada:
    """Datos a guardar de una publicación de la exportación."""
    titulo_col, descripcion = pub.datos.get("titulo"), pub.datos.get("descripcion")
    texto = descripcion or titulo_col or f"Publicación sin texto ({pub.datos.get('tipo') or '?'})"
    canonica, alternativas = _urls(pub, medio_id)
    return NotaCapturada(
        medio_id=medio_id,
        url_canonica=canonica,
        url_original=pub.datos.get("enlace"),
        titulo=_primera_linea(titulo_col or texto),
        texto=texto,
        tipo_captura=TipoCaptura.RED_SOCIAL,
        fecha_publicacion=_fecha_publicacion(pub.datos.get("publicada"), dia_primero),
        duracion_segundos=celda_entero(pub.datos.get("duracion")),
        metricas=dict(pub.metricas),
        alternativas=alternativas,
    )


def _leer_publicaciones(
    archivo: Path, resultado: ResultadoImportacion
) -> tuple[list[Publicacion], bool]:
    """Publicaciones únicas del archivo y si las fechas vienen en orden inglés (mes primero)."""
    tabla = leer_tabla(archivo)
    columnas = ubicar_columnas(tabla, ALIAS_FACEBOOK)
    if "id" not in columnas and "enlace" not in columnas:
        raise ValueError(
            "no parece una exportación de Meta Business Suite: falta la columna "
            "«Identificador de la publicación» / «Post ID» o «Enlace permanente» / «Permalink»"
        )
    metricas = ubicar_columnas(tabla, METRICAS)
    leidas: list[Publicacion] = []
    for fila in tabla.filas:
        try:
            leidas.append(_leer_fila(fila, columnas, metricas))
        except ValueError as exc:
            resultado.errores.append((fila.linea, str(exc)))
    mes_primero = columnas.get("publicada") in _ENCABEZADOS_EN_INGLES
    return agrupar(leidas), mes_primero


def importar_exportacion_facebook(
    sesion: Session, archivo: Path, *, medio: str
) -> ResultadoImportacion:
    """Importa publicaciones de una exportación; las ya guardadas sólo actualizan métricas.

    guardadas: nuevas o con texto cambiado; repetidas: ya estaban (métricas al día).
    """
    destino = buscar_medio(sesion, medio)
    resultado = ResultadoImportacion()
    publicaciones, mes_primero = _leer_publicaciones(archivo, resultado)
    for pub in publicaciones:
        try:
            with sesion.begin_nested():
                guardado = guardar_captura(sesion, _nota_de(pub, destino.id, not mes_primero))
        except ValueError as exc:
            resultado.errores.append((pub.linea, str(exc)))
            continue
        nueva = guardado.estado is not EstadoGuardado.SIN_CAMBIOS
        resultado.guardadas += nueva
        resultado.repetidas += not nueva
    resultado.errores.sort()
    log.info("Facebook %s (%s): %s", archivo.name, destino.nombre, resultado)
    return resultado


def capturar_publicacion(
    sesion: Session,
    *,
    medio: str,
    url: str,
    texto: str,
    fecha: dt.datetime | None = None,
    captura: Path | None = None,
) -> int:
    """Captura asistida: URL y texto copiados por el personal (y captura de pantalla opcional)."""
    destino = buscar_medio(sesion, medio)
    original = validar_url_http(url)
    limpio = texto.strip()
    if not limpio:
        raise ValueError("la publicación no tiene texto")
    if fecha is not None and fecha.tzinfo is None:
        raise ValueError("la fecha de la publicación no tiene zona horaria")
    datos = NotaCapturada(
        medio_id=destino.id,
        url_canonica=canonizar_facebook(original),
        url_original=original,
        titulo=_primera_linea(limpio),
        texto=limpio,
        tipo_captura=TipoCaptura.RED_SOCIAL,
        fecha_publicacion=fecha,
        tipo_testigo=TipoTestigo.CAPTURA,
    )
    if captura is not None:
        imagen = validar_archivo(captura, IMPRESOS)
        datos.testigo, datos.extension_testigo = imagen.contenido, imagen.tipo
    return guardar_captura(sesion, datos).nota_id
