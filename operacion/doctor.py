"""`monitoreo doctor`: revisa lo que el sistema necesita y dice cómo arreglar lo que falte.

Cada revisión da `ok`, `aviso` (funciona, pero algo queda desactivado o conviene corregir) o
`falla` (algo importante no funciona), con el arreglo en una línea. Ninguna escribe nada.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from datos.config import Configuracion
from datos.migraciones import revisiones
from datos.sesion import crear_motor
from operacion.base_datos import url_visible

OK, AVISO, FALLA = "ok", "aviso", "falla"
# Espacio libre en la carpeta de datos: testigos y respaldos crecen cada día (≈ 50 MB/día con
# capturas en la demo a escala); con menos de 1 GB un respaldo diario ya no cabe.
GIB = 1024**3
DISCO_FALLA = 1 * GIB
DISCO_AVISO = 5 * GIB


@dataclass(frozen=True)
class Revision:
    """El resultado de una revisión."""

    nombre: str
    estado: str
    detalle: str
    arreglo: str = ""

    def como_dict(self) -> dict[str, str]:
        """Para --json."""
        return asdict(self)


def _primera_linea(exc: BaseException) -> str:
    """Primera línea del motivo de una excepción (la del controlador si la hay)."""
    origen = getattr(exc, "orig", None) or exc
    return (str(origen).strip().splitlines() or [type(exc).__name__])[0]


def _conectar(url: str) -> Engine:
    """Motor que no crea un SQLite nuevo: si el archivo no existe, es una falla."""
    if url.startswith("sqlite"):
        ruta = make_url(url).database
        if ruta and ruta != ":memory:" and not Path(ruta).exists():
            raise FileNotFoundError(f"no existe el archivo {ruta}")
    motor = crear_motor(url)
    with motor.connect() as conexion:
        conexion.execute(text("SELECT 1"))
    return motor


def revisar_base(ajustes: Configuracion) -> list[Revision]:
    """La base responde y está en la última migración."""
    url = url_visible(ajustes.url_bd)
    try:
        motor = _conectar(ajustes.url_bd)
    except (SQLAlchemyError, OSError, ModuleNotFoundError) as exc:
        arreglo = "revise MONITOREO_BD y que el servidor esté arriba; luego: monitoreo inicializar"
        return [Revision("base", FALLA, f"{url}: {_primera_linea(exc)}", arreglo)]
    try:
        actual, ultima = revisiones(motor)
    finally:
        motor.dispose()
    base = Revision("base", OK, f"{url} responde")
    if actual == ultima:
        return [base, Revision("migraciones", OK, f"al día ({actual})")]
    detalle = f"la base está en {actual or 'ninguna'} y el código en {ultima}"
    return [base, Revision("migraciones", FALLA, detalle, "corra: monitoreo inicializar")]


def revisar_correo(ajustes: Configuracion) -> Revision:
    """El servidor SMTP acepta la conexión (y el usuario) sin enviar nada."""
    from oficina.correo import ErrorDeCorreo, probar

    smtp = ajustes.smtp
    if not smtp.configurado:
        return Revision(
            "correo",
            AVISO,
            "sin servidor: no se envían síntesis, alertas ni boletines",
            "defina MONITOREO_SMTP_SERVIDOR, MONITOREO_SMTP_PUERTO y MONITOREO_SMTP_USUARIO",
        )
    try:
        probar(smtp)
    except ErrorDeCorreo as exc:
        return Revision("correo", FALLA, str(exc), "revise MONITOREO_SMTP_* y el cortafuegos")
    return Revision("correo", OK, f"{smtp.servidor}:{smtp.puerto} ({smtp.tls}) acepta la sesión")


def revisar_chromium(ajustes: Configuracion) -> Revision:
    """Chromium del sistema para capturas de pantalla."""
    from rastreadores.pantalla import chromium_disponible, ruta_chromium

    if chromium_disponible():
        return Revision("chromium", OK, f"{ruta_chromium()}")
    uso = "capturas de pantalla desactivadas" if ajustes.capturas_pantalla else "no se usa"
    return Revision("chromium", AVISO, f"no está: {uso}", "sudo apt-get install chromium")


def revisar_tesseract(_ajustes: Configuracion) -> Revision:
    """Tesseract con español para el OCR de impresos."""
    from rastreadores.importadores import ocr

    if ocr.disponible():
        return Revision("tesseract", OK, "con español (spa)")
    return Revision(
        "tesseract",
        AVISO,
        "sin Tesseract en español: no hay OCR de impresos escaneados",
        "sudo apt-get install tesseract-ocr-spa",
    )


def revisar_redis(ajustes: Configuracion) -> Revision:
    """Redis responde, si se configuró."""
    from rastreadores.arana.distribuido import RedisInalcanzable, verificar_redis

    if not ajustes.redis:
        return Revision("redis", OK, "sin configurar: rastreo en un solo proceso")
    try:
        verificar_redis(ajustes.redis)
    except RedisInalcanzable as exc:
        return Revision(
            "redis", FALLA, str(exc).split(". ")[0], "arranque Redis o vacíe MONITOREO_REDIS"
        )
    return Revision("redis", OK, "responde")


def revisar_facebook(ajustes: Configuracion) -> Revision:
    """Página y token de Facebook: los dos o ninguno, y el token lee la página (no publica nada)."""
    from oficina.graph import ClienteGraph, ErrorGraph

    fb = ajustes.facebook
    if not fb.pagina and not fb.token:
        return Revision("facebook", OK, "sin configurar: el calendario no publica en la página")
    if not fb.configurado:
        falta = "MONITOREO_FACEBOOK_TOKEN" if fb.pagina else "MONITOREO_FACEBOOK_PAGINA"
        return Revision("facebook", AVISO, f"falta {falta}: no se publica", f"defina {falta}")
    try:
        with ClienteGraph(fb.pagina, fb.token, fb.api, tiempo_espera=10) as cliente:
            nombre = cliente.verificar()
    except ErrorGraph as exc:
        return Revision("facebook", FALLA, str(exc), "revise MONITOREO_FACEBOOK_* y la red")
    return Revision("facebook", OK, f"«{nombre}» ({fb.pagina}) por {fb.api}: el token la lee")


def _existente(ruta: Path) -> Path:
    """La carpeta misma o su ancestro más cercano que exista."""
    while not ruta.exists() and ruta != ruta.parent:
        ruta = ruta.parent
    return ruta


def revisar_disco(ajustes: Configuracion) -> Revision:
    """Espacio libre donde viven la base SQLite, los testigos y los respaldos."""
    libre = shutil.disk_usage(_existente(ajustes.directorio)).free
    detalle = f"{libre / GIB:,.1f} GB libres en {ajustes.directorio}"
    if libre < DISCO_FALLA:
        return Revision(
            "disco", FALLA, detalle, "libere espacio o mueva MONITOREO_DATOS a otro disco"
        )
    if libre < DISCO_AVISO:
        return Revision(
            "disco", AVISO, detalle, "libere espacio pronto (testigos y respaldos crecen)"
        )
    return Revision("disco", OK, detalle)


def revisar_zona(ajustes: Configuracion) -> Revision:
    """La zona de la oficina existe en la base de zonas y da la hora local."""
    ahora = dt.datetime.now(ajustes.zona)
    return Revision("zona", OK, f"{ajustes.zona_horaria}: {ahora:%Y-%m-%d %H:%M} (UTC{ahora:%z})")


def revisar_carpeta(ajustes: Configuracion) -> Revision:
    """La carpeta de datos se puede escribir y no la leen otros usuarios."""
    carpeta = ajustes.directorio
    quien = getpass.getuser()
    if not carpeta.exists():
        padre = _existente(carpeta)
        if os.access(padre, os.W_OK | os.X_OK):
            return Revision(
                "carpeta", AVISO, f"{carpeta} no existe", "corra: monitoreo inicializar"
            )
        return Revision(
            "carpeta",
            FALLA,
            f"{carpeta} no existe y {quien} no puede crearla",
            f"sudo install -d -o {quien} -m 0750 {carpeta}",
        )
    if not os.access(carpeta, os.W_OK | os.X_OK):
        return Revision(
            "carpeta",
            FALLA,
            f"{quien} no puede escribir en {carpeta}",
            f"sudo chown -R {quien} {carpeta}",
        )
    modo = carpeta.stat().st_mode & 0o777
    if modo & 0o007:
        return Revision(
            "carpeta",
            AVISO,
            f"{carpeta} es legible por otros usuarios ({modo:04o})",
            f"chmod 0750 {carpeta}",
        )
    return Revision("carpeta", OK, f"{carpeta} ({modo:04o}) escribible por {quien}")


REVISIONES: tuple[Callable[[Configuracion], Revision], ...] = (
    revisar_correo,
    revisar_chromium,
    revisar_tesseract,
    revisar_redis,
    revisar_facebook,
    revisar_disco,
    revisar_zona,
    revisar_carpeta,
)


def diagnosticar(ajustes: Configuracion) -> list[Revision]:
    """Todas las revisiones, la base primero."""
    return [*revisar_base(ajustes), *(revisar(ajustes) for revisar in REVISIONES)]


def hay_fallas(resultado: list[Revision]) -> bool:
    """¿Alguna revisión falló?"""
    return any(r.estado == FALLA for r in resultado)
