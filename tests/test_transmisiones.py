"""Radio, TV y clips manuales: captura de uno y tablas CSV/Excel con errores por fila."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from datos.modelos import (
    Ambito,
    Boletin,
    EstadoRevision,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoMedio,
    TipoTestigo,
)
from datos.testigos import leer_testigo
from rastreadores.importadores.tabla import celda_fecha, celda_hora, leer_tabla
from rastreadores.importadores.transmisiones import (
    Clip,
    celda_duracion,
    guardar_clip,
    importar_clips,
)

MX = ZoneInfo("America/Mexico_City")
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64


@pytest.fixture
def medios(sesion: Session) -> dict[str, Medio]:
    """Una radio, una televisora, un portal y el boletín 045/2026."""
    creados = {
        "radio": Medio(nombre="La Poderosa Huasteca", tipo=TipoMedio.RADIO, ambito=Ambito.REGIONAL),
        "tv": Medio(nombre="Canal 9 Huasteca", tipo=TipoMedio.TELEVISION, ambito=Ambito.REGIONAL),
        "portal": Medio(nombre="Pulso Digital", tipo=TipoMedio.DIGITAL, ambito=Ambito.ESTATAL),
    }
    sesion.add_all(creados.values())
    sesion.add(
        Boletin(
            numero=45,
            anio=2026,
            fecha_emision=dt.datetime(2026, 11, 24, 18, tzinfo=MX),
            titular="Inaugura el Ayuntamiento la red de agua de Chiconamel",
            entradilla="La presidenta municipal inauguró la red.",
            cuerpo="Beneficia a 300 familias.",
        )
    )
    sesion.flush()
    return creados


def _clip(**cambios: object) -> Clip:
    datos: dict[str, object] = {
        "medio": "La Poderosa Huasteca",
        "programa": "Noticiero matutino",
        "inicio": dt.datetime(2026, 11, 25, 7, 30, tzinfo=MX),
        "duracion_segundos": 95,
        "titulo": "Agua potable para Chiconamel",
        "texto": "El conductor comentó la inauguración de la red de agua en Chiconamel.",
    }
    datos.update(cambios)
    return Clip(**datos)  # type: ignore[arg-type]


def _cuenta(sesion: Session) -> int:
    return sesion.scalar(select(func.count(Nota.id))) or 0


def test_clip_de_radio_con_audio_y_boletin(
    sesion: Session, medios: dict[str, Medio], tmp_path: Path
) -> None:
    audio = tmp_path / "clip.mp3"
    audio.write_bytes(MP3)
    nota_id = guardar_clip(sesion, _clip(audio=audio, boletin="045/2026"))
    nota = sesion.get_one(Nota, nota_id)
    radio = medios["radio"]
    assert nota.tipo_captura is TipoCaptura.RADIO
    assert nota.url_canonica == f"urn:monitoreo:radio:{radio.id}:2026-11-25T13:30:00+00:00"
    assert nota.programa == "Noticiero matutino"
    assert nota.duracion_segundos == 95
    (testigo,) = nota.testigos
    assert testigo.tipo is TipoTestigo.AUDIO
    assert testigo.tipo_mime == "audio/mpeg"
    assert leer_testigo(testigo.ruta) == MP3
    retoma = sesion.scalars(select(Retoma)).one()
    assert retoma.nota_id == nota_id
    assert retoma.nivel is NivelRetoma.REESCRITA
    assert retoma.estado is EstadoRevision.CONFIRMADA
    assert guardar_clip(sesion, _clip(audio=audio, boletin="45/2026")) == nota_id
    assert _cuenta(sesion) == 1
    assert sesion.scalar(select(func.count(Retoma.id))) == 1


def test_clip_de_tv_y_manual(sesion: Session, medios: dict[str, Medio]) -> None:
    tv = sesion.get_one(Nota, guardar_clip(sesion, _clip(medio="Canal 9 Huasteca")))
    manual = sesion.get_one(
        Nota, guardar_clip(sesion, _clip(medio="pulso digital", url="https://pulso.mx/v/1"))
    )
    assert tv.tipo_captura is TipoCaptura.TELEVISION
    assert tv.url_canonica.startswith("urn:monitoreo:television:")
    assert manual.tipo_captura is TipoCaptura.MANUAL
    assert manual.url_canonica.startswith(f"urn:monitoreo:manual:{medios['portal'].id}:")
    assert manual.url_original == "https://pulso.mx/v/1"


@pytest.mark.parametrize(
    ("cambios", "motivo"),
    [
        ({"inicio": dt.datetime(2026, 11, 25, 7, 30)}, "zona horaria"),
        ({"duracion_segundos": -5}, "duración fuera de rango"),
        ({"titulo": " ", "texto": ""}, "ni texto"),
        ({"medio": "Radio Fantasma"}, "no existe el medio"),
        ({"boletin": "999/2026"}, "no existe el boletín 999/2026"),
        ({"boletin": "cuarenta"}, "folio de boletín inválido"),
        ({"url": "ftp://radio.mx/clip"}, "http"),
    ],
)
def test_clip_invalido(
    sesion: Session, medios: dict[str, Medio], cambios: dict[str, object], motivo: str
) -> None:
    with pytest.raises(ValueError, match=motivo):
        guardar_clip(sesion, _clip(**cambios))
    assert _cuenta(sesion) == 0


CSV_CLIPS = "\n".join(
    [
        "medio,programa,fecha,hora,duración,título,resumen,boletín",
        "La Poderosa Huasteca,Matutino,2026-11-25,07:30,95,Agua,Comentario de la red,045/2026",
        "La Poderosa Huasteca,Matutino,2026-13-45,08:00,60,Fecha mala,Texto,",
        "Canal 9 Huasteca,Noticias 9,25/11/2026,14:05,2:10,Obra pública,Nota sobre caminos,",
        "Radio Fantasma,Tarde,2026-11-25,15:00,30,No existe,Texto,",
        'Canal 9 Huasteca,Noticias 9,25/11/2026,21:00,,Nocturno,"Con coma, y ""comillas""",',
    ]
)


def test_csv_con_filas_malas(sesion: Session, medios: dict[str, Medio], tmp_path: Path) -> None:
    archivo = tmp_path / "clips.csv"
    archivo.write_text(CSV_CLIPS, encoding="utf-8")
    resultado = importar_clips(sesion, archivo)
    assert (resultado.guardadas, resultado.repetidas) == (3, 0)
    assert [linea for linea, _ in resultado.errores] == [3, 5]
    assert "fecha inválida" in resultado.errores[0][1]
    assert "no existe el medio" in resultado.errores[1][1]
    assert _cuenta(sesion) == 3
    nocturno = sesion.scalars(select(Nota).where(Nota.titulo == "Nocturno")).one()
    assert nocturno.texto == 'Con coma, y "comillas"'
    assert nocturno.duracion_segundos is None
    obra = sesion.scalars(select(Nota).where(Nota.titulo == "Obra pública")).one()
    assert obra.duracion_segundos == 130
    assert obra.fecha_publicacion == dt.datetime(2026, 11, 25, 14, 5, tzinfo=MX)
    assert sesion.scalar(select(func.count(Retoma.id))) == 1
    otra = importar_clips(sesion, archivo)
    assert (otra.guardadas, otra.repetidas, len(otra.errores)) == (0, 3, 2)
    assert _cuenta(sesion) == 3


def test_fila_mala_no_deja_nada_a_medias(
    sesion: Session, medios: dict[str, Medio], tmp_path: Path
) -> None:
    archivo = tmp_path / "clips.csv"
    archivo.write_text(
        "medio,fecha,hora,titulo,boletin\n"
        "La Poderosa Huasteca,2026-11-25,07:30,Bien,045/2026\n"
        "La Poderosa Huasteca,2026-11-25,09:30,Boletín inexistente,998/2026\n",
        encoding="utf-8",
    )
    resultado = importar_clips(sesion, archivo)
    assert resultado.guardadas == 1
    assert resultado.errores == [(3, "no existe el boletín 998/2026")]
    assert [n.titulo for n in sesion.scalars(select(Nota))] == ["Bien"]


def test_excel_con_encabezados_en_ingles(
    sesion: Session, medios: dict[str, Medio], tmp_path: Path
) -> None:
    libro = openpyxl.Workbook()
    hoja = libro.active
    assert hoja is not None
    hoja.append(["Outlet", "Program", "Date", "Time", "Duration (sec)", "Title", "Summary"])
    hoja.append(
        ["Canal 9 Huasteca", "Noticias", dt.datetime(2026, 11, 25), dt.time(20, 15), 45.0,
         "Mention", "Mayor visited Chiconamel"]
    )  # fmt: skip
    hoja.append([])
    hoja.append(
        ["La Poderosa Huasteca", None, dt.datetime(2026, 11, 26, 6, 45), None, "1:00",
         "Morning", "Water network"]
    )  # fmt: skip
    archivo = tmp_path / "clips.xlsx"
    libro.save(archivo)
    resultado = importar_clips(sesion, archivo)
    assert (resultado.guardadas, resultado.errores) == (2, [])
    notas = {n.titulo: n for n in sesion.scalars(select(Nota))}
    assert notas["Mention"].fecha_publicacion == dt.datetime(2026, 11, 25, 20, 15, tzinfo=MX)
    assert notas["Mention"].duracion_segundos == 45
    assert notas["Morning"].fecha_publicacion == dt.datetime(2026, 11, 26, 6, 45, tzinfo=MX)


def test_csv_cp1252_con_punto_y_coma(
    sesion: Session, medios: dict[str, Medio], tmp_path: Path
) -> None:
    archivo = tmp_path / "excel_windows.csv"
    contenido = (
        "Medio;Programa;Fecha;Hora;Duración;Título;Síntesis\r\n"
        "La Poderosa Huasteca;Café político;25/11/2026;7:05 p. m.;90;"
        "Presidenta habló de la obra en Tampacán;Entrevista sobre el puente\r\n"
    )
    archivo.write_bytes(contenido.encode("cp1252"))
    resultado = importar_clips(sesion, archivo)
    assert (resultado.guardadas, resultado.errores) == (1, [])
    nota = sesion.scalars(select(Nota)).one()
    assert nota.titulo == "Presidenta habló de la obra en Tampacán"
    assert nota.programa == "Café político"
    assert nota.fecha_publicacion == dt.datetime(2026, 11, 25, 19, 5, tzinfo=MX)


def test_archivo_vacio_y_solo_encabezados(sesion: Session, tmp_path: Path) -> None:
    vacio = tmp_path / "vacio.csv"
    vacio.write_bytes(b"")
    with pytest.raises(ValueError, match="vacío"):
        importar_clips(sesion, vacio)
    blancos = tmp_path / "blancos.csv"
    blancos.write_text("\n \n", encoding="utf-8")
    with pytest.raises(ValueError, match="vacío"):
        importar_clips(sesion, blancos)
    encabezados = tmp_path / "encabezados.csv"
    encabezados.write_text("medio,fecha,hora,titulo\n", encoding="utf-8")
    resultado = importar_clips(sesion, encabezados)
    assert (resultado.guardadas, resultado.repetidas, resultado.errores) == (0, 0, [])


def test_faltan_columnas(sesion: Session, tmp_path: Path) -> None:
    archivo = tmp_path / "raro.csv"
    archivo.write_text("nombre,comentario\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="faltan columnas en el archivo: medio, fecha"):
        importar_clips(sesion, archivo)


def test_falta_hora_es_error_de_fila(
    sesion: Session, medios: dict[str, Medio], tmp_path: Path
) -> None:
    archivo = tmp_path / "sin_hora.csv"
    archivo.write_text("medio,fecha,titulo\nLa Poderosa Huasteca,2026-11-25,X\n", "utf-8")
    resultado = importar_clips(sesion, archivo)
    assert resultado.errores == [(2, "falta la hora de transmisión")]


def test_lectura_de_celdas() -> None:
    assert celda_hora("7:30") == dt.time(7, 30)
    assert celda_hora("12:15 a.m.") == dt.time(0, 15)
    assert celda_hora(0.5) == dt.time(12, 0)
    assert celda_fecha("11/25/2026", dia_primero=True) == (dt.date(2026, 11, 25), None)
    assert celda_fecha("03/04/26") == (dt.date(2026, 4, 3), None)
    assert celda_fecha("2026-11-25 07:30")[1] == dt.time(7, 30)
    assert celda_duracion("01:02:03") == 3723
    assert celda_duracion("2 min") == 120
    assert celda_duracion(None) is None
    with pytest.raises(ValueError, match="hora inválida"):
        celda_hora("25:00")
    with pytest.raises(ValueError, match="duración inválida"):
        celda_duracion("mucho")


def test_csv_multilinea_conserva_numero_de_linea(tmp_path: Path, directorio_datos: Path) -> None:
    archivo = tmp_path / "multi.csv"
    archivo.write_text('medio,texto\nA,"uno\ndos"\nB,tres\n', encoding="utf-8")
    tabla = leer_tabla(archivo)
    assert [f.linea for f in tabla.filas] == [2, 4]
    assert tabla.filas[0].valores["texto"] == "uno\ndos"
