"""Prioridad sugerida (1–5) de un evento de la agenda según su tipo y su audiencia esperada."""

from __future__ import annotations

from analisis.normalizar import sin_acentos

# Base por tipo de evento: la calibró la oficina con la agenda de 2025 (qué eventos pidió cubrir
# la directora con fotógrafo, video y boletín el mismo día = 5; sólo foto para redes = 2).
PRIORIDAD_POR_TIPO: dict[str, int] = {
    "informe de gobierno": 5,
    "visita oficial": 5,
    "emergencia": 5,
    "inauguracion": 4,
    "arranque de obra": 4,
    "entrega de obra": 4,
    "entrega de apoyos": 4,
    "conferencia de prensa": 4,
    "rueda de prensa": 4,
    "sesion de cabildo": 3,
    "gira": 3,
    "ceremonia civica": 3,
    "evento cultural": 3,
    "evento deportivo": 3,
    "firma de convenio": 3,
    "reunion": 2,
    "capacitacion": 2,
    "audiencia publica": 2,
}
PRIORIDAD_OMISION = 3
# Asistencia esperada que sube la prioridad (≥ AUDIENCIA_ALTA) o la baja (< AUDIENCIA_BAJA):
# en Tampacán un evento de 500 personas ya es de cabecera municipal; menos de 30 es de oficina.
AUDIENCIA_ALTA = 500
AUDIENCIA_MUY_ALTA = 2_000
AUDIENCIA_BAJA = 30
PRIORIDAD_MINIMA = 1
PRIORIDAD_MAXIMA = 5


def normalizar_tipo(tipo: str | None) -> str:
    """Tipo en minúsculas, sin acentos ni espacios repetidos."""
    if not tipo:
        return ""
    return " ".join(sin_acentos(tipo).lower().split())


def ajuste_por_audiencia(audiencia: int | None) -> int:
    """Puntos que suma (o resta) la asistencia esperada."""
    if audiencia is None:
        return 0
    if audiencia >= AUDIENCIA_MUY_ALTA:
        return 2
    if audiencia >= AUDIENCIA_ALTA:
        return 1
    if audiencia < AUDIENCIA_BAJA:
        return -1
    return 0


def sugerir_prioridad(
    tipo: str | None, audiencia: int | None = None, *, con_presidenta: bool = False
) -> int:
    """Prioridad 1–5: base del tipo, más la audiencia esperada y la presencia de la presidenta."""
    base = PRIORIDAD_POR_TIPO.get(normalizar_tipo(tipo), PRIORIDAD_OMISION)
    total = base + ajuste_por_audiencia(audiencia) + (1 if con_presidenta else 0)
    return max(PRIORIDAD_MINIMA, min(PRIORIDAD_MAXIMA, total))
