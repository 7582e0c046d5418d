"""Decisión del nivel de retoma (íntegra, parcial, reescrita) a partir de las medidas de un par."""

from __future__ import annotations

from dataclasses import dataclass

# --- Copia textual (contención del boletín en la nota) -------------------------------------------
# Íntegra: la mayor parte del boletín aparece copiada. Los portales suelen recortar el último
# párrafo (contacto, cierre) o cambiar la entrada; 75 % admite esos recortes y exige "casi todo".
# No se calibró sobre los ejemplos propios sino desde la definición del glosario.
UMBRAL_INTEGRA = 0.75
# Parcial: churnalism.com marcaba una nota como copia si más del 20 % coincidía con el comunicado en
# cadenas de 15 caracteres; aquí se mide en pasajes de 5 palabras o más (más estricto).
UMBRAL_PARCIAL = 0.20
# Notas breves (radio, Facebook, columnas) que copian uno o dos párrafos de un boletín largo: la
# fidelidad queda baja pero la nota es, en su mayoría, el boletín. Se exige además un mínimo
# absoluto de palabras copiadas (≈ dos oraciones): tres renglones no cuentan por una frase.
UMBRAL_PROPORCION_NOTA = 0.50
MIN_PALABRAS_COPIADAS = 25
# Un solo pasaje de 40 palabras idénticas (≈ 250 caracteres, dos oraciones completas) que no es
# plantilla no ocurre por azar entre textos independientes: la nota viene del boletín aunque éste
# sea largo (parcial; si el resto de la nota es paráfrasis del boletín, reescrita).
UMBRAL_PASAJE_LARGO = 40
# Íntegra recortada: la nota entera es copia casi textual del boletín (≥ 85 % de sus palabras y
# ≥ 80 copiadas: más que una breve de radio, 55 a 74 en el corpus) y trae al menos 40 % de él. El
# medio publicó el boletín tal cual y cortó el final, como el «cut» (copiar y pegar partes de la
# fuente) del corpus de Clough y Stevenson, donde la fuente es más larga que la respuesta: con
# sólo la fidelidad, un «cut» de 130 palabras de una fuente de 330 (0.42) salía parcial. Una nota
# con texto propio no llega al 85 % (en el corpus de desarrollo ningún par parcial pasa de 0.72).
UMBRAL_NOTA_COPIA = 0.85
MIN_PALABRAS_NOTA_COPIA = 80
# ... y lo que no es copia cabe en una firma o un pie («Con información de…»): con más texto propio
# que esto, aunque sea poco frente a una nota larga, el medio sólo tomó una parte o la retocó
# (una «light revision» de Clough agrega unas 30 palabras propias; un «cut», ninguna).
MAX_PALABRAS_PROPIAS_RECORTADA = 20
UMBRAL_INTEGRA_RECORTADA = 0.40

# --- Paráfrasis (mismo boletín con otras palabras) -----------------------------------------------
# Coseno TF-IDF (lemas ligeros, IDF de los boletines) mínimo. En detección de reutilización de
# texto, las reescrituras del mismo hecho suelen quedar arriba de 0.4 y las notas del mismo tema
# pero otro hecho entre 0.1 y 0.35; 0.30 es el piso; deciden el puntaje combinado y los específicos.
UMBRAL_COSENO = 0.30
# Puntaje combinado (ver `parafrasis`) mínimo para declarar reescritura.
UMBRAL_PARAFRASIS = 0.42
# Un mismo hecho comparte nombres propios y cifras poco frecuentes (lugar, monto, persona, fecha);
# notas de otro hecho del mismo tema comparten sólo los nombres de siempre (que el IDF descarta).
MIN_ESPECIFICOS = 2
# Contención léxica (asimétrica) de la nota en el boletín: proporción de la masa IDF de los términos
# de la nota presentes en él (máximo entre la nota y sus ventanas). Una nota breve (radio, resumen)
# que viene de un boletín usa casi sólo su vocabulario aunque el coseno quede bajo por la diferencia
# de largo. Calibrado sobre el corpus de desarrollo (tests/datos/emparejamiento): las reescrituras
# perdidas medían 0.41–0.91 (las breves 0.53–0.91) y los negativos que pasan el coseno mínimo, a lo
# más 0.45 (de otro hecho: traen lugares, personas y verbos propios). Generaliza porque no depende
# del idioma ni del tema: mide cuánto de lo que dice la nota ya estaba en el boletín.
UMBRAL_CONTENCION = 0.50
# Con la contención basta si además la nota nombra algo del boletín (nombre propio o cifra, aunque
# sea frecuente). Se añadió al ver falsos positivos en el mundo de demostración: notas breves del
# mismo tema en otro municipio ("aplican 1930 vacunas en Ébano") llegan a 0.60 de contención sin
# compartir un solo nombre, mientras que las retomas verdaderas de la demo y del corpus nombran al
# menos el municipio, la dependencia o una cifra del boletín. Es una regla de sentido común (el
# mismo hecho tiene el mismo lugar), no un umbral ajustado: 2 ya pierde retomas breves.
MIN_ENTIDADES_CONTENCION = 1
# Pesos del puntaje de paráfrasis: el coseno manda; nombres/cifras y título lo confirman; un poco de
# copia textual (citas textuales del boletín) también es evidencia.
PESO_COSENO = 0.55
PESO_ESPECIFICOS = 0.20
PESO_TITULO = 0.10
PESO_COPIA = 0.15


@dataclass(frozen=True)
class Medidas:
    """Medidas de un par nota–boletín (todas en 0–1 salvo las cuentas de palabras)."""

    fidelidad: float
    proporcion_nota: float
    palabras_copiadas: int
    pasaje_mayor: int
    coseno: float
    especificos: float
    especificos_comunes: int
    titulo: float
    # Con valor por omisión para no romper a quien construya medidas sin ellas.
    contencion: float = 0.0
    entidades_comunes: int = 0
    # Proporción del boletín en todos los pasajes de 5 palabras o más, aunque estén sueltos (la
    # `fidelidad` cuenta sólo regiones casi textuales largas).
    fidelidad_dispersa: float = 0.0
    # La `fidelidad` sin las citas textuales del boletín (con ella decide); None: no se midió.
    fidelidad_sin_citas: float | None = None
    # Palabras de la nota que no son copia de este boletín ni de otro; None: no se midió.
    palabras_propias_nota: int | None = None
    # Lo copiado contado en la nota (una frase que el boletín repite, una vez) sobre el boletín.
    fidelidad_en_nota: float | None = None

    @property
    def literal(self) -> float:
        """Proporción del boletín copiada casi textual, con y sin sus citas (la menor decide)."""
        if self.fidelidad_sin_citas is None:
            return self.fidelidad
        return min(self.fidelidad, self.fidelidad_sin_citas)


def es_copia(m: Medidas) -> bool:
    """Hay una parte sustancial del boletín copiada textualmente."""
    breve = (
        m.proporcion_nota >= UMBRAL_PROPORCION_NOTA and m.palabras_copiadas >= MIN_PALABRAS_COPIADAS
    )
    return m.literal >= UMBRAL_PARCIAL or breve


def es_oracion_suelta(m: Medidas) -> bool:
    """Toda la copia es una oración (< 40 palabras) y la nota dice más con palabras propias."""
    return (
        0 < m.palabras_copiadas == m.pasaje_mayor < UMBRAL_PASAJE_LARGO
        and m.palabras_propias_nota is not None
        and m.palabras_propias_nota >= m.palabras_copiadas
    )


def es_integra_recortada(m: Medidas) -> bool:
    """La nota entera es copia casi textual de buena parte del boletín (publicado y recortado)."""
    return (
        m.palabras_propias_nota is not None
        and m.palabras_propias_nota <= MAX_PALABRAS_PROPIAS_RECORTADA
        and m.proporcion_nota >= UMBRAL_NOTA_COPIA
        and m.palabras_copiadas >= MIN_PALABRAS_NOTA_COPIA
        and min(m.literal, m.fidelidad_en_nota or 0.0) >= UMBRAL_INTEGRA_RECORTADA
    )


def parafrasis(m: Medidas) -> float:
    """Puntaje combinado de paráfrasis (0–1)."""
    # Citas y frases textuales sueltas también son evidencia de paráfrasis (dispersa ≥ literal).
    copia = min(1.0, max(m.fidelidad, m.fidelidad_dispersa) / UMBRAL_PARCIAL)
    return min(
        1.0,
        PESO_COSENO * m.coseno
        + PESO_ESPECIFICOS * m.especificos
        + PESO_TITULO * m.titulo
        + PESO_COPIA * copia,
    )


def es_reescritura(m: Medidas) -> bool:
    """El contenido del boletín está en la nota, redactado de otra forma."""
    if m.coseno < UMBRAL_COSENO:
        return False
    if m.contencion >= UMBRAL_CONTENCION and m.entidades_comunes >= MIN_ENTIDADES_CONTENCION:
        return True
    return m.especificos_comunes >= MIN_ESPECIFICOS and parafrasis(m) >= UMBRAL_PARAFRASIS


def nivel(m: Medidas) -> str | None:
    """Nivel de retoma (integra, parcial, reescrita) o None si la nota no retoma el boletín.

    Muchos fragmentos textuales sueltos (nombres, cargos, frases hechas) que suman una quinta
    parte del boletín prueban que la nota sale de él, pero son una reescritura, no una copia.
    """
    # Íntegra: casi todo el boletín, con sus citas y sin ellas (sin citas solas no basta: quien
    # copia la narración y deja fuera las declaraciones copió una parte).
    if m.literal >= UMBRAL_INTEGRA or es_integra_recortada(m):
        return "integra"
    # Una sola oración copiada en una nota que cuenta lo demás con otras palabras es reescrita,
    # aunque en un boletín corto esa oración pase del 20 % (las reescrituras de la demostración).
    if es_copia(m) and not (es_oracion_suelta(m) and es_reescritura(m)):
        return "parcial"
    if es_reescritura(m) or m.fidelidad_dispersa >= UMBRAL_PARCIAL:
        return "reescrita"
    # Un pasaje largo idéntico prueba que la nota sale del boletín; si además el resto es el mismo
    # contenido con otras palabras (arriba), es una reescritura que pegó un párrafo, no una copia.
    return "parcial" if m.pasaje_mayor >= UMBRAL_PASAJE_LARGO else None


def puntaje(m: Medidas) -> float:
    """Confianza de la retoma (0–1): la evidencia más fuerte entre copia y paráfrasis."""
    return round(max(m.fidelidad, m.proporcion_nota, parafrasis(m)), 4)
