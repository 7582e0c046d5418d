"""Una sola forma de fecha en el tablero: DD/MM/AAAA (o «3 de diciembre de 2026»), nunca AAAA/MM/DD.

Recorre cada página con datos (seguimiento y oficina) y revisa lo que una persona lee: textos,
etiquetas de los selectores, métricas, celdas de las tablas y el formato de cada selector de fecha.
Una columna de tabla con fechas sin formatear se pinta como `2026-12-03 10:00:00`, así que
tampoco se permiten columnas de tipo fecha crudas.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from datos.modelos import Retoma, Rol
from datos.repositorio.revision import confirmar_retoma
from datos.repositorio.usuarios import crear_usuario
from tablero import app
from tablero.autenticacion import CLAVE_SESION, UsuarioActivo
from tests.fabricas import Semilla, en_base
from tests.test_paginas_oficina import APP, ESPERA_S, NOMBRES, datos, usuarios  # noqa: F401
from tests.test_revision import PAGINA as REVISION

# 2026-12-03, 2026/12/03 y 2026-12-03T10:00 (una fecha ISO o al revés), no «045/2026».
AL_REVES = re.compile(r"(?<![\w/.-])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?![\d/])")
PESTANAS_REVISION = ["Cola de revisión", "Impreso", "Radio y TV", "Facebook", "Importar clips"]


def _textos(at: AppTest) -> Iterator[str]:
    """Todo texto visible de la ejecución."""
    for tipo in ("markdown", "caption", "title", "subheader", "header", "info", "success"):
        yield from (str(e.value) for e in at.get(tipo))
    for tipo in ("warning", "error", "text", "toast"):
        yield from (str(e.value) for e in at.get(tipo))
    yield from (str(j.value) for j in at.json)
    for metrica in at.metric:
        yield f"{metrica.label} {metrica.value}"
    for tipo in ("selectbox", "multiselect", "radio"):
        for widget in at.get(tipo):
            yield from (str(o) for o in widget.options)
    yield from (str(b.label) for b in at.button)


def _celdas_al_reves(marco: pd.DataFrame) -> list[str]:
    """Columnas de fecha crudas y celdas de texto con una fecha AAAA-MM-DD."""
    malas = [f"columna {c} sin formato" for c in marco.columns if _es_fecha(marco[c])]
    for columna in marco.columns:
        valores = marco[columna].dropna().astype(str)
        malas += [f"{columna}: {v}" for v in valores if AL_REVES.search(v)]
    return malas


def _es_fecha(serie: pd.Series) -> bool:
    """True si la columna es de fechas (o de objetos fecha) sin convertir a texto."""
    if pd.api.types.is_datetime64_any_dtype(serie):
        return True
    muestra = serie.dropna().head(5).tolist()
    return bool(muestra) and all(hasattr(v, "isoformat") for v in muestra)


def _revisar(at: AppTest, pagina: str) -> list[str]:
    """Lo que la página muestra con la fecha al revés (o un selector de fecha sin DD/MM/YYYY)."""
    assert not at.exception, (pagina, [e.value for e in at.exception])
    malas = [f"{pagina}: {t}" for t in _textos(at) if AL_REVES.search(t)]
    malas += [
        f"{pagina}: selector «{d.label}» con formato {d.proto.format}"
        for d in at.date_input
        if d.proto.format != "DD/MM/YYYY"
    ]
    for tabla in at.dataframe:
        malas += [f"{pagina}: {m}" for m in _celdas_al_reves(tabla.value)]
    return malas


def _recorrer() -> list[str]:
    """Abre cada página del menú (y cada pestaña de Revisión) y junta lo que falla."""
    at = AppTest.from_file(APP, default_timeout=ESPERA_S)
    at.session_state[CLAVE_SESION] = en_base(
        UsuarioActivo(1, NOMBRES[Rol.DIRECTORA], Rol.DIRECTORA)
    )
    at.run()
    malas = []
    for pagina in app.PAGINAS:
        pestanas = PESTANAS_REVISION if pagina.archivo == REVISION else [None]
        for pestana in pestanas:
            if pestana is not None:
                at.session_state["revision_pestana"] = pestana
            at.switch_page(pagina.archivo).run()
            malas += _revisar(at, f"{pagina.titulo} {pestana or ''}".strip())
    return malas


def test_expresion_distingue_fechas_al_reves() -> None:
    assert AL_REVES.search("Capturado 2026-12-03 10:00")
    assert AL_REVES.search("2026/12/03")
    assert AL_REVES.search("revisado_en: ∅ → 2026-12-03T14:44:38+00:00")
    assert not AL_REVES.search("Boletín 045/2026 del 03/12/2026")
    assert not AL_REVES.search("https://sol.example/2026/12/03/nota")


@pytest.mark.lento
def test_ninguna_pagina_de_seguimiento_muestra_fechas_al_reves(
    sesion: Session, semilla: Semilla, cache_limpio: None
) -> None:
    # Una decisión deja en la bitácora la hora de revisión (texto ISO): debe verse DD/MM/AAAA.
    directora = crear_usuario(sesion, NOMBRES[Rol.DIRECTORA], "directora", "huasteca-2026-segura")
    retoma = sesion.scalars(select(Retoma)).first()
    assert retoma is not None
    confirmar_retoma(sesion, retoma.id, directora)
    sesion.commit()
    assert _recorrer() == []


@pytest.mark.lento
def test_ninguna_pagina_de_la_oficina_muestra_fechas_al_reves(
    datos: dict[str, int],  # noqa: F811
    cache_limpio: None,
) -> None:
    assert _recorrer() == []
