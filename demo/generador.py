"""Genera las notas del mundo: retomas de boletines, notas propias, impresos y menciones al aire."""

from __future__ import annotations

import datetime as dt
import random
import re

from analisis.normalizar import a_ascii
from demo import redaccion
from demo.tipos import ZONA, BoletinDemo, Canal, Clase, MedioDemo, NotaDemo

# Latencia (días entre boletín y nota) y sus pesos: la mayoría de los medios publica el mismo día
# o al siguiente; calibrado a ojo con lo que cuenta la oficina de Comunicación Social.
LATENCIAS = (0, 1, 2, 3)
PESOS_LATENCIA = (0.45, 0.35, 0.12, 0.08)
# Multiplicador de la propensión de cada medio según el interés del boletín (0–3).
FACTOR_INTERES = (0.0, 0.55, 1.0, 1.35)
NIVELES = ("integra", "parcial", "reescrita")
# Nada se publica después de esta hora del día `hoy`: la demo puede correr temprano y ninguna nota
# debe quedar en el futuro (la edición impresa del día sale a las 05:00).
HORA_LIMITE = dt.time(5, 0)
# Ediciones impresas recientes y cuántas notas lleva cada página.
EDICIONES = 5
NOTAS_POR_PAGINA = (2, 3, 2)
# La última página de cada edición es de opinión: una columna por columnista, firmada.
COLUMNISTAS = (
    ("Tribuna Huasteca", "Ernesto Lara Zúñiga"),
    ("Desde el Portal", "Lucía Olvera Ponce"),
)
SECCION_OPINION = "Opinión"
CLASES_COLUMNA: tuple[Clase, Clase] = ("critica", "mencion")
HORAS_AL_AIRE = (7, 14, 19)
DIAS_VENTANA = 89


def limite(hoy: dt.date) -> dt.datetime:
    """Último momento en que puede estar fechada una nota."""
    return dt.datetime.combine(hoy, HORA_LIMITE, tzinfo=ZONA)


def _en(dia: dt.date, hora: int, minuto: int) -> dt.datetime:
    """Fecha y hora local de la oficina."""
    return dt.datetime.combine(dia, dt.time(hora, minuto), tzinfo=ZONA)


def _fecha_retoma(b: BoletinDemo, rng: random.Random) -> dt.datetime:
    """Cuándo publica un medio la retoma de un boletín (0 a 3 días después)."""
    dias = rng.choices(LATENCIAS, PESOS_LATENCIA)[0]
    if dias == 0:
        return b.fecha + dt.timedelta(minutes=rng.randint(40, 8 * 60))
    return _en(b.fecha.date() + dt.timedelta(days=dias), rng.randint(6, 22), rng.randint(0, 59))


def _canal(m: MedioDemo) -> Canal:
    """Canal por el que publica sus notas un medio."""
    return "facebook" if m.estrategia == "facebook" else "web"


def _publicacion(texto: str) -> tuple[str, str]:
    """Convierte una nota en publicación de Facebook: sin titular propio y con etiquetas."""
    parrafos = texto.split("\n\n")
    primera = redaccion.oraciones(parrafos[0])[0]
    titulo = primera if len(primera) <= 90 else primera[:87].rsplit(" ", 1)[0] + "…"
    return titulo, "\n\n".join([*parrafos, "#Tampacán #HuastecaPotosina"])


def redactar(b: BoletinDemo, nivel: str, pie: str, rng: random.Random) -> tuple[str, str]:
    """Titular y texto de una retoma con el nivel pedido."""
    if nivel == "integra":
        return redaccion.integra(b, pie, rng)
    if nivel == "parcial":
        return redaccion.parcial(b, pie, rng)
    return redaccion.reescrita(b, rng)


def _retoma(
    m: MedioDemo, i: int, b: BoletinDemo, fecha: dt.datetime, rng: random.Random
) -> NotaDemo:
    """Una nota que retoma el boletín i."""
    nivel = rng.choices(NIVELES, m.dato("estilo"))[0]
    titulo, texto = redactar(b, nivel, str(m.dato("pie", "")), rng)
    canal = _canal(m)
    if canal == "facebook":
        titulo, texto = _publicacion(texto)
    return NotaDemo(m.slug, "", titulo, texto, fecha, [(i, nivel)], "retoma", canal, tema=b.tema)


def retomas(
    medios: list[MedioDemo], boletines: list[BoletinDemo], hoy: dt.date, rng: random.Random
) -> list[NotaDemo]:
    """Las retomas de cada boletín en los medios que deciden publicarlo."""
    notas = []
    for i, b in enumerate(boletines):
        for m in medios:
            if rng.random() >= float(m.dato("propension")) * FACTOR_INTERES[b.interes]:
                continue
            fecha = _fecha_retoma(b, rng)
            if fecha <= limite(hoy):
                notas.append(_retoma(m, i, b, fecha, rng))
    return notas


def _seccion(clase: str, m: MedioDemo) -> str:
    """Sección de la página donde aparece una nota propia."""
    if clase != "ajena":
        return "Municipios"
    return {"nacional": "Nacional", "estatal": "Estado"}.get(m.ambito, "Región")


def _propia(m: MedioDemo, clase: Clase, hoy: dt.date, rng: random.Random) -> NotaDemo:
    """Una nota propia del medio fechada en los últimos tres meses."""
    titulo, texto, max_dias = redaccion.propia(clase, rng)
    dia = hoy - dt.timedelta(days=rng.randint(1, min(max_dias, DIAS_VENTANA)))
    fecha = _en(dia, rng.randint(6, 22), rng.randint(0, 59))
    canal = _canal(m)
    if canal == "facebook":
        titulo, texto = _publicacion(texto)
    return NotaDemo(m.slug, "", titulo, texto, fecha, [], clase, canal, seccion=_seccion(clase, m))


def propias(medios: list[MedioDemo], hoy: dt.date, rng: random.Random) -> list[NotaDemo]:
    """Críticas, menciones y noticias ajenas de cada medio."""
    notas: list[NotaDemo] = []
    for m in medios:
        for clase, cuantas in m.dato("propias", {}).items():
            notas.extend(_propia(m, clase, hoy, rng) for _ in range(int(cuantas)))
    return notas


def _piezas_impresas(
    m: MedioDemo, boletines: list[BoletinDemo], dia: dt.date, rng: random.Random
) -> list[tuple[str, str, list[tuple[int, str]], Clase]]:
    """Titulares, textos y verdad de las notas de una edición impresa."""
    recientes = [i for i, b in enumerate(boletines) if 1 <= (dia - b.fecha.date()).days <= 2]
    piezas: list[tuple[str, str, list[tuple[int, str]], Clase]] = []
    for i in recientes[:3]:
        nivel = rng.choice(["integra", "parcial"])
        titulo, texto = redactar(boletines[i], nivel, "", rng)
        piezas.append((titulo, texto, [(i, nivel)], "retoma"))
    while len(piezas) < sum(NOTAS_POR_PAGINA):
        clase: Clase = rng.choice(["ajena", "ajena", "critica", "mencion"])
        titulo, texto, _ = redaccion.propia(clase, rng)
        piezas.append((titulo, texto, [], clase))
    return piezas


def impresos(
    m: MedioDemo, boletines: list[BoletinDemo], hoy: dt.date, rng: random.Random
) -> list[NotaDemo]:
    """Notas de las ediciones impresas recientes del diario, página por página."""
    notas = []
    for atras in range(EDICIONES - 1, -1, -1):
        dia = hoy - dt.timedelta(days=atras)
        piezas = iter(_piezas_impresas(m, boletines, dia, rng))
        for pagina, cuantas in enumerate(NOTAS_POR_PAGINA, start=1):
            for _ in range(cuantas):
                titulo, texto, verdad, clase = next(piezas)
                notas.append(
                    NotaDemo(
                        m.slug,
                        f"/impreso/{dia.isoformat()}.pdf",
                        titulo,
                        texto,
                        _en(dia, 5, 0),
                        verdad,
                        clase,
                        "impreso",
                        pagina=pagina,
                    )
                )
        notas += _columnas(m, dia, len(NOTAS_POR_PAGINA) + 1)
    return notas


def _columnas(m: MedioDemo, dia: dt.date, pagina: int) -> list[NotaDemo]:
    """Las columnas de la página de opinión del día, con su nombre y firma."""
    # Generador propio por día: añadir la página de opinión no cambia el resto del mundo.
    rng = random.Random(f"columnas-{m.slug}-{dia.isoformat()}")
    notas = []
    for (columna, autor), clase in zip(COLUMNISTAS, CLASES_COLUMNA, strict=True):
        titulo, texto, _ = redaccion.propia(clase, rng)
        cuerpo = f"Por {autor}, columnista.\n\n{texto}"
        notas.append(
            NotaDemo(
                m.slug,
                f"/impreso/{dia.isoformat()}.pdf",
                f"{columna}: {titulo}",
                cuerpo,
                _en(dia, 5, 0),
                [],
                clase,
                "impreso",
                seccion=SECCION_OPINION,
                autor=autor,
                pagina=pagina,
            )
        )
    return notas


def _al_aire(
    m: MedioDemo, boletines: list[BoletinDemo], hoy: dt.date, rng: random.Random
) -> NotaDemo | None:
    """Una mención en radio o televisión: casi siempre de un boletín, a veces propia."""
    programas = m.dato("menciones")["programa"]
    k = rng.randrange(len(programas))
    canal: Canal = "radio" if m.tipo == "radio" else "television"
    if rng.random() < 0.75:
        i = rng.choice([j for j, b in enumerate(boletines) if b.interes > 0])
        b = boletines[i]
        fecha = _en(b.fecha.date() + dt.timedelta(days=1), HORAS_AL_AIRE[k % 3], rng.randint(0, 50))
        texto = redaccion.resumen_oral(b, programas[k], rng)
        nota = NotaDemo(m.slug, "", b.titular, texto, fecha, [(i, "reescrita")], "retoma", canal)
    else:
        clase: Clase = rng.choice(["mencion", "critica"])
        titulo, texto, max_dias = redaccion.propia(clase, rng)
        dia = hoy - dt.timedelta(days=rng.randint(1, min(max_dias, DIAS_VENTANA)))
        fecha = _en(dia, HORAS_AL_AIRE[k % 3], rng.randint(0, 50))
        texto = f"{programas[k]}. " + texto.split("\n\n")[0]
        nota = NotaDemo(m.slug, "", titulo, texto, fecha, [], clase, canal)
    nota.programa, nota.duracion_segundos = programas[k], rng.randint(40, 240)
    return nota if nota.fecha <= limite(hoy) else None


def al_aire(
    medios: list[MedioDemo], boletines: list[BoletinDemo], hoy: dt.date, rng: random.Random
) -> list[NotaDemo]:
    """Menciones registradas de la radio y la televisión."""
    notas: list[NotaDemo] = []
    for m in medios:
        if m.dato("menciones"):
            for _ in range(int(m.dato("menciones")["cantidad"])):
                nota = _al_aire(m, boletines, hoy, rng)
                if nota is not None:
                    notas.append(nota)
    return notas


def slug(texto: str, largo: int = 70) -> str:
    """Texto en minúsculas ASCII con guiones, apto para URL."""
    return re.sub(r"[^a-z0-9]+", "-", a_ascii(texto).lower()).strip("-")[:largo].rstrip("-")


def _ruta_web(m: MedioDemo, n: NotaDemo, ident: int) -> str:
    """Ruta de una nota web según el patrón de URLs del medio."""
    f = n.fecha
    return str(m.dato("ruta")).format(
        anio=f"{f.year:04d}",
        mes=f"{f.month:02d}",
        dia=f"{f.day:02d}",
        slug=slug(n.titulo),
        id=ident,
    )


def _autores(m: MedioDemo) -> list[str]:
    """Firmas posibles de las notas de un medio."""
    reporteros = [c.nombre for c in m.contactos if c.cargo.startswith(("Report", "Corresp"))]
    return [*reporteros, "Redacción"]


def rematar(
    notas: list[NotaDemo],
    medios: list[MedioDemo],
    hoy: dt.date,
    rng: random.Random,
    primer_id: int = 24001,
) -> None:
    """Asigna rutas únicas, URLs externas, URNs, autores y fechas de actualización."""
    por_slug = {m.slug: m for m in medios}
    usadas: set[str] = set()
    for ident, n in enumerate(notas, start=primer_id):
        m = por_slug[n.medio]
        if n.canal == "web":
            n.ruta = _ruta_web(m, n, ident)
            n.ruta = (
                n.ruta
                if n.ruta not in usadas
                else n.ruta.replace(slug(n.titulo), f"{slug(n.titulo)}-{ident}")
            )
            usadas.add(n.ruta)
            n.autor = rng.choice(_autores(m))
            _actualizar(n, m, hoy, rng)
        elif n.canal == "facebook":
            n.ruta = f"/posts/{ident}0{rng.randint(10**9, 10**10 - 1)}"
            n.url_fija = str(m.dato("facebook")) + n.ruta
        elif n.canal in ("radio", "television"):
            n.url_fija = _urn(n, usadas)


def _actualizar(n: NotaDemo, m: MedioDemo, hoy: dt.date, rng: random.Random) -> None:
    """En los medios que actualizan, algunas notas llevan fecha de actualización."""
    if m.dato("actualiza") and rng.random() < 0.35:
        cuando = n.fecha + dt.timedelta(minutes=rng.randint(30, 20 * 60))
        n.actualizada = cuando if cuando <= limite(hoy) else None


def _urn(n: NotaDemo, usadas: set[str]) -> str:
    """URN estable de una mención al aire; si choca, se corre un minuto."""
    while True:
        urn = f"urn:monitoreo:{n.canal}:{n.medio}:{n.fecha:%Y-%m-%dT%H:%M}"
        if urn not in usadas:
            usadas.add(urn)
            return urn
        n.fecha += dt.timedelta(minutes=1)


def del_dia_anterior(medios: list[MedioDemo], hoy: dt.date) -> list[NotaDemo]:
    """Lo que garantiza que la síntesis de ayer tenga todas sus secciones: una nota nacional que
    habla de la Huasteca, una publicación de Facebook y una mención en radio o televisión."""
    # Generador propio: estas notas no cambian el resto del mundo (ni sus fechas ni sus rutas).
    rng = random.Random(f"ayer-{hoy.isoformat()}")
    ayer = hoy - dt.timedelta(days=1)
    notas = []
    for m in medios:
        if m.ambito == "nacional" and _canal(m) == "web":
            titulo, texto = _de_la_huasteca(rng)
            notas.append(NotaDemo(m.slug, "", titulo, texto, _en(ayer, 11, 20), [], "ajena"))
        elif _canal(m) == "facebook":
            titulo, texto = _publicacion(redaccion.propia("mencion", rng)[1])
            notas.append(
                NotaDemo(m.slug, "", titulo, texto, _en(ayer, 13, 10), [], "mencion", "facebook")
            )
    radio = next((m for m in medios if m.dato("menciones") and m.tipo == "radio"), None)
    if radio is not None:
        notas.append(_mencion_al_aire(radio, ayer, rng))
    return notas


def _de_la_huasteca(rng: random.Random) -> tuple[str, str]:
    """Una nota ajena que nombra a la Huasteca (la única clase de nota nacional que entra)."""
    for _ in range(50):
        titulo, texto, _ = redaccion.propia("ajena", rng)
        if "Huasteca" in texto or "Huasteca" in titulo:
            return titulo, texto
    return titulo, texto + "\n\nLa medida alcanza también a los municipios de la Huasteca potosina."


def _mencion_al_aire(m: MedioDemo, dia: dt.date, rng: random.Random) -> NotaDemo:
    """Una mención propia en un noticiero (a las 10:05: no choca con las de `al_aire`)."""
    programa = m.dato("menciones")["programa"][0]
    titulo, texto, _ = redaccion.propia("mencion", rng)
    canal: Canal = "radio" if m.tipo == "radio" else "television"
    nota = NotaDemo(
        m.slug, "", titulo, f"{programa}. " + texto.split("\n\n")[0], _en(dia, 10, 5), [],
        "mencion", canal,
    )  # fmt: skip
    nota.programa, nota.duracion_segundos = programa, rng.randint(40, 240)
    return nota
