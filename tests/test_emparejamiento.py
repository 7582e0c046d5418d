"""Emparejamiento nota ↔ boletín: niveles, no-retomas, pasajes, ventana, lotes y evaluación."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from analisis import niveles
from analisis.candidatos import IndiceNgramas
from analisis.emparejamiento import Documento, Emparejador, Pareja, emparejar_lote
from analisis.evaluacion import evaluar
from analisis.formatos import leer_documentos
from analisis.lote import emparejar_archivos
from analisis.pasajes import Secuencia, Tramo, alinear
from analisis.texto import hashes_ngramas, hashes_palabras, normalizar, tokenizar
from tests.conftest import datos_compartidos

MX = ZoneInfo("America/Mexico_City")


def fecha(dia: int, mes: int = 11, hora: int = 10) -> dt.datetime:
    """Fecha con zona de la oficina en 2026."""
    return dt.datetime(2026, mes, dia, hora, 0, tzinfo=MX)


# --- Boletines -----------------------------------------------------------------------------------

OBRA_INICIO = Documento(
    id="B-obra-inicio",
    titulo="Arranca la rehabilitación de la calle Hidalgo en la cabecera municipal",
    fecha=fecha(10),
    texto=(
        "Tampacán, S.L.P., 10 de noviembre de 2026.- La presidenta municipal Rosa Elena Martínez "
        "Hernández dio el banderazo de arranque a los trabajos de rehabilitación de la calle "
        "Hidalgo, "
        "en el tramo comprendido entre la plaza principal y el mercado municipal Benito Juárez.\n\n"
        "La obra contempla la sustitución de 480 metros lineales de red de drenaje sanitario, la "
        "construcción de banquetas accesibles y la colocación de concreto hidráulico en una "
        "superficie "
        "de 3,200 metros cuadrados, con una inversión de 4.8 millones de pesos del Fondo de "
        "Aportaciones para la Infraestructura Social.\n\n"
        "El director de Obras Públicas, Arturo Hernández Bautista, explicó que los trabajos "
        "durarán "
        "aproximadamente diez semanas y que se realizarán por etapas para no interrumpir el acceso "
        "de "
        "los comerciantes del mercado ni el paso de las rutas de transporte hacia Chiconamel.\n\n"
        "La alcaldesa pidió a las familias que viven sobre la calle Hidalgo su comprensión durante "
        "los "
        "trabajos y aseguró que la obra responde a una petición de más de quince años de los "
        "vecinos "
        "del barrio de La Lomita, quienes padecían encharcamientos cada temporada de lluvias.\n\n"
        "Al evento asistieron regidores del Cabildo, el comité de obra integrado por vecinos y "
        "representantes de la empresa constructora Huasteca Edificaciones."
    ),
)

SALUD = Documento(
    id="B-salud",
    titulo="Jornada de salud gratuita llega a Chiconamel",
    fecha=fecha(12),
    texto=(
        "Con el objetivo de acercar servicios médicos a las comunidades, el Sistema Municipal DIF "
        "de "
        "Tampacán realizó una jornada de salud gratuita en la localidad de Chiconamel, donde se "
        "atendió a 312 personas.\n\n"
        "Durante la jornada se ofrecieron consultas de medicina general, detección de diabetes e "
        "hipertensión, limpiezas dentales, vacunación contra la influenza estacional y pláticas de "
        "nutrición para madres de familia, con el apoyo de la Jurisdicción Sanitaria número "
        "cinco.\n\n"
        "La presidenta del DIF municipal, Claudia Ivonne Del Ángel Ramos, informó que la siguiente "
        "jornada se llevará a cabo en la comunidad de Tanquián Viejo el próximo mes de diciembre, "
        "y "
        "exhortó a la población a acudir con su credencial y su cartilla de vacunación.\n\n"
        "Además, se entregaron 85 pares de lentes graduados a adultos mayores y 40 sillas de "
        "ruedas "
        "a personas con discapacidad que fueron registradas previamente por el área de trabajo "
        "social."
    ),
)

OBRA_FIN = Documento(
    id="B-obra-fin",
    titulo="Entrega la alcaldesa la calle Hidalgo rehabilitada",
    fecha=fecha(15, 12),
    texto=(
        "Tampacán, S.L.P., 15 de diciembre de 2026.- Tras diez semanas de trabajo, la presidenta "
        "municipal Rosa Elena Martínez Hernández inauguró la calle Hidalgo totalmente "
        "rehabilitada, "
        "una obra largamente esperada por los vecinos del barrio de La Lomita.\n\n"
        "La obra contempla la sustitución de 480 metros lineales de red de drenaje sanitario, la "
        "construcción de banquetas accesibles y la colocación de concreto hidráulico en una "
        "superficie "
        "de 3,200 metros cuadrados, con una inversión de 4.8 millones de pesos del Fondo de "
        "Aportaciones para la Infraestructura Social.\n\n"
        "En el corte de listón, la señora Petra Cruz Antonio, vecina de la zona desde hace "
        "cuarenta "
        "años, agradeció que por fin las lluvias de septiembre no inundaron su casa, y los "
        "locatarios "
        "del mercado reportaron un aumento en la afluencia de compradores.\n\n"
        "La alcaldesa anunció que en enero iniciará la segunda etapa, que llevará la "
        "rehabilitación "
        "hasta el puente sobre el arroyo Tancuime, y reconoció la paciencia de los automovilistas."
    ),
)

AGUA_EN = Documento(
    id="B-water",
    titulo="Council launches safe water program for rural schools",
    fecha=fecha(18),
    texto=(
        "The Tampacan city council launched on Wednesday a program to install rainwater harvesting "
        "systems and purification filters in 14 rural elementary schools, benefiting more than "
        "2,100 students in the Huasteca region.\n\n"
        "Mayor Rosa Elena Martinez said the program, with a budget of 1.9 million pesos, was "
        "designed "
        "after a survey found that half of the rural schools lacked a reliable source of drinking "
        "water during the dry season between March and June.\n\n"
        "Each school will receive a 10,000 liter storage tank, gutters connected to the roof, and "
        "a "
        "ceramic filter unit, and teachers will be trained to maintain the equipment so that it "
        "keeps "
        "working after the contractor leaves.\n\n"
        "The first installations will take place at the schools of Tampacan Viejo and Xolol, and "
        "the "
        "remaining sites are expected to be completed before the end of the school year."
    ),
)

BOLETINES = [OBRA_INICIO, SALUD, OBRA_FIN, AGUA_EN]

# --- Notas ---------------------------------------------------------------------------------------

COPIA_INTEGRA = Documento(
    id="N-integra",
    titulo="Rehabilitan la calle Hidalgo",
    fecha=fecha(10, hora=18),
    texto="Redacción El Sol de la Huasteca\n\n" + OBRA_INICIO.texto.replace("S.L.P.", "SLP"),
)

_PARRAFOS_SALUD = SALUD.texto.split("\n\n")
COPIA_PARCIAL = Documento(
    id="N-parcial",
    titulo="Atienden a cientos en Chiconamel; piden clínica permanente",
    fecha=fecha(13),
    texto=(
        "Habitantes de Chiconamel, una de las comunidades más alejadas de la cabecera, señalaron "
        "que "
        "la última vez que un médico visitó la localidad fue hace casi un año, y que para "
        "cualquier "
        "consulta deben viajar más de una hora en camioneta hasta el hospital de Tamazunchale.\n\n"
        + _PARRAFOS_SALUD[0]
        + "\n\n"
        + _PARRAFOS_SALUD[1]
        + "\n\n"
        "Don Faustino Hernández, comisariado ejidal, pidió que además de las jornadas se construya "
        "una casa de salud con personal permanente, pues las emergencias nocturnas siguen sin "
        "atención; los vecinos reunieron firmas que entregarán al Congreso del Estado la próxima "
        "semana, y aseguraron que seguirán insistiendo hasta ser escuchados.\n\n"
        "En la comunidad también reclamaron el mal estado del camino de terracería, que en época "
        "de "
        "lluvias queda intransitable y deja a las familias incomunicadas durante varios días."
    ),
)

REESCRITA = Documento(
    id="N-reescrita",
    titulo="Con 4.8 mdp renovarán la calle Hidalgo de Tampacán",
    fecha=fecha(11),
    texto=(
        "Una inversión de 4.8 millones de pesos, procedente del fondo federal de infraestructura "
        "social, se destinará a renovar la calle Hidalgo de Tampacán, cuyos trabajos arrancaron "
        "este "
        "lunes con la presencia de la edil Rosa Elena Martínez.\n\n"
        "Según detalló Arturo Hernández Bautista, titular de Obras Públicas, se cambiarán 480 "
        "metros "
        "de tubería de drenaje, se harán banquetas accesibles para personas con discapacidad y se "
        "pavimentarán con concreto hidráulico unos 3,200 metros cuadrados entre la plaza y el "
        "mercado Benito Juárez. El funcionario calculó que la rehabilitación tomará cerca de diez "
        "semanas y se hará por tramos para que los locatarios y el transporte rumbo a Chiconamel "
        "puedan seguir circulando.\n\n"
        "Vecinos de La Lomita recordaron que llevaban más de quince años solicitando la obra, pues "
        "cada temporada de lluvias sus viviendas se inundaban; la alcaldesa les pidió paciencia "
        "mientras duren las labores."
    ),
)

PAGINA_IMPRESA = Documento(
    id="N-pagina",
    titulo="El Heraldo Huasteco, página 4",
    fecha=fecha(13, hora=6),
    texto=(
        "Choque en la carretera deja dos lesionados\n\n"
        "Dos personas resultaron lesionadas la noche del miércoles luego de que el conductor de "
        "una "
        "camioneta perdiera el control en una curva del tramo Tamazunchale–San Martín, a la altura "
        "del kilómetro 12. Paramédicos de la Cruz Roja trasladaron a los heridos al hospital "
        "general, "
        "donde se reportan estables. La Guardia Civil Estatal abrió una carpeta de "
        "investigación.\n\n"
        "Llevan salud a Chiconamel\n\n" + SALUD.texto + "\n\n"
        "Los Halcones de Axtla ganan el clásico regional\n\n"
        "Con un cuadrangular en la novena entrada, los Halcones de Axtla vencieron 5 a 4 a los "
        "Cañeros de Xilitla en el estadio de la Unidad Deportiva, ante más de dos mil aficionados. "
        "El lanzador abridor ponchó a nueve bateadores y el equipo llega a la final de la liga "
        "huasteca, que se jugará a partir del próximo domingo en Ciudad Valles."
    ),
)

MISMO_TEMA_OTRO_EVENTO = Documento(
    id="N-otro-evento",
    titulo="San Martín Chalchicuautla rehabilita la calle Morelos",
    fecha=fecha(11),
    texto=(
        "El Ayuntamiento de San Martín Chalchicuautla inició la rehabilitación de la calle "
        "Morelos, "
        "en el barrio de Tlacuapa, con una inversión de 2.3 millones de pesos de recursos "
        "propios.\n\n"
        "El alcalde Eusebio Ramírez Santiago explicó que se sustituirán 250 metros de drenaje y se "
        "colocará concreto hidráulico en 1,400 metros cuadrados, además de construir guarniciones "
        "y "
        "banquetas; los trabajos tardarán unas seis semanas.\n\n"
        "Los comerciantes de la zona pidieron que la obra se haga por etapas para no afectar sus "
        "ventas de fin de año, y el director de obras del municipio vecino prometió mantener "
        "abierto "
        "un carril durante toda la construcción."
    ),
)

MISMA_DEPENDENCIA_OTRA_OBRA = Documento(
    id="N-bacheo",
    titulo="Tampacán bachea la calle Juárez y el camino a Tancuime",
    fecha=fecha(12),
    texto=(
        "La Dirección de Obras Públicas de Tampacán inició un programa de bacheo en la calle "
        "Juárez "
        "y en el camino que lleva a la comunidad de Tancuime, donde los vecinos reportaban baches "
        "profundos desde la temporada de lluvias.\n\n"
        "El titular de la dependencia, Arturo Hernández Bautista, informó que se aplicarán 90 "
        "toneladas de mezcla asfáltica y que las cuadrillas trabajarán de noche para no afectar el "
        "tránsito de los camiones que llevan la caña al ingenio. La rehabilitación de la carpeta "
        "durará unas tres semanas y se hará por tramos, según el calendario de la dirección.\n\n"
        "Los transportistas pidieron que también se revise el puente sobre el arroyo, cuyas "
        "barandillas están dañadas desde hace meses."
    ),
)

NOTA_OBRA_FIN = Documento(
    id="N-obra-fin",
    titulo="Inauguran la calle Hidalgo",
    fecha=fecha(16, 12),
    texto=(
        "Tampacán.- " + OBRA_FIN.texto.split(".- ", 1)[1].rsplit("\n\n", 1)[0] + "\n\n"
        "Los asistentes coincidieron en que la obra cambió la imagen del centro del municipio."
    ),
)

ANTES_DEL_BOLETIN = Documento(
    id="N-antes",
    titulo="Rehabilitan la calle Hidalgo",
    fecha=fecha(7),
    texto=OBRA_INICIO.texto,
)

PARCIAL_EN = Documento(
    id="N-water-partial",
    titulo="Rural schools to get clean water, but parents want more",
    fecha=fecha(19),
    texto=(
        "Parents at several rural schools in the Huasteca said on Thursday that the lack of clean "
        "water has forced children to bring bottles from home for years, and that some families "
        "cannot afford them during the hottest months.\n\n"
        + "\n\n".join(AGUA_EN.texto.split("\n\n")[:2])
        + "\n\nLocal teachers welcomed the announcement but warned that several classrooms still "
        "have broken windows and no electricity, and asked the state education ministry to send "
        "inspectors before the rainy season begins."
    ),
)

REESCRITA_EN = Documento(
    id="N-water-rewrite",
    titulo="Tampacan to bring drinking water to 14 rural schools",
    fecha=fecha(19),
    texto=(
        "Fourteen rural elementary schools in Tampacan will get rainwater collection and water "
        "purification equipment under a new 1.9 million peso municipal initiative, officials "
        "announced this week. More than 2,100 pupils are expected to benefit.\n\n"
        "According to Mayor Rosa Elena Martinez, the plan came after a municipal survey showed "
        "that "
        "half of the schools in the countryside had no dependable drinking water in the dry "
        "months.\n\n"
        "Every campus is getting a storage tank of 10,000 liters, roof gutters and a ceramic "
        "filter; "
        "teachers will learn how to keep the systems running. Work begins in Tampacan Viejo and "
        "Xolol and should wrap up before the school year ends."
    ),
)

NOTAS = [
    COPIA_INTEGRA,
    COPIA_PARCIAL,
    REESCRITA,
    PAGINA_IMPRESA,
    MISMO_TEMA_OTRO_EVENTO,
    MISMA_DEPENDENCIA_OTRA_OBRA,
    NOTA_OBRA_FIN,
    ANTES_DEL_BOLETIN,
    PARCIAL_EN,
    REESCRITA_EN,
]

# Verdad del juego propio: (nota, boletín) → nivel; lo que no está aquí no es retoma.
VERDAD = {
    ("N-integra", "B-obra-inicio"): "integra",
    ("N-parcial", "B-salud"): "parcial",
    ("N-reescrita", "B-obra-inicio"): "reescrita",
    ("N-pagina", "B-salud"): "integra",
    ("N-obra-fin", "B-obra-fin"): "integra",
    ("N-water-partial", "B-water"): "parcial",
    ("N-water-rewrite", "B-water"): "reescrita",
}


@pytest.fixture(scope="module")
def emparejador() -> Emparejador:
    """Emparejador sobre los boletines del juego propio."""
    return Emparejador(BOLETINES, ventana_dias=7)


def por_boletin(parejas: list[Pareja]) -> dict[str, Pareja]:
    """Parejas de una nota por id de boletín."""
    return {p.boletin_id: p for p in parejas}


@pytest.mark.parametrize(
    ("nota", "esperado"), [(n, n.id) for n in NOTAS], ids=[n.id for n in NOTAS]
)
def test_niveles_del_juego_propio(emparejador: Emparejador, nota: Documento, esperado: str) -> None:
    """Cada nota retoma exactamente los boletines de la verdad, con su nivel."""
    obtenido = {p.boletin_id: p.nivel for p in emparejador.emparejar(nota)}
    verdad = {b: nivel for (n, b), nivel in VERDAD.items() if n == esperado}
    assert obtenido == verdad


def test_pasajes_en_caracteres_del_texto(emparejador: Emparejador) -> None:
    """Los pasajes señalan el mismo texto (normalizado) en el boletín y en la nota."""
    for nota in (COPIA_INTEGRA, COPIA_PARCIAL, PAGINA_IMPRESA, PARCIAL_EN):
        pareja = emparejador.emparejar(nota)[0]
        boletin = next(b for b in BOLETINES if b.id == pareja.boletin_id)
        assert pareja.pasajes
        for p in pareja.pasajes:
            en_boletin = boletin.texto[p.boletin[0] : p.boletin[1]]
            en_nota = nota.texto[p.nota[0] : p.nota[1]]
            assert normalizar(en_boletin) == normalizar(en_nota)
            assert len(tokenizar(en_boletin)) >= 5


def test_pagina_impresa_el_pasaje_cae_en_su_nota(emparejador: Emparejador) -> None:
    """En la página con tres notas, el pasaje es el de la nota retomada y no las otras."""
    (pareja,) = emparejador.emparejar(PAGINA_IMPRESA)
    inicio = PAGINA_IMPRESA.texto.index(SALUD.texto)
    assert pareja.fidelidad == 1.0
    # El pasaje termina en la última palabra (sin el punto final).
    assert pareja.pasajes[0].nota == (inicio, inicio + len(SALUD.texto.rstrip(".")))


def _columnas_de_periodico(texto: str, ancho: int = 38) -> str:
    """Texto en renglones angostos con palabras partidas por guion, como sale del OCR."""
    renglones, actual = [], ""
    for palabra in texto.split(" "):
        if len(actual) + len(palabra) > ancho and len(palabra) > 6:
            renglones.append(f"{actual} {palabra[:3]}-")
            actual = palabra[3:]
        else:
            actual = f"{actual} {palabra}".strip()
    return "\n".join([*renglones, actual])


def test_ocr_con_palabras_partidas_sigue_siendo_integra(emparejador: Emparejador) -> None:
    """Las palabras partidas al final del renglón no rompen los pasajes copiados."""
    nota = Documento("N-ocr", "Página 3", _columnas_de_periodico(SALUD.texto), fecha(13))
    assert nota.texto.count("-\n") > 10
    (pareja,) = emparejador.emparejar(nota)
    assert (pareja.boletin_id, pareja.nivel) == ("B-salud", "integra")
    assert pareja.fidelidad > 0.95


def test_sin_fechas_gana_el_boletin_del_hecho() -> None:
    """Sin fechas, la nota del boletín posterior no se atribuye al anterior del mismo proyecto."""
    sin_fecha = [Documento(b.id, b.titulo, b.texto) for b in BOLETINES]
    nota = Documento(NOTA_OBRA_FIN.id, NOTA_OBRA_FIN.titulo, NOTA_OBRA_FIN.texto)
    parejas = Emparejador(sin_fecha).emparejar(nota)
    assert [(p.boletin_id, p.nivel) for p in parejas] == [("B-obra-fin", "integra")]


def test_reescritura_del_boletin_posterior_sin_fechas() -> None:
    """Sin fechas, una reescritura de la entrega de la obra no se atribuye al arranque."""
    texto = (
        "Luego de diez semanas de obras, los vecinos de La Lomita ya cuentan con la calle Hidalgo "
        "renovada; la alcaldesa Rosa Elena Martínez Hernández encabezó la inauguración este "
        "martes. "
        "Petra Cruz Antonio, quien vive ahí desde hace cuatro décadas, contó que en septiembre por "
        "primera vez su vivienda no se inundó, mientras los comerciantes del mercado dicen vender "
        "más. La edil adelantó que en enero arrancará una segunda fase que extenderá los trabajos "
        "hasta el puente del arroyo Tancuime. Se invirtieron 4.8 millones de pesos en drenaje, "
        "banquetas y concreto hidráulico."
    )
    sin_fecha = [Documento(b.id, b.titulo, b.texto) for b in BOLETINES]
    parejas = Emparejador(sin_fecha).emparejar(Documento("N-fin-reescrita", "Calle nueva", texto))
    assert [(p.boletin_id, p.nivel) for p in parejas] == [("B-obra-fin", "reescrita")]


def test_nota_sin_fecha_no_se_filtra(emparejador: Emparejador) -> None:
    """Una nota sin fecha se compara con todos los boletines."""
    nota = Documento("N-sin-fecha", ANTES_DEL_BOLETIN.titulo, ANTES_DEL_BOLETIN.texto)
    assert [p.boletin_id for p in emparejador.emparejar(nota)] == ["B-obra-inicio"]


def test_ventana_de_dias_configurable() -> None:
    """Fuera de `ventana_dias` después del boletín ya no hay retoma; dentro sí."""
    tarde = Documento("N-tarde", "t", OBRA_INICIO.texto, fecha(20))
    assert Emparejador([OBRA_INICIO], ventana_dias=7).emparejar(tarde) == []
    assert len(Emparejador([OBRA_INICIO], ventana_dias=15).emparejar(tarde)) == 1


def test_una_nota_retoma_varios_boletines(emparejador: Emparejador) -> None:
    """Un resumen con párrafos de dos boletines retoma ambos, cada uno con sus pasajes."""
    obra = OBRA_INICIO.texto.split("\n\n")
    texto = "Resumen semanal.\n\n" + "\n\n".join([obra[1], obra[2], _PARRAFOS_SALUD[0]])
    nota = Documento("N-resumen", "Lo de la semana en Tampacán", texto, fecha(13))
    niveles = {p.boletin_id: p.nivel for p in emparejador.emparejar(nota)}
    assert niveles == {"B-obra-inicio": "parcial", "B-salud": "parcial"}


def test_resumen_con_copia_y_reescritura(emparejador: Emparejador) -> None:
    """Una nota que copia un boletín y reescribe otro de otro asunto retoma ambos."""
    texto = SALUD.texto + "\n\nEn otro tema:\n\n" + REESCRITA.texto
    nota = Documento("N-mixta", "Breves de Tampacán", texto, fecha(12, hora=20))
    niveles = {p.boletin_id: p.nivel for p in emparejador.emparejar(nota)}
    assert niveles == {"B-salud": "integra", "B-obra-inicio": "reescrita"}


def test_plantilla_de_los_boletines_no_es_retoma() -> None:
    """El pie que comparten muchos boletines no convierte en retoma a una nota que sólo lo cita."""
    pie = (
        "Para mayor información comuníquese a la Dirección de Comunicación Social del Ayuntamiento "
        "de Tampacán al teléfono 483 362 0000, extensión 104, de lunes a viernes en horario de "
        "oficina, o escriba al correo institucional de la dirección."
    )
    temas = ["feria", "deporte", "cultura", "agua", "caminos", "escuelas", "limpieza", "panteón"]
    boletines = [
        Documento(f"B{i}", f"Tema {t}", f"Se informó sobre {t} en la comunidad número {i}. {pie}")
        for i, t in enumerate(temas)
    ]
    nota = Documento(
        "N-pie",
        "Queja vecinal",
        "Vecinos se quejaron de la falta de alumbrado público en su colonia y dijeron que nadie "
        f"les responde. {pie} Sin embargo, aseguran que nunca contestan las llamadas.",
    )
    emparejador = Emparejador(boletines)
    assert emparejador.emparejar(nota) == []
    # La copia completa de un boletín (con su pie) es íntegra: el pie no cuenta en la fidelidad.
    copia = Documento("N-copia", "Copia", boletines[0].texto)
    (pareja,) = emparejador.emparejar(copia)
    assert (pareja.boletin_id, pareja.nivel, pareja.fidelidad) == ("B0", "integra", 1.0)


def test_emparejar_lote_igual_que_una_por_una(emparejador: Emparejador) -> None:
    """emparejar_lote produce las mismas parejas que emparejar nota por nota."""
    en_lote = list(emparejar_lote(BOLETINES, NOTAS))
    una_por_una = [p for n in NOTAS for p in emparejador.emparejar(n)]
    assert en_lote == una_por_una


def test_evaluacion_del_juego_propio() -> None:
    """Sobre el juego propio la evaluación es perfecta, y cuenta errores cuando los hay."""
    perfecta = evaluar(emparejar_lote(BOLETINES, NOTAS), VERDAD)
    assert (perfecta.precision, perfecta.recall, perfecta.exactitud_nivel) == (1.0, 1.0, 1.0)
    predichas = [
        Pareja("N-integra", "B-obra-inicio", "parcial", 0.9, 0.9, ()),
        Pareja("N-otro-evento", "B-obra-inicio", "reescrita", 0.5, 0.0, ()),
    ]
    e = evaluar(predichas, VERDAD)
    assert (e.verdaderos_positivos, e.falsos_positivos, e.falsos_negativos) == (1, 1, 6)
    assert e.precision == 0.5 and e.recall == pytest.approx(1 / 7)
    assert e.exactitud_nivel == 0.0 and e.confusion_niveles == {("integra", "parcial"): 1}
    assert e.falsos_positivos_pares == (("N-otro-evento", "B-obra-inicio"),)


def test_normalizar_sin_acentos_ni_puntuacion() -> None:
    """Minúsculas, sin acentos ni puntuación; los números conservan su forma."""
    assert normalizar("¡Inauguró LA Obra de 3,200 m², en Tampacán!") == (
        "inauguro la obra de 3200 m2 en tampacan"
    )


def _jsonl(ruta: Path, registros: list[dict[str, object]]) -> Path:
    """Escribe un JSON Lines."""
    ruta.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in registros) + "\n", "utf-8")
    return ruta


def _registro(d: Documento) -> dict[str, object]:
    """Documento como registro de B.jsonl/N.jsonl."""
    return {
        "id": d.id,
        "titulo": d.titulo,
        "texto": d.texto,
        "fecha": d.fecha and d.fecha.isoformat(),
    }


def test_emparejar_archivos_escribe_el_csv(tmp_path: Path) -> None:
    """B.jsonl + N.jsonl → P.csv con encabezado y una fila por retoma detectada."""
    b = _jsonl(tmp_path / "B.jsonl", [_registro(x) for x in BOLETINES])
    n = _jsonl(tmp_path / "N.jsonl", [_registro(x) | {"medio": "El Sol"} for x in NOTAS])
    salida = tmp_path / "P.csv"
    assert emparejar_archivos(b, n, salida, 7) == len(VERDAD)
    with salida.open(encoding="utf-8") as archivo:
        filas = list(csv.DictReader(archivo))
    assert list(filas[0]) == ["nota_id", "boletin_id", "nivel", "puntaje"]
    assert {(f["nota_id"], f["boletin_id"]): f["nivel"] for f in filas} == VERDAD
    assert all(0 < float(f["puntaje"]) <= 1 for f in filas)


def test_emparejar_archivos_fechas_solo_dia_e_ids_numericos(tmp_path: Path) -> None:
    """Acepta fechas AAAA-MM-DD, ids numéricos y títulos ausentes."""
    b = _jsonl(tmp_path / "B.jsonl", [{"id": 7, "texto": SALUD.texto, "fecha": "2026-11-12"}])
    n = _jsonl(tmp_path / "N.jsonl", [{"id": 1, "texto": SALUD.texto, "fecha": "2026-11-13"}])
    assert emparejar_archivos(b, n, tmp_path / "P.csv", 7) == 1
    assert "1,7,integra," in (tmp_path / "P.csv").read_text("utf-8")


@pytest.mark.parametrize(
    ("linea", "motivo"),
    [
        ('{"id": "x", "texto": "hola"', "línea 2: JSON inválido"),
        ('{"id": "x"}', "línea 2: falta el campo «texto»"),
        ('{"texto": "hola"}', "línea 2: falta el campo «id»"),
        ('{"id": "x", "texto": "a", "fecha": "ayer"}', "línea 2: fecha inválida"),
        ('["x"]', "línea 2: se esperaba un objeto JSON"),
        ('{"id": "N1", "texto": "otra vez"}', "línea 2: el id «N1» está repetido"),
    ],
)
def test_emparejar_archivos_errores_con_linea(tmp_path: Path, linea: str, motivo: str) -> None:
    """JSON roto o campos faltantes: ValueError en español con la línea, y sin P.csv a medias."""
    b = _jsonl(tmp_path / "B.jsonl", [_registro(SALUD)])
    n = tmp_path / "N.jsonl"
    n.write_text(json.dumps({"id": "N1", "texto": SALUD.texto}) + "\n" + linea + "\n", "utf-8")
    salida = tmp_path / "P.csv"
    with pytest.raises(ValueError, match=motivo):
        emparejar_archivos(b, n, salida, 7)
    assert not salida.exists()
    assert list(tmp_path.iterdir()) == [b, n] or sorted(tmp_path.iterdir()) == sorted([b, n])


def test_emparejar_archivos_sin_archivo(tmp_path: Path) -> None:
    """Un archivo inexistente es un ValueError claro."""
    with pytest.raises(ValueError, match="no existe el archivo"):
        emparejar_archivos(tmp_path / "B.jsonl", tmp_path / "N.jsonl", tmp_path / "P.csv", 7)


def test_indice_de_ngramas_corta_las_listas_largas() -> None:
    """Un n-grama de más de DF_MAX_NGRAMA boletines no propone candidatos (costo acotado)."""
    comun = "la presidenta municipal encabezó la ceremonia de honores a la bandera"
    textos = [f"{comun} en la escuela número {i} de la comunidad {i}" for i in range(80)]
    ngramas = [hashes_ngramas(hashes_palabras(tokenizar(t).palabras), 5) for t in textos]
    indice = IndiceNgramas(ngramas)
    consulta = hashes_ngramas(hashes_palabras(tokenizar(comun).palabras), 5)
    assert len(indice.contar(consulta)[0]) == 0
    propio = hashes_ngramas(hashes_palabras(tokenizar(textos[7]).palabras), 5)
    ids, cuentas = indice.contar(propio)
    assert ids[cuentas.argmax()] == 7 and cuentas.max() >= 3
    assert len(indice.plantilla) > 0


def _secuencia(palabras: list[int], n: int) -> Secuencia:
    """Secuencia de palabras (enteros) con sus n-gramas."""
    return Secuencia(palabras, hashes_ngramas(np.array(palabras, dtype=np.uint64), n).tolist())


def test_alinear_encuentra_tramos_maximales() -> None:
    """Los tramos comunes son maximales y respetan el mínimo de palabras."""
    boletin = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    nota = [99, 5, 6, 7, 8, 9, 10, 98, 1, 2, 3, 4, 97]
    tramos = alinear(_secuencia(boletin, 4), _secuencia(nota, 4), n=4)
    assert [(t.en_boletin, t.en_nota, t.largo) for t in tramos] == [(0, 8, 4), (4, 1, 6)]
    assert alinear(_secuencia(boletin, 5), _secuencia(nota, 5), n=5) == [Tramo(4, 1, 6)]


@pytest.mark.lento
def test_copias_de_articulos_reales_en_ingles() -> None:
    """Con 100 artículos reales en inglés (Zyte): copia íntegra → integra; media copia → retoma."""
    ruta = datos_compartidos("paginas", "zyte", "ground-truth.json")
    cuerpos = json.loads(ruta.read_text("utf-8"))
    textos = [v["articleBody"] for v in cuerpos.values() if len(v["articleBody"].split()) > 150]
    boletines = [Documento(f"B{i}", "", t) for i, t in enumerate(textos[:100])]
    ajenos = textos[100:]
    emparejador = Emparejador(boletines)
    integras = parciales = 0
    for i, b in enumerate(boletines):
        copia = emparejador.emparejar(Documento(f"I{i}", "", "By staff.\n\n" + b.texto))
        integras += any(p.boletin_id == b.id and p.nivel == "integra" for p in copia)
        palabras = b.texto.split(" ")
        mitad = " ".join(palabras[: len(palabras) // 2])
        texto = ajenos[i % len(ajenos)][:1500] + "\n\n" + mitad
        media = emparejador.emparejar(Documento(f"P{i}", "", texto))
        parciales += any(p.boletin_id == b.id and p.nivel == "parcial" for p in media)
    assert integras == 100
    assert parciales >= 95


def test_leer_documentos_tolera_bom_lineas_vacias_y_zonas(tmp_path: Path) -> None:
    """BOM de UTF-8, líneas en blanco, fechas con Z, con desfase o sin zona (hora de la oficina)."""
    ruta = tmp_path / "N.jsonl"
    lineas = [
        json.dumps({"id": "a", "texto": "x", "fecha": "2026-11-20T15:00:00Z"}),
        "",
        json.dumps({"id": "b", "texto": "y", "fecha": "2026-11-20T09:00:00-06:00", "medio": "M"}),
        json.dumps({"id": "c", "texto": "z", "fecha": "2026-11-20T09:00:00", "titulo": None}),
        json.dumps({"id": "d", "texto": "w", "fecha": None}),
    ]
    ruta.write_text("\ufeff" + "\n".join(lineas) + "\n\n", "utf-8")
    docs = list(leer_documentos(ruta))
    assert [d.id for d in docs] == ["a", "b", "c", "d"]
    assert docs[0].fecha == docs[1].fecha == docs[2].fecha
    assert docs[2].titulo == "" and docs[3].fecha is None


def test_sin_boletines_o_sin_texto() -> None:
    """Sin boletines, con boletines vacíos o con una nota vacía no hay retomas ni errores."""
    nota = Documento("N", "t", SALUD.texto, fecha(13))
    assert Emparejador([]).emparejar(nota) == []
    vacios = Emparejador([Documento("B", "", ""), Documento("C", "Sólo título", "  ")])
    assert vacios.emparejar(nota) == []
    assert Emparejador(BOLETINES).emparejar(Documento("V", "", "")) == []


# --- Reescrituras breves y columnas (contención léxica, ventanas) -------------------------------

BREVE_SALUD = Documento(
    "N-breve-salud",
    "Salud en Chiconamel",
    "Brigada médica del DIF en Chiconamel: consultas, lentes graduados y sillas de ruedas para "
    "312 vecinos. La próxima jornada gratuita será en Tanquián Viejo durante diciembre; llevar "
    "credencial y cartilla.",
    fecha(13),
)

BREVE_OTRO_MUNICIPIO = Documento(
    "N-breve-otro",
    "Jornada médica en Xilitla",
    "Brigada médica gratuita en Xilitla: consultas, detección de diabetes y vacunas contra la "
    "influenza para familias de la sierra. La próxima jornada será en Ahuacatlán durante enero; "
    "llevar credencial y cartilla.",
    fecha(13),
)

COLUMNA_DOS_BOLETINES = Documento(
    "N-columna",
    "Lo que dejó la semana",
    "Arrancamos el repaso semanal con dos noticias de la cabecera y sus comunidades.\n\n"
    "Por fin le toca a la calle Hidalgo: la alcaldesa arrancó su rehabilitación entre la plaza y "
    "el mercado, con nuevo drenaje, banquetas y concreto hidráulico. Costará 4.8 millones de pesos "
    "y tardará unas diez semanas, por etapas, para que los locatarios y las combis hacia "
    "Chiconamel sigan pasando. Los vecinos de La Lomita llevaban quince años pidiéndola por los "
    "encharcamientos de cada temporada de lluvias. El director de Obras Públicas, Arturo "
    "Hernández Bautista, pidió paciencia a las familias que viven sobre esa calle; al banderazo "
    "fueron regidores, el comité de vecinos y la constructora Huasteca Edificaciones.\n\n"
    "En Chiconamel, el DIF llevó consultas, revisiones de azúcar y presión, limpieza dental y "
    "vacunas a 312 vecinos. Claudia Ivonne Del Ángel Ramos adelantó que en diciembre la brigada "
    "irá a Tanquián Viejo y pidió llevar credencial y cartilla. Hubo además 85 pares de lentes "
    "para abuelitos y 40 sillas de ruedas para personas con discapacidad, que trabajo social ya "
    "tenía registradas. También hubo pláticas de nutrición para las mamás, con apoyo de la "
    "jurisdicción sanitaria.\n\n"
    "Y hasta aquí el recuento; nos leemos la próxima semana con más de lo que pasa en la región.",
    fecha(14),
)


def test_nota_breve_que_resume_el_boletin_es_reescrita(emparejador: Emparejador) -> None:
    """Una nota de 30 palabras con el vocabulario del boletín (sin copiar frases) lo retoma."""
    parejas = emparejador.emparejar(BREVE_SALUD)
    assert [(p.boletin_id, p.nivel) for p in parejas] == [("B-salud", "reescrita")]
    assert parejas[0].pasajes == ()


def test_nota_breve_del_mismo_tema_en_otro_lugar_no_es_retoma(emparejador: Emparejador) -> None:
    """Mismo tema y vocabulario pero ningún nombre ni cifra del boletín: no es retoma."""
    assert emparejador.emparejar(BREVE_OTRO_MUNICIPIO) == []


def test_columna_que_reescribe_dos_boletines(emparejador: Emparejador) -> None:
    """Una columna que resume dos boletines con otras palabras retoma ambos como reescrita."""
    niveles_ = {p.boletin_id: p.nivel for p in emparejador.emparejar(COLUMNA_DOS_BOLETINES)}
    assert niveles_ == {"B-salud": "reescrita", "B-obra-inicio": "reescrita"}


def _medidas(coseno: float, contencion: float, entidades: int) -> niveles.Medidas:
    """Medidas de una paráfrasis sin copia ni específicos raros."""
    return niveles.Medidas(
        fidelidad=0.0,
        proporcion_nota=0.0,
        palabras_copiadas=0,
        pasaje_mayor=0,
        coseno=coseno,
        especificos=0.0,
        especificos_comunes=0,
        titulo=0.0,
        contencion=contencion,
        entidades_comunes=entidades,
    )


@pytest.mark.parametrize(
    ("coseno", "contencion", "entidades", "esperado"),
    [
        (0.35, 0.70, 1, "reescrita"),
        (0.35, 0.70, 0, None),
        (0.25, 0.90, 3, None),
        (0.45, 0.40, 3, None),
    ],
)
def test_contencion_decide_reescritura(
    coseno: float, contencion: float, entidades: int, esperado: str | None
) -> None:
    """La contención alta basta con el coseno mínimo y al menos un nombre o cifra en común."""
    assert niveles.nivel(_medidas(coseno, contencion, entidades)) == esperado
