"""Construye el mundo de demostración (medios, boletines, notas, agenda) de forma determinista."""

from __future__ import annotations

import datetime as dt
import random
import re
import tomllib
from functools import cache
from pathlib import Path

from analisis.menciones import RUTA_VIGILANCIA
from demo import agenda, generador
from demo.redaccion import contenido
from demo.tipos import (
    ZONA,
    BoletinDemo,
    ContactoDemo,
    ConvenioDemo,
    EventoDemo,
    InvitacionDemo,
    MedioDemo,
    Mundo,
    NotaDemo,
)

__all__ = [
    "ZONA",
    "BoletinDemo",
    "ContactoDemo",
    "ConvenioDemo",
    "EventoDemo",
    "InvitacionDemo",
    "MedioDemo",
    "Mundo",
    "NotaDemo",
    "construir",
    "ruta_vigilancia",
]

# Ritmo de boletines por día (≈ 42 en 90 días) para estimar el folio del primero de la ventana.
BOLETINES_POR_DIA = 0.47
_CITA = re.compile(r"“([^”]+)”")


def ruta_vigilancia() -> Path:
    """Ruta de analisis/vigilancia.toml (lista de vigilancia inicial)."""
    return RUTA_VIGILANCIA


@cache
def _funcionarios() -> tuple[tuple[str, str], ...]:
    """Pares (variante, nombre) de los funcionarios vigilados, variantes largas primero."""
    terminos = tomllib.loads(ruta_vigilancia().read_text("utf-8"))["termino"]
    pares = [
        (v, t["nombre"]) for t in terminos if t["tipo"] == "funcionario" for v in t["variantes"]
    ]
    return tuple(sorted(pares, key=lambda p: -len(p[0])))


def _citas(parrafos: list[str]) -> tuple[tuple[str, str], ...]:
    """Citas textuales de un boletín con la persona que las dijo (si se nombra en el párrafo)."""
    citas: list[tuple[str, str]] = []
    for p in parrafos:
        persona = next((nombre for v, nombre in _funcionarios() if v in p), "")
        citas.extend((persona, c) for c in _CITA.findall(p))
    return tuple(citas)


def _medios() -> list[MedioDemo]:
    """Medios de medios.toml."""
    medios = []
    for d in contenido("medios.toml")["medio"]:
        contactos = tuple(ContactoDemo(**c) for c in d.get("contactos", []))
        medios.append(
            MedioDemo(d["slug"], d["nombre"], d["tipo"], d["ambito"], d["estrategia"], d, contactos)
        )
    return medios


def _folios(fechas: list[dt.date], hoy: dt.date) -> list[tuple[int, int]]:
    """Número y año consecutivos por año; el primero de la ventana sigue a los ya emitidos."""
    inicio_ventana = hoy - dt.timedelta(days=90)
    siguiente: dict[int, int] = {}
    folios = []
    for f in fechas:
        if f.year not in siguiente:
            previos = 0 if inicio_ventana < dt.date(f.year, 1, 1) else f.timetuple().tm_yday - 1
            siguiente[f.year] = round(previos * BOLETINES_POR_DIA) + 1
        folios.append((siguiente[f.year], f.year))
        siguiente[f.year] += 1
    return folios


def _boletines(hoy: dt.date) -> list[BoletinDemo]:
    """Boletines de boletines.toml fechados respecto de `hoy`, en orden cronológico."""
    datos = contenido("boletines.toml")["boletin"]
    fechas = [
        dt.datetime.combine(
            hoy - dt.timedelta(days=d["dias"]), dt.time.fromisoformat(d["hora"]), tzinfo=ZONA
        )
        for d in datos
    ]
    orden = sorted(range(len(datos)), key=lambda i: fechas[i])
    folios = _folios([fechas[i].date() for i in orden], hoy)
    return [
        BoletinDemo(
            numero,
            anio,
            fechas[i],
            datos[i]["titular"],
            datos[i]["entradilla"],
            tuple(datos[i]["parrafos"]),
            datos[i]["tema"],
            datos[i]["area"],
            datos[i]["lugar"],
            int(datos[i]["interes"]),
            datos[i].get("evento"),
            _citas(datos[i]["parrafos"]),
            str(datos[i]["dias"]),
        )
        for i, (numero, anio) in zip(orden, folios, strict=True)
    ]


def _notas(
    medios: list[MedioDemo], boletines: list[BoletinDemo], hoy: dt.date, rng: random.Random
) -> list[NotaDemo]:
    """Todas las notas del mundo, ordenadas, con rutas y URLs asignadas."""
    notas = generador.retomas(medios, boletines, hoy, rng)
    notas += generador.propias(medios, hoy, rng)
    notas += generador.al_aire(medios, boletines, hoy, rng)
    for m in medios:
        if m.dato("impreso"):
            notas += generador.impresos(m, boletines, hoy, rng)
    notas.sort(key=lambda n: (n.fecha, n.medio, n.canal, n.pagina or 0))
    generador.rematar(notas, medios, hoy, rng)
    # Las notas de ayer se rematan aparte, con su propio generador: no mueven el resto del mundo.
    ayer = generador.del_dia_anterior(medios, hoy)
    generador.rematar(ayer, medios, hoy, random.Random(f"rematar-{hoy}"), 24001 + len(notas))
    notas += ayer
    notas.sort(key=lambda n: (n.fecha, n.medio, n.canal, n.pagina or 0))
    return notas


def construir(hoy: dt.date, semilla: int = 2026) -> Mundo:
    """Construye el mundo de demostración para el día `hoy` (determinista dada la semilla)."""
    rng = random.Random(semilla)
    medios = _medios()
    boletines = _boletines(hoy)
    notas = _notas(medios, boletines, hoy, rng)
    eventos = agenda.eventos(boletines, medios, generador.limite(hoy), rng)
    return Mundo(hoy, semilla, medios, boletines, notas, eventos, agenda.convenios(hoy))
