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
    # Estados de boletín, envío y revisión.
    "borrador": "Borrador",
    "revision": "En revisión",
    "aprobado": "Aprobado",
    "enviado": "Enviado",
    "confirmado": "Confirmado",
    "fallido": "Falló",
    "rebotado": "Rebotado",
    "pendiente": "Pendiente",
    "automatica": "Automática",
    "confirmada": "Confirmada",
    "rechazada": "Rechazada",
    "modificar": "Modificó",
    "crear": "Creó",
    "quitar": "Quitó",
    # Publicaciones de la página de Facebook (bitácora y filtros).
    "publicacion_facebook": "Publicación de Facebook",
    "en_revision": "En revisión",
    "aprobada": "Aprobada",
    "publicada": "Publicada",
    "fallida": "Falló",
    "cancelada": "Cancelada",
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
    if texto in {VACIO, "RSS", "PDF", "OCR", "WhatsApp"}:
        return texto
    # Los nombres propios de las redes conservan su mayúscula («publicación de Facebook»).
    return texto.lower().replace("facebook", "Facebook")


def referencia_sin_enlace(tipo_captura: object, medio: object, programa: object, fecha: str) -> str:
    """Cómo se cita una nota sin URL pública: «Radio: Noticiero matutino, 26 de noviembre de 2026».

    Los impresos, la radio y la TV se guardan con un identificador interno (URN) que no abre
    nada en el navegador: a una persona se le da el medio o el programa y la fecha.
    """
    origen = programa if isinstance(programa, str) and programa.strip() else medio
    return f"{catalogo(tipo_captura)}: {origen}, {fecha}"


# Campos de la bitácora como van dentro de una frase («cambió el tono de neutral a negativo»).
CAMPOS = {
    "tono": "el tono",
    "tono_confirmado": "el tono",
    "nivel": "el nivel de retoma",
    "estado": "el estado",
    "temas": "los temas",
    "titulo": "el título",
    "titular": "el titular",
    "convenio_id": "el convenio",
    "pagada": "si es pagada",
    "notas": "las notas",
    "audiencia": "la audiencia",
    "audiencia_tipo": "la unidad de audiencia",
    "respuesta": "la respuesta",
    "asistio": "la asistencia",
    "prioridad": "la prioridad",
    "numero": "el número",
    "folio": "el folio",
    "medios": "los medios",
    "aprobado_por_id": "quién lo aprobó",
    "nombre": "el nombre",
    "concepto": "el concepto",
}
# Campos cuyo valor no dice nada a una persona (huellas, rutas): se nombra el hecho, no el valor.
SIN_VALOR = {"sha256": "guardó el archivo con su huella de integridad", "ruta": "guardó el archivo"}


def _vacio(valor: object) -> bool:
    """None, texto vacío o lista vacía."""
    return valor is None or (isinstance(valor, str | list | tuple) and len(valor) == 0)


def valor_legible(valor: object) -> str:
    """Un valor de la bitácora en palabras: listas separadas por comas, sí/no, «vacío»."""
    if _vacio(valor):
        return "vacío"
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, list | tuple):
        return ", ".join(valor_legible(v) for v in valor)
    if isinstance(valor, dict):
        return "; ".join(f"{_humano(str(k)).lower()}: {valor_legible(v)}" for k, v in valor.items())
    if isinstance(valor, str) and valor.lower() in TEMAS:
        return TEMAS[valor.lower()]
    if isinstance(valor, str) and (valor.lower() in CATALOGOS or _SLUG.match(valor)):
        return minuscula(valor)
    return str(valor)


def frase_de_cambio(campo: str, antes: object, despues: object) -> str:
    """«cambió el tono de neutral a negativo», «puso los temas en Agua», «quitó el convenio»."""
    if campo in SIN_VALOR:
        return SIN_VALOR[campo]
    nombre = CAMPOS.get(campo, f"«{_humano(campo).lower()}»")
    if _vacio(antes):
        return f"puso {nombre} en {valor_legible(despues)}"
    if _vacio(despues):
        return f"quitó {nombre} (era {valor_legible(antes)})"
    return f"cambió {nombre} de {valor_legible(antes)} a {valor_legible(despues)}"
