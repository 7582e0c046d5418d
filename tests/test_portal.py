"""Vigilancia del portal de transparencia con un servidor HTTP real, SQLite real y SMTP real.

El servidor sirve formatos SIPOT en Excel (uno al día, uno vencido, uno por vencer), un CSV sin
fechas y sin Last-Modified, una página con sólo Last-Modified y una ruta prohibida por robots.txt;
responde 304 a una petición condicional con el mismo ETag y anota cada petición.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from analisis.vigencia import (
    EstadoVigencia,
    Periodicidad,
    fin_de_periodo,
    periodo_publicable,
    vigencia,
)
from datos.config import Configuracion, Smtp, cargar
from datos.consultas.estado import conteos
from datos.consultas.portal import formatos_atrasados, formatos_portal
from datos.modelos import Bitacora, Rol
from datos.repositorio.portal import FormatoInvalido, agregar_formato
from datos.sesion import fabrica
from demo.buzon import BuzonLocal, puerto_libre
from demo.portal import cargar_portal, escribir_portal
from demo.servidor import ServidorDemo, ServidorHTTP, en_hilo
from demo.sitios import MANIFIESTO
from oficina.portal import ResumenPortal, revisar_portal
from operacion.servicio import Servicio
from rastreadores.formatos_portal import FormatoIlegible, leer_fechas
from reportes.mensual import generar_mensual
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests.fabricas import en_base
from tests.test_cli import correr
from tests.test_fechas_interfaz import _celdas_al_reves
from tests.test_reportes import _texto_pdf

# Jueves 3 de diciembre de 2026, mediodía en Tampacán.
AHORA = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)
DESTINATARIOS = ("directora@tampacan.gob.mx",)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ETIQUETAS_SIPOT = [
    "Ejercicio",
    "Fecha de inicio del periodo que se informa",
    "Fecha de término del periodo que se informa",
    "Tipo de medio (catálogo)",
    "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información",
    "Fecha de validación",
    "Fecha de actualización",
    "Nota",
]


def formato_sipot(periodos: list[tuple[dt.date, dt.date]], actualizado: dt.date | None) -> bytes:
    """Excel como los del SIPOT: 6 filas de encabezado, etiquetas y un registro por periodo."""
    libro = Workbook()
    hoja = libro.active
    assert hoja is not None
    hoja.title = "Informacion"
    hoja.append(["39211"])
    hoja.append(["TITULO", "NOMBRE CORTO", "DESCRIPCION"])
    hoja.append(["Gastos de publicidad oficial", "LTAIPSLP84XXIXB", "Erogación de los recursos"])
    hoja.append(["1", "4", "4", "9", "2", "4", "4", "2"])
    hoja.append(["505", "506", "507", "508", "509", "510", "511", "512"])
    hoja.append(["Tabla Campos"])
    hoja.append(ETIQUETAS_SIPOT)
    for inicio, fin in periodos:
        hoja.append([fin.year, inicio, f"{fin:%d/%m/%Y}", "Radio", "Comunicación Social", fin,
                     actualizado, ""])  # fmt: skip
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


@dataclass
class Recurso:
    """Lo que sirve una ruta: cuerpo, tipo y Last-Modified (None: no se manda)."""

    cuerpo: bytes
    tipo: str
    modificado: dt.datetime | None = None
    redirige: str | None = None


@dataclass
class Portal:
    """Estado del servidor de prueba: recursos por ruta y peticiones recibidas."""

    recursos: dict[str, Recurso] = field(default_factory=dict)
    peticiones: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    candado: threading.Lock = field(default_factory=threading.Lock)

    def condicionales(self, ruta: str) -> list[str | None]:
        """If-None-Match de cada petición a la ruta."""
        return [h.get("If-None-Match") for r, h in self.peticiones if r == ruta]


def _manejador(portal: Portal) -> type[BaseHTTPRequestHandler]:
    """Manejador que sirve `portal.recursos` con ETag, 304 y robots.txt."""

    class Manejador(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Silencioso."""

        def do_GET(self) -> None:
            with portal.candado:
                portal.peticiones.append((self.path, dict(self.headers.items())))
            if self.path == "/robots.txt":
                self._responder(200, b"User-agent: *\nDisallow: /privado/\n", "text/plain", {})
                return
            recurso = portal.recursos.get(self.path)
            if recurso is None:
                self._responder(404, b"no", "text/plain", {})
                return
            if recurso.redirige:
                self._responder(302, b"", "text/plain", {"Location": recurso.redirige})
                return
            etag = '"' + hashlib.sha256(recurso.cuerpo).hexdigest()[:16] + '"'
            cabeceras = {"ETag": etag}
            if recurso.modificado is not None:
                cabeceras["Last-Modified"] = format_datetime(recurso.modificado, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self._responder(304, b"", "", cabeceras)
                return
            self._responder(200, recurso.cuerpo, recurso.tipo, cabeceras)

        def _responder(self, codigo: int, cuerpo: bytes, tipo: str, extra: dict[str, str]) -> None:
            self.send_response(codigo)
            for nombre, valor in extra.items():
                self.send_header(nombre, valor)
            if codigo != 304:
                self.send_header("Content-Type", tipo)
                self.send_header("Content-Length", str(len(cuerpo)))
            self.end_headers()
            self.wfile.write(cuerpo)

    return Manejador


def _recursos() -> dict[str, Recurso]:
    """Un formato de cada caso."""
    d = dt.date
    modificado = dt.datetime(2026, 2, 10, 16, 0, tzinfo=dt.UTC)
    return {
        "/formatos/xxix_b.xlsx": Recurso(
            formato_sipot(
                [(d(2026, 4, 1), d(2026, 6, 30)), (d(2026, 7, 1), d(2026, 9, 30))], d(2026, 10, 20)
            ),
            XLSX,
            modificado,
        ),
        "/formatos/xxix_c.xlsx": Recurso(
            formato_sipot([(d(2026, 1, 1), d(2026, 3, 31))], d(2026, 4, 15)), XLSX
        ),
        "/formatos/nomina.xlsx": Recurso(
            formato_sipot([(d(2026, 10, 1), d(2026, 10, 31))], None), XLSX
        ),
        "/formatos/directorio.csv": Recurso(
            "Nombre;Cargo\nAna López;Directora\n".encode(), "text/csv; charset=utf-8"
        ),
        "/normatividad.html": Recurso(
            b"<!doctype html><html><body><h1>Marco normativo</h1></body></html>",
            "text/html; charset=utf-8",
            modificado,
        ),
        "/privado/formato.xlsx": Recurso(b"x", XLSX),
    }


@pytest.fixture
def portal() -> Iterator[tuple[Portal, str]]:
    """Servidor del portal en 127.0.0.1 con los recursos de `_recursos`."""
    estado = Portal(_recursos())
    with en_hilo(ServidorHTTP(("127.0.0.1", 0), _manejador(estado))) as servidor:
        yield estado, f"http://127.0.0.1:{servidor.server_address[1]}"


def _config(puerto: int) -> Configuracion:
    """Configuración con SMTP local y sin retraso de cortesía."""
    smtp = Smtp(servidor="127.0.0.1", puerto=puerto, tls="ninguno")
    return dataclasses.replace(
        cargar(), smtp=smtp, sintesis_destinatarios=DESTINATARIOS, retraso_descarga=0.0
    )


CASOS = [
    ("/formatos/xxix_b.xlsx", "XXIX", "trimestral"),
    ("/formatos/xxix_c.xlsx", "XXIX", "trimestral"),
    ("/formatos/nomina.xlsx", "VIII", "mensual"),
    ("/formatos/directorio.csv", "VII", "trimestral"),
    ("/normatividad.html", "I", "anual"),
    ("/privado/formato.xlsx", "XLV", "semestral"),
]


def _sembrar(s: Session, base: str) -> str:
    """Registra los casos y uno en un puerto sin servidor; devuelve la URL inalcanzable."""
    for ruta, fraccion, periodo in CASOS:
        agregar_formato(s, url=base + ruta, fraccion=fraccion, periodo=periodo, usuario="ana")
    agregar_formato(
        s,
        url="http://portal-tampacan.invalid/f.xlsx",
        fraccion="XX",
        periodo="anual",
        usuario="ana",
    )
    inalcanzable = f"http://127.0.0.1:{puerto_libre()}/formato.xlsx"
    agregar_formato(s, url=inalcanzable, fraccion="XXI", periodo="trimestral", usuario="ana")
    s.commit()
    return inalcanzable


def _por_url(resumen: ResumenPortal) -> dict[str, tuple[EstadoVigencia, str, bool]]:
    """Estado, motivo y ¿sin cambios? por URL."""
    return {r.url: (r.estado, r.motivo, r.sin_cambios) for r in resumen.formatos}


def test_estados_304_inalcanzable_y_alerta_una_vez(
    portal: tuple[Portal, str],
    sesion: Session,
    motor: Engine,
    smtp_local: tuple[BuzonLocal, int],
) -> None:
    """Al día, vencido, por vencer, sin fechas, cabeceras, robots, inalcanzable; 304; alerta."""
    servidor, base = portal
    buzon, puerto = smtp_local
    inalcanzable = _sembrar(sesion, base)
    primero = revisar_portal(fabrica(motor), _config(puerto), ahora=AHORA)
    r = _por_url(primero)

    assert r[base + "/formatos/xxix_b.xlsx"][0] is EstadoVigencia.AL_DIA
    assert "cubre hasta el 30/09/2026" in r[base + "/formatos/xxix_b.xlsx"][1]
    vencido = r[base + "/formatos/xxix_c.xlsx"]
    assert vencido[0] is EstadoVigencia.VENCIDO and "venció el 30/07/2026" in vencido[1]
    por_vencer = r[base + "/formatos/nomina.xlsx"]
    assert por_vencer[0] is EstadoVigencia.POR_VENCER and "vence el 30/12/2026" in por_vencer[1]
    sin_fechas = r[base + "/formatos/directorio.csv"]
    assert sin_fechas[0] is EstadoVigencia.SIN_FECHAS and "Last-Modified" in sin_fechas[1]
    # Sin fechas en la página, la cabecera Last-Modified (10/02/2026) dice que cubre 2025.
    assert r[base + "/normatividad.html"][0] is EstadoVigencia.AL_DIA
    assert "cubre hasta el 31/12/2025" in r[base + "/normatividad.html"][1]
    assert r[base + "/privado/formato.xlsx"][:2] == (
        EstadoVigencia.ERROR,
        "no se pudo revisar: prohibido por robots.txt del portal",
    )
    assert r[inalcanzable][0] is EstadoVigencia.ERROR
    assert "rechazó la conexión" in r[inalcanzable][1]
    sin_dns = r["http://portal-tampacan.invalid/f.xlsx"]
    assert sin_dns[0] is EstadoVigencia.ERROR
    assert sin_dns[1] == (
        "no se pudo revisar: no se pudo resolver el nombre del sitio «portal-tampacan.invalid» "
        "(no existe o no hay DNS)"
    )
    assert not any(x[2] for x in r.values())
    assert all("/privado/" not in ruta for ruta, _ in servidor.peticiones)
    agentes = {h.get("User-Agent", "") for _, h in servidor.peticiones}
    assert len(agentes) == 1 and "mailto:" in agentes.pop()

    assert primero.alertados == 1
    [(_, mensaje)] = buzon.recibidos
    assert mensaje["Subject"] == "Portal de transparencia: 1 formato vencido"
    assert "xxix_c.xlsx" in mensaje.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    segundo = revisar_portal(fabrica(motor), _config(puerto), ahora=AHORA)
    r2 = _por_url(segundo)
    ruta = "/formatos/xxix_b.xlsx"
    assert servidor.condicionales(ruta)[0] is None and servidor.condicionales(ruta)[1]
    assert r2[base + ruta][0] is EstadoVigencia.AL_DIA and r2[base + ruta][2] is True
    assert "sin cambios" in r2[base + ruta][1] and "cubre hasta el 30/09/2026" in r2[base + ruta][1]
    assert r2[base + "/formatos/xxix_c.xlsx"][0] is EstadoVigencia.VENCIDO
    assert segundo.alertados == 0 and len(buzon.recibidos) == 1

    sesion.expire_all()
    atrasados = formatos_atrasados(sesion)
    assert list(atrasados["url"]) == [base + "/formatos/xxix_c.xlsx"]
    assert conteos(sesion)["portal"] == 8


def test_el_archivo_se_actualiza_y_deja_de_estar_vencido(
    portal: tuple[Portal, str], sesion: Session, motor: Engine, smtp_local: tuple[BuzonLocal, int]
) -> None:
    """Tras publicar el trimestre que faltaba, el ETag cambia, se descarga y queda al día."""
    servidor, base = portal
    ruta = "/formatos/xxix_c.xlsx"
    agregar_formato(sesion, url=base + ruta, fraccion="XXIX", periodo="trimestral", usuario="ana")
    sesion.commit()
    config = _config(smtp_local[1])
    assert revisar_portal(fabrica(motor), config, ahora=AHORA).formatos[0].estado == "vencido"
    d = dt.date
    servidor.recursos[ruta] = Recurso(
        formato_sipot([(d(2026, 7, 1), d(2026, 9, 30))], d(2026, 10, 28)), XLSX
    )
    [despues] = revisar_portal(fabrica(motor), config, ahora=AHORA).formatos
    assert despues.estado is EstadoVigencia.AL_DIA and despues.sin_cambios is False


def test_vigencia_por_periodicidad() -> None:
    """Fin de periodo de calendario, lo publicable a una fecha y los tres estados."""
    d = dt.date
    assert fin_de_periodo(d(2026, 5, 3), Periodicidad.TRIMESTRAL) == d(2026, 6, 30)
    assert fin_de_periodo(d(2026, 2, 3), Periodicidad.MENSUAL) == d(2026, 2, 28)
    assert fin_de_periodo(d(2026, 7, 1), Periodicidad.SEMESTRAL) == d(2026, 12, 31)
    assert periodo_publicable(d(2026, 10, 20), Periodicidad.TRIMESTRAL) == d(2026, 9, 30)
    assert periodo_publicable(d(2026, 12, 31), Periodicidad.ANUAL) == d(2026, 12, 31)
    fin = d(2026, 9, 30)
    assert vigencia(fin, Periodicidad.TRIMESTRAL, d(2026, 12, 31)).estado == "al_dia"
    assert vigencia(fin, Periodicidad.TRIMESTRAL, d(2027, 1, 30)).estado == "por_vencer"
    assert vigencia(fin, Periodicidad.TRIMESTRAL, d(2027, 1, 31)).estado == "vencido"


def test_archivos_raros_no_revientan() -> None:
    """Un .xlsx dañado, un .xls viejo y un binario dan un motivo; un CSV con fechas se lee."""
    with pytest.raises(FormatoIlegible, match="dañado"):
        leer_fechas(b"PK\x03\x04basura", XLSX, "http://x/f.xlsx")
    with pytest.raises(FormatoIlegible, match="97-2003"):
        leer_fechas(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "application/vnd.ms-excel", "http://x/f.xls")
    with pytest.raises(FormatoIlegible, match="dañado"):
        leer_fechas(_xlsx_con_hoja_rota(), XLSX, "http://x/f.xlsx")
    pagina = "<!doctype html><p>Fecha de actualización: 15/10/2026</p>".encode()
    assert leer_fechas(pagina, "text/html", "http://x/").actualizado == dt.date(2026, 10, 15)
    with pytest.raises(FormatoIlegible, match="no reconocido"):
        leer_fechas(b"\x00\x01", "application/octet-stream", "http://x/f")
    csv = (
        "Ejercicio,Fecha de inicio del periodo que se informa,"
        "Fecha de término del periodo que se informa,Fecha de actualización\n"
        "2026,01/07/2026,30/09/2026,15/10/2026\n2026,01/04/2026,30/06/2026,15/07/2026\n"
    ).encode("cp1252")
    fechas = leer_fechas(csv, "text/csv", "http://x/f.csv")
    assert (fechas.inicio, fechas.fin, fechas.actualizado) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 15),
    )


def test_alta_invalida(sesion: Session) -> None:
    """Periodicidad desconocida y URL repetida se rechazan con el motivo."""
    with pytest.raises(FormatoInvalido, match="trimestral"):
        agregar_formato(
            sesion, url="http://a.example/f.xlsx", fraccion="I", periodo="bienal", usuario="ana"
        )
    agregar_formato(
        sesion, url="http://a.example/f.xlsx", fraccion="I", periodo="Anual", usuario="ana"
    )
    with pytest.raises(FormatoInvalido, match="ya está registrado"):
        agregar_formato(
            sesion, url="http://a.example/f.xlsx", fraccion="I", periodo="anual", usuario="ana"
        )


@pytest.mark.lento
def test_cli_agregar_listar_revisar(portal: tuple[Portal, str], tmp_path: Path) -> None:
    """`monitoreo portal agregar|listar|revisar --json` y `estado --json` con la clave portal."""
    _, base = portal
    datos = tmp_path / "cli"
    entorno = {"MONITOREO_HOSTS_PERMITIDOS": "127.0.0.0/8", "MONITOREO_RETRASO_MS": "0"}
    url = base + "/formatos/xxix_c.xlsx"
    args = ["portal", "agregar", "--url", url, "--fraccion", "XXIX", "--periodo", "trimestral"]
    assert correr(args, datos, **entorno).returncode == 0
    malo = correr([*args[:-1], "quincenal"], datos, **entorno)
    assert malo.returncode == 2 and "periodicidad «quincenal» no válida" in malo.stderr
    otra = correr(["portal", "desactivar", "--url", base + "/otra.xlsx"], datos, **entorno)
    assert otra.returncode == 2 and "no hay un formato registrado" in otra.stderr
    interna = ["portal", "agregar", "--url", "http://169.254.169.254/f.xlsx", "--fraccion", "I"]
    rechazada = correr([*interna, "--periodo", "anual"], datos, **entorno)
    assert rechazada.returncode == 2 and "URL rechazada" in rechazada.stderr
    revisado = correr(["portal", "revisar", "--json"], datos, **entorno)
    assert revisado.returncode == 0, revisado.stderr
    [formato] = json.loads(revisado.stdout)["formatos"]
    assert formato["estado"] == "vencido" and formato["url"] == url
    listado = json.loads(correr(["portal", "listar", "--json"], datos, **entorno).stdout)
    assert listado["formatos"][0]["periodo_fin"] == "2026-03-31"
    estado = json.loads(correr(["estado", "--json"], datos, **entorno).stdout)
    assert estado["portal"] == 1


APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
PAGINA = "paginas/portal.py"


def _abrir(rol: Rol) -> AppTest:
    """El tablero con sesión iniciada en la página del portal."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, f"usuario_{rol.value}", rol))
    at.run()
    at.switch_page(PAGINA).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _boton(at: AppTest, etiqueta: str) -> Any:
    """El botón con esa etiqueta."""
    return next(b for b in at.button if b.label == etiqueta)


@pytest.mark.lento
def test_pagina_revisa_agrega_y_respeta_lectura(
    portal: tuple[Portal, str], sesion: Session, cache_limpio: None
) -> None:
    """La directora revisa y ve el vencido arriba, agrega un formato; lectura sólo mira."""
    _, base = portal
    agregar_formato(
        sesion,
        url=base + "/formatos/xxix_c.xlsx",
        fraccion="XXIX",
        periodo="trimestral",
        usuario="ana",
    )
    agregar_formato(
        sesion,
        url=base + "/formatos/xxix_b.xlsx",
        fraccion="XXIX",
        periodo="trimestral",
        usuario="ana",
    )
    sesion.commit()
    at = _abrir(Rol.DIRECTORA)
    assert at.title[0].value == "Portal de transparencia"
    _boton(at, "Revisar ahora").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Se revisaron 2 formato(s)" in at.success[0].value
    tabla = at.dataframe[0].value
    assert list(tabla["Estado"]) == ["vencido", "al día"]
    assert tabla["Periodo que cubre"].iloc[0] == "01/01/2026 – 31/03/2026"
    assert [m.value for m in at.metric][:3] == ["1", "0", "1"]
    assert _celdas_al_reves(tabla) == []  # fechas DD/MM/AAAA, como todo el tablero

    at.text_input(key="portal_alta_url").input(base + "/formatos/nomina.xlsx")
    at.text_input(key="portal_alta_fraccion").input("VIII")
    at.selectbox(key="portal_alta_periodo").select("mensual")
    _boton(at, "Agregar formato").click().run()
    assert "fracción VIII agregado" in at.success[0].value
    assert "sin revisar" in list(at.dataframe[0].value["Estado"])

    at.selectbox(key="portal_vigilar").select(base + "/formatos/xxix_c.xlsx").run()
    _boton(at, "Dejar de revisar").click().run()
    assert "Dejar de revisar: XXIX" in at.success[0].value
    assert at.metric[0].value == "0"  # el vencido ya no cuenta en el semáforo
    assert sorted(at.dataframe[0].value["Se revisa"]) == ["No", "Sí", "Sí"]
    sesion.expire_all()
    assert sesion.scalar(select(func.count()).select_from(Bitacora)) == 4  # 3 altas y 1 cambio

    lectura = _abrir(Rol.LECTURA)
    etiquetas = [b.label for b in lectura.button]
    assert "Revisar ahora" not in etiquetas and "Agregar formato" not in etiquetas
    assert len(lectura.dataframe[0].value) == 3


def test_reporte_mensual_lista_los_atrasados(
    portal: tuple[Portal, str], sesion: Session, motor: Engine, tmp_path: Path
) -> None:
    """La sección del reporte mensual nombra el formato vencido y su fecha límite."""
    _, base = portal
    sin_atrasos = _texto_pdf(generar_mensual(sesion, 2026, 11, tmp_path / "antes.pdf"))
    assert "Ningún formato del portal está vencido" in sin_atrasos
    for ruta in ("/formatos/xxix_c.xlsx", "/formatos/xxix_b.xlsx"):
        agregar_formato(
            sesion,
            url=base + ruta,
            fraccion="XXIX",
            periodo="trimestral",
            usuario="ana",
            nombre=ruta[10:17],
        )
    sesion.commit()
    revisar_portal(fabrica(motor), dataclasses.replace(cargar(), retraso_descarga=0.0), ahora=AHORA)
    sesion.expire_all()
    texto = _texto_pdf(generar_mensual(sesion, 2026, 11, tmp_path / "m.pdf"))
    assert "Portal de transparencia: formatos atrasados" in texto
    assert "xxix_c" in texto and "30/07/2026" in texto and "31/03/2026" in texto
    assert "xxix_b" not in texto


def test_portal_de_la_demo_tiene_un_formato_vencido(
    sesion: Session, motor: Engine, tmp_path: Path
) -> None:
    """El servidor de la demo sirve el portal; la revisión da un vencido, y recargar no duplica."""
    hoy = AHORA.date()
    carpeta = tmp_path / "sitios"
    carpeta.mkdir()
    (carpeta / MANIFIESTO).write_text("{}", "utf-8")
    escribir_portal(carpeta, hoy)
    config = dataclasses.replace(cargar(), retraso_descarga=0.0)
    with ServidorDemo(carpeta) as servidor:
        assert servidor.url_portal is not None and servidor.urls == {}
        cargar_portal(sesion, servidor.url_portal)
        cargar_portal(sesion, servidor.url_portal)
        sesion.commit()
        resumen = revisar_portal(fabrica(motor), config, ahora=AHORA)
    estados = {r.url.rsplit("/", 1)[1]: r.estado for r in resumen.formatos}
    assert estados == {
        "LTAIPSLP84XXIXB.xlsx": EstadoVigencia.AL_DIA,
        "LTAIPSLP84XXIXC.xlsx": EstadoVigencia.VENCIDO,
        "directorio.csv": EstadoVigencia.AL_DIA,
    }
    sesion.expire_all()
    tabla = formatos_portal(sesion).set_index("nombre")
    assert tabla["origen_fechas"].str.startswith("cabeceras").sum() == 1
    assert str(tabla["periodo_fin"].filter(like="XXIXC").iloc[0]) == "2026-03-31"


def test_el_servicio_revisa_el_portal_una_vez_al_dia(
    portal: tuple[Portal, str], sesion: Session, smtp_local: tuple[BuzonLocal, int]
) -> None:
    """Pasadas las 6:00 el servicio revisa el portal; en el mismo día no repite; antes no revisa."""
    servidor, base = portal
    agregar_formato(
        sesion, url=base + "/formatos/xxix_c.xlsx", fraccion="XXIX", periodo="anual", usuario="ana"
    )
    sesion.commit()
    madrugada = AHORA.replace(hour=10)  # 4:00 en Tampacán
    config = _config(smtp_local[1])
    assert Servicio(config, ahora=lambda: madrugada).portal_si_toca() is False
    servicio = Servicio(config, ahora=lambda: AHORA)
    assert servicio.portal_si_toca() is True
    assert servicio.portal_si_toca() is False
    assert len(servidor.condicionales("/formatos/xxix_c.xlsx")) == 1
    sesion.expire_all()
    [formato] = formatos_portal(sesion).itertuples()
    # Anual: cubre hasta el 31/03/2026; el año en curso cierra el 31/12/2026 (+30 días).
    assert formato.estado == "al_dia" and formato.limite == dt.date(2027, 1, 30)


def _xlsx_con_hoja_rota() -> bytes:
    """Un .xlsx que abre como zip pero con el XML de la hoja cortado a la mitad."""
    bueno = formato_sipot([(dt.date(2026, 1, 1), dt.date(2026, 3, 31))], None)
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bueno)) as origen, zipfile.ZipFile(salida, "w") as destino:
        for info in origen.infolist():
            datos = origen.read(info.filename)
            if "worksheets/sheet" in info.filename:
                datos = datos[: len(datos) // 2]
            destino.writestr(info, datos)
    return salida.getvalue()


def test_redireccion_interna_excel_roto_y_archivo_que_pierde_sus_fechas(
    portal: tuple[Portal, str], sesion: Session, motor: Engine
) -> None:
    """Redirección a metadatos: rechazada; hoja rota: sin fechas; 404; un 200 sin fechas borra."""
    servidor, base = portal
    servidor.recursos["/redirige.xlsx"] = Recurso(
        b"", XLSX, redirige="http://169.254.169.254/latest/meta-data/"
    )
    servidor.recursos["/roto.xlsx"] = Recurso(_xlsx_con_hoja_rota(), XLSX)
    for ruta in ("/redirige.xlsx", "/roto.xlsx", "/formatos/xxix_b.xlsx", "/no-existe.xlsx"):
        agregar_formato(sesion, url=base + ruta, fraccion="I", periodo="trimestral", usuario="ana")
    sesion.commit()
    config = dataclasses.replace(cargar(), retraso_descarga=0.0)
    r = _por_url(revisar_portal(fabrica(motor), config, ahora=AHORA))
    assert r[base + "/redirige.xlsx"][0] is EstadoVigencia.ERROR
    assert "URL rechazada" in r[base + "/redirige.xlsx"][1]
    assert "metadatos" in r[base + "/redirige.xlsx"][1]
    assert r[base + "/roto.xlsx"][0] is EstadoVigencia.SIN_FECHAS
    assert r[base + "/roto.xlsx"][1].startswith("el Excel está dañado")
    assert r[base + "/formatos/xxix_b.xlsx"][0] is EstadoVigencia.AL_DIA
    assert (
        r[base + "/no-existe.xlsx"][1]
        == "no se pudo revisar: el servidor respondió 404 (no encontrado)"
    )

    servidor.recursos["/formatos/xxix_b.xlsx"] = Recurso(b"Nombre\nAna\n", "text/csv")
    r = _por_url(revisar_portal(fabrica(motor), config, ahora=AHORA))
    assert r[base + "/formatos/xxix_b.xlsx"][0] is EstadoVigencia.SIN_FECHAS
    sesion.expire_all()
    fila = formatos_portal(sesion).set_index("url").loc[base + "/formatos/xxix_b.xlsx"]
    assert fila["periodo_fin"] is None and fila["limite"] is None
