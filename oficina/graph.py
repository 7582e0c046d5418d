"""Cliente de la Graph API de Meta para publicar en la página (el único módulo que usa httpx).

Dos endpoints: `POST /{pagina}/feed` (texto, o texto con fotos ya subidas en `attached_media`) y
`POST /{pagina}/photos` (una foto en multipart; con `message` es la publicación misma, con
`published=false` queda lista para adjuntarse). El token de la página va en
`Authorization: Bearer`, nunca en la URL, y no aparece en errores ni registros.

Reintentos: fallas de conexión, 5xx y límites de tasa (códigos 4, 17, 32, 613, 80001) esperan
`Retry-After` o `estimated_time_to_regain_access` de `X-Business-Use-Case-Usage`, o una espera
exponencial. Token inválido o vencido (190) y permisos (10, 200-299) no se reintentan.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

# Intentos por llamada: 4 cubren un tropiezo de Graph (suelen durar segundos) sin trabar el ciclo.
INTENTOS = 4
ESPERA_BASE_SEGUNDOS = 2.0
# Más que esto no se espera dentro del ciclo: la publicación sigue aprobada y se reintenta luego.
ESPERA_MAXIMA_SEGUNDOS = 120.0
TIEMPO_ESPERA_SEGUNDOS = 60.0
CODIGOS_LIMITE = frozenset({4, 17, 32, 613, 80001})
CODIGO_TOKEN = 190
CODIGOS_PERMISO = frozenset({10, *range(200, 300)})
# Subcódigos de 190 que dicen por qué el token ya no sirve.
_SUBCODIGOS_TOKEN = {
    463: "el token de la página venció",
    460: "el token dejó de valer porque cambió la contraseña de la cuenta",
    458: "la aplicación ya no tiene acceso a la página",
    467: "el token de la página ya no es válido",
}
ENLACE_PUBLICACION = "https://www.facebook.com/{pagina}/posts/{publicacion}"


class ErrorGraph(Exception):
    """La Graph API rechazó o no respondió; `motivo` en español, `definitivo` si no se reintenta."""

    def __init__(self, motivo: str, *, definitivo: bool, codigo: int | None = None) -> None:
        """Guarda el motivo legible y si vale la pena reintentar después."""
        super().__init__(motivo)
        self.motivo = motivo
        self.definitivo = definitivo
        self.codigo = codigo


@dataclass(frozen=True)
class Foto:
    """Una foto del banco lista para subir."""

    nombre: str
    contenido: bytes
    tipo_mime: str


@dataclass(frozen=True)
class Publicado:
    """Lo que quedó en la página: id «PAGINA_PUBLICACION» y su enlace permanente."""

    id_facebook: str
    enlace: str


@dataclass(frozen=True)
class _Respuesta:
    """Cuerpo JSON y encabezados de una respuesta."""

    estado: int
    cuerpo: dict[str, Any]
    encabezados: Mapping[str, str]


def _cuerpo(respuesta: httpx.Response) -> dict[str, Any]:
    """El JSON de la respuesta, o vacío si no es JSON (un proxy con HTML de error)."""
    try:
        datos = respuesta.json()
    except ValueError:
        return {}
    return datos if isinstance(datos, dict) else {}


def _espera_uso(encabezados: Mapping[str, str]) -> float | None:
    """Minutos de `estimated_time_to_regain_access` de X-Business-Use-Case-Usage, en segundos."""
    crudo = encabezados.get("x-business-use-case-usage")
    if not crudo:
        return None
    try:
        uso = json.loads(crudo)
        minutos = [
            float(tipo.get("estimated_time_to_regain_access") or 0)
            for lista in uso.values()
            for tipo in lista
        ]
    except (ValueError, AttributeError, TypeError):
        return None
    return max(minutos, default=0.0) * 60 or None


def _espera_servidor(encabezados: Mapping[str, str]) -> float | None:
    """Segundos que pide el servidor (Retry-After en segundos, o el uso de la aplicación)."""
    reintentar = encabezados.get("retry-after", "").strip()
    if reintentar.isdigit():
        return float(reintentar)
    return _espera_uso(encabezados)


def _error(cuerpo: Mapping[str, Any]) -> tuple[int | None, int | None, str]:
    """Código, subcódigo y mensaje del objeto `error` de Graph."""
    error = cuerpo.get("error")
    if not isinstance(error, dict):
        return None, None, ""
    codigo, subcodigo = error.get("code"), error.get("error_subcode")
    return (
        codigo if isinstance(codigo, int) else None,
        subcodigo if isinstance(subcodigo, int) else None,
        str(error.get("message") or ""),
    )


def _motivo_definitivo(codigo: int | None, subcodigo: int | None, estado: int) -> str | None:
    """Mensaje en español si el error no se arregla reintentando (token, permisos); si no, None."""
    if codigo == CODIGO_TOKEN or estado == 401:
        causa = _SUBCODIGOS_TOKEN.get(subcodigo or 0, "el token de la página no es válido")
        return f"{causa}: genere otro token de página y póngalo en MONITOREO_FACEBOOK_TOKEN"
    if codigo in CODIGOS_PERMISO or estado == 403:
        return (
            "el token no tiene permiso para publicar en la página (hace falta "
            "pages_manage_posts y que la cuenta administre la página)"
        )
    return None


class ClienteGraph:
    """Publica en una página con su token; reintenta lo pasajero y explica lo definitivo."""

    def __init__(
        self,
        pagina: str,
        token: str,
        api: str,
        *,
        intentos: int = INTENTOS,
        espera_base: float = ESPERA_BASE_SEGUNDOS,
        espera_maxima: float = ESPERA_MAXIMA_SEGUNDOS,
        tiempo_espera: float = TIEMPO_ESPERA_SEGUNDOS,
    ) -> None:
        """Prepara el cliente; sin página o token no se puede publicar."""
        if not pagina or not token:
            raise ErrorGraph(
                "no hay página o token de Facebook configurados (MONITOREO_FACEBOOK_PAGINA y "
                "MONITOREO_FACEBOOK_TOKEN): no se publica nada",
                definitivo=False,
            )
        self.pagina = pagina
        self._token = token
        self.api = api.rstrip("/")
        self.intentos = intentos
        self.espera_base = espera_base
        self.espera_maxima = espera_maxima
        self._http = httpx.Client(
            timeout=tiempo_espera,
            headers={"Authorization": f"Bearer {token}"},
            follow_redirects=False,
        )

    def cerrar(self) -> None:
        """Cierra las conexiones."""
        self._http.close()

    def __enter__(self) -> ClienteGraph:
        """Uso con `with`."""
        return self

    def __exit__(self, *_: object) -> None:
        """Cierra al salir del bloque."""
        self.cerrar()

    def _limpio(self, texto: str) -> str:
        """El texto sin el token, por si un servidor lo repite en su mensaje."""
        return texto.replace(self._token, "***")

    def _una_vez(
        self, ruta: str, datos: Mapping[str, str], archivos: Mapping[str, Any] | None
    ) -> _Respuesta:
        """Una petición POST; ErrorGraph pasajero si no se pudo conectar."""
        url = f"{self.api}/{self.pagina}/{ruta}"
        try:
            r = self._http.post(url, data=dict(datos), files=archivos)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ErrorGraph(f"no se pudo conectar con Facebook: {exc}", definitivo=False) from exc
        except httpx.TimeoutException as exc:
            # La petición ya salió: pudo publicarse. Reintentar arriesga duplicarla.
            raise ErrorGraph(
                "Facebook no respondió a tiempo y no se sabe si la publicación salió: "
                "revise la página antes de volver a intentarlo",
                definitivo=True,
            ) from exc
        except httpx.HTTPError as exc:
            raise ErrorGraph(f"falló la conexión con Facebook: {exc}", definitivo=False) from exc
        return _Respuesta(r.status_code, _cuerpo(r), r.headers)

    def _espera(self, intento: int, respuesta: _Respuesta | None) -> float:
        """Lo que pide el servidor o una espera exponencial (2, 4, 8 s…)."""
        pedida = _espera_servidor(respuesta.encabezados) if respuesta else None
        return pedida if pedida is not None else self.espera_base * 2 ** (intento - 1)

    def _clasificar(self, r: _Respuesta) -> ErrorGraph:
        """El error de una respuesta no exitosa, definitivo o pasajero."""
        codigo, subcodigo, mensaje = _error(r.cuerpo)
        definitivo = _motivo_definitivo(codigo, subcodigo, r.estado)
        if definitivo:
            return ErrorGraph(definitivo, definitivo=True, codigo=codigo)
        detalle = f" ({self._limpio(mensaje)})" if mensaje else ""
        if codigo in CODIGOS_LIMITE or r.estado == 429:
            motivo = f"Facebook pide bajar el ritmo (límite de tasa, código {codigo}){detalle}"
            return ErrorGraph(motivo, definitivo=False, codigo=codigo)
        if r.estado >= 500:
            motivo = f"Facebook tuvo un error interno (HTTP {r.estado}){detalle}"
            return ErrorGraph(motivo, definitivo=False, codigo=codigo)
        motivo = f"Facebook rechazó la publicación (HTTP {r.estado}, código {codigo}){detalle}"
        return ErrorGraph(motivo, definitivo=True, codigo=codigo)

    def _post(
        self, ruta: str, datos: Mapping[str, str], archivos: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """POST con reintentos de lo pasajero; devuelve el JSON de la respuesta exitosa."""
        ultimo: ErrorGraph | None = None
        for intento in range(1, self.intentos + 1):
            respuesta: _Respuesta | None = None
            try:
                respuesta = self._una_vez(ruta, datos, archivos)
            except ErrorGraph as exc:
                if exc.definitivo:
                    raise
                ultimo = exc
            if respuesta is not None:
                if respuesta.estado < 400 and "error" not in respuesta.cuerpo:
                    return respuesta.cuerpo
                ultimo = self._clasificar(respuesta)
                if ultimo.definitivo:
                    raise ultimo
            espera = self._espera(intento, respuesta)
            if intento == self.intentos or espera > self.espera_maxima:
                break
            log.warning("Graph %s: %s; reintento en %.1f s", ruta, ultimo, espera)
            time.sleep(espera)
        assert ultimo is not None
        raise ultimo

    def verificar(self) -> str:
        """Nombre de la página si el token la puede leer; ErrorGraph si no (una sola petición).

        Para `monitoreo doctor`: no publica nada. Un token vencido o sin permisos da el mismo
        mensaje que daría al publicar.
        """
        try:
            r = self._http.get(f"{self.api}/{self.pagina}", params={"fields": "id,name"})
        except httpx.HTTPError as exc:
            raise ErrorGraph(f"no se pudo conectar con Facebook: {exc}", definitivo=False) from exc
        respuesta = _Respuesta(r.status_code, _cuerpo(r), r.headers)
        if respuesta.estado >= 400 or "error" in respuesta.cuerpo:
            raise self._clasificar(respuesta)
        return str(respuesta.cuerpo.get("name") or self.pagina)

    def _id(self, cuerpo: Mapping[str, Any], clave: str) -> str:
        """El id que devolvió Graph; ErrorGraph si no vino."""
        valor = cuerpo.get(clave)
        if not isinstance(valor, str) or not valor:
            raise ErrorGraph(f"Facebook respondió sin «{clave}»", definitivo=True)
        return valor

    def _publicado(self, id_facebook: str) -> Publicado:
        """Id y enlace permanente de la publicación."""
        publicacion = id_facebook.split("_", 1)[-1]
        enlace = ENLACE_PUBLICACION.format(pagina=self.pagina, publicacion=publicacion)
        return Publicado(id_facebook, enlace)

    def _subir(self, foto: Foto, datos: Mapping[str, str]) -> dict[str, Any]:
        """POST /photos con la foto en multipart (`source`)."""
        archivos = {"source": (foto.nombre, foto.contenido, foto.tipo_mime)}
        return self._post("photos", datos, archivos)

    def publicar(self, texto: str, fotos: Sequence[Foto] = ()) -> Publicado:
        """Publica el texto (y las fotos) en la página; ErrorGraph si no se pudo."""
        if not fotos:
            return self._publicado(self._id(self._post("feed", {"message": texto}), "id"))
        if len(fotos) == 1:
            cuerpo = self._subir(fotos[0], {"message": texto, "published": "true"})
            return self._publicado(self._id(cuerpo, "post_id"))
        medios = [self._id(self._subir(f, {"published": "false"}), "id") for f in fotos]
        datos = {"message": texto}
        for k, media in enumerate(medios):
            datos[f"attached_media[{k}]"] = json.dumps({"media_fbid": media})
        return self._publicado(self._id(self._post("feed", datos), "id"))
