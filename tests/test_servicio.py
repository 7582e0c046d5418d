"""Modo servicio: una vuelta real (HTTP local, rastreo, análisis, respaldo), síntesis por SMTP real
una sola vez por día, y procesos reales detenidos con SIGTERM (con el tablero de Streamlit)."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from datos import config
from datos.modelos import Ambito, Boletin, Fuente, Medio, Nota, TipoFuente, TipoMedio
from demo.buzon import BuzonLocal
from demo.servidor import ServidorHTTP, en_hilo
from operacion.candado import ocupado
from operacion.respaldo import verificar_respaldo
from operacion.servicio import REINTENTO, Servicio, hora_de_sintesis, servir

RAIZ = Path(__file__).resolve().parent.parent
ZONA = ZoneInfo("America/Mexico_City")
MANANA = dt.datetime(2026, 11, 26, 8, 0, tzinfo=ZONA)
PARRAFO = (
    "La presidenta municipal de Tampacán inauguró la clínica rural de la comunidad de Tantobal, "
    "que atenderá a más de dos mil habitantes de la Huasteca potosina con consulta general, "
    "vacunación y atención dental. La obra se hizo con recursos del ayuntamiento y la vigilancia "
    "del comité de vecinos, que revisó cada etapa de los trabajos durante seis meses."
)


def _pagina(base: str) -> bytes:
    """Una nota HTML con fecha y canónica."""
    return f"""<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>Inauguran clínica rural</title><link rel="canonical" href="{base}/notas/clinica">
<meta property="article:published_time" content="2026-11-25T10:00:00-06:00"></head>
<body><article><h1>Inauguran clínica rural en Tampacán</h1><p>{PARRAFO}</p><p>{PARRAFO}</p>
</article></body></html>""".encode()


def _rss(base: str) -> bytes:
    """RSS de una sola nota."""
    item = (
        f"<item><title>Inauguran clínica rural en Tampacán</title><link>{base}/notas/clinica</link>"
        "<pubDate>Wed, 25 Nov 2026 16:00:00 GMT</pubDate></item>"
    )
    canal = f"<channel><title>El Sol</title><link>{base}/</link>{item}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{canal}</rss>'.encode()


@pytest.fixture
def sitio() -> Iterator[str]:
    """Servidor HTTP real en 127.0.0.1 con un RSS de una nota."""
    paginas: dict[str, tuple[bytes, str]] = {}

    class Manejador(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path not in paginas:
                self.send_error(404)
                return
            cuerpo, tipo = paginas[self.path]
            self.send_response(200)
            self.send_header("Content-Type", tipo)
            self.send_header("Content-Length", str(len(cuerpo)))
            self.end_headers()
            self.wfile.write(cuerpo)

    with en_hilo(ServidorHTTP(("127.0.0.1", 0), Manejador)) as http:
        base = http.base  # type: ignore[attr-defined]
        paginas["/robots.txt"] = (b"User-agent: *\nAllow: /\n", "text/plain")
        paginas["/feed.xml"] = (_rss(base), "application/rss+xml")
        paginas["/notas/clinica"] = (_pagina(base), "text/html")
        yield base


@pytest.fixture
def entorno(url_bd: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Sin retraso entre descargas ni correo configurado (lo heredan los procesos hijos)."""
    monkeypatch.setenv("MONITOREO_RETRASO_MS", "0")
    monkeypatch.setenv("MONITOREO_HOSTS_PERMITIDOS", "127.0.0.0/8")
    for variable in ("SMTP_SERVIDOR", "SINTESIS_DESTINATARIOS", "SINTESIS_HORA"):
        monkeypatch.delenv(f"MONITOREO_{variable}", raising=False)
    config.recargar()
    return url_bd


def _medio_con_fuente(motor: Engine, url: str) -> None:
    """Un medio con una fuente RSS vencida (nunca rastreada) y un boletín emitido."""
    with Session(motor) as s:
        medio = Medio(nombre="El Sol de Tampacán", tipo=TipoMedio.DIGITAL, ambito=Ambito.MUNICIPAL)
        medio.fuentes = [Fuente(tipo=TipoFuente.RSS, url=url)]
        boletin = Boletin(
            numero=45,
            anio=2026,
            fecha_emision=dt.datetime(2026, 11, 25, 9, 0, tzinfo=ZONA),
            titular="Inauguran clínica rural en Tampacán",
            entradilla="La presidenta municipal inauguró la clínica rural de Tantobal.",
            cuerpo=PARRAFO,
        )
        s.add_all([medio, boletin])
        s.commit()


@pytest.mark.lento
def test_una_vuelta_rastrea_analiza_y_respalda(
    entorno: str, motor: Engine, directorio_datos: Path, sitio: str
) -> None:
    _medio_con_fuente(motor, f"{sitio}/feed.xml")
    servir(config.cargar(), puerto_tablero=None, una_vuelta=True, ahora=lambda: MANANA)
    with Session(motor) as s:
        notas = list(s.scalars(select(Nota)))
        fuente = s.scalars(select(Fuente)).one()
    assert [n.url_canonica for n in notas] == [f"{sitio}/notas/clinica"]
    assert notas[0].analizada_en is not None
    assert notas[0].hash_analizado == notas[0].hash_contenido
    assert fuente.ultimo_exito is not None
    respaldo = directorio_datos / "respaldos" / "respaldo-2026-11-26.tar.gz"
    assert respaldo.is_file()
    assert verificar_respaldo(respaldo).version_esquema is not None
    estado = json.loads((directorio_datos / "servicio.json").read_text(encoding="utf-8"))
    assert estado["respaldo"] == "2026-11-26"
    assert "sintesis" not in estado  # sin SMTP configurado no se marca como enviada
    assert dt.datetime.fromisoformat(estado["ultima_vuelta"]) == MANANA
    assert ocupado() is None


def test_sin_fuentes_vencidas_no_rastrea_y_respeta_el_candado(
    entorno: str, motor: Engine, directorio_datos: Path, sitio: str
) -> None:
    servicio = Servicio(config.cargar(), ahora=lambda: MANANA)
    assert servicio.rastrear_si_toca() is False
    _medio_con_fuente(motor, f"{sitio}/feed.xml")
    from operacion.candado import candado_rastreo

    with candado_rastreo():
        assert servicio.rastrear_si_toca() is False
    with Session(motor) as s:
        assert s.scalar(select(func.count()).select_from(Nota)) == 0
    # Antes de las 3:00 no toca respaldo; después sí, y una sola vez por día.
    madrugada = Servicio(config.cargar(), ahora=lambda: MANANA.replace(hour=2))
    assert madrugada.respaldo_si_toca() is False
    assert servicio.respaldo_si_toca() is True
    assert servicio.respaldo_si_toca() is False


@pytest.fixture
def smtp(
    entorno: str, smtp_local: tuple[BuzonLocal, int], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[BuzonLocal, int]]:
    """Servidor SMTP real (el buzón de la demo) y la configuración que apunta a él."""
    for buzon, puerto in [smtp_local]:
        monkeypatch.setenv("MONITOREO_SMTP_SERVIDOR", "127.0.0.1")
        monkeypatch.setenv("MONITOREO_SMTP_PUERTO", str(puerto))
        monkeypatch.setenv("MONITOREO_SMTP_TLS", "ninguno")
        monkeypatch.setenv("MONITOREO_SINTESIS_DESTINATARIOS", "directora@tampacan.gob.mx")
        monkeypatch.setenv("MONITOREO_SINTESIS_HORA", "07:30")
        config.recargar()
        yield buzon, puerto


def _asuntos(buzon: BuzonLocal) -> list[str]:
    return [str(m["Subject"]) for _, m in buzon.recibidos]


def test_sintesis_una_sola_vez_por_dia(
    smtp: tuple[BuzonLocal, int], directorio_datos: Path
) -> None:
    buzon, _ = smtp
    reloj = [MANANA.replace(hour=7, minute=0)]

    def vuelta() -> None:
        servir(config.cargar(), puerto_tablero=None, una_vuelta=True, ahora=lambda: reloj[0])

    vuelta()
    assert buzon.recibidos == []  # antes de la hora
    reloj[0] = MANANA.replace(hour=7, minute=31)
    vuelta()
    assert _asuntos(buzon) == ["Síntesis informativa — 25 de noviembre de 2026"]
    assert buzon.recibidos[0][0] == ["directora@tampacan.gob.mx"]
    for hora in (7, 12, 23):  # más vueltas el mismo día, cada una un «reinicio» del servicio
        reloj[0] = MANANA.replace(hour=hora, minute=45)
        vuelta()
    assert len(buzon.recibidos) == 1
    reloj[0] = MANANA + dt.timedelta(days=1)
    vuelta()
    assert _asuntos(buzon)[1:] == ["Síntesis informativa — 26 de noviembre de 2026"]
    estado = json.loads((directorio_datos / "servicio.json").read_text(encoding="utf-8"))
    assert estado["sintesis"] == "2026-11-27"
    assert estado["sintesis_fecha"] == "2026-11-26"


def test_correo_caido_no_detiene_y_se_reintenta(
    smtp: tuple[BuzonLocal, int], directorio_datos: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buzon, _ = smtp
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        cerrado = s.getsockname()[1]
    monkeypatch.setenv("MONITOREO_SMTP_PUERTO", str(cerrado))
    reloj = [MANANA]
    servicio = Servicio(config.recargar(), ahora=lambda: reloj[0])
    servicio.vuelta()  # la síntesis falla, el respaldo se hace igual
    assert (directorio_datos / "respaldos" / "respaldo-2026-11-26.tar.gz").is_file()
    estado = json.loads((directorio_datos / "servicio.json").read_text(encoding="utf-8"))
    assert "sintesis" not in estado
    monkeypatch.setenv("MONITOREO_SMTP_PUERTO", str(smtp[1]))
    servicio.config = config.recargar()
    reloj[0] = MANANA + REINTENTO / 2
    assert servicio.sintesis_si_toca() is False  # todavía no toca reintentar
    reloj[0] = MANANA + REINTENTO
    assert servicio.sintesis_si_toca() is True
    assert len(buzon.recibidos) == 1


def test_base_sin_inicializar_error_claro(directorio_datos: Path) -> None:
    with pytest.raises(ValueError, match="monitoreo inicializar"):
        servir(config.cargar(), puerto_tablero=None, una_vuelta=True)


def test_hora_de_sintesis_invalida() -> None:
    assert hora_de_sintesis("07:30") == dt.time(7, 30)
    with pytest.raises(ValueError, match="HH:MM"):
        hora_de_sintesis("siete y media")


# --- procesos reales con señales ---------------------------------------------------------------

PROGRAMA = """
import logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
logging.getLogger("operacion.servicio").setLevel(logging.DEBUG)
from datos.config import cargar
from operacion.servicio import servir
servir(cargar(), puerto_tablero=int(sys.argv[1]) if len(sys.argv) > 1 else None)
"""


class Hijo:
    """El servicio en un proceso hijo real, con su registro leído en un hilo."""

    def __init__(self, *argumentos: str) -> None:
        self.lineas: queue.Queue[str] = queue.Queue()
        self.registro: list[str] = []
        self.proceso = subprocess.Popen(
            [sys.executable, "-c", PROGRAMA, *argumentos],
            cwd=RAIZ,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._leer, daemon=True).start()

    def _leer(self) -> None:
        assert self.proceso.stderr is not None
        for linea in self.proceso.stderr:
            self.lineas.put(linea.rstrip("\n"))

    def esperar(self, condicion: Callable[[str], bool], segundos: float = 60) -> str:
        """Espera una línea del registro que cumpla la condición."""
        limite = time.monotonic() + segundos
        while time.monotonic() < limite:
            try:
                linea = self.lineas.get(timeout=0.2)
            except queue.Empty:
                continue
            self.registro.append(linea)
            if condicion(linea):
                return linea
        raise AssertionError("no apareció en el registro:\n" + "\n".join(self.registro))

    def terminar(self) -> int:
        """SIGTERM y espera la salida (o lo mata si no sale)."""
        self.proceso.send_signal(signal.SIGTERM)
        try:
            return self.proceso.wait(15)
        finally:
            self.proceso.kill()


def test_sigterm_detiene_el_servicio_con_codigo_0(entorno: str, directorio_datos: Path) -> None:
    hijo = Hijo()
    hijo.esperar(lambda linea: "vuelta terminada" in linea)
    inicio = time.monotonic()
    assert hijo.terminar() == 0
    assert time.monotonic() - inicio < 5
    hijo.esperar(lambda linea: "servicio detenido" in linea, 5)
    assert ocupado() is None
    assert ocupado(ruta=directorio_datos / "servicio.candado") is None


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tablero_responde(puerto: int, segundos: float = 60) -> None:
    """Espera a que Streamlit conteste su chequeo de salud."""
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{puerto}/_stcore/health", timeout=2
            ) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"el tablero no respondió en el puerto {puerto}")


def _vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.lento
def test_reinicia_el_tablero_y_lo_detiene_al_salir(entorno: str, directorio_datos: Path) -> None:
    puerto = _puerto_libre()
    hijo = Hijo(str(puerto))
    try:
        linea = hijo.esperar(lambda linea: "tablero iniciado" in linea)
        primero = int(linea.rsplit("pid ", 1)[1].rstrip(")"))
        _tablero_responde(puerto)
        # Un segundo servicio sobre el mismo directorio se niega a arrancar.
        otro = subprocess.run(
            [sys.executable, "-c", PROGRAMA],
            cwd=RAIZ,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert otro.returncode != 0
        assert "Ya hay un servicio corriendo" in otro.stderr
        os.kill(primero, signal.SIGKILL)
        linea = hijo.esperar(lambda linea: "tablero iniciado" in linea)
        segundo = int(linea.rsplit("pid ", 1)[1].rstrip(")"))
        assert segundo != primero
        _tablero_responde(puerto)
    finally:
        codigo = hijo.terminar()
    assert codigo == 0
    assert not _vivo(segundo)
