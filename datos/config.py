"""Configuración del despliegue, leída una sola vez del entorno y de `.env`, y validada al leerla.

El entorno gana sobre el archivo: systemd (EnvironmentFile=) o `export` mandan; `.env` es para quien
corre a mano. Un valor inválido es un `ErrorDeConfiguracion` con el nombre de la variable, que la
CLI convierte en una línea en español y código 2 antes de hacer nada.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PREFIJO = "MONITOREO_"
# Archivo de ajustes para quien corre a mano; MONITOREO_ENV apunta a otro.
ARCHIVO_ENV = ".env"
SI = frozenset({"1", "si", "sí", "true", "on", "yes"})
NO = frozenset({"0", "no", "false", "off", ""})
MODOS_TLS = frozenset({"starttls", "ssl", "ninguno"})
ESQUEMAS_REDIS = ("redis://", "rediss://", "unix://")
_HORA = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_CLAVE_INEGI = re.compile(r"^\d{5}$")

# Entorno efectivo (archivo .env debajo, variables de entorno encima); lo fija `_leer`.
_entorno: Mapping[str, str] = os.environ


class ErrorDeConfiguracion(ValueError):
    """Una variable de entorno tiene un valor que no se puede usar."""


def _crudo(nombre: str, omision: str = "") -> str:
    """Valor tal cual de MONITOREO_<nombre> en el entorno efectivo."""
    return _entorno.get(PREFIJO + nombre, omision)


def _texto(nombre: str, omision: str) -> str:
    """Lee una variable de texto con valor por omisión."""
    return _crudo(nombre, omision).strip() or omision


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
    """Lee una variable sí/no (1, si, true, on / 0, no, false, off)."""
    valor = _texto(nombre, "1" if omision else "0").lower()
    if valor not in SI | NO:
        raise ErrorDeConfiguracion(f"{PREFIJO}{nombre} debe ser 1 o 0 (sí o no): {valor!r}")
    return valor in SI


def _opcion(nombre: str, omision: str, validas: frozenset[str]) -> str:
    """Lee una variable que sólo admite ciertos valores."""
    valor = _texto(nombre, omision).lower()
    if valor not in validas:
        opciones = ", ".join(sorted(validas))
        raise ErrorDeConfiguracion(f"{PREFIJO}{nombre} debe ser una de {opciones}: {valor!r}")
    return valor


def _con_forma(nombre: str, omision: str, patron: re.Pattern[str], forma: str) -> str:
    """Lee una variable con cierta forma (hora, clave); vacía vale si la omisión lo es."""
    valor = _texto(nombre, omision)
    if valor and not patron.match(valor):
        raise ErrorDeConfiguracion(f"{PREFIJO}{nombre} debe tener la forma {forma}: {valor!r}")
    return valor


def _lista(nombre: str) -> tuple[str, ...]:
    """Lee una lista separada por comas."""
    crudo = _crudo(nombre)
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
class Imap:
    """Buzón oficial de la oficina (IMAP): contraseña o token OAuth2 (Microsoft 365, Google)."""

    servidor: str = ""
    puerto: int = 993
    usuario: str = ""
    contrasena: str = field(default="", repr=False)
    # Token de acceso OAuth2 (XOAUTH2); si está, se usa en lugar de la contraseña.
    token: str = field(default="", repr=False)
    tls: str = "ssl"  # ssl | starttls | ninguno
    carpeta: str = "INBOX"
    marcar_leidos: bool = False
    # Adjuntos más grandes que esto no entran al banco (el correo sí se guarda, con el motivo).
    adjunto_maximo: int = 25 * 1024 * 1024
    # Dominios de las dependencias del Ayuntamiento: sus avisos se leen como agenda.
    dominios: tuple[str, ...] = ("tampacan.gob.mx",)

    @property
    def configurado(self) -> bool:
        """Hay buzón que revisar."""
        return bool(self.servidor and self.usuario)


# Graph API de Meta: la versión y la URL base se pueden cambiar (pruebas con un servidor local).
API_FACEBOOK = "https://graph.facebook.com/v21.0"
_PAGINA_FACEBOOK = re.compile(r"^\d{5,20}$")


@dataclass(frozen=True)
class Facebook:
    """Página de Facebook del Ayuntamiento: id, token de página y URL base de la Graph API."""

    pagina: str = ""
    token: str = field(default="", repr=False)
    api: str = API_FACEBOOK
    # Hashtags que se añaden al final de los borradores hechos desde un boletín (opcionales).
    hashtags: tuple[str, ...] = ()

    @property
    def configurado(self) -> bool:
        """Hay página y token: se puede publicar."""
        return bool(self.pagina and self.token)


AVISO_PRIVACIDAD = (
    "Aviso de privacidad simplificado: la Dirección de Comunicación Social del Ayuntamiento de "
    "Tampacán usa su nombre y sus datos de contacto sólo para dar seguimiento a su solicitud y "
    "canalizarla a la dependencia que la atiende. No se transfieren a terceros ni aparecen en "
    "reportes. Puede ejercer sus derechos ARCO en la Unidad de Transparencia del Ayuntamiento."
)


@dataclass(frozen=True)
class Ciudadania:
    """Atención ciudadana: conservación de datos personales y aviso de privacidad."""

    # Días que se conservan los datos de contacto tras cerrar la solicitud; luego se borran.
    retencion_dias: int = 365
    aviso_privacidad: str = AVISO_PRIVACIDAD


@dataclass(frozen=True)
class Institucion:
    """Quién usa el sistema: aparece en reportes, tablero, boletines y transparencia."""

    nombre: str = "Ayuntamiento"
    estado: str = ""
    estado_abreviatura: str = ""
    municipio: str = ""
    clave_inegi: str = ""
    logo: Path | None = None
    # TOML con [[termino]] (nombre, tipo, variantes): semillas de la lista de vigilancia.
    vigilancia: Path | None = None
    formato_transparencia: str = "LTAIPSLP84XXIXB"

    @property
    def lugar(self) -> str:
        """Lugar de los boletines: «Tampacán, S.L.P.» (o lo que haya configurado)."""
        partes = [self.municipio, self.estado_abreviatura or self.estado]
        return ", ".join(p for p in partes if p)

    @property
    def ambito(self) -> str:
        """Ámbito geográfico largo: «Tampacán, San Luis Potosí»."""
        return ", ".join(p for p in (self.municipio, self.estado) if p)

    @property
    def encabezado(self) -> str:
        """Nombre oficial para encabezados: «H. Ayuntamiento de Tampacán, S.L.P.»."""
        return ", ".join(p for p in (self.nombre, self.estado_abreviatura) if p)


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
    # Dirección en la que escucha el tablero: sólo esta máquina salvo que se abra a propósito
    # (detrás del proxy inverso con TLS del despliegue).
    direccion_tablero: str = "127.0.0.1"
    # Plazos en segundos (0 = sin plazo): una fuente entera (feed, reintentos y notas) y un
    # rastreo completo. 5 y 30 minutos: un medio regional lento cabe holgado.
    plazo_fuente: int = 300
    plazo_rastreo: int = 1800
    # OCR: páginas sin texto por documento y segundos de Tesseract por página (0 = sin tope).
    # Una página de periódico a 300 ppp tarda 5-20 s; una edición completa rara vez pasa de 48.
    ocr_paginas: int = 60
    ocr_segundos_pagina: int = 120
    # Hojas de cálculo subidas: se leen en un proceso aparte con este tiempo y memoria (0 = libre).
    importacion_segundos: int = 120
    importacion_memoria_mb: int = 1024
    # Clave para firmar respaldos con HMAC-SHA256 y exigir la firma al restaurar (vacía: sin firma).
    clave_respaldo: str = field(default="", repr=False)
    imap: Imap = field(default_factory=Imap)
    ciudadania: Ciudadania = field(default_factory=Ciudadania)
    # Dirección del tablero como la abre la oficina (https://monitoreo.tampacan.gob.mx): con ella la
    # síntesis en HTML enlaza el testigo de cada nota; vacío = sin enlace.
    url_tablero: str = ""
    institucion: Institucion = field(default_factory=Institucion)
    facebook: Facebook = field(default_factory=Facebook)

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
    def dir_correos(self) -> Path:
        """Carpeta de los correos del buzón tal como llegaron (.eml)."""
        return self.directorio / "correos"

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
    url = _crudo("BD").strip() or f"sqlite:///{directorio / 'monitoreo.sqlite3'}"
    try:
        make_url(url)
    except ArgumentError as exc:
        raise ErrorDeConfiguracion(
            f"{PREFIJO}BD no es una URL de base de datos (p. ej. postgresql+psycopg://"
            f"usuario@servidor/base): {url!r}"
        ) from exc
    return url


def _redis() -> str:
    """URL de Redis o vacío; sólo esquemas redis://, rediss:// o unix://."""
    url = _crudo("REDIS").strip()
    if url and not url.startswith(ESQUEMAS_REDIS):
        raise ErrorDeConfiguracion(f"{PREFIJO}REDIS debe empezar con redis:// o rediss://: {url!r}")
    return url


def _ruta(nombre: str) -> Path | None:
    """Ruta de archivo opcional; si se da, debe existir."""
    valor = _texto(nombre, "")
    if not valor:
        return None
    ruta = Path(valor).expanduser()
    if not ruta.is_file():
        raise ErrorDeConfiguracion(
            f"{PREFIJO}{nombre} apunta a un archivo que no existe: {valor!r}"
        )
    return ruta


def _institucion() -> Institucion:
    """Ajustes de la institución (nombre, estado, municipio y su clave INEGI, logo, semillas)."""
    omision = Institucion()
    return Institucion(
        nombre=_texto("INSTITUCION", omision.nombre),
        estado=_texto("ESTADO", ""),
        estado_abreviatura=_texto("ESTADO_ABREVIATURA", ""),
        municipio=_texto("MUNICIPIO", ""),
        clave_inegi=_con_forma("MUNICIPIO_INEGI", "", _CLAVE_INEGI, "de 5 dígitos (24038)"),
        logo=_ruta("LOGO"),
        vigilancia=_ruta("VIGILANCIA"),
        formato_transparencia=_texto("FORMATO_TRANSPARENCIA", omision.formato_transparencia),
    )


def _smtp() -> Smtp:
    """Ajustes SMTP desde el entorno."""
    return Smtp(
        servidor=_texto("SMTP_SERVIDOR", ""),
        puerto=_entero("SMTP_PUERTO", 587),
        usuario=_texto("SMTP_USUARIO", ""),
        contrasena=_crudo("SMTP_CONTRASENA"),
        tls=_opcion("SMTP_TLS", "starttls", MODOS_TLS),
        remitente=_texto("SMTP_REMITENTE", "comunicacion@tampacan.gob.mx"),
    )


def _imap() -> Imap:
    """Ajustes del buzón oficial desde el entorno."""
    return Imap(
        servidor=_texto("IMAP_SERVIDOR", ""),
        puerto=_entero("IMAP_PUERTO", 993),
        usuario=_texto("IMAP_USUARIO", ""),
        contrasena=os.environ.get(PREFIJO + "IMAP_CONTRASENA", ""),
        token=os.environ.get(PREFIJO + "IMAP_TOKEN", "").strip(),
        tls=_texto("IMAP_TLS", "ssl").lower(),
        carpeta=_texto("IMAP_CARPETA", "INBOX"),
        marcar_leidos=_booleano("IMAP_MARCAR_LEIDOS", False),
        adjunto_maximo=_entero("IMAP_ADJUNTO_MAXIMO", 25 * 1024 * 1024),
        dominios=_lista("IMAP_DOMINIOS") or ("tampacan.gob.mx",),
    )


def _api_facebook() -> str:
    """URL base de la Graph API (con versión): http(s) y sin consulta."""
    url = _texto("FACEBOOK_API", API_FACEBOOK).rstrip("/")
    if not url.startswith(("https://", "http://")) or "?" in url:
        raise ErrorDeConfiguracion(
            f"{PREFIJO}FACEBOOK_API debe ser una URL https:// sin consulta "
            f"(p. ej. {API_FACEBOOK}): {url!r}"
        )
    return url


def _facebook() -> Facebook:
    """Ajustes de la página de Facebook desde el entorno."""
    return Facebook(
        pagina=_con_forma("FACEBOOK_PAGINA", "", _PAGINA_FACEBOOK, "numérica (id de la página)"),
        token=_crudo("FACEBOOK_TOKEN").strip(),
        api=_api_facebook(),
        hashtags=tuple(h if h.startswith("#") else f"#{h}" for h in _lista("FACEBOOK_HASHTAGS")),
    )


def _ciudadania() -> Ciudadania:
    """Conservación de datos y aviso de privacidad de la atención ciudadana."""
    return Ciudadania(
        retencion_dias=_entero("SOLICITUDES_RETENCION_DIAS", 365),
        aviso_privacidad=_texto("AVISO_PRIVACIDAD", AVISO_PRIVACIDAD),
    )


def _archivo_env() -> dict[str, str]:
    """Variables del archivo .env (o del que diga MONITOREO_ENV); vacío si no existe."""
    ruta = Path(os.environ.get(PREFIJO + "ENV") or ARCHIVO_ENV).expanduser()
    if not ruta.is_file():
        if os.environ.get(PREFIJO + "ENV"):
            raise ErrorDeConfiguracion(f"{PREFIJO}ENV apunta a un archivo que no existe: {ruta}")
        return {}
    return {k: v for k, v in dotenv_values(ruta).items() if v is not None}


def _leer() -> Configuracion:
    """Construye la configuración a partir del entorno actual y del archivo .env."""
    global _entorno
    _entorno = {**_archivo_env(), **os.environ}
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
        sintesis_hora=_con_forma("SINTESIS_HORA", "07:30", _HORA, "HH:MM (07:30)"),
        url_tablero=_texto("URL_TABLERO", "").rstrip("/"),
        smtp=_smtp(),
        redis=_redis(),
        direccion_tablero=_texto("TABLERO_DIRECCION", "127.0.0.1"),
        plazo_fuente=_entero("PLAZO_FUENTE", 300),
        plazo_rastreo=_entero("PLAZO_RASTREO", 1800),
        ocr_paginas=_entero("OCR_PAGINAS", 60),
        ocr_segundos_pagina=_entero("OCR_SEGUNDOS_PAGINA", 120),
        importacion_segundos=_entero("IMPORTACION_SEGUNDOS", 120),
        importacion_memoria_mb=_entero("IMPORTACION_MEMORIA_MB", 1024),
        clave_respaldo=os.environ.get(PREFIJO + "RESPALDO_CLAVE", ""),
        imap=_imap(),
        ciudadania=_ciudadania(),
        institucion=_institucion(),
        facebook=_facebook(),
    )


# Archivos y carpetas nuevos sólo para el dueño: la base, el WAL, el registro y los respaldos
# llevan hashes de contraseñas y datos personales de contactos (antes quedaban 0644).
MASCARA_PRIVADA = 0o077


def proteger(directorio: Path) -> None:
    """Umask 077 para el proceso y el directorio de datos en 0700 (lo crea si falta)."""
    os.umask(MASCARA_PRIVADA)
    directorio.mkdir(parents=True, exist_ok=True, mode=0o700)
    if directorio.stat().st_uid == os.getuid():
        directorio.chmod(0o700)


@functools.cache
def cargar() -> Configuracion:
    """La configuración del proceso, leída del entorno la primera vez."""
    return _leer()


def recargar() -> Configuracion:
    """Vuelve a leer el entorno (para pruebas y para `monitoreo demo`)."""
    cargar.cache_clear()
    return cargar()
