"""Canonización de URLs de notas y validación contra SSRF de las URLs de fuentes."""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import urllib.request
from collections.abc import Callable, Sequence
from http.client import HTTPMessage
from typing import IO
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import tld

log = logging.getLogger(__name__)
# Redirecciones que se siguen en las descargas con urllib (imágenes, formatos del portal).
MAXIMO_REDIRECCIONES = 5

# Parámetros que sólo sirven para medir campañas o el origen de la visita: nunca cambian la nota.
# Lista tomada de los enlaces que comparten Facebook, X, WhatsApp y boletines de Mailchimp.
PARAMETROS_DE_RASTREO = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "igsh", "ref", "ref_src", "ref_url",
        "cmpid", "ncid", "ocid", "smid", "share", "s_cid", "spm", "at_medium", "at_campaign",
        "__twitter_impression", "_hsenc", "_hsmi", "mkt_tok", "outputtype",
    }
)  # fmt: skip
PREFIJOS_DE_RASTREO = ("utm_", "pk_", "mtm_", "hsa_")
PUERTOS_POR_OMISION = {"http": 80, "https": 443}
_PREFIJOS_HOST_MOVIL = re.compile(r"^(?:m|amp|mobile)\.")
_SEGMENTO_AMP = re.compile(r"/amp(?=/|$)")
# Caracteres que se dejan tal cual en la ruta (RFC 3986 más '%' para no recodificar escapes):
# así "/año" y "/a%c3%b1o" dan la misma forma canónica "/a%C3%B1o".
_SEGUROS_RUTA = "/:@!$&'()*+,;=-._~%"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_PARAMETROS_AMP = frozenset({"amp", "outputtype", "output"})


class UrlRechazada(ValueError):
    """URL que no se debe pedir (esquema o dirección interna); el mensaje dice por qué."""


class HostSinResolver(UrlRechazada):
    """El nombre del host no resuelve ahora (sin DNS o inexistente): no se pudo verificar."""


def _es_de_rastreo(nombre: str) -> bool:
    """¿El parámetro de consulta sólo sirve para rastrear la visita?"""
    n = nombre.lower()
    return n in PARAMETROS_DE_RASTREO or n.startswith(PREFIJOS_DE_RASTREO)


def _host_con_puerto(esquema: str, host: str, puerto: int | None) -> str:
    """Host en minúsculas con el puerto sólo si no es el de omisión del esquema."""
    if ":" in host:
        host = f"[{host}]"
    if puerto is None or PUERTOS_POR_OMISION.get(esquema) == puerto:
        return host
    return f"{host}:{puerto}"


def _consulta_limpia(consulta: str, quitar_amp: bool) -> str:
    """Consulta sin parámetros de rastreo (ni de AMP si se pide), ordenada."""
    pares = [
        (k, v)
        for k, v in parse_qsl(consulta, keep_blank_values=True)
        if not _es_de_rastreo(k) and not (quitar_amp and k.lower() in _PARAMETROS_AMP)
    ]
    return urlencode(sorted(pares))


def canonizar(url: str, *, quitar_amp: bool = False) -> str:
    """Forma canónica de una URL para detectar duplicados (sin rastreo, fragmento ni puerto)."""
    try:
        partes = urlsplit(url.strip())
        puerto = partes.port
    except ValueError:
        return url.strip()
    esquema = partes.scheme.lower()
    host = (partes.hostname or "").rstrip(".")
    ruta = partes.path or "/"
    if quitar_amp:
        host = _PREFIJOS_HOST_MOVIL.sub("", host)
        ruta = _SEGMENTO_AMP.sub("", ruta) or "/"
    ruta = _ESCAPE.sub(lambda m: m.group(0).upper(), quote(ruta, safe=_SEGUROS_RUTA))
    netloc = _host_con_puerto(esquema, host, puerto)
    return urlunsplit((esquema, netloc, ruta, _consulta_limpia(partes.query, quitar_amp), ""))


def sitio_registrable(url: str) -> str | None:
    """Dominio registrable (eluniversal.com.mx) de una URL, o el host si es una IP o local."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    dominio = tld.get_fld(host, fix_protocol=True, fail_silently=True)
    return str(dominio) if dominio else host


def elegir_canonica(url_pedida: str, canonica_declarada: str | None) -> str:
    """La canónica declarada por la página si es del mismo sitio; si no, la pedida; canonizada."""
    if canonica_declarada:
        declarada = canonica_declarada.strip()
        if urlsplit(declarada).scheme in ("http", "https") and sitio_registrable(
            declarada
        ) == sitio_registrable(url_pedida):
            return canonizar(declarada, quitar_amp=True)
        log.debug("canónica de otro sitio ignorada: %s para %s", declarada, url_pedida)
    return canonizar(url_pedida)


def _red_permitida(entrada: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """La entrada de `permitidos` como red (una IP sola es una red /32 o /128), o None."""
    try:
        return ipaddress.ip_network(entrada.strip(), strict=False)
    except ValueError:
        return None


def _motivo_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Por qué una IP es interna (no se debe pedir), o None si es pública."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _motivo_ip(ip.ipv4_mapped)
    if str(ip) in ("169.254.169.254", "100.100.100.200", "fd00:ec2::254"):
        return "es la dirección del servicio de metadatos de la nube"
    categorias = (
        (ip.is_unspecified, "es una dirección no especificada"),
        (ip.is_loopback, "es una dirección local (loopback)"),
        (ip.is_link_local, "es una dirección de enlace local"),
        (ip.is_multicast, "es una dirección de multidifusión"),
        (ip.is_private, "es una dirección de red privada"),
        (ip.is_reserved, "es una dirección reservada"),
        (not ip.is_global, "no es una dirección pública"),
    )
    return next((motivo for es, motivo in categorias if es), None)


def _resolver(host: str) -> list[str]:
    """IPs a las que resuelve `host`; UrlRechazada si no resuelve."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise HostSinResolver(f"no se pudo resolver el host «{host}»: {exc}") from exc
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


_Red = ipaddress.IPv4Network | ipaddress.IPv6Network


def _ip_permitida(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, redes: list[_Red]) -> bool:
    """¿La IP cae en alguna de las redes permitidas explícitamente?"""
    candidatos = [ip]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        candidatos.append(ip.ipv4_mapped)
    return any(
        c in red
        for c in candidatos
        for red in redes
        if isinstance(red, ipaddress.IPv4Network | ipaddress.IPv6Network)
        and c.version == red.version
    )


def _host_de(url: str) -> str:
    """Host de una URL http/https; UrlRechazada si el esquema o la URL no sirven."""
    try:
        partes = urlsplit(url.strip())
        partes.port  # noqa: B018 - valida el puerto (lanza ValueError si no es número)
    except ValueError as exc:
        raise UrlRechazada(f"URL mal formada: {url!r}") from exc
    if partes.scheme.lower() not in ("http", "https"):
        esquema = partes.scheme or "(ninguno)"
        raise UrlRechazada(f"esquema no permitido «{esquema}»: sólo se aceptan http y https")
    host = (partes.hostname or "").rstrip(".")
    if not host:
        raise UrlRechazada(f"la URL no tiene host: {url!r}")
    return host


def validar_url(url: str, permitidos: Sequence[str] = ()) -> None:
    """Lanza UrlRechazada si la URL no es http(s) o su host resuelve a una dirección interna."""
    host = _host_de(url)
    nombres = {p.strip().lower().rstrip(".") for p in permitidos}
    if host.lower() in nombres:
        return
    redes: list[_Red] = [r for r in map(_red_permitida, permitidos) if r is not None]
    for texto in _resolver(host):
        ip = ipaddress.ip_address(texto)
        motivo = None if _ip_permitida(ip, redes) else _motivo_ip(ip)
        if motivo:
            raise UrlRechazada(f"dirección no permitida para «{host}» ({texto}): {motivo}")


class RedireccionValidada(urllib.request.HTTPRedirectHandler):
    """Valida contra SSRF cada destino de redirección antes de seguirlo (urllib).

    `validar` recibe la URL nueva y lanza la excepción propia de quien descarga (imagen, formato
    del portal) con el motivo en español.
    """

    max_redirections = MAXIMO_REDIRECCIONES

    def __init__(self, validar: Callable[[str], None]) -> None:
        super().__init__()
        self.validar = validar

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        """El destino se valida igual que la URL original."""
        self.validar(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
