"""Calendario de la página: borradores, aprobación y publicación contra una Graph local."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from analisis.facebook import LARGO_RESUMEN, adaptar_texto
from datos import config
from datos.modelos import (
    Boletin,
    EstadoBoletin,
    EstadoPublicacion,
    PublicacionFacebook,
    Rol,
    Usuario,
)
from datos.repositorio import facebook as repo
from datos.repositorio.boletines import PermisoDenegado
from datos.repositorio.recursos import subir_recurso
from datos.sesion import fabrica
from oficina import facebook
from oficina.graph import INTENTOS
from tests import fabricas
from tests.graph_local import Falla, GraphLocal, servir_graph

AHORA = dt.datetime.now(dt.UTC)
ANTES = AHORA - dt.timedelta(hours=1)
DESPUES = AHORA + dt.timedelta(days=1)


@pytest.fixture
def graph(monkeypatch: pytest.MonkeyPatch, url_bd: str) -> Iterator[GraphLocal]:
    """Graph local y la configuración apuntando a ella."""
    with servir_graph() as g:
        monkeypatch.setenv("MONITOREO_FACEBOOK_PAGINA", g.pagina)
        monkeypatch.setenv("MONITOREO_FACEBOOK_TOKEN", g.token)
        monkeypatch.setenv("MONITOREO_FACEBOOK_API", g.api)
        config.recargar()
        yield g
    config.recargar()


def _usuarios(s: Session) -> None:
    s.add_all(
        [
            Usuario(nombre="dora", rol=Rol.DIRECTORA, hash_contrasena="-"),
            Usuario(nombre="beto", rol=Rol.PERSONAL, hash_contrasena="-"),
        ]
    )
    s.flush()


def _png(color: str) -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(salida, "PNG")
    return salida.getvalue()


def _publicacion(
    s: Session, texto: str, cuando: dt.datetime, *, aprobar: bool, fotos: tuple[int, ...] = ()
) -> PublicacionFacebook:
    p = repo.crear(s, texto=texto, programada_para=cuando, usuario="beto", fotos=fotos)
    if aprobar:
        repo.aprobar(s, p.id, "dora", repo.version(p))
    return p


def _publicar(motor: Engine) -> facebook.ResumenPublicacion:
    ajustes = config.cargar()
    cliente = facebook.ClienteGraph(
        ajustes.facebook.pagina, ajustes.facebook.token, ajustes.facebook.api, espera_base=0.01
    )
    return facebook.publicar(fabrica(motor), ajustes, cliente=cliente)


def test_texto_adaptado_titular_primeras_frases_liga_y_hashtags() -> None:
    entradilla = (
        "El Ayuntamiento de Tampacán entregó 300 paquetes de útiles escolares. "
        "La entrega fue en la primaria Benito Juárez. " + "Siguió una frase larga. " * 40
    )
    texto = adaptar_texto(
        "Entregan útiles en Tampacán",
        entradilla,
        enlace="https://tampacan.gob.mx/boletines/045",
        hashtags=("#Tampacán",),
    )
    titulo, resumen, liga, etiquetas = texto.split("\n\n")
    assert titulo == "Entregan útiles en Tampacán"
    assert resumen.startswith("El Ayuntamiento de Tampacán entregó 300 paquetes")
    assert resumen.endswith(".")
    assert len(resumen) <= LARGO_RESUMEN
    assert liga.endswith("https://tampacan.gob.mx/boletines/045")
    assert etiquetas == "#Tampacán"


def test_una_primera_frase_enorme_se_corta_en_palabra() -> None:
    texto = adaptar_texto("Título", "palabra " * 200)
    resumen = texto.split("\n\n")[1]
    assert resumen.endswith("palabra…")
    assert len(resumen) <= LARGO_RESUMEN + 1


def test_borrador_desde_boletin_aprobado_con_sus_fotos(sesion: Session) -> None:
    _usuarios(sesion)
    b = fabricas.boletin(sesion, 45, AHORA, "Inauguran la red de agua", "obras")
    foto = subir_recurso(sesion, "obra.png", _png("blue"))
    b.recursos.append(foto)
    sesion.flush()
    p = facebook.borrador_desde_boletin(sesion, b.id, "beto", config.cargar())
    assert p.estado is EstadoPublicacion.BORRADOR
    assert p.texto.startswith("Inauguran la red de agua\n\nEl Ayuntamiento de Tampacán inauguró")
    assert [r.id for r in p.recursos] == [foto.id]
    assert p.boletin_id == b.id
    assert p.programada_para > AHORA


def test_sin_boletin_aprobado_no_hay_borrador(sesion: Session) -> None:
    b = fabricas.boletin(sesion, 46, AHORA, "Borrador", "obras")
    b.estado = EstadoBoletin.BORRADOR
    sesion.flush()
    with pytest.raises(repo.PublicacionInvalida, match="apruébelo"):
        facebook.borrador_desde_boletin(sesion, b.id, "beto", config.cargar())


def test_solo_la_directora_aprueba_y_editar_quita_la_aprobacion(sesion: Session) -> None:
    _usuarios(sesion)
    p = _publicacion(sesion, "Texto", DESPUES, aprobar=False)
    with pytest.raises(PermisoDenegado):
        repo.aprobar(sesion, p.id, "beto", repo.version(p))
    vieja = repo.version(p)
    repo.editar(sesion, p.id, "beto", texto="Texto corregido")
    with pytest.raises(repo.PublicacionInvalida, match="cambió"):
        repo.aprobar(sesion, p.id, "dora", vieja)
    repo.aprobar(sesion, p.id, "dora", repo.version(p))
    assert p.estado is EstadoPublicacion.APROBADA and p.version_aprobada == repo.version(p)
    repo.editar(sesion, p.id, "beto", programada_para=DESPUES + dt.timedelta(hours=2))
    assert p.estado is EstadoPublicacion.BORRADOR
    assert p.version_aprobada is None and p.aprobado_por_id is None


def test_nada_sin_aprobar_se_publica(sesion: Session, motor: Engine, graph: GraphLocal) -> None:
    _usuarios(sesion)
    borrador = _publicacion(sesion, "Borrador vencido", ANTES, aprobar=False)
    revision = _publicacion(sesion, "En revisión vencida", ANTES, aprobar=False)
    repo.enviar_a_revision(sesion, revision.id, "beto")
    cancelada = _publicacion(sesion, "Cancelada", ANTES, aprobar=True)
    repo.cancelar(sesion, cancelada.id, "beto")
    futura = _publicacion(sesion, "Aprobada para mañana", DESPUES, aprobar=True)
    vencida = _publicacion(sesion, "Aprobada y vencida", ANTES, aprobar=True)
    # Alguien cambia el texto por fuera del flujo (SQL directo): la huella ya no coincide.
    alterada = _publicacion(sesion, "Aprobada original", ANTES, aprobar=True)
    sesion.commit()
    sesion.execute(
        update(PublicacionFacebook)
        .where(PublicacionFacebook.id == alterada.id)
        .values(texto="Texto que nadie aprobó")
    )
    sesion.commit()
    resumen = _publicar(motor)
    assert [i for i, _ in resumen.publicadas] == [vencida.id]
    assert [p.campos["message"] for p in graph.peticiones] == ["Aprobada y vencida"]
    sesion.expire_all()
    assert vencida.estado is EstadoPublicacion.PUBLICADA
    assert vencida.enlace and vencida.enlace.startswith("https://www.facebook.com/")
    assert vencida.id_facebook and vencida.intentos == 1
    for otra in (borrador, revision, cancelada, futura, alterada):
        assert otra.estado is not EstadoPublicacion.PUBLICADA
    with pytest.raises(repo.PublicacionInvalida, match="sólo se publica"):
        facebook.publicar(fabrica(motor), config.cargar(), [borrador.id])
    assert len(graph.peticiones) == 1


def test_publicar_ya_una_aprobada_futura_y_no_dos_veces(
    sesion: Session, motor: Engine, graph: GraphLocal
) -> None:
    _usuarios(sesion)
    futura = _publicacion(sesion, "Aviso urgente", DESPUES, aprobar=True)
    sesion.commit()
    resumen = facebook.publicar(fabrica(motor), config.cargar(), [futura.id])
    assert [i for i, _ in resumen.publicadas] == [futura.id]
    assert _publicar(motor).publicadas == []
    assert len(graph.peticiones) == 1


def test_con_fotos_del_banco_llegan_los_mismos_bytes(
    sesion: Session, motor: Engine, graph: GraphLocal
) -> None:
    _usuarios(sesion)
    fotos = [subir_recurso(sesion, f"f{k}.png", _png(c)) for k, c in enumerate(("red", "green"))]
    _publicacion(sesion, "Dos fotos", ANTES, aprobar=True, fotos=tuple(f.id for f in fotos))
    sesion.commit()
    assert len(_publicar(motor).publicadas) == 1
    subidas = graph.a("photos")
    assert [p.archivos["source"][2] for p in subidas] == [_png("red"), _png("green")]
    assert {p.archivos["source"][1] for p in subidas} == {"image/png"}


def test_sin_token_no_se_publica_nada(
    sesion: Session, motor: Engine, graph: GraphLocal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _usuarios(sesion)
    p = _publicacion(sesion, "Aprobada", ANTES, aprobar=True)
    sesion.commit()
    monkeypatch.setenv("MONITOREO_FACEBOOK_TOKEN", "")
    resumen = facebook.publicar(fabrica(motor), config.recargar())
    assert resumen.sin_configurar and resumen.publicadas == []
    assert graph.peticiones == []
    sesion.expire_all()
    assert p.estado is EstadoPublicacion.APROBADA


def test_token_vencido_la_deja_fallida_con_motivo(
    sesion: Session, motor: Engine, graph: GraphLocal
) -> None:
    _usuarios(sesion)
    p = _publicacion(sesion, "Aprobada", ANTES, aprobar=True)
    sesion.commit()
    graph.fallar("feed", Falla(400, 190, 463, mensaje="Session has expired"))
    resumen = _publicar(motor)
    assert [i for i, _ in resumen.fallidas] == [p.id]
    sesion.expire_all()
    assert p.estado is EstadoPublicacion.FALLIDA
    assert p.error and "venció" in p.error and p.enlace is None


def test_graph_caido_la_deja_aprobada_y_luego_fallida(
    sesion: Session, motor: Engine, graph: GraphLocal
) -> None:
    _usuarios(sesion)
    p = _publicacion(sesion, "Aprobada", ANTES, aprobar=True)
    sesion.commit()
    graph.fallar("feed", *[Falla(503, 2, mensaje="Service unavailable")] * 100)
    for ciclo in range(1, facebook.INTENTOS_MAXIMOS):
        assert [i for i, _ in _publicar(motor).pendientes] == [p.id]
        sesion.expire_all()
        assert (p.estado, p.intentos) == (EstadoPublicacion.APROBADA, ciclo)
        assert p.error and "error interno" in p.error
    assert [i for i, _ in _publicar(motor).fallidas] == [p.id]
    sesion.expire_all()
    assert p.estado is EstadoPublicacion.FALLIDA
    assert p.error and p.error.startswith(f"se intentó {facebook.INTENTOS_MAXIMOS} veces")


def test_reservar_impide_publicar_dos_veces(sesion: Session) -> None:
    _usuarios(sesion)
    p = _publicacion(sesion, "Aprobada", ANTES, aprobar=True)
    assert repo.reservar(sesion, p.id, AHORA)
    assert not repo.reservar(sesion, p.id, AHORA + dt.timedelta(minutes=1))
    assert repo.reservar(sesion, p.id, AHORA + repo.RESERVA + dt.timedelta(seconds=1))


def test_el_boletin_de_origen_puede_borrarse(sesion: Session) -> None:
    b = fabricas.boletin(sesion, 47, AHORA, "Titular", "obras")
    sesion.flush()
    p = repo.crear(sesion, texto="x", programada_para=DESPUES, usuario="beto", boletin=b)
    sesion.delete(sesion.get(Boletin, b.id))
    sesion.flush()
    sesion.expire_all()
    assert p.boletin_id is None


def test_el_servicio_publica_lo_aprobado_y_espera_tras_un_tropiezo(
    sesion: Session, graph: GraphLocal
) -> None:
    from operacion.servicio import REINTENTO, Servicio

    _usuarios(sesion)
    primera = _publicacion(sesion, "Primera", ANTES, aprobar=True)
    _publicacion(sesion, "Sin aprobar", ANTES, aprobar=False)
    sesion.commit()
    reloj = [AHORA]
    servicio = Servicio(config.cargar(), ahora=lambda: reloj[0])
    assert servicio.facebook_si_toca() is True
    assert [p.campos["message"] for p in graph.peticiones] == ["Primera"]
    assert servicio.facebook_si_toca() is False  # nada más que publicar
    segunda = _publicacion(sesion, "Segunda", ANTES, aprobar=True)
    sesion.commit()
    # Retry-After: 0 para no esperar las pausas reales del servicio entre intentos.
    graph.fallar("feed", *[Falla(500, 1, encabezados={"Retry-After": "0"})] * INTENTOS)
    assert servicio.facebook_si_toca() is True
    assert servicio.facebook_si_toca() is False  # espera REINTENTO antes de volver a intentar
    reloj[0] = AHORA + REINTENTO
    assert servicio.facebook_si_toca() is True
    sesion.expire_all()
    assert primera.estado is EstadoPublicacion.PUBLICADA
    assert segunda.estado is EstadoPublicacion.PUBLICADA and segunda.intentos == 2
