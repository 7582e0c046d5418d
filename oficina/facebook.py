"""La página de Facebook del Ayuntamiento: borradores desde boletines y publicación de lo aprobado.

Publicar tiene tres pasos y la red va fuera de la transacción: (1) se aparta la publicación
(`reservar`) y se leen su texto y sus fotos, verificando que sigue siendo exactamente lo que aprobó
la directora; (2) se llama a la Graph API; (3) se anota el resultado. Sin token configurado no sale
nada. Un error de token o de permisos la deja `fallida` con el motivo; uno pasajero (5xx, límite
de tasa, sin conexión) la deja aprobada para el siguiente ciclo, hasta `INTENTOS_MAXIMOS`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from analisis.facebook import adaptar_texto
from datos.config import Configuracion
from datos.modelos import EstadoBoletin, PublicacionFacebook, TipoRecurso, ahora
from datos.repositorio import facebook as repo
from datos.repositorio.boletines import obtener as obtener_boletin
from datos.repositorio.recursos import ruta_de
from oficina.graph import ClienteGraph, ErrorGraph, Foto, Publicado

log = logging.getLogger(__name__)

USUARIO_SERVICIO = "servicio:facebook"
# Fotos del boletín que entran por omisión al borrador (el muro muestra bien hasta 4).
FOTOS_POR_OMISION = 4
# Ciclos con error pasajero antes de darla por fallida (con el servicio cada 15 min: ~1 h).
INTENTOS_MAXIMOS = 5
SIN_TOKEN = (
    "no hay página o token de Facebook configurados (MONITOREO_FACEBOOK_PAGINA y "
    "MONITOREO_FACEBOOK_TOKEN): no se publica nada"
)
PUBLICABLES = frozenset({EstadoBoletin.APROBADO, EstadoBoletin.ENVIADO})


def proxima_hora(momento: dt.datetime, config: Configuracion) -> dt.datetime:
    """La siguiente hora en punto (hora de la oficina): hora por omisión de un borrador."""
    local = momento.astimezone(config.zona).replace(minute=0, second=0, microsecond=0)
    return local + dt.timedelta(hours=1)


def borrador_desde_boletin(
    s: Session,
    boletin_id: int,
    usuario: str,
    config: Configuracion,
    *,
    programada_para: dt.datetime | None = None,
    enlace: str | None = None,
    fotos: Sequence[int] | None = None,
) -> PublicacionFacebook:
    """Borrador de publicación con el texto adaptado y las fotos del boletín aprobado."""
    boletin = obtener_boletin(s, boletin_id)
    if boletin.estado not in PUBLICABLES:
        raise repo.PublicacionInvalida(
            f"el boletín {boletin.folio} está {boletin.estado.value}: "
            "apruébelo antes de preparar su publicación"
        )
    texto = adaptar_texto(
        boletin.titular,
        boletin.entradilla,
        boletin.cuerpo,
        enlace=enlace,
        hashtags=config.facebook.hashtags,
    )
    if fotos is None:
        del_boletin = [r.id for r in boletin.recursos if r.tipo is TipoRecurso.FOTO]
        fotos = del_boletin[:FOTOS_POR_OMISION]
    cuando = programada_para or proxima_hora(ahora(), config)
    return repo.crear(
        s, texto=texto, programada_para=cuando, usuario=usuario, boletin=boletin, fotos=fotos
    )


@dataclass(frozen=True)
class Apartada:
    """Lo que se necesita para publicar, leído dentro de la transacción que la apartó."""

    id: int
    texto: str
    fotos: list[Foto]
    intentos: int


@dataclass
class ResumenPublicacion:
    """Resultado de un ciclo: publicadas con enlace, fallidas y pendientes con su motivo."""

    publicadas: list[tuple[int, str]] = field(default_factory=list)
    fallidas: list[tuple[int, str]] = field(default_factory=list)
    pendientes: list[tuple[int, str]] = field(default_factory=list)
    sin_configurar: bool = False

    def como_dict(self) -> dict[str, object]:
        """Para `--json`."""
        return {
            "publicadas": [{"id": i, "enlace": e} for i, e in self.publicadas],
            "fallidas": [{"id": i, "error": m} for i, m in self.fallidas],
            "pendientes": [{"id": i, "error": m} for i, m in self.pendientes],
            "sin_configurar": self.sin_configurar,
        }


def _foto(recurso_ruta: str, nombre: str, tipo_mime: str) -> Foto:
    """La foto del banco leída del disco."""
    with open(recurso_ruta, "rb") as archivo:
        return Foto(nombre, archivo.read(), tipo_mime)


def _apartar(
    s: Session, publicacion_id: int, usuario: str, resumen: ResumenPublicacion
) -> Apartada | None:
    """Aparta y lee la publicación si sigue aprobada tal cual; None si no toca publicarla."""
    publicacion = repo.obtener(s, publicacion_id)
    if not repo.aprobada_intacta(publicacion) or not repo.reservar(s, publicacion.id, ahora()):
        return None
    s.refresh(publicacion)
    try:
        fotos = [
            _foto(str(ruta_de(r)), r.nombre_archivo, r.tipo_mime) for r in publicacion.recursos
        ]
    except OSError as exc:
        motivo = f"no se pudo leer una foto del banco de medios: {exc.strerror or exc}"
        repo.marcar_fallida(s, publicacion, motivo, usuario, definitiva=True)
        resumen.fallidas.append((publicacion.id, motivo))
        return None
    return Apartada(publicacion.id, publicacion.texto, fotos, publicacion.intentos)


def _anotar(
    s: Session,
    apartada: Apartada,
    resultado: Publicado | ErrorGraph,
    usuario: str,
    resumen: ResumenPublicacion,
) -> None:
    """Escribe el resultado de la llamada a Graph y lo suma al resumen."""
    publicacion = repo.obtener(s, apartada.id)
    if isinstance(resultado, Publicado):
        repo.marcar_publicada(s, publicacion, resultado.id_facebook, resultado.enlace, usuario)
        resumen.publicadas.append((apartada.id, resultado.enlace))
        return
    agotada = apartada.intentos >= INTENTOS_MAXIMOS
    motivo = resultado.motivo
    if agotada and not resultado.definitivo:
        motivo = f"se intentó {apartada.intentos} veces sin éxito; último error: {motivo}"
    definitiva = resultado.definitivo or agotada
    repo.marcar_fallida(s, publicacion, motivo, usuario, definitiva=definitiva)
    (resumen.fallidas if definitiva else resumen.pendientes).append((apartada.id, motivo))


def _publicar_una(
    fabrica: sessionmaker[Session],
    cliente: ClienteGraph,
    publicacion_id: int,
    usuario: str,
    resumen: ResumenPublicacion,
) -> None:
    """Aparta, publica y anota una publicación (cada paso en su propia transacción)."""
    with fabrica.begin() as s:
        apartada = _apartar(s, publicacion_id, usuario, resumen)
    if apartada is None:
        return
    resultado: Publicado | ErrorGraph
    try:
        resultado = cliente.publicar(apartada.texto, apartada.fotos)
    except ErrorGraph as exc:
        resultado = exc
    with fabrica.begin() as s:
        _anotar(s, apartada, resultado, usuario, resumen)
    log.info("Facebook: publicación %s → %s", publicacion_id, resultado)


def _cliente(config: Configuracion) -> ClienteGraph | None:
    """El cliente de Graph, o None si falta página o token."""
    fb = config.facebook
    return ClienteGraph(fb.pagina, fb.token, fb.api) if fb.configurado else None


def publicar(
    fabrica: sessionmaker[Session],
    config: Configuracion,
    ids: Sequence[int] | None = None,
    *,
    usuario: str = USUARIO_SERVICIO,
    momento: dt.datetime | None = None,
    cliente: ClienteGraph | None = None,
) -> ResumenPublicacion:
    """Publica las aprobadas vencidas (o las `ids` aprobadas, aunque no haya llegado su hora)."""
    resumen = ResumenPublicacion()
    cliente = cliente or _cliente(config)
    if cliente is None:
        resumen.sin_configurar = True
        return resumen
    with fabrica.begin() as s:
        elegidas = _elegir(s, ids, momento or ahora())
    with cliente:
        for publicacion_id in elegidas:
            _publicar_una(fabrica, cliente, publicacion_id, usuario, resumen)
    return resumen


def _elegir(s: Session, ids: Sequence[int] | None, momento: dt.datetime) -> list[int]:
    """Las vencidas, o las pedidas si están aprobadas sin cambios (si no, error en español)."""
    if ids is None:
        return [p.id for p in repo.vencidas(s, momento)]
    for publicacion_id in ids:
        publicacion = repo.obtener(s, publicacion_id)
        if not repo.aprobada_intacta(publicacion):
            raise repo.PublicacionInvalida(
                f"la publicación {publicacion_id} está {publicacion.estado.value}: "
                "sólo se publica lo que aprobó la directora"
            )
    return list(ids)
