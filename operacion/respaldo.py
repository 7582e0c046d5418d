"""Respaldos completos con manifiesto de sumas: base, testigos, banco de medios y modelos.

Formato (el mismo en carpeta o en `.tar.gz`; decide el nombre del destino: `.tar.gz`/`.tgz` empaca,
cualquier otro nombre es una carpeta nueva)::

    manifiesto.json            fecha, motor, versión del esquema (Alembic), sha256 y tamaño de todo
    base/monitoreo.sqlite3     SQLite: copia en línea con la API de respaldo (consistente)
    base/monitoreo.pgdump      PostgreSQL: pg_dump --format=custom
    testigos/ recursos/ modelos/

Restaurar copia el respaldo a una carpeta temporal dentro del directorio de datos, verifica TODAS
las sumas y sólo entonces cambia las carpetas por renombrado y la base (API de respaldo de SQLite o
`pg_restore --single-transaction`): si algo falla, se devuelve lo anterior.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

from datos.config import Configuracion, cargar
from datos.modelos import Base

log = logging.getLogger(__name__)

# Versión del formato del respaldo; un respaldo de un formato posterior se rechaza.
FORMATO = 1
MANIFIESTO = "manifiesto.json"
# HMAC-SHA256 del manifiesto con MONITOREO_RESPALDO_CLAVE: las sumas detectan daños, la firma
# detecta falsificaciones (quien altera un archivo puede recalcular sumas, no la firma).
FIRMA = "manifiesto.firma"
# Un manifiesto de verdad mide kilobytes; más que esto es un tar hecho para agotar la memoria.
MANIFIESTO_MAXIMO = 64 << 20
CARPETAS = ("testigos", "recursos", "modelos", "correos")
BASE_SQLITE = "base/monitoreo.sqlite3"
BASE_PG = "base/monitoreo.pgdump"
RAICES = frozenset(("base", *CARPETAS))
EXTENSIONES_TAR = (".tar.gz", ".tgz")
# Lectura por bloques de 1 MiB al calcular sumas: memoria constante con audios y PDF grandes.
BLOQUE = 1 << 20
# Un escritor (rastreo) puede tener la base ocupada; se espera como la sesión (datos.sesion).
ESPERA_SQLITE_SEGUNDOS = 30
# Archivos a medio escribir del almacén de testigos (datos.testigos._escribir_atomico).
IGNORAR = shutil.ignore_patterns(".tmp-*")
# Problemas que se listan en el mensaje de un respaldo que no cuadra (el resto sólo se cuenta).
PROBLEMAS_EN_MENSAJE = 5
# Una carpeta temporal de respaldo sin tocar en un día es de un respaldo que murió a medias.
ABANDONO = dt.timedelta(days=1)
PATRON_DIARIO = re.compile(r"^respaldo-\d{4}-\d{2}-\d{2}\.tar\.gz$")


class ErrorDeRespaldo(ValueError):
    """El respaldo no se puede crear o restaurar; el mensaje lo explica en español."""


@dataclass(frozen=True)
class ArchivoRespaldado:
    """Un archivo del respaldo: ruta relativa (POSIX), sha256 y tamaño en bytes."""

    ruta: str
    sha256: str
    tamano: int


@dataclass(frozen=True)
class Manifiesto:
    """Contenido de `manifiesto.json`."""

    creado_en: dt.datetime
    motor: str
    version_esquema: str | None
    archivos: tuple[ArchivoRespaldado, ...]
    formato: int = FORMATO

    @property
    def base(self) -> str:
        """Ruta de la base dentro del respaldo."""
        return BASE_SQLITE if self.motor == "sqlite" else BASE_PG

    def a_json(self) -> str:
        """Texto JSON del manifiesto."""
        datos = {
            "formato": self.formato,
            "creado_en": self.creado_en.isoformat(),
            "motor": self.motor,
            "version_esquema": self.version_esquema,
            "archivos": [vars(a) for a in self.archivos],
        }
        return json.dumps(datos, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def de_json(cls, texto: str) -> Manifiesto:
        """Lee un manifiesto; ErrorDeRespaldo si está mal formado."""
        try:
            datos = json.loads(texto)
            archivos = tuple(
                ArchivoRespaldado(str(a["ruta"]), str(a["sha256"]), int(a["tamano"]))
                for a in datos["archivos"]
            )
            manifiesto = cls(
                creado_en=dt.datetime.fromisoformat(datos["creado_en"]),
                motor=str(datos["motor"]),
                version_esquema=datos.get("version_esquema"),
                archivos=archivos,
                formato=int(datos["formato"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ErrorDeRespaldo(f"El manifiesto del respaldo está mal formado: {exc}") from exc
        return manifiesto


# --- utilidades --------------------------------------------------------------------------------


def es_tar(ruta: Path) -> bool:
    """El nombre pide un archivo .tar.gz (o .tgz)."""
    return ruta.name.lower().endswith(EXTENSIONES_TAR)


def suma_sha256(ruta: Path) -> str:
    """sha256 de un archivo leído por bloques."""
    resumen = hashlib.sha256()
    with ruta.open("rb") as archivo:
        while bloque := archivo.read(BLOQUE):
            resumen.update(bloque)
    return resumen.hexdigest()


def ruta_sqlite(url: str) -> Path:
    """Archivo de una URL SQLite; ErrorDeRespaldo si es en memoria."""
    base = make_url(url).database
    if not base or base == ":memory:":
        raise ErrorDeRespaldo("La base SQLite en memoria no se puede respaldar.")
    return Path(base)


def ruta_segura(ruta: str) -> bool:
    """Ruta relativa, sin `..`, dentro de las carpetas del respaldo (contra tar traversal)."""
    if not ruta or "\\" in ruta or ruta.startswith("/") or re.match(r"^[A-Za-z]:", ruta):
        return False
    partes = PurePosixPath(ruta).parts
    return bool(partes) and ".." not in partes and partes[0] in RAICES | {MANIFIESTO, FIRMA}


def _archivos(carpeta: Path) -> Iterator[Path]:
    """Todos los archivos (y enlaces) bajo la carpeta, en orden estable."""
    for ruta in sorted(carpeta.rglob("*")):
        if ruta.is_symlink() or ruta.is_file():
            yield ruta


# --- crear ---------------------------------------------------------------------------------------


def crear_respaldo(destino: Path) -> Manifiesto:
    """Respalda base, testigos, banco de medios y modelos en `destino` (carpeta o .tar.gz)."""
    config = cargar()
    if destino.exists():
        raise ErrorDeRespaldo(f"El destino del respaldo ya existe: {destino}")
    _exigir_fuera_de_los_datos(destino, config)
    destino.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".respaldo-", dir=destino.parent) as temporal:
        preparada = Path(temporal) / "respaldo"
        manifiesto = _preparar(preparada, config)
        if es_tar(destino):
            _empacar(preparada, Path(temporal) / destino.name, destino)
        else:
            preparada.chmod(0o700)
            preparada.rename(destino)
    log.info("respaldo creado en %s: %d archivos", destino, len(manifiesto.archivos))
    return manifiesto


def _exigir_fuera_de_los_datos(destino: Path, config: Configuracion) -> None:
    """El respaldo no puede quedar dentro de lo que respalda (se copiaría a sí mismo)."""
    absoluto = destino.resolve()
    for nombre in CARPETAS:
        if absoluto.is_relative_to((config.directorio / nombre).resolve()):
            raise ErrorDeRespaldo(
                f"El respaldo no puede guardarse dentro de «{nombre}» del directorio de datos."
            )


def _preparar(carpeta: Path, config: Configuracion) -> Manifiesto:
    """Llena la carpeta con la base, las carpetas de datos y el manifiesto."""
    (carpeta / "base").mkdir(parents=True)
    if config.es_sqlite:
        _copiar_sqlite(ruta_sqlite(config.url_bd), carpeta / BASE_SQLITE)
        version = _version_sqlite(carpeta / BASE_SQLITE)
    else:
        version = _version_sql(config.url_bd)
        volcar_postgresql(config.url_bd, carpeta / BASE_PG)
    for nombre in CARPETAS:
        _copiar_carpeta(config.directorio / nombre, carpeta / nombre)
    manifiesto = Manifiesto(
        creado_en=dt.datetime.now(dt.UTC),
        motor="sqlite" if config.es_sqlite else "postgresql",
        version_esquema=version,
        archivos=tuple(_describir(carpeta, r) for r in _archivos(carpeta)),
    )
    texto = manifiesto.a_json().encode("utf-8")
    (carpeta / MANIFIESTO).write_bytes(texto)
    clave = config.clave_respaldo
    if clave:
        (carpeta / FIRMA).write_text(firmar(texto, clave) + "\n", encoding="ascii")
    return manifiesto


def firmar(manifiesto: bytes, clave: str) -> str:
    """HMAC-SHA256 (hex) del texto del manifiesto."""
    return hmac.new(clave.encode("utf-8"), manifiesto, hashlib.sha256).hexdigest()


def verificar_firma(manifiesto: bytes, firma: bytes | None, clave: str) -> None:
    """Con clave configurada, la firma debe existir y coincidir; ErrorDeRespaldo si no."""
    if not clave:
        return
    if firma is None:
        raise ErrorDeRespaldo(
            "El respaldo no está firmado y MONITOREO_RESPALDO_CLAVE exige firma: no se restaura."
        )
    if not hmac.compare_digest(firma.decode("ascii", "replace").strip(), firmar(manifiesto, clave)):
        raise ErrorDeRespaldo(
            "La firma del respaldo no coincide: fue alterado o se firmó con otra clave."
        )


def _describir(carpeta: Path, ruta: Path) -> ArchivoRespaldado:
    """Entrada del manifiesto de un archivo."""
    relativa = ruta.relative_to(carpeta).as_posix()
    return ArchivoRespaldado(relativa, suma_sha256(ruta), ruta.stat().st_size)


def _copiar_sqlite(origen: Path, destino: Path) -> None:
    """Copia en línea con la API de respaldo de SQLite; la copia queda en un solo archivo."""
    if not origen.exists():
        raise ErrorDeRespaldo(
            f"No existe la base de datos {origen}; ejecute «monitoreo inicializar»."
        )
    with (
        closing(sqlite3.connect(origen, timeout=ESPERA_SQLITE_SEGUNDOS)) as fuente,
        closing(sqlite3.connect(destino)) as copia,
    ):
        fuente.backup(copia)
        copia.execute("PRAGMA journal_mode=DELETE")


def _version_sqlite(ruta: Path) -> str | None:
    """Revisión de Alembic guardada en un archivo SQLite."""
    with closing(sqlite3.connect(ruta)) as conexion:
        try:
            fila = conexion.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return None if fila is None else str(fila[0])


def _version_sql(url: str) -> str | None:
    """Revisión de Alembic de una base cualquiera (PostgreSQL)."""
    motor = create_engine(url)
    try:
        with motor.connect() as conexion:
            if not inspect(conexion).has_table("alembic_version"):
                return None
            valor = conexion.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        motor.dispose()
    return None if valor is None else str(valor)


def _copiar_carpeta(origen: Path, destino: Path) -> None:
    """Copia una carpeta de datos (o crea una vacía si no existe)."""
    if origen.is_dir():
        shutil.copytree(origen, destino, ignore=IGNORAR)
    else:
        destino.mkdir(parents=True)


def _empacar(carpeta: Path, temporal: Path, destino: Path) -> None:
    """Escribe el .tar.gz (manifiesto primero) y lo pone en su lugar de un solo renombrado."""
    with tarfile.open(temporal, "w:gz") as tar:
        tar.add(carpeta / MANIFIESTO, arcname=MANIFIESTO)
        if (carpeta / FIRMA).exists():
            tar.add(carpeta / FIRMA, arcname=FIRMA)
        for ruta in _archivos(carpeta):
            relativa = ruta.relative_to(carpeta).as_posix()
            if relativa not in {MANIFIESTO, FIRMA}:
                tar.add(ruta, arcname=relativa, recursive=False)
    # Lleva hashes de contraseñas y datos de contactos: sólo el dueño lo lee, sea cual sea la umask.
    temporal.chmod(0o600)
    os.replace(temporal, destino)


# --- verificar -----------------------------------------------------------------------------------


def verificar_respaldo(origen: Path) -> Manifiesto:
    """Comprueba todas las sumas de un respaldo sin restaurarlo; ErrorDeRespaldo si no cuadra."""
    if origen.is_dir():
        return verificar_carpeta(origen)
    with tempfile.TemporaryDirectory(prefix=".verificacion-") as temporal:
        carpeta = Path(temporal) / "respaldo"
        _desempacar(origen, carpeta)
        return verificar_carpeta(carpeta)


def verificar_carpeta(carpeta: Path) -> Manifiesto:
    """Lee el manifiesto de una carpeta desempacada y compara cada archivo con él."""
    ruta = carpeta / MANIFIESTO
    if not ruta.is_file():
        raise ErrorDeRespaldo("El respaldo no tiene manifiesto.json.")
    firma = carpeta / FIRMA
    texto = ruta.read_bytes()
    verificar_firma(texto, firma.read_bytes() if firma.is_file() else None, cargar().clave_respaldo)
    manifiesto = Manifiesto.de_json(texto.decode("utf-8", "replace"))
    if manifiesto.formato > FORMATO or manifiesto.motor not in {"sqlite", "postgresql"}:
        raise ErrorDeRespaldo("El respaldo es de una versión posterior de monitoreo.")
    problemas = _problemas(carpeta, manifiesto)
    if problemas:
        lista = "; ".join(problemas[:PROBLEMAS_EN_MENSAJE])
        otros = len(problemas) - PROBLEMAS_EN_MENSAJE
        resto = f" (y {otros} más)" if otros > 0 else ""
        raise ErrorDeRespaldo(f"El respaldo no cuadra con su manifiesto: {lista}{resto}.")
    return manifiesto


def _problemas(carpeta: Path, manifiesto: Manifiesto) -> list[str]:
    """Diferencias entre la carpeta y el manifiesto (vacía si todo cuadra)."""
    problemas = [
        f"ruta no permitida {a.ruta!r}" for a in manifiesto.archivos if not ruta_segura(a.ruta)
    ]
    if problemas:
        return problemas
    esperados = {a.ruta: a for a in manifiesto.archivos}
    presentes = {r.relative_to(carpeta).as_posix(): r for r in _archivos(carpeta)}
    presentes.pop(MANIFIESTO, None)
    presentes.pop(FIRMA, None)
    if manifiesto.base not in esperados:
        problemas.append(f"falta la base ({manifiesto.base})")
    problemas += [f"falta {r}" for r in sorted(esperados.keys() - presentes.keys())]
    problemas += [f"sobra {r}" for r in sorted(presentes.keys() - esperados.keys())]
    for relativa in sorted(esperados.keys() & presentes.keys()):
        problema = _problema_archivo(presentes[relativa], esperados[relativa])
        if problema:
            problemas.append(problema)
    return problemas


def _problema_archivo(ruta: Path, esperado: ArchivoRespaldado) -> str | None:
    """Motivo por el que un archivo no cuadra, o None."""
    if ruta.is_symlink():
        return f"{esperado.ruta} es un enlace simbólico"
    if ruta.stat().st_size != esperado.tamano:
        return f"{esperado.ruta} mide {ruta.stat().st_size} bytes y se esperaban {esperado.tamano}"
    if suma_sha256(ruta) != esperado.sha256:
        return f"la suma sha256 de {esperado.ruta} no coincide"
    return None


def _desempacar(origen: Path, destino: Path) -> None:
    """Copia (carpeta) o extrae con seguridad (.tar.gz) el respaldo en `destino`."""
    if origen.is_dir():
        shutil.copytree(origen, destino, symlinks=True)
    elif origen.is_file():
        _extraer(origen, destino)
    else:
        raise ErrorDeRespaldo(f"No existe el respaldo {origen}.")


def _extraer(origen: Path, destino: Path) -> None:
    """Extrae un tar rechazando rutas absolutas, con `..`, enlaces y dispositivos.

    Antes de escribir un solo byte: firma (si hay clave), y el tamaño de cada miembro contra el
    manifiesto y el espacio libre (antes, un miembro de 1 GiB se rechazaba ya escrito).
    """
    try:
        with tarfile.open(origen, "r:*") as tar:
            miembros = tar.getmembers()
            for miembro in miembros:
                _validar_miembro(miembro)
            _exigir_tamanos(tar, miembros, destino.parent)
            destino.mkdir(parents=True)
            tar.extractall(destino, members=miembros, filter="data")
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise ErrorDeRespaldo(f"El archivo de respaldo está dañado o no es un tar: {exc}") from exc


def _nombre(miembro: tarfile.TarInfo) -> str:
    """Ruta normalizada del miembro (`./testigos/x` de `tar -C carpeta .` es `testigos/x`)."""
    return PurePosixPath(miembro.name).as_posix()


def _leer_miembro(
    tar: tarfile.TarFile, miembros: list[tarfile.TarInfo], nombre: str
) -> bytes | None:
    """Contenido de un miembro chico (manifiesto o firma), o None si no está."""
    miembro = next((m for m in miembros if m.isfile() and _nombre(m) == nombre), None)
    if miembro is None:
        return None
    if miembro.size > MANIFIESTO_MAXIMO:
        raise ErrorDeRespaldo(f"{nombre} mide {miembro.size} bytes: no es un respaldo válido.")
    archivo = tar.extractfile(miembro)
    return None if archivo is None else archivo.read()


def _exigir_tamanos(tar: tarfile.TarFile, miembros: list[tarfile.TarInfo], donde: Path) -> None:
    """Cada archivo mide lo que dice el manifiesto (firmado) y todo cabe en el disco."""
    texto = _leer_miembro(tar, miembros, MANIFIESTO)
    if texto is None:
        raise ErrorDeRespaldo("El respaldo no tiene manifiesto.json.")
    verificar_firma(texto, _leer_miembro(tar, miembros, FIRMA), cargar().clave_respaldo)
    declarados = {
        a.ruta: a.tamano for a in Manifiesto.de_json(texto.decode("utf-8", "replace")).archivos
    }
    for miembro in miembros:
        if not miembro.isfile() or _nombre(miembro) in {MANIFIESTO, FIRMA}:
            continue
        esperado = declarados.get(_nombre(miembro))
        if esperado is None:
            raise ErrorDeRespaldo(
                f"El respaldo trae {miembro.name!r}, que no está en su manifiesto."
            )
        if miembro.size != esperado:
            raise ErrorDeRespaldo(
                f"{miembro.name} mide {miembro.size} bytes y el manifiesto dice {esperado}."
            )
    total = sum(m.size for m in miembros if m.isfile())
    libre = shutil.disk_usage(donde).free
    if total > libre:
        raise ErrorDeRespaldo(f"El respaldo ocupa {total} bytes y sólo hay {libre} libres.")


def _validar_miembro(miembro: tarfile.TarInfo) -> None:
    """ErrorDeRespaldo si el miembro del tar podría escribir fuera de la carpeta."""
    if miembro.isdir() and miembro.name.rstrip("/") in {".", ""}:
        return  # la raíz de un tar hecho a mano con `tar -C carpeta .`
    if not ruta_segura(miembro.name):
        raise ErrorDeRespaldo(f"El respaldo contiene una ruta no permitida: {miembro.name!r}")
    if not (miembro.isfile() or miembro.isdir()):
        raise ErrorDeRespaldo(f"El respaldo contiene un enlace o dispositivo: {miembro.name!r}")


# --- restaurar -----------------------------------------------------------------------------------


def restaurar_respaldo(origen: Path, *, reemplazar: bool = False) -> Manifiesto:
    """Restaura un respaldo verificado; si ya hay datos, sólo con `reemplazar=True`."""
    config = cargar()
    if not reemplazar and tiene_datos(config):
        raise ErrorDeRespaldo(
            "El directorio de datos ya tiene información; use --reemplazar para sobrescribirla."
        )
    config.directorio.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restauracion-", dir=config.directorio) as temporal:
        preparada = Path(temporal) / "respaldo"
        _desempacar(origen, preparada)
        manifiesto = verificar_carpeta(preparada)
        _exigir_compatible(manifiesto, config)
        if manifiesto.motor == "sqlite":
            _exigir_sqlite(preparada / manifiesto.base)
        with _sin_rastreo():
            _aplicar(preparada, manifiesto, config, Path(temporal) / "anterior")
    _actualizar_esquema(config.url_bd)
    log.info("respaldo restaurado desde %s (%s)", origen, manifiesto.creado_en.isoformat())
    return manifiesto


@contextmanager
def _sin_rastreo() -> Iterator[None]:
    """Toma el candado de rastreo: nadie escribe notas ni testigos mientras se restaura."""
    from operacion.candado import CandadoOcupado, candado_rastreo

    try:
        with candado_rastreo():
            yield
    except CandadoOcupado as exc:
        raise ErrorDeRespaldo(
            f"No se puede restaurar durante un rastreo: {exc} Detenga el servicio y reintente."
        ) from exc


def tiene_datos(config: Configuracion) -> bool:
    """Hay archivos en testigos/recursos/modelos/correos o filas en alguna tabla de la base."""
    for nombre in CARPETAS:
        carpeta = config.directorio / nombre
        if carpeta.is_dir() and any(True for _ in _archivos(carpeta)):
            return True
    if config.es_sqlite and not ruta_sqlite(config.url_bd).exists():
        return False
    return _base_con_filas(config.url_bd)


def _base_con_filas(url: str) -> bool:
    """Alguna tabla del modelo tiene filas."""
    motor = create_engine(url)
    try:
        with motor.connect() as conexion:
            existentes = set(inspect(conexion).get_table_names())
            tablas = [t for t in Base.metadata.sorted_tables if t.name in existentes]
            return any(
                conexion.execute(select(text("1")).select_from(t).limit(1)).first() is not None
                for t in tablas
            )
    finally:
        motor.dispose()


def _exigir_compatible(manifiesto: Manifiesto, config: Configuracion) -> None:
    """El respaldo es del mismo motor y de una versión del esquema que este código conoce."""
    motor = "sqlite" if config.es_sqlite else "postgresql"
    if manifiesto.motor != motor:
        raise ErrorDeRespaldo(
            f"El respaldo es de {manifiesto.motor} y la base configurada es {motor}."
        )
    if manifiesto.version_esquema is not None and not _revision_conocida(
        manifiesto.version_esquema
    ):
        raise ErrorDeRespaldo(
            f"El respaldo tiene un esquema ({manifiesto.version_esquema}) posterior a esta versión"
            " de monitoreo; actualice el programa antes de restaurar."
        )


def _exigir_sqlite(archivo: Path) -> None:
    """La base del respaldo es un SQLite íntegro (si no, entrada inválida y nada se toca)."""
    try:
        with closing(sqlite3.connect(f"file:{archivo}?mode=ro", uri=True)) as conexion:
            resultado = conexion.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ErrorDeRespaldo(f"La base del respaldo no es un SQLite válido: {exc}") from exc
    if not resultado or resultado[0] != "ok":
        raise ErrorDeRespaldo(f"La base del respaldo está dañada: {resultado}")


def _revision_conocida(revision: str) -> bool:
    """Alembic conoce la revisión (no es de una versión futura del programa)."""
    from alembic.script import ScriptDirectory

    from datos.migraciones import configuracion

    scripts = ScriptDirectory.from_config(configuracion("sqlite://"))
    try:
        return scripts.get_revision(revision) is not None
    except Exception:  # alembic lanza varios tipos según el motivo; todos son «desconocida»
        return False


def _aplicar(preparada: Path, manifiesto: Manifiesto, config: Configuracion, aparte: Path) -> None:
    """Cambia carpetas y base; si algo falla, devuelve las carpetas anteriores."""
    aparte.mkdir()
    movidas: list[str] = []
    try:
        for nombre in CARPETAS:
            _cambiar_carpeta(preparada / nombre, config.directorio / nombre, aparte / nombre)
            movidas.append(nombre)
        _restaurar_base(preparada / manifiesto.base, config)
    except BaseException:
        for nombre in reversed(movidas):
            _devolver_carpeta(config.directorio / nombre, aparte / nombre)
        raise


def _cambiar_carpeta(nueva: Path, actual: Path, aparte: Path) -> None:
    """Aparta la carpeta actual y pone la restaurada en su lugar (renombrados)."""
    if actual.exists():
        actual.rename(aparte)
    if nueva.is_dir():
        nueva.rename(actual)
    else:
        actual.mkdir()


def _devolver_carpeta(actual: Path, aparte: Path) -> None:
    """Deshace `_cambiar_carpeta`."""
    shutil.rmtree(actual, ignore_errors=True)
    if aparte.exists():
        aparte.rename(actual)


def _restaurar_base(archivo: Path, config: Configuracion) -> None:
    """Pone la base del respaldo en lugar de la configurada."""
    if not config.es_sqlite:
        restaurar_postgresql(config.url_bd, archivo)
        return
    destino = ruta_sqlite(config.url_bd)
    if not destino.exists():
        destino.parent.mkdir(parents=True, exist_ok=True)
        for sufijo in ("-wal", "-shm"):
            Path(f"{destino}{sufijo}").unlink(missing_ok=True)
        os.replace(archivo, destino)
        return
    # La base existe (quizá abierta por el tablero): la API de respaldo la sustituye en una sola
    # transacción, y respeta el WAL que un renombrado dejaría huérfano.
    with (
        closing(sqlite3.connect(archivo)) as fuente,
        closing(sqlite3.connect(destino, timeout=ESPERA_SQLITE_SEGUNDOS)) as base,
    ):
        fuente.backup(base)


def _actualizar_esquema(url: str) -> None:
    """Lleva la base restaurada a la última migración (un respaldo viejo sigue sirviendo)."""
    from datos.migraciones import actualizar
    from datos.sesion import crear_motor

    motor = crear_motor(url)
    try:
        actualizar(motor)
    finally:
        motor.dispose()


# --- PostgreSQL ----------------------------------------------------------------------------------


def herramienta_pg(nombre: str) -> str:
    """Ruta de pg_dump/pg_restore (PATH o /usr/lib/postgresql/*/bin, la versión más nueva)."""
    en_path = shutil.which(nombre)
    if en_path:
        return en_path
    candidatas = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{nombre}"),
        key=lambda r: int(r.parent.parent.name) if r.parent.parent.name.isdigit() else 0,
    )
    if candidatas:
        return str(candidatas[-1])
    raise ErrorDeRespaldo(
        f"No se encontró {nombre}: instale el cliente de PostgreSQL (paquete postgresql-client)."
    )


def url_libpq(url: str) -> tuple[str, dict[str, str]]:
    """URL de SQLAlchemy → (URL libpq sin contraseña, entorno con PGPASSWORD).

    La contraseña va por el entorno para que no aparezca en la lista de procesos.
    """
    datos = make_url(url)
    entorno = {"PGPASSWORD": datos.password} if datos.password else {}
    limpia = URL.create(
        "postgresql",
        username=datos.username,
        host=datos.host,
        port=datos.port,
        database=datos.database,
        query=datos.query,
    )
    return limpia.render_as_string(hide_password=False), entorno


def _correr_pg(comando: list[str], entorno: dict[str, str], accion: str) -> None:
    """Ejecuta pg_dump/pg_restore; ErrorDeRespaldo con su stderr si falla."""
    resultado = subprocess.run(
        comando, env={**os.environ, **entorno}, capture_output=True, text=True, check=False
    )
    if resultado.returncode != 0:
        detalle = resultado.stderr.strip().splitlines()[-3:]
        raise ErrorDeRespaldo(f"Falló {accion} de PostgreSQL: " + " ".join(detalle))


def volcar_postgresql(url: str, destino: Path) -> None:
    """pg_dump --format=custom de la base configurada."""
    libpq, entorno = url_libpq(url)
    comando = [herramienta_pg("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _correr_pg([*comando, f"--file={destino}", f"--dbname={libpq}"], entorno, "el volcado")


def restaurar_postgresql(url: str, archivo: Path) -> None:
    """pg_restore --clean --if-exists en una sola transacción (todo o nada)."""
    libpq, entorno = url_libpq(url)
    comando = [herramienta_pg("pg_restore"), "--clean", "--if-exists", "--single-transaction"]
    comando += ["--exit-on-error", "--no-owner", "--no-privileges", f"--dbname={libpq}"]
    _correr_pg([*comando, str(archivo)], entorno, "la restauración")


# --- respaldo diario -----------------------------------------------------------------------------


def respaldo_diario(carpeta: Path, conservar: int = 7, *, fecha: dt.date | None = None) -> Path:
    """Crea `respaldo-AAAA-MM-DD.tar.gz` (si no existe) y conserva sólo los `conservar` últimos."""
    if conservar < 1:
        raise ValueError("Hay que conservar al menos un respaldo diario.")
    dia = fecha or dt.datetime.now(cargar().zona).date()
    destino = carpeta / f"respaldo-{dia.isoformat()}.tar.gz"
    _limpiar_abandonados(carpeta)
    if destino.exists():
        log.info("el respaldo diario %s ya existe", destino.name)
    else:
        crear_respaldo(destino)
    for viejo in respaldos_diarios(carpeta)[conservar:]:
        log.info("se borra el respaldo diario antiguo %s", viejo.name)
        viejo.unlink()
    return destino


def _limpiar_abandonados(carpeta: Path) -> None:
    """Borra carpetas temporales de respaldos interrumpidos (kill -9, apagón) de hace un día."""
    if not carpeta.is_dir():
        return
    limite = time.time() - ABANDONO.total_seconds()
    for temporal in carpeta.glob(".respaldo-*"):
        if temporal.is_dir() and temporal.stat().st_mtime < limite:
            log.warning("se borra un respaldo interrumpido: %s", temporal)
            shutil.rmtree(temporal, ignore_errors=True)


def respaldos_diarios(carpeta: Path) -> list[Path]:
    """Respaldos diarios de la carpeta, del más reciente al más antiguo."""
    if not carpeta.is_dir():
        return []
    return sorted(
        (r for r in carpeta.iterdir() if PATRON_DIARIO.match(r.name) and r.is_file()),
        key=lambda r: r.name,
        reverse=True,
    )


def resumen(manifiesto: Manifiesto) -> dict[str, Any]:
    """Datos breves del manifiesto para la CLI: fecha, motor, esquema, archivos y bytes."""
    return {
        "creado_en": manifiesto.creado_en.isoformat(),
        "motor": manifiesto.motor,
        "version_esquema": manifiesto.version_esquema,
        "archivos": len(manifiesto.archivos),
        "bytes": sum(a.tamano for a in manifiesto.archivos),
    }
