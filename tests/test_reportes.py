"""Reportes: síntesis diaria (PDF, Excel, HTML), reporte mensual y reporte por boletín."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from PIL import Image
from sqlalchemy.orm import Session

from datos import modelos
from datos.config import cargar
from datos.consultas.reportes import NotaSintesis
from datos.modelos import (
    Ambito,
    Boletin,
    Convenio,
    Envio,
    EstadoEnvio,
    EstadoRevision,
    Medio,
    Mencion,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoEntidad,
    TipoEnvio,
    TipoMedio,
    TipoTestigo,
    Tono,
)
from reportes import fecha_larga, numero, resumen_corto
from reportes.boletin import generar_reporte_boletin
from reportes.mensual import generar_mensual
from reportes.pdf import miniatura
from reportes.sintesis import (
    COLUMNAS,
    ENCABEZADOS_XLSX,
    MUNICIPIO,
    NACIONAL,
    RADIO_TV,
    REDES,
    REGION,
    generar_sintesis,
    seccion_de,
)

FECHA = dt.date(2026, 11, 26)
CDMX = dt.timezone(dt.timedelta(hours=-6))
TITULAR_FORMULA = '=HYPERLINK("http://malo.example","clic")'
TITULAR_SCRIPT = "<script>alert(1)</script> Opinión sobre el agua"


def _hora(dia: int, hora: int, minuto: int = 0) -> dt.datetime:
    """Hora local de Tampacán (UTC-6, sin horario de verano) en noviembre de 2026."""
    return dt.datetime(2026, 11, dia, hora, minuto, tzinfo=CDMX)


def _medio(sesion: Session, nombre: str, tipo: TipoMedio, ambito: Ambito, audiencia: int) -> Medio:
    """Crea un medio."""
    medio = Medio(nombre=nombre, tipo=tipo, ambito=ambito, audiencia=audiencia)
    sesion.add(medio)
    return medio


def _nota(sesion: Session, medio: Medio, url: str, titulo: str, **campos: object) -> Nota:
    """Crea una nota con texto de dos oraciones y más."""
    nota = Nota(
        medio=medio,
        url_canonica=url,
        url_original=url if url.startswith("http") else None,
        titulo=titulo,
        texto="Primera oración de la nota. Segunda oración con detalle. Tercera que no va.",
        hash_contenido=hashlib.sha256(url.encode()).hexdigest(),
        tipo_captura=campos.pop("tipo_captura", TipoCaptura.RSS),
        **campos,
    )
    sesion.add(nota)
    return nota


def _png(directorio: Path) -> tuple[str, str, int]:
    """Guarda una imagen PNG de testigo y devuelve (ruta relativa, sha256, tamaño)."""
    memoria = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 60)).save(memoria, format="PNG")
    datos = memoria.getvalue()
    sha = hashlib.sha256(datos).hexdigest()
    ruta = f"{sha[:2]}/{sha[2:4]}/{sha}.png"
    destino = directorio / "testigos" / ruta
    destino.parent.mkdir(parents=True)
    destino.write_bytes(datos)
    return ruta, sha, len(datos)


def poblar(sesion: Session, directorio: Path) -> dict[str, object]:
    """Medios, boletín, notas, retomas, envíos, menciones, testigos y convenio del 26/11/2026."""
    sol = _medio(sesion, "El Sol de la Huasteca", TipoMedio.IMPRESO, Ambito.REGIONAL, 80_000)
    pulso = _medio(sesion, "Pulso SLP", TipoMedio.DIGITAL, Ambito.ESTATAL, 120_000)
    radio = _medio(sesion, "Radio Huasteca", TipoMedio.RADIO, Ambito.REGIONAL, 15_000)
    face = _medio(sesion, "Tampacán Noticias", TipoMedio.RED_SOCIAL, Ambito.MUNICIPAL, 9_000)
    ausente = _medio(sesion, "Diario Ausente", TipoMedio.DIGITAL, Ambito.REGIONAL, 5_000)
    boletin = Boletin(
        numero=45,
        anio=2026,
        fecha_emision=_hora(25, 10),
        titular="Inaugura la presidenta la clínica de Tampacán",
        entradilla="La presidenta municipal inauguró la clínica.",
        cuerpo="La clínica atenderá a 3,000 personas.",
        tema="salud",
    )
    convenio = Convenio(
        medio=sol,
        numero="CONV-2026-007",
        concepto="Difusión institucional",
        monto_sin_iva=Decimal("10000.00"),
        iva=Decimal("1600.00"),
        monto_total=Decimal("11600.00"),
        vigencia_inicio=dt.date(2026, 1, 1),
        vigencia_fin=dt.date(2026, 12, 31),
        notas_mes=10,
    )
    sesion.add_all([boletin, convenio])
    retomada = _nota(
        sesion,
        sol,
        "https://sol.example/clinica",
        "Presidenta inaugura clínica en Tampacán",
        fecha_publicacion=_hora(26, 7, 15),
        tono=Tono.POSITIVO,
        temas=["salud"],
        pagada=True,
        convenio=convenio,
    )
    formula = _nota(
        sesion,
        pulso,
        "https://pulso.example/agua",
        TITULAR_FORMULA,
        fecha_publicacion=_hora(26, 9),
        tono=Tono.NEUTRAL,
        tono_confirmado=Tono.NEGATIVO,
        seccion="Política",
        temas=["agua"],
        pagada=False,
    )
    opinion = _nota(
        sesion,
        pulso,
        "https://pulso.example/opinion",
        TITULAR_SCRIPT,
        fecha_publicacion=_hora(26, 10),
        seccion="Opinión",
    )
    noticiero = _nota(
        sesion,
        radio,
        "urn:monitoreo:radio:1",
        "Mención de la clínica en el noticiero",
        fecha_publicacion=_hora(26, 8),
        tipo_captura=TipoCaptura.RADIO,
        programa="Noticiero matutino",
    )
    publicacion = _nota(
        sesion,
        face,
        "https://facebook.example/post/1",
        "Publicación sobre el tianguis",
        fecha_publicacion=_hora(26, 23, 30),
        tipo_captura=TipoCaptura.RED_SOCIAL,
    )
    regional = _nota(
        sesion,
        sol,
        "https://sol.example/feria",
        "Feria regional en Tamazunchale",
        fecha_publicacion=_hora(26, 12),
        resumen="Resumen propio de la feria.",
    )
    _nota(
        sesion,
        sol,
        "https://sol.example/manana",
        "Nota del día siguiente",
        fecha_publicacion=_hora(27, 0, 30),
    )
    sesion.flush()
    ruta, sha, tamano = _png(directorio)
    sesion.add_all(
        [
            modelos.Testigo(
                nota=retomada,
                tipo=TipoTestigo.CAPTURA,
                sha256=sha,
                ruta=ruta,
                tipo_mime="image/png",
                tamano=tamano,
                capturado_en=_hora(26, 7, 40),
            ),
            Retoma(
                nota=retomada,
                boletin=boletin,
                nivel=NivelRetoma.INTEGRA,
                puntaje=0.95,
                fidelidad=0.92,
            ),
            Retoma(
                nota=publicacion,
                boletin=boletin,
                nivel=NivelRetoma.PARCIAL,
                puntaje=0.6,
                fidelidad=0.45,
            ),
            Retoma(
                nota=formula,
                boletin=boletin,
                nivel=NivelRetoma.REESCRITA,
                puntaje=0.4,
                fidelidad=0.2,
                estado=EstadoRevision.RECHAZADA,
            ),
            Mencion(
                nota=formula,
                tipo=TipoEntidad.AYUNTAMIENTO,
                entidad="Ayuntamiento de Tampacán",
                texto="Ayuntamiento",
                inicio=0,
                fin=12,
                sin_boletin=True,
            ),
        ]
    )
    for i, (medio, estado) in enumerate(
        [
            (sol, EstadoEnvio.ENVIADO),
            (pulso, EstadoEnvio.ENVIADO),
            (radio, EstadoEnvio.FALLIDO),
            (ausente, EstadoEnvio.CONFIRMADO),
        ]
    ):
        sesion.add(
            Envio(
                tipo=TipoEnvio.BOLETIN,
                boletin=boletin,
                medio=medio,
                correo=f"redaccion{i}@medio.example",
                clave=f"boletin:{i}",
                estado=estado,
                enviado_en=_hora(25, 10, 5),
            )
        )
    sesion.flush()
    return {
        "boletin": boletin,
        "sha": sha,
        "notas": [retomada, formula, opinion, noticiero, publicacion, regional],
    }


def _texto_pdf(ruta: Path) -> str:
    """Todo el texto de un PDF."""
    with pdfplumber.open(ruta) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _imagenes_pdf(ruta: Path) -> int:
    """Cuántas imágenes tiene un PDF."""
    with pdfplumber.open(ruta) as pdf:
        return sum(len(p.images) for p in pdf.pages)


@pytest.fixture
def poblada(sesion: Session, directorio_datos: Path) -> dict[str, object]:
    """Base con los datos del 26 de noviembre de 2026."""
    return poblar(sesion, directorio_datos)


def test_formato_es_mx() -> None:
    """Fechas largas y números con coma de miles."""
    assert fecha_larga(FECHA) == "26 de noviembre de 2026"
    assert numero(1234) == "1,234"
    assert numero(1234.56, 1) == "1,234.6"
    assert numero(float("nan")) == "—"


def test_resumen_de_dos_oraciones() -> None:
    """Sin resumen, las dos primeras oraciones del texto; con resumen, el resumen."""
    texto = "Primera oración. Segunda oración. Tercera oración."
    assert resumen_corto(None, texto) == "Primera oración. Segunda oración."
    assert resumen_corto("Propio.", texto) == "Propio."
    assert len(resumen_corto(None, "palabra " * 200)) <= 280


def _nota_sintesis(**campos: object) -> NotaSintesis:
    """NotaSintesis mínima para probar la regla de secciones."""
    base: dict[str, object] = {
        "nota_id": 1,
        "medio": "M",
        "medio_tipo": "digital",
        "medio_ambito": "regional",
        "audiencia": None,
        "titulo": "T",
        "resumen": None,
        "texto": "",
        "tono": None,
        "url_original": None,
        "url_canonica": "urn:x",
        "fecha_publicacion": None,
        "tipo_captura": "rss",
        "seccion": None,
        "programa": None,
    }
    return NotaSintesis(**(base | campos))  # type: ignore[arg-type]


def test_regla_de_secciones() -> None:
    """Redes y radio/TV primero, luego opinión, luego municipio, luego el ámbito del medio."""
    assert seccion_de(_nota_sintesis(medio_tipo="red_social", boletines=("001/2026",))) == REDES
    assert seccion_de(_nota_sintesis(tipo_captura="television")) == RADIO_TV
    assert seccion_de(_nota_sintesis(seccion="OPINIÓN", menciones=2)) == COLUMNAS
    assert seccion_de(_nota_sintesis(seccion="Columnas políticas")) == COLUMNAS
    assert seccion_de(_nota_sintesis(menciones=1, medio_ambito="nacional")) == MUNICIPIO
    assert seccion_de(_nota_sintesis(medio_ambito="municipal")) == REGION
    assert seccion_de(_nota_sintesis(medio_ambito="estatal")) == REGION
    # Lo nacional entra sólo si habla del estado o de un municipio potosino.
    assert seccion_de(_nota_sintesis(medio_ambito="nacional")) is None
    xilitla = _nota_sintesis(medio_ambito="nacional", texto="Lluvias en Xilitla")
    assert seccion_de(xilitla) == NACIONAL
    # Columnas por URL, por firma y por decisión del personal.
    assert seccion_de(_nota_sintesis(url_canonica="https://x.mx/opinion/agua")) == COLUMNAS
    assert seccion_de(_nota_sintesis(texto="Por Ana Ruiz, columnista. El agua...")) == COLUMNAS
    assert seccion_de(_nota_sintesis(texto="La opinión de los vecinos " * 20)) == REGION
    assert seccion_de(_nota_sintesis(menciones=1, seccion_sintesis=COLUMNAS)) == COLUMNAS


def test_sintesis_pdf(sesion: Session, poblada: dict[str, object], tmp_path: Path) -> None:
    """El PDF trae portada, alertas, secciones, titulares, medios y la miniatura del testigo."""
    ruta = generar_sintesis(sesion, FECHA, "pdf", tmp_path / "s.pdf")
    texto = _texto_pdf(ruta)
    for esperado in (
        "Síntesis informativa",
        "26 de noviembre de 2026",
        "Resumen ejecutivo",
        "Índice",
        "Requiere atención",
        "Presidenta inaugura clínica en Tampacán",
        "El Sol de la Huasteca",
        "Radio Huasteca",
        "Tampacán Noticias",
        "Publicación sobre el tianguis",
        "Resumen propio de la feria.",
        "Primera oración de la nota. Segunda oración con detalle.",
        "boletín 045/2026",
        "https://sol.example/clinica",
        "Noticiero matutino",
    ):
        assert esperado in texto, esperado
    for seccion in (MUNICIPIO, REGION, COLUMNAS, RADIO_TV, REDES):
        assert seccion in texto
    assert "Nota del día siguiente" not in texto
    assert "Tercera que no va" not in texto
    assert "tono negativo" in texto
    # El logo de la portada y la miniatura del testigo.
    assert _imagenes_pdf(ruta) == 2


def test_sintesis_excel_neutraliza_formulas(
    sesion: Session, poblada: dict[str, object], tmp_path: Path
) -> None:
    """El Excel tiene encabezados y una fila por nota; un titular con fórmula queda como texto."""
    ruta = generar_sintesis(sesion, FECHA, "xlsx", tmp_path / "s.xlsx")
    libro = openpyxl.load_workbook(ruta)
    hoja = libro["Síntesis"]
    filas = list(hoja.iter_rows(values_only=True))
    assert list(filas[0]) == list(ENCABEZADOS_XLSX)
    assert len(filas) == 1 + 6
    titulares = [f[6] for f in filas[1:]]
    assert "'" + TITULAR_FORMULA in titulares
    assert TITULAR_SCRIPT in titulares
    assert all(c.data_type != "f" for fila in hoja.iter_rows() for c in fila)
    fila_sol = next(f for f in filas if f[6] == "Presidenta inaugura clínica en Tampacán")
    assert fila_sol[0] == MUNICIPIO
    assert fila_sol[4] == dt.datetime(2026, 11, 26, 7, 15)
    assert fila_sol[5] == "07:15"
    assert fila_sol[9] == "045/2026"
    assert fila_sol[11] == "https://sol.example/clinica"
    resumen = {f[0]: f[1] for f in libro["Resumen"].iter_rows(values_only=True)}
    assert resumen["notas del día"] == "6"
    assert resumen["notas que retoman boletín"] == "2"
    assert resumen["Fecha"] == "26 de noviembre de 2026"


def test_sintesis_html_escapa(sesion: Session, poblada: dict[str, object], tmp_path: Path) -> None:
    """El HTML escapa todo texto rastreado y enlaza sólo URL http(s)."""
    ruta = generar_sintesis(sesion, FECHA, "html", tmp_path / "s.html")
    html = ruta.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://sol.example/clinica"' in html
    assert "urn:monitoreo" not in html
    assert "data:image/jpeg;base64," in html
    assert "Síntesis informativa" in html and "26 de noviembre de 2026" in html


def test_sintesis_formato_desconocido(sesion: Session, tmp_path: Path) -> None:
    """Un formato que no existe es ValueError en español."""
    with pytest.raises(ValueError, match="formato de síntesis desconocido"):
        generar_sintesis(sesion, FECHA, "docx", tmp_path / "s.docx")


def test_sintesis_dia_vacio(sesion: Session, tmp_path: Path, directorio_datos: Path) -> None:
    """Un día sin notas también produce los tres formatos."""
    texto = _texto_pdf(generar_sintesis(sesion, FECHA, "pdf", tmp_path / "v.pdf"))
    assert "No se registraron notas este día." in texto
    html = generar_sintesis(sesion, FECHA, "html", tmp_path / "v.html").read_text("utf-8")
    assert "No se registraron notas" in html
    hoja = openpyxl.load_workbook(generar_sintesis(sesion, FECHA, "xlsx", tmp_path / "v.xlsx"))
    assert hoja["Síntesis"].max_row == 1


def test_mensual(sesion: Session, poblada: dict[str, object], tmp_path: Path) -> None:
    """El mensual trae indicadores, gráficas, medios, convenios y alcance potencial, sin AVE."""
    ruta = generar_mensual(sesion, 2026, 11, tmp_path / "m.pdf")
    texto = _texto_pdf(ruta)
    for esperado in (
        "noviembre de 2026",
        "Tendencia de retoma por semana",
        "Clasificación de medios",
        "El Sol de la Huasteca",
        "Diario Ausente",
        "Tono de las notas hacia el Ayuntamiento",
        "Temas más frecuentes",
        "Salud",
        "Latencia de publicación",
        "CONV-2026-007",
        "$11,600.00",
        "10.0 %",
        "no cumple",
        "Notas entregadas",
        "pagadas (convenio)",
        "ganadas",
        "potencial",
        "80,000",
        "ejemplares (tiraje)",
        "9,000",
        "seguidores",
        "unidad supuesta por el tipo de medio",
        "21.2 h",
    ):
        assert esperado in texto, esperado
    assert "Pulso SLP" in texto
    # Tono por semana, notas clave (la de mayor alcance y la negativa) y semanas parciales.
    for esperado in (
        "Tono de las notas por semana",
        "De mayor alcance potencial",
        "Las más negativas",
        "(parcial)",
    ):
        assert esperado in texto, esperado
    clave = texto[texto.index("De mayor alcance potencial") :]
    assert clave.index("Presidenta inaugura clínica") < clave.index("Las más negativas")
    # Los encabezados no parten palabras ni el folio del convenio en dos renglones.
    assert "CONV-2026-007" in texto and "comprometida" not in texto


def test_mensual_sin_datos(sesion: Session, directorio_datos: Path, tmp_path: Path) -> None:
    """Un mes sin nada también produce el PDF, con todas sus semanas en cero."""
    texto = _texto_pdf(generar_mensual(sesion, 2026, 2, tmp_path / "vacio.pdf"))
    assert "febrero de 2026" in texto
    assert "Sin datos en el periodo." in texto
    assert "No hubo convenios vigentes en el mes." in texto
    assert "semana del 23 feb" in texto and "semana del 26 ene" in texto


def test_pdf_sin_dejavu(
    sesion: Session, poblada: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sin fuentes DejaVu se usa Helvetica y el texto fuera de latin-1 no rompe el PDF."""
    monkeypatch.setattr("reportes.pdf.DIR_DEJAVU", tmp_path / "no-existe")
    notas = poblada["notas"]
    assert isinstance(notas, list)
    notas[0].titulo = "Presidenta inaugura clínica — 🎉 “nueva”"
    sesion.flush()
    texto = _texto_pdf(generar_sintesis(sesion, FECHA, "pdf", tmp_path / "h.pdf"))
    assert 'Presidenta inaugura clínica - ? "nueva"' in texto
    assert "Síntesis informativa" in texto


def test_mensual_mes_invalido(sesion: Session, tmp_path: Path) -> None:
    """Un mes fuera de 1–12 es ValueError."""
    with pytest.raises(ValueError, match="mes inválido"):
        generar_mensual(sesion, 2026, 13, tmp_path / "m.pdf")


def test_reporte_boletin(sesion: Session, poblada: dict[str, object], tmp_path: Path) -> None:
    """La matriz lista a quien se envió y a quien publicó, con latencia, nivel y testigo."""
    boletin = poblada["boletin"]
    assert isinstance(boletin, Boletin)
    ruta = generar_reporte_boletin(sesion, boletin.id, tmp_path / "b.pdf")
    texto = _texto_pdf(ruta)
    for esperado in (
        "045/2026",
        "Inaugura la presidenta la clínica de Tampacán",
        "Matriz de retoma",
        "El Sol de la Huasteca",
        "Diario Ausente",
        "Radio Huasteca",
        "íntegra",
        "92.0 %",
        "21.2 h",
        "falló",
        "https://sol.example/clinica",
        "26 de noviembre de 2026, 07:40",
    ):
        assert esperado in texto.replace("\n", " ") or esperado in texto, esperado
    # La huella va en el visor y en el manifiesto del testigo, no en un documento para personas.
    assert str(poblada["sha"]) not in texto and str(poblada["sha"])[:12] not in texto
    assert "20.0 %" not in texto
    assert "no se envió" in texto
    assert "45.0 %" in texto and "parcial" in texto
    lineas = texto.splitlines()
    assert any(ln.startswith("Diario Ausente") and " no " in f"{ln} " for ln in lineas)


def test_miniatura_segura(directorio_datos: Path, tmp_path: Path) -> None:
    """Ruta fuera del almacén o archivo dañado: sin miniatura; captura alta: se recorta arriba."""
    almacen = directorio_datos / "testigos"
    almacen.mkdir()
    (tmp_path / "fuera.png").write_bytes(b"x")
    assert miniatura(almacen, "../../fuera.png") is None
    (almacen / "danada.png").write_bytes(b"\x89PNG no es imagen")
    assert miniatura(almacen, "danada.png") is None
    Image.new("RGB", (100, 1000)).save(almacen / "alta.png")
    imagen = miniatura(almacen, "alta.png")
    assert imagen is not None and imagen.size == (100, 75)


def test_reporte_boletin_inexistente(sesion: Session, tmp_path: Path) -> None:
    """Un boletín que no existe es ValueError."""
    with pytest.raises(ValueError, match="no existe el boletín"):
        generar_reporte_boletin(sesion, 999, tmp_path / "b.pdf")


def test_zona_de_la_configuracion(directorio_datos: Path) -> None:
    """La oficina vive en America/Mexico_City (las pruebas usan UTC-6 fijo en noviembre)."""
    assert cargar().zona_horaria == "America/Mexico_City"


def test_etiquetas_humanas_del_mensual() -> None:
    """Temas con acentos y espacios; semanas que el mes corta, marcadas como parciales."""
    from reportes.mensual_extra import etiqueta_semana, etiqueta_tema

    assert etiqueta_tema("servicios_publicos") == "servicios públicos"
    assert etiqueta_tema("tema_nuevo") == "tema nuevo"
    assert etiqueta_semana(dt.date(2026, 10, 26), 2026, 11) == "26 oct (parcial)"
    assert etiqueta_semana(dt.date(2026, 11, 2), 2026, 11) == "2 nov"
    assert etiqueta_semana(dt.date(2026, 11, 30), 2026, 11) == "30 nov (parcial)"


def test_logo_institucional_en_el_encabezado(
    sesion: Session, directorio_datos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MONITOREO_LOGO aparece en cada página; uno dañado se omite sin romper el reporte."""
    from PIL import Image

    from datos import config

    logo = tmp_path / "escudo.png"
    Image.new("RGB", (120, 120), (122, 30, 52)).save(logo)
    monkeypatch.setenv("MONITOREO_LOGO", str(logo))
    config.recargar()
    with pdfplumber.open(generar_mensual(sesion, 2026, 2, tmp_path / "con.pdf")) as pdf:
        assert all(len(pagina.images) >= 1 for pagina in pdf.pages)
    logo.write_bytes(b"no es una imagen")
    with pdfplumber.open(generar_mensual(sesion, 2026, 2, tmp_path / "sin.pdf")) as pdf:
        assert not any(pagina.images for pagina in pdf.pages)
