"""Página Reportes (AppTest): generar y descargar síntesis, mensual, por boletín y transparencia."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from datos.config import cargar
from datos.modelos import Bitacora, Medio, Nota, Rol, SintesisDia
from demo.buzon import BuzonLocal, puerto_libre
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests import fabricas
from tests.fabricas import Semilla, en_base, visible

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
PAGINA = "paginas/reportes.py"
# Holgado: la máquina de pruebas es compartida y generar un PDF con gráficas toma segundos.
ESPERA_S = 90
DIRECTORA = UsuarioActivo(1, "directora", Rol.DIRECTORA)


pytestmark = pytest.mark.usefixtures("cache_limpio")


@pytest.fixture
def descargas(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Bytes que cada botón de descarga entregó al almacén de archivos de Streamlit, por URL.

    Envuelve (sin reemplazar) el almacén en memoria que usa AppTest: sólo anota lo que recibe.
    """
    guardados: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def anotar(self: MemoryMediaFileStorage, datos: Any, *args: Any, **kwargs: Any) -> str:
        file_id = original(self, datos, *args, **kwargs)
        if isinstance(datos, bytes):
            guardados[self.get_url(file_id)] = datos
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", anotar)
    return guardados


def _pagina(usuario: UsuarioActivo = DIRECTORA) -> AppTest:
    """Abre el tablero con sesión iniciada y va a Reportes."""
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(usuario)
    at.run()
    at.switch_page(PAGINA).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _descargado(at: AppTest, descargas: dict[str, bytes], etiqueta: str) -> bytes:
    """Los bytes del botón de descarga con esa etiqueta."""
    (boton,) = [b for b in _botones_de_descarga(at) if b.label.startswith(etiqueta)]
    return descargas[boton.proto.url]


def _botones_de_descarga(at: AppTest) -> list[Any]:
    """Botones de descarga visibles (AppTest no los tipa)."""
    return list(at.get("download_button"))


def test_sintesis_pdf_se_genera_y_descarga(semilla: Semilla, descargas: dict[str, bytes]) -> None:
    at = _pagina()
    assert not at.get("download_button")
    at.button(key="reportes_sintesis_generar").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    pdf = _descargado(at, descargas, "Descargar síntesis")
    assert pdf.startswith(b"%PDF")
    # Otra fecha: el archivo generado ya no corresponde y el botón desaparece.
    fecha = at.date_input(key="reportes_sintesis_fecha").value
    assert isinstance(fecha, dt.date)
    at.date_input(key="reportes_sintesis_fecha").set_value(fecha.replace(year=fecha.year - 1)).run()
    assert not [b for b in _botones_de_descarga(at) if b.label.startswith("Descargar síntesis")]


def test_sintesis_excel_y_transparencia(semilla: Semilla, descargas: dict[str, bytes]) -> None:
    at = _pagina()
    at.selectbox(key="reportes_sintesis_formato").set_value("xlsx").run()
    at.button(key="reportes_sintesis_generar").click().run()
    libro = openpyxl.load_workbook(io.BytesIO(_descargado(at, descargas, "Descargar síntesis")))
    assert libro.sheetnames
    at.button(key="reportes_transparencia_generar").click().run()
    assert not at.exception and not at.error
    excel = _descargado(at, descargas, "Descargar Excel de transparencia")
    hoja = openpyxl.load_workbook(io.BytesIO(excel)).active
    assert hoja is not None and hoja.max_row >= 1


@pytest.mark.lento
def test_mensual_y_por_boletin(semilla: Semilla, descargas: dict[str, bytes]) -> None:
    at = _pagina()
    at.button(key="reportes_mensual_generar").click().run()
    assert _descargado(at, descargas, "Descargar reporte mensual").startswith(b"%PDF")
    at.selectbox(key="reportes_boletin").set_value(semilla.boletines["b1"]).run()
    at.button(key="reportes_boletin_generar").click().run()
    assert not at.exception and not at.error
    assert _descargado(at, descargas, "Descargar reporte del boletín").startswith(b"%PDF")


def test_enviar_sin_correo_configurado_explica_que_falta(
    semilla: Semilla, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datos import config

    monkeypatch.delenv("MONITOREO_SMTP_SERVIDOR", raising=False)
    config.recargar()
    at = _pagina()
    at.button(key="reportes_sintesis_enviar").click().run()
    assert not at.exception
    assert "MONITOREO_SMTP_SERVIDOR" in visible(at.error[0].value)


def test_lectura_descarga_pero_no_envia(semilla: Semilla, descargas: dict[str, bytes]) -> None:
    at = _pagina(UsuarioActivo(1, "lector", Rol.LECTURA))
    assert at.button(key="reportes_sintesis_enviar").disabled
    at.button(key="reportes_sintesis_generar").click().run()
    assert _descargado(at, descargas, "Descargar síntesis").startswith(b"%PDF")


def test_sin_boletines_dice_que_hacer(url_bd: str) -> None:
    at = _pagina()
    assert any("registra los de la oficina" in i.value for i in at.info)


def _correo_en(monkeypatch: pytest.MonkeyPatch, puerto: int) -> None:
    """SMTP local sin TLS y dos destinatarios de la síntesis."""
    from datos import config

    monkeypatch.setenv("MONITOREO_SMTP_SERVIDOR", "127.0.0.1")
    monkeypatch.setenv("MONITOREO_SMTP_PUERTO", str(puerto))
    monkeypatch.setenv("MONITOREO_SMTP_TLS", "ninguno")
    monkeypatch.setenv(
        "MONITOREO_SINTESIS_DESTINATARIOS", "directora@tampacan.gob.mx,prensa@tampacan.gob.mx"
    )
    config.recargar()


def test_enviar_por_correo_llega_al_servidor(
    semilla: Semilla, monkeypatch: pytest.MonkeyPatch, smtp_local: tuple[BuzonLocal, int]
) -> None:
    buzon, puerto = smtp_local
    _correo_en(monkeypatch, puerto)
    at = _pagina()
    at.button(key="reportes_sintesis_enviar").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "enviada a 2 destinatarios" in at.success[0].value
    ((destinatarios, mensaje),) = buzon.recibidos
    assert sorted(destinatarios) == ["directora@tampacan.gob.mx", "prensa@tampacan.gob.mx"]
    adjuntos = [p.get_filename() for p in mensaje.iter_attachments()]
    assert adjuntos and str(adjuntos[0]).endswith(".pdf")


def test_servidor_de_correo_caido_se_explica(
    semilla: Semilla, monkeypatch: pytest.MonkeyPatch
) -> None:
    _correo_en(monkeypatch, puerto_libre(0))  # nadie escucha en ese puerto
    at = _pagina()
    at.button(key="reportes_sintesis_enviar").click().run()
    assert not at.exception
    assert visible(at.error[0].value).startswith("No se pudo enviar la síntesis:")


def test_editar_y_enviar_la_version_editada(
    semilla: Semilla,
    sesion: Session,
    monkeypatch: pytest.MonkeyPatch,
    smtp_local: tuple[BuzonLocal, int],
) -> None:
    """Lo que el personal quita no se envía; la nota va en la portada; envío archivado y anotado."""
    zona = ZoneInfo("America/Mexico_City")
    manana = dt.datetime.now(zona).replace(hour=9, minute=0, second=0, microsecond=0)
    sol = sesion.get(Medio, semilla.medios["sol"])
    assert sol is not None
    quitada = fabricas.nota(sesion, sol, "hoy-1", manana, titulo="Nota que no debe salir")
    queda = fabricas.nota(sesion, sol, "hoy-2", manana, titulo="Nota que sí va primero")
    sesion.commit()
    buzon, puerto = smtp_local
    _correo_en(monkeypatch, puerto)
    at = _pagina()
    at.multiselect(key="sintesis_quitar").set_value([quitada.id])
    at.multiselect(key="sintesis_orden").set_value([queda.id])
    at.text_area(key="sintesis_nota").input("Atender la nota del agua.")
    (guardar,) = [b for b in at.button if b.label == "Guardar cambios de la síntesis"]
    guardar.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.button(key="reportes_sintesis_enviar").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    ((_, mensaje),) = buzon.recibidos
    html = mensaje.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "Nota que sí va primero" in html and "Nota que no debe salir" not in html
    assert "Atender la nota del agua." in html
    sesion.expire_all()
    dia = sesion.scalar(select(SintesisDia))
    assert dia is not None and dia.excluidas == [quitada.id] and dia.enviada_en is not None
    assert dia.archivo and (cargar().directorio / dia.archivo).read_bytes().startswith(b"%PDF")
    acciones = [
        (b.accion, b.usuario_nombre) for b in sesion.scalars(select(Bitacora))
        if b.entidad == "sintesis"
    ]  # fmt: skip
    assert acciones == [("editar", "directora"), ("enviar", "directora")]


def test_reclasificar_una_historia(semilla: Semilla, sesion: Session) -> None:
    """El personal pasa una nota a Columnas y opinión; la síntesis la pone ahí."""
    zona = ZoneInfo("America/Mexico_City")
    manana = dt.datetime.now(zona).replace(hour=9, minute=0, second=0, microsecond=0)
    sol = sesion.get(Medio, semilla.medios["sol"])
    assert sol is not None
    columna = fabricas.nota(sesion, sol, "hoy-col", manana, titulo="Sin cintillo ni firma")
    sesion.commit()
    at = _pagina()
    at.selectbox(key="sintesis_reclasificar_historia").set_value(columna.id)
    at.selectbox(key="sintesis_reclasificar_seccion").set_value("Columnas y opinión")
    at.button(key="sintesis_reclasificar").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    sesion.expire_all()
    assert sesion.get(Nota, columna.id).seccion_sintesis == "Columnas y opinión"  # type: ignore[union-attr]
