"""`monitoreo demo`: mundo de ejemplo servido en localhost, rastreo real, análisis y tablero."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from datos import config
from operacion.salida import ErrorDeUsuario, consola

MARCA = ".monitoreo-demo"
# Lo que la CLI crea en la carpeta de datos antes de que la demo decida nada.
IGNORABLES = frozenset({"monitoreo.log"})
TEXTO_MARCA = "Carpeta de la demostración de monitoreo: se reconstruye en cada corrida.\n"
# Lo que la demo reconstruye en cada corrida; el resto del directorio no se toca.
RECONSTRUIBLE = ("monitoreo.sqlite3", "monitoreo.sqlite3-wal", "monitoreo.sqlite3-shm")
CARPETAS = ("testigos", "sitios", "recursos", "modelos", "correo")
# Cuentas de la demostración (sólo existen en la base de demo; se imprimen en el resumen).
USUARIOS_DEMO = (("directora", "directora"), ("personal", "personal"), ("consulta", "lectura"))
CONTRASENA_DEMO = "tampacan-demo-2026"
# Capturas PNG en la demo: suficientes para verlas en el tablero sin alargar la espera.
CAPTURAS_DEMO = 20
# Quien recibe la síntesis diaria en la demo (llega al buzón local, nunca sale de la máquina).
DESTINATARIOS_SINTESIS = "direccion.comunicacion@tampacan.gob.mx"
# Boletines recientes y próximos eventos cuyo correo la demo manda de verdad al buzón local.
BOLETINES_POR_CORREO = 3
EVENTOS_POR_CORREO = 2


def directorio_demo() -> Path:
    """MONITOREO_DATOS si está definido; si no, una carpeta aparte que nunca es la real."""
    propio = os.environ.get("MONITOREO_DATOS")
    if propio:
        return Path(propio).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "monitoreo-demo"


def preparar_directorio(carpeta: Path) -> None:
    """Vacía lo reconstruible sólo si la demo creó la carpeta; si no, se niega sin tocar nada."""
    motivo = motivo_para_no_tocar(carpeta, os.environ.get("MONITOREO_BD", ""))
    if motivo:
        raise ErrorDeUsuario(motivo)
    carpeta.mkdir(parents=True, exist_ok=True)
    # La marca se escribe antes de crear nada: la carpeta vacía ya es de la demo.
    (carpeta / MARCA).write_text(TEXTO_MARCA)
    for nombre in RECONSTRUIBLE:
        (carpeta / nombre).unlink(missing_ok=True)
    for nombre in CARPETAS:
        shutil.rmtree(carpeta / nombre, ignore_errors=True)


def motivo_para_no_tocar(carpeta: Path, url_bd: str) -> str | None:
    """Por qué la demo no puede usar la carpeta (None si es suya o está vacía)."""
    propia = f"sqlite:///{carpeta / RECONSTRUIBLE[0]}"
    if url_bd and url_bd != propia:
        return (
            "MONITOREO_BD apunta a otra base; la demo usa su propia base SQLite: "
            "quite MONITOREO_BD o use otra terminal para la demo"
        )
    if not carpeta.exists() or _es_de_demo(carpeta) or _vacia(carpeta):
        return None
    return (
        f"{carpeta} tiene datos que no creó la demostración; "
        "use una carpeta vacía en MONITOREO_DATOS para la demo"
    )


def _vacia(carpeta: Path) -> bool:
    """Sin nada más que el registro que la CLI abre al arrancar."""
    return all(p.name in IGNORABLES for p in carpeta.iterdir())


def _es_de_demo(carpeta: Path) -> bool:
    """La marca existe y la escribió la demo."""
    marca = carpeta / MARCA
    return marca.is_file() and marca.read_text(errors="replace") == TEXTO_MARCA


def configurar_entorno(carpeta: Path) -> None:
    """Apunta la configuración (y la del proceso rastreador) a la carpeta de demostración."""
    os.environ["MONITOREO_DATOS"] = str(carpeta)
    os.environ["MONITOREO_BD"] = f"sqlite:///{carpeta / RECONSTRUIBLE[0]}"
    os.environ["MONITOREO_HOSTS_PERMITIDOS"] = "127.0.0.0/8"
    # Los medios de ejemplo están en esta misma máquina: sin retraso de cortesía.
    os.environ.setdefault("MONITOREO_RETRASO_MS", "0")
    # El mundo abarca tres meses: el primer rastreo toma todo el sitemap.
    os.environ["MONITOREO_ANTIGUEDAD_DIAS"] = "100"
    from demo.institucion import INSTITUCION_DEMO

    os.environ.update(INSTITUCION_DEMO)
    config.recargar()


def configurar_correo(puerto: int) -> None:
    """Apunta el SMTP (de este proceso y del tablero hijo) al buzón local de la demo."""
    os.environ["MONITOREO_SMTP_SERVIDOR"] = "127.0.0.1"
    os.environ["MONITOREO_SMTP_PUERTO"] = str(puerto)
    os.environ["MONITOREO_SMTP_TLS"] = "ninguno"
    os.environ["MONITOREO_SMTP_USUARIO"] = ""
    os.environ["MONITOREO_SINTESIS_DESTINATARIOS"] = DESTINATARIOS_SINTESIS
    config.recargar()


def cargar_mundo(mundo: Any, urls: dict[str, str], url_portal: str | None = None) -> None:
    """Crea la base y carga medios, fuentes, boletines, agenda, convenios y fotos del mundo."""
    from datos.repositorio.usuarios import crear_usuario
    from datos.sesion import sesion
    from demo.banco import subir_fotos
    from demo.bandeja import sembrar_dependencias
    from demo.campanas import cargar_campana
    from demo.cargar import cargar
    from demo.facebook import cargar_facebook
    from demo.portal import cargar_portal
    from operacion.base_datos import base_lista

    with sesion(base_lista()) as s:
        cargar(s, mundo, urls)
        if url_portal is not None:
            cargar_portal(s, url_portal)
        for nombre, rol in USUARIOS_DEMO:
            crear_usuario(s, nombre, rol, CONTRASENA_DEMO, autor="demo")
        subir_fotos(s, mundo)
        sembrar_dependencias(s)
        cargar_campana(s, mundo.hoy)
        cargar_facebook(s, mundo.hoy)


def ligar_inserciones_demo() -> None:
    """Liga las páginas impresas rastreadas a las inserciones y captura la portada del banner."""
    from datos.sesion import sesion
    from demo.campanas import banner_por_capturar, ligar_inserciones
    from operacion.base_datos import base_lista
    from rastreadores.testigos_pantalla import CapturaFallida, capturar_banner

    with sesion(base_lista()) as s:
        ligar_inserciones(s)
        pendiente = banner_por_capturar(s)
    if pendiente is None:
        return
    try:
        with sesion(base_lista()) as s:
            capturar_banner(s, *pendiente, usuario="demo")
    except CapturaFallida as exc:
        # Sin Chromium la demo sigue: el banner queda pendiente de comprobar.
        consola.print(f"Banner de la campaña sin captura: {exc}")


def enviar_correo_demo() -> int:
    """Manda al buzón local los boletines más recientes e invitaciones a los próximos eventos."""
    from datos.sesion import fabrica, sesion
    from demo.cargar import reabrir_envios_recientes
    from oficina.distribucion import enviar_boletin, enviar_invitaciones
    from operacion.base_datos import base_lista

    motor = base_lista()
    with sesion(motor) as s:
        boletines, eventos = reabrir_envios_recientes(s, BOLETINES_POR_CORREO, EVENTOS_POR_CORREO)
    smtp = config.cargar().smtp
    enviados = 0
    for boletin_id, medios in boletines.items():
        enviados += enviar_boletin(fabrica(motor), boletin_id, medios, smtp, "demo").enviados
    for evento_id, medios in eventos.items():
        enviados += enviar_invitaciones(fabrica(motor), evento_id, medios, smtp, "demo").enviados
    return enviados


def buzon_de_entrada(pila: ExitStack, hoy: dt.date) -> str:
    """Llena el buzón oficial (Dovecot si está) y lo revisa una vez; cómo se leyó."""
    from datos.sesion import fabrica, sesion
    from demo.bandeja import correos_entrantes
    from demo.imap import ServidorImap, dovecot_disponible
    from oficina.buzon.imap import CorreoCrudo
    from oficina.buzon.ingreso import ingresar_todos, revisar
    from operacion.base_datos import base_lista

    motor = base_lista()
    with sesion(motor) as s:
        crudos = correos_entrantes(s, hoy)
    motivo = dovecot_disponible()
    if motivo:
        # Sin Dovecot se ingresa lo mismo sin servidor: el tablero no podrá «Revisar ahora».
        mensajes = [CorreoCrudo("demo", None, k, c) for k, c in enumerate(crudos, start=1)]
        ingresar_todos(fabrica(motor), mensajes, config.cargar())
        return f"{motivo}; se leyó sin servidor IMAP"
    servidor = pila.enter_context(ServidorImap())
    for crudo in crudos:
        servidor.entregar(crudo)
    configurar_imap(servidor.servidor, servidor.puerto, servidor.usuario, servidor.contrasena)
    revisar(fabrica(motor), config.cargar())
    return f"Dovecot en {servidor.servidor}:{servidor.puerto}"


def configurar_imap(servidor: str, puerto: int, usuario: str, contrasena: str) -> None:
    """Apunta el buzón (de este proceso y del tablero hijo) al Dovecot local de la demo."""
    os.environ["MONITOREO_IMAP_SERVIDOR"] = servidor
    os.environ["MONITOREO_IMAP_PUERTO"] = str(puerto)
    os.environ["MONITOREO_IMAP_USUARIO"] = usuario
    os.environ["MONITOREO_IMAP_CONTRASENA"] = contrasena
    os.environ["MONITOREO_IMAP_TLS"] = "ninguno"
    config.recargar()


def atencion_ciudadana(hoy: dt.date) -> None:
    """Solicitudes de ejemplo y dos creadas desde notas críticas (tras el análisis)."""
    from datos.sesion import sesion
    from demo.ciudadania import desde_notas_criticas, sembrar_solicitudes
    from operacion.base_datos import base_lista

    with sesion(base_lista()) as s:
        sembrar_solicitudes(s, hoy)
        desde_notas_criticas(s)


def revisar_portal_demo() -> int:
    """Revisa una vez los formatos del portal de demostración; devuelve cuántos están vencidos."""
    from analisis.vigencia import EstadoVigencia
    from datos.modelos import ahora
    from datos.sesion import fabrica
    from oficina.portal import revisar_portal
    from operacion.base_datos import base_lista

    resumen = revisar_portal(fabrica(base_lista()), config.cargar(), ahora=ahora())
    return sum(r.estado is EstadoVigencia.VENCIDO for r in resumen.formatos)


def imprimir_resumen(conteos: dict[str, Any], carpeta: Path, buzon: Path | None = None) -> None:
    """Resumen corto de lo que quedó en la base de demostración."""
    retomas = conteos["retomas"]
    tabla = Table(title="Demostración lista", show_header=False)
    tabla.add_row("Medios", str(conteos["medios"]))
    tabla.add_row("Boletines", str(conteos["boletines"]))
    tabla.add_row("Notas recolectadas", str(conteos["notas"]))
    tabla.add_row(
        "Retomas",
        f"{sum(retomas.values())} (íntegras {retomas['integra']}, parciales "
        f"{retomas['parcial']}, reescritas {retomas['reescrita']})",
    )
    tabla.add_row("Notas con mención sin boletín", str(conteos["menciones"]))
    tabla.add_row("Eventos / invitaciones", f"{conteos['eventos']} / {conteos['invitaciones']}")
    tabla.add_row("Convenios", str(conteos["convenios"]))
    tabla.add_row("Campañas / órdenes", f"{conteos['campanas']} / {conteos['ordenes']}")
    tabla.add_row("Fotos en el banco de medios", str(conteos["recursos"]))
    tabla.add_row("Correos del buzón oficial", str(conteos["correos"]))
    tabla.add_row("Solicitudes ciudadanas", str(conteos["solicitudes"]))
    if buzon is not None:
        mensajes = len(list(buzon.glob("*.eml")))
        tabla.add_row("Correo enviado (buzón local)", f"{buzon}, {mensajes} mensajes")
    tabla.add_row("Datos", str(carpeta))
    cuentas = ", ".join(nombre for nombre, _ in USUARIOS_DEMO)
    tabla.add_row("Acceso al tablero", f"usuarios {cuentas}; contraseña {CONTRASENA_DEMO}")
    consola.print(tabla)


def conteos_actuales() -> dict[str, Any]:
    """Conteos de la base de demostración."""
    from datos.consultas.estado import conteos
    from datos.sesion import sesion

    with sesion() as s:
        return conteos(s)


def demo(
    sin_tablero: Annotated[
        bool, typer.Option("--sin-tablero", help="Imprime el resumen y termina.")
    ] = False,
    puerto: Annotated[int, typer.Option("--puerto", help="Puerto HTTP del tablero.")] = 8501,
) -> None:
    """Base de demostración: sirve medios de ejemplo, los rastrea, analiza y abre el tablero."""
    from demo.buzon import BuzonLocal
    from demo.mundo import construir
    from demo.servidor import ServidorDemo
    from demo.sitios import escribir_sitios
    from operacion.trabajos import ejecutar_analisis, ejecutar_rastreo, servir_tablero

    carpeta = directorio_demo()
    preparar_directorio(carpeta)
    configurar_entorno(carpeta)
    hoy = dt.datetime.now(config.cargar().zona).date()
    consola.print(f"Construyendo el mundo de demostración al {hoy:%d/%m/%Y} en {carpeta}")
    mundo = construir(hoy)
    escribir_sitios(mundo, carpeta / "sitios")
    with (
        ExitStack() as pila,
        ServidorDemo(carpeta / "sitios") as servidor,
        BuzonLocal(carpeta / "correo") as buzon,
    ):
        configurar_correo(buzon.puerto)
        cargar_mundo(mundo, servidor.urls, servidor.url_portal)
        enviar_correo_demo()
        consola.print(f"Buzón oficial: {buzon_de_entrada(pila, hoy)}")
        ejecutar_rastreo(None, todas=True)
        ligar_inserciones_demo()
        ejecutar_analisis(capturas=CAPTURAS_DEMO)
        atencion_ciudadana(hoy)

        vencidos = revisar_portal_demo()
        imprimir_resumen(conteos_actuales(), carpeta, buzon.carpeta)
        consola.print(f"Portal de transparencia revisado: {vencidos} formato(s) vencido(s).")
        if not sin_tablero:
            raise typer.Exit(servir_tablero(puerto))
