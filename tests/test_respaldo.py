"""Respaldos: ida y vuelta completa, sumas, tar traversal, reemplazo y rotación diaria."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import tarfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from datos import config
from datos.modelos import (
    Ambito,
    Base,
    Boletin,
    Convenio,
    Fuente,
    Medio,
    NivelRetoma,
    Nota,
    Recurso,
    Retoma,
    Rol,
    TipoCaptura,
    TipoFuente,
    TipoMedio,
    TipoRecurso,
    TipoTestigo,
    Tono,
    Usuario,
)
from datos.modelos import (
    Testigo as RegistroTestigo,
)
from datos.sesion import crear_motor
from operacion.respaldo import (
    BASE_PG,
    BASE_SQLITE,
    ErrorDeRespaldo,
    crear_respaldo,
    herramienta_pg,
    respaldo_diario,
    respaldos_diarios,
    restaurar_respaldo,
    ruta_segura,
    suma_sha256,
    url_libpq,
    verificar_respaldo,
)

FECHA = dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.UTC)
ARCHIVOS = {
    "testigos/ab/abcdef.html.gz": b"\x1f\x8b testigo comprimido \x00\xff" * 50,
    "testigos/cd/cdef01.pdf": b"%PDF-1.4 edicion impresa " * 200,
    "recursos/fotos/inauguracion.jpg": bytes(range(256)) * 40,
    "recursos/audios/entrevista.mp3": b"ID3" + b"\x00\x01" * 3000,
    "modelos/tono.joblib": b"modelo de tono entrenado",
}


def _saltar_sin_pg_dump(url: str) -> None:
    """Con PostgreSQL hacen falta pg_dump y pg_restore."""
    if url.startswith("postgresql"):
        try:
            herramienta_pg("pg_dump")
            herramienta_pg("pg_restore")
        except ErrorDeRespaldo as exc:
            pytest.skip(str(exc))


def _poblar(motor: Engine, directorio: Path) -> None:
    """Filas en varias tablas relacionadas y archivos en testigos, recursos y modelos."""
    for relativa, contenido in ARCHIVOS.items():
        ruta = directorio / relativa
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_bytes(contenido)
    with Session(motor) as s:
        usuario = Usuario(nombre="ana", rol=Rol.DIRECTORA, hash_contrasena="x$y")
        medio = Medio(nombre="El Sol de Tampacán", tipo=TipoMedio.DIGITAL, ambito=Ambito.MUNICIPAL)
        medio.fuentes = [Fuente(tipo=TipoFuente.RSS, url="https://sol.example/feed.xml")]
        medio.tarifas = {"plana": 1200, "notas": ["ñandú", "acción"]}
        s.add_all([usuario, medio])
        s.flush()
        boletin = Boletin(
            numero=45,
            anio=2026,
            fecha_emision=FECHA,
            titular="Inauguran clínica rural",
            entradilla="La presidenta inauguró…",
            cuerpo="Cuerpo del boletín con acentos: Tampacán, Huasteca.",
            autor_id=usuario.id,
        )
        nota = Nota(
            medio_id=medio.id,
            fuente_id=medio.fuentes[0].id,
            url_canonica="https://sol.example/notas/clinica",
            titulo="Tampacán inaugura clínica",
            texto="Texto de la nota",
            fecha_publicacion=FECHA,
            tipo_captura=TipoCaptura.RSS,
            hash_contenido="h1",
            tono=Tono.POSITIVO,
            tono_puntaje=0.75,
            temas=["salud"],
        )
        s.add_all([boletin, nota])
        s.flush()
        s.add_all(
            [
                RegistroTestigo(
                    nota_id=nota.id,
                    tipo=TipoTestigo.HTML,
                    sha256="abcdef",
                    ruta="ab/abcdef.html.gz",
                    tipo_mime="text/html",
                    tamano=1000,
                ),
                Retoma(
                    nota_id=nota.id,
                    boletin_id=boletin.id,
                    nivel=NivelRetoma.PARCIAL,
                    puntaje=0.6,
                    fidelidad=0.5,
                    pasajes=[{"boletin": [0, 10], "nota": [5, 15]}],
                ),
                Convenio(
                    medio_id=medio.id,
                    numero="CONV-01/2026",
                    concepto="Difusión",
                    monto_sin_iva=Decimal("1000.00"),
                    iva=Decimal("160.00"),
                    monto_total=Decimal("1160.00"),
                    vigencia_inicio=dt.date(2026, 1, 1),
                    vigencia_fin=dt.date(2026, 12, 31),
                ),
            ]
        )
        s.commit()
    _poblar_recurso(motor)


def _poblar_recurso(motor: Engine) -> None:
    """Un recurso del banco de medios (columnas según el modelo)."""
    columnas = {c.name for c in Recurso.__table__.columns}
    valores: dict[str, Any] = {"tipo": TipoRecurso.FOTO, "titulo": "Inauguración"}
    valores |= {"ruta": "fotos/inauguracion.jpg", "sha256": "f0", "tamano": 10240}
    valores |= {"tipo_mime": "image/jpeg", "nombre_archivo": "inauguracion.jpg"}
    with Session(motor) as s:
        s.add(Recurso(**{k: v for k, v in valores.items() if k in columnas}))
        s.commit()


def _foto(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Todas las filas de todas las tablas, en orden estable."""
    motor = crear_motor(url)
    try:
        with motor.connect() as c:
            return {
                t.name: [tuple(f) for f in c.execute(select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables
            }
    finally:
        motor.dispose()


def _bytes(directorio: Path) -> dict[str, bytes]:
    """Contenido de testigos, recursos y modelos."""
    return {
        r.relative_to(directorio).as_posix(): r.read_bytes()
        for nombre in ("testigos", "recursos", "modelos")
        for r in sorted((directorio / nombre).rglob("*"))
        if r.is_file()
    }


def _borrar_todo(url: str, directorio: Path) -> None:
    """Lo que dejaría un disco perdido: ni base ni archivos."""
    for nombre in ("testigos", "recursos", "modelos"):
        shutil.rmtree(directorio / nombre, ignore_errors=True)
    if url.startswith("sqlite"):
        for sufijo in ("", "-wal", "-shm"):
            Path(f"{directorio / 'monitoreo.sqlite3'}{sufijo}").unlink(missing_ok=True)
        return
    motor = crear_motor(url)
    tablas = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with motor.begin() as c:
        c.execute(text(f"TRUNCATE {tablas} RESTART IDENTITY CASCADE"))
    motor.dispose()


@pytest.mark.parametrize("nombre", ["respaldo", "respaldo.tar.gz"])
def test_ida_y_vuelta_completa(
    nombre: str, motor: Engine, url_bd: str, directorio_datos: Path, tmp_path: Path
) -> None:
    _saltar_sin_pg_dump(url_bd)
    _poblar(motor, directorio_datos)
    antes, archivos_antes = _foto(url_bd), _bytes(directorio_datos)
    assert all(antes[t] for t in ("medio", "fuente", "nota", "testigo", "retoma", "boletin"))
    assert all(antes[t] for t in ("usuario", "convenio", "recurso"))
    motor.dispose()

    destino = tmp_path / "respaldos" / nombre
    manifiesto = crear_respaldo(destino)
    assert destino.is_dir() == (nombre == "respaldo")
    _borrar_todo(url_bd, directorio_datos)
    assert _bytes(directorio_datos) == {}

    restaurado = restaurar_respaldo(destino)
    assert restaurado == manifiesto
    assert _foto(url_bd) == antes
    assert _bytes(directorio_datos) == archivos_antes
    assert not list(directorio_datos.glob(".restauracion-*"))


def test_manifiesto_con_sumas_tamanos_y_esquema(
    motor: Engine, url_bd: str, directorio_datos: Path, tmp_path: Path
) -> None:
    _saltar_sin_pg_dump(url_bd)
    _poblar(motor, directorio_datos)
    destino = tmp_path / "r"
    manifiesto = crear_respaldo(destino)
    crudo = json.loads((destino / "manifiesto.json").read_text(encoding="utf-8"))
    with motor.connect() as c:
        version = c.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert crudo["version_esquema"] == manifiesto.version_esquema == version
    assert dt.datetime.fromisoformat(crudo["creado_en"]).tzinfo is not None
    por_ruta = {a["ruta"]: a for a in crudo["archivos"]}
    base = BASE_SQLITE if url_bd.startswith("sqlite") else BASE_PG
    assert set(por_ruta) == set(ARCHIVOS) | {base}
    for ruta, contenido in ARCHIVOS.items():
        assert por_ruta[ruta]["tamano"] == len(contenido)
        assert por_ruta[ruta]["sha256"] == suma_sha256(destino / ruta)
    assert verificar_respaldo(destino) == manifiesto


def test_suma_alterada_rechaza_sin_tocar_nada(
    motor: Engine, url_bd: str, directorio_datos: Path, tmp_path: Path
) -> None:
    _saltar_sin_pg_dump(url_bd)
    _poblar(motor, directorio_datos)
    destino = tmp_path / "r"
    crear_respaldo(destino)
    antes, archivos = _foto(url_bd), _bytes(directorio_datos)
    danado = destino / "testigos/cd/cdef01.pdf"
    contenido = bytearray(danado.read_bytes())
    contenido[100] ^= 0xFF  # mismo tamaño, otro contenido
    danado.write_bytes(bytes(contenido))
    (directorio_datos / "recursos/fotos/inauguracion.jpg").write_bytes(b"foto nueva")
    archivos["recursos/fotos/inauguracion.jpg"] = b"foto nueva"
    with pytest.raises(ValueError, match=r"sha256 de testigos/cd/cdef01\.pdf no coincide"):
        restaurar_respaldo(destino, reemplazar=True)
    assert _foto(url_bd) == antes
    assert _bytes(directorio_datos) == archivos


def test_archivo_faltante_o_de_sobra(directorio_datos: Path, url_bd: str, tmp_path: Path) -> None:
    _saltar_sin_pg_dump(url_bd)
    (directorio_datos / "modelos").mkdir()
    (directorio_datos / "modelos" / "tono.joblib").write_bytes(b"m")
    destino = tmp_path / "r"
    crear_respaldo(destino)
    (destino / "recursos" / "intruso.sh").write_bytes(b"echo hola")
    with pytest.raises(ErrorDeRespaldo, match=r"sobra recursos/intruso\.sh"):
        verificar_respaldo(destino)
    (destino / "recursos" / "intruso.sh").unlink()
    (destino / "modelos" / "tono.joblib").unlink()
    with pytest.raises(ErrorDeRespaldo, match=r"falta modelos/tono\.joblib"):
        verificar_respaldo(destino)


def _tar_con(ruta: Path, miembros: list[tarfile.TarInfo], manifiesto: bytes) -> None:
    """Un .tar.gz con manifiesto y los miembros dados (contenido b'x')."""
    with tarfile.open(ruta, "w:gz") as tar:
        info = tarfile.TarInfo("manifiesto.json")
        info.size = len(manifiesto)
        tar.addfile(info, io.BytesIO(manifiesto))
        for miembro in miembros:
            tar.addfile(miembro, io.BytesIO(b"x") if miembro.isfile() else None)


def _archivo(nombre: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(nombre)
    info.size = 1
    return info


def _enlace(nombre: str, destino: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(nombre)
    info.type = tarfile.SYMTYPE
    info.linkname = destino
    return info


@pytest.mark.parametrize(
    "miembro",
    [
        _archivo("../fuera.txt"),
        _archivo("testigos/../../fuera.txt"),
        _archivo("/tmp/absoluto-monitoreo.txt"),
        _enlace("testigos/enlace", "/etc/passwd"),
    ],
    ids=["puntos", "puntos-internos", "absoluta", "enlace"],
)
def test_tar_traversal_rechazado(
    miembro: tarfile.TarInfo, directorio_datos: Path, url_bd: str, tmp_path: Path
) -> None:
    tar = tmp_path / "malo.tar.gz"
    _tar_con(tar, [miembro], b'{"formato": 1}')
    with pytest.raises(ValueError, match=r"no permitida|enlace"):
        restaurar_respaldo(tar, reemplazar=True)
    assert not (tmp_path / "fuera.txt").exists()
    assert not (directorio_datos.parent / "fuera.txt").exists()
    assert not Path("/tmp/absoluto-monitoreo.txt").exists()


def test_manifiesto_con_ruta_peligrosa(directorio_datos: Path, url_bd: str, tmp_path: Path) -> None:
    destino = tmp_path / "r"
    crear_respaldo(destino)
    crudo = json.loads((destino / "manifiesto.json").read_text(encoding="utf-8"))
    crudo["archivos"].append({"ruta": "../../etc/passwd", "sha256": "0", "tamano": 1})
    (destino / "manifiesto.json").write_text(json.dumps(crudo), encoding="utf-8")
    with pytest.raises(ErrorDeRespaldo, match="ruta no permitida"):
        verificar_respaldo(destino)
    assert not ruta_segura("/etc/passwd")
    assert not ruta_segura("C:/Windows")
    assert ruta_segura("testigos/ab/cd.html.gz")


def test_con_datos_exige_reemplazar(
    motor: Engine, url_bd: str, directorio_datos: Path, tmp_path: Path
) -> None:
    _saltar_sin_pg_dump(url_bd)
    _poblar(motor, directorio_datos)
    destino = tmp_path / "r.tar.gz"
    crear_respaldo(destino)
    antes = _foto(url_bd)
    with Session(motor) as s:
        s.add(Medio(nombre="Medio posterior", tipo=TipoMedio.RADIO, ambito=Ambito.REGIONAL))
        s.commit()
    (directorio_datos / "testigos" / "nuevo.bin").write_bytes(b"posterior")
    motor.dispose()
    with pytest.raises(ValueError, match="ya tiene información"):
        restaurar_respaldo(destino)
    assert len(_foto(url_bd)["medio"]) == 2
    restaurar_respaldo(destino, reemplazar=True)
    assert _foto(url_bd) == antes
    assert not (directorio_datos / "testigos" / "nuevo.bin").exists()
    assert not list(directorio_datos.glob(".restauracion-*"))


def test_destino_existente_y_archivo_danado(
    directorio_datos: Path, url_bd: str, tmp_path: Path
) -> None:
    (tmp_path / "ocupado").mkdir()
    with pytest.raises(ErrorDeRespaldo, match="ya existe"):
        crear_respaldo(tmp_path / "ocupado")
    roto = tmp_path / "roto.tar.gz"
    roto.write_bytes(b"no es un tar")
    with pytest.raises(ErrorDeRespaldo, match="dañado"):
        restaurar_respaldo(roto)
    with pytest.raises(ErrorDeRespaldo, match="No existe el respaldo"):
        restaurar_respaldo(tmp_path / "no-existe.tar.gz")


def test_consistente_con_un_escritor_concurrente(
    motor: Engine, url_bd: str, directorio_datos: Path, tmp_path: Path
) -> None:
    if not url_bd.startswith("sqlite"):
        pytest.skip("la API de respaldo en línea es de SQLite")
    parar = threading.Event()

    def escribir() -> None:
        i = 0
        while not parar.is_set():
            with Session(motor) as s:
                s.add(Medio(nombre=f"M{i}", tipo=TipoMedio.DIGITAL, ambito=Ambito.ESTATAL))
                s.commit()
            i += 1

    hilo = threading.Thread(target=escribir)
    hilo.start()
    try:
        for n in range(3):
            crear_respaldo(tmp_path / f"r{n}")
    finally:
        parar.set()
        hilo.join()
    for n in range(3):
        with sqlite3.connect(tmp_path / f"r{n}" / BASE_SQLITE) as c:
            assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            nombres = {f[0] for f in c.execute("SELECT nombre FROM medio")}
        # Una instantánea: si está M{k}, están todos los anteriores.
        assert nombres == {f"M{i}" for i in range(len(nombres))}


def test_respaldo_diario_rota_y_no_repite(
    directorio_datos: Path, url_bd: str, tmp_path: Path
) -> None:
    carpeta = tmp_path / "diarios"
    carpeta.mkdir()
    (carpeta / "notas-personales.txt").write_text("no se borra")
    inicio = dt.date(2026, 11, 1)
    for dia in range(9):
        respaldo_diario(carpeta, conservar=3, fecha=inicio + dt.timedelta(days=dia))
    nombres = [r.name for r in respaldos_diarios(carpeta)]
    assert nombres == [f"respaldo-2026-11-{d:02d}.tar.gz" for d in (9, 8, 7)]
    assert (carpeta / "notas-personales.txt").exists()
    ultimo = carpeta / "respaldo-2026-11-09.tar.gz"
    marca = ultimo.stat().st_mtime_ns
    assert respaldo_diario(carpeta, conservar=3, fecha=dt.date(2026, 11, 9)) == ultimo
    assert ultimo.stat().st_mtime_ns == marca
    assert verificar_respaldo(ultimo).motor in {"sqlite", "postgresql"}
    with pytest.raises(ValueError, match="al menos un respaldo"):
        respaldo_diario(carpeta, conservar=0)


def test_url_libpq_sin_contrasena_en_argumentos() -> None:
    libpq, entorno = url_libpq("postgresql+psycopg://monitoreo:s3cr%40ta@db.local:5433/medios")
    assert libpq == "postgresql://monitoreo@db.local:5433/medios"
    assert entorno == {"PGPASSWORD": "s3cr@ta"}
    assert url_libpq("postgresql+psycopg:///medios?host=/var/run/postgresql") == (
        "postgresql:///medios?host=%2Fvar%2Frun%2Fpostgresql",
        {},
    )


def test_sin_herramienta_mensaje_claro(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nada")
    with pytest.raises(ErrorDeRespaldo, match="No se encontró pg_inexistente"):
        herramienta_pg("pg_inexistente")
    config.recargar()


def test_tar_hecho_a_mano_con_punto(
    motor: Engine, url_bd: str, directorio_datos: Path, tmp_path: Path
) -> None:
    _saltar_sin_pg_dump(url_bd)
    _poblar(motor, directorio_datos)
    antes = _foto(url_bd)
    motor.dispose()
    carpeta = tmp_path / "r"
    crear_respaldo(carpeta)
    mano = tmp_path / "a-mano.tgz"
    with tarfile.open(mano, "w:gz") as tar:  # como `tar czf a-mano.tgz -C r .`
        tar.add(carpeta, arcname=".")
    _borrar_todo(url_bd, directorio_datos)
    restaurar_respaldo(mano)
    assert _foto(url_bd) == antes


def test_destino_dentro_de_los_datos_rechazado(
    directorio_datos: Path, url_bd: str, tmp_path: Path
) -> None:
    (directorio_datos / "testigos").mkdir()
    with pytest.raises(ErrorDeRespaldo, match="dentro de «testigos»"):
        crear_respaldo(directorio_datos / "testigos" / "r.tar.gz")
    assert list((directorio_datos / "testigos").iterdir()) == []


def test_no_restaura_durante_un_rastreo(
    directorio_datos: Path, url_bd: str, tmp_path: Path
) -> None:
    from operacion.candado import candado_rastreo

    destino = tmp_path / "r.tar.gz"
    crear_respaldo(destino)
    with candado_rastreo(), pytest.raises(ErrorDeRespaldo, match="durante un rastreo"):
        restaurar_respaldo(destino, reemplazar=True)
    restaurar_respaldo(destino, reemplazar=True)


def test_respaldo_diario_limpia_temporales_abandonados(
    directorio_datos: Path, url_bd: str, tmp_path: Path
) -> None:
    carpeta = tmp_path / "diarios"
    viejo = carpeta / ".respaldo-abc123"
    reciente = carpeta / ".respaldo-def456"
    for temporal in (viejo, reciente):
        (temporal / "respaldo" / "base").mkdir(parents=True)
    hace_dos_dias = time.time() - 2 * 86400
    os.utime(viejo, (hace_dos_dias, hace_dos_dias))
    respaldo_diario(carpeta, fecha=dt.date(2026, 11, 26))
    assert not viejo.exists()
    assert reciente.exists()  # podría ser de un respaldo que sigue en curso
