"""Respaldos ante un atacante: miembros inflados, falsificación (HMAC), base que no es SQLite."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from datos import config
from operacion.respaldo import (
    FIRMA,
    ErrorDeRespaldo,
    crear_respaldo,
    restaurar_respaldo,
    suma_sha256,
    verificar_respaldo,
)

RAIZ = Path(__file__).resolve().parent.parent
MONITOREO = [sys.executable, "-m", "operacion.cli.principal"]
CLAVE = "clave-de-respaldos-de-tampacan"
TESTIGO = "testigos/ab/abc.html"
# Un miembro inflado: 64 MiB de ceros (se comprime a ~64 KiB).
INFLADO = 64 << 20


@pytest.fixture
def respaldo(url_bd: str, directorio_datos: Path, tmp_path: Path) -> Path:
    """Carpeta de respaldo de una base inicializada con un testigo."""
    if not url_bd.startswith("sqlite"):
        pytest.skip("estas pruebas arman respaldos SQLite a mano")
    (directorio_datos / "testigos" / "ab").mkdir(parents=True)
    (directorio_datos / TESTIGO).write_bytes(b"<html>nota original</html>")
    destino = tmp_path / "r"
    crear_respaldo(destino)
    return destino


def _con_clave(monkeypatch: pytest.MonkeyPatch, clave: str) -> None:
    """MONITOREO_RESPALDO_CLAVE para lo que sigue."""
    monkeypatch.setenv("MONITOREO_RESPALDO_CLAVE", clave)
    config.recargar()


def _falsificar(carpeta: Path, ruta: str, contenido: bytes) -> None:
    """Lo que haría un atacante: cambia un archivo y recalcula su suma en el manifiesto."""
    (carpeta / ruta).write_bytes(contenido)
    manifiesto = json.loads((carpeta / "manifiesto.json").read_text(encoding="utf-8"))
    for archivo in manifiesto["archivos"]:
        if archivo["ruta"] == ruta:
            archivo["sha256"], archivo["tamano"] = suma_sha256(carpeta / ruta), len(contenido)
    (carpeta / "manifiesto.json").write_text(json.dumps(manifiesto), encoding="utf-8")


def _empacar(carpeta: Path, destino: Path, inflar: str | None = None) -> Path:
    """Empaca la carpeta; `inflar` cambia ese miembro por 64 MiB sin tocar el manifiesto."""
    with tarfile.open(destino, "w:gz") as tar:
        for ruta in sorted(p for p in carpeta.rglob("*") if p.is_file()):
            nombre = ruta.relative_to(carpeta).as_posix()
            if nombre == inflar:
                info = tarfile.TarInfo(nombre)
                info.size = INFLADO
                tar.addfile(info, io.BytesIO(bytes(INFLADO)))
            else:
                tar.add(ruta, arcname=nombre)
    return destino


def test_miembro_inflado_se_rechaza_antes_de_escribir(respaldo: Path, tmp_path: Path) -> None:
    tar = _empacar(respaldo, tmp_path / "inflado.tar.gz", inflar=TESTIGO)
    assert tar.stat().st_size < INFLADO // 100
    # «el manifiesto dice» sólo sale de la revisión previa; la de después de extraer dice «mide».
    with pytest.raises(ErrorDeRespaldo, match=r"mide 67108864 bytes y el manifiesto dice 26"):
        restaurar_respaldo(tar, reemplazar=True)


def test_miembro_fuera_del_manifiesto_se_rechaza(respaldo: Path, tmp_path: Path) -> None:
    (respaldo / "recursos" / "intruso.bin").write_bytes(b"x")
    tar = _empacar(respaldo, tmp_path / "intruso.tar.gz")
    with pytest.raises(ErrorDeRespaldo, match="no está en su manifiesto"):
        restaurar_respaldo(tar, reemplazar=True)


def test_sin_clave_una_falsificacion_pasa_las_sumas(respaldo: Path) -> None:
    """Lo que la firma resuelve: sin ella, sumas recalculadas engañan a la verificación."""
    _falsificar(respaldo, TESTIGO, b"<html>nota alterada</html>")
    verificar_respaldo(respaldo)


def test_con_clave_firma_y_rechaza_falsificaciones(
    url_bd: str, directorio_datos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _con_clave(monkeypatch, CLAVE)
    (directorio_datos / "testigos" / "ab").mkdir(parents=True)
    (directorio_datos / TESTIGO).write_bytes(b"<html>nota original</html>")
    firmado = tmp_path / "firmado"
    crear_respaldo(firmado)
    assert (firmado / FIRMA).is_file()
    verificar_respaldo(firmado)
    tar = _empacar(firmado, tmp_path / "firmado.tar.gz")
    restaurar_respaldo(tar, reemplazar=True)
    _falsificar(firmado, TESTIGO, b"<html>nota alterada</html>")
    with pytest.raises(ErrorDeRespaldo, match="firma del respaldo no coincide"):
        verificar_respaldo(firmado)
    with pytest.raises(ErrorDeRespaldo, match="firma del respaldo no coincide"):
        restaurar_respaldo(_empacar(firmado, tmp_path / "falso.tar.gz"), reemplazar=True)
    assert (directorio_datos / TESTIGO).read_bytes() == b"<html>nota original</html>"
    (firmado / FIRMA).unlink()
    with pytest.raises(ErrorDeRespaldo, match="no está firmado"):
        verificar_respaldo(firmado)
    _con_clave(monkeypatch, "otra-clave")
    _falsificar(firmado, TESTIGO, b"<html>nota original</html>")
    with pytest.raises(ErrorDeRespaldo, match="no está firmado"):
        verificar_respaldo(firmado)


def test_base_que_no_es_sqlite_sale_con_codigo_2(respaldo: Path) -> None:
    _falsificar(respaldo, "base/monitoreo.sqlite3", gzip.compress(b"no soy una base") * 300)
    r = subprocess.run(
        [*MONITOREO, "respaldo", "restaurar", str(respaldo), "--reemplazar"],
        cwd=RAIZ,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 2, r.stderr
    assert "no es un SQLite válido" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
