"""La campaña de la demo: en curso, con órdenes en tres medios y la radio corta de spots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos import config
from datos.consultas.campanas import cumplimiento
from datos.modelos import Medio, Nota, TipoCaptura
from demo.campanas import (
    DIARIO,
    PORTAL,
    RADIO,
    SLUG_PORTAL,
    TV,
    banner_de_portada,
    banner_por_capturar,
    cargar_campana,
    ligar_inserciones,
)
from demo.cargar import cargar
from demo.mundo import construir


def _paginas(s: Session, hoy: dt.date) -> None:
    """Las páginas 1 y 3 de las últimas cinco ediciones del diario, como las deja el rastreo."""
    diario = s.scalar(select(Medio).where(Medio.nombre == DIARIO))
    assert diario is not None
    zona = config.cargar().zona
    for atras in range(5):
        dia = hoy - dt.timedelta(days=atras)
        for pagina in (1, 3):
            s.add(
                Nota(
                    medio_id=diario.id,
                    url_canonica=f"http://diario/{dia}.pdf#{pagina}",
                    titulo=f"Página {pagina}",
                    texto="...",
                    tipo_captura=TipoCaptura.PDF,
                    fecha_publicacion=dt.datetime.combine(dia, dt.time(5), zona),
                    pagina=pagina,
                    hash_contenido=f"{dia}{pagina}",
                )
            )
    s.flush()


def test_campana_de_la_demo(sesion: Session) -> None:
    hoy = dt.datetime.now(config.cargar().zona).date()
    mundo = construir(hoy)
    cargar(sesion, mundo, {m.slug: f"http://127.0.0.1:1/{m.slug}/" for m in mundo.medios})
    campana = cargar_campana(sesion, hoy)
    assert campana.inicio < hoy < campana.fin
    _paginas(sesion, hoy)
    assert ligar_inserciones(sesion) == 4
    assert ligar_inserciones(sesion) == 0  # idempotente
    c = cumplimiento(sesion, campana.id)
    assert set(c.por_medio) == {RADIO, TV, DIARIO, PORTAL}
    assert c.por_medio[RADIO].faltan == 9 and c.por_medio[RADIO].entregadas == 31
    assert c.por_medio[TV].faltan == 0 and c.por_medio[DIARIO].faltan == 0
    assert c.por_medio[RADIO].costo_por_entrega == Decimal("598.71")
    convenios = {f.medio: f.convenio for f in c.ordenes}
    assert convenios[TV] is None
    assert str(convenios[RADIO]).startswith("CS/CONV/002/")
    assert str(convenios[DIARIO]).startswith("CS/CONV/001/")
    testigos = next(o for o in campana.ordenes if o.medio.nombre == DIARIO).entregas
    assert {e.nota.pagina for e in testigos if e.nota} == {3}
    # El banner de Huasteca Hoy espera la captura de su portada (la toma `monitoreo demo`).
    assert c.por_medio[PORTAL].faltan == 1
    pendiente = banner_por_capturar(sesion)
    assert pendiente is not None and pendiente[1] == f"http://127.0.0.1:1/{SLUG_PORTAL}/"
    assert "Agua para Todos" in banner_de_portada(SLUG_PORTAL)
    assert banner_de_portada("pulso-de-valles") == ""
