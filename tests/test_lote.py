"""Adaptador de análisis sobre la base real: retomas, menciones, tono, incrementalidad, revisión."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.emparejamiento import Documento
from analisis.lote import analizar, hash_boletin
from analisis.temas import clasificar_temas
from analisis.texto import normalizar
from analisis.tono import MOTIVO_RETOMA
from datos.modelos import (
    Ambito,
    Boletin,
    EstadoRevision,
    Medio,
    Mencion,
    NivelRetoma,
    Nota,
    Retoma,
    TerminoVigilado,
    TipoCaptura,
    TipoEntidad,
    TipoMedio,
    Tono,
)
from tests.test_emparejamiento import (
    COPIA_INTEGRA,
    COPIA_PARCIAL,
    MISMO_TEMA_OTRO_EVENTO,
    OBRA_FIN,
    OBRA_INICIO,
    PAGINA_IMPRESA,
    REESCRITA,
    SALUD,
    fecha,
)

CRITICA = Documento(
    id="N-critica",
    titulo="Vecinos reclaman a la alcaldesa por la basura",
    fecha=fecha(14),
    texto=(
        "Vecinos de la colonia Las Flores reclamaron a la presidenta municipal Rosa Elena Martínez "
        "Hernández que el camión recolector no pasa desde hace dos semanas y que la basura se "
        "acumula en las esquinas; acusaron que el Ayuntamiento de Tampacán no responde a sus "
        "reportes."
    ),
)


def _medio(sesion: Session) -> Medio:
    """Un medio digital de prueba."""
    medio = Medio(nombre="El Sol de la Huasteca", tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL)
    sesion.add(medio)
    return medio


def _boletin(sesion: Session, doc: Documento, numero: int, area: str | None = None) -> Boletin:
    """Inserta un boletín del juego propio (entradilla = primer párrafo)."""
    entradilla, cuerpo = doc.texto.split("\n\n", 1)
    assert doc.fecha is not None
    boletin = Boletin(
        numero=numero,
        anio=2026,
        fecha_emision=doc.fecha,
        titular=doc.titulo,
        entradilla=entradilla,
        cuerpo=cuerpo,
        area=area,
    )
    sesion.add(boletin)
    sesion.flush()
    return boletin


def _hash(texto: str) -> str:
    """Hash de contenido como lo calcularía el rastreador."""
    return hashlib.sha256(texto.encode()).hexdigest()


def _nota(sesion: Session, medio: Medio, doc: Documento) -> Nota:
    """Inserta una nota del juego propio."""
    nota = Nota(
        medio=medio,
        url_canonica=f"https://sol.example/{doc.id}",
        titulo=doc.titulo,
        texto=doc.texto,
        fecha_publicacion=doc.fecha,
        tipo_captura=TipoCaptura.SECCION,
        hash_contenido=_hash(doc.texto),
    )
    sesion.add(nota)
    sesion.flush()
    return nota


def _vigilancia(sesion: Session) -> None:
    """Lista de vigilancia mínima: Ayuntamiento y presidenta."""
    sesion.add_all(
        [
            TerminoVigilado(
                tipo=TipoEntidad.AYUNTAMIENTO,
                nombre="Ayuntamiento de Tampacán",
                variantes=["Ayuntamiento de Tampacán", "Ayuntamiento"],
            ),
            TerminoVigilado(
                tipo=TipoEntidad.FUNCIONARIO,
                nombre="Rosa Elena Martínez Hernández",
                variantes=["Rosa Elena Martínez Hernández", "Rosa Elena Martínez", "alcaldesa"],
            ),
        ]
    )


def _retomas(sesion: Session) -> dict[tuple[str, int], tuple[str, str, float]]:
    """(url de la nota, boletín) → (nivel, estado, puntaje) de todas las retomas."""
    filas = sesion.execute(select(Nota.url_canonica, Retoma).join(Retoma.nota)).all()
    return {
        (url.rsplit("/", 1)[1], r.boletin_id): (r.nivel.value, r.estado.value, r.puntaje)
        for url, r in filas
    }


def _base(sesion: Session) -> tuple[Medio, dict[str, Boletin], dict[str, Nota]]:
    """Base con boletines de obra y salud, notas del juego propio y vigilancia."""
    medio = _medio(sesion)
    _vigilancia(sesion)
    boletines = {
        "inicio": _boletin(sesion, OBRA_INICIO, 101, area="Obras Públicas"),
        "salud": _boletin(sesion, SALUD, 102, area="DIF"),
    }
    docs = [
        COPIA_INTEGRA,
        COPIA_PARCIAL,
        REESCRITA,
        PAGINA_IMPRESA,
        MISMO_TEMA_OTRO_EVENTO,
        CRITICA,
    ]
    notas = {d.id: _nota(sesion, medio, d) for d in docs}
    return medio, boletines, notas


@pytest.mark.lento
def test_analizar_escribe_retomas_menciones_y_tono(sesion: Session) -> None:
    """Primera corrida: retomas con nivel y pasajes, menciones con sin_boletin, tono y marca."""
    _, b, notas = _base(sesion)
    avances: list[tuple[int, int]] = []
    resumen = analizar(sesion, al_avanzar=lambda h, t: avances.append((h, t)))
    assert resumen.notas_analizadas == 6 and avances[-1] == (6, 6)
    assert resumen.retomas_nuevas == 4 and resumen.retomas_actualizadas == 0
    assert {k: v[0] for k, v in _retomas(sesion).items()} == {
        ("N-integra", b["inicio"].id): "integra",
        ("N-parcial", b["salud"].id): "parcial",
        ("N-reescrita", b["inicio"].id): "reescrita",
        ("N-pagina", b["salud"].id): "integra",
    }
    integra = notas["N-integra"].retomas[0]
    assert integra.fidelidad > 0.9 and integra.estado == EstadoRevision.AUTOMATICA
    (pasaje,) = integra.pasajes
    ini, fin = pasaje["boletin"]
    copiado = b["inicio"].texto[ini:fin]
    assert len(copiado) > 0.9 * len(b["inicio"].texto)
    assert normalizar(copiado) in normalizar(notas["N-integra"].texto)
    assert all(n.hash_analizado == n.hash_contenido and n.analizada_en for n in notas.values())
    assert all(n.tono in set(Tono) and n.tono_confirmado is None for n in notas.values())
    assert all(x.hash_analizado == hash_boletin(x) for x in b.values())
    # Temas: los del clasificador con el área del boletín retomado como pista.
    nota = notas["N-integra"]
    esperados = clasificar_temas(f"{nota.titulo}\n\n{nota.texto}", area="Obras Públicas")
    assert nota.temas == esperados


@pytest.mark.lento
def test_tono_de_retomas_y_de_la_critica(sesion: Session) -> None:
    """Las retomas publican comunicación propia (positivas) salvo que el medio agregue crítica."""
    _, _, notas = _base(sesion)
    analizar(sesion)
    retomas = ["N-integra", "N-reescrita", "N-pagina"]
    assert {k: notas[k].tono for k in retomas} == dict.fromkeys(retomas, Tono.POSITIVO)
    assert notas["N-integra"].tono_frases[0] == MOTIVO_RETOMA
    # La parcial copia dos párrafos del boletín y agrega reclamos de los habitantes: esos cuentan.
    parcial = notas["N-parcial"]
    assert parcial.tono == Tono.NEGATIVO
    assert all(f != MOTIVO_RETOMA for f in parcial.tono_frases)
    assert any("sin atención" in f or "reclamaron" in f for f in parcial.tono_frases)
    assert notas["N-critica"].tono == Tono.NEGATIVO
    assert any("reclamaron" in f for f in notas["N-critica"].tono_frases)


def test_menciones_con_y_sin_boletin(sesion: Session) -> None:
    """Las menciones de una nota sin retomas son ganadas (sin_boletin); las de una retoma, no."""
    _, _, notas = _base(sesion)
    resumen = analizar(sesion)
    critica = sesion.scalars(select(Mencion).where(Mencion.nota_id == notas["N-critica"].id)).all()
    assert {m.entidad for m in critica} >= {"Rosa Elena Martínez Hernández"}
    assert all(m.sin_boletin for m in critica)
    for m in critica:
        assert notas["N-critica"].texto[m.inicio : m.fin] == m.texto
        assert m.termino_id is not None
    integra = sesion.scalars(select(Mencion).where(Mencion.nota_id == notas["N-integra"].id)).all()
    assert integra and not any(m.sin_boletin for m in integra)
    assert resumen.menciones == sesion.query(Mencion).count()


def test_reanalizar_no_cambia_nada(sesion: Session) -> None:
    """La segunda corrida seguida no analiza ni modifica nada."""
    _base(sesion)
    analizar(sesion)
    sesion.commit()
    antes = _retomas(sesion)
    ids = {r.id for r in sesion.scalars(select(Retoma))}
    menciones = {m.id for m in sesion.scalars(select(Mencion))}
    segundo = analizar(sesion)
    assert (segundo.notas_analizadas, segundo.retomas_nuevas, segundo.menciones) == (0, 0, 0)
    assert not sesion.dirty and not sesion.new and not sesion.deleted
    assert _retomas(sesion) == antes
    assert {r.id for r in sesion.scalars(select(Retoma))} == ids
    assert {m.id for m in sesion.scalars(select(Mencion))} == menciones


def test_reanalizar_tras_releer_de_la_base(sesion: Session) -> None:
    """Con los objetos releídos de la base (fechas en UTC), la segunda corrida tampoco hace nada."""
    _base(sesion)
    analizar(sesion)
    sesion.commit()
    sesion.expire_all()
    assert analizar(sesion).notas_analizadas == 0


def test_completo_reanaliza_sin_duplicar(sesion: Session) -> None:
    """Con completo=True se re-analiza todo y no se duplica ni se cambia ninguna retoma."""
    _base(sesion)
    analizar(sesion)
    antes = _retomas(sesion)
    resumen = analizar(sesion, completo=True)
    assert resumen.notas_analizadas == 6
    assert (resumen.retomas_nuevas, resumen.retomas_actualizadas, resumen.menciones) == (0, 0, 0)
    assert _retomas(sesion) == antes


def test_decisiones_del_personal_se_respetan(sesion: Session) -> None:
    """Una retoma rechazada sigue rechazada y una confirmada sigue aunque ya no se detecte."""
    _, b, notas = _base(sesion)
    analizar(sesion)
    rechazada = notas["N-reescrita"].retomas[0]
    rechazada.estado = EstadoRevision.RECHAZADA
    confirmada = notas["N-integra"].retomas[0]
    confirmada.estado = EstadoRevision.CONFIRMADA
    confirmada.nivel = NivelRetoma.PARCIAL
    # La nota íntegra cambia por completo (corrección del medio): ya no retoma el boletín.
    notas["N-integra"].texto = CRITICA.texto
    notas["N-integra"].hash_contenido = _hash(CRITICA.texto)
    sesion.flush()
    analizar(sesion, completo=True)
    retomas = _retomas(sesion)
    assert retomas[("N-reescrita", b["inicio"].id)][:2] == ("reescrita", "rechazada")
    assert retomas[("N-integra", b["inicio"].id)][:2] == ("parcial", "confirmada")
    assert sesion.query(Retoma).count() == 4
    # Sin retomas vigentes, las menciones de la nota de la reescritura rechazada son ganadas.
    menciones = sesion.scalars(select(Mencion).where(Mencion.nota_id == notas["N-reescrita"].id))
    assert all(m.sin_boletin for m in menciones)


def test_retoma_automatica_que_ya_no_se_detecta_se_borra(sesion: Session) -> None:
    """Si la nota cambia y ya no retoma el boletín, la retoma automática desaparece."""
    _, _, notas = _base(sesion)
    analizar(sesion)
    nota = notas["N-parcial"]
    nota.texto = MISMO_TEMA_OTRO_EVENTO.texto
    nota.hash_contenido = _hash(nota.texto)
    sesion.flush()
    resumen = analizar(sesion)
    assert resumen.notas_analizadas == 1
    assert not any(k[0] == "N-parcial" for k in _retomas(sesion))


def test_boletin_nuevo_reempareja_notas_previas(sesion: Session) -> None:
    """Un boletín registrado después de las notas dispara el emparejamiento de las de su ventana."""
    medio = _medio(sesion)
    _boletin(sesion, OBRA_INICIO, 101)
    notas = [_nota(sesion, medio, d) for d in (COPIA_PARCIAL, PAGINA_IMPRESA, COPIA_INTEGRA)]
    analizar(sesion)
    assert {k[0] for k in _retomas(sesion)} == {"N-integra"}
    salud = _boletin(sesion, SALUD, 102)
    resumen = analizar(sesion)
    assert resumen.notas_analizadas >= 2 and resumen.retomas_nuevas == 2
    assert {k for k in _retomas(sesion) if k[1] == salud.id} == {
        ("N-parcial", salud.id),
        ("N-pagina", salud.id),
    }
    assert all(n.hash_analizado == n.hash_contenido for n in notas)
    assert analizar(sesion).notas_analizadas == 0


def test_boletin_corregido_actualiza_sus_retomas(sesion: Session) -> None:
    """Si se corrige el texto de un boletín, se re-emparejan las notas que lo retomaban."""
    medio = _medio(sesion)
    boletin = _boletin(sesion, OBRA_FIN, 103)
    nota = _nota(sesion, medio, Documento("N-fin", "t", OBRA_FIN.texto, OBRA_FIN.fecha))
    analizar(sesion)
    antes = nota.retomas[0].nivel
    boletin.cuerpo = boletin.cuerpo + "\n\n" + SALUD.texto + "\n\n" + OBRA_INICIO.texto
    sesion.flush()
    resumen = analizar(sesion)
    assert resumen.notas_analizadas == 1 and resumen.retomas_actualizadas == 1
    assert (antes, nota.retomas[0].nivel) == (NivelRetoma.INTEGRA, NivelRetoma.PARCIAL)


def test_sin_boletines_ni_terminos(sesion: Session) -> None:
    """Sin boletines ni lista de vigilancia, analizar marca las notas y no falla."""
    medio = _medio(sesion)
    nota = _nota(sesion, medio, CRITICA)
    resumen = analizar(sesion)
    assert resumen.notas_analizadas == 1 and resumen.retomas_nuevas == 0
    assert nota.hash_analizado == nota.hash_contenido and nota.tono is not None


def test_nota_de_otro_municipio_es_neutral_hacia_el_ayuntamiento(sesion: Session) -> None:
    """El tono se mide hacia el Ayuntamiento: elogios a otro municipio no le son favorables."""
    _vigilancia(sesion)
    medio = _medio(sesion)
    otra = Documento(
        "matlapa",
        "Estudiantes de Matlapa reciben apoyos escolares",
        "El Ayuntamiento de Matlapa entregó con éxito 38 becas que benefician a familias "
        "de la comunidad; padres de familia agradecieron el apoyo y celebraron el logro.",
        None,
    )
    nota = _nota(sesion, medio, otra)
    analizar(sesion)
    assert not nota.menciones and not nota.retomas
    assert nota.tono is Tono.NEUTRAL and nota.tono_puntaje == 0.0


def test_analizar_guarda_y_reutiliza_el_indice_de_boletines(sesion: Session) -> None:
    """analizar deja el índice de boletines en el directorio de datos; la siguiente lo reutiliza."""
    from analisis.lote import (
        cargar_indice,
        directorio_indice,
        documento_boletin,
        emparejador_con_indice,
    )

    _base(sesion)
    analizar(sesion, completo=True)
    guardados = cargar_indice(directorio_indice())
    boletines = list(sesion.scalars(select(Boletin)))
    assert len(guardados) == len(boletines) > 0
    documentos = [documento_boletin(b) for b in boletines]
    reutilizado = emparejador_con_indice(documentos, 7, [], directorio_indice())
    assert reutilizado.nuevos == []
    antes = _retomas(sesion)
    analizar(sesion, completo=True)
    assert _retomas(sesion) == antes
