"""Una Graph API de Meta de mentiras pero real: HTTP en 127.0.0.1 con `/feed` y `/photos`.

Implementa lo que usa `oficina.graph`: exige `Authorization: Bearer <token>` (y que el token no
viaje en la URL), lee formularios urlencoded y multipart, guarda cada petición para que la prueba
revise lo que llegó, y responde con fallas programadas por ruta (5xx, límite de tasa con
encabezados, token vencido, permisos) en el orden en que se pidan.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from demo.servidor import ServidorHTTP, en_hilo

VERSION = "v21.0"


@dataclass
class Peticion:
    """Lo que llegó al servidor en una petición."""

    ruta: str
    consulta: str
    encabezados: dict[str, str]
    campos: dict[str, str]
    archivos: dict[str, tuple[str, str, bytes]]


@dataclass
class Falla:
    """Una respuesta de error programada: estado HTTP, objeto `error` de Graph y encabezados."""

    estado: int
    codigo: int | None = None
    subcodigo: int | None = None
    mensaje: str = "error"
    encabezados: dict[str, str] = field(default_factory=dict)
    # Segundos que el servidor tarda antes de responder (para el tiempo de espera del cliente).
    pausa: float = 0.0


@dataclass
class GraphLocal:
    """Estado del servidor: página, token válido, fallas por ruta y peticiones recibidas."""

    pagina: str = "104857600123456"
    token: str = "EAAtokenDePrueba123"
    nombre: str = "H. Ayuntamiento de Tampacán"
    base: str = ""
    fallas: dict[str, list[Falla]] = field(default_factory=dict)
    peticiones: list[Peticion] = field(default_factory=list)
    candado: threading.Lock = field(default_factory=threading.Lock)
    _folios: Iterator[int] = field(default_factory=lambda: itertools.count(9000001))

    @property
    def api(self) -> str:
        """URL base con versión, como MONITOREO_FACEBOOK_API."""
        return f"{self.base}/{VERSION}"

    def fallar(self, ruta: str, *fallas: Falla) -> None:
        """Programa fallas para las próximas peticiones a `feed`, `photos` o "" (la página)."""
        self.fallas.setdefault(ruta, []).extend(fallas)

    def a(self, ruta: str) -> list[Peticion]:
        """Peticiones que llegaron a `feed` o `photos`."""
        return [p for p in self.peticiones if p.ruta.endswith(f"/{ruta}")]

    def siguiente_id(self) -> str:
        """Un id nuevo de objeto de Graph."""
        with self.candado:
            return str(next(self._folios))


def _formulario(tipo: str, cuerpo: bytes) -> tuple[dict[str, str], dict[str, Any]]:
    """Campos y archivos de un cuerpo urlencoded o multipart/form-data."""
    if tipo.startswith("application/x-www-form-urlencoded"):
        pares = parse_qs(cuerpo.decode(), keep_blank_values=True)
        return {k: v[-1] for k, v in pares.items()}, {}
    mensaje = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {tipo}\r\n\r\n".encode() + cuerpo
    )
    campos: dict[str, str] = {}
    archivos: dict[str, tuple[str, str, bytes]] = {}
    for parte in mensaje.iter_parts():
        nombre = parte.get_param("name", header="content-disposition")
        datos = parte.get_payload(decode=True)
        if parte.get_filename():
            archivos[str(nombre)] = (parte.get_filename(), parte.get_content_type(), datos)
        else:
            campos[str(nombre)] = datos.decode()
    return campos, archivos


class _Manejador(BaseHTTPRequestHandler):
    server: _Servidor

    def log_message(self, format: str, *args: object) -> None:
        """Silencioso."""

    def _json(
        self, estado: int, datos: dict[str, Any], extra: dict[str, str] | None = None
    ) -> None:
        cuerpo = json.dumps(datos).encode()
        self.send_response(estado)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(cuerpo)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(cuerpo)

    def _error(self, falla: Falla) -> None:
        error: dict[str, Any] = {"message": falla.mensaje, "type": "OAuthException"}
        if falla.codigo is not None:
            error["code"] = falla.codigo
        if falla.subcodigo is not None:
            error["error_subcode"] = falla.subcodigo
        self._json(falla.estado, {"error": error}, falla.encabezados)

    def do_GET(self) -> None:
        """La página misma (`GET /{página}?fields=id,name`): lo que usa `monitoreo doctor`."""
        graph = self.server.graph
        partes = urlsplit(self.path)
        with graph.candado:
            graph.peticiones.append(Peticion(partes.path, partes.query, dict(self.headers), {}, {}))
            pendientes = graph.fallas.get("", [])
            falla = pendientes.pop(0) if pendientes else None
        if partes.path != f"/{VERSION}/{graph.pagina}":
            self._error(Falla(404, 803, mensaje="Unknown path"))
        elif (
            self.headers.get("Authorization") != f"Bearer {graph.token}" or "token" in partes.query
        ):
            self._error(Falla(400, 190, mensaje="Invalid OAuth access token."))
        elif falla is not None:
            self._error(falla)
        else:
            self._json(200, {"id": graph.pagina, "name": graph.nombre})

    def do_POST(self) -> None:
        """Guarda la petición y responde: token, falla programada o éxito."""
        graph = self.server.graph
        partes = urlsplit(self.path)
        largo = int(self.headers.get("Content-Length") or 0)
        campos, archivos = _formulario(self.headers.get("Content-Type", ""), self.rfile.read(largo))
        peticion = Peticion(partes.path, partes.query, dict(self.headers), campos, archivos)
        with graph.candado:
            graph.peticiones.append(peticion)
        prefijo = f"/{VERSION}/{graph.pagina}/"
        if not partes.path.startswith(prefijo) or partes.path[len(prefijo) :] not in {
            "feed",
            "photos",
        }:
            self._error(Falla(404, 803, mensaje="Unknown path"))
            return
        if self.headers.get("Authorization") != f"Bearer {graph.token}" or "token" in partes.query:
            self._error(Falla(400, 190, mensaje="Invalid OAuth access token."))
            return
        self._responder(partes.path[len(prefijo) :], campos, archivos)

    def _responder(self, ruta: str, campos: dict[str, str], archivos: dict[str, Any]) -> None:
        graph = self.server.graph
        with graph.candado:
            pendientes = graph.fallas.get(ruta, [])
            falla = pendientes.pop(0) if pendientes else None
        if falla is not None:
            if falla.pausa:
                threading.Event().wait(falla.pausa)
            self._error(falla)
            return
        nuevo = graph.siguiente_id()
        if ruta == "feed":
            if not campos.get("message"):
                self._error(Falla(400, 100, mensaje="(#100) Missing message"))
                return
            self._json(200, {"id": f"{graph.pagina}_{nuevo}"})
            return
        if "source" not in archivos:
            self._error(Falla(400, 324, mensaje="(#324) Requires upload file"))
            return
        respuesta = {"id": nuevo}
        if campos.get("published", "true") != "false":
            respuesta["post_id"] = f"{graph.pagina}_{nuevo}"
        self._json(200, respuesta)


class _Servidor(ServidorHTTP):
    def __init__(self, graph: GraphLocal) -> None:
        super().__init__(("127.0.0.1", 0), _Manejador)
        self.graph = graph


@contextmanager
def servir_graph(graph: GraphLocal | None = None) -> Iterator[GraphLocal]:
    """Sirve la Graph API local mientras dura el bloque."""
    graph = graph or GraphLocal()
    with en_hilo(_Servidor(graph)) as servidor:
        graph.base = servidor.base  # type: ignore[attr-defined]
        yield graph
