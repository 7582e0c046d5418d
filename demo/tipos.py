"""Tipos del mundo de demostración: medios, boletines, notas, agenda y convenios."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

ZONA = ZoneInfo("America/Mexico_City")

Clase = Literal["retoma", "critica", "mencion", "ajena"]
Canal = Literal["web", "impreso", "radio", "television", "facebook"]
Nivel = Literal["integra", "parcial", "reescrita"]


@dataclass(frozen=True)
class ContactoDemo:
    """Persona de un medio que recibe boletines o invitaciones."""

    nombre: str
    cargo: str
    correo: str
    telefono: str
    recibe_boletines: bool = True
    recibe_invitaciones: bool = True


@dataclass(frozen=True)
class MedioDemo:
    """Un medio ficticio con su forma de publicar y sus datos de padrón."""

    slug: str
    nombre: str
    tipo: str
    ambito: str
    estrategia: str
    datos: dict[str, Any] = field(repr=False, compare=False)
    contactos: tuple[ContactoDemo, ...] = ()

    @property
    def web(self) -> bool:
        """True si el medio tiene sitio web servido por HTTP local."""
        return self.estrategia != "facebook"

    @property
    def codificacion(self) -> str:
        """Codificación de sus páginas (uno de los medios usa ISO-8859-1)."""
        return str(self.datos.get("codificacion", "utf-8"))

    def dato(self, clave: str, omision: Any = None) -> Any:
        """Un dato del catálogo TOML del medio."""
        return self.datos.get(clave, omision)


@dataclass(frozen=True)
class BoletinDemo:
    """Comunicado del Ayuntamiento con su número consecutivo por año."""

    numero: int
    anio: int
    fecha: dt.datetime
    titular: str
    entradilla: str
    parrafos: tuple[str, ...]
    tema: str
    area: str
    lugar: str
    interes: int
    evento: str | None
    citas: tuple[tuple[str, str], ...] = ()
    # Clave estable en contenido/*.toml (los días de antigüedad del boletín).
    clave: str = ""

    @property
    def folio(self) -> str:
        """Número oficial, p. ej. 045/2026."""
        return f"{self.numero:03d}/{self.anio}"

    @property
    def cuerpo(self) -> str:
        """Párrafos del cuerpo separados por línea en blanco."""
        return "\n\n".join(self.parrafos)

    @property
    def texto(self) -> str:
        """Entradilla y cuerpo."""
        return f"{self.entradilla}\n\n{self.cuerpo}"


@dataclass
class NotaDemo:
    """Una pieza publicada por un medio, con su verdad conocida."""

    medio: str
    ruta: str
    titulo: str
    texto: str
    fecha: dt.datetime
    verdad: list[tuple[int, str]]
    clase: Clase
    canal: Canal = "web"
    tema: str = ""
    seccion: str = "Municipios"
    autor: str | None = None
    actualizada: dt.datetime | None = None
    pagina: int | None = None
    programa: str | None = None
    duracion_segundos: int | None = None
    # URL externa (Facebook) o URN (radio/TV); None para web e impreso.
    url_fija: str | None = None

    @property
    def parrafos(self) -> list[str]:
        """Párrafos del texto."""
        return [p for p in self.texto.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class InvitacionDemo:
    """Invitación de un evento a un medio, con respuesta y asistencia."""

    medio: str
    enviada: dt.datetime
    respuesta: str
    asistio: bool | None


@dataclass
class EventoDemo:
    """Evento de la agenda con sus invitaciones."""

    clave: str
    titulo: str
    inicio: dt.datetime
    fin: dt.datetime
    lugar: str
    localidad: str
    dependencia: str
    responsable: str
    tipo: str
    prioridad: int
    estado: str
    invitaciones: list[InvitacionDemo] = field(default_factory=list)


@dataclass(frozen=True)
class ConvenioDemo:
    """Convenio de difusión pagado con un medio."""

    medio: str
    numero: str
    concepto: str
    campana: str
    tipo_servicio: str
    monto_sin_iva: Decimal
    iva: Decimal
    monto_total: Decimal
    inicio: dt.date
    fin: dt.date
    notas_mes: int
    spots_mes: int
    banners_mes: int
    inserciones_mes: int


@dataclass
class Mundo:
    """Todo el mundo de demostración construido para una fecha."""

    hoy: dt.date
    semilla: int
    medios: list[MedioDemo]
    boletines: list[BoletinDemo]
    notas: list[NotaDemo]
    eventos: list[EventoDemo]
    convenios: list[ConvenioDemo]

    def medio(self, slug: str) -> MedioDemo:
        """El medio con ese slug."""
        return next(m for m in self.medios if m.slug == slug)

    def url(self, nota: NotaDemo, urls: Mapping[str, str]) -> str:
        """URL de la nota: base real + ruta en web e impreso; si no, la URL o URN fija."""
        if nota.url_fija:
            return nota.url_fija
        pagina = f"#pagina={nota.pagina}" if nota.canal == "impreso" else ""
        return urls[nota.medio] + nota.ruta + pagina

    def verdad_por_url(self, urls: Mapping[str, str]) -> dict[str, list[tuple[int, str]]]:
        """Retomas esperadas por URL; en el impreso, una entrada por página (como la araña PDF)."""
        verdad: dict[str, list[tuple[int, str]]] = {}
        for n in self.notas:
            verdad.setdefault(self.url(n, urls), []).extend(n.verdad)
        return verdad

    def notas_de(self, slug: str, canal: Canal = "web") -> list[NotaDemo]:
        """Notas de un medio por un canal, en orden cronológico."""
        return [n for n in self.notas if n.medio == slug and n.canal == canal]
