"""Fecha, hora y lugar de un evento escritos en español ("el próximo jueves 12 a las 10:00 hrs").

Escrito a mano (ver docs/decisiones.md): los avisos de las dependencias combinan día de la semana y
número ("el jueves 12") y eso se resuelve buscando la próxima fecha en que coinciden ambos, cosa que
los analizadores de fechas genéricos no hacen; además el lugar ("en la plaza principal") sale de la
misma oración.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from analisis.normalizar import sin_acentos

MESES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
DIAS = {
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
}
# Un aviso habla de los próximos dos meses; "el jueves 12" más lejos que esto es otra cosa.
HORIZONTE_DIAS = 120
# Un lugar más largo que esto es el resto del párrafo, no un sitio.
LARGO_LUGAR = 80

_MES = "|".join(MESES)
_DIA = "|".join(DIAS)
_FECHA_SEMANA = re.compile(
    rf"\b(?P<proximo>proximo\s+|este\s+)?(?P<semana>{_DIA})"
    rf"(?:\s+(?P<num>\d{{1,2}})(?!\d|:)(?:\s+de\s+(?P<mes>{_MES}))?(?:\s+de(?:l)?\s+(?P<anio>\d{{4}}))?)?\b"
)
_FECHA_MES = re.compile(
    rf"\b(?P<num>\d{{1,2}})\s+de\s+(?P<mes>{_MES})(?:\s+de(?:l)?\s+(?P<anio>\d{{4}}))?\b"
)
_FECHA_NUM = re.compile(r"\b(?P<num>\d{1,2})/(?P<mes>\d{1,2})(?:/(?P<anio>\d{2,4}))?\b")
_RELATIVA = re.compile(r"\b(?P<rel>pasado\s+manana|manana|hoy)\b")
_HORA = re.compile(
    r"\b(?:a\s+las?\s+|desde\s+las?\s+|hora:\s*|horario:\s*)?"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*"
    r"(?P<suf>hrs\b\.?|hr\b\.?|horas\b|h\b|a\.?\s?m\.?|p\.?\s?m\.?|de\s+la\s+(?:manana|tarde|noche))?"
)
_LUGAR_ETIQUETA = re.compile(r"(?im)^\s*(?:lugar|sede|ubicaci[oó]n)\s*:\s*(?P<lugar>[^\n]+)")
_LUGAR = re.compile(
    r"\ben\s+(?P<lugar>(?:el|la|los|las|la\s+explanada|el\s+auditorio|la\s+plaza)\b[^.,;\n]*)",
    re.IGNORECASE,
)
_CORTE_LUGAR = re.compile(r"\s+(?:a\s+las?|el\s+(?:pr[oó]ximo|d[ií]a)|para|con|donde)\s+.*$", re.I)


@dataclass(frozen=True)
class DatosAgenda:
    """Lo que se pudo leer de un aviso: fecha, hora y lugar (None si no se encontró)."""

    fecha: dt.date | None
    hora: dt.time | None
    lugar: str | None

    @property
    def completo(self) -> bool:
        """Hay fecha y hora: se puede proponer el evento."""
        return self.fecha is not None and self.hora is not None


def _con_semana_y_numero(hoy: dt.date, semana: int, numero: int) -> dt.date | None:
    """La próxima fecha desde hoy cuyo día de la semana y número coinciden."""
    for delta in range(HORIZONTE_DIAS):
        dia = hoy + dt.timedelta(days=delta)
        if dia.weekday() == semana and dia.day == numero:
            return dia
    return None


def _proxima_semana(hoy: dt.date, semana: int, estricto: bool) -> dt.date:
    """El siguiente día con ese nombre (hoy cuenta salvo "próximo")."""
    delta = (semana - hoy.weekday()) % 7
    if delta == 0 and estricto:
        delta = 7
    return hoy + dt.timedelta(days=delta)


def _fecha_segura(anio: int, mes: int, dia: int) -> dt.date | None:
    """date() o None si no existe (31 de febrero)."""
    try:
        return dt.date(anio, mes, dia)
    except ValueError:
        return None


def _sin_anio(hoy: dt.date, mes: int, dia: int, anio: str | None) -> dt.date | None:
    """Fecha con año explícito o, si no, la próxima con ese día y mes."""
    if anio:
        valor = int(anio)
        return _fecha_segura(valor + 2000 if valor < 100 else valor, mes, dia)
    fecha = _fecha_segura(hoy.year, mes, dia)
    if fecha is not None and fecha < hoy:
        return _fecha_segura(hoy.year + 1, mes, dia)
    return fecha


def _por_semana(m: re.Match[str], hoy: dt.date) -> dt.date | None:
    """«el próximo jueves 12 (de diciembre)»."""
    semana = DIAS[m["semana"]]
    if m["num"] is None:
        return _proxima_semana(hoy, semana, estricto=bool(m["proximo"]))
    if m["mes"]:
        return _sin_anio(hoy, MESES[m["mes"]], int(m["num"]), m["anio"])
    return _con_semana_y_numero(hoy, semana, int(m["num"]))


def leer_fecha(texto: str, hoy: dt.date) -> dt.date | None:
    """La primera fecha del texto, resuelta respecto de `hoy`."""
    limpio = sin_acentos(texto).lower()
    candidatos: list[tuple[int, dt.date | None]] = []
    if m := _FECHA_SEMANA.search(limpio):
        candidatos.append((m.start(), _por_semana(m, hoy)))
    if m := _FECHA_MES.search(limpio):
        candidatos.append((m.start(), _sin_anio(hoy, MESES[m["mes"]], int(m["num"]), m["anio"])))
    if m := _FECHA_NUM.search(limpio):
        candidatos.append((m.start(), _sin_anio(hoy, int(m["mes"]), int(m["num"]), m["anio"])))
    if m := _RELATIVA.search(limpio):
        dias = {"hoy": 0, "manana": 1}.get(m["rel"], 2)
        candidatos.append((m.start(), hoy + dt.timedelta(days=dias)))
    validos = sorted((pos, f) for pos, f in candidatos if f is not None)
    return validos[0][1] if validos else None


def _hora_de(m: re.Match[str]) -> dt.time | None:
    """La hora de una coincidencia, con a.m./p.m. y «de la tarde»."""
    hora, minuto = int(m["h"]), int(m["m"] or 0)
    sufijo = (m["suf"] or "").replace(".", "").replace(" ", "")
    if sufijo in {"pm", "delatarde", "delanoche"} and hora < 12:
        hora += 12
    if sufijo == "am" and hora == 12:
        hora = 0
    if hora > 23 or minuto > 59:
        return None
    return dt.time(hora, minuto)


def leer_hora(texto: str) -> dt.time | None:
    """La primera hora explícita («a las 10:00 hrs», «5 de la tarde», «17 h»)."""
    limpio = sin_acentos(texto).lower()
    for m in _HORA.finditer(limpio):
        explicita = m["m"] is not None or m["suf"] or m.group(0).startswith(("a la", "desde"))
        if explicita and (hora := _hora_de(m)) is not None:
            return hora
    return None


def leer_lugar(texto: str) -> str | None:
    """«Lugar: ...» o lo que sigue a «en la/el ...» hasta la coma o el punto."""
    if m := _LUGAR_ETIQUETA.search(texto):
        return m["lugar"].strip()[:LARGO_LUGAR] or None
    for m in _LUGAR.finditer(texto):
        lugar = _CORTE_LUGAR.sub("", m["lugar"]).strip()
        if lugar and len(lugar) <= LARGO_LUGAR:
            return lugar
    return None


def leer_agenda(texto: str, hoy: dt.date) -> DatosAgenda:
    """Fecha, hora y lugar de un aviso o solicitud de agenda."""
    return DatosAgenda(leer_fecha(texto, hoy), leer_hora(texto), leer_lugar(texto))
