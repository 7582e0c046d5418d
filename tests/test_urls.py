"""Pruebas de canonización de URLs y de la validación contra SSRF."""

from __future__ import annotations

import pytest

from rastreadores.urls import UrlRechazada, canonizar, elegir_canonica, validar_url


@pytest.mark.parametrize(
    ("entrada", "esperada"),
    [
        ("https://ejemplo.mx/nota?utm_source=fb&utm_medium=social", "https://ejemplo.mx/nota"),
        ("https://ejemplo.mx/nota?fbclid=IwAR0xyz&id=7", "https://ejemplo.mx/nota?id=7"),
        (
            "https://ejemplo.mx/nota?gclid=1&mc_cid=2&mc_eid=3&_ga=4&igshid=5&ref=tw",
            "https://ejemplo.mx/nota",
        ),
        ("https://ejemplo.mx/nota#comentarios", "https://ejemplo.mx/nota"),
        (
            "HTTPS://WWW.Ejemplo.MX/Nota-Con-Mayusculas",
            "https://www.ejemplo.mx/Nota-Con-Mayusculas",
        ),
        ("http://ejemplo.mx:80/a", "http://ejemplo.mx/a"),
        ("https://ejemplo.mx:443/a", "https://ejemplo.mx/a"),
        ("https://ejemplo.mx:8443/a", "https://ejemplo.mx:8443/a"),
        ("https://ejemplo.mx/b?z=1&a=2", "https://ejemplo.mx/b?a=2&z=1"),
        ("https://ejemplo.mx", "https://ejemplo.mx/"),
        ("https://ejemplo.mx/año nuevo", "https://ejemplo.mx/a%C3%B1o%20nuevo"),
        ("https://ejemplo.mx/a%c3%b1o%20nuevo", "https://ejemplo.mx/a%C3%B1o%20nuevo"),
        ("https://ejemplo.mx/b?q=se%C3%B1al&utm_campaign=x", "https://ejemplo.mx/b?q=se%C3%B1al"),
    ],
)
def test_canonizar(entrada: str, esperada: str) -> None:
    """Quita rastreo, fragmento y puerto por omisión; ordena parámetros; host en minúsculas."""
    assert canonizar(entrada) == esperada


def test_canonizar_no_quita_amp_sin_canonica_declarada() -> None:
    """Sin canónica declarada no se adivina la versión no-AMP (podría no existir)."""
    assert canonizar("https://m.ejemplo.mx/amp/nota?amp=1") == "https://m.ejemplo.mx/amp/nota?amp=1"


def test_elegir_canonica_del_mismo_sitio_quita_amp() -> None:
    """La canónica declarada del mismo sitio registrable gana y se limpia de AMP/móvil."""
    elegida = elegir_canonica(
        "https://m.ejemplo.com.mx/amp/nota?amp=1", "https://amp.ejemplo.com.mx/nota/amp/"
    )
    assert elegida == "https://ejemplo.com.mx/nota/"


def test_elegir_canonica_de_otro_dominio_se_ignora() -> None:
    """Una canónica de otro dominio (agregadores, sindicación) no reemplaza la URL pedida."""
    elegida = elegir_canonica("https://medio.mx/nota?utm_source=x", "https://otro.com/nota")
    assert elegida == "https://medio.mx/nota"
    assert elegir_canonica("https://medio.mx/n", None) == "https://medio.mx/n"
    assert elegir_canonica("https://medio.mx/n", "javascript:alert(1)") == "https://medio.mx/n"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/feed",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 en decimal: resuelve a loopback
        "http://127.1/",
    ],
)
def test_validar_url_rechaza_direcciones_internas(url: str) -> None:
    """Loopback, privadas, enlace local, metadatos, multidifusión e IPv6 equivalentes."""
    with pytest.raises(UrlRechazada, match="no permitida"):
        validar_url(url)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://ejemplo.mx/", "ftp://ejemplo.mx/a", "javascript:1"]
)
def test_validar_url_rechaza_esquemas(url: str) -> None:
    """Sólo http y https."""
    with pytest.raises(UrlRechazada, match="esquema"):
        validar_url(url)


def test_validar_url_host_que_no_resuelve() -> None:
    """Un host inexistente se rechaza con el motivo."""
    with pytest.raises(UrlRechazada, match="no se pudo resolver"):
        validar_url("http://no-existe.invalid/")


def test_validar_url_permitidos() -> None:
    """Las redes, IPs y nombres permitidos pasan; lo demás sigue rechazado."""
    validar_url("http://127.0.0.1:8080/feed", permitidos=("127.0.0.0/8",))
    validar_url("http://localhost:8080/feed", permitidos=("127.0.0.0/8",))
    validar_url("http://10.1.2.3/", permitidos=("10.1.2.3",))
    validar_url("http://localhost/", permitidos=("localhost",))
    validar_url("http://8.8.8.8/")
    with pytest.raises(UrlRechazada):
        validar_url("http://10.0.0.1/", permitidos=("127.0.0.0/8",))
