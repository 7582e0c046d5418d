"""Formato de transparencia del gasto en comunicación social (SIPOT): convenios y campañas.

La primera hoja lleva una fila por convenio; la segunda, con las mismas columnas, una fila por orden
de cada campaña del periodo (el gasto desglosado por campaña y proveedor que pide la fracción); una
tercera, fuera del formato, el cumplimiento mensual de cada convenio. La clave del formato
(LTAIPSLP84XXIXB en S.L.P., art. 84 fr. XXIX) y el estado y municipio vienen de la configuración
de la institución (MONITOREO_FORMATO_TRANSPARENCIA, MONITOREO_ESTADO, ...).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.campanas import Avance
from analisis.cumplimiento import CumplimientoMes, meses_entre
from analisis.normalizar import MESES, celda_segura
from datos.config import cargar
from datos.consultas.campanas import campanas_del_periodo, cumplimiento
from datos.consultas.metricas import cumplimiento_de_convenio
from datos.modelos import Convenio, Orden, TipoMedio
from datos.repositorio.convenios import TASA_IVA, convenios_del_periodo
from reportes import DIRECCION
from reportes.formato import rango_utc

log = logging.getLogger(__name__)


def formato() -> str:
    """Clave del formato de transparencia configurada (LTAIPSLP84XXIXB en San Luis Potosí)."""
    return cargar().institucion.formato_transparencia


def _ambito_configurado() -> str:
    """«Tampacán, San Luis Potosí» según la institución configurada."""
    return cargar().institucion.ambito


def _fundamento() -> str:
    """Ley de adquisiciones del estado configurado."""
    estado = cargar().institucion.estado
    ley = "Ley de Adquisiciones, Arrendamientos y Servicios"
    return f"{ley} del Estado de {estado}" if estado else f"{ley} del Estado"


HOJA_CAMPANAS = "Campañas"
TITULO = (
    "Erogación de los recursos por contratación de servicios de impresión, difusión y publicidad"
)
# Catálogo «Tipo de medio» del formato (SIPOT) para cada tipo de medio del padrón.
TIPO_DE_MEDIO: dict[TipoMedio, str] = {
    TipoMedio.IMPRESO: "Medios impresos",
    TipoMedio.DIGITAL: "Internet",
    TipoMedio.RADIO: "Radio",
    TipoMedio.TELEVISION: "Televisión",
    TipoMedio.RED_SOCIAL: "Internet",
    TipoMedio.AGENCIA: "Otros",
}
COBERTURA = {"municipal": "Delegacional o municipal", "regional": "Estatal"}


@dataclass(frozen=True)
class Ajustes:
    """Valores fijos del sujeto obligado que el formato repite en cada fila."""

    funcion: str = "Contratante y solicitante"
    area_solicitante: str = DIRECCION
    clasificacion: str = "Servicio de difusión en medios de comunicación"
    tipo_campana: str = "Aviso institucional"
    objetivo_institucional: str = "Informar a la población de las acciones del Ayuntamiento"
    objetivo_comunicacion: str = "Difundir las acciones y servicios del Ayuntamiento"
    ambito_geografico: str = field(default_factory=_ambito_configurado)
    procedimiento: str = "Adjudicación directa"
    fundamento: str = field(default_factory=_fundamento)
    partida: str = "3600 Servicios de comunicación social y publicidad"
    area_responsable: str = DIRECCION
    fecha_validacion: dt.date | None = None


@dataclass(frozen=True)
class Fila:
    """Un convenio en un periodo, con lo que hace falta para llenar las columnas."""

    convenio: Convenio
    inicio: dt.date
    fin: dt.date
    ajustes: Ajustes
    pagado: Decimal | None
    hoy: dt.date = field(default_factory=lambda: dt.datetime.now(cargar().zona).date())


def _unidad(c: Convenio) -> str:
    """Descripción de la unidad contratada a partir de los entregables mensuales."""
    partes = [
        f"{n} {nombre} al mes"
        for n, nombre in (
            (c.notas_mes, "notas"),
            (c.spots_mes, "spots"),
            (c.banners_mes, "banners"),
            (c.inserciones_mes, "inserciones"),
        )
        if n
    ]
    return "; ".join(partes) or "Servicio de difusión"


def _costo_unidad(c: Convenio) -> Decimal | None:
    """Monto total entre las unidades acordadas en toda la vigencia."""
    por_mes = c.notas_mes + c.spots_mes + c.banners_mes + c.inserciones_mes
    unidades = por_mes * len(meses_entre(c.vigencia_inicio, c.vigencia_fin))
    return (c.monto_total / unidades).quantize(Decimal("0.01")) if unidades else None


def _nota(f: Fila) -> str:
    """Leyenda de la columna Nota: lo que no sale del sistema."""
    if f.pagado is None:
        return "El monto pagado al periodo se captura con los datos de Tesorería."
    return ""


AREA_RESPONSABLE = (
    "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información"
)


def _area(f: Fila) -> str:
    """Área solicitante del convenio o la de los ajustes."""
    return f.convenio.area_solicitante or f.ajustes.area_solicitante


def _campana(f: Fila) -> str:
    """Nombre de la campaña o, si no hay, el concepto (aviso institucional)."""
    return f.convenio.campana or f.convenio.concepto


def _cobertura(f: Fila) -> str:
    """Catálogo de cobertura a partir del ámbito del medio."""
    ambito = f.convenio.medio.ambito.value
    return COBERTURA.get(ambito, ambito.capitalize())


def _ambito(f: Fila) -> str:
    """Cobertura geográfica declarada por el medio o la del municipio."""
    return f.convenio.medio.cobertura_geografica or f.ajustes.ambito_geografico


def _razon_social(f: Fila) -> str:
    """Razón social del proveedor o, si falta en el padrón, su nombre."""
    return f.convenio.medio.razon_social or f.convenio.medio.nombre


def _inicio_servicio(f: Fila) -> dt.date:
    """Inicio de los servicios dentro del periodo."""
    return max(f.convenio.vigencia_inicio, f.inicio)


def _fin_servicio(f: Fila) -> dt.date:
    """Fin de los servicios dentro del periodo."""
    return min(f.convenio.vigencia_fin, f.fin)


# LA lista de columnas del formato, en orden: (encabezado, cómo se llena). Para ajustarla al
# formato vigente de la CEGAIP basta con editar, quitar o reordenar renglones aquí.
COLUMNAS: tuple[tuple[str, Callable[[Fila], object]], ...] = (
    ("Ejercicio", lambda f: f.inicio.year),
    ("Fecha de inicio del periodo que se informa", lambda f: f.inicio),
    ("Fecha de término del periodo que se informa", lambda f: f.fin),
    ("Función del sujeto obligado (catálogo)", lambda f: f.ajustes.funcion),
    ("Área administrativa encargada de solicitar el servicio", _area),
    ("Clasificación de los servicios (catálogo)", lambda f: f.ajustes.clasificacion),
    ("Tipo de servicio", lambda f: f.convenio.tipo_servicio or f.convenio.concepto),
    ("Tipo de medio (catálogo)", lambda f: TIPO_DE_MEDIO[f.convenio.medio.tipo]),
    ("Descripción de unidad", lambda f: _unidad(f.convenio)),
    ("Tipo (catálogo)", lambda f: "Campaña" if f.convenio.campana else f.ajustes.tipo_campana),
    ("Nombre de la campaña o aviso institucional", _campana),
    ("Año de la campaña", lambda f: f.convenio.vigencia_inicio.year),
    ("Tema de la campaña o aviso institucional", lambda f: f.convenio.concepto),
    ("Objetivo institucional", lambda f: f.ajustes.objetivo_institucional),
    ("Objetivo de comunicación", lambda f: f.ajustes.objetivo_comunicacion),
    ("Costo por unidad", lambda f: _costo_unidad(f.convenio)),
    ("Clave única de identificación de campaña", lambda f: None),
    ("Autoridad que proporcionó la clave", lambda f: None),
    ("Cobertura (catálogo)", _cobertura),
    ("Ámbito geográfico de cobertura", _ambito),
    ("Fecha de inicio de la campaña o aviso institucional", lambda f: f.convenio.vigencia_inicio),
    ("Fecha de término de la campaña o aviso institucional", lambda f: f.convenio.vigencia_fin),
    ("Sexo (catálogo)", lambda f: "Femenino y masculino"),
    ("Lugar de residencia", lambda f: f.ajustes.ambito_geografico),
    ("Nivel educativo", lambda f: "Indistinto"),
    ("Grupo de edad", lambda f: "Indistinto"),
    ("Nivel socioeconómico", lambda f: "Indistinto"),
    ("Razón social del proveedor", _razon_social),
    ("Nombre comercial del proveedor", lambda f: f.convenio.medio.nombre),
    ("RFC del proveedor", lambda f: f.convenio.medio.rfc),
    ("Procedimiento de contratación (catálogo)", lambda f: f.ajustes.procedimiento),
    ("Fundamento jurídico del proceso de contratación", lambda f: f.ajustes.fundamento),
    ("Partida genérica", lambda f: f.ajustes.partida),
    ("Fecha de firma del contrato", lambda f: f.convenio.vigencia_inicio),
    ("Número o referencia de identificación del contrato", lambda f: f.convenio.numero),
    ("Objeto del contrato", lambda f: f.convenio.concepto),
    ("Hipervínculo al contrato firmado", lambda f: None),
    ("Monto sin IVA", lambda f: f.convenio.monto_sin_iva),
    ("IVA", lambda f: f.convenio.iva),
    ("Monto total del contrato", lambda f: f.convenio.monto_total),
    ("Monto pagado al periodo publicado", lambda f: f.pagado),
    ("Fecha de inicio de los servicios contratados", _inicio_servicio),
    ("Fecha de término de los servicios contratados", _fin_servicio),
    ("Número de factura", lambda f: None),
    ("Hipervínculo a la factura", lambda f: None),
    (AREA_RESPONSABLE, lambda f: f.ajustes.area_responsable),
    ("Fecha de validación", lambda f: f.ajustes.fecha_validacion or f.hoy),
    ("Fecha de actualización", lambda f: f.hoy),
    ("Nota", _nota),
)
ENCABEZADOS = tuple(nombre for nombre, _ in COLUMNAS)


# --- Campañas: una fila por orden, con las mismas columnas ------------------------------------


@dataclass(frozen=True)
class FilaOrden:
    """Una orden de campaña en un periodo, con lo entregado hasta el fin del periodo."""

    orden: Orden
    avance: Avance
    inicio: dt.date
    fin: dt.date
    ajustes: Ajustes
    hoy: dt.date = field(default_factory=lambda: dt.datetime.now(cargar().zona).date())


SERVICIO_ORDEN = {
    "spot": "Spots en radio y televisión",
    "insercion": "Inserciones en medios impresos",
    "banner": "Banners en internet",
}
UNIDAD_ORDEN = {"spot": "spots", "insercion": "inserciones", "banner": "banners"}


def _sin_iva(o: Orden) -> Decimal:
    """Costo de la orden (con IVA) sin el IVA general."""
    return (o.costo / (1 + TASA_IVA)).quantize(Decimal("0.01"))


def _unidad_orden(o: Orden) -> str:
    """«spot (07:00-09:00)», «inserción 1/4 de plana», «banner»."""
    base = {"spot": "spot", "insercion": "inserción", "banner": "banner"}[o.tipo.value]
    detalle = o.horario if o.tipo.value == "spot" else o.tamano
    return f"{base} ({detalle})" if detalle else base


def _nota_orden(f: FilaOrden) -> str:
    """Lo entregado y, si la orden es parte de un convenio, que su monto no se suma dos veces."""
    a = f.avance
    texto = f"Entregado al cierre del periodo: {a.entregadas} de {a.ordenadas}."
    if f.orden.convenio is not None:
        texto += f" Su monto forma parte del convenio {f.orden.convenio.numero}; no se suma aparte."
    return texto


# Llenado de cada columna de ENCABEZADOS para una orden; una columna que no esté aquí va vacía.
POR_ORDEN: dict[str, Callable[[FilaOrden], object]] = {
    "Ejercicio": lambda f: f.inicio.year,
    "Fecha de inicio del periodo que se informa": lambda f: f.inicio,
    "Fecha de término del periodo que se informa": lambda f: f.fin,
    "Función del sujeto obligado (catálogo)": lambda f: f.ajustes.funcion,
    "Área administrativa encargada de solicitar el servicio": lambda f: f.ajustes.area_solicitante,
    "Clasificación de los servicios (catálogo)": lambda f: f.ajustes.clasificacion,
    "Tipo de servicio": lambda f: SERVICIO_ORDEN[f.orden.tipo.value],
    "Tipo de medio (catálogo)": lambda f: TIPO_DE_MEDIO[f.orden.medio.tipo],
    "Descripción de unidad": lambda f: _unidad_orden(f.orden),
    "Tipo (catálogo)": lambda f: "Campaña",
    "Nombre de la campaña o aviso institucional": lambda f: f.orden.campana.nombre,
    "Año de la campaña": lambda f: f.orden.campana.inicio.year,
    "Tema de la campaña o aviso institucional": lambda f: (
        f.orden.campana.mensaje or f.orden.campana.nombre
    ),
    "Objetivo institucional": lambda f: f.ajustes.objetivo_institucional,
    "Objetivo de comunicación": lambda f: f.ajustes.objetivo_comunicacion,
    "Costo por unidad": lambda f: (f.orden.costo / f.orden.cantidad).quantize(Decimal("0.01")),
    "Cobertura (catálogo)": lambda f: COBERTURA.get(
        f.orden.medio.ambito.value, f.orden.medio.ambito.value.capitalize()
    ),
    "Ámbito geográfico de cobertura": lambda f: (
        f.orden.medio.cobertura_geografica or f.ajustes.ambito_geografico
    ),
    "Fecha de inicio de la campaña o aviso institucional": lambda f: f.orden.campana.inicio,
    "Fecha de término de la campaña o aviso institucional": lambda f: f.orden.campana.fin,
    "Sexo (catálogo)": lambda f: "Femenino y masculino",
    "Lugar de residencia": lambda f: f.ajustes.ambito_geografico,
    "Nivel educativo": lambda f: "Indistinto",
    "Grupo de edad": lambda f: "Indistinto",
    "Nivel socioeconómico": lambda f: "Indistinto",
    "Razón social del proveedor": lambda f: f.orden.medio.razon_social or f.orden.medio.nombre,
    "Nombre comercial del proveedor": lambda f: f.orden.medio.nombre,
    "RFC del proveedor": lambda f: f.orden.medio.rfc,
    "Procedimiento de contratación (catálogo)": lambda f: f.ajustes.procedimiento,
    "Fundamento jurídico del proceso de contratación": lambda f: f.ajustes.fundamento,
    "Partida genérica": lambda f: f.ajustes.partida,
    "Fecha de firma del contrato": lambda f: (
        f.orden.convenio.vigencia_inicio if f.orden.convenio else None
    ),
    "Número o referencia de identificación del contrato": lambda f: (
        f.orden.convenio.numero if f.orden.convenio else f"Orden {f.orden.id}"
    ),
    "Objeto del contrato": lambda f: (
        f"{f.orden.cantidad} {UNIDAD_ORDEN[f.orden.tipo.value]} "
        f"de la campaña {f.orden.campana.nombre}"
    ),
    "Monto sin IVA": lambda f: _sin_iva(f.orden),
    "IVA": lambda f: f.orden.costo - _sin_iva(f.orden),
    "Monto total del contrato": lambda f: f.orden.costo,
    "Fecha de inicio de los servicios contratados": lambda f: max(f.orden.campana.inicio, f.inicio),
    "Fecha de término de los servicios contratados": lambda f: min(f.orden.campana.fin, f.fin),
    AREA_RESPONSABLE: lambda f: f.ajustes.area_responsable,
    "Fecha de validación": lambda f: f.ajustes.fecha_validacion or f.hoy,
    "Fecha de actualización": lambda f: f.hoy,
    "Nota": _nota_orden,
}


def filas_de_campanas(
    s: Session, inicio: dt.date, fin: dt.date, ajustes: Ajustes | None = None
) -> list[list[object]]:
    """Una fila por orden de cada campaña que toca el periodo, en las columnas del formato."""
    ajustes = ajustes or Ajustes()
    _, corte = rango_utc(inicio, fin, cargar().zona)
    filas = []
    for campana_id in campanas_del_periodo(s, inicio, fin):
        avances = {f.orden_id: f.avance for f in cumplimiento(s, campana_id, corte).ordenes}
        for orden in s.scalars(select(Orden).where(Orden.campana_id == campana_id)):
            fila = FilaOrden(orden, avances[orden.id], inicio, fin, ajustes)
            filas.append(
                [celda_segura(POR_ORDEN[c](fila)) if c in POR_ORDEN else None for c in ENCABEZADOS]
            )
    return filas


def periodo_trimestre(anio: int, trimestre: int) -> tuple[dt.date, dt.date]:
    """Primer y último día del trimestre (1–4)."""
    if trimestre not in {1, 2, 3, 4}:
        raise ValueError("el trimestre va de 1 a 4")
    mes_fin = trimestre * 3
    return dt.date(anio, mes_fin - 2, 1), dt.date(
        anio, mes_fin, calendar.monthrange(anio, mes_fin)[1]
    )


def filas_del_periodo(
    s: Session,
    inicio: dt.date,
    fin: dt.date,
    ajustes: Ajustes | None = None,
    pagos: Mapping[str, Decimal] | None = None,
) -> list[list[object]]:
    """Los valores de cada fila (un convenio vigente en el periodo), ya neutralizados."""
    if fin < inicio:
        raise ValueError("el periodo termina antes de empezar")
    ajustes = ajustes or Ajustes()
    pagos = pagos or {}
    filas = []
    for convenio in convenios_del_periodo(s, inicio, fin):
        fila = Fila(convenio, inicio, fin, ajustes, pagos.get(convenio.numero))
        filas.append([celda_segura(llenar(fila)) for _, llenar in COLUMNAS])
    return filas


ENCABEZADOS_CUMPLIMIENTO = (
    "Número de contrato",
    "Medio",
    "Mes",
    "Notas acordadas",
    "Notas entregadas (retomas y ligadas, sin críticas)",
    "Cumplimiento",
    "Estado",
)


def filas_de_cumplimiento(
    s: Session, inicio: dt.date, fin: dt.date, hoy: dt.date | None = None
) -> list[list[object]]:
    """Un renglón por convenio y mes del periodo: las cifras de la pantalla de convenios."""
    filas: list[list[object]] = []
    for convenio in convenios_del_periodo(s, inicio, fin):
        for m in cumplimiento_de_convenio(s, convenio.id, hoy):
            if (inicio.year, inicio.month) <= (m.anio, m.mes) <= (fin.year, fin.month):
                filas.append(_fila_cumplimiento(convenio, m))
    return filas


def _fila_cumplimiento(convenio: Convenio, m: CumplimientoMes) -> list[object]:
    """Renglón de la hoja de cumplimiento."""
    proporcion = None if m.proporcion is None else f"{m.proporcion * 100:.1f} %"
    return [
        celda_segura(convenio.numero),
        celda_segura(convenio.medio.nombre),
        f"{MESES[m.mes - 1]} de {m.anio}",
        m.acordadas,
        m.publicadas,
        proporcion or "—",
        m.texto_estado,
    ]


def _hoja_cumplimiento(libro: Workbook, filas: list[list[object]]) -> None:
    """Hoja aparte (el formato oficial no se toca) con el cumplimiento mensual."""
    hoja = libro.create_sheet("Cumplimiento")
    hoja.append(list(ENCABEZADOS_CUMPLIMIENTO))
    for celda in hoja[1]:
        celda.font = Font(bold=True)
    for fila in filas:
        hoja.append(fila)
    for columna in hoja.columns:
        hoja.column_dimensions[columna[0].column_letter].width = 22


def _escribir_hoja(hoja: Worksheet, filas: list[list[object]]) -> None:
    """Hoja con encabezados en negritas, fechas dd/mm/aaaa y montos con dos decimales."""
    hoja.append(list(ENCABEZADOS))
    for celda in hoja[1]:
        celda.font = Font(bold=True, color="FFFFFF")
        celda.fill = PatternFill("solid", fgColor="7A1E34")
        celda.alignment = Alignment(wrap_text=True, vertical="top")
    for fila in filas:
        hoja.append([float(v) if isinstance(v, Decimal) else v for v in fila])
    for renglon in hoja.iter_rows(min_row=2):
        for celda in renglon:
            if isinstance(celda.value, dt.date):
                celda.number_format = "DD/MM/YYYY"
            elif isinstance(celda.value, float):
                celda.number_format = "#,##0.00"
    for columna in hoja.columns:
        hoja.column_dimensions[columna[0].column_letter].width = 22
    hoja.freeze_panes = "A2"


def _escribir_libro(
    convenios: list[list[object]],
    campanas: list[list[object]],
    meses: list[list[object]],
    salida: Path,
) -> None:
    """Libro con la hoja de convenios (la activa), la de campañas y la de cumplimiento."""
    libro = Workbook()
    primera = libro.active
    assert primera is not None  # un libro nuevo siempre trae una hoja
    primera.title = formato()[:31]  # Excel no admite nombres de hoja más largos
    _escribir_hoja(primera, convenios)
    _escribir_hoja(libro.create_sheet(HOJA_CAMPANAS), campanas)
    _hoja_cumplimiento(libro, meses)
    salida.parent.mkdir(parents=True, exist_ok=True)
    libro.save(salida)


def exportar_transparencia(
    s: Session,
    salida: Path,
    inicio: dt.date,
    fin: dt.date,
    *,
    ajustes: Ajustes | None = None,
    pagos: Mapping[str, Decimal] | None = None,
) -> int:
    """Escribe el Excel de transparencia del periodo; devuelve cuántas filas (convenios) tiene."""
    filas = filas_del_periodo(s, inicio, fin, ajustes, pagos)
    meses = filas_de_cumplimiento(s, inicio, fin)
    _escribir_libro(filas, filas_de_campanas(s, inicio, fin, ajustes), meses, salida)
    log.info("%s del %s al %s: %d convenios en %s", formato(), inicio, fin, len(filas), salida)
    return len(filas)


def exportar_trimestre(
    s: Session,
    salida: Path,
    anio: int,
    trimestre: int,
    *,
    ajustes: Ajustes | None = None,
    pagos: Mapping[str, Decimal] | None = None,
) -> int:
    """Escribe el Excel de transparencia de un trimestre."""
    inicio, fin = periodo_trimestre(anio, trimestre)
    return exportar_transparencia(s, salida, inicio, fin, ajustes=ajustes, pagos=pagos)
