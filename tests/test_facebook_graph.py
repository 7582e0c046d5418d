"""Cliente de la Graph API contra un servidor HTTP local que revisa lo que llega."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator

import pytest

from oficina.graph import INTENTOS, ClienteGraph, ErrorGraph, Foto
from tests.graph_local import Falla, GraphLocal, servir_graph

JPEG = b"\xff\xd8\xff\xe0" + b"foto de la presidenta" * 50 + b"\xff\xd9"


@pytest.fixture
def graph() -> Iterator[GraphLocal]:
    with servir_graph() as g:
        yield g


def _cliente(g: GraphLocal, **ajustes: float) -> ClienteGraph:
    opciones = {"espera_base": 0.01, **ajustes}
    return ClienteGraph(g.pagina, g.token, g.api, **opciones)  # type: ignore[arg-type]


def _sin_token_a_la_vista(g: GraphLocal) -> None:
    """El token sólo viaja en el encabezado Authorization."""
    for p in g.peticiones:
        assert p.encabezados["Authorization"] == f"Bearer {g.token}"
        assert g.token not in p.ruta + p.consulta
        assert all(g.token not in v for v in p.campos.values())


def test_texto_va_al_feed_con_el_token_en_el_encabezado(graph: GraphLocal) -> None:
    with _cliente(graph) as cliente:
        publicado = cliente.publicar("Inicia la jornada de vacunación en Tampacán.")
    (peticion,) = graph.a("feed")
    assert peticion.campos == {"message": "Inicia la jornada de vacunación en Tampacán."}
    assert publicado.id_facebook.startswith(f"{graph.pagina}_")
    numero = publicado.id_facebook.split("_")[1]
    assert publicado.enlace == f"https://www.facebook.com/{graph.pagina}/posts/{numero}"
    _sin_token_a_la_vista(graph)


def test_una_foto_sube_en_multipart_con_el_mensaje(graph: GraphLocal) -> None:
    with _cliente(graph) as cliente:
        publicado = cliente.publicar("Entrega de útiles", [Foto("entrega.jpg", JPEG, "image/jpeg")])
    (peticion,) = graph.peticiones
    assert peticion.ruta.endswith("/photos")
    assert peticion.encabezados["Content-Type"].startswith("multipart/form-data")
    assert peticion.archivos["source"] == ("entrega.jpg", "image/jpeg", JPEG)
    assert peticion.campos == {"message": "Entrega de útiles", "published": "true"}
    assert publicado.id_facebook.startswith(f"{graph.pagina}_")
    _sin_token_a_la_vista(graph)


def test_varias_fotos_se_suben_sin_publicar_y_se_adjuntan_al_feed(graph: GraphLocal) -> None:
    fotos = [Foto(f"f{k}.jpg", JPEG + bytes([k]), "image/jpeg") for k in range(3)]
    with _cliente(graph) as cliente:
        cliente.publicar("Tres fotos del tianguis", fotos)
    subidas = graph.a("photos")
    assert [p.campos for p in subidas] == [{"published": "false"}] * 3
    assert [p.archivos["source"][2] for p in subidas] == [f.contenido for f in fotos]
    (feed,) = graph.a("feed")
    adjuntas = [json.loads(feed.campos[f"attached_media[{k}]"])["media_fbid"] for k in range(3)]
    assert len(set(adjuntas)) == 3
    assert feed.campos["message"] == "Tres fotos del tianguis"
    _sin_token_a_la_vista(graph)


def test_un_5xx_pasajero_se_reintenta(graph: GraphLocal) -> None:
    graph.fallar("feed", Falla(500, 2, mensaje="Service temporarily unavailable"), Falla(503))
    with _cliente(graph) as cliente:
        publicado = cliente.publicar("Texto")
    assert len(graph.a("feed")) == 3
    assert publicado.id_facebook


def test_un_endpoint_que_siempre_falla_se_rinde_sin_marcarlo_definitivo(graph: GraphLocal) -> None:
    graph.fallar("feed", *[Falla(500, 1, mensaje="An unknown error occurred")] * 10)
    with _cliente(graph) as cliente, pytest.raises(ErrorGraph) as error:
        cliente.publicar("Texto")
    assert len(graph.a("feed")) == INTENTOS
    assert not error.value.definitivo
    assert "error interno" in error.value.motivo
    assert "An unknown error occurred" in error.value.motivo


def test_limite_de_tasa_espera_lo_que_pide_retry_after(graph: GraphLocal) -> None:
    graph.fallar(
        "feed",
        Falla(400, 32, mensaje="Page request limit reached", encabezados={"Retry-After": "1"}),
    )
    with _cliente(graph) as cliente:
        inicio = time.monotonic()
        cliente.publicar("Texto")
        transcurrido = time.monotonic() - inicio
    assert len(graph.a("feed")) == 2
    assert transcurrido >= 1.0


def test_limite_de_tasa_largo_no_traba_el_ciclo(graph: GraphLocal) -> None:
    uso = {"1234": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 60}]}
    encabezados = {"X-Business-Use-Case-Usage": json.dumps(uso)}
    graph.fallar("feed", Falla(400, 613, mensaje="Calls limit", encabezados=encabezados))
    with _cliente(graph, espera_maxima=30) as cliente, pytest.raises(ErrorGraph) as error:
        inicio = time.monotonic()
        cliente.publicar("Texto")
    assert time.monotonic() - inicio < 5
    assert len(graph.a("feed")) == 1
    assert not error.value.definitivo
    assert "límite de tasa" in error.value.motivo


def test_token_vencido_no_se_reintenta_y_lo_explica(graph: GraphLocal) -> None:
    graph.fallar("feed", Falla(400, 190, 463, mensaje=f"Session has expired. token={graph.token}"))
    with _cliente(graph) as cliente, pytest.raises(ErrorGraph) as error:
        cliente.publicar("Texto")
    assert len(graph.a("feed")) == 1
    assert error.value.definitivo
    assert "venció" in error.value.motivo
    assert "MONITOREO_FACEBOOK_TOKEN" in error.value.motivo
    assert graph.token not in str(error.value)


def test_token_equivocado_lo_rechaza_el_servidor(graph: GraphLocal) -> None:
    cliente = ClienteGraph(graph.pagina, "EAAotroToken", graph.api)
    with cliente, pytest.raises(ErrorGraph) as error:
        cliente.publicar("Texto")
    assert error.value.definitivo and error.value.codigo == 190
    assert len(graph.peticiones) == 1


def test_sin_permiso_no_se_reintenta(graph: GraphLocal) -> None:
    graph.fallar("photos", Falla(403, 200, mensaje="(#200) Requires pages_manage_posts"))
    with _cliente(graph) as cliente, pytest.raises(ErrorGraph) as error:
        cliente.publicar("Texto", [Foto("a.jpg", JPEG, "image/jpeg")])
    assert len(graph.peticiones) == 1
    assert error.value.definitivo
    assert "permiso" in error.value.motivo


def test_otro_rechazo_de_graph_es_definitivo_con_su_mensaje(graph: GraphLocal) -> None:
    graph.fallar("feed", Falla(400, 368, mensaje="Temporarily blocked for policies violations"))
    with _cliente(graph) as cliente, pytest.raises(ErrorGraph) as error:
        cliente.publicar("Texto")
    assert error.value.definitivo
    assert "policies violations" in error.value.motivo


def test_sin_respuesta_a_tiempo_no_se_reintenta_para_no_duplicar(graph: GraphLocal) -> None:
    graph.fallar("feed", Falla(200, pausa=2.0))
    with _cliente(graph, tiempo_espera=0.5) as cliente, pytest.raises(ErrorGraph) as error:
        cliente.publicar("Texto")
    assert len(graph.a("feed")) == 1
    assert error.value.definitivo
    assert "no se sabe" in error.value.motivo


def test_sin_servidor_se_reintenta_y_queda_pendiente() -> None:
    with socket.socket() as libre:
        libre.bind(("127.0.0.1", 0))
        puerto = libre.getsockname()[1]
    cliente = ClienteGraph(
        "123456789", "EAAx", f"http://127.0.0.1:{puerto}/v21.0", espera_base=0.01
    )
    with cliente, pytest.raises(ErrorGraph) as error:
        cliente.publicar("Texto")
    assert not error.value.definitivo
    assert "conectar" in error.value.motivo


def test_sin_token_no_hay_cliente() -> None:
    with pytest.raises(ErrorGraph) as error:
        ClienteGraph("123456789", "", "http://127.0.0.1:1/v21.0")
    assert "MONITOREO_FACEBOOK_TOKEN" in error.value.motivo


def test_el_token_no_aparece_en_los_registros(
    graph: GraphLocal, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    graph.fallar("feed", Falla(500, 2, mensaje=f"eco del token {graph.token}"))
    with _cliente(graph) as cliente:
        cliente.publicar("Texto")
    assert any("reintento" in r.getMessage() for r in caplog.records)
    assert all(graph.token not in r.getMessage() for r in caplog.records)
    assert graph.token not in caplog.text
