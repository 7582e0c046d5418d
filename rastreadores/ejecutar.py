"""Rastreo desde la CLI, el servicio o la demo: lanza el proceso hijo y resume sus eventos."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from datos.config import cargar
from datos.repositorio.fuentes import existe_medio
from datos.sesion import sesion
from rastreadores.eventos import CAMPO_DEL_RESUMEN
from rastreadores.registro_rastreo import abrir_registro

log = logging.getLogger(__name__)

# Líneas finales del registro del hijo que se muestran si muere sin resumen.
LINEAS_DE_REGISTRO = 15
# Al interrumpir, el hijo tiene este tiempo para cerrar con orden (guardar la salud de las fuentes).
ESPERA_CIERRE_SEGUNDOS = 15
# El hijo pide al núcleo morir con este padre (ver rastreadores.proceso.morir_con_el_padre).
VARIABLE_PADRE = "MONITOREO_RASTREO_PADRE"


class RastreoFallido(RuntimeError):
    """El proceso de rastreo terminó sin entregar su resumen."""


@dataclass
class ResumenMedio:
    """Lo que dejó el rastreo en un medio."""

    medio: str
    nuevas: int = 0
    versiones: int = 0
    omitidas: int = 0
    sin_cambios: int = 0
    errores: int = 0
    motivos: list[str] = field(default_factory=list)


@dataclass
class ResumenRastreo:
    """Totales de un rastreo."""

    medios: list[ResumenMedio]
    notas_nuevas: int
    errores: int
    bytes_descargados: int
    peticiones: int
    segundos: float
    estadisticas: dict[str, int] = field(default_factory=dict)


@dataclass
class Avance:
    """Un evento del rastreo: nota_nueva, nota_version, omitida, error, fuente_lista, ..."""

    medio: str
    evento: str
    url: str | None
    motivo: str | None = None


class _Acumulador:
    """Suma los eventos por medio."""

    def __init__(self) -> None:
        self.medios: dict[str, ResumenMedio] = {}
        self.fin: dict[str, Any] | None = None

    def sumar(self, avance: Avance) -> None:
        """Cuenta el evento en su medio (y guarda el motivo de los errores)."""
        resumen = self.medios.setdefault(avance.medio, ResumenMedio(avance.medio))
        campo = CAMPO_DEL_RESUMEN.get(avance.evento)
        if campo is not None:
            setattr(resumen, campo, getattr(resumen, campo) + 1)
        if campo == "errores":
            donde = f" ({avance.url})" if avance.url else ""
            resumen.motivos.append(f"{avance.motivo or 'error'}{donde}")

    def resumen(self, segundos: float) -> ResumenRastreo:
        """Resumen final (exige el evento de fin del hijo)."""
        assert self.fin is not None
        medios = sorted(self.medios.values(), key=lambda m: m.medio)
        return ResumenRastreo(
            medios=medios,
            notas_nuevas=sum(m.nuevas for m in medios),
            errores=sum(m.errores for m in medios),
            bytes_descargados=int(self.fin.get("bytes", 0)),
            peticiones=int(self.fin.get("peticiones", 0)),
            segundos=segundos,
            estadisticas=dict(self.fin.get("estadisticas", {})),
        )


def _comando(medio: str | None, todas: bool, ajustes: Mapping[str, Any] | None) -> list[str]:
    """Línea de comandos del proceso hijo."""
    comando = [sys.executable, "-m", "rastreadores.proceso"]
    if medio is not None:
        comando += ["--medio", medio]
    if todas:
        comando.append("--todas")
    if ajustes:
        comando += ["--ajustes", json.dumps(dict(ajustes))]
    return comando


def _eventos(lineas: Iterable[str]) -> Iterable[dict[str, Any]]:
    """Eventos JSON válidos del hijo (ignora líneas ajenas)."""
    for linea in lineas:
        try:
            datos = json.loads(linea)
        except json.JSONDecodeError:
            log.debug("línea ajena del rastreador: %r", linea)
            continue
        if isinstance(datos, dict):
            yield datos


def _consumir(
    salida: IO[str], acumulador: _Acumulador, al_avanzar: Callable[[Avance], None] | None
) -> None:
    """Lee los eventos del hijo, los acumula y avisa al llamador."""
    for datos in _eventos(salida):
        if datos.get("tipo") == "fin":
            acumulador.fin = datos
            continue
        avance = Avance(
            medio=str(datos.get("medio", "")),
            evento=str(datos.get("evento", "")),
            url=datos.get("url"),
            motivo=datos.get("motivo"),
        )
        acumulador.sumar(avance)
        if al_avanzar is not None:
            al_avanzar(avance)


def _cola(registro: IO[bytes]) -> str:
    """Últimas líneas del registro del hijo."""
    registro.seek(0)
    lineas = registro.read().decode("utf-8", "replace").splitlines()
    return "\n".join(lineas[-LINEAS_DE_REGISTRO:])


def _senal_al_grupo(hijo: subprocess.Popen[str], senal: int) -> None:
    """Manda la señal al grupo del hijo (él y lo que haya lanzado); nada si ya no existe."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(hijo.pid, senal)


def _detener(hijo: subprocess.Popen[str]) -> None:
    """Pide al grupo del hijo que termine con orden; si no lo hace a tiempo, lo mata."""
    _senal_al_grupo(hijo, signal.SIGTERM)
    try:
        hijo.wait(ESPERA_CIERRE_SEGUNDOS)
    except subprocess.TimeoutExpired:
        _senal_al_grupo(hijo, signal.SIGKILL)


def _vigia(hijo: subprocess.Popen[str]) -> threading.Timer | None:
    """Mata al grupo del hijo si pasa del plazo del rastreo más el cierre con orden.

    Scrapy ya cierra sus arañas al vencer CLOSESPIDER_TIMEOUT; esto cubre al hijo que no cierra
    (una descarga colgada, un reactor trabado): el candado nunca queda retenido sin límite.
    """
    plazo = cargar().plazo_rastreo
    if plazo <= 0:
        return None
    vigia = threading.Timer(
        plazo + 2 * ESPERA_CIERRE_SEGUNDOS, _senal_al_grupo, (hijo, signal.SIGKILL)
    )
    vigia.daemon = True
    vigia.start()
    return vigia


def _validar_medio(medio: str | None) -> None:
    """ValueError en español si el medio no existe."""
    if medio is None:
        return
    with sesion() as s:
        if not existe_medio(s, medio):
            raise ValueError(f"No existe el medio «{medio}». Revise el nombre en el padrón.")


def rastrear(
    medio: str | None = None,
    *,
    al_avanzar: Callable[[Avance], None] | None = None,
    todas: bool = False,
    ajustes: Mapping[str, Any] | None = None,
    heredar: Sequence[int] = (),
) -> ResumenRastreo:
    """Rastrea las fuentes vencidas (o todas) en un proceso hijo y devuelve el resumen.

    `heredar`: descriptores que el hijo conserva abiertos, como el del candado de rastreo: así
    el candado sigue tomado mientras el hijo viva, aunque el padre muera antes.
    """
    _validar_medio(medio)
    inicio = time.monotonic()
    acumulador = _Acumulador()
    registro, ruta = abrir_registro(cargar().directorio)
    with registro:
        with subprocess.Popen(
            _comando(medio, todas, ajustes),
            stdout=subprocess.PIPE,
            stderr=registro,
            text=True,
            encoding="utf-8",
            env={**os.environ, VARIABLE_PADRE: str(os.getpid())},
            pass_fds=tuple(heredar),
            # Grupo propio: se detiene (o se mata) al hijo junto con lo que haya lanzado.
            process_group=0,
        ) as hijo:
            assert hijo.stdout is not None
            vigia = _vigia(hijo)
            try:
                _consumir(hijo.stdout, acumulador, al_avanzar)
            except BaseException:
                _detener(hijo)
                raise
            finally:
                if vigia is not None:
                    vigia.cancel()
            codigo = hijo.wait()
        if acumulador.fin is None:
            donde = f" (registro completo: {ruta})" if ruta else ""
            raise RastreoFallido(
                f"El rastreo terminó sin resumen (código {codigo}){donde}. Últimas líneas:\n"
                + _cola(registro)
            )
    if ruta is not None:
        log.info("registro de Scrapy de este rastreo: %s", ruta)
    return acumulador.resumen(time.monotonic() - inicio)
