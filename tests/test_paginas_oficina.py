"""Páginas de la oficina con AppTest: agenda, redacción y envío, banco, convenios y bitácora."""

from __future__ import annotations

import datetime as dt
import io
import socket
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import streamlit as st
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos import config
from datos.modelos import (
    Ambito,
    Bitacora,
    Boletin,
    Contacto,
    EstadoBoletin,
    EstadoEvento,
    Evento,
    Medio,
    Nota,
    Recurso,
    Rol,
    TipoCaptura,
    TipoMedio,
    TipoTestigo,
    Usuario,
)
from datos.modelos import notas as modelos_notas
from datos.repositorio.agenda import crear_evento, invitar
from datos.repositorio.boletines import (
    adjuntar_recursos,
    aprobar,
    crear_boletin,
    editar_boletin,
    enviar_a_revision,
    marcar_enviado,
    version,
)
from datos.repositorio.convenios import crear_convenio
from datos.repositorio.recursos import RecursoInvalido, borrar_recurso, subir_recurso
from datos.testigos import guardar_testigo
from demo.buzon import BuzonLocal
from tablero import app
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests.fabricas import en_base

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
AGENDA = "paginas/agenda.py"
REDACCION = "paginas/redaccion.py"
BANCO = "paginas/banco.py"
CONVENIOS = "paginas/convenios.py"
BITACORA = "paginas/bitacora.py"
PAGINAS = [AGENDA, REDACCION, BANCO, CONVENIOS, BITACORA]
# Holgado: la máquina de pruebas es compartida y el primer render importa Altair y pandas.
ESPERA_S = 60
MX = ZoneInfo("America/Mexico_City")
NOMBRES = {Rol.DIRECTORA: "ana", Rol.PERSONAL: "beto", Rol.LECTURA: "lucia"}
TITULAR_PELIGROSO = "<script>alert('x')</script> Inaugura la clínica"


@pytest.fixture(autouse=True)
def _cache_limpio() -> Iterator[None]:
    """Cada prueba empieza sin resultados cacheados."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _usuarios(s: Session) -> None:
    """Directora, personal y lectura (sin argon2: aquí no se prueba el acceso)."""
    s.add_all([Usuario(nombre=n, rol=r, hash_contrasena="-") for r, n in NOMBRES.items()])
    s.flush()


@pytest.fixture
def usuarios(sesion: Session) -> None:
    """Base con los tres usuarios confirmados."""
    _usuarios(sesion)
    sesion.commit()


def _foto(color: tuple[int, int, int] = (200, 30, 40), lado: int = 64) -> bytes:
    """Una foto JPEG pequeña."""
    salida = io.BytesIO()
    Image.new("RGB", (lado, lado), color).save(salida, "JPEG")
    return salida.getvalue()


def _medio(s: Session, nombre: str, correo: str) -> Medio:
    """Medio con un contacto que recibe boletines e invitaciones."""
    medio = Medio(nombre=nombre, tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL, audiencia=1000)
    medio.contactos.append(Contacto(nombre=f"Redacción {nombre}", correo=correo))
    s.add(medio)
    s.flush()
    return medio


def _boletin(s: Session, titular: str = "Inaugura la presidenta la clínica") -> Boletin:
    """Boletín en borrador escrito por el personal."""
    return crear_boletin(
        s,
        titular=titular,
        entradilla="La presidenta municipal inauguró la clínica de salud.",
        cuerpo="La clínica atenderá a 3,000 personas.\n\nTendrá servicio las 24 horas.",
        usuario="beto",
        fecha_emision=dt.datetime.now(MX),
        area="Dirección de Salud",
    )


def _aprobado(s: Session, titular: str = "Inaugura la presidenta la clínica") -> Boletin:
    """Boletín aprobado por la directora."""
    b = _boletin(s, titular)
    enviar_a_revision(s, b.id, "beto")
    aprobar(s, b.id, "ana", version(b))
    return b


@pytest.fixture
def datos(sesion: Session) -> dict[str, int]:
    """Base con medios, un evento con invitación, boletines, una foto, un convenio y una nota."""
    _usuarios(sesion)
    sol = _medio(sesion, "El Sol de la Huasteca", "redaccion@sol.example")
    pulso = _medio(sesion, "Pulso SLP", "mesa@pulso.example")
    evento = crear_evento(
        sesion,
        titulo="Inauguración de la clínica",
        inicio=dt.datetime.now(MX).replace(hour=10, minute=0, second=0, microsecond=0),
        usuario="ana",
        tipo="inauguración",
        lugar="Cabecera municipal",
    )
    invitar(sesion, evento.id, [sol.id], "ana")
    aprobado = _aprobado(sesion, TITULAR_PELIGROSO)
    borrador = _boletin(sesion, "Campaña de vacunación")
    recurso = subir_recurso(sesion, "clinica.jpg", _foto(), usuario="ana", etiquetas=["salud"])
    hoy = dt.datetime.now(MX).date()
    convenio = crear_convenio(
        sesion,
        medio_id=sol.id,
        numero="CS-001/2026",
        concepto="Difusión de obras",
        vigencia_inicio=hoy.replace(day=1),
        vigencia_fin=hoy.replace(day=1) + dt.timedelta(days=27),
        usuario="ana",
        monto_total="11600",
        notas_mes=4,
    )
    sesion.add(
        Nota(
            medio_id=sol.id,
            url_canonica="https://sol.example/clinica",
            url_original="https://sol.example/clinica",
            titulo="Abre la clínica de Tampacán",
            texto="La presidenta inauguró la clínica.",
            fecha_publicacion=dt.datetime.combine(hoy.replace(day=1), dt.time(12), MX),
            tipo_captura=TipoCaptura.RSS,
            hash_contenido="h1",
            convenio_id=convenio.id,
        )
    )
    sesion.commit()
    return {
        "sol": sol.id,
        "pulso": pulso.id,
        "evento": evento.id,
        "aprobado": aprobado.id,
        "borrador": borrador.id,
        "recurso": recurso.id,
        "convenio": convenio.id,
    }


def _abrir(ruta: str, rol: Rol = Rol.DIRECTORA) -> AppTest:
    """Abre el tablero con sesión iniciada y cambia a la página."""
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(UsuarioActivo(1, NOMBRES[rol], rol))
    at.run()
    at.switch_page(ruta).run()
    _sin_excepcion(at)
    return at


def _sin_excepcion(at: AppTest) -> None:
    """Ninguna excepción en la ejecución."""
    assert not at.exception, [e.value for e in at.exception]


def _botones(at: AppTest) -> list[str]:
    """Etiquetas de todos los botones visibles."""
    return [b.label for b in at.button]


def _textos(at: AppTest) -> str:
    """Texto de tablas, avisos y pies de la página."""
    partes = [t.value.to_string() for t in at.dataframe]
    for elementos in (at.info, at.success, at.error, at.caption):
        partes += [str(e.value) for e in elementos]
    return "\n".join(partes)


@pytest.mark.parametrize("ruta", PAGINAS)
def test_paginas_abren_con_base_vacia(url_bd: str, ruta: str) -> None:
    at = _abrir(ruta)
    assert at.title[0].value
    assert not at.error
    assert at.info, "una página vacía dice qué hacer"


@pytest.mark.parametrize("ruta", PAGINAS)
def test_paginas_abren_con_datos(datos: dict[str, int], ruta: str) -> None:
    at = _abrir(ruta)
    assert not at.error
    assert at.dataframe


def test_menu_de_personal_no_tiene_bitacora() -> None:
    personal = UsuarioActivo(2, "beto", Rol.PERSONAL)
    directora = UsuarioActivo(1, "ana", Rol.DIRECTORA)
    assert BITACORA not in [p.archivo for p in app.visibles(app.PAGINAS, personal)]
    assert BITACORA in [p.archivo for p in app.visibles(app.PAGINAS, directora)]
    grupos = app.secciones(app.visibles(app.PAGINAS, personal))
    assert "Administración" not in grupos and "Oficina" in grupos


def test_bitacora_la_ve_la_directora_y_no_el_personal(datos: dict[str, int]) -> None:
    at = _abrir(BITACORA)
    tabla = at.dataframe[0].value
    assert {"Creó", "Modificó"} <= set(tabla["Acción"])
    # En palabras, no en JSON ni con claves internas.
    cambios = " ".join(tabla["Qué cambió"])
    assert "cambió el estado de en revisión a aprobado" in cambios
    assert "guardó el archivo con su huella de integridad" in cambios
    at.multiselect(key="bitacora_usuarios").set_value(["beto"]).run()
    assert set(at.dataframe[0].value["Quién"]) == {"beto"}
    assert not at.json, "el detalle ya no es JSON crudo"
    assert any(m.value.startswith("- ") for m in at.markdown), "el detalle va en frases"
    directa = AppTest.from_file(str(Path(APP).parent / BITACORA), default_timeout=ESPERA_S)
    directa.session_state[CLAVE_SESION] = UsuarioActivo(2, "beto", Rol.PERSONAL)
    directa.run()
    assert "Sólo la directora" in directa.error[0].value
    assert not directa.dataframe


def test_crear_evento_por_formulario(usuarios: None, sesion: Session) -> None:
    at = _abrir(AGENDA, Rol.PERSONAL)
    at.selectbox(key="agenda_nuevo_tipo").set_value("inauguración").run()
    at.checkbox(key="agenda_nuevo_presidenta").check().run()
    assert any("Prioridad sugerida: **5**" in c.value for c in at.caption)
    at.text_input(key="agenda_nuevo_titulo").input("Arranque de la obra del puente")
    at.text_input(key="agenda_nuevo_lugar").input("Tampacán")
    at.button(key="agenda_guardar").click().run()
    _sin_excepcion(at)
    assert "guardado con prioridad 5" in at.success[0].value
    evento = sesion.scalar(select(Evento))
    assert evento is not None
    assert (evento.titulo, evento.lugar, evento.tipo) == (
        "Arranque de la obra del puente",
        "Tampacán",
        "inauguración",
    )
    # Inauguración (4) + presidenta (1) = 5 sugerida; se guarda la sugerida y la elegida.
    assert (evento.prioridad, evento.prioridad_sugerida) == (5, 5)
    assert "Arranque de la obra del puente" in at.dataframe[0].value["Evento"].tolist()


def test_evento_invitaciones_respuesta_y_embudo(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir(AGENDA)
    assert "El Sol de la Huasteca" in _textos(at)
    at.selectbox(key="agenda_resp_valor").set_value("confirmado")
    at.selectbox(key="agenda_resp_asistio").set_value("asistió")
    at.button(key="agenda_resp_guardar").click().run()
    _sin_excepcion(at)
    metricas = {m.label: m.value for m in at.metric}
    assert (metricas["Invitados"], metricas["Asistieron"]) == ("1", "1")
    assert len(at.get("vega_lite_chart")) >= 2
    at.multiselect(key="agenda_invitar").set_value([datos["pulso"]]).run()
    at.button(key="agenda_registrar_inv").click().run()
    _sin_excepcion(at)
    assert "Pulso SLP" in _textos(at)


def test_personal_crea_boletin_y_no_ve_aprobar(usuarios: None, sesion: Session) -> None:
    at = _abrir(REDACCION, Rol.PERSONAL)
    assert any("001/" in c.value for c in at.caption), "muestra el número que se asignará"
    clave = "redaccion_form_nuevo"
    at.text_input(key=f"{clave}_titular").input("Arranca la campaña de vacunación")
    at.text_area(key=f"{clave}_cuerpo").input("Primer párrafo.\nSegundo párrafo.")
    at.button(key="redaccion_guardar").click().run()
    # Sin entradilla no se guarda, y lo escrito se conserva para corregirlo.
    assert "entradilla" in at.error[0].value
    assert at.text_input(key=f"{clave}_titular").value == "Arranca la campaña de vacunación"
    at.text_area(key=f"{clave}_entradilla").input("Inicia la campaña en las 12 localidades.")
    at.text_area(key=f"{clave}_citas").input("Vacúnense todos | Rosa Martínez | presidenta")
    at.button(key="redaccion_guardar").click().run()
    _sin_excepcion(at)
    assert "guardado como borrador" in at.success[0].value
    boletin = sesion.scalar(select(Boletin))
    assert boletin is not None and boletin.numero == 1
    assert boletin.citas == [
        {"texto": "Vacúnense todos", "autor": "Rosa Martínez", "cargo": "presidenta"}
    ]
    at.button(key="redaccion_revision").click().run()
    _sin_excepcion(at)
    sesion.refresh(boletin)
    assert boletin.estado == EstadoBoletin.REVISION
    assert "Aprobar" not in _botones(at)
    assert any("sólo la directora" in c.value for c in at.caption)
    at.selectbox(key="redaccion_elegido").set_value(0).run()
    assert at.text_input(key=f"{clave}_titular").value == "", "el formulario guardado se vacía"
    assert any("002/" in c.value for c in at.caption)


def test_directora_aprueba_y_lectura_no_edita(datos: dict[str, int], sesion: Session) -> None:
    with Session(sesion.get_bind()) as otra:
        enviar_a_revision(otra, datos["borrador"], "beto")
        otra.commit()
    at = _abrir(REDACCION)
    at.selectbox(key="redaccion_elegido").set_value(datos["borrador"]).run()
    at.button(key="redaccion_aprobar").click().run()
    _sin_excepcion(at)
    assert "aprobado" in at.success[0].value
    estado = sesion.scalar(select(Boletin.estado).where(Boletin.id == datos["borrador"]))
    assert estado == EstadoBoletin.APROBADO
    lectura = _abrir(REDACCION, Rol.LECTURA)
    assert not [b for b in _botones(lectura) if b in {"Guardar boletín", "Aprobar"}]
    assert [b.label for b in lectura.download_button] == ["Descargar PDF"]


def test_directora_no_aprueba_un_texto_que_cambio(datos: dict[str, int], sesion: Session) -> None:
    """La directora lee v1; el personal lo cambia y lo reenvía a revisión; su clic no aprueba v2."""
    with Session(sesion.get_bind()) as otra:
        enviar_a_revision(otra, datos["borrador"], "beto")
        otra.commit()
    at = _abrir(REDACCION)
    at.selectbox(key="redaccion_elegido").set_value(datos["borrador"]).run()
    with Session(sesion.get_bind()) as otra:
        editar_boletin(otra, datos["borrador"], "beto", cuerpo="Texto que ella no leyó.")
        enviar_a_revision(otra, datos["borrador"], "beto")
        otra.commit()
    at.button(key="redaccion_aprobar").click().run()
    _sin_excepcion(at)
    assert "cambió después de que lo revisó" in at.error[0].value
    estado = sesion.scalar(select(Boletin.estado).where(Boletin.id == datos["borrador"]))
    assert estado == EstadoBoletin.REVISION
    # Ya con el texto nuevo en pantalla, sí aprueba, y queda la huella de lo que vio.
    at.button(key="redaccion_aprobar").click().run()
    assert "aprobado" in at.success[0].value
    b = sesion.get(Boletin, datos["borrador"], populate_existing=True)
    assert b is not None and b.version_aprobada == version(b)


def test_vista_previa_escapa_el_titular(datos: dict[str, int]) -> None:
    at = _abrir(REDACCION)
    at.selectbox(key="redaccion_elegido").set_value(datos["aprobado"]).run()
    # Sin el guion propio del tablero (textos en español), que sí es un <script>.
    cuerpos = [h.value for h in at.html if "__monitoreoEsMx" not in h.value]
    assert any("&lt;script&gt;" in c for c in cuerpos)
    assert not any("<script>" in c for c in cuerpos)


@pytest.mark.lento
def test_enviar_boletin_aprobado_llega_y_se_registra(
    buzon: BuzonLocal, datos: dict[str, int], sesion: Session
) -> None:
    at = _abrir(REDACCION)
    at.selectbox(key="redaccion_elegido").set_value(datos["aprobado"]).run()
    at.multiselect(key="redaccion_medios").set_value([datos["sol"]]).run()
    at.button(key="redaccion_enviar").click().run()
    assert not buzon.recibidos, "el primer clic sólo explica qué pasará"
    assert "a 1 medio," in at.warning[0].value and "no se puede deshacer" in at.warning[0].value
    at.button(key="redaccion_enviar_si").click().run()
    _sin_excepcion(at)
    assert "Se envió 1 correo" in at.success[0].value and "1 correos" not in at.success[0].value
    assert [tos for tos, _ in buzon.recibidos] == [["redaccion@sol.example"]]
    assert "Boletín" in buzon.recibidos[0][1]["Subject"]
    registro = at.dataframe[-1].value.set_index("Correo")
    assert registro.loc["redaccion@sol.example", "Estado"] == "enviado"
    assert at.page_link, "indica dónde ver la matriz de retoma"
    at.button(key="redaccion_confirmar").click().run()
    _sin_excepcion(at)
    registro = at.dataframe[-1].value.set_index("Correo")
    assert registro.loc["redaccion@sol.example", "Estado"] == "confirmado por teléfono"
    estados = sesion.scalars(select(Boletin.estado).where(Boletin.id == datos["aprobado"]))
    assert list(estados) == [EstadoBoletin.ENVIADO]


def test_envio_fallido_muestra_el_motivo(
    datos: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        cerrado = int(s.getsockname()[1])
    monkeypatch.setenv("MONITOREO_SMTP_SERVIDOR", "127.0.0.1")
    monkeypatch.setenv("MONITOREO_SMTP_PUERTO", str(cerrado))
    monkeypatch.setenv("MONITOREO_SMTP_TLS", "ninguno")
    config.recargar()
    at = _abrir(REDACCION)
    at.selectbox(key="redaccion_elegido").set_value(datos["aprobado"]).run()
    at.multiselect(key="redaccion_medios").set_value([datos["pulso"]]).run()
    at.button(key="redaccion_enviar").click().run()
    at.button(key="redaccion_enviar_si").click().run()
    _sin_excepcion(at)
    assert "1 falló" in at.success[0].value
    fila = at.dataframe[-1].value.set_index("Correo").loc["mesa@pulso.example"]
    assert fila["Estado"] == "fallido" and fila["Motivo"]


def test_subir_foto_la_guarda_con_miniatura(
    usuarios: None, sesion: Session, directorio_datos: Path
) -> None:
    at = _abrir(BANCO, Rol.PERSONAL)
    at.file_uploader(key="banco_archivos").set_value(
        [("plaza.jpg", _foto((10, 120, 200)), "image/jpeg"), ("nota.txt", b"hola", "text/plain")]
    ).run()
    at.text_input(key="banco_etiquetas").input("Plaza, Obras")
    at.button(key="banco_subir").click().run()
    _sin_excepcion(at)
    assert any("plaza" in s.value and "guardado en el banco" in s.value for s in at.success)
    assert any("nota" in e.value and "no se reconoce el tipo" in e.value for e in at.error)
    recurso = sesion.scalar(select(Recurso))
    assert recurso is not None and recurso.miniatura is not None
    assert (directorio_datos / "recursos" / recurso.miniatura).is_file()
    assert recurso.etiquetas == ["plaza", "obras"]
    assert at.image, "la cuadrícula muestra la miniatura"
    assert "Fecha de toma (EXIF)" in at.dataframe[0].value["Dato"].tolist()


def test_banco_busca_y_dice_que_no_hay_imagenes_de_notas(datos: dict[str, int]) -> None:
    at = _abrir(BANCO)
    assert any("No hay imágenes de notas guardadas" in i.value for i in at.info)
    at.text_input(key="banco_texto").input("no existe").run()
    assert any("No hay archivos que coincidan" in i.value for i in at.info)
    at.text_input(key="banco_texto").input("").run()
    at.selectbox(key="banco_etiqueta").set_value("salud").run()
    assert "clinica.jpg" in _textos(at)


def test_convenio_muestra_su_cumplimiento(datos: dict[str, int]) -> None:
    at = _abrir(CONVENIOS)
    metricas = {m.label: m.value for m in at.metric}
    assert metricas["Notas entregadas"] == "1"
    assert metricas["Costo por nota entregada"] == "$ 11,600.00"
    assert metricas["Monto pagado (con IVA)"] == "$ 11,600.00"
    textos = _textos(at)
    assert "Abre la clínica de Tampacán" in textos and "CS-001/2026" in textos
    meses = next(t.value for t in at.dataframe if "Acordadas" in t.value.columns)
    assert meses["Entregadas"].sum() == 1 and meses["Acordadas"].iloc[0] == 4


def test_alta_de_medio_y_convenio_por_formulario(usuarios: None, sesion: Session) -> None:
    at = _abrir(CONVENIOS, Rol.PERSONAL)
    clave = "convenios_medio_form_nuevo"
    at.text_input(key=f"{clave}_nombre").input("La Voz de Tampacán")
    at.selectbox(key=f"{clave}_tipo").set_value("radio")
    at.number_input(key=f"{clave}_audiencia").set_value(15000)
    at.selectbox(key=f"{clave}_aud_tipo").set_value("audiencia")
    at.text_input(key=f"{clave}_audiencia_fuente").input("Estudio INRA 2025")
    at.button(key="convenios_guardar_medio").click().run()
    _sin_excepcion(at)
    medio = sesion.scalar(select(Medio))
    assert medio is not None and (medio.audiencia, medio.audiencia_fuente) == (
        15000,
        "Estudio INRA 2025",
    )
    assert "15,000 (audiencia)" in _textos(at)
    form = "convenios_form_nuevo"
    at.text_input(key=f"{form}_numero").input("CS-010/2026")
    at.text_input(key=f"{form}_concepto").input("Spots de radio")
    at.text_input(key=f"{form}_sin_iva").input("10000")
    at.button(key="convenios_guardar").click().run()
    _sin_excepcion(at)
    assert "total $ 11,600.00" in at.success[0].value
    total = sesion.scalar(select(Medio.id).where(Medio.nombre == "La Voz de Tampacán"))
    assert total is not None
    from datos.modelos import Convenio

    convenio = sesion.scalar(select(Convenio))
    assert convenio is not None and convenio.monto_total == Decimal("11600.00")


def test_contactos_y_padron_en_csv(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir(CONVENIOS)
    at.selectbox(key="convenios_medio").set_value(datos["pulso"]).run()
    at.text_input(key="convenios_nuevo_contacto_nombre").input("Marta")
    at.text_input(key="convenios_nuevo_contacto_correo").input("marta@pulso.example")
    at.button(key="convenios_agregar_contacto").click().run()
    _sin_excepcion(at)
    correos = set(
        sesion.scalars(select(Contacto.correo).where(Contacto.medio_id == datos["pulso"]))
    )
    assert correos == {"mesa@pulso.example", "marta@pulso.example"}
    assert [b.label for b in at.download_button][:2] == [
        "Descargar padrón CSV",
        "Descargar padrón Excel",
    ]


def test_envios_sin_confirmar_no_cambian_al_abrir(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir(REDACCION)
    at.selectbox(key="redaccion_elegido").set_value(datos["aprobado"]).run()
    assert any("aún no se envía" in i.value for i in at.info)
    assert sesion.scalar(select(Boletin.estado).where(Boletin.id == datos["aprobado"])) == (
        EstadoBoletin.APROBADO
    )


def test_invitacion_por_correo_desde_la_agenda(
    buzon: BuzonLocal, datos: dict[str, int], sesion: Session
) -> None:
    at = _abrir(AGENDA)
    at.multiselect(key="agenda_invitar").set_value([datos["pulso"]]).run()
    at.button(key="agenda_enviar_inv").click().run()
    assert not buzon.recibidos and "calendario" in at.warning[0].value
    at.button(key="agenda_enviar_inv_si").click().run()
    _sin_excepcion(at)
    assert "Se envió 1 invitación" in at.success[0].value
    assert [tos for tos, _ in buzon.recibidos] == [["mesa@pulso.example"]]
    assert buzon.recibidos[0][1]["Subject"].startswith("Invitación: Inauguración de la clínica")
    tabla = at.dataframe[1].value.set_index("Medio")
    assert tabla.loc["Pulso SLP", "Invitación enviada"] != "—"


def test_foto_encontrada_en_testigo_de_imagen(datos: dict[str, int], sesion: Session) -> None:
    archivo = guardar_testigo(_foto(), comprimir=False, extension="jpg")
    nota = sesion.scalar(select(Nota))
    assert nota is not None
    sesion.add(
        modelos_notas.Testigo(
            nota_id=nota.id,
            tipo=TipoTestigo.IMAGEN,
            sha256=archivo.sha256,
            ruta=archivo.ruta,
            tipo_mime=archivo.tipo_mime,
            tamano=archivo.tamano,
        )
    )
    sesion.commit()
    at = _abrir(BANCO)
    at.button(key="banco_comparar").click().run()
    _sin_excepcion(at)
    coincidencias = next(t.value for t in at.dataframe if "Diferencia (bits)" in t.value.columns)
    assert coincidencias["Medio"].tolist() == ["El Sol de la Huasteca"]
    assert coincidencias["Diferencia (bits)"].iloc[0] == 0


def test_importar_padron_csv_y_editar_contacto(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir(CONVENIOS, Rol.PERSONAL)
    csv = (
        b"medio,tipo,ambito,audiencia,audiencia_tipo,contacto,correo\n"
        b"Radio Huasteca,radio,regional,20000,audiencia,Pedro,pedro@radio.example\n"
        b"Sin tipo,,regional,,,,\n"
    )
    at.file_uploader(key="convenios_importar").set_value(("padron.csv", csv, "text/csv")).run()
    at.button(key="convenios_importar_boton").click().run()
    _sin_excepcion(at)
    aviso = at.success[0].value
    assert "1 medios nuevos" in aviso and "1 contactos nuevos" in aviso and "renglón 3" in aviso
    assert "Radio Huasteca" in _textos(at)
    at.selectbox(key="convenios_medio").set_value(datos["sol"]).run()
    contacto_id = sesion.scalar(select(Contacto.id).where(Contacto.medio_id == datos["sol"]))
    at.checkbox(key=f"convenios_editar_contacto_{contacto_id}_activo").uncheck()
    at.button(key="convenios_guardar_contacto").click().run()
    _sin_excepcion(at)
    assert at.success[0].value == "Contacto actualizado."
    sesion.expire_all()
    assert sesion.scalar(select(Contacto.activo).where(Contacto.id == contacto_id)) is False


@pytest.mark.parametrize("ruta", [AGENDA, REDACCION, BANCO, CONVENIOS])
def test_lectura_ve_sin_formularios(datos: dict[str, int], ruta: str) -> None:
    at = _abrir(ruta, Rol.LECTURA)
    assert at.dataframe, "ve los datos"
    assert not at.get("form"), "ningún formulario de edición"
    assert not at.file_uploader or ruta == BANCO
    assert not [b for b in at.button if b.key and "guardar" in b.key]
    assert any("sólo lectura" in c.value for c in at.caption)


@pytest.fixture
def buzon(
    url_bd: str, smtp_local: tuple[BuzonLocal, int], monkeypatch: pytest.MonkeyPatch
) -> BuzonLocal:
    """El buzón local configurado como servidor de correo del tablero."""
    receptor, puerto = smtp_local
    monkeypatch.setenv("MONITOREO_SMTP_SERVIDOR", "127.0.0.1")
    monkeypatch.setenv("MONITOREO_SMTP_PUERTO", str(puerto))
    monkeypatch.setenv("MONITOREO_SMTP_TLS", "ninguno")
    config.recargar()
    return receptor


# ---- Valores seguros, confirmación de lo destructivo y deshacer ---------------------------------


def _avisos(at: AppTest) -> str:
    """Texto de las advertencias visibles."""
    return "\n".join(w.value for w in at.warning)


def test_cancelar_evento_se_confirma_y_se_deshace(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir(AGENDA)
    estado = at.selectbox(key=f"agenda_estado_{datos['evento']}")
    assert estado.value is None, "ninguna opción viene elegida (antes era «cancelado»)"
    assert estado.options[-1] == "cancelado"
    estado.set_value("cancelado").run()
    at.button(key="agenda_cambiar_estado").click().run()
    _sin_excepcion(at)
    aviso = at.warning[0].value
    assert "Se cancelará «Inauguración de la clínica»" in aviso and "1 medio invitado" in aviso
    evento = sesion.get(Evento, datos["evento"])
    assert evento is not None and evento.estado == EstadoEvento.PROPUESTO
    at.button(key="agenda_cambiar_estado_si").click().run()
    _sin_excepcion(at)
    sesion.refresh(evento)
    assert evento.estado == EstadoEvento.CANCELADO
    at.button(key="deshacer_ultimo").click().run()
    _sin_excepcion(at)
    sesion.refresh(evento)
    assert evento.estado == EstadoEvento.PROPUESTO
    assert "Deshecho" in at.success[0].value


def test_retirar_aprobacion_se_confirma(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir(REDACCION)
    at.selectbox(key="redaccion_elegido").set_value(datos["aprobado"]).run()
    at.button(key="redaccion_devolver").click().run()
    assert "Se retirará la aprobación del boletín" in _avisos(at)
    at.button(key="redaccion_devolver_no").click().run()
    assert "Se retirará" not in _avisos(at)
    estado = sesion.scalar(select(Boletin.estado).where(Boletin.id == datos["aprobado"]))
    assert estado == EstadoBoletin.APROBADO
    at.button(key="redaccion_devolver").click().run()
    at.button(key="redaccion_devolver_si").click().run()
    _sin_excepcion(at)
    sesion.expire_all()
    estado = sesion.scalar(select(Boletin.estado).where(Boletin.id == datos["aprobado"]))
    assert estado == EstadoBoletin.BORRADOR
    # Sólo la directora devuelve la aprobación; aquí lo es, y el historial lo ofrece.
    at.button(key="deshacer_ultimo").click().run()
    _sin_excepcion(at)
    sesion.expire_all()
    estado = sesion.scalar(select(Boletin.estado).where(Boletin.id == datos["aprobado"]))
    assert estado == EstadoBoletin.APROBADO


def test_borrar_recurso_se_confirma(datos: dict[str, int], sesion: Session) -> None:
    with Session(sesion.get_bind()) as otra:
        adjuntar_recursos(otra, datos["borrador"], [datos["recurso"]], "beto")
        otra.commit()
    at = _abrir(BANCO, Rol.PERSONAL)
    clave = f"banco_borrar_{datos['recurso']}"
    at.button(key=clave).click().run()
    aviso = at.warning[0].value
    assert "Se borrará «clinica" in aviso and "Lo pierden los boletines 00" in aviso
    assert sesion.get(Recurso, datos["recurso"]) is not None
    at.button(key=f"{clave}_si").click().run()
    _sin_excepcion(at)
    sesion.expire_all()
    assert sesion.get(Recurso, datos["recurso"]) is None
    assert "se borró" in at.success[0].value


def test_no_se_borra_un_recurso_de_un_boletin_enviado(
    datos: dict[str, int], sesion: Session
) -> None:
    adjuntar_recursos(sesion, datos["aprobado"], [datos["recurso"]], "beto")
    marcar_enviado(sesion, datos["aprobado"], "ana")
    with pytest.raises(RecursoInvalido, match="ya enviados"):
        borrar_recurso(sesion, datos["recurso"], "beto")


def _evento(s: Session, titulo: str, inicio: dt.datetime) -> Evento:
    """Evento mínimo de la agenda."""
    return crear_evento(s, titulo=titulo, inicio=inicio, usuario="ana", lugar="Cabecera")


def test_agenda_abre_en_el_siguiente_dia_con_eventos(usuarios: None, sesion: Session) -> None:
    en_tres_dias = dt.datetime.now(MX).replace(hour=11, minute=0) + dt.timedelta(days=3)
    _evento(sesion, "Entrega de becas", en_tres_dias)
    sesion.commit()
    at = _abrir(AGENDA)
    assert at.date_input(key="agenda_fecha").value == en_tres_dias.date()
    assert at.dataframe[0].value["Evento"].tolist() == ["Entrega de becas"]


def test_el_selector_se_queda_en_el_evento_guardado(usuarios: None, sesion: Session) -> None:
    manana = dt.datetime.now(MX).replace(hour=9, minute=0, second=0, microsecond=0)
    _evento(sesion, "Rueda de prensa", manana)
    segundo = _evento(sesion, "Sesión de cabildo", manana.replace(hour=12))
    sesion.commit()
    at = _abrir(AGENDA)
    at.selectbox(key="agenda_evento").set_value(segundo.id).run()
    prefijo = f"agenda_editar_{segundo.id}"
    # Cambiar la prioridad cambia la etiqueta del selector: antes saltaba al primer evento.
    at.number_input(key=f"{prefijo}_prioridad").set_value(5)
    at.text_input(key=f"{prefijo}_titulo").input("Sesión extraordinaria de cabildo")
    at.button(key=f"{prefijo}_guardar").click().run()
    _sin_excepcion(at)
    assert at.selectbox(key="agenda_evento").value == segundo.id
    estado = at.selectbox(key=f"agenda_estado_{segundo.id}")
    estado.set_value("confirmado").run()
    at.button(key="agenda_cambiar_estado").click().run()
    _sin_excepcion(at)
    assert at.selectbox(key="agenda_evento").value == segundo.id
    sesion.refresh(segundo)
    assert (segundo.titulo, segundo.prioridad, segundo.estado) == (
        "Sesión extraordinaria de cabildo",
        5,
        EstadoEvento.CONFIRMADO,
    )


def test_bitacora_revierte_la_entrada_elegida(datos: dict[str, int], sesion: Session) -> None:
    entradas = sesion.scalars(
        select(Bitacora).where(Bitacora.entidad == "boletin", Bitacora.accion == "modificar")
    )
    aprobacion = next(e for e in entradas if e.cambios.get("estado") == ["revision", "aprobado"])
    at = _abrir(BITACORA)
    creacion = at.selectbox(key="bitacora_elegida").value
    assert at.button(key=f"bitacora_revertir_{creacion}").disabled, "crear no se revierte"
    at.selectbox(key="bitacora_elegida").set_value(aprobacion.id).run()
    at.button(key=f"bitacora_revertir_{aprobacion.id}").click().run()
    _sin_excepcion(at)
    estado = sesion.scalar(select(Boletin.estado).where(Boletin.id == datos["aprobado"]))
    assert estado == EstadoBoletin.REVISION
    assert "Revertido el cambio" in at.success[0].value
    assert at.button(key="deshacer_ultimo").label == "Deshacer"


def test_dar_de_baja_un_medio_se_deshace(datos: dict[str, int], sesion: Session) -> None:
    at = _abrir(CONVENIOS, Rol.PERSONAL)
    at.selectbox(key="convenios_medio").set_value(datos["pulso"]).run()
    clave = f"convenios_medio_form_{datos['pulso']}"
    at.checkbox(key=f"{clave}_activo").uncheck()
    at.button(key="convenios_guardar_medio").click().run()
    _sin_excepcion(at)
    # La fixture sembró el medio en esta misma sesión: se relee de la base, no del mapa.
    sesion.expire_all()
    medio = sesion.get(Medio, datos["pulso"])
    assert medio is not None and medio.activo is False
    at.button(key="deshacer_ultimo").click().run()
    _sin_excepcion(at)
    sesion.refresh(medio)
    assert medio.activo is True
    # Y queda en el historial del medio: la baja y su reversión.
    historial = [c.value for c in at.caption if "medio" in c.value and "activo" in c.value]
    assert len(historial) == 2 and "deshizo" in historial[0]
