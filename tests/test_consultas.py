"""Consultas del tablero contra una base real: periodos, agregados, búsqueda literal y filtros."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from datos.consultas import boletines as cb
from datos.consultas import medios as cm
from datos.consultas import notas as cn
from datos.modelos import (
    Ambito,
    Boletin,
    Convenio,
    Envio,
    EstadoBoletin,
    EstadoEnvio,
    EstadoRevision,
    Fuente,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    TipoAudiencia,
    TipoCaptura,
    TipoEnvio,
    TipoFuente,
    TipoMedio,
    TipoTestigo,
    Tono,
)
from datos.modelos import notas as modelos_notas

TITULO_PELIGROSO = "<script>alert('x')</script> Obra pública"


@dataclass
class Semilla:
    """Ids de lo sembrado para que las pruebas afirmen sobre ellos."""

    ahora: dt.datetime
    medios: dict[str, int] = field(default_factory=dict)
    boletines: dict[str, int] = field(default_factory=dict)
    notas: dict[str, int] = field(default_factory=dict)


def _medio(sesion: Session, nombre: str, audiencia: int | None, tipo: TipoMedio) -> Medio:
    """Crea un medio con audiencia declarada."""
    medio = Medio(
        nombre=nombre,
        tipo=tipo,
        ambito=Ambito.REGIONAL,
        audiencia=audiencia,
        audiencia_tipo=TipoAudiencia.VISITANTES_MES if audiencia else None,
        audiencia_fuente="Declaración del medio" if audiencia else None,
        audiencia_fecha=dt.date(2026, 1, 15) if audiencia else None,
    )
    sesion.add(medio)
    return medio


def _boletin(
    sesion: Session, numero: int, emision: dt.datetime, titular: str, tema: str
) -> Boletin:
    """Crea un boletín enviado."""
    boletin = Boletin(
        numero=numero,
        anio=emision.year,
        fecha_emision=emision,
        titular=titular,
        entradilla="El Ayuntamiento de Tampacán inauguró la red de agua potable.",
        cuerpo="La obra beneficia a 300 familias de la cabecera <b>municipal</b>.",
        area="Obras Públicas",
        tema=tema,
        estado=EstadoBoletin.ENVIADO,
    )
    sesion.add(boletin)
    return boletin


def _nota(
    sesion: Session, medio: Medio, clave: str, publicada: dt.datetime | None, **extra: object
) -> Nota:
    """Crea una nota web del medio."""
    datos: dict[str, object] = {
        "titulo": f"Nota {clave}",
        "texto": "El Ayuntamiento de Tampacán inauguró la red de agua potable. Texto propio.",
        "tipo_captura": TipoCaptura.RSS,
        "url_canonica": f"https://medio{medio.id}.example/{clave}",
        "hash_contenido": f"h-{clave}",
    }
    datos.update(extra)
    nota = Nota(medio=medio, fecha_publicacion=publicada, **datos)
    sesion.add(nota)
    return nota


def _envio(sesion: Session, boletin: Boletin, medio: Medio, estado: EstadoEnvio) -> None:
    """Registra el envío de un boletín a un medio."""
    sesion.add(
        Envio(
            tipo=TipoEnvio.BOLETIN,
            boletin=boletin,
            medio=medio,
            correo=f"redaccion{medio.id}@example.org",
            clave=f"boletin:{boletin.id}:medio:{medio.id}",
            estado=estado,
        )
    )


def _retoma(
    sesion: Session, nota: Nota, boletin: Boletin, nivel: NivelRetoma, **extra: object
) -> None:
    """Relaciona una nota con un boletín."""
    datos: dict[str, object] = {
        "puntaje": 0.9,
        "fidelidad": 0.8,
        "pasajes": [{"boletin": [0, 20], "nota": [0, 20]}],
    }
    datos.update(extra)
    sesion.add(Retoma(nota=nota, boletin=boletin, nivel=nivel, **datos))


def sembrar(sesion: Session, ahora: dt.datetime | None = None) -> Semilla:
    """Base pequeña: 3 medios, 4 boletines (uno del periodo anterior), 7 notas y sus retomas."""
    ahora = ahora or dt.datetime.now(dt.UTC)
    s = Semilla(ahora=ahora)
    sol = _medio(sesion, "El Sol de la Huasteca", 120_000, TipoMedio.DIGITAL)
    radio = _medio(sesion, "Radio Tampacán", 8_000, TipoMedio.RADIO)
    pulso = _medio(sesion, "Pulso Regional", None, TipoMedio.DIGITAL)
    sesion.flush()
    s.medios = {"sol": sol.id, "radio": radio.id, "pulso": pulso.id}
    b1 = _boletin(
        sesion, 1, ahora - dt.timedelta(days=3), "Inaugura el Ayuntamiento la red de agua", "agua"
    )
    b2 = _boletin(
        sesion, 2, ahora - dt.timedelta(days=10), "Jornada de salud en Chiconamel", "salud"
    )
    b3 = _boletin(sesion, 3, ahora - dt.timedelta(days=5), TITULO_PELIGROSO, "obras")
    b0 = _boletin(sesion, 4, ahora - dt.timedelta(days=40), "Boletín del periodo anterior", "agua")
    sesion.flush()
    s.boletines = {"b1": b1.id, "b2": b2.id, "b3": b3.id, "b0": b0.id}
    _envio(sesion, b1, sol, EstadoEnvio.ENVIADO)
    _envio(sesion, b1, radio, EstadoEnvio.CONFIRMADO)
    _envio(sesion, b2, sol, EstadoEnvio.ENVIADO)
    _envio(sesion, b2, pulso, EstadoEnvio.FALLIDO)
    _envio(sesion, b0, sol, EstadoEnvio.ENVIADO)
    n1 = _nota(sesion, sol, "n1", b1.fecha_emision + dt.timedelta(hours=5), tono=Tono.POSITIVO)
    n2 = _nota(
        sesion,
        pulso,
        "n2",
        b1.fecha_emision + dt.timedelta(hours=30),
        tono=Tono.NEUTRAL,
        url_canonica="urn:monitoreo:impreso:pulso:1",
        tipo_captura=TipoCaptura.PDF,
    )
    n3 = _nota(sesion, sol, "n3", b2.fecha_emision + dt.timedelta(hours=2), tono=Tono.POSITIVO)
    n4 = _nota(
        sesion,
        radio,
        "n4",
        ahora - dt.timedelta(days=1),
        tono=Tono.NEUTRAL,
        tono_confirmado=Tono.NEGATIVO,
        temas=["seguridad"],
        titulo="Quejas por inseguridad",
    )
    n5 = _nota(
        sesion,
        sol,
        "n5",
        ahora - dt.timedelta(days=4),
        tono=Tono.NEGATIVO,
        temas=["agua"],
        titulo="Falta de agua en la cabecera",
    )
    n6 = _nota(
        sesion,
        pulso,
        "n6",
        ahora - dt.timedelta(days=2),
        tono=Tono.POSITIVO,
        titulo="Descuento del 100% en predial_2026 y 'cita' del tesorero",
        temas=["hacienda"],
    )
    n7 = _nota(sesion, sol, "n7", b0.fecha_emision + dt.timedelta(hours=1), tono=Tono.POSITIVO)
    sesion.flush()
    s.notas = {f"n{i}": n.id for i, n in enumerate([n1, n2, n3, n4, n5, n6, n7], start=1)}
    _retoma(sesion, n1, b1, NivelRetoma.INTEGRA, fidelidad=0.95)
    _retoma(sesion, n2, b1, NivelRetoma.PARCIAL, fidelidad=0.4)
    _retoma(sesion, n3, b2, NivelRetoma.REESCRITA, estado=EstadoRevision.RECHAZADA)
    _retoma(sesion, n7, b0, NivelRetoma.INTEGRA)
    sesion.add(
        modelos_notas.Testigo(
            nota=n1,
            tipo=TipoTestigo.HTML,
            sha256="a" * 64,
            ruta="aa/aaaa.html.gz",
            tipo_mime="text/html",
            tamano=10,
        )
    )
    sesion.add(
        Fuente(
            medio=sol,
            tipo=TipoFuente.RSS,
            url="https://sol.example/rss",
            ultimo_exito=ahora - dt.timedelta(hours=1),
            ultimo_error=ahora - dt.timedelta(days=2),
            motivo_error="HTTP 503",
            fallas_consecutivas=0,
        )
    )
    sesion.add(
        Convenio(
            medio=sol,
            numero="CS-001/2026",
            concepto="Difusión",
            monto_sin_iva=Decimal("10000"),
            iva=Decimal("1600"),
            monto_total=Decimal("11600"),
            vigencia_inicio=dt.date(2026, 1, 1),
            vigencia_fin=dt.date(2026, 12, 31),
            notas_mes=4,
        )
    )
    sesion.flush()
    return s


def _periodo(s: Semilla, dias: int = 30) -> tuple[dt.datetime, dt.datetime]:
    """Los últimos `dias` días hasta ahora."""
    return s.ahora - dt.timedelta(days=dias), s.ahora + dt.timedelta(minutes=1)


def test_boletines_del_periodo_excluyen_el_anterior(sesion: Session) -> None:
    s = sembrar(sesion)
    tabla = cb.boletines_emitidos(sesion, *_periodo(s))
    assert set(tabla["boletin_id"]) == {s.boletines["b1"], s.boletines["b2"], s.boletines["b3"]}
    assert "001/" in tabla.loc[tabla["boletin_id"] == s.boletines["b1"], "folio"].iloc[0]


def test_lista_de_boletines_cuenta_envios_y_retomas_validas(sesion: Session) -> None:
    s = sembrar(sesion)
    tabla = cb.lista_boletines(sesion, *_periodo(s)).set_index("boletin_id")
    assert tabla.loc[s.boletines["b1"], "enviados"] == 2
    assert tabla.loc[s.boletines["b1"], "retomas"] == 2
    assert tabla.loc[s.boletines["b1"], "medios_publicaron"] == 2
    # El envío fallido no cuenta y la retoma rechazada tampoco.
    assert tabla.loc[s.boletines["b2"], "enviados"] == 1
    assert tabla.loc[s.boletines["b2"], "retomas"] == 0


def test_retomas_y_envios_del_periodo(sesion: Session) -> None:
    s = sembrar(sesion)
    retomas = cb.retomas_de_boletines(sesion, *_periodo(s))
    assert set(retomas["nota_id"]) == {s.notas["n1"], s.notas["n2"]}
    assert str(retomas["fecha_emision"].dt.tz) == "UTC"
    envios = cb.envios_de_boletines(sesion, *_periodo(s))
    assert len(envios) == 3


def test_matriz_de_datos_de_un_boletin(sesion: Session) -> None:
    s = sembrar(sesion)
    retomas = cb.retomas_del_boletin(sesion, s.boletines["b1"])
    fila = retomas.set_index("nota_id").loc[s.notas["n1"]]
    assert fila["testigo"] == "aa/aaaa.html.gz"
    assert fila["pasajes"] == [{"boletin": [0, 20], "nota": [0, 20]}]
    envios = cb.envios_del_boletin(sesion, s.boletines["b2"])
    assert set(envios["estado"]) == {"enviado", "fallido"}
    detalle = cb.detalle_boletin(sesion, s.boletines["b1"])
    assert detalle is not None and detalle.texto.startswith("El Ayuntamiento")
    assert cb.detalle_boletin(sesion, 999_999) is None


def test_conteo_de_tono_agregado_en_sql(sesion: Session) -> None:
    s = sembrar(sesion)
    conteo = cn.conteo_tono(sesion, *_periodo(s))
    assert conteo["notas"].sum() == 6
    assert cn.contar_notas(sesion, *_periodo(s)) == 6
    negativas = cn.notas_negativas(sesion, *_periodo(s))
    # n4 es neutral calculada pero negativa confirmada: el tono confirmado gana.
    assert set(negativas["nota_id"]) == {s.notas["n4"], s.notas["n5"]}


def test_busqueda_literal_de_caracteres_especiales(sesion: Session) -> None:
    s = sembrar(sesion)
    for texto in ("100%", "predial_2026", "'cita'"):
        tabla = cn.buscar_notas(sesion, cn.FiltroNotas(texto=texto))
        assert list(tabla["nota_id"]) == [s.notas["n6"]], texto
    # "%" y "_" no son comodines: "1_0" no debe encontrar "100".
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(texto="1_0%")) == 0
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(texto="'; DROP TABLE nota; --")) == 0
    assert cn.contar_busqueda(sesion, cn.FiltroNotas()) == 7


def test_filtros_de_notas(sesion: Session) -> None:
    s = sembrar(sesion)
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(tonos=("negativo",))) == 2
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(medios=(s.medios["pulso"],))) == 2
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(tipos_captura=("pdf",))) == 1
    integras = cn.buscar_notas(sesion, cn.FiltroNotas(niveles=("integra",)))
    assert set(integras["nota_id"]) == {s.notas["n1"], s.notas["n7"]}
    # La retoma rechazada no hace que n3 aparezca como reescrita.
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(niveles=("reescrita",))) == 0
    assert list(cn.buscar_notas(sesion, cn.FiltroNotas(tema="agua"))["nota_id"]) == [s.notas["n5"]]
    inicio, fin = _periodo(s, dias=30)
    assert cn.contar_busqueda(sesion, cn.FiltroNotas(inicio=inicio, fin=fin)) == 6
    assert cn.temas_de_notas(sesion) == ["agua", "hacienda", "seguridad"]


def test_paginacion_ordenada_por_fecha(sesion: Session) -> None:
    sembrar(sesion)
    primera = cn.buscar_notas(sesion, cn.FiltroNotas(), pagina=1, por_pagina=3)
    segunda = cn.buscar_notas(sesion, cn.FiltroNotas(), pagina=2, por_pagina=3)
    assert len(primera) == 3 and len(segunda) == 3
    assert set(primera["nota_id"]).isdisjoint(segunda["nota_id"])
    assert primera["fecha_publicacion"].is_monotonic_decreasing
    assert primera["nivel"].isna().sum() + primera["nivel"].notna().sum() == 3


def test_consultas_de_medios(sesion: Session) -> None:
    s = sembrar(sesion)
    catalogo = cm.catalogo_medios(sesion)
    assert list(catalogo["medio"]) == ["El Sol de la Huasteca", "Pulso Regional", "Radio Tampacán"]
    por_medio = cm.notas_por_medio(sesion, *_periodo(s)).set_index("medio_id")["notas"]
    assert por_medio[s.medios["sol"]] == 3
    salud = cm.salud_de_fuentes(sesion, s.medios["sol"])
    assert salud.iloc[0]["motivo_error"] == "HTTP 503"
    convenios = cm.convenios_del_medio(sesion, s.medios["sol"])
    assert convenios.iloc[0]["monto_total"] == 11600.0
    clases = cm.pagadas_y_ganadas(sesion, s.medios["sol"], *_periodo(s))
    assert clases.set_index("clase")["notas"].to_dict() == {"sin clasificar": 3}


def test_consultas_con_base_vacia(sesion: Session) -> None:
    ahora = dt.datetime.now(dt.UTC)
    inicio, fin = ahora - dt.timedelta(days=30), ahora
    assert cb.lista_boletines(sesion, inicio, fin).empty
    assert list(cb.boletines_emitidos(sesion, inicio, fin).columns)[:2] == ["boletin_id", "folio"]
    assert cb.retomas_de_boletines(sesion, inicio, fin).empty
    assert cn.conteo_tono(sesion, inicio, fin).empty
    assert cn.buscar_notas(sesion, cn.FiltroNotas(texto="agua")).empty
    assert cn.temas_de_notas(sesion) == []
