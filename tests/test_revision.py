"""Revisión: repositorio de decisiones, cola priorizada y la página (AppTest) con su captura."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from analisis.lote import analizar
from analisis.umbrales import margen_tono
from datos.consultas.revision import (
    FiltroRevision,
    cola_de_revision,
    contar_pendientes,
    priorizar,
    retoma_en_revision,
)
from datos.modelos import (
    Bitacora,
    EstadoRevision,
    NivelRetoma,
    Nota,
    Retoma,
    Rol,
    TipoCaptura,
    Tono,
)
from datos.repositorio.revision import (
    cambiar_nivel,
    confirmar_retoma,
    confirmar_tono,
    rechazar_retoma,
)
from datos.repositorio.usuarios import crear_usuario
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tablero.vistas.revision import intervalos_de_frases
from tests.fabricas import Semilla, en_base, visible
from tests.test_impresos import _pdf_con_texto

APP = str(Path(__file__).resolve().parent.parent / "tablero" / "app.py")
PAGINA = "paginas/revision.py"
# Holgado: la máquina de pruebas es compartida y el primer render importa Altair y pandas.
ESPERA_S = 60
ALCANCE_ALTO = 50_000


pytestmark = pytest.mark.usefixtures("cache_limpio")


@pytest.fixture
def ana(sesion: Session) -> UsuarioActivo:
    """Usuaria real del personal (la bitácora y revisor_id apuntan a ella)."""
    usuario = crear_usuario(sesion, "ana", "personal", "huasteca-2026-segura")
    sesion.commit()
    return UsuarioActivo(usuario.id, usuario.nombre, usuario.rol)


def _retoma(sesion: Session, semilla: Semilla, nota: str, boletin: str) -> Retoma:
    """La retoma sembrada entre una nota y un boletín."""
    retoma = sesion.scalar(
        select(Retoma).where(
            Retoma.nota_id == semilla.notas[nota], Retoma.boletin_id == semilla.boletines[boletin]
        )
    )
    assert retoma is not None
    return retoma


def _bitacora(sesion: Session, entidad: str, entidad_id: int) -> list[Bitacora]:
    """Renglones de la bitácora de un objeto."""
    consulta = select(Bitacora).where(
        Bitacora.entidad == entidad, Bitacora.entidad_id == entidad_id
    )
    return list(sesion.scalars(consulta.order_by(Bitacora.id)))


# ---- Repositorio -------------------------------------------------------------------------------


def test_confirmar_retoma_guarda_revisor_momento_y_bitacora(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    retoma = _retoma(sesion, semilla, "n2", "b1")
    antes = dt.datetime.now(dt.UTC)
    confirmar_retoma(sesion, retoma.id, ana)
    sesion.commit()
    sesion.refresh(retoma)
    assert retoma.estado is EstadoRevision.CONFIRMADA and retoma.revisor_id == ana.id
    assert retoma.revisado_en is not None and retoma.revisado_en >= antes
    (fila,) = _bitacora(sesion, "retoma", retoma.id)
    assert fila.usuario_nombre == "ana" and fila.usuario_id == ana.id
    assert fila.cambios["estado"] == ["automatica", "confirmada"]
    assert fila.cambios["revisor_id"] == [None, ana.id]


def test_rechazar_y_cambiar_nivel(sesion: Session, semilla: Semilla, ana: UsuarioActivo) -> None:
    primera = _retoma(sesion, semilla, "n1", "b1")
    segunda = _retoma(sesion, semilla, "n2", "b1")
    rechazar_retoma(sesion, primera.id, ana)
    cambiar_nivel(sesion, segunda.id, "reescrita", ana)
    sesion.commit()
    assert primera.estado is EstadoRevision.RECHAZADA and primera.revisor_id == ana.id
    assert segunda.nivel is NivelRetoma.REESCRITA
    assert segunda.estado is EstadoRevision.CONFIRMADA
    (fila,) = _bitacora(sesion, "retoma", segunda.id)
    assert fila.cambios["nivel"] == ["parcial", "reescrita"]
    # La retoma rechazada deja de contar para el boletín.
    assert contar_pendientes(sesion).retomas == 1


def test_confirmar_tono_gana_al_calculado(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    nota = sesion.get(Nota, semilla.notas["n5"])
    assert nota is not None and nota.tono is Tono.NEGATIVO
    confirmar_tono(sesion, nota.id, Tono.NEUTRAL, ana)
    sesion.commit()
    assert nota.tono_confirmado is Tono.NEUTRAL and nota.tono_revisor_id == ana.id
    assert nota.tono_efectivo is Tono.NEUTRAL and nota.tono is Tono.NEGATIVO
    (fila,) = _bitacora(sesion, "nota", nota.id)
    assert fila.cambios["tono_confirmado"] == [None, "neutral"]


def test_decisiones_invalidas_explican_el_motivo(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    retoma = _retoma(sesion, semilla, "n1", "b1")
    with pytest.raises(ValueError, match="nivel de retoma desconocido"):
        cambiar_nivel(sesion, retoma.id, "copia", ana)
    with pytest.raises(ValueError, match="tono desconocido"):
        confirmar_tono(sesion, semilla.notas["n1"], "alegre", ana)
    with pytest.raises(ValueError, match="no existe la retoma"):
        confirmar_retoma(sesion, 999_999, ana)
    with pytest.raises(ValueError, match="no existe la nota"):
        confirmar_tono(sesion, 999_999, "positivo", ana)
    assert retoma.estado is EstadoRevision.AUTOMATICA
    assert not list(
        sesion.scalars(select(Bitacora).where(Bitacora.entidad.in_(["retoma", "nota"])))
    )


def test_el_analisis_no_pisa_las_decisiones(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    rechazada = _retoma(sesion, semilla, "n1", "b1")
    cambiada = _retoma(sesion, semilla, "n2", "b1")
    rechazar_retoma(sesion, rechazada.id, ana)
    cambiar_nivel(sesion, cambiada.id, NivelRetoma.REESCRITA, ana)
    confirmar_tono(sesion, semilla.notas["n5"], Tono.POSITIVO, ana)
    sesion.commit()
    analizar(sesion, completo=True)
    sesion.commit()
    sesion.expire_all()
    assert sesion.get(Retoma, rechazada.id).estado is EstadoRevision.RECHAZADA  # type: ignore[union-attr]
    assert sesion.get(Retoma, cambiada.id).nivel is NivelRetoma.REESCRITA  # type: ignore[union-attr]
    nota = sesion.get(Nota, semilla.notas["n5"])
    assert nota is not None and nota.tono_confirmado is Tono.POSITIVO


# ---- Cola --------------------------------------------------------------------------------------


def test_cola_priorizada_y_filtrada(sesion: Session, semilla: Semilla) -> None:
    cola = cola_de_revision(sesion, FiltroRevision(), ALCANCE_ALTO)
    retomas = cola[cola["tipo"] == "retoma"]
    # La rechazada (n3-b2) no vuelve a la cola; las tres automáticas sí.
    assert set(retomas["nota_id"]) == {semilla.notas[n] for n in ("n1", "n2", "n7")}
    tonos = cola[cola["tipo"] == "tono"]
    # n4 ya tiene tono confirmado: no se revisa otra vez.
    assert semilla.notas["n4"] not in set(tonos["nota_id"])
    # Primero la nota negativa de alto alcance (n5, El Sol: 120,000).
    assert (cola.iloc[0]["tipo"], cola.iloc[0]["nota_id"]) == ("tono", semilla.notas["n5"])
    assert cola.iloc[0]["motivo"] == "negativa, alto alcance"
    assert list(cola["prioridad"]) == sorted(cola["prioridad"], reverse=True)
    pendientes = contar_pendientes(sesion)
    assert (pendientes.retomas, pendientes.tonos) == (3, len(tonos))
    solo = FiltroRevision(tipo="retomas", medios=(semilla.medios["pulso"],))
    assert cola_de_revision(sesion, solo, ALCANCE_ALTO)["nota_id"].tolist() == [semilla.notas["n2"]]
    assert contar_pendientes(sesion, solo).retomas == 1


def test_priorizar_pone_lo_dudoso_primero() -> None:
    ahora = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    cola = pd.DataFrame(
        {
            "tipo": ["retoma", "retoma", "retoma", "tono", "tono"],
            "id": [1, 2, 3, 4, 5],
            "nivel": ["integra", "parcial", "reescrita", None, None],
            "puntaje": [0.95, 0.22, 0.9, None, None],
            "tono": ["positivo", "positivo", "neutral", "neutral", "negativo"],
            "tono_puntaje": [None, None, None, 0.25, -0.9],
            "audiencia": [200_000, None, 1_000, None, 90_000],
            "fecha_publicacion": [ahora] * 5,
        }
    )
    orden = priorizar(cola, ALCANCE_ALTO)
    # Duda (4) > negativa (2) > alcance (1); a igual prioridad, retomas y mayor alcance primero.
    assert orden["id"].tolist() == [3, 2, 4, 5, 1]
    assert orden.set_index("id").loc[4, "motivo"] == "tono dudoso"
    assert orden.set_index("id").loc[5, "motivo"] == "negativa, alto alcance"


def test_detalle_trae_textos_y_pasajes(sesion: Session, semilla: Semilla) -> None:
    retoma = _retoma(sesion, semilla, "n1", "b1")
    detalle = retoma_en_revision(sesion, retoma.id)
    assert detalle is not None
    assert detalle.folio.startswith("001/") and detalle.nota.medio == "El Sol de la Huasteca"
    assert detalle.pasajes == ({"boletin": [0, 20], "nota": [0, 20]},)
    assert detalle.nota.enlace is not None and detalle.nota.enlace.startswith("https://")
    assert retoma_en_revision(sesion, 999_999) is None


def test_intervalos_de_frases() -> None:
    texto = "Vecinos denuncian abandono. El alcalde no respondió."
    assert intervalos_de_frases(texto, ("El alcalde no respondió.", "no está")) == [(28, 52)]


# ---- Página ------------------------------------------------------------------------------------


def _pagina(usuario: UsuarioActivo, pestana: str | None = None) -> AppTest:
    """Abre el tablero con sesión iniciada y va a Revisión (en la pestaña dada)."""
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(usuario)
    at.run()
    if pestana is not None:
        at.session_state["revision_pestana"] = pestana
    at.switch_page(PAGINA).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _solo(at: AppTest, tipo: str) -> AppTest:
    """Filtra la cola a retomas o tonos."""
    at.radio(key="revision_tipo").set_value(tipo).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metricas(at: AppTest) -> dict[str, str]:
    """KPIs visibles."""
    return {m.label: m.value for m in at.metric}


def test_pagina_sin_datos_dice_que_hacer(url_bd: str) -> None:
    at = _pagina(UsuarioActivo(1, "directora", Rol.DIRECTORA))
    assert "monitoreo analizar" in at.info[0].value
    assert _metricas(at) == {"Retomas por revisar": "0", "Tonos por revisar": "0"}


@pytest.mark.parametrize(
    ("boton", "estado", "nivel"),
    [
        ("revision_confirmar", EstadoRevision.CONFIRMADA, NivelRetoma.INTEGRA),
        ("revision_rechazar", EstadoRevision.RECHAZADA, NivelRetoma.INTEGRA),
        ("revision_nivel_parcial", EstadoRevision.CONFIRMADA, NivelRetoma.PARCIAL),
    ],
)
def test_decidir_una_retoma_la_guarda_y_pasa_a_la_siguiente(
    sesion: Session,
    semilla: Semilla,
    ana: UsuarioActivo,
    boton: str,
    estado: EstadoRevision,
    nivel: NivelRetoma,
) -> None:
    at = _solo(_pagina(ana), "retomas")
    assert _metricas(at)["Retomas por revisar"] == "3"
    # La primera: íntegra de El Sol (alto alcance) con los pasajes marcados y el texto escapado.
    cuerpos = [str(getattr(h, "value", "")) for h in at.get("html")]
    assert any("<mark>" in c for c in cuerpos)
    assert any("&lt;b&gt;municipal&lt;/b&gt;" in c for c in cuerpos)
    assert any("íntegra" in m.value for m in at.markdown)
    at.button(key=boton).click().run()
    assert not at.exception, [e.value for e in at.exception]
    retoma = _retoma(sesion, semilla, "n1", "b1")
    sesion.refresh(retoma)
    assert (retoma.estado, retoma.nivel, retoma.revisor_id) == (estado, nivel, ana.id)
    assert _bitacora(sesion, "retoma", retoma.id)[0].usuario_nombre == "ana"
    assert _metricas(at)["Retomas por revisar"] == "2"
    assert [t.value for t in at.toast]


def test_confirmar_tono_desde_la_pagina(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _solo(_pagina(ana), "tonos")
    assert any("negativo" in m.value for m in at.markdown)
    at.button(key="revision_tono_positivo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    nota = sesion.get(Nota, semilla.notas["n5"])
    assert nota is not None
    sesion.refresh(nota)
    assert (nota.tono_confirmado, nota.tono_revisor_id) == (Tono.POSITIVO, ana.id)
    assert _bitacora(sesion, "nota", nota.id)


def test_omitir_pasa_al_siguiente_sin_decidir(sesion: Session, semilla: Semilla) -> None:
    at = _solo(_pagina(UsuarioActivo(1, "directora", Rol.DIRECTORA)), "retomas")
    primero = at.caption[0].value
    at.button(key="revision_omitir").click().run()
    assert "Elemento 1 de 2" in " ".join(c.value for c in at.caption) and primero
    assert _retoma(sesion, semilla, "n1", "b1").estado is EstadoRevision.AUTOMATICA


def test_rol_lectura_no_puede_decidir_ni_capturar(sesion: Session, semilla: Semilla) -> None:
    lector = UsuarioActivo(1, "lector", Rol.LECTURA)
    at = _solo(_pagina(lector), "retomas")
    claves = ("revision_confirmar", "revision_rechazar", "revision_nivel_parcial")
    for clave in (*claves, "revision_retoma_tono_positivo"):
        assert at.button(key=clave).disabled
    assert any("sólo lectura" in c.value for c in at.caption)
    at = _pagina(lector, "Radio y TV")
    assert "sólo lectura" in at.info[0].value
    assert not at.text_input


def test_clip_de_radio_por_formulario(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _pagina(ana, "Radio y TV")
    at.selectbox(key="clip_medio").set_value("Radio Tampacán")
    at.text_input(key="clip_programa").set_value("Noticiero matutino")
    at.date_input(key="clip_fecha").set_value(dt.date(2026, 11, 25))
    at.time_input(key="clip_hora").set_value(dt.time(7, 30))
    at.text_input(key="clip_duracion").set_value("2:15")
    at.text_input(key="clip_titulo").set_value("Entrevista con la presidenta municipal")
    at.text_area(key="clip_texto").set_value("Habló de la red de agua de la cabecera.")
    at.button(key="clip_guardar").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    nota = sesion.scalar(select(Nota).where(Nota.tipo_captura == TipoCaptura.RADIO))
    assert nota is not None
    assert (nota.programa, nota.duracion_segundos) == ("Noticiero matutino", 135)
    assert nota.fecha_publicacion == dt.datetime(2026, 11, 25, 13, 30, tzinfo=dt.UTC)
    assert "Clip guardado" in at.success[0].value


def test_clip_con_medio_o_folio_invalido_muestra_error(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _pagina(ana, "Radio y TV")
    at.text_input(key="clip_titulo").set_value("Mención")
    at.text_input(key="clip_folio").set_value("999/2026")
    at.button(key="clip_guardar").click().run()
    assert not at.exception
    assert "No existe el boletín 999/2026" in at.error[0].value
    assert sesion.scalar(select(Nota).where(Nota.titulo == "Mención")) is None


def test_csv_con_una_fila_mala_muestra_la_linea(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    csv = (
        "medio,fecha,hora,duración,título\n"
        "Radio Tampacán,25/11/2026,08:00,90,Mención del programa de salud\n"
        "Radio Inexistente,25/11/2026,09:00,60,Otra mención\n"
    ).encode()
    at = _pagina(ana, "Importar clips")
    at.file_uploader(key="importar_archivo").set_value(("clips.csv", csv, "text/csv"))
    at.button(key="importar_guardar").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Clips guardados: 1" in at.success[0].value
    errores = at.dataframe[0].value
    assert errores["Línea"].tolist() == [3]
    assert "Radio Inexistente" in errores["Motivo"].iloc[0]
    titulos = set(sesion.scalars(select(Nota.titulo).where(Nota.tipo_captura == TipoCaptura.RADIO)))
    assert titulos == {"Mención del programa de salud"}


def test_archivo_disfrazado_se_rechaza_en_espanol(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _pagina(ana, "Impreso")
    at.file_uploader[0].set_value(("edicion.pdf", b"esto no es un PDF", "application/pdf"))
    at.button(key="impreso_guardar").click().run()
    assert not at.exception
    assert "es en realidad texto (CSV)" in visible(at.error[0].value)


def test_impreso_pdf_por_formulario(sesion: Session, semilla: Semilla, ana: UsuarioActivo) -> None:
    pdf = _pdf_con_texto(
        [["Inaugura el Ayuntamiento de Tampacán la red de agua", "Beneficia a 300 familias."]]
    )
    at = _pagina(ana, "Impreso")
    at.selectbox(key="impreso_medio").set_value("Pulso Regional")
    at.date_input(key="impreso_fecha").set_value(dt.date(2026, 11, 24))
    at.number_input(key="impreso_pagina").set_value(5)
    at.file_uploader(key="impreso_archivo").set_value(("edicion.pdf", pdf, "application/pdf"))
    at.button(key="impreso_guardar").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Se guardaron 1 página como notas" in at.success[0].value
    nota = sesion.scalar(select(Nota).where(Nota.tipo_captura == TipoCaptura.PDF, Nota.pagina == 5))
    assert nota is not None and "300 familias" in nota.texto
    assert nota.medio_id == semilla.medios["pulso"]


def test_publicacion_de_facebook_por_formulario(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _pagina(ana, "Facebook")
    at.selectbox(key="facebook_medio").set_value("Pulso Regional")
    at.text_input(key="facebook_url").set_value(
        "https://www.facebook.com/pulsoregional/posts/123456789?mibextid=abc"
    )
    at.text_area(key="facebook_texto").set_value("La presidenta entregó apoyos en Chiconamel.")
    at.date_input(key="facebook_fecha").set_value(dt.date(2026, 11, 24))
    at.button(key="facebook_guardar").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    nota = sesion.scalar(select(Nota).where(Nota.tipo_captura == TipoCaptura.RED_SOCIAL))
    assert nota is not None and nota.titulo.startswith("La presidenta entregó apoyos")
    # Sin hora: mediodía local, para que la nota quede en su día.
    assert nota.fecha_publicacion == dt.datetime(2026, 11, 24, 18, tzinfo=dt.UTC)
    at.text_input(key="facebook_url").set_value("javascript:alert(1)")
    at.button(key="facebook_guardar").click().run()
    assert "http://" in visible(at.error[0].value)


def test_tono_de_paso_al_revisar_una_retoma(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _solo(_pagina(ana), "retomas")
    at.button(key="revision_retoma_tono_negativo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    nota = sesion.get(Nota, semilla.notas["n1"])
    assert nota is not None
    sesion.refresh(nota)
    assert (nota.tono_confirmado, nota.tono_revisor_id) == (Tono.NEGATIVO, ana.id)
    # La retoma sigue pendiente y a la vista, ahora con el tono ya decidido.
    assert _retoma(sesion, semilla, "n1", "b1").estado is EstadoRevision.AUTOMATICA
    assert _metricas(at)["Retomas por revisar"] == "3"
    assert any("Tono de la nota confirmado: negativo" in c.value for c in at.caption)


def test_la_cola_y_el_contador_dicen_lo_mismo_aunque_la_cola_este_recortada(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    at = _pagina(ana)
    at.session_state["revision_limite"] = 1
    _solo(at, "retomas")
    assert _metricas(at)["Retomas por revisar"] == "3"
    posicion = at.caption[0].value
    assert posicion.startswith("Elemento 1 de 3 en la cola") and "primeros 1 de 3" in posicion
    at.button(key="revision_mas").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.caption[0].value == "Elemento 1 de 3 en la cola."
    # Omitir quita uno de la cola y del «de N», como del contador de esta sesión.
    at.button(key="revision_omitir").click().run()
    assert at.caption[0].value == "Elemento 1 de 2 en la cola."


def test_margen_tono_mide_cuanto_falta_para_cambiar_de_etiqueta() -> None:
    assert margen_tono("positivo", 0.21) == pytest.approx(0.01)
    assert margen_tono("neutral", 0.0) == pytest.approx(0.2)
    assert margen_tono("negativo", -0.9) == pytest.approx(0.7)
    # El modelo dijo neutral aunque p(pos) - p(neg) = 0.35: contradicción, duda máxima.
    assert margen_tono("neutral", 0.35) == 0.0
    assert margen_tono(None, None) == 1.0


def test_orden_por_incertidumbre_pone_primero_lo_que_mas_ensena(
    sesion: Session, semilla: Semilla
) -> None:
    puntajes = {"n1": 0.95, "n2": 0.05, "n5": -0.23, "n6": 0.6}
    for clave, puntaje in puntajes.items():
        nota = sesion.get(Nota, semilla.notas[clave])
        assert nota is not None
        nota.tono_puntaje = puntaje
    sesion.commit()
    filtro = FiltroRevision(tipo="tonos", orden="incertidumbre")
    cola = cola_de_revision(sesion, filtro, ALCANCE_ALTO)
    ids = {v: k for k, v in semilla.notas.items()}
    orden = [ids[int(i)] for i in cola["id"]]
    # n5 negativa a 0.03 del umbral; n2 neutral a 0.15; n6 positiva a 0.40; n1 a 0.75.
    assert orden[:4] == ["n5", "n2", "n6", "n1"]
    assert cola["margen"].tolist()[:4] == sorted(cola["margen"].tolist()[:4])
    assert "margen 0.03" in cola["motivo"].iloc[0]
    # La consulta recortada trae los mismos primeros: SQL ordena igual que pandas.
    recortada = cola_de_revision(sesion, filtro, ALCANCE_ALTO, limite=2)
    assert recortada["id"].tolist() == cola["id"].tolist()[:2]
    with pytest.raises(ValueError, match="orden"):
        cola_de_revision(sesion, FiltroRevision(orden="azar"), ALCANCE_ALTO)


def test_orden_por_incertidumbre_en_la_pagina_conserva_las_frases(
    sesion: Session, semilla: Semilla, ana: UsuarioActivo
) -> None:
    nota = sesion.get(Nota, semilla.notas["n5"])
    assert nota is not None
    nota.tono_puntaje, nota.tono_frases = -0.22, ["Falta de agua en la cabecera"]
    sesion.commit()
    at = _solo(_pagina(ana), "tonos")
    at.radio(key="revision_orden").set_value("incertidumbre").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("margen 0.02" in c.value for c in at.caption)
    cuerpos = [str(getattr(h, "value", "")) for h in at.get("html")]
    assert any("Frases que lo explican" in c and "Falta de agua" in c for c in cuerpos)
