"""Vigilancia del portal de transparencia: revisa cada formato, calcula su vigencia y avisa.

Por formato: GET condicional cortés (`rastreadores.portal`), fechas del archivo
(`rastreadores.formatos_portal`) o, si no trae, la cabecera Last-Modified; estado con el plazo
legal (`analisis.vigencia`); y un correo cuando algo queda vencido, una sola vez por plazo.
La red se usa fuera de la transacción: primero se leen los formatos, luego se descargan y al
final se escriben los resultados.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from analisis.vigencia import ETIQUETAS, EstadoVigencia, Periodicidad, periodo_publicable, vigencia
from datos.config import Configuracion
from datos.modelos import FormatoPortal
from datos.repositorio.portal import Revision, anotar_revision, formatos_activos, marcar_alertados
from oficina import correo
from rastreadores.formatos_portal import FechasFormato, FormatoIlegible, leer_fechas
from rastreadores.portal import ClientePortal, Descarga, DescargaFallida
from reportes import DIRECCION, institucion

log = logging.getLogger(__name__)

ORIGEN_ARCHIVO = "archivo"
ORIGEN_CABECERAS = "cabeceras HTTP"
SIN_FECHAS = (
    "el archivo no trae «Fecha de término del periodo» ni «Fecha de actualización» "
    "y el servidor no envía Last-Modified"
)


@dataclass(frozen=True)
class Pendiente:
    """Lo que hace falta de un formato para revisarlo sin sesión abierta."""

    id: int
    url: str
    periodicidad: Periodicidad
    etag: str | None
    ultima_modificacion: str | None
    periodo_fin: dt.date | None
    actualizado: dt.date | None

    @classmethod
    def de(cls, f: FormatoPortal) -> Pendiente:
        """Copia de la fila."""
        return cls(
            f.id, f.url, f.periodicidad, f.etag, f.ultima_modificacion, f.periodo_fin, f.actualizado
        )


@dataclass(frozen=True)
class ResultadoFormato:
    """Una línea del resumen de la revisión."""

    id: int
    fraccion: str
    url: str
    estado: EstadoVigencia
    motivo: str
    sin_cambios: bool


@dataclass(frozen=True)
class ResumenPortal:
    """Todo lo revisado y cuántos formatos vencidos se alertaron por correo."""

    formatos: list[ResultadoFormato]
    alertados: int


def _fecha_cabecera(valor: str | None, config: Configuracion) -> dt.date | None:
    """Fecha local de una cabecera HTTP (Last-Modified); None si falta o no se entiende."""
    if not valor:
        return None
    try:
        return parsedate_to_datetime(valor).astimezone(config.zona).date()
    except (TypeError, ValueError):
        return None


def _evaluar(
    cubre: dt.date | None, actualizado: dt.date | None, p: Pendiente, hoy: dt.date
) -> tuple[EstadoVigencia, str, dt.date | None]:
    """Estado, motivo y fecha límite a partir del fin del periodo o del último cambio."""
    if cubre is None and actualizado is not None:
        cubre = periodo_publicable(actualizado, p.periodicidad)
    if cubre is None:
        return EstadoVigencia.SIN_FECHAS, SIN_FECHAS, None
    v = vigencia(cubre, p.periodicidad, hoy)
    return v.estado, v.motivo, v.limite


def _revision_nueva(
    p: Pendiente, d: Descarga, config: Configuracion, hoy: dt.date, ahora: dt.datetime
) -> Revision:
    """Revisión de un formato que llegó con contenido (200)."""
    nota = ""
    try:
        fechas = leer_fechas(d.contenido, d.tipo, p.url)
    except FormatoIlegible as exc:
        fechas, nota = FechasFormato(), f"{exc}; "
    cabecera = _fecha_cabecera(d.ultima_modificacion, config)
    origen = ORIGEN_ARCHIVO if not fechas.vacio else (ORIGEN_CABECERAS if cabecera else None)
    actualizado = fechas.actualizado or cabecera
    estado, motivo, limite = _evaluar(fechas.fin, actualizado, p, hoy)
    return Revision(
        estado,
        nota + motivo,
        ahora,
        etag=d.etag,
        ultima_modificacion=d.ultima_modificacion,
        periodo_inicio=fechas.inicio,
        periodo_fin=fechas.fin,
        actualizado=actualizado,
        origen_fechas=origen,
        limite=limite,
        nuevo=True,
    )


def revisar_formato(
    cliente: ClientePortal, p: Pendiente, hoy: dt.date, ahora: dt.datetime
) -> tuple[Revision, bool]:
    """Descarga y evalúa un formato; (revisión, ¿sin cambios?). Nunca lanza por la red."""
    try:
        d = cliente.descargar(p.url, p.etag, p.ultima_modificacion)
    except DescargaFallida as exc:
        return Revision(EstadoVigencia.ERROR, f"no se pudo revisar: {exc.motivo}", ahora), False
    if d.sin_cambios:
        estado, motivo, limite = _evaluar(p.periodo_fin, p.actualizado, p, hoy)
        texto = f"sin cambios desde la revisión anterior; {motivo}"
        return Revision(estado, texto, ahora, limite=limite), True
    return _revision_nueva(p, d, cliente.config, hoy, ahora), False


def _revisar_sin_romper(
    cliente: ClientePortal, p: Pendiente, hoy: dt.date, ahora: dt.datetime
) -> tuple[Revision, bool]:
    """`revisar_formato`, pero un archivo que revienta al leerlo no detiene a los demás."""
    try:
        return revisar_formato(cliente, p, hoy, ahora)
    except Exception as exc:  # frontera: un formato raro no debe dejar sin revisar al resto
        log.exception("error interno al revisar %s", p.url)
        motivo = f"error interno al leer el archivo ({type(exc).__name__}); ver el registro"
        return Revision(EstadoVigencia.ERROR, motivo, ahora), False


def revisar_portal(
    fabrica: sessionmaker[Session], config: Configuracion, *, ahora: dt.datetime
) -> ResumenPortal:
    """Revisa todos los formatos activos, guarda su estado y alerta los vencidos nuevos."""
    hoy = ahora.astimezone(config.zona).date()
    with fabrica.begin() as s:
        pendientes = [Pendiente.de(f) for f in formatos_activos(s)]
    cliente = ClientePortal(config)
    revisados = [(p, *_revisar_sin_romper(cliente, p, hoy, ahora)) for p in pendientes]
    resultados: list[ResultadoFormato] = []
    with fabrica.begin() as s:
        for p, revision, sin_cambios in revisados:
            f = anotar_revision(s, p.id, revision)
            resultados.append(
                ResultadoFormato(f.id, f.fraccion, f.url, f.estado, f.motivo or "", sin_cambios)
            )
    with fabrica.begin() as s:
        alertados = alertar_vencidos(s, config)
    return ResumenPortal(resultados, alertados)


def _por_alertar(s: Session) -> list[FormatoPortal]:
    """Vencidos activos cuyo plazo vencido aún no se avisó."""
    consulta = select(FormatoPortal).where(
        FormatoPortal.activo.is_(True), FormatoPortal.estado == EstadoVigencia.VENCIDO
    )
    return [
        f for f in s.scalars(consulta.order_by(FormatoPortal.id)) if f.alertado_limite != f.limite
    ]


def asunto_alerta(cantidad: int) -> str:
    """«Portal de transparencia: 1 formato vencido» (plural con varios)."""
    que = "1 formato vencido" if cantidad == 1 else f"{cantidad} formatos vencidos"
    return f"Portal de transparencia: {que}"


def _linea(f: FormatoPortal) -> str:
    """«Fracción XXIX — nombre: motivo»."""
    nombre = f" — {f.nombre}" if f.nombre else ""
    return f"Fracción {f.fraccion}{nombre} ({f.periodicidad.value}): {f.motivo or ''}"


def texto_alerta(formatos: Sequence[FormatoPortal]) -> str:
    """Cuerpo en texto plano del correo."""
    partes = [
        f"{institucion()} — {DIRECCION}",
        "",
        "Formatos del portal fuera del plazo legal:",
        "",
    ]
    for f in formatos:
        partes += [f"- {_linea(f)}", f"  {f.url}"]
    return "\n".join(partes)


def html_alerta(formatos: Sequence[FormatoPortal]) -> str:
    """Cuerpo HTML (escapado) del correo."""
    e = html.escape
    piezas = "".join(
        f'<li><a href="{e(f.url, quote=True)}">{e(_linea(f))}</a></li>' for f in formatos
    )
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8"></head>'
        f'<body style="font-family:sans-serif"><p>{e(institucion())} — {e(DIRECCION)}</p>'
        f'<p style="color:#c62828"><b>Formatos del portal fuera del plazo legal '
        f"({ETIQUETAS[EstadoVigencia.VENCIDO]}):</b></p><ul>{piezas}</ul></body></html>"
    )


def alertar_vencidos(s: Session, config: Configuracion) -> int:
    """Un correo con los formatos recién vencidos; devuelve cuántos se alertaron."""
    formatos = _por_alertar(s)
    if not formatos:
        return 0
    if not config.smtp.configurado or not config.sintesis_destinatarios:
        log.warning("formatos vencidos sin alerta: falta el servidor de correo o destinatarios")
        return 0
    mensaje = correo.crear_mensaje(
        asunto_alerta(len(formatos)),
        config.smtp.remitente,
        list(config.sintesis_destinatarios),
        texto_alerta(formatos),
        html_alerta(formatos),
    )
    try:
        correo.enviar(mensaje, config.smtp)
    except correo.ErrorDeCorreo as exc:
        log.error("no se pudo enviar la alerta del portal: %s", exc.motivo)
        return 0
    marcar_alertados(s, [f.id for f in formatos])
    return len(formatos)
