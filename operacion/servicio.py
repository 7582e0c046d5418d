"""Modo servicio (`monitoreo servicio`): rastreo, análisis, síntesis diaria, respaldo y tablero.

Cada vuelta (una por minuto):

1. Si hay fuentes vencidas, toma el candado de rastreo, rastrea y analiza (con commit). Si otro
   proceso (p. ej. `monitoreo rastrear` a mano) tiene el candado, la vuelta lo omite.
2. A partir de `sintesis_hora` (hora local de la oficina) envía la síntesis **del día anterior**,
   una vez por día. Se eligió el día anterior porque a las 7:30 ya está completo (todas sus notas
   rastreadas y analizadas) y así cada día se envía exactamente una vez; lo publicado de madrugada
   entra en la síntesis de mañana. El día enviado se guarda en `servicio.json` del directorio de
   datos, así que un reinicio no la repite; si el servicio arranca pasada la hora, la envía al
   arrancar.
3. A partir de las 3:00 locales hace el respaldo diario (`respaldos/` del directorio de datos, los
   últimos 7), una vez por día.
4. A partir de las 6:00 locales revisa el portal de transparencia (y avisa los formatos vencidos),
   una vez por día.
5. Con página y token de Facebook configurados, publica en cada vuelta las publicaciones que la
   directora aprobó y cuya hora ya llegó (nunca una sin aprobar); si Graph falla de forma
   pasajera, lo reintenta a los 15 minutos.

Un error en un paso se registra y el servicio sigue; un paso fallido (correo caído, disco lleno) se
reintenta a los 15 minutos. SIGTERM o SIGINT terminan el paso en curso, detienen al tablero, sueltan
los candados y salen con código 0 (una segunda señal interrumpe de inmediato).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy.orm import Session

from datos.config import Configuracion
from operacion.candado import CandadoOcupado, candado_rastreo, tomados

log = logging.getLogger(__name__)

# Las fuentes más frecuentes piden 15–60 min; revisar cada minuto basta y casi no cuesta.
INTERVALO_SEGUNDOS = 60.0
# Tras un paso fallido (SMTP caído, disco lleno) se reintenta cada 15 min, no en cada vuelta.
REINTENTO = dt.timedelta(minutes=15)
# Madrugada: nadie captura y el rastreo nocturno es ligero.
HORA_RESPALDO = dt.time(3, 0)
CONSERVAR_RESPALDOS = 7
# Los formatos del portal cambian a lo más una vez al mes: una revisión diaria antes de la jornada.
HORA_PORTAL = dt.time(6, 0)
# Capturas de pantalla por vuelta: Chromium tarda ~1 s por nota; el resto queda para la siguiente.
LIMITE_CAPTURAS = 50
# Huellas (pHash) de imágenes de notas por vuelta: una descarga pequeña por imagen.
LIMITE_HUELLAS = 50
# Mientras espera la siguiente vuelta revisa así de seguido si hay señal o si el tablero murió.
PAUSA_SEGUNDOS = 0.5
REVISION_TABLERO_SEGUNDOS = 5.0
# Streamlit cierra en 1–2 s; si no lo hace en este tiempo se le mata.
ESPERA_TABLERO_SEGUNDOS = 10.0
# Un tablero que muere antes de un minuto falla al arrancar: los reinicios se espacian (el doble
# cada vez, hasta 5 min) para no llenar el registro; uno que vivió más se reinicia de inmediato.
TABLERO_ESTABLE_SEGUNDOS = 60.0
PAUSA_TABLERO_MAXIMA = 300.0
# Recordatorios a las dependencias al empezar la jornada de la oficina.
HORA_RECORDATORIOS = dt.time(8, 0)
# El buzón oficial se revisa cada 5 min: una respuesta de un medio no espera, y IMAP casi no cuesta.
INTERVALO_BUZON = dt.timedelta(minutes=5)
ARCHIVO_ESTADO = "servicio.json"
CANDADO_SERVICIO = "servicio.candado"


def _reloj_utc() -> dt.datetime:
    """Momento actual en UTC."""
    return dt.datetime.now(dt.UTC)


def hora_de_sintesis(texto: str) -> dt.time:
    """«07:30» → time(7, 30); ValueError en español si no es HH:MM."""
    try:
        return dt.time.fromisoformat(texto.strip())
    except ValueError as exc:
        raise ValueError(
            f"MONITOREO_SINTESIS_HORA debe tener la forma HH:MM (p. ej. 07:30): {texto!r}"
        ) from exc


class Servicio:
    """Planificador de rastreo, análisis, síntesis, respaldo y tablero."""

    def __init__(
        self,
        config: Configuracion,
        *,
        puerto_tablero: int | None = None,
        ahora: Callable[[], dt.datetime] | None = None,
        carpeta_respaldos: Path | None = None,
        intervalo: float = INTERVALO_SEGUNDOS,
    ) -> None:
        """Prepara el servicio; no arranca nada hasta `correr`."""
        self.config = config
        self.puerto_tablero = puerto_tablero
        self.ahora = ahora or _reloj_utc
        self.carpeta_respaldos = carpeta_respaldos or config.directorio / "respaldos"
        self.intervalo = intervalo
        self.hora_sintesis = hora_de_sintesis(config.sintesis_hora)
        self.detenido = False
        self._tablero: subprocess.Popen[bytes] | None = None
        self._arranque_tablero = self._siguiente_tablero = 0.0
        self._pausa_tablero = REVISION_TABLERO_SEGUNDOS
        self._reintentos: dict[str, dt.datetime] = {}
        self._avisos: dict[str, dt.date] = {}

    # --- ciclo de vida ---------------------------------------------------------------------------

    def correr(self, *, una_vuelta: bool = False) -> None:
        """Vueltas hasta `detener()`, SIGTERM o SIGINT (o una sola si se pide; sin tablero)."""
        self._exigir_base()
        self.detenido = False
        with self._exclusivo(), self._senales():
            log.info("servicio iniciado (datos en %s)", self.config.directorio)
            try:
                if not una_vuelta:
                    self._arrancar_tablero()
                while not self.detenido:
                    self.vuelta()
                    if una_vuelta:
                        break
                    self._esperar()
            finally:
                self._detener_tablero()
        log.info("servicio detenido")

    def _exigir_base(self) -> None:
        """ValueError en español si la base no tiene el esquema (en vez de fallar cada minuto)."""
        from datos.migraciones import esta_inicializada
        from datos.sesion import motor_por_url

        if not esta_inicializada(motor_por_url(self.config.url_bd)):
            raise ValueError(
                "La base de datos no está inicializada: ejecute «monitoreo inicializar»."
            )

    def _sesion(self) -> AbstractContextManager[Session]:
        """Sesión con commit sobre la base de la configuración del servicio."""
        from datos.sesion import motor_por_url, sesion

        return sesion(motor_por_url(self.config.url_bd))

    def detener(self) -> None:
        """Pide terminar al acabar el paso en curso."""
        self.detenido = True

    def vuelta(self) -> None:
        """Una vuelta: rastreo y análisis, síntesis, respaldo; un error no detiene las demás."""
        pasos = (
            ("rastreo", self.rastrear_si_toca),
            ("buzón", self.buzon_si_toca),
            ("síntesis", self.sintesis_si_toca),
            ("respaldo", self.respaldo_si_toca),
            ("atención ciudadana", self.ciudadania_si_toca),
            ("portal", self.portal_si_toca),
            ("Facebook", self.facebook_si_toca),
        )
        for nombre, paso in pasos:
            if self.detenido:
                return
            self._paso(nombre, paso)
        self._paso("estado", lambda: self._guardar_estado(ultima_vuelta=self.ahora().isoformat()))
        log.debug("vuelta terminada; la siguiente en %.0f s", self.intervalo)

    def _paso(self, nombre: str, paso: Callable[[], object]) -> None:
        """Corre un paso y registra su error sin propagarlo."""
        try:
            paso()
        except Exception:
            log.exception("falló el paso de %s; el servicio sigue", nombre)

    @contextmanager
    def _exclusivo(self) -> Iterator[None]:
        """Un solo servicio por directorio de datos."""
        ruta = self.config.directorio / CANDADO_SERVICIO
        try:
            with candado_rastreo(ruta=ruta):
                yield
        except CandadoOcupado as exc:
            raise RuntimeError(
                f"Ya hay un servicio corriendo con {self.config.directorio} (proceso {exc.pid})."
            ) from exc

    @contextmanager
    def _senales(self) -> Iterator[None]:
        """SIGTERM/SIGINT piden detenerse (sólo se pueden instalar en el hilo principal)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        anteriores = {
            s: signal.signal(s, self._al_recibir) for s in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            yield
        finally:
            for numero, manejador in anteriores.items():
                signal.signal(numero, manejador)

    def _al_recibir(self, numero: int, _marco: FrameType | None) -> None:
        """Primera señal: terminar con orden; segunda: interrumpir ya."""
        nombre = signal.Signals(numero).name
        if self.detenido:
            log.warning("%s otra vez: se interrumpe el paso en curso", nombre)
            raise KeyboardInterrupt
        log.info("%s recibida: se termina el paso en curso y se detiene el servicio", nombre)
        self.detenido = True

    def _esperar(self) -> None:
        """Espera la siguiente vuelta atento a señales y al tablero."""
        limite = time.monotonic() + self.intervalo
        revision = time.monotonic() + REVISION_TABLERO_SEGUNDOS
        while not self.detenido and time.monotonic() < limite:
            time.sleep(min(PAUSA_SEGUNDOS, max(limite - time.monotonic(), 0)))
            if time.monotonic() >= revision:
                self._vigilar_tablero()
                revision = time.monotonic() + REVISION_TABLERO_SEGUNDOS

    # --- pasos -----------------------------------------------------------------------------------

    def rastrear_si_toca(self) -> bool:
        """Si hay fuentes vencidas, rastrea y analiza con el candado; True si lo hizo."""
        from datos.repositorio.fuentes import fuentes_vencidas

        with self._sesion() as s:
            vencidas = len(fuentes_vencidas(s, self.ahora()))
        if not vencidas:
            return False
        try:
            with candado_rastreo():
                log.info("rastreo de %d fuentes vencidas", vencidas)
                self._paso("rastreo", self._rastrear)
                if not self.detenido:
                    self._paso("análisis", self._analizar)
                if not self.detenido:
                    self._paso("capturas de pantalla", self._capturar)
                    self._paso("huellas de imágenes", self._huellas)
                    self._paso("alertas", self._alertar)
        except CandadoOcupado as exc:
            log.info("rastreo omitido en esta vuelta: %s", exc)
            return False
        return True

    def _rastrear(self) -> None:
        """Rastrea en el proceso hijo y registra el resumen."""
        from rastreadores.ejecutar import rastrear

        r = rastrear(heredar=tomados())
        log.info(
            "rastreo terminado: %d notas nuevas, %d errores, %d peticiones en %.1f s",
            r.notas_nuevas,
            r.errores,
            r.peticiones,
            r.segundos,
        )
        for medio in r.medios:
            for motivo in medio.motivos:
                log.warning("error de rastreo en %s: %s", medio.medio, motivo)

    def _analizar(self) -> None:
        """Analiza lo pendiente y confirma."""
        from analisis.lote import analizar
        from oficina.convenios import clasificar_notas

        with self._sesion() as s:
            resumen = analizar(s)
            pagadas, ganadas = clasificar_notas(s)
        log.info("análisis terminado: %s; pagadas %d, ganadas %d", resumen, pagadas, ganadas)

    def _capturar(self) -> None:
        """PNG de las notas que retoman un boletín o mencionan al Ayuntamiento (si hay Chromium)."""
        from rastreadores.testigos_pantalla import capturar_pendientes

        with self._sesion() as s:
            n = capturar_pendientes(s, limite=LIMITE_CAPTURAS)
        log.info("capturas de pantalla guardadas: %d", n)

    def _huellas(self) -> None:
        """pHash de las imágenes de las notas relevantes."""
        from rastreadores.huellas_imagenes import huellas_pendientes

        with self._sesion() as s:
            n = huellas_pendientes(s, limite=LIMITE_HUELLAS)
        log.info("huellas de imágenes guardadas: %d", n)

    def _alertar(self) -> None:
        """Correo con las notas negativas nuevas de alto alcance."""
        from oficina.alertas import enviar_alertas

        with self._sesion() as s:
            n = enviar_alertas(s, self.config, ahora=self.ahora())
        if n:
            log.info("alerta enviada por %d nota(s) negativa(s)", n)

    def buzon_si_toca(self) -> bool:
        """Revisa el buzón oficial cada INTERVALO_BUZON si está configurado; True si lo hizo."""
        from datos.sesion import fabrica, motor_por_url
        from oficina.buzon.ingreso import revisar

        if not self.config.imap.configurado or not self._toca_intentar("buzón"):
            return False
        self._reintentos["buzón"] = self.ahora() + INTERVALO_BUZON
        resumen = revisar(fabrica(motor_por_url(self.config.url_bd)), self.config)
        log.info("buzón revisado: %s", resumen.texto())
        return True

    def ciudadania_si_toca(self) -> bool:
        """Una vez al día: borra contactos vencidos y recuerda a las dependencias lo pendiente."""
        from datos.repositorio.solicitudes import borrar_datos_vencidos
        from oficina.ciudadania import enviar_recordatorios

        local = self.ahora().astimezone(self.config.zona)
        hoy = local.date()
        if local.time() < HORA_RECORDATORIOS or self._estado().get("ciudadania") == hoy.isoformat():
            return False
        with self._sesion() as s:
            borradas = borrar_datos_vencidos(s, self.ahora())
        recordadas = 0
        if self.config.smtp.configurado:
            with self._sesion() as s:
                recordadas = enviar_recordatorios(s, self.config, hoy)
        self._guardar_estado(ciudadania=hoy.isoformat())
        log.info(
            "atención ciudadana: %d contactos borrados, %d recordatorios", borradas, recordadas
        )
        return True

    def sintesis_si_toca(self) -> bool:
        """Pasada la hora de la síntesis, envía la del día anterior una vez al día."""
        local = self.ahora().astimezone(self.config.zona)
        hoy = local.date()
        if local.time() < self.hora_sintesis or self._estado().get("sintesis") == hoy.isoformat():
            return False
        if not (self.config.smtp.configurado and self.config.sintesis_destinatarios):
            self._avisar_una_vez("correo", hoy, "síntesis sin enviar: falta SMTP o destinatarios")
            return False
        if not self._toca_intentar("síntesis"):
            return False
        fecha = hoy - dt.timedelta(days=1)
        with self._reintentar_si_falla("síntesis"):
            enviados = self._enviar_sintesis(fecha)
        self._guardar_estado(sintesis=hoy.isoformat(), sintesis_fecha=fecha.isoformat())
        log.info("síntesis del %s enviada a %d destinatarios", fecha.isoformat(), enviados)
        return True

    def _enviar_sintesis(self, fecha: dt.date) -> int:
        """Arma y envía la síntesis del día dado."""
        from oficina.sintesis import enviar_sintesis

        with self._sesion() as s:
            return enviar_sintesis(s, fecha, self.config)

    def respaldo_si_toca(self) -> bool:
        """Pasadas las 3:00, hace el respaldo diario una vez al día."""
        from operacion.respaldo import respaldo_diario

        local = self.ahora().astimezone(self.config.zona)
        hoy = local.date()
        if local.time() < HORA_RESPALDO or self._estado().get("respaldo") == hoy.isoformat():
            return False
        if not self._toca_intentar("respaldo"):
            return False
        with self._reintentar_si_falla("respaldo"):
            ruta = respaldo_diario(self.carpeta_respaldos, CONSERVAR_RESPALDOS, fecha=hoy)
        self._guardar_estado(respaldo=hoy.isoformat())
        log.info("respaldo diario listo: %s", ruta)
        return True

    def portal_si_toca(self) -> bool:
        """Pasadas las 6:00, revisa el portal de transparencia una vez al día."""
        from datos.sesion import fabrica
        from oficina.portal import revisar_portal

        local = self.ahora().astimezone(self.config.zona)
        hoy = local.date()
        if local.time() < HORA_PORTAL or self._estado().get("portal") == hoy.isoformat():
            return False
        if not self._toca_intentar("portal"):
            return False
        with self._reintentar_si_falla("portal"):
            resumen = revisar_portal(fabrica(), self.config, ahora=self.ahora())
        self._guardar_estado(portal=hoy.isoformat())
        log.info("portal revisado: %d formato(s)", len(resumen.formatos))
        return True

    def facebook_si_toca(self) -> bool:
        """Publica las aprobadas vencidas si hay token; True si intentó publicar algo."""
        from datos.sesion import fabrica, motor_por_url
        from oficina.facebook import publicar

        if not self.config.facebook.configurado or not self._toca_intentar("facebook"):
            return False
        resumen = publicar(
            fabrica(motor_por_url(self.config.url_bd)), self.config, momento=self.ahora()
        )
        if resumen.pendientes:
            self._reintentos["facebook"] = self.ahora() + REINTENTO
        hubo = resumen.publicadas or resumen.fallidas or resumen.pendientes
        if hubo:
            log.info(
                "Facebook: %d publicada(s), %d fallida(s), %d pendiente(s)",
                len(resumen.publicadas),
                len(resumen.fallidas),
                len(resumen.pendientes),
            )
        return bool(hubo)

    def _toca_intentar(self, paso: str) -> bool:
        """No hay un reintento pendiente para el paso."""
        siguiente = self._reintentos.get(paso)
        return siguiente is None or self.ahora() >= siguiente

    @contextmanager
    def _reintentar_si_falla(self, paso: str) -> Iterator[None]:
        """Si el bloque falla, el paso espera REINTENTO antes de volver a intentarse."""
        try:
            yield
        except Exception:
            self._reintentos[paso] = self.ahora() + REINTENTO
            raise
        self._reintentos.pop(paso, None)

    def _avisar_una_vez(self, clave: str, hoy: dt.date, mensaje: str) -> None:
        """Registra un aviso sólo una vez al día."""
        if self._avisos.get(clave) != hoy:
            self._avisos[clave] = hoy
            log.warning(mensaje)

    # --- estado ----------------------------------------------------------------------------------

    @property
    def ruta_estado(self) -> Path:
        """Archivo con lo que ya se hizo cada día."""
        return self.config.directorio / ARCHIVO_ESTADO

    def _estado(self) -> dict[str, Any]:
        """Estado guardado ({} si no hay o está dañado)."""
        try:
            datos = json.loads(self.ruta_estado.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("estado del servicio ilegible en %s; se empieza de cero", self.ruta_estado)
            return {}
        return datos if isinstance(datos, dict) else {}

    def _guardar_estado(self, **cambios: str) -> None:
        """Actualiza el estado de forma atómica (temporal y renombrado)."""
        datos = self._estado() | cambios
        self.ruta_estado.parent.mkdir(parents=True, exist_ok=True)
        temporal = self.ruta_estado.with_name(f".{ARCHIVO_ESTADO}.{os.getpid()}.tmp")
        temporal.write_text(json.dumps(datos, indent=2) + "\n", encoding="utf-8")
        os.replace(temporal, self.ruta_estado)

    # --- tablero ---------------------------------------------------------------------------------

    @property
    def pid_tablero(self) -> int | None:
        """PID del proceso del tablero si está corriendo."""
        if self._tablero is None or self._tablero.poll() is not None:
            return None
        return self._tablero.pid

    def _arrancar_tablero(self) -> None:
        """Lanza `streamlit run tablero/app.py` como proceso hijo."""
        if self.puerto_tablero is None:
            return
        from operacion.trabajos import comando_streamlit

        self._tablero = subprocess.Popen(
            comando_streamlit(self.puerto_tablero), env=os.environ.copy()
        )
        self._arranque_tablero = time.monotonic()
        log.info(
            "tablero iniciado en el puerto %d (pid %d)", self.puerto_tablero, self._tablero.pid
        )

    def _vigilar_tablero(self) -> None:
        """Reinicia el tablero si murió."""
        if self._tablero is None or self.detenido:
            return
        codigo = self._tablero.poll()
        if codigo is None or time.monotonic() < self._siguiente_tablero:
            return
        if time.monotonic() - self._arranque_tablero < TABLERO_ESTABLE_SEGUNDOS:
            # Muere al arrancar (puerto ocupado, error de código): no reintentar en ráfaga.
            self._pausa_tablero = min(self._pausa_tablero * 2, PAUSA_TABLERO_MAXIMA)
        else:
            self._pausa_tablero = REVISION_TABLERO_SEGUNDOS
        self._siguiente_tablero = time.monotonic() + self._pausa_tablero
        log.warning("el tablero terminó (código %s); se reinicia", codigo)
        self._arrancar_tablero()

    def _detener_tablero(self) -> None:
        """Pide al tablero que cierre; lo mata si no lo hace a tiempo."""
        hijo, self._tablero = self._tablero, None
        if hijo is None or hijo.poll() is not None:
            return
        hijo.terminate()
        try:
            hijo.wait(ESPERA_TABLERO_SEGUNDOS)
        except subprocess.TimeoutExpired:
            hijo.kill()
            hijo.wait()
        log.info("tablero detenido")


def servir(
    config: Configuracion,
    *,
    puerto_tablero: int | None = None,
    una_vuelta: bool = False,
    ahora: Callable[[], dt.datetime] | None = None,
) -> None:
    """Corre el servicio hasta SIGTERM/SIGINT (o una sola vuelta, sin tablero)."""
    Servicio(config, puerto_tablero=puerto_tablero, ahora=ahora).correr(una_vuelta=una_vuelta)
