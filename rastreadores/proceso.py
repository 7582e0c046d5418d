"""Proceso hijo del rastreo: corre las arañas y emite eventos JSON por línea en stdout.

Twisted no se puede reiniciar dentro de un proceso, así que `rastreadores.ejecutar` lanza este
módulo (`python -m rastreadores.proceso`) en cada rastreo.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from scrapy.crawler import Crawler, CrawlerProcess

from datos.config import cargar
from rastreadores.arana.distribuido import RedisInalcanzable, verificar_redis
from rastreadores.arana.items import AVANCE
from rastreadores.arana.settings import ajustes
from rastreadores.arana.spiders import ARANAS
from rastreadores.ejecutar import VARIABLE_PADRE

# prctl(2): el núcleo manda una señal a este proceso cuando muere su padre (Linux).
PR_SET_PDEATHSIG = 1

# Contadores de Scrapy que viajan al padre en el evento final (los propios y los de cortesía).
_ESTADISTICAS_DE_INTERES = ("monitoreo/", "robotstxt/", "retry/", "downloader/response_status")


class Emisor:
    """Escribe cada evento como una línea JSON en el canal reservado para el proceso padre."""

    def __init__(self, canal: TextIO) -> None:
        self.canal = canal
        self.bytes = 0
        self.peticiones = 0
        self.estadisticas: dict[str, int] = {}

    def emitir(self, datos: dict[str, Any]) -> None:
        """Una línea JSON, vaciada de inmediato para que el padre muestre el avance."""
        self.canal.write(json.dumps(datos, ensure_ascii=False, default=str) + "\n")
        self.canal.flush()

    def avance(self, avance: dict[str, Any]) -> None:
        """Manejador de la señal de avance de las arañas."""
        self.emitir({"tipo": "avance", **avance})

    def cerrada(self, crawler: Crawler) -> None:
        """Suma bytes y peticiones de la araña que cerró."""
        stats = crawler.stats
        if stats is not None:
            self.bytes += int(stats.get_value("downloader/response_bytes", 0) or 0)
            self.peticiones += int(stats.get_value("downloader/request_count", 0) or 0)
            for clave, valor in stats.get_stats().items():
                if clave.startswith(_ESTADISTICAS_DE_INTERES) and isinstance(valor, int):
                    self.estadisticas[clave] = self.estadisticas.get(clave, 0) + valor

    def fin(self) -> None:
        """Último evento: totales del rastreo."""
        self.emitir(
            {
                "tipo": "fin",
                "bytes": self.bytes,
                "peticiones": self.peticiones,
                "estadisticas": self.estadisticas,
            }
        )


def _argumentos(argv: Sequence[str] | None) -> argparse.Namespace:
    """Lee --medio, --todas y --ajustes (JSON con ajustes de Scrapy extra)."""
    p = argparse.ArgumentParser(prog="python -m rastreadores.proceso")
    p.add_argument("--medio", default=None)
    p.add_argument("--todas", action="store_true")
    p.add_argument("--ajustes", default="{}")
    return p.parse_args(argv)


def _canal_reservado() -> TextIO:
    """Reserva el stdout original para los eventos y manda cualquier otra salida a stderr."""
    canal = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return canal


def correr(emisor: Emisor, medio: str | None, todas: bool, extra: dict[str, Any]) -> None:
    """Corre todas las arañas juntas en un solo reactor."""
    proceso = CrawlerProcess(ajustes(cargar(), extra))
    crawlers = [proceso.create_crawler(clase) for clase in ARANAS]
    pedidas: set[str] = set()
    for crawler in crawlers:
        crawler.signals.connect(emisor.avance, signal=AVANCE)
        proceso.crawl(crawler, medio=medio, todas=todas, pedidas=pedidas)
    proceso.start()
    for crawler in crawlers:
        emisor.cerrada(crawler)


def morir_con_el_padre() -> None:
    """Pide SIGTERM si el padre muere (kill -9 incluido); si ya murió, termina ahora.

    Sin esto, tras kill -9 o SIGTERM de `monitoreo rastrear` el hijo seguía rastreando sin dueño.
    Se hace aquí y no en preexec_fn porque preexec_fn no es seguro con hilos en el padre.
    """
    padre = os.environ.get(VARIABLE_PADRE, "")
    if not sys.platform.startswith("linux") or not padre.isdigit():
        return
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != int(padre):  # murió antes del prctl: nadie mandaría la señal
        sys.exit(1)


def main(argv: Sequence[str] | None = None) -> int:
    """Punto de entrada del proceso hijo."""
    morir_con_el_padre()
    args = _argumentos(argv)
    emisor = Emisor(_canal_reservado())
    try:
        verificar_redis(cargar().redis)
    except RedisInalcanzable as exc:  # sin evento de fin: el padre lo informa como RastreoFallido
        sys.stderr.write(f"{exc}\n")
        return 1
    correr(emisor, args.medio, args.todas, json.loads(args.ajustes))
    emisor.fin()
    return 0


if __name__ == "__main__":
    sys.exit(main())
