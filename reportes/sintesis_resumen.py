"""Resumen ejecutivo de la síntesis: de 5 a 8 renglones escritos con los datos del día."""

from __future__ import annotations

from collections import Counter

from reportes import numero
from reportes.formato import plural
from reportes.sintesis_modelo import (
    COLUMNAS,
    MUNICIPIO,
    RADIO_TV,
    REDES,
    Entrada,
    Sintesis,
)

MAXIMO_RENGLONES = 8
# Un titular citado en el resumen se recorta para que cada renglón quepa en dos líneas.
LARGO_TITULAR = 90


def _cita(titulo: str) -> str:
    """Titular entre comillas, recortado."""
    corto = titulo if len(titulo) <= LARGO_TITULAR else titulo[: LARGO_TITULAR - 1] + "…"
    return f"«{corto}»"


def resumen_ejecutivo(sintesis: Sintesis) -> list[str]:
    """Renglones del resumen: qué se dijo del Ayuntamiento, retomas y qué requiere atención."""
    if not sintesis.piezas:
        return [
            "No se registraron notas este día en los medios monitoreados.",
            "Sin retomas de boletines ni menciones del Ayuntamiento.",
            "Ninguna nota requiere atención.",
            _planas(sintesis),
            "Revise que los rastreos del día hayan corrido (página Medios).",
        ]
    renglones = [
        _panorama(sintesis),
        _municipio(sintesis),
        _retomas(sintesis),
        _atencion(sintesis),
        _planas(sintesis),
        _columnas_y_aire(sintesis),
    ]
    if sintesis.nota_editorial:
        renglones.append("Nota de la Dirección al final de esta portada.")
    return [r for r in renglones if r][:MAXIMO_RENGLONES]


def _panorama(sintesis: Sintesis) -> str:
    """Cuántas notas y de cuántos medios."""
    medios = {p.nota.medio for p in sintesis.piezas}
    historias = sum(len(es) for _, es in sintesis.entradas)
    return (
        f"Se registraron {plural(len(sintesis.piezas), 'nota')} de "
        f"{plural(len(medios), 'medio')}, agrupadas en {plural(historias, 'historia')}."
    )


def _municipio(sintesis: Sintesis) -> str:
    """Cuánto se habló del Ayuntamiento y con qué tono."""
    entradas = dict(sintesis.entradas).get(MUNICIPIO, ())
    piezas = [p for e in entradas for p in e.piezas]
    if not piezas:
        return "Ninguna nota habló del Ayuntamiento."
    tonos = Counter(p.tono for p in piezas)
    # Concuerdan con «notas»: 1 positiva, 2 neutrales, 3 negativas.
    adjetivos = {"positivo": "positiva", "neutral": "neutral", "negativo": "negativa"}
    detalle = ", ".join(plural(tonos[t], a) for t, a in adjetivos.items() if tonos[t])
    return f"Del Ayuntamiento se publicaron {plural(len(piezas), 'nota')} ({detalle})."


def _retomas(sintesis: Sintesis) -> str:
    """Boletines retomados y el publicado por más medios (en todas las secciones)."""
    medios: dict[str, set[str]] = {}
    titulares: dict[str, str] = {}
    for pieza in sintesis.piezas:
        for folio in pieza.nota.boletines:
            medios.setdefault(folio, set()).add(pieza.nota.medio)
            titulares.setdefault(folio, pieza.nota.titulo)
    if not medios:
        return "Ningún medio retomó boletines este día."
    mayor = max(sorted(medios), key=lambda f: len(medios[f]))
    return (
        f"Se retomaron {plural(len(medios), 'boletín', 'boletines')}; el de mayor cobertura, "
        f"{mayor} {_cita(titulares[mayor])}, en {plural(len(medios[mayor]), 'medio')}."
    )


def _atencion(sintesis: Sintesis) -> str:
    """Qué requiere atención, empezando por lo negativo."""
    atencion = sintesis.atencion()
    if not atencion:
        return "Ninguna nota negativa ni de alto alcance potencial."
    primera: Entrada = atencion[0]
    motivo = ", ".join(primera.atencion)
    return (
        f"Requieren atención {plural(len(atencion), 'historia')}; la primera, "
        f"{_cita(primera.principal.nota.titulo)} en {', '.join(primera.medios)} ({motivo})."
    )


def _planas(sintesis: Sintesis) -> str:
    """Portadas del día y si el Ayuntamiento llegó a alguna."""
    if not sintesis.planas:
        return "No se capturaron ediciones impresas este día."
    en_portada = sorted(
        {
            p.nota.medio
            for p in sintesis.piezas
            if p.nota.pagina == 1
            and p.seccion == MUNICIPIO
            and p.nota.tipo_captura in ("pdf", "ocr")
        }
    )
    cuantas = len(sintesis.planas)
    base = (
        "Primera plana de 1 edición impresa"
        if cuantas == 1
        else f"Primeras planas de {numero(cuantas)} ediciones impresas"
    )
    if en_portada:
        return f"{base}; el Ayuntamiento aparece en la portada de {', '.join(en_portada)}."
    return f"{base}; el Ayuntamiento no aparece en ninguna portada."


def _columnas_y_aire(sintesis: Sintesis) -> str:
    """Columnas, radio y TV y redes en un renglón."""
    secciones = dict(sintesis.entradas)
    partes = [
        plural(sum(len(e.piezas) for e in secciones.get(COLUMNAS, ())), "columna"),
        plural(sum(len(e.piezas) for e in secciones.get(RADIO_TV, ())), "mención", "menciones")
        + " en radio y TV",
        plural(sum(len(e.piezas) for e in secciones.get(REDES, ())), "publicación", "publicaciones")
        + " en redes sociales",
    ]
    return f"Además: {', '.join(partes)}."
