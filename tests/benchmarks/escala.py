"""Generador sintético de una base a escala estatal: un año de medios, boletines y notas.

Inserta con `executemany` crudo de sqlite3 en lotes (sin ORM: un millón de notas en pocos
minutos) sobre el esquema real (migraciones Alembic). Es determinista dada la semilla y la fecha
final. Correr a mano: `.venv/bin/python -m tests.benchmarks.escala 100000 /tmp/base.sqlite3`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datos.migraciones import actualizar
from datos.sesion import crear_motor

log = logging.getLogger(__name__)

SEMILLA = 2026
# Filas por executemany: con 20,000 la memoria queda < 100 MB y el costo por lote es despreciable.
LOTE = 20_000
# Marca en PRAGMA user_version de una base completa (cambia si cambia el generador).
VERSION_GENERADOR = 9
# Proporciones de una oficina estatal grande (1,000,000 notas y 5,000 boletines al año); los
# medios llegan a 300 desde 100,000 notas (el padrón no crece con el volumen).
NOTAS_POR_BOLETIN = 200
NOTAS_POR_MEDIO = 333
MAX_MEDIOS = 300
ENVIOS_POR_BOLETIN = 40
# ~15 % de las notas retoman un boletín; ~10 % mencionan al Ayuntamiento sin venir de uno.
PROPORCION_RETOMA = 0.15
PROPORCION_MENCION = 0.10
# Una base en caché se regenera si tiene más días: el tablero mira los últimos 30 días.
DIAS_CACHE = 7
FORMATO_FECHA = "%Y-%m-%d %H:%M:%S.%f"


def _nombres(texto: str) -> list[str]:
    """Lista de palabras separadas por espacios (más legible que una lista larga)."""
    return texto.split()


TEMAS = {
    "agua": ("agua potable", ["red", "pozo", "tanque", "tubería", "abasto", "fuga"]),
    "obras_publicas": ("Obras públicas", ["pavimentación", "bacheo", "calle", "puente", "obra"]),
    "salud": ("Salud", ["vacunación", "clínica", "jornada", "médicos", "dengue"]),
    "seguridad": ("Seguridad", ["patrullaje", "policía", "robo", "vigilancia", "detenidos"]),
    "educacion": ("Educación", ["escuela", "becas", "maestros", "aulas", "útiles"]),
    "cultura": ("Cultura", ["huapango", "festival", "Xantolo", "danza", "artesanos"]),
    "deporte": ("Deporte", ["torneo", "cancha", "liga", "atletas", "unidad deportiva"]),
    "proteccion_civil": ("Protección civil", ["lluvias", "refugio", "inundación", "alerta"]),
    "desarrollo_social": ("Desarrollo social", ["apoyos", "despensas", "programa", "familias"]),
    "turismo": ("Turismo", ["cascada", "visitantes", "huasteca", "ruta", "hospedaje"]),
}
CLAVES_TEMA = list(TEMAS)
COMUNES = _nombres(
    "el municipio informó que los trabajos avanzan en la comunidad con "
    "participación de vecinos del ejido y autoridades locales durante la semana en "
    "la región huasteca del estado"
)
LOCALIDADES = ["Tampacán", "Chiconamel", "Tamazunchale", "Axtla", "Xilitla", "Matlapa", "Aquismón"]
AYUNTAMIENTO = "Ayuntamiento de Tampacán"
TIPOS_MEDIO = [
    ("digital", 0.45, "visitantes_mes"),
    ("impreso", 0.15, "tiraje"),
    ("radio", 0.15, "audiencia"),
    ("television", 0.05, "audiencia"),
    ("red_social", 0.17, "seguidores"),
    ("agencia", 0.03, None),
]
CAPTURA_POR_TIPO = {
    "digital": ["rss", "sitemap", "seccion"],
    "impreso": ["pdf", "ocr"],
    "radio": ["radio"],
    "television": ["television"],
    "red_social": ["red_social"],
    "agencia": ["rss"],
}
TONOS = (["positivo", "neutral", "negativo", None], [0.35, 0.45, 0.17, 0.03])
NIVELES = (["integra", "parcial", "reescrita"], [0.2, 0.45, 0.35])
ESTADOS_RETOMA = (["automatica", "confirmada", "rechazada"], [0.9, 0.08, 0.02])
ESTADOS_ENVIO = (["enviado", "confirmado", "fallido", "rebotado"], [0.85, 0.08, 0.04, 0.03])
# Fotos: dos por boletín en el banco; 60 % de las notas web traen de 1 a 3 imágenes con huella y
# en 30 % de las retomas ilustradas la primera es una foto nuestra (recomprimida: 0 a 4 bits).
FOTOS_POR_BOLETIN = 2
PROPORCION_CON_IMAGENES = 0.6
PROPORCION_FOTO_NUESTRA = 0.3
FIDELIDAD = {"integra": (0.85, 1.0), "parcial": (0.35, 0.85), "reescrita": (0.05, 0.4)}


@dataclass(frozen=True)
class Escala:
    """Tamaño de la base sintética; `de_notas` escala todo en proporción a las notas."""

    notas: int
    boletines: int
    medios: int
    envios_por_boletin: int = ENVIOS_POR_BOLETIN

    @classmethod
    def de_notas(cls, notas: int) -> Escala:
        """Escala proporcional a una oficina estatal (1,000,000 notas → 5,000 boletines)."""
        medios = min(MAX_MEDIOS, max(10, notas // NOTAS_POR_MEDIO))
        boletines = max(5, notas // NOTAS_POR_BOLETIN)
        return cls(notas, boletines, medios, min(ENVIOS_POR_BOLETIN, medios))


@dataclass
class Conteos:
    """Filas insertadas por tabla y segundos que tardó la generación."""

    filas: dict[str, int] = field(default_factory=dict)
    segundos: float = 0.0


@dataclass
class _Boletin:
    """Lo que las notas necesitan saber de un boletín."""

    boletin_id: int
    emision: dt.datetime
    tema: str
    titular: str
    medios: list[int]
    # (recurso_id, pHash) de las fotos del banco adjuntas.
    fotos: list[tuple[int, int]] = field(default_factory=list)


def _texto_fecha(fecha: dt.datetime) -> str:
    """Fecha con zona al formato en que SQLAlchemy la guarda en SQLite (UTC, sin zona)."""
    return fecha.astimezone(dt.UTC).strftime(FORMATO_FECHA)


def _elegir(azar: random.Random, opciones: tuple[list[Any], list[float]]) -> Any:
    """Una opción según sus pesos."""
    return azar.choices(opciones[0], opciones[1])[0]


def _frase(azar: random.Random, tema: str, palabras: int) -> str:
    """Texto corto con palabras del tema y comunes (suficiente para la búsqueda)."""
    propias = TEMAS[tema][1]
    elegidas = [
        azar.choice(propias) if azar.random() < 0.3 else azar.choice(COMUNES)
        for _ in range(palabras)
    ]
    return " ".join(elegidas)


def _lotes(filas: Iterable[tuple[Any, ...]], tamano: int = LOTE) -> Iterator[list[tuple[Any, ...]]]:
    """Parte un flujo de filas en listas de `tamano`."""
    lote: list[tuple[Any, ...]] = []
    for fila in filas:
        lote.append(fila)
        if len(lote) >= tamano:
            yield lote
            lote = []
    if lote:
        yield lote


def _insertar(
    conexion: sqlite3.Connection,
    tabla: str,
    columnas: Sequence[str],
    filas: Iterable[tuple[Any, ...]],
) -> int:
    """INSERT en bloque por lotes; devuelve cuántas filas insertó."""
    marcas = ", ".join("?" * len(columnas))
    sql = f"INSERT INTO {tabla} ({', '.join(columnas)}) VALUES ({marcas})"
    total = 0
    for lote in _lotes(filas):
        conexion.executemany(sql, lote)
        total += len(lote)
    return total


COLUMNAS_MEDIO = _nombres(
    "id nombre tipo ambito sitio_web audiencia audiencia_tipo audiencia_fuente "
    "audiencia_fecha tarifas activo creado_en"
)
COLUMNAS_FUENTE = _nombres(
    "id medio_id tipo url intervalo_minutos activa selectores ultimo_exito "
    "creado_en fallas_consecutivas notas_totales"
)
COLUMNAS_CONVENIO = _nombres(
    "id medio_id numero concepto monto_sin_iva iva monto_total vigencia_inicio "
    "vigencia_fin notas_mes spots_mes banners_mes inserciones_mes creado_en"
)
COLUMNAS_BOLETIN = _nombres(
    "id numero anio fecha_emision lugar titular entradilla cuerpo citas area tema "
    "estado autor_nombre enviado_en creado_en actualizado_en"
)
COLUMNAS_ENVIO = _nombres(
    "id tipo boletin_id medio_id correo clave estado intentos enviado_en creado_en"
)
COLUMNAS_NOTA = _nombres(
    "id medio_id fuente_id url_canonica url_original titulo texto fecha_publicacion "
    "fecha_captura tipo_captura hash_contenido version imagenes metricas tono "
    "tono_puntaje tono_frases tono_confirmado temas pagada convenio_id"
)
COLUMNAS_RETOMA = _nombres("id nota_id boletin_id nivel puntaje fidelidad pasajes estado creado_en")
COLUMNAS_MENCION = _nombres("id nota_id tipo entidad texto inicio fin sin_boletin")
COLUMNAS_RECURSO = _nombres(
    "id tipo nombre_archivo sha256 ruta tipo_mime tamano ancho alto etiquetas hash_perceptual "
    "creado_en"
)
COLUMNAS_BOLETIN_RECURSO = _nombres("boletin_id recurso_id")
# Sin id: lo asigna SQLite (INTEGER PRIMARY KEY).
COLUMNAS_FOTO_EN_NOTA = _nombres("nota_id recurso_id distancia url_imagen")


def _medio(azar: random.Random, i: int, creado: str) -> tuple[Any, ...]:
    """Un medio con tipo, ámbito y audiencia potencial declarada (con fuente y fecha)."""
    tipo, _, audiencia_tipo = azar.choices(TIPOS_MEDIO, [p for _, p, _ in TIPOS_MEDIO])[0]
    ambito = azar.choice(["municipal", "regional", "estatal", "nacional"])
    audiencia = int(azar.lognormvariate(10, 1.3)) if audiencia_tipo else None
    fuente = "Declaración del medio" if audiencia else None
    fecha = "2026-01-15" if audiencia else None
    sitio = f"https://medio{i}.example.mx"
    nombre = f"Medio {tipo} {i:03d}"
    return (
        i,
        nombre,
        tipo,
        ambito,
        sitio,
        audiencia,
        audiencia_tipo,
        fuente,
        fecha,
        "{}",
        1,
        creado,
    )


def _fuente(m: int, creado: str) -> tuple[Any, ...]:
    """Una fuente RSS sana del medio."""
    url = f"https://medio{m}.example.mx/feed.xml"
    return (m, m, "rss", url, 60, 1, "{}", creado, creado, 0, 0)


def _convenios(escala: Escala, inicio: dt.datetime, creado: str) -> list[tuple[Any, ...]]:
    """Un convenio anual con uno de cada diez medios."""
    desde = inicio.date().isoformat()
    hasta = (inicio + dt.timedelta(days=365)).date().isoformat()
    filas = []
    for n, medio in enumerate(range(1, escala.medios + 1, 10), start=1):
        monto = 12_000.0 * (1 + medio % 5)
        iva = round(monto * 0.16, 2)
        fila = (n, medio, f"CONV-{n:03d}", "Difusión institucional", monto, iva, monto + iva)
        filas.append((*fila, desde, hasta, 8, 0, 0, 0, creado))
    return filas


def _fechas_boletines(
    azar: random.Random, escala: Escala, inicio: dt.datetime
) -> list[dt.datetime]:
    """Emisiones repartidas en el año, de 9 a 18 h locales (15 a 24 h UTC)."""
    return sorted(
        inicio + dt.timedelta(days=azar.randrange(365), hours=15 + azar.random() * 9)
        for _ in range(escala.boletines)
    )


def _boletines(
    azar: random.Random, escala: Escala, inicio: dt.datetime
) -> tuple[list[tuple[Any, ...]], list[_Boletin]]:
    """Filas de boletín y, para las notas, su emisión, tema, titular y medios destinatarios."""
    filas, datos = [], []
    consecutivo: dict[int, int] = {}
    for i, emision in enumerate(_fechas_boletines(azar, escala, inicio), start=1):
        tema = azar.choice(CLAVES_TEMA)
        nombre, propias = TEMAS[tema]
        lugar = azar.choice(LOCALIDADES)
        titular = f"{AYUNTAMIENTO}: {azar.choice(propias)} en {lugar} ({i})"
        consecutivo[emision.year] = numero = consecutivo.get(emision.year, 0) + 1
        entradilla = f"El {AYUNTAMIENTO} informa sobre {nombre.lower()}: {_frase(azar, tema, 12)}"
        cuerpo = _frase(azar, tema, 40)
        f = _texto_fecha(emision)
        fila = (i, numero, emision.year, f, lugar, titular, entradilla, cuerpo, "[]")
        filas.append((*fila, "Comunicación Social", nombre, "enviado", "Personal", f, f, f))
        medios = azar.sample(range(1, escala.medios + 1), escala.envios_por_boletin)
        datos.append(_Boletin(i, emision, tema, titular, medios))
    return filas, datos


def _envios(azar: random.Random, boletines: list[_Boletin]) -> Iterator[tuple[Any, ...]]:
    """Un envío por boletín y medio destinatario, con su estado."""
    n = 0
    for b in boletines:
        f = _texto_fecha(b.emision)
        for m in b.medios:
            n += 1
            estado = _elegir(azar, ESTADOS_ENVIO)
            correo = f"redaccion@medio{m}.example.mx"
            clave = f"boletin:{b.boletin_id}:medio:{m}"
            yield (n, "boletin", b.boletin_id, m, correo, clave, estado, 1, f, f)


@dataclass
class _Mundo:
    """Catálogos que necesita la generación de notas y las filas derivadas pendientes."""

    escala: Escala
    inicio: dt.datetime
    fin: dt.datetime
    tipos_medio: list[str]
    convenios: dict[int, int]
    boletines: list[_Boletin]
    retomas: list[tuple[Any, ...]] = field(default_factory=list)
    menciones: list[tuple[Any, ...]] = field(default_factory=list)
    fotos_en_notas: list[tuple[Any, ...]] = field(default_factory=list)
    # Azar aparte para las imágenes: el resto de la base no cambia al agregarlas.
    azar_fotos: random.Random = field(default_factory=lambda: random.Random(SEMILLA + 1))


def _fecha_nota(azar: random.Random, mundo: _Mundo) -> tuple[float, int]:
    """Segundos desde el inicio y, para ~15 %, el índice del boletín que retoma (si no, -1)."""
    if azar.random() < PROPORCION_RETOMA:
        indice = azar.randrange(len(mundo.boletines))
        b = mundo.boletines[indice]
        fecha = b.emision + dt.timedelta(hours=azar.expovariate(1 / 12))
        if fecha < mundo.fin:
            return (fecha - mundo.inicio).total_seconds(), indice
    return azar.random() * (mundo.fin - mundo.inicio).total_seconds(), -1


def _calendario(azar: random.Random, mundo: _Mundo) -> list[tuple[float, int]]:
    """Fechas de todas las notas en orden: los ids siguen el orden de captura, como en producción
    (el rastreador guarda lo que se va publicando), y así las filas de un periodo quedan juntas.
    """
    return sorted(_fecha_nota(azar, mundo) for _ in range(mundo.escala.notas))


def _retoma(azar: random.Random, i: int, b: _Boletin, creado: str) -> tuple[Any, ...]:
    """Fila de retoma con nivel, puntaje y fidelidad coherentes."""
    nivel = _elegir(azar, NIVELES)
    bajo, alto = FIDELIDAD[nivel]
    fidelidad = round(azar.uniform(bajo, alto), 3)
    pasajes = "[]" if nivel == "reescrita" else '[{"boletin": [0, 80], "nota": [0, 80]}]'
    estado = _elegir(azar, ESTADOS_RETOMA)
    return (i, i, b.boletin_id, nivel, fidelidad, fidelidad, pasajes, estado, creado)


def _fotos_del_banco(
    azar: random.Random, boletines: list[_Boletin], creado: str
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Fotos del banco (con pHash) adjuntas a cada boletín; anota sus huellas en el boletín."""
    recursos, enlaces = [], []
    for b in boletines:
        for _ in range(FOTOS_POR_BOLETIN):
            i = len(recursos) + 1
            huella = azar.getrandbits(64)
            sha = f"{i:064x}"
            fila = (i, "foto", f"foto-{i}.jpg", sha, f"{sha[:2]}/{sha}.jpg", "image/jpeg", 350_000)
            recursos.append((*fila, 1600, 1200, "[]", f"{huella:016x}", creado))
            enlaces.append((b.boletin_id, i))
            b.fotos.append((i, huella))
    return recursos, enlaces


def _imagenes(mundo: _Mundo, i: int, url: str, boletin: _Boletin | None) -> str:
    """JSON de las imágenes con huella de una nota web; registra la foto nuestra si la reusa."""
    azar = mundo.azar_fotos
    if azar.random() >= PROPORCION_CON_IMAGENES:
        return "[]"
    huellas = [azar.getrandbits(64) for _ in range(azar.randint(1, 3))]
    if boletin and boletin.fotos and azar.random() < PROPORCION_FOTO_NUESTRA:
        recurso_id, suya = azar.choice(boletin.fotos)
        ruido = sum(1 << b for b in azar.sample(range(64), azar.randint(0, 4)))
        huellas[0] = suya ^ ruido
        mundo.fotos_en_notas.append((i, recurso_id, ruido.bit_count(), f"{url}/foto-0.jpg"))
    return json.dumps(
        [{"url": f"{url}/foto-{k}.jpg", "phash": f"{h:016x}"} for k, h in enumerate(huellas)]
    )


def _medio_de_nota(azar: random.Random, mundo: _Mundo, boletin: _Boletin | None) -> int:
    """Casi siempre un destinatario del boletín retomado; si no, cualquier medio."""
    if boletin and azar.random() < 0.85:
        return azar.choice(boletin.medios)
    return azar.randrange(1, mundo.escala.medios + 1)


def _contenido(
    azar: random.Random, boletin: _Boletin | None, mencion: bool
) -> tuple[str, str, list[str]]:
    """Título, texto corto y temas de la nota."""
    tema = boletin.tema if boletin else azar.choice(CLAVES_TEMA)
    temas = [tema] if azar.random() < 0.7 else sorted({tema, azar.choice(CLAVES_TEMA)})
    titulo = boletin.titular if boletin else _frase(azar, tema, 7).capitalize()
    prefijo = f"{AYUNTAMIENTO} " if mencion else ""
    texto = f"{prefijo}{_frase(azar, tema, 30)} en {azar.choice(LOCALIDADES)}."
    return titulo, texto, temas


def _nota(azar: random.Random, i: int, mundo: _Mundo, plan: tuple[float, int]) -> tuple[Any, ...]:
    """Una nota con fecha, tono, temas y medio; anota su retoma o mención si la tiene."""
    fecha = mundo.inicio + dt.timedelta(seconds=plan[0])
    boletin = mundo.boletines[plan[1]] if plan[1] >= 0 else None
    medio = _medio_de_nota(azar, mundo, boletin)
    mencion = boletin is None and azar.random() < PROPORCION_MENCION
    titulo, texto, temas = _contenido(azar, boletin, mencion)
    captura = azar.choice(CAPTURA_POR_TIPO[mundo.tipos_medio[medio - 1]])
    web = captura in {"rss", "sitemap", "seccion"}
    url = f"https://medio{medio}.example.mx/nota/{i}" if web else f"urn:monitoreo:{captura}:{i}"
    creado = _texto_fecha(fecha + dt.timedelta(minutes=20))
    publicada = None if azar.random() < 0.02 else _texto_fecha(fecha)
    tono = _elegir(azar, TONOS)
    confirmado = azar.choice(["positivo", "neutral", "negativo"]) if azar.random() < 0.05 else None
    convenio = mundo.convenios.get(medio) if azar.random() < 0.3 else None
    if boletin:
        mundo.retomas.append(_retoma(azar, i, boletin, creado))
    if mencion:
        fila = ("ayuntamiento", AYUNTAMIENTO, AYUNTAMIENTO, 0, len(AYUNTAMIENTO), 1)
        mundo.menciones.append((i, i, *fila))
    return (
        *(i, medio, medio, url, url if web else None, titulo, texto, publicada, creado),
        *(captura, f"{i:064x}", 1, _imagenes(mundo, i, url, boletin) if web else "[]", "{}"),
        *(tono, None if tono is None else 0.5, "[]"),
        *(confirmado, json.dumps(temas), 1 if convenio else None, convenio),
    )


def _insertar_notas(conexion: sqlite3.Connection, azar: random.Random, mundo: _Mundo) -> None:
    """Notas en lotes; tras cada lote, sus retomas y menciones."""
    calendario = _calendario(azar, mundo)
    notas = (_nota(azar, i, mundo, plan) for i, plan in enumerate(calendario, start=1))
    for lote in _lotes(notas):
        _insertar(conexion, "nota", COLUMNAS_NOTA, lote)
        _insertar(conexion, "retoma", COLUMNAS_RETOMA, mundo.retomas)
        _insertar(conexion, "mencion", COLUMNAS_MENCION, mundo.menciones)
        _insertar(conexion, "foto_en_nota", COLUMNAS_FOTO_EN_NOTA, mundo.fotos_en_notas)
        mundo.retomas.clear()
        mundo.menciones.clear()
        mundo.fotos_en_notas.clear()


def _catalogos(
    conexion: sqlite3.Connection, azar: random.Random, escala: Escala, inicio: dt.datetime
) -> tuple[list[str], dict[int, int]]:
    """Medios, fuentes y convenios; devuelve el tipo de cada medio y su convenio."""
    creado = _texto_fecha(inicio)
    medios = [_medio(azar, i, creado) for i in range(1, escala.medios + 1)]
    _insertar(conexion, "medio", COLUMNAS_MEDIO, medios)
    fuentes = [_fuente(m, creado) for m in range(1, escala.medios + 1)]
    _insertar(conexion, "fuente", COLUMNAS_FUENTE, fuentes)
    convenios = _convenios(escala, inicio, creado)
    _insertar(conexion, "convenio", COLUMNAS_CONVENIO, convenios)
    return [str(m[2]) for m in medios], {int(c[1]): int(c[0]) for c in convenios}


def _poblar(conexion: sqlite3.Connection, escala: Escala, fin: dt.datetime, semilla: int) -> None:
    """Inserta todo el año sintético en una transacción."""
    azar = random.Random(semilla)
    inicio = fin - dt.timedelta(days=365)
    tipos, convenios = _catalogos(conexion, azar, escala, inicio)
    filas, boletines = _boletines(azar, escala, inicio)
    _insertar(conexion, "boletin", COLUMNAS_BOLETIN, filas)
    _insertar(conexion, "envio", COLUMNAS_ENVIO, _envios(azar, boletines))
    mundo = _Mundo(escala, inicio, fin, tipos, convenios, boletines)
    recursos, enlaces = _fotos_del_banco(mundo.azar_fotos, boletines, _texto_fecha(inicio))
    _insertar(conexion, "recurso", COLUMNAS_RECURSO, recursos)
    _insertar(conexion, "boletin_recurso", COLUMNAS_BOLETIN_RECURSO, enlaces)
    _insertar_notas(conexion, azar, mundo)


def estadisticas(conexion: sqlite3.Connection) -> None:
    """Estadísticas del planificador (los índices ya los crean las migraciones)."""
    conexion.execute("ANALYZE")


def conteos(ruta: Path) -> dict[str, int]:
    """Filas por tabla de la base sintética."""
    tablas = _nombres(
        "medio fuente convenio boletin envio nota retoma mencion recurso foto_en_nota"
    )
    with sqlite3.connect(ruta) as conexion:
        return {t: int(conexion.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tablas}


def _esquema(ruta: Path) -> None:
    """Base nueva con el esquema real (migraciones)."""
    ruta.unlink(missing_ok=True)
    motor = crear_motor(f"sqlite:///{ruta}")
    actualizar(motor)
    motor.dispose()


def fin_por_omision() -> dt.datetime:
    """Mañana a medianoche UTC: el año sintético termina hoy y el tablero lo ve por omisión."""
    manana = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    return dt.datetime.combine(manana, dt.time(), tzinfo=dt.UTC)


def generar(
    ruta: Path, escala: Escala, fin: dt.datetime | None = None, semilla: int = SEMILLA
) -> Conteos:
    """Crea en `ruta` una base SQLite (WAL) con un año de datos sintéticos hasta `fin`."""
    inicio = time.perf_counter()
    _esquema(ruta)
    conexion = sqlite3.connect(ruta, isolation_level=None)
    try:
        _ajustes_de_carga(conexion)
        conexion.execute("BEGIN")
        _poblar(conexion, escala, fin or fin_por_omision(), semilla)
        conexion.execute("COMMIT")
        estadisticas(conexion)
        conexion.execute(f"PRAGMA user_version = {VERSION_GENERADOR}")
        conexion.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conexion.close()
    return Conteos(filas=conteos(ruta), segundos=time.perf_counter() - inicio)


def _ajustes_de_carga(conexion: sqlite3.Connection) -> None:
    """Carga rápida: sin sincronizar a disco (base desechable) y con CHECK relajados.

    `numero < 1000` del boletín no alcanza a una oficina estatal (5,000 boletines al año): se
    ignoran los CHECK para poder medir (pedido de cambio de modelo en el informe).
    """
    conexion.execute("PRAGMA journal_mode=WAL")
    conexion.execute("PRAGMA synchronous=OFF")
    conexion.execute("PRAGMA cache_size=-200000")
    conexion.execute("PRAGMA ignore_check_constraints=ON")


def ruta_en_cache(notas: int, carpeta: Path | None = None) -> Path:
    """Ruta de la base de la escala en el directorio temporal (reutilizable entre corridas)."""
    return (carpeta or Path(tempfile.gettempdir())) / f"monitoreo-escala-{notas}.sqlite3"


def _vigente(ruta: Path) -> bool:
    """La base existe, está completa y es de los últimos días."""
    if not ruta.exists() or time.time() - ruta.stat().st_mtime > DIAS_CACHE * 86_400:
        return False
    with sqlite3.connect(ruta) as conexion:
        return int(conexion.execute("PRAGMA user_version").fetchone()[0]) == VERSION_GENERADOR


def base_en_cache(notas: int, carpeta: Path | None = None) -> Path:
    """La base sintética de `notas` notas; la genera si no está en caché o es vieja.

    Si cambian el generador o las migraciones, sube VERSION_GENERADOR para regenerarla.
    """
    ruta = ruta_en_cache(notas, carpeta)
    if not _vigente(ruta):
        resultado = generar(ruta, Escala.de_notas(notas))
        log.info("base sintética %s: %s en %.1f s", ruta, resultado.filas, resultado.segundos)
    return ruta


if __name__ == "__main__":
    cantidad = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    destino = Path(sys.argv[2]) if len(sys.argv) > 2 else ruta_en_cache(cantidad)
    hecho = generar(destino, Escala.de_notas(cantidad))
    print(f"{destino}: {hecho.filas} en {hecho.segundos:.1f} s")
