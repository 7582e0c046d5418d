"""Qué muestra la síntesis de un día, independiente del formato: secciones, entradas y portadas.

Regla de secciones (la primera que se cumple gana):
0. La que eligió el personal para esa nota (reclasificación desde Reportes).
1. Redes sociales: el medio es red social o la nota se capturó de una red social.
2. Radio y TV: el medio es radio o televisión, o la nota se capturó de radio o TV.
3. Columnas y opinión: la sección, la URL, el titular o la firma dicen columna, opinión, editorial,
   cartón o columnista.
4. Municipio: la nota retoma un boletín (retoma no rechazada) o menciona al Ayuntamiento,
   sus funcionarios, dependencias o programas.
5. Nacional: medio nacional, y sólo si la nota habla del estado o de un municipio potosino;
   si no, no entra en la síntesis.
6. Región y estado: todo lo demás (medios municipales, regionales y estatales).

Una *entrada* es una historia: las notas de una sección que retoman el mismo boletín, o cuyos
titulares comparten la mayoría de sus palabras, van juntas con todos los medios que la publicaron.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from analisis import normalizar
from analisis.menciones import OTROS_MUNICIPIOS
from datos.consultas.reportes import NotaSintesis
from datos.consultas.sintesis import EdicionSintesis, PrimeraPlana
from reportes import fecha_larga, local, numero

MUNICIPIO = "Municipio"
COLUMNAS = "Columnas y opinión"
REGION = "Región y estado"
NACIONAL = "Nacional"
RADIO_TV = "Radio y TV"
REDES = "Redes sociales"
SECCIONES = (MUNICIPIO, COLUMNAS, REGION, NACIONAL, RADIO_TV, REDES)
TONOS = ("positivo", "neutral", "negativo")
SIN_TONO = "sin clasificar"
EDICION_IMPRESA = "edición impresa"
SIN_HORA = "sin hora"
_OPINION = re.compile(r"\b(column\w*|opinion\w*|editorial\w*|carton\w*)\b")
_RUTA_OPINION = re.compile(r"/(opinion|columnas?|columnistas?|editoriales?|cartones?)(/|$)")
# La firma y el cintillo de una columna van al principio; más adelante "opinión" es sólo una
# palabra del texto ("la opinión de los vecinos").
LARGO_FIRMA = 160
_ESTADO = re.compile(
    r"\b(san luis potosi|potosin[oa]s?|slp|huasteca|tampacan|"
    + "|".join(re.escape(normalizar.sin_acentos(m.lower())) for m in OTROS_MUNICIPIOS)
    + r")\b"
)
# Dos titulares sin boletín son la misma historia si comparten al menos esta proporción de sus
# palabras con contenido (Jaccard). Con 0.5, "Falla en bombeo deja sin agua a Tamuín" y "Tamuín
# sin agua por falla en el bombeo" se juntan y dos notas de agua de municipios distintos no.
UMBRAL_MISMA_HISTORIA = 0.5
# Palabras vacías que no cuentan al comparar titulares.
_VACIAS = frozenset(
    "a al ante con de del el en la las lo los para por que se sin su sus un una y o e".split()  # noqa: SIM905
)
TIPOS_OCHO_COLUMNAS = ("impreso", "digital", "agencia")
CAPTURAS_IMPRESAS = ("pdf", "ocr")


@dataclass(frozen=True)
class Pieza:
    """Una nota ya ubicada en su sección, con resumen, enlace y motivos de atención."""

    nota: NotaSintesis
    seccion: str
    resumen: str
    enlace: str | None
    atencion: tuple[str, ...]

    @property
    def tono(self) -> str:
        """Tono efectivo o «sin clasificar»."""
        return self.nota.tono or SIN_TONO


@dataclass(frozen=True)
class Entrada:
    """Una historia de una sección con todos los medios que la publicaron (la primera abre)."""

    piezas: tuple[Pieza, ...]

    @property
    def principal(self) -> Pieza:
        """La pieza que da titular y resumen a la entrada."""
        return self.piezas[0]

    @property
    def folios(self) -> tuple[str, ...]:
        """Boletines que retoma alguna de sus notas."""
        return tuple(dict.fromkeys(f for p in self.piezas for f in p.nota.boletines))

    @property
    def atencion(self) -> tuple[str, ...]:
        """Motivos de atención de cualquiera de sus notas, sin repetir."""
        return tuple(dict.fromkeys(m for p in self.piezas for m in p.atencion))

    @property
    def medios(self) -> tuple[str, ...]:
        """Medios que la publicaron, sin repetir."""
        return tuple(dict.fromkeys(p.nota.medio for p in self.piezas))


@dataclass(frozen=True)
class OchoColumnas:
    """La nota principal de un medio en el día."""

    medio: str
    titulo: str
    enlace: str | None
    origen: str


@dataclass(frozen=True)
class Sintesis:
    """Todo lo que la síntesis de un día muestra, independiente del formato."""

    fecha: dt.date
    zona: ZoneInfo
    entradas: tuple[tuple[str, tuple[Entrada, ...]], ...]
    dir_testigos: Path
    umbral_alcance: int
    planas: tuple[PrimeraPlana, ...] = ()
    ocho_columnas: tuple[OchoColumnas, ...] = ()
    nota_editorial: str | None = None
    excluidas: int = 0
    logo: Path | None = None
    medios_del_dia: int = 0

    @property
    def titulo(self) -> str:
        """«Síntesis informativa — 26 de noviembre de 2026»."""
        return f"Síntesis informativa — {fecha_larga(self.fecha)}"

    @property
    def piezas(self) -> tuple[Pieza, ...]:
        """Todas las notas incluidas, en el orden de la síntesis."""
        return tuple(p for _, es in self.entradas for e in es for p in e.piezas)

    def por_seccion(self) -> list[tuple[str, tuple[Entrada, ...]]]:
        """Secciones con entradas, en el orden de la síntesis."""
        return [(s, es) for s, es in self.entradas if es]

    def atencion(self) -> list[Entrada]:
        """Entradas que requieren atención: negativas primero, luego por alcance potencial."""
        marcadas = [e for _, es in self.entradas for e in es if e.atencion]
        return sorted(
            marcadas,
            key=lambda e: (
                "tono negativo" not in e.atencion,
                -max(_audiencia(p) for p in e.piezas),
            ),
        )

    def conteos(self) -> list[tuple[str, str]]:
        """(valor, etiqueta) de la portada."""
        tonos = Counter(p.tono for p in self.piezas)
        folios = {f for p in self.piezas for f in p.nota.boletines}
        municipio = dict(self.entradas).get(MUNICIPIO, ())
        return [
            (numero(len(self.piezas)), "notas del día"),
            (numero(sum(len(e.piezas) for e in municipio)), "notas del municipio"),
            (numero(sum(bool(p.nota.boletines) for p in self.piezas)), "notas que retoman boletín"),
            (numero(len(folios)), "boletines (de cualquier fecha) retomados hoy"),
            *[(numero(tonos[t]), f"tono {t}") for t in (*TONOS, SIN_TONO)],
        ]


def _audiencia(pieza: Pieza) -> int:
    """Audiencia potencial declarada del medio (0 si no se sabe)."""
    return pieza.nota.audiencia or 0


def _plano(texto: str | None) -> str:
    """Minúsculas sin acentos, para comparar textos escritos de mil formas."""
    return normalizar.sin_acentos((texto or "").lower())


def es_columna(nota: NotaSintesis) -> bool:
    """¿Es columna u opinión? Por sección, ruta de la URL, titular o firma al inicio del texto."""
    if _OPINION.search(_plano(nota.seccion)):
        return True
    ruta = urlsplit(nota.url_original or nota.url_canonica).path.lower()
    if _RUTA_OPINION.search(normalizar.sin_acentos(ruta)):
        return True
    # Cintillo al inicio del titular o del texto ("OPINIÓN", "Editorial") o firma de columnista.
    cintillo = re.compile(r"^\W*(columna|opinion|editorial)\b")
    if cintillo.search(_plano(nota.titulo)) or cintillo.search(_plano(nota.texto)):
        return True
    firma = f"{nota.autor or ''} {nota.texto[:LARGO_FIRMA]}"
    return bool(re.search(r"\bcolumnista\b", _plano(firma)))


def habla_del_estado(nota: NotaSintesis) -> bool:
    """¿La nota nombra al estado, la Huasteca o algún municipio potosino?"""
    return bool(nota.menciones) or bool(_ESTADO.search(_plano(f"{nota.titulo} {nota.texto}")))


def seccion_de(nota: NotaSintesis) -> str | None:
    """Sección de la síntesis según la regla del módulo; None si la nota no entra."""
    if nota.seccion_sintesis in SECCIONES:
        return nota.seccion_sintesis
    tipos = {nota.medio_tipo, nota.tipo_captura}
    if "red_social" in tipos:
        return REDES
    if tipos & {"radio", "television"}:
        return RADIO_TV
    if es_columna(nota):
        return COLUMNAS
    if nota.boletines or nota.menciones:
        return MUNICIPIO
    if nota.medio_ambito == "nacional":
        return NACIONAL if habla_del_estado(nota) else None
    return REGION


def hora(nota: NotaSintesis, zona: ZoneInfo) -> str:
    """Hora local de publicación; «edición impresa» si sólo se sabe el día de un impreso."""
    impreso = nota.tipo_captura in CAPTURAS_IMPRESAS or nota.medio_tipo == "impreso"
    momento = local(nota.fecha_publicacion, zona) if nota.fecha_publicacion else None
    # Una página de edición impresa lleva la fecha del ejemplar, no una hora de publicación;
    # medianoche exacta es "sólo se sabe el día" (nunca se imprime "00:00").
    if momento is None or nota.tipo_captura in CAPTURAS_IMPRESAS or momento.time() == dt.time():
        return EDICION_IMPRESA if impreso else SIN_HORA
    return f"{momento:%H:%M}"


# --- Agrupar por historia ----------------------------------------------------------------------


def _palabras(titulo: str) -> frozenset[str]:
    """Palabras con contenido de un titular."""
    return frozenset(w for w in re.findall(r"\w+", _plano(titulo)) if w not in _VACIAS)


def _parecidos(a: frozenset[str], b: frozenset[str]) -> bool:
    """¿Dos titulares comparten la mayoría de sus palabras?"""
    union = a | b
    return bool(union) and len(a & b) / len(union) >= UMBRAL_MISMA_HISTORIA


def agrupar(piezas: Sequence[Pieza]) -> list[Entrada]:
    """Junta las notas de una sección por boletín retomado o titular casi igual."""
    grupos: list[list[Pieza]] = []
    por_folio: dict[str, list[Pieza]] = {}
    titulares: list[tuple[frozenset[str], list[Pieza]]] = []
    for pieza in piezas:
        grupo = _grupo_de(pieza, por_folio, titulares)
        if grupo is None:
            grupo = []
            grupos.append(grupo)
            titulares.append((_palabras(pieza.nota.titulo), grupo))
        grupo.append(pieza)
        for folio in pieza.nota.boletines:
            por_folio.setdefault(folio, grupo)
    return [Entrada(tuple(_ordenar_grupo(g))) for g in grupos]


def _grupo_de(
    pieza: Pieza,
    por_folio: dict[str, list[Pieza]],
    titulares: list[tuple[frozenset[str], list[Pieza]]],
) -> list[Pieza] | None:
    """El grupo al que pertenece la pieza, o None si abre una historia nueva."""
    if pieza.seccion == COLUMNAS:
        return None
    for folio in pieza.nota.boletines:
        if folio in por_folio:
            return por_folio[folio]
    palabras = _palabras(pieza.nota.titulo)
    for otras, grupo in titulares:
        if grupo[0].seccion != COLUMNAS and _parecidos(palabras, otras):
            return grupo
    return None


def _ordenar_grupo(grupo: list[Pieza]) -> list[Pieza]:
    """La pieza de mayor alcance abre; las demás por medio."""
    return sorted(grupo, key=lambda p: (-_audiencia(p), p.nota.medio, p.nota.nota_id))


def ordenar_entradas(entradas: Iterable[Entrada], orden: Sequence[int]) -> list[Entrada]:
    """Primero las que eligió el personal (por la nota principal); luego más medios primero."""
    posicion = {nota_id: i for i, nota_id in enumerate(orden)}
    automatico = sorted(
        entradas,
        key=lambda e: (
            "tono negativo" not in e.atencion,
            -len(e.medios),
            -max(_audiencia(p) for p in e.piezas),
        ),
    )
    return sorted(
        automatico,
        key=lambda e: min(
            (posicion[p.nota.nota_id] for p in e.piezas if p.nota.nota_id in posicion),
            default=len(posicion),
        ),
    )


def por_secciones(
    piezas: Sequence[Pieza], edicion: EdicionSintesis
) -> tuple[tuple[str, tuple[Entrada, ...]], ...]:
    """Entradas de cada sección, sin las notas excluidas y en el orden elegido."""
    vigentes = [p for p in piezas if p.nota.nota_id not in edicion.excluidas]
    return tuple(
        (
            s,
            tuple(
                ordenar_entradas(agrupar([p for p in vigentes if p.seccion == s]), edicion.orden)
            ),
        )
        for s in SECCIONES
    )


# --- Ocho columnas -----------------------------------------------------------------------------


def ocho_columnas(
    notas: Sequence[NotaSintesis], enlace: dict[int, str | None]
) -> list[OchoColumnas]:
    """Cabeza principal de cada medio: la primera de su portada impresa o su primera nota."""
    elegidas: dict[str, tuple[tuple[int, dt.datetime, int], NotaSintesis]] = {}
    for nota in notas:
        if nota.medio_tipo not in TIPOS_OCHO_COLUMNAS or es_columna(nota):
            continue
        clave = (
            _prioridad(nota),
            nota.fecha_publicacion or dt.datetime.max.replace(tzinfo=dt.UTC),
            nota.nota_id,
        )
        actual = elegidas.get(nota.medio)
        if actual is None or clave < actual[0]:
            elegidas[nota.medio] = (clave, nota)
    return [
        OchoColumnas(medio, n.titulo, enlace.get(n.nota_id), _origen(n))
        for medio, (_, n) in sorted(elegidas.items())
    ]


def _prioridad(nota: NotaSintesis) -> int:
    """0 para la portada impresa, 1 para otra página impresa, 2 para lo digital."""
    if nota.tipo_captura in CAPTURAS_IMPRESAS:
        return 0 if nota.pagina == 1 else 1
    return 2


def _origen(nota: NotaSintesis) -> str:
    """De dónde sale la cabeza: portada impresa o primera nota del día."""
    if nota.tipo_captura in CAPTURAS_IMPRESAS and nota.pagina == 1:
        return "primera plana"
    if nota.tipo_captura in CAPTURAS_IMPRESAS:
        return "edición impresa"
    return "primera nota del día"
