"""Adaptador de análisis: lee de la base o de archivos, llama a las funciones puras y escribe."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload
from threadpoolctl import threadpool_limits

from analisis.emparejamiento import (
    MAX_REFERENCIA,
    TOLERANCIA_PREVIA,
    Documento,
    Emparejador,
    Pareja,
)
from analisis.formatos import escribir_parejas, leer_documentos
from analisis.indice import (
    AnalisisBoletin,
    a_arreglos,
    analizar_boletines,
    clave_documento,
    de_arreglos,
)
from datos.modelos import (
    Boletin,
    EstadoRevision,
    Mencion,
    NivelRetoma,
    Nota,
    Retoma,
    TerminoVigilado,
    TipoEntidad,
    Tono,
    ahora,
)

if TYPE_CHECKING:
    from analisis.menciones import Aparicion, Vigilancia
    from analisis.tono import ResultadoTono

log = logging.getLogger(__name__)

# Días después de la emisión en que una nota todavía puede retomar un boletín (GUIA: latencia). Una
# semana cubre semanarios y las páginas de Facebook que publican días después; el CLI de lote
# permite otra ventana por parámetro.
VENTANA_DIAS = 7
# Archivo del modelo de tono entrenado dentro del directorio de modelos de la configuración.
NOMBRE_MODELO_TONO = "tono.joblib"
# Notas por tanda: se cargan juntas con sus retomas y menciones; flush al final de cada una.
TAMANO_TANDA = 200
# Identificadores por consulta IN (muy por debajo del límite de parámetros de SQLite antiguo, 999).
TAMANO_IN = 500

# Segmentos del índice persistente de boletines antes de compactarlos en uno: cada corrida que
# agrega boletines escribe uno; 32 archivos se leen en milisegundos.
MAX_SEGMENTOS = 32
# Notas entre avisos de avance en el lote (la barra de progreso no debe costar más que el trabajo).
AVISO_CADA = 100
# Con menos notas que esto no vale la pena abrir procesos hijos (arrancarlos cuesta ≈ 0.1 s).
MIN_NOTAS_PARALELO = 1000
# Boletines nuevos a partir de los cuales se analizan en procesos hijos (≈ 1 ms cada uno).
MIN_BOLETINES_PARALELO = 500
# Notas por tanda enviada a un proceso hijo: suficientes para que el ir y venir no pese.
TANDA_PARALELO = 256
# Carpeta del índice persistente de boletines dentro del directorio de datos.
NOMBRE_INDICE = "indice_boletines"

Avance = Callable[[int, int], None]
TIPOS_ENTIDAD = frozenset(t.value for t in TipoEntidad)


def emparejar_archivos(
    boletines: Path,
    notas: Path,
    salida: Path,
    ventana_dias: int = VENTANA_DIAS,
    *,
    indice: Path | None = None,
    al_avanzar: Avance | None = None,
    trabajadores: int = 1,
) -> int:
    """Empareja B.jsonl con N.jsonl y escribe P.csv; devuelve cuántas retomas escribió.

    `indice`: carpeta del índice persistente de boletines (se lee y se le agregan los boletines
    nuevos); sin ella se analiza todo en memoria. `al_avanzar(hechas, total)` informa el avance.
    Con `trabajadores` > 1 las notas se reparten en procesos hijos que comparten el índice ya
    construido (fork); el P.csv sale en el mismo orden.
    Lanza ValueError (mensaje en español con archivo y línea) ante JSON roto o campos faltantes; en
    ese caso no deja un P.csv a medias.
    """
    lista = list(leer_documentos(boletines))
    # Primera pasada por las notas: cuántas son y las primeras MAX_REFERENCIA para el IDF.
    total, referencia = 0, list[Documento]()
    for doc in leer_documentos(notas):
        total += 1
        if len(referencia) < MAX_REFERENCIA:
            referencia.append(doc)
    emparejador = emparejador_con_indice(
        lista, ventana_dias, referencia, indice, con_pasajes=False, trabajadores=trabajadores
    )
    temporal = salida.with_name(f".{salida.name}.{os.getpid()}.tmp")
    try:
        with temporal.open("w", encoding="utf-8", newline="") as archivo:
            documentos = _con_avance(leer_documentos(notas), total, al_avanzar)
            parejas = _en_paralelo(emparejador, documentos, trabajadores, total)
            filas = escribir_parejas(parejas, archivo)
        temporal.replace(salida)
    finally:
        temporal.unlink(missing_ok=True)
    log.info("emparejamiento en lote: %d boletines, %d retomas", len(lista), filas)
    return filas


def _en_paralelo(
    emparejador: Emparejador, documentos: Iterator[Documento], trabajadores: int, total: int
) -> Iterator[Pareja]:
    """Parejas de las notas, en orden, calculadas en `trabajadores` procesos (fork) si conviene."""
    if trabajadores <= 1 or total < MIN_NOTAS_PARALELO:
        yield from emparejador.emparejar_varios(documentos)
        return
    global _EMPAREJADOR_HEREDADO
    _EMPAREJADOR_HEREDADO = emparejador
    try:
        with _procesos(trabajadores) as grupo:
            for parejas in grupo.imap(_emparejar_tanda, _tandas_de(documentos, TANDA_PARALELO)):
                yield from parejas
    finally:
        _EMPAREJADOR_HEREDADO = None


def _procesos(trabajadores: int) -> Pool:
    """Procesos hijos por fork (heredan el índice sin copiarlo), cada uno con un hilo de BLAS."""
    return multiprocessing.get_context("fork").Pool(trabajadores, initializer=_un_hilo_de_blas)


def _un_hilo_de_blas() -> None:
    """Limita BLAS a un hilo en este proceso.

    Con un proceso por núcleo, OpenBLAS abriría además sus propios hilos en cada uno: compiten por
    los mismos núcleos y esperan girando. En un solo proceso, con casi iguales, BLAS con 2 hilos
    gastaba 2.59 ms de CPU por nota contra 2.23 con uno.
    """
    threadpool_limits(limits=1, user_api="blas")


# El emparejador que heredan los procesos hijos por fork (no se copia ni se serializa).
_EMPAREJADOR_HEREDADO: Emparejador | None = None


def _emparejar_tanda(notas: list[Documento]) -> list[Pareja]:
    """En un proceso hijo: las parejas de una tanda de notas con el emparejador heredado."""
    assert _EMPAREJADOR_HEREDADO is not None
    return list(_EMPAREJADOR_HEREDADO.emparejar_varios(notas))


def _tandas_de(documentos: Iterator[Documento], tamano: int) -> Iterator[list[Documento]]:
    """Documentos en listas de `tamano`."""
    tanda: list[Documento] = []
    for doc in documentos:
        tanda.append(doc)
        if len(tanda) == tamano:
            yield tanda
            tanda = []
    if tanda:
        yield tanda


def _con_avance(
    documentos: Iterator[Documento], total: int, al_avanzar: Avance | None
) -> Iterator[Documento]:
    """Los mismos documentos, avisando cuántos van (cada AVISO_CADA y al final)."""
    for hechos, doc in enumerate(documentos, start=1):
        yield doc
        if al_avanzar is not None and (hechos % AVISO_CADA == 0 or hechos == total):
            al_avanzar(hechos, total)


def emparejador_con_indice(
    boletines: list[Documento],
    ventana_dias: int,
    referencia: Sequence[Documento],
    carpeta: Path | None,
    *,
    con_pasajes: bool = True,
    trabajadores: int = 1,
) -> Emparejador:
    """Emparejador que reutiliza el índice persistente de `carpeta` y le agrega lo nuevo.

    Los boletines que faltan en el índice se analizan en `trabajadores` procesos si son muchos.
    """
    guardados = cargar_indice(carpeta) if carpeta is not None else {}
    nuevos = _analizar_faltantes(boletines, guardados, trabajadores)
    guardados.update((a.clave, a) for a in nuevos)
    emparejador = Emparejador(
        boletines,
        ventana_dias=ventana_dias,
        referencia=referencia,
        analizados=guardados,
        con_pasajes=con_pasajes,
    )
    nuevos += emparejador.nuevos
    emparejador.nuevos = nuevos
    if carpeta is not None and nuevos:
        guardar_indice(carpeta, nuevos)
    return emparejador


def _analizar_faltantes(
    boletines: list[Documento], guardados: dict[str, AnalisisBoletin], trabajadores: int
) -> list[AnalisisBoletin]:
    """Análisis de los boletines que no están en el índice, en procesos hijos si son muchos."""
    faltan = {
        clave: (b.titulo, b.texto)
        for b in boletines
        if (clave := clave_documento(b.titulo, b.texto)) not in guardados
    }
    if trabajadores <= 1 or len(faltan) < MIN_BOLETINES_PARALELO:
        return []
    with _procesos(trabajadores) as grupo:
        tandas = list(_en_tandas(list(faltan.values()), TANDA_PARALELO))
        return [a for tanda in grupo.map(analizar_boletines, tandas) for a in tanda]


def _en_tandas(elementos: list[tuple[str, str]], tamano: int) -> Iterator[list[tuple[str, str]]]:
    """Los elementos en listas de `tamano` (la última puede ser menor)."""
    for inicio in range(0, len(elementos), tamano):
        yield elementos[inicio : inicio + tamano]


def cargar_indice(carpeta: Path) -> dict[str, AnalisisBoletin]:
    """Análisis de boletines guardados en la carpeta (todos sus segmentos), por clave."""
    analisis: dict[str, AnalisisBoletin] = {}
    for ruta in sorted(carpeta.glob("segmento-*.npz")):
        try:
            with np.load(ruta, allow_pickle=False) as arreglos:
                analisis.update((a.clave, a) for a in de_arreglos(dict(arreglos)))
        except (OSError, ValueError, KeyError) as exc:
            # Un segmento dañado (disco lleno, proceso muerto) sólo obliga a recalcular.
            log.warning("segmento de índice ilegible %s (%s): se recalcula", ruta.name, exc)
    return analisis


def guardar_indice(carpeta: Path, nuevos: Sequence[AnalisisBoletin]) -> Path:
    """Escribe un segmento nuevo con estos análisis (escritura atómica; compacta si hay muchos).

    Cada proceso escribe su propio archivo con nombre único (pid y suma de las claves), así que
    `analizar`, `emparejar` y varios trabajadores pueden agregar al mismo índice sin candado.
    """
    carpeta.mkdir(parents=True, exist_ok=True)
    suma = hashlib.sha256("".join(a.clave for a in nuevos).encode()).hexdigest()[:16]
    ruta = _escribir_segmento(carpeta, f"segmento-{suma}-{os.getpid()}.npz", nuevos)
    segmentos = sorted(carpeta.glob("segmento-*.npz"))
    if len(segmentos) > MAX_SEGMENTOS:
        todos = list(cargar_indice(carpeta).values())
        ruta = _escribir_segmento(carpeta, f"segmento-0-{suma}.npz", todos)
        for viejo in segmentos:
            if viejo != ruta:
                viejo.unlink(missing_ok=True)
    return ruta


def _escribir_segmento(carpeta: Path, nombre: str, analisis: Sequence[AnalisisBoletin]) -> Path:
    """np.savez a un temporal y renombrado (nadie lee un segmento a medias)."""
    ruta = carpeta / nombre
    temporal = carpeta / f".{nombre}.{os.getpid()}.tmp"
    with temporal.open("wb") as archivo:
        np.savez(archivo, **a_arreglos(analisis))  # type: ignore[arg-type]
    temporal.replace(ruta)
    return ruta


@dataclass
class ResumenAnalisis:
    """Qué hizo una corrida de `analizar`."""

    notas_analizadas: int
    retomas_nuevas: int
    retomas_actualizadas: int
    menciones: int
    tonos: int
    segundos: float


def hash_boletin(boletin: Boletin) -> str:
    """Hash del texto que se empareja (titular, entradilla, cuerpo) y su fecha."""
    # La fecha en UTC: recién creada trae la zona de quien la capturó; leída de la base, UTC.
    fecha = boletin.fecha_emision.astimezone(dt.UTC).isoformat()
    contenido = f"{boletin.titular}\n\n{boletin.texto}\n\n{fecha}"
    return hashlib.sha256(contenido.encode("utf-8")).hexdigest()


def documento_boletin(boletin: Boletin) -> Documento:
    """Boletín de la base como Documento (pasajes en caracteres de `Boletin.texto`)."""
    return Documento(str(boletin.id), boletin.titular, boletin.texto, boletin.fecha_emision)


def documento_nota(nota: Nota) -> Documento:
    """Nota de la base como Documento (pasajes en caracteres de `Nota.texto`)."""
    return Documento(str(nota.id), nota.titulo, nota.texto, nota.fecha_publicacion)


def _intervalos(
    fechas: list[dt.datetime], ventana: dt.timedelta
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Ventanas de publicación de varios boletines, fusionadas cuando se traslapan."""
    resultado: list[tuple[dt.datetime, dt.datetime]] = []
    for f in sorted(fechas):
        desde, hasta = f - TOLERANCIA_PREVIA, f + ventana
        if resultado and desde <= resultado[-1][1]:
            resultado[-1] = (resultado[-1][0], max(hasta, resultado[-1][1]))
        else:
            resultado.append((desde, hasta))
    return resultado


def _notas_pendientes(sesion: Session, cambiados: list[Boletin], completo: bool) -> list[int]:
    """Notas nuevas o cambiadas, y las que caen en la ventana de boletines nuevos o cambiados."""
    if completo:
        return list(sesion.scalars(select(Nota.id).order_by(Nota.id)))
    pendiente = or_(Nota.hash_analizado.is_(None), Nota.hash_analizado != Nota.hash_contenido)
    ids = set(sesion.scalars(select(Nota.id).where(pendiente)))
    if cambiados:
        ventana = dt.timedelta(days=VENTANA_DIAS)
        for desde, hasta in _intervalos([b.fecha_emision for b in cambiados], ventana):
            ids.update(
                sesion.scalars(select(Nota.id).where(Nota.fecha_publicacion.between(desde, hasta)))
            )
        ids.update(sesion.scalars(select(Nota.id).where(Nota.fecha_publicacion.is_(None))))
        for tanda in _tandas([b.id for b in cambiados], TAMANO_IN):
            ids.update(sesion.scalars(select(Retoma.nota_id).where(Retoma.boletin_id.in_(tanda))))
    return sorted(ids)


@dataclass
class _Contexto:
    """Lo que se prepara una vez por corrida: emparejador, clasificadores, áreas y cuentas."""

    emparejador: Emparejador
    vigilancia: Vigilancia
    tono: Callable[..., ResultadoTono]
    temas: Callable[..., list[str]]
    terminos: dict[str, int]
    areas: dict[int, str | None]
    textos: dict[int, str]
    resumen: ResumenAnalisis
    modelo: Any = None


def _vigilancia(sesion: Session) -> tuple[Vigilancia, dict[str, int]]:
    """Vigilancia construida con los términos activos de la tabla termino_vigilado."""
    from analisis.menciones import Termino, Vigilancia

    filas = list(sesion.scalars(select(TerminoVigilado).where(TerminoVigilado.activo)))
    terminos = [Termino(t.nombre, t.tipo.value, tuple(t.variantes or ())) for t in filas]
    return Vigilancia(terminos), {t.nombre: t.id for t in filas}


def _pasajes(pareja: Pareja) -> list[dict[str, Any]]:
    """Pasajes como se guardan en Retoma.pasajes."""
    return [{"boletin": list(p.boletin), "nota": list(p.nota)} for p in pareja.pasajes]


def _actualizar_retoma(retoma: Retoma, pareja: Pareja) -> bool:
    """Copia nivel, puntaje, fidelidad y pasajes de la pareja; True si algo cambió."""
    valores = {
        "nivel": NivelRetoma(pareja.nivel),
        "puntaje": pareja.puntaje,
        "fidelidad": pareja.fidelidad,
        "pasajes": _pasajes(pareja),
    }
    cambios = {k: v for k, v in valores.items() if getattr(retoma, k) != v}
    for campo, valor in cambios.items():
        setattr(retoma, campo, valor)
    return bool(cambios)


def _sincronizar_retomas(nota: Nota, parejas: list[Pareja], resumen: ResumenAnalisis) -> None:
    """Crea, actualiza o borra retomas automáticas; las revisadas por el personal no se tocan."""
    existentes = {r.boletin_id: r for r in nota.retomas}
    detectadas = {int(p.boletin_id): p for p in parejas}
    for boletin_id, retoma in existentes.items():
        if retoma.estado == EstadoRevision.AUTOMATICA and boletin_id not in detectadas:
            nota.retomas.remove(retoma)
    for boletin_id, pareja in detectadas.items():
        previa = existentes.get(boletin_id)
        if previa is None:
            nueva = Retoma(boletin_id=boletin_id, estado=EstadoRevision.AUTOMATICA)
            _actualizar_retoma(nueva, pareja)
            nota.retomas.append(nueva)
            resumen.retomas_nuevas += 1
        elif previa.estado == EstadoRevision.AUTOMATICA and _actualizar_retoma(previa, pareja):
            resumen.retomas_actualizadas += 1


def _sincronizar_menciones(nota: Nota, ctx: _Contexto, sin_boletin: bool) -> None:
    """Menciones de la nota (posiciones en `Nota.texto`): agrega, corrige y quita por diferencia."""
    nuevas: dict[tuple[str, int], Aparicion] = {}
    for a in ctx.vigilancia.buscar(nota.texto):
        if a.tipo in TIPOS_ENTIDAD:
            nuevas.setdefault((a.termino, a.inicio), a)
    existentes = {(m.entidad, m.inicio): m for m in nota.menciones}
    for clave, mencion in existentes.items():
        if clave not in nuevas:
            nota.menciones.remove(mencion)
    for clave, a in nuevas.items():
        mencion = existentes.get(clave) or _nueva_mencion(nota, a, ctx)
        valores = {"tipo": TipoEntidad(a.tipo), "texto": a.texto, "fin": a.fin}
        valores |= {"sin_boletin": sin_boletin, "termino_id": ctx.terminos.get(a.termino)}
        for campo, valor in valores.items():
            if getattr(mencion, campo) != valor:
                setattr(mencion, campo, valor)


def _nueva_mencion(nota: Nota, a: Aparicion, ctx: _Contexto) -> Mencion:
    """Mención nueva agregada a la nota."""
    mencion = Mencion(entidad=a.termino, inicio=a.inicio, tipo=TipoEntidad(a.tipo), texto=a.texto)
    mencion.fin = a.fin
    nota.menciones.append(mencion)
    ctx.resumen.menciones += 1
    return mencion


def _tono(nota: Nota, ctx: _Contexto, vigentes: list[Retoma]) -> tuple[Tono, float, list[str]]:
    """Tono hacia el Ayuntamiento; neutral si la nota ni lo menciona ni retoma un boletín."""
    if not vigentes and not nota.menciones:
        # El tono se mide hacia el Ayuntamiento: una nota que no habla de él no le es favorable
        # ni contraria, aunque hable bien o mal de otro municipio.
        return Tono.NEUTRAL, 0.0, []
    resultado = ctx.tono(
        f"{nota.titulo}\n\n{nota.texto}",
        retomados=[ctx.textos[r.boletin_id] for r in vigentes if r.boletin_id in ctx.textos],
        vigilancia=ctx.vigilancia,
        modelo=ctx.modelo,
    )
    return Tono(resultado.tono), round(float(resultado.puntaje), 4), list(resultado.frases)


def _tono_y_temas(nota: Nota, ctx: _Contexto, vigentes: list[Retoma]) -> None:
    """Tono calculado (nunca el confirmado) y temas (con el área del boletín retomado si hay)."""
    tono, puntaje, frases = _tono(nota, ctx, vigentes)
    if (nota.tono, nota.tono_puntaje, nota.tono_frases) != (tono, puntaje, frases):
        nota.tono, nota.tono_puntaje, nota.tono_frases = tono, puntaje, frases
    ctx.resumen.tonos += 1
    mejor = max(vigentes, key=lambda r: r.puntaje, default=None)
    area = ctx.areas.get(mejor.boletin_id) if mejor is not None else None
    temas = list(ctx.temas(f"{nota.titulo}\n\n{nota.texto}", area=area))
    if nota.temas != temas:
        nota.temas = temas


def _analizar_nota(nota: Nota, ctx: _Contexto) -> None:
    """Empareja, sincroniza retomas y menciones, clasifica tono y temas, y marca la nota."""
    _sincronizar_retomas(nota, ctx.emparejador.emparejar(documento_nota(nota)), ctx.resumen)
    vigentes = [r for r in nota.retomas if r.estado != EstadoRevision.RECHAZADA]
    _sincronizar_menciones(nota, ctx, sin_boletin=not vigentes)
    _tono_y_temas(nota, ctx, vigentes)
    nota.hash_analizado = nota.hash_contenido
    nota.analizada_en = ahora()
    ctx.resumen.notas_analizadas += 1


def _tandas(ids: list[int], tamano: int = TAMANO_TANDA) -> Iterator[list[int]]:
    """Identificadores en tandas de `tamano`."""
    for i in range(0, len(ids), tamano):
        yield ids[i : i + tamano]


def _recorrer(sesion: Session, ids: list[int], ctx: _Contexto, al_avanzar: Avance | None) -> None:
    """Analiza las notas por tandas, con flush y aviso de avance al final de cada una."""
    hechas = 0
    for tanda in _tandas(ids):
        consulta = (
            select(Nota)
            .where(Nota.id.in_(tanda))
            .options(selectinload(Nota.retomas), selectinload(Nota.menciones))
        )
        for nota in sesion.scalars(consulta):
            _analizar_nota(nota, ctx)
            hechas += 1
            if al_avanzar is not None:
                al_avanzar(hechas, len(ids))
        sesion.flush()


def analizar(
    sesion: Session, *, al_avanzar: Avance | None = None, completo: bool = False
) -> ResumenAnalisis:
    """Analiza lo pendiente (incremental e idempotente); quien llama hace commit.

    Pendiente: notas nuevas o cambiadas (hash_analizado ≠ hash_contenido), y si hay boletines nuevos
    o cambiados, las notas en su ventana y las que ya los retomaban. `completo` re-analiza todo.
    Las retomas confirmadas o rechazadas por el personal nunca se modifican ni se borran.
    """
    inicio = time.perf_counter()
    boletines = list(sesion.scalars(select(Boletin).order_by(Boletin.id)))
    hashes = {b.id: hash_boletin(b) for b in boletines}
    cambiados = [b for b in boletines if b.hash_analizado != hashes[b.id]]
    ids = _notas_pendientes(sesion, cambiados, completo)
    resumen = ResumenAnalisis(0, 0, 0, 0, 0, 0.0)
    if ids:
        ctx = _contexto(sesion, boletines, resumen)
        _recorrer(sesion, ids, ctx, al_avanzar)
    for b in cambiados:
        b.hash_analizado = hashes[b.id]
    sesion.flush()
    resumen.segundos = round(time.perf_counter() - inicio, 3)
    log.info("análisis: %s", resumen)
    return resumen


def _referencia(sesion: Session) -> list[Documento]:
    """Las notas más recientes, para estimar el IDF junto con los boletines."""
    consulta = select(Nota.id, Nota.titulo, Nota.texto).order_by(Nota.id.desc())
    filas = sesion.execute(consulta.limit(MAX_REFERENCIA)).all()
    return [Documento(str(i), titulo, texto) for i, titulo, texto in filas]


def _contexto(sesion: Session, boletines: list[Boletin], resumen: ResumenAnalisis) -> _Contexto:
    """Prepara el emparejador sobre todos los boletines, la vigilancia y los clasificadores."""
    from analisis.temas import clasificar_temas
    from analisis.tono import clasificar_tono

    emparejador = emparejador_con_indice(
        [documento_boletin(b) for b in boletines],
        _ventana_configurada(),
        _referencia(sesion),
        directorio_indice(),
    )
    vigilancia, terminos = _vigilancia(sesion)
    areas = {b.id: b.area for b in boletines}
    return _Contexto(
        emparejador,
        vigilancia,
        clasificar_tono,
        clasificar_temas,
        terminos,
        areas,
        {b.id: f"{b.titular}\n\n{b.texto}" for b in boletines},
        resumen,
        _modelo_de_tono(),
    )


def directorio_indice() -> Path:
    """Carpeta del índice persistente de boletines en el directorio de datos."""
    from datos.config import cargar

    return cargar().directorio / NOMBRE_INDICE


def _ventana_configurada() -> int:
    """Días tras el boletín en que una nota puede retomarlo (MONITOREO_VENTANA_DIAS)."""
    from datos.config import cargar

    return cargar().ventana_dias


def _modelo_de_tono() -> Any:
    """El modelo de tono entrenado (`monitoreo tono entrenar`) si existe; si no, léxico y reglas."""
    from analisis.tono_modelo import cargar as cargar_modelo
    from datos.config import cargar

    ruta = cargar().dir_modelos / NOMBRE_MODELO_TONO
    if not ruta.exists():
        return None
    try:
        return cargar_modelo(ruta)
    except (ValueError, OSError) as exc:
        log.warning("no se pudo leer el modelo de tono %s (%s): se usa el léxico", ruta, exc)
        return None
