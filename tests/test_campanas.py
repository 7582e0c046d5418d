"""Campañas: órdenes por medio, bitácoras de spots con errores por línea y cumplimiento."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analisis.campanas import avance, sumar
from datos.consultas.campanas import cumplimiento, cumplimiento_a_dict
from datos.modelos import (
    Ambito,
    Campana,
    Convenio,
    Entrega,
    Medio,
    Nota,
    Orden,
    TipoCaptura,
    TipoMedio,
    TipoOrden,
)
from datos.repositorio.campanas import (
    DatosOrden,
    PautaInvalida,
    crear_campana,
    crear_orden,
    registrar_insercion,
    registrar_transmision,
)
from rastreadores.importadores.pauta import importar_bitacora
from tests.test_cli import correr

MX = ZoneInfo("America/Mexico_City")
INICIO, FIN = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def sembrar_campana(sesion: Session) -> Campana:
    """«Agua limpia» con radio (10 spots), TV (5 spots) e impreso (4 inserciones)."""
    sesion.add_all(
        [
            Medio(nombre="La Poderosa Huasteca", tipo=TipoMedio.RADIO, ambito=Ambito.REGIONAL),
            Medio(nombre="Canal 9 Huasteca", tipo=TipoMedio.TELEVISION, ambito=Ambito.REGIONAL),
            Medio(nombre="El Sol de la Huasteca", tipo=TipoMedio.IMPRESO, ambito=Ambito.REGIONAL),
        ]
    )
    sesion.flush()
    c = crear_campana(sesion, "Agua limpia", INICIO, FIN, "Cuida el agua, cuida tu salud")
    crear_orden(
        sesion,
        c,
        DatosOrden("La Poderosa Huasteca", TipoOrden.SPOT, 10, "3,500.00", horario="07:00-09:00"),
    )
    crear_orden(sesion, c, DatosOrden("Canal 9 Huasteca", TipoOrden.SPOT, 5, "6000"))
    crear_orden(
        sesion,
        c,
        DatosOrden(
            "El Sol de la Huasteca",
            TipoOrden.INSERCION,
            4,
            "8000",
            tamano="1/4 de plana",
            pagina="3",
        ),
    )
    sesion.flush()
    return c


@pytest.fixture
def campana(sesion: Session) -> Campana:
    """La campaña sembrada, sin entregas."""
    return sembrar_campana(sesion)


def orden_de(c: Campana, medio: str) -> Orden:
    """La orden de la campaña para ese medio."""
    return next(o for o in c.ordenes if o.medio.nombre == medio)


def _orden(c: Campana, medio: str) -> Orden:
    return next(o for o in c.ordenes if o.medio.nombre == medio)


def spots(s: Session, orden: Orden, n: int) -> None:
    for i in range(n):
        registrar_transmision(s, orden, dt.datetime(2026, 11, 2 + i, 7, 30, tzinfo=MX))


def pagina_impresa(s: Session, medio: Medio, dia: int, pagina: int = 3) -> Nota:
    """Página impresa del medio ya recolectada, del día dado de noviembre."""
    nota = Nota(
        medio_id=medio.id,
        url_canonica=f"urn:impreso:{medio.id}:{dia}:{pagina}",
        titulo="Página",
        texto="Cuida el agua",
        tipo_captura=TipoCaptura.PDF,
        fecha_publicacion=dt.datetime(2026, 11, dia, tzinfo=MX),
        pagina=pagina,
        hash_contenido=f"h{dia}{pagina}",
    )
    s.add(nota)
    s.flush()
    return nota


def test_cumplimiento_por_orden_medio_y_campana(sesion: Session, campana: Campana) -> None:
    radio, tv = _orden(campana, "La Poderosa Huasteca"), _orden(campana, "Canal 9 Huasteca")
    impreso = _orden(campana, "El Sol de la Huasteca")
    spots(sesion, radio, 7)
    spots(sesion, tv, 6)  # uno de más, bonificado
    for dia in (5, 12):
        assert registrar_insercion(sesion, impreso, pagina_impresa(sesion, impreso.medio, dia).id)
    c = cumplimiento(sesion, campana.id)
    radio_a = c.por_medio["La Poderosa Huasteca"]
    assert (radio_a.ordenadas, radio_a.entregadas, radio_a.faltan) == (10, 7, 3)
    assert radio_a.costo_por_entrega == Decimal("500.00")
    assert c.por_medio["Canal 9 Huasteca"].faltan == 0
    assert c.por_medio["Canal 9 Huasteca"].costo_por_entrega == Decimal("1000.00")
    assert c.por_medio["El Sol de la Huasteca"].costo_por_entrega == Decimal("4000.00")
    # El spot de más de la TV no paga los 3 que debe la radio ni las 2 inserciones.
    assert (c.total.ordenadas, c.total.entregadas, c.total.faltan) == (19, 15, 5)
    assert c.total.costo == Decimal("17500.00")
    assert c.total.costo_por_entrega == Decimal("1166.67")
    assert c.total.proporcion == pytest.approx(14 / 19)
    datos = cumplimiento_a_dict(c)
    assert datos["total"]["costo_por_entrega"] == "1166.67"
    assert next(m["medio"] for m in datos["medios"]) == "Canal 9 Huasteca"


def test_sin_entregas_no_hay_costo_por_entrega() -> None:
    a = avance(4, 0, Decimal("100"))
    assert a.costo_por_entrega is None and a.faltan == 4 and a.proporcion == 0
    assert sumar([]).proporcion is None


def test_validaciones_de_la_pauta(sesion: Session, campana: Campana) -> None:
    with pytest.raises(PautaInvalida, match="no transmite spots"):
        crear_orden(sesion, campana, DatosOrden("El Sol de la Huasteca", TipoOrden.SPOT, 3, "1"))
    with pytest.raises(PautaInvalida, match="mayor que cero"):
        crear_orden(sesion, campana, DatosOrden("Canal 9 Huasteca", TipoOrden.SPOT, 0, "1"))
    with pytest.raises(PautaInvalida, match="ya existe"):
        crear_campana(sesion, "agua  limpia".title(), INICIO, FIN)
    with pytest.raises(PautaInvalida, match="antes de empezar"):
        crear_campana(sesion, "Otra", FIN, INICIO)
    radio = _orden(campana, "La Poderosa Huasteca")
    impreso = _orden(campana, "El Sol de la Huasteca")
    with pytest.raises(PautaInvalida, match="fuera del periodo"):
        registrar_transmision(sesion, radio, dt.datetime(2026, 12, 1, 8, tzinfo=MX))
    with pytest.raises(PautaInvalida, match="otro medio"):
        registrar_insercion(sesion, impreso, pagina_impresa(sesion, radio.medio, 4).id)
    with pytest.raises(PautaInvalida, match="es de spots"):
        registrar_insercion(sesion, radio, pagina_impresa(sesion, radio.medio, 6).id)


def test_orden_ligada_al_convenio_del_mismo_medio(sesion: Session, campana: Campana) -> None:
    radio = _orden(campana, "La Poderosa Huasteca").medio
    conv = Convenio(
        medio_id=radio.id,
        numero="CS-01/2026",
        concepto="Difusión",
        monto_sin_iva=Decimal(100),
        iva=Decimal(16),
        monto_total=Decimal(116),
        vigencia_inicio=INICIO,
        vigencia_fin=FIN,
    )
    sesion.add(conv)
    sesion.flush()
    orden = crear_orden(
        sesion, campana, DatosOrden(radio.nombre, TipoOrden.SPOT, 2, "10", convenio_id=conv.id)
    )
    assert orden.convenio_id == conv.id
    assert cumplimiento(sesion, campana.id).ordenes[-1].convenio == "CS-01/2026"
    with pytest.raises(PautaInvalida, match="otro medio"):
        crear_orden(
            sesion,
            campana,
            DatosOrden("Canal 9 Huasteca", TipoOrden.SPOT, 2, "10", convenio_id=conv.id),
        )


BITACORA = """\
Emisora;Programa;Fecha;Hora;Duración
La Poderosa Huasteca;Noticiero matutino;03/11/2026;07:30;0:30
La Poderosa Huasteca;Noticiero matutino;04/11/2026;7.45 a. m.;30
La Poderosa Huasteca;Noticiero matutino;31/11/2026;07:30;30
La Poderosa Huasteca;Noticiero matutino;05/11/2026;25:99;30
La Poderosa Huasteca;Noticiero matutino;02/12/2026;07:30;30
Canal 9 Huasteca;Noticias 9;06/11/2026;20:00;30
La Poderosa Huasteca;Noticiero matutino;07/11/2026;;30
La Poderosa Huasteca;Noticiero matutino;08/11/2026;08:00;mucho

La Poderosa Huasteca;Noticiero matutino;03/11/2026;07:30;30
La Poderosa Huasteca;Deportes;09/11/2026;14:15;00:20
"""


def test_bitacora_con_lineas_malas(sesion: Session, campana: Campana, tmp_path: Path) -> None:
    radio = _orden(campana, "La Poderosa Huasteca")
    archivo = tmp_path / "bitacora.csv"
    archivo.write_bytes(BITACORA.encode("cp1252"))
    r = importar_bitacora(sesion, archivo, radio.id)
    assert (r.guardadas, r.repetidas) == (3, 1)
    errores = dict(r.errores)
    assert sorted(errores) == [4, 5, 6, 7, 8, 9]
    assert "fecha inválida" in errores[4]
    assert "hora inválida" in errores[5]
    assert "fuera del periodo" in errores[6]
    assert "Canal 9 Huasteca" in errores[7] and "orden" in errores[7]
    assert "falta la hora" in errores[8]
    assert "duración inválida" in errores[9]
    # Nada se pierde: las buenas quedan aunque haya malas alrededor, y reimportar no duplica.
    horas = sesion.scalars(select(Entrega.momento).where(Entrega.orden_id == radio.id)).all()
    assert sorted(m.astimezone(MX).strftime("%d %H:%M") for m in horas) == [
        "03 07:30",
        "04 07:45",
        "09 14:15",
    ]
    otra = importar_bitacora(sesion, archivo, radio.id)
    assert (otra.guardadas, otra.repetidas, len(otra.errores)) == (0, 4, 6)
    assert sesion.scalar(select(func.count(Entrega.id))) == 3


def test_bitacora_en_excel(sesion: Session, campana: Campana, tmp_path: Path) -> None:
    tv = _orden(campana, "Canal 9 Huasteca")
    libro = openpyxl.Workbook()
    hoja = libro.active
    assert hoja is not None
    hoja.append(["Channel", "Air date", "Start time", "Duration (sec)"])
    hoja.append(["Canal 9 Huasteca", dt.date(2026, 11, 10), dt.time(20, 5), 30])
    hoja.append(["Canal 9 Huasteca", "no es fecha", dt.time(20, 5), 30])
    hoja.append(["Canal 9 Huasteca", dt.datetime(2026, 11, 11, 21, 0), None, 700])
    libro.save(tmp_path / "tv.xlsx")
    r = importar_bitacora(sesion, tmp_path / "tv.xlsx", tv.id)
    assert r.guardadas == 1
    assert [linea for linea, _ in r.errores] == [3, 4]
    assert "duración fuera de rango" in r.errores[1][1]


def test_bitacora_sin_columna_de_fecha(sesion: Session, campana: Campana, tmp_path: Path) -> None:
    archivo = tmp_path / "mala.csv"
    archivo.write_text("medio,hora\nLa Poderosa Huasteca,07:00\n", encoding="utf-8")
    with pytest.raises(ValueError, match="faltan columnas en el archivo: fecha"):
        importar_bitacora(sesion, archivo, _orden(campana, "La Poderosa Huasteca").id)


@pytest.mark.lento
def test_cli_de_campanas(tmp_path: Path) -> None:
    datos = tmp_path / "datos"

    def ok(*args: str) -> str:
        r = correr(list(args), datos)
        assert r.returncode == 0, r.stderr
        return r.stdout

    ok(
        "medios",
        "agregar",
        "--nombre",
        "La Poderosa Huasteca",
        "--tipo",
        "radio",
        "--ambito",
        "regional",
    )
    assert "Campaña 1 creada" in ok(
        "campanas",
        "crear",
        "--nombre",
        "Agua limpia",
        "--desde",
        "2026-11-01",
        "--hasta",
        "2026-11-30",
    )
    r = correr(
        [
            "campanas",
            "orden",
            "--campana",
            "Agua limpia",
            "--medio",
            "Nadie",
            "--tipo",
            "spot",
            "--cantidad",
            "3",
            "--costo",
            "900",
        ],
        datos,
    )
    assert r.returncode == 2 and "no existe el medio" in r.stderr and "Traceback" not in r.stderr
    assert "Orden 1 registrada" in ok(
        "campanas",
        "orden",
        "--campana",
        "agua limpia",
        "--medio",
        "La Poderosa Huasteca",
        "--tipo",
        "spot",
        "--cantidad",
        "3",
        "--costo",
        "900",
    )
    (tmp_path / "b.csv").write_text(BITACORA, encoding="utf-8")
    salida = ok("campanas", "importar", str(tmp_path / "b.csv"), "--orden", "1")
    assert "Guardadas: 3 · repetidas: 1" in salida and "línea 4: fecha inválida" in salida
    assert "Entrega registrada" in ok(
        "campanas", "entrega", "--orden", "1", "--fecha", "2026-11-20", "--hora", "08:00"
    )
    total = json.loads(ok("campanas", "cumplimiento", "--campana", "1", "--json"))["total"]
    assert total == {
        "ordenadas": 3,
        "entregadas": 4,
        "faltan": 0,
        "cumplimiento": 1.0,
        "costo": "900.00",
        "costo_por_entrega": "225.00",
    }
    legible = ok("campanas", "cumplimiento", "--campana", "Agua limpia")
    assert "Poderosa" in legible and "Total" in legible and "$225.00" in legible
    r = correr(["campanas", "importar", str(tmp_path / "b.csv"), "--orden", "9"], datos)
    assert r.returncode == 2 and "no existe la orden 9" in r.stderr
    estado = json.loads(ok("estado", "--json"))
    assert (estado["campanas"], estado["ordenes"]) == (1, 1)


def test_seccion_del_reporte_mensual(sesion: Session, campana: Campana, tmp_path: Path) -> None:
    import pdfplumber

    from reportes.mensual import generar_mensual
    from reportes.mensual_campanas import filas_del_mes

    spots(sesion, _orden(campana, "La Poderosa Huasteca"), 7)
    # Un spot de diciembre de otra campaña no cuenta en el corte de noviembre.
    dic = crear_campana(sesion, "Fin de año", dt.date(2026, 11, 20), dt.date(2026, 12, 31))
    orden = crear_orden(sesion, dic, DatosOrden("Canal 9 Huasteca", TipoOrden.SPOT, 2, "500"))
    registrar_transmision(sesion, orden, dt.datetime(2026, 12, 2, 20, tzinfo=MX))
    filas = filas_del_mes(sesion, INICIO, FIN, MX)
    assert [f[:2] for f in filas] == [
        ["Agua limpia", "Canal 9 Huasteca"],
        ["Agua limpia", "El Sol de la Huasteca"],
        ["Agua limpia", "La Poderosa Huasteca"],
        ["Agua limpia", "Total"],
        ["Fin de año", "Canal 9 Huasteca"],
        ["Fin de año", "Total"],
    ]
    assert filas[2][2:] == ["10", "7", "3", "70.0 %", "$3,500.00", "$500.00"]
    assert filas[4][3:5] == ["0", "2"]
    assert filas_del_mes(sesion, dt.date(2026, 10, 1), dt.date(2026, 10, 31), MX) == []
    ruta = generar_mensual(sesion, 2026, 11, tmp_path / "m.pdf")
    with pdfplumber.open(ruta) as pdf:
        texto = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "Campañas: ordenado y entregado" in texto and "$500.00" in texto


def test_transparencia_con_hoja_de_campanas(
    sesion: Session, campana: Campana, tmp_path: Path
) -> None:
    from reportes.transparencia import ENCABEZADOS, HOJA_CAMPANAS, exportar_transparencia

    radio = _orden(campana, "La Poderosa Huasteca")
    conv = Convenio(
        medio_id=radio.medio_id,
        numero="CS-01/2026",
        concepto="Difusión",
        monto_sin_iva=Decimal(100),
        iva=Decimal(16),
        monto_total=Decimal(116),
        vigencia_inicio=INICIO,
        vigencia_fin=FIN,
    )
    sesion.add(conv)
    sesion.flush()
    radio.convenio_id = conv.id
    spots(sesion, radio, 7)
    salida = tmp_path / "t.xlsx"
    assert exportar_transparencia(sesion, salida, dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == 1
    libro = openpyxl.load_workbook(salida)
    assert libro.active is not None and libro.active.title == "LTAIPSLP84XXIXB"
    hoja = libro[HOJA_CAMPANAS]
    filas = [dict(zip(ENCABEZADOS, fila, strict=True)) for fila in hoja.iter_rows(values_only=True)]
    assert tuple(filas[0]) == ENCABEZADOS and len(filas) == 4
    por_medio = {f["Nombre comercial del proveedor"]: f for f in filas[1:]}
    fila = por_medio["La Poderosa Huasteca"]
    assert fila["Nombre de la campaña o aviso institucional"] == "Agua limpia"
    assert fila["Descripción de unidad"] == "spot (07:00-09:00)"
    assert fila["Costo por unidad"] == 350.0 and fila["Monto total del contrato"] == 3500.0
    assert fila["Monto sin IVA"] + fila["IVA"] == pytest.approx(3500.0)
    assert fila["Número o referencia de identificación del contrato"] == "CS-01/2026"
    assert "7 de 10" in fila["Nota"] and "CS-01/2026" in fila["Nota"]
    impreso = por_medio["El Sol de la Huasteca"]
    assert impreso["Tipo de medio (catálogo)"] == "Medios impresos"
    assert impreso["Número o referencia de identificación del contrato"].startswith("Orden ")
    vacio = tmp_path / "v.xlsx"
    exportar_transparencia(sesion, vacio, dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert openpyxl.load_workbook(vacio)[HOJA_CAMPANAS].max_row == 1
