"""Configuración del despliegue, leída una sola vez de variables de entorno."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

PREFIJO = "MONITOREO_"


class ErrorDeConfiguracion(ValueError):
    """Una variable de entorno tiene un valor que no se puede usar."""


def _texto(nombre: str, omision: str) -> str:
    """Lee una variable de texto con valor por omisión."""
    return os.environ.get(PREFIJO + nombre, omision).strip() or omision


def _entero(nombre: str, omision: int) -> int:
    """Lee una variable entera y explica en español si no lo es."""
    valor = _texto(nombre, str(omision))
    try:
        return int(valor)
    except ValueError as exc:
        raise ErrorDeConfiguracion(
            f"{PREFIJO}{nombre} debe ser un número entero: {valor!r}"
        ) from exc


def _booleano(nombre: str, omision: bool) -> bool:
    """Lee una variable sí/no (1, si, true, on)."""
    valor = _texto(nombre, "1" if omision else "0").lower()
    return valor in {"1", "si", "sí", "true", "on", "yes"}


def _lista(nombre: str) -> tuple[str, ...]:
    """Lee una lista separada por comas."""
    crudo = os.environ.get(PREFIJO + nombre, "")
    return tuple(p.strip() for p in crudo.split(",") if p.strip())


def _directorio_por_omision() -> Path:
    """Directorio de datos según XDG: ~/.local/share/monitoreo."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "monitoreo"


@dataclass(frozen=True)
class Smtp:
    """Servidor de correo saliente para síntesis, alertas, boletines e invitaciones."""

    servidor: str = ""
    puerto: int = 587
    usuario: str = ""
    contrasena: str = field(default="", repr=False)
    tls: str = "starttls"  # starttls | ssl | ninguno
    remitente: str = "comunicacion@tampacan.gob.mx"

    @property
    def configurado(self) -> bool:
        """Hay servidor al cual enviar."""
        return bool(self.servidor)


@dataclass(frozen=True)
class Configuracion:
    """Todos los ajustes del despliegue."""

    directorio: Path
    url_bd: str
    zona_horaria: str
    agente: str
    contacto: str
    hosts_permitidos: tuple[str, ...]
    tamano_maximo: int
    concurrencia_por_dominio: int
    retraso_descarga: float
    capturas_pantalla: bool
    ventana_dias: int
    antiguedad_dias: int
    alcance_alerta: int
    sintesis_destinatarios: tuple[str, ...]
    sintesis_hora: str
    smtp: Smtp
    # URL de Redis (redis://host:6379/0) para repartir el rastreo entre procesos; vacío = sin Redis.
    redis: str = ""
    # Imagen del logo de la portada de la síntesis; None = el logo incluido.
    logo: Path | None = None

    @property
    def zona(self) -> ZoneInfo:
        """Zona horaria de la oficina."""
        return ZoneInfo(self.zona_horaria)

    @property
    def dir_testigos(self) -> Path:
        """Carpeta de testigos (HTML comprimido, PDF, imágenes, audio)."""
        return self.directorio / "testigos"

    @property
    def dir_recursos(self) -> Path:
        """Carpeta del banco de medios."""
        return self.directorio / "recursos"

    @property
    def dir_modelos(self) -> Path:
        """Carpeta de modelos entrenados (tono)."""
        return self.directorio / "modelos"

    @property
    def es_sqlite(self) -> bool:
        """La base es un archivo SQLite."""
        return self.url_bd.startswith("sqlite")


def _url_bd(directorio: Path) -> str:
    """URL de la base: MONITOREO_BD o el SQLite del directorio de datos."""
    return os.environ.get(PREFIJO + "BD") or f"sqlite:///{directorio / 'monitoreo.sqlite3'}"


def _smtp() -> Smtp:
    """Ajustes SMTP desde el entorno."""
    return Smtp(
        servidor=_texto("SMTP_SERVIDOR", ""),
        puerto=_entero("SMTP_PUERTO", 587),
        usuario=_texto("SMTP_USUARIO", ""),
        contrasena=os.environ.get(PREFIJO + "SMTP_CONTRASENA", ""),
        tls=_texto("SMTP_TLS", "starttls").lower(),
        remitente=_texto("SMTP_REMITENTE", "comunicacion@tampacan.gob.mx"),
    )


def _leer() -> Configuracion:
    """Construye la configuración a partir del entorno actual."""
    directorio = Path(_texto("DATOS", str(_directorio_por_omision()))).expanduser()
    zona = _texto("ZONA_HORARIA", "America/Mexico_City")
    try:
        ZoneInfo(zona)
    except (KeyError, ValueError) as exc:
        raise ErrorDeConfiguracion(
            f"{PREFIJO}ZONA_HORARIA no es una zona válida: {zona!r}"
        ) from exc
    return Configuracion(
        directorio=directorio,
        url_bd=_url_bd(directorio),
        zona_horaria=zona,
        agente=_texto("AGENTE", "MonitoreoTampacan/0.1"),
        contacto=_texto("CONTACTO", "comunicacion@tampacan.gob.mx"),
        hosts_permitidos=_lista("HOSTS_PERMITIDOS"),
        tamano_maximo=_entero("TAMANO_MAXIMO", 10 * 1024 * 1024),
        concurrencia_por_dominio=_entero("CONCURRENCIA_POR_DOMINIO", 2),
        retraso_descarga=float(_entero("RETRASO_MS", 1000)) / 1000,
        capturas_pantalla=_booleano("CAPTURAS_PANTALLA", True),
        ventana_dias=_entero("VENTANA_DIAS", 7),
        antiguedad_dias=_entero("ANTIGUEDAD_DIAS", 7),
        alcance_alerta=_entero("ALCANCE_ALERTA", 50_000),
        sintesis_destinatarios=_lista("SINTESIS_DESTINATARIOS"),
        sintesis_hora=_texto("SINTESIS_HORA", "07:30"),
        smtp=_smtp(),
        redis=os.environ.get(PREFIJO + "REDIS", "").strip(),
        logo=Path(logo).expanduser() if (logo := _texto("LOGO", "")) else None,
    )


@functools.cache
def cargar() -> Configuracion:
    """La configuración del proceso, leída del entorno la primera vez."""
    return _leer()


def recargar() -> Configuracion:
    """Vuelve a leer el entorno (para pruebas y para `monitoreo demo`)."""
    cargar.cache_clear()
    return cargar()
