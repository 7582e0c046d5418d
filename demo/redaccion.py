"""Cómo "redactan" los medios ficticios: copias íntegras, parciales, reescrituras, notas propias."""

from __future__ import annotations

import random
import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from demo.tipos import BoletinDemo

# Separa oraciones: punto, cierre de comillas o signo final seguido de mayúscula o comillas.
_ORACION = re.compile(r"(?<=[.!?”])\s+(?=[A-ZÁÉÍÓÚÑ“¿])")
_SLOT = re.compile(r"\{(\w+)\}")
# Una copia parcial reproduce a lo más esta proporción del boletín; por encima, el emparejador
# la ve (con razón) como íntegra: calibrado con la primera corrida de `monitoreo demo`.
FIDELIDAD_PARCIAL = 0.6
_APOSICION = re.compile(
    r"^(?:El|La) ((?:director|directora|presidenta|tesorera|secretario)[^,]*), ([^,]+), "
    r"(explicó|informó|detalló|señaló|indicó|recordó|anunció|dijo|subrayó|destacó) que (.+)$"
)
_INVERSION = re.compile(
    r"(?:^|,? )[Cc]on una inversión (?:total )?de ([^,.]+(?:\.\d+)?[^,.]*)[,.]?"
)


@cache
def contenido(nombre: str) -> dict[str, Any]:
    """Lee un TOML de demo/contenido (con caché)."""
    texto = resources.files("demo.contenido").joinpath(nombre).read_text("utf-8")
    return tomllib.loads(texto)


def oraciones(parrafo: str) -> list[str]:
    """Divide un párrafo en oraciones."""
    return [o for o in _ORACION.split(parrafo.strip()) if o]


def sinonimos(texto: str) -> str:
    """Aplica las sustituciones de frases de redaccion.toml."""
    for original, cambio in contenido("redaccion.toml")["sinonimos"]:
        texto = re.sub(rf"(?<!\w){re.escape(original)}(?!\w)", cambio, texto)
    return texto


def _con_apertura(oracion: str, apertura: str) -> str:
    """Antepone una apertura y pasa a minúscula la primera palabra si es común."""
    if not apertura:
        return oracion
    primera = oracion.split(" ", 1)[0]
    if primera in contenido("redaccion.toml")["minusculas"]:
        oracion = primera.lower() + oracion[len(primera) :]
    return apertura + oracion


def integra(b: BoletinDemo, pie: str, rng: random.Random) -> tuple[str, str]:
    """Copia completa del boletín, a veces con otro titular y con el pie del medio."""
    prefijo = rng.choice(contenido("redaccion.toml")["prefijos_titular"])
    titulo = prefijo + (b.titular if rng.random() < 0.6 else sinonimos(b.titular))
    partes = [b.entradilla, *b.parrafos]
    if pie and rng.random() < 0.7:
        partes.append(pie)
    return titulo, "\n\n".join(partes)


def _fidelidad(b: BoletinDemo, parrafos: int) -> float:
    """Proporción del boletín que copia la entradilla con sus primeros `parrafos` párrafos."""
    copiado = len(b.entradilla) + sum(len(p) for p in b.parrafos[:parrafos])
    return copiado / len(b.entradilla + "".join(b.parrafos))


def parcial(b: BoletinDemo, pie: str, rng: random.Random) -> tuple[str, str]:
    """Entradilla, uno o dos párrafos del boletín y contexto propio del medio."""
    posibles = [k for k in (1, 1, 2) if _fidelidad(b, k) <= FIDELIDAD_PARCIAL] or [0]
    partes = [b.entradilla, *b.parrafos[: rng.choice(posibles)]]
    propios = contenido("redaccion.toml")["contexto"].get(b.tema, [])
    if propios:
        partes.append(rng.choice(propios))
    if pie and rng.random() < 0.4:
        partes.append(pie)
    titulo = b.titular if rng.random() < 0.5 else sinonimos(b.titular)
    return titulo, "\n\n".join(partes)


def _sin_citas(parrafo: str) -> str:
    """Quita las oraciones con citas textuales."""
    return " ".join(o for o in oraciones(parrafo) if "“" not in o and "”" not in o)


def _millones(m: re.Match[str]) -> str:
    """3.8 millones de pesos -> 3 millones 800 mil pesos (estilo de la prensa mexicana)."""
    enteros, miles = int(m[1]), round(float("0." + m[2]) * 1000)
    palabra = "millón" if enteros == 1 else "millones"
    return f"{enteros} {palabra} {miles} mil pesos" if miles else f"{enteros} {palabra} de pesos"


def _miles(m: re.Match[str]) -> str:
    """1,800 -> mil 800; 2,340 -> 2 mil 340."""
    prefijo = "" if m[1] == "1" else f"{m[1]} "
    return prefijo + "mil" + ("" if m[2] == "000" else f" {int(m[2])}")


def cifras(texto: str) -> str:
    """Reescribe cifras como las escribe un reportero: «mil 800», «3 millones 800 mil», «70%»."""
    texto = re.sub(r"(\d+)\.(\d+) millones de pesos", _millones, texto)
    texto = re.sub(r"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d,])", _miles, texto)
    return texto.replace(" por ciento", "%")


def _aposicion(oracion: str) -> str:
    """«El director de X, Fulano, explicó que ...» -> «Según explicó Fulano, director de X, ...»."""
    m = _APOSICION.match(oracion)
    return f"Según {m[3]} {m[2]}, {m[1]}, {m[4]}" if m else oracion


def _inversion(oracion: str) -> str:
    """Saca «con una inversión de ...» a una oración aparte al final."""
    m = _INVERSION.search(oracion)
    if not m:
        return oracion
    resto = (oracion[: m.start()] + " " + oracion[m.end() :]).strip(" ,.")
    return f"{resto[:1].upper()}{resto[1:]}. La inversión es de {m[1]}."


def _redactar(parrafo: str) -> str:
    """Transforma cada oración de un párrafo (aposición, inversión, cifras, sinónimos)."""
    return " ".join(sinonimos(cifras(_inversion(_aposicion(o)))) for o in oraciones(parrafo))


def _reescritura(b: BoletinDemo) -> list[str]:
    """Párrafos reescritos a mano para el boletín (reescrituras.toml), si los hay."""
    return list(contenido("reescrituras.toml")["reescritura"].get(b.clave, []))


def _reescrita_automatica(b: BoletinDemo, rng: random.Random) -> list[str]:
    """Reescritura por reglas: apertura, aposiciones, cifras, sinónimos, sin citas, otro orden."""
    reglas = contenido("redaccion.toml")
    primera = _con_apertura(_redactar(b.entradilla), rng.choice(reglas["aperturas"]))
    cuerpo = [p for p in (_sin_citas(x) for x in b.parrafos) if p]
    rng.shuffle(cuerpo)
    if len(cuerpo) > 2 and rng.random() < 0.5:
        cuerpo = cuerpo[:-1]
    return [primera, *(_redactar(p) for p in cuerpo)]


def reescrita(b: BoletinDemo, rng: random.Random) -> tuple[str, str]:
    """Mismo contenido con otras palabras: la reescritura del reportero, a veces con un dato más."""
    parrafos = _reescritura(b)
    if not parrafos:
        return sinonimos(cifras(b.titular)), "\n\n".join(_reescrita_automatica(b, rng))
    if len(parrafos) > 2 and rng.random() < 0.4:
        parrafos.pop()
    extra = [p for p in (_sin_citas(x) for x in b.parrafos[1:]) if p]
    if extra and rng.random() < 0.3:
        parrafos.append(_redactar(rng.choice(extra)))
    return sinonimos(cifras(b.titular)), "\n\n".join(parrafos)


def resumen_oral(b: BoletinDemo, programa: str, rng: random.Random) -> str:
    """Lo que se dijo al aire: la entradilla reescrita y un dato del cuerpo."""
    apertura = rng.choice(["En el noticiero se informó que ", "El conductor comentó que ", ""])
    propios = _reescritura(b)
    if propios:
        dicho = " ".join(propios)
        inicio = dicho[:1].lower() if apertura else dicho[:1]
        return f"{programa}. {apertura}{inicio}{dicho[1:]}"
    dato = oraciones(_sin_citas(b.parrafos[0]) or b.parrafos[-1])[0]
    return f"{programa}. " + sinonimos(_con_apertura(b.entradilla, apertura)) + " " + dato


def rellenar(plantilla: str, huecos: dict[str, str]) -> str:
    """Sustituye {hueco} por su valor; la primera letra queda en mayúscula."""
    texto = _SLOT.sub(lambda m: huecos.get(m.group(1), m.group(0)), plantilla)
    return texto[:1].upper() + texto[1:]


def huecos(rng: random.Random) -> dict[str, str]:
    """Valores al azar (deterministas) para los huecos de notas_propias.toml."""
    c = contenido("notas_propias.toml")
    municipio = rng.choice(c["municipio"])
    apellidos = rng.sample(c["apellidos"], 4)
    return {
        "loc": rng.choice(c["localidades"]),
        "calle": rng.choice(c["calles"]),
        "vecino": f"{rng.choice(c['nombres_h'])} {apellidos[0]} {apellidos[1]}",
        "vecina": f"{rng.choice(c['nombres_m'])} {apellidos[2]} {apellidos[3]}",
        "n1": str(rng.randint(3, 15)),
        "n2": str(rng.randint(20, 300)),
        "dias": str(rng.randint(3, 21)),
        "monto": f"{rng.randint(12, 98) / 10:.1f}",
        "municipio": municipio["nombre"],
        "alcalde": municipio["alcalde"],
        "colonia": rng.choice(c["colonias"]),
        "dependencia_estatal": rng.choice(c["dependencias_estatales"]),
    }


def propia(clase: str, rng: random.Random) -> tuple[str, str, int]:
    """Compone una nota propia (critica, mencion o ajena): titulo, texto y antigüedad máxima."""
    plantilla = rng.choice(contenido("notas_propias.toml")[clase])
    valores = huecos(rng)
    titulo = rellenar(rng.choice(plantilla["titulos"]), valores)
    parrafos = [rellenar(p, valores) for p in plantilla["parrafos"]]
    if len(parrafos) > 3 and rng.random() < 0.4:
        parrafos.pop(rng.randrange(1, len(parrafos)))
    return titulo, "\n\n".join(parrafos), int(plantilla.get("max_dias", 89))
