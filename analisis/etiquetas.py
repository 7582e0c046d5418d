"""Etiquetas para personas: ningún identificador interno (slug, catálogo, URN) llega a una pantalla,
un PDF, un Excel o un CSV. Una sola tabla para tablero y reportes."""

from __future__ import annotations

import math
import re

VACIO = "—"
# Temas de `analisis.temas` y los que escribe la oficina en los boletines.
TEMAS = {
    "obras": "Obras públicas",
    "obras_publicas": "Obras públicas",
    "servicios_publicos": "Servicios públicos",
    "agua": "Agua",
    "salud": "Salud",
    "educacion": "Educación",
    "seguridad": "Seguridad",
    "deporte": "Deporte",
    "cultura": "Cultura",
    "desarrollo_social": "Desarrollo social",
    "proteccion_civil": "Protección civil",
    "gobierno": "Gobierno",
    "economia": "Economía",
    "medio_ambiente": "Medio ambiente",
    "hacienda": "Hacienda",
}
CATALOGOS = {
    # Tipos de medio y de captura.
    "impreso": "Impreso",
    "digital": "Digital",
    "radio": "Radio",
    "television": "Televisión",
    "red_social": "Red social",
    "agencia": "Agencia",
    "rss": "RSS",
    "sitemap": "Sitemap",
    "seccion": "Sección",
    "pdf": "PDF",
    "ocr": "OCR",
    "manual": "Captura manual",
    "importacion": "Importación",
    "facebook": "Facebook",
    # Niveles de retoma.
    "integra": "Íntegra",
    "parcial": "Parcial",
    "reescrita": "Reescrita",
    # Ámbitos.
    "local": "Local",
    "regional": "Regional",
    "estatal": "Estatal",
    "nacional": "Nacional",
    # Canales y unidades.
    "correo": "Correo",
    "whatsapp": "WhatsApp",
    "visitantes_mes": "Visitas al mes",
    "tiraje": "Tiraje",
    "seguidores": "Seguidores",
    "audiencia": "Audiencia",
    "sin clasificar": "Sin clasificar",
}
_SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def _humano(valor: str) -> str:
    """«desarrollo_social» → «Desarrollo social» para lo que no está en las tablas."""
    texto = valor.replace("_", " ").strip()
    return texto[:1].upper() + texto[1:]


def tema(valor: object) -> str:
    """Tema legible («servicios_publicos» → «Servicios públicos»); «—» si no hay."""
    if not isinstance(valor, str) or not valor.strip():
        return VACIO
    clave = valor.strip()
    return TEMAS.get(clave.lower(), _humano(clave) if _SLUG.match(clave.lower()) else clave)


def temas(valores: object) -> str:
    """Lista de temas legible, separada por comas."""
    if not isinstance(valores, list | tuple):
        return tema(valores)
    return ", ".join(tema(v) for v in valores if v) or VACIO


def catalogo(valor: object) -> str:
    """Valor de catálogo legible («red_social» → «Red social»); «—» si no hay."""
    if valor is None or (isinstance(valor, float) and math.isnan(valor)):
        return VACIO
    texto = str(getattr(valor, "value", valor)).strip()
    return CATALOGOS.get(texto.lower(), _humano(texto) if texto else VACIO)


def minuscula(valor: object) -> str:
    """Como `catalogo`, en minúscula, para ir dentro de una frase («tono negativo»)."""
    texto = catalogo(valor)
    return texto if texto in {VACIO, "RSS", "PDF", "OCR", "WhatsApp"} else texto.lower()
