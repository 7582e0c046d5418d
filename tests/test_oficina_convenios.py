"""Convenios (montos, cumplimiento, costo por nota, pagadas), padrón de medios y transparencia."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.cumplimiento import acordadas_en_mes, costo_por_nota, resumir
from datos.modelos import (
    Bitacora,
    Convenio,
    Medio,
    Mencion,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoEntidad,
    Tono,
)
from datos.repositorio.convenios import (
    ConvenioInvalido,
    calcular_montos,
    crear_convenio,
    editar_convenio,
)
from datos.repositorio.deshacer import entradas_desde, revertir_varias, ultima_entrada
from datos.repositorio.medios import (
    MedioInvalido,
    agregar_contacto,
    crear_medio,
    editar_medio,
    exportar_padron,
    importar_padron,
)
from oficina.convenios import (
    clasificar_notas,
    costo_por_nota_entregada,
    cumplimiento,
    marcar_pagadas,
)
from reportes.transparencia import ENCABEZADOS, exportar_trimestre, periodo_trimestre
from tests.test_oficina_boletines import MX, boletin, usuarios


def _medio(s: Session, nombre: str, **datos: object) -> Medio:
    """Medio impreso regional dado de alta por el personal."""
    return crear_medio(s, nombre=nombre, tipo="impreso", ambito="regional", usuario="beto", **datos)


def _convenio(s: Session, medio: Medio, numero: str, inicio: dt.date, fin: dt.date) -> Convenio:
    """Convenio de 10 notas al mes por 10,000 + IVA."""
    return crear_convenio(
        s,
        medio_id=medio.id,
        numero=numero,
        concepto="Difusión institucional",
        vigencia_inicio=inicio,
        vigencia_fin=fin,
        monto_sin_iva="10,000.00",
        notas_mes=10,
        usuario="beto",
    )


def _nota(s: Session, medio: Medio, clave: str, cuando: dt.datetime) -> Nota:
    """Nota del medio publicada en ese momento."""
    nota = Nota(
        medio_id=medio.id,
        url_canonica=f"https://{medio.id}.example/{clave}",
        titulo=clave,
        texto=clave,
        tipo_captura=TipoCaptura.RSS,
        hash_contenido=clave,
        fecha_publicacion=cuando,
    )
    s.add(nota)
    s.flush()
    return nota


def _retoma(s: Session, nota: Nota, boletin_id: int) -> None:
    """La nota retoma el boletín."""
    s.add(
        Retoma(
            nota_id=nota.id,
            boletin_id=boletin_id,
            nivel=NivelRetoma.INTEGRA,
            puntaje=0.9,
            fidelidad=0.9,
        )
    )
    s.flush()


def _mencion(s: Session, nota: Nota) -> None:
    """La nota menciona al Ayuntamiento."""
    s.add(
        Mencion(
            nota_id=nota.id,
            tipo=TipoEntidad.AYUNTAMIENTO,
            entidad="Ayuntamiento de Tampacán",
            texto="Ayuntamiento",
            inicio=0,
            fin=12,
        )
    )
    s.flush()


def test_montos_e_iva() -> None:
    assert calcular_montos("10000", None, None) == (
        Decimal("10000.00"),
        Decimal("1600.00"),
        Decimal("11600.00"),
    )
    assert calcular_montos(None, None, "$11,600.00") == (
        Decimal("10000.00"),
        Decimal("1600.00"),
        Decimal("11600.00"),
    )
    assert calcular_montos("1000", "0", None)[2] == Decimal("1000.00")  # exento
    with pytest.raises(ConvenioInvalido, match="no cuadran"):
        calcular_montos("1000", "160", "2000")
    with pytest.raises(ConvenioInvalido, match="negativo"):
        calcular_montos("-5", None, None)
    with pytest.raises(ConvenioInvalido, match="monto válido"):
        calcular_montos("mil pesos", None, None)
    with pytest.raises(ConvenioInvalido, match="indique"):
        calcular_montos(None, "160", None)


def test_alta_y_edicion_validadas(sesion: Session, directorio_datos: Path) -> None:
    usuarios(sesion)
    sol = _medio(sesion, "El Sol de la Huasteca")
    c = _convenio(sesion, sol, "CONV-2026-007", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (c.iva, c.monto_total) == (Decimal("1600.00"), Decimal("11600.00"))
    with pytest.raises(ConvenioInvalido, match="ya existe"):
        _convenio(sesion, sol, "CONV-2026-007", dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    with pytest.raises(ConvenioInvalido, match="termina antes"):
        _convenio(sesion, sol, "CONV-X", dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    with pytest.raises(ConvenioInvalido, match="entero"):
        editar_convenio(sesion, c.id, "beto", notas_mes=-1)
    assert editar_convenio(sesion, c.id, "ana", monto_sin_iva="20000") is True
    assert (c.iva, c.monto_total) == (Decimal("3200.00"), Decimal("23200.00"))
    sesion.flush()
    cambio = sesion.scalars(
        select(Bitacora).where(Bitacora.entidad == "convenio", Bitacora.accion == "modificar")
    ).one()
    assert cambio.usuario_nombre == "ana"
    assert cambio.cambios["monto_total"] == ["11600.00", "23200.00"]


def test_cumplimiento_costo_y_pagadas(sesion: Session, directorio_datos: Path) -> None:
    usuarios(sesion)
    sol = _medio(sesion, "El Sol de la Huasteca")
    otro = _medio(sesion, "Otro")
    c = _convenio(sesion, sol, "CONV-2026-010", dt.date(2026, 10, 16), dt.date(2026, 12, 31))
    b = boletin(sesion)
    oct20 = _nota(sesion, sol, "oct20", dt.datetime(2026, 10, 20, 9, tzinfo=MX))
    nov3 = _nota(sesion, sol, "nov3", dt.datetime(2026, 11, 3, 9, tzinfo=MX))
    nov10 = _nota(sesion, sol, "nov10", dt.datetime(2026, 11, 10, 9, tzinfo=MX))
    # 23:30 del 30 de noviembre en Tampacán es 1 de diciembre en UTC: cuenta para noviembre.
    nov30 = _nota(sesion, sol, "nov30", dt.datetime(2026, 11, 30, 23, 30, tzinfo=MX))
    queja = _nota(sesion, sol, "queja", dt.datetime(2026, 11, 12, 9, tzinfo=MX))
    ligada = _nota(sesion, sol, "insercion", dt.datetime(2026, 11, 20, 9, tzinfo=MX))
    ajena = _nota(sesion, sol, "deportes", dt.datetime(2026, 12, 5, 9, tzinfo=MX))
    antes = _nota(sesion, sol, "antes", dt.datetime(2026, 10, 10, 9, tzinfo=MX))
    de_otro = _nota(sesion, otro, "otro", dt.datetime(2026, 11, 3, 9, tzinfo=MX))
    for nota in (oct20, nov10, nov30, antes, de_otro, queja):
        _retoma(sesion, nota, b.id)
    _mencion(sesion, nov3)  # una mención suelta no es un entregable
    queja.tono = Tono.NEGATIVO  # retoma el boletín, pero es una crítica: no cuenta
    ligada.convenio_id = c.id  # inserción que el personal ligó al convenio
    sesion.flush()
    meses = cumplimiento(sesion, c.id, hoy=dt.date(2027, 1, 15))
    assert [(m.anio, m.mes) for m in meses] == [(2026, 10), (2026, 11), (2026, 12)]
    octubre, noviembre, diciembre = meses
    assert (octubre.acordadas, octubre.parcial, octubre.nota_ids) == (6, True, (oct20.id,))
    assert noviembre.nota_ids == tuple(sorted([nov10.id, nov30.id, ligada.id]))
    assert (noviembre.acordadas, noviembre.publicadas, noviembre.cumple) == (10, 3, False)
    assert noviembre.proporcion == pytest.approx(0.3)
    assert (diciembre.publicadas, diciembre.nota_ids, diciembre.estado) == (0, (), "no cumple")
    assert costo_por_nota_entregada(sesion, c.id) == Decimal("2900.00")
    desde = ultima_entrada(sesion)
    assert marcar_pagadas(sesion, c.id, "beto") == 4
    # Marcar pagadas se deshace nota por nota: cada una vuelve a como estaba.
    revertir_varias(sesion, entradas_desde(sesion, desde, "beto"), "beto")
    assert all(n.pagada is None for n in (oct20, nov3, nov10, nov30))
    assert marcar_pagadas(sesion, c.id, "beto") == 4
    assert marcar_pagadas(sesion, c.id, "beto") == 0
    assert all(n.pagada and n.convenio_id == c.id for n in (oct20, nov10, nov30, ligada))
    assert ajena.pagada is None and antes.pagada is None and queja.pagada is None
    # «nov3» (mención) y la queja caen en la vigencia pero no son entregables: ganadas.
    assert clasificar_notas(sesion) == (0, 4)
    assert antes.pagada is False and de_otro.pagada is False and ajena.pagada is None
    assert queja.pagada is False and nov3.pagada is False


def test_meses_futuros_pendientes_y_el_actual_en_curso(
    sesion: Session, directorio_datos: Path
) -> None:
    usuarios(sesion)
    sol = _medio(sesion, "El Sol de la Huasteca")
    c = _convenio(sesion, sol, "CONV-2026-011", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    b = boletin(sesion)
    for dia in (2, 5, 9):
        _retoma(
            sesion, _nota(sesion, sol, f"nov{dia}", dt.datetime(2026, 11, dia, tzinfo=MX)), b.id
        )
    meses = {m.mes: m for m in cumplimiento(sesion, c.id, hoy=dt.date(2026, 11, 12))}
    # Meses cerrados sin entregas: no cumplen. Diciembre aún no llega: pendiente, no falla.
    assert (meses[10].estado, meses[10].cumple) == ("no cumple", False)
    assert (meses[12].estado, meses[12].cumple, meses[12].esperadas) == ("pendiente", None, 0)
    # Noviembre va en el día 12 de 30: se exigen 4 de 10 (hacia abajo) y lleva 3.
    assert (meses[11].estado, meses[11].esperadas, meses[11].publicadas) == ("en curso", 4, 3)
    assert meses[11].cumple is None
    assert meses[11].texto_estado == "en curso (3 de 4 exigibles a la fecha)"
    resumen = resumir(meses.values())
    assert (resumen.meses_evaluados, resumen.meses_cumplidos) == (10, 0)
    assert resumen.texto == "0 de 10 meses cerrados"


def test_funciones_puras_de_cumplimiento() -> None:
    assert acordadas_en_mes(10, 2026, 2, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 10
    assert acordadas_en_mes(10, 2026, 2, dt.date(2026, 2, 15), dt.date(2026, 12, 31)) == 5
    assert costo_por_nota(Decimal("1000"), 3) == Decimal("333.33")
    assert costo_por_nota(Decimal("1000"), 0) is None


def test_padron_alta_exportar_importar(sesion: Session, directorio_datos: Path) -> None:
    usuarios(sesion)
    sol = _medio(sesion, "El Sol", rfc="ssh900101ab1", razon_social="=HYPERLINK(1)")
    agregar_contacto(sesion, sol.id, nombre="Laura", correo="Laura@Sol.example", usuario="beto")
    with pytest.raises(MedioInvalido, match="ya tiene"):
        agregar_contacto(sesion, sol.id, nombre="Otra", correo="laura@sol.example", usuario="beto")
    with pytest.raises(MedioInvalido, match="RFC"):
        editar_medio(sesion, sol.id, "beto", rfc="XYZ")
    with pytest.raises(MedioInvalido, match="tipo de medio"):
        crear_medio(sesion, nombre="Raro", tipo="telegrama", ambito="municipal", usuario="beto")
    assert sol.rfc == "SSH900101AB1"
    for sufijo in ("csv", "xlsx"):
        ruta = directorio_datos / f"padron.{sufijo}"
        assert exportar_padron(sesion, ruta) == 1
    libro = openpyxl.load_workbook(directorio_datos / "padron.xlsx")
    fila = [c.value for c in libro.active[2]]
    assert "'=HYPERLINK(1)" in fila and "laura@sol.example" in fila
    csv = directorio_datos / "nuevo.csv"
    csv.write_text(
        "medio,tipo,ambito,audiencia,rfc,contacto,correo,recibe_boletines,razon_social\n"
        "El Sol,impreso,regional,80000,,Laura,laura@sol.example,no,'=HYPERLINK(1)\n"
        "El Sol,impreso,regional,80000,,Mario,mario@sol.example,si,\n"
        "Radio Huasteca,radio,regional,,,Pepe,pepe@radio.example,,\n"
        "Malo,impreso,regional,,,Juan,no-es-correo,,\n",
        encoding="utf-8",
    )
    resultado = importar_padron(sesion, csv, "beto")
    assert (resultado.medios_nuevos, resultado.medios_actualizados) == (1, 1)
    assert (resultado.contactos_nuevos, resultado.contactos_actualizados) == (2, 1)
    assert len(resultado.errores) == 1 and "renglón 5" in resultado.errores[0]
    assert sesion.scalar(select(Medio).where(Medio.nombre == "Malo")) is None
    assert sol.audiencia == 80_000 and sol.razon_social == "=HYPERLINK(1)"
    laura = next(c for c in sol.contactos if c.nombre == "Laura")
    assert laura.recibe_boletines is False


def test_excel_de_transparencia(sesion: Session, directorio_datos: Path) -> None:
    usuarios(sesion)
    sol = _medio(sesion, "El Sol", rfc="SSH900101AB1", razon_social="=CMD|' /C calc'!A0")
    radio = crear_medio(
        sesion, nombre="Radio Huasteca", tipo="radio", ambito="municipal", usuario="beto"
    )
    _convenio(sesion, sol, "CONV-2026-007", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    _convenio(sesion, radio, "-CONV-RADIO", dt.date(2026, 11, 1), dt.date(2027, 1, 31))
    _convenio(sesion, radio, "CONV-2026-001", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    salida = directorio_datos / "transparencia.xlsx"
    pagos = {"CONV-2026-007": Decimal("34800")}
    assert exportar_trimestre(sesion, salida, 2026, 4, pagos=pagos) == 2
    hoja = openpyxl.load_workbook(salida).active
    encabezados = [c.value for c in hoja[1]]
    assert encabezados == list(ENCABEZADOS)
    assert encabezados[:9] == [
        "Ejercicio",
        "Fecha de inicio del periodo que se informa",
        "Fecha de término del periodo que se informa",
        "Función del sujeto obligado (catálogo)",
        "Área administrativa encargada de solicitar el servicio",
        "Clasificación de los servicios (catálogo)",
        "Tipo de servicio",
        "Tipo de medio (catálogo)",
        "Descripción de unidad",
    ]
    filas = [
        dict(zip(encabezados, (c.value for c in fila), strict=True))
        for fila in hoja.iter_rows(min_row=2)
    ]
    assert hoja.max_row == 3
    por_numero = {f["Número o referencia de identificación del contrato"]: f for f in filas}
    assert set(por_numero) == {"CONV-2026-007", "'-CONV-RADIO"}
    sol_fila = por_numero["CONV-2026-007"]
    assert sol_fila["Ejercicio"] == 2026
    assert sol_fila["Fecha de inicio del periodo que se informa"].date() == dt.date(2026, 10, 1)
    assert sol_fila["Fecha de término del periodo que se informa"].date() == dt.date(2026, 12, 31)
    assert sol_fila["Tipo de medio (catálogo)"] == "Medios impresos"
    assert sol_fila["Descripción de unidad"] == "10 notas al mes"
    assert sol_fila["Razón social del proveedor"] == "'=CMD|' /C calc'!A0"
    assert sol_fila["RFC del proveedor"] == "SSH900101AB1"
    assert sol_fila["Monto total del contrato"] == 11600
    assert sol_fila["Monto pagado al periodo publicado"] == 34800
    radio_fila = por_numero["'-CONV-RADIO"]
    assert radio_fila["Tipo de medio (catálogo)"] == "Radio"
    assert radio_fila["Cobertura (catálogo)"] == "Delegacional o municipal"
    assert radio_fila["Fecha de término de los servicios contratados"].date() == dt.date(
        2026, 12, 31
    )
    assert "Tesorería" in radio_fila["Nota"]
    assert periodo_trimestre(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    with pytest.raises(ValueError, match="trimestre"):
        periodo_trimestre(2026, 5)
