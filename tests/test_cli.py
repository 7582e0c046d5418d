"""La CLI: formato estable de `estado --json` y errores de una línea con código 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLAVES = [
    "medios",
    "fuentes",
    "notas",
    "boletines",
    "retomas",
    "menciones",
    "envios",
    "eventos",
    "invitaciones",
    "convenios",
    "recursos",
    "usuarios",
    "correos",
    "solicitudes",
    "portal",
    "campanas",
    "ordenes",
    "publicaciones",
]


def correr(args: list[str], datos: Path, **entorno: str) -> subprocess.CompletedProcess[str]:
    """Corre `monitoreo` en un proceso aparte con un directorio de datos propio."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env.update({"MONITOREO_DATOS": str(datos), **entorno})
    return subprocess.run(
        [sys.executable, "-m", "operacion.cli.principal", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def afirmar_error_de_una_linea(r: subprocess.CompletedProcess[str], fragmento: str) -> None:
    """Código 2, una sola línea en stderr, en español y sin traceback."""
    assert r.returncode == 2, r.stderr
    lineas = r.stderr.strip().splitlines()
    assert len(lineas) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert fragmento in lineas[0]


@pytest.mark.lento
def test_estado_json_en_base_nueva(tmp_path: Path) -> None:
    r = correr(["estado", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    datos = json.loads(r.stdout)
    assert list(datos) == CLAVES
    assert datos["retomas"] == {"integra": 0, "parcial": 0, "reescrita": 0}
    assert all(isinstance(datos[k], int) for k in CLAVES if k not in {"retomas", "publicaciones"})
    assert datos["publicaciones"] == {
        "borrador": 0,
        "en_revision": 0,
        "aprobada": 0,
        "publicada": 0,
        "fallida": 0,
        "cancelada": 0,
        "proxima": None,
    }
    assert (tmp_path / "monitoreo.sqlite3").exists()


@pytest.mark.lento
def test_inicializar_y_estado_legible(tmp_path: Path) -> None:
    r = correr(["inicializar"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Base lista" in r.stdout
    r = correr(["estado"], tmp_path)
    assert r.returncode == 0 and "Boletines" in r.stdout


def test_opcion_desconocida(tmp_path: Path) -> None:
    r = correr(["estado", "--formato-raro"], tmp_path)
    afirmar_error_de_una_linea(r, "opción desconocida")


def test_comando_desconocido(tmp_path: Path) -> None:
    afirmar_error_de_una_linea(correr(["volar"], tmp_path), "comando desconocido")


@pytest.mark.parametrize(
    ("url", "fragmento"),
    [
        ("esto-no-es-una-url", "no es una URL"),
        ("postgresql+psycopg://nadie@127.0.0.1:1/inexistente", "no se pudo abrir la base"),
        ("sqlite:////proc/no/se/puede/crear.sqlite3", "no se pudo abrir la base"),
    ],
)
@pytest.mark.lento
def test_base_inaccesible(tmp_path: Path, url: str, fragmento: str) -> None:
    r = correr(["estado", "--json"], tmp_path, MONITOREO_BD=url)
    afirmar_error_de_una_linea(r, fragmento)


def test_configuracion_invalida(tmp_path: Path) -> None:
    r = correr(["estado"], tmp_path, MONITOREO_ZONA_HORARIA="Marte/Olimpo")
    afirmar_error_de_una_linea(r, "MONITOREO_ZONA_HORARIA")


@pytest.mark.lento
def test_rastrear_medio_inexistente(tmp_path: Path) -> None:
    r = correr(["rastrear", "--medio", "Diario Fantasma"], tmp_path)
    afirmar_error_de_una_linea(r, "Diario Fantasma")


@pytest.mark.lento
def test_usuarios_crear_por_stdin(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOREO_")}
    env["MONITOREO_DATOS"] = str(tmp_path)
    args = [sys.executable, "-m", "operacion.cli.principal", "usuarios", "crear"]
    ok = subprocess.run(
        [*args, "--nombre", "ana", "--rol", "directora"],
        input="huasteca-2026-segura\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    r = correr(["estado", "--json"], tmp_path)
    assert json.loads(r.stdout)["usuarios"] == 1
    corta = subprocess.run(
        [*args, "--nombre", "luis", "--rol", "personal"],
        input="corta\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    afirmar_error_de_una_linea(corta, "al menos")


@pytest.mark.lento
def test_sintesis_y_reporte_mensual_en_base_vacia(tmp_path: Path) -> None:
    pdf = tmp_path / "sintesis.pdf"
    r = correr(
        ["sintesis", "--fecha", "2026-11-26", "--formato", "pdf", "--salida", str(pdf)], tmp_path
    )
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    mensual = tmp_path / "mensual.pdf"
    r = correr(["reporte", "mensual", "--mes", "2026-11", "--salida", str(mensual)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert mensual.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "fragmento"),
    [
        (["sintesis", "--fecha", "2026-13-01", "--formato", "pdf", "--salida", "x.pdf"], "fecha"),
        (["sintesis", "--fecha", "2026-11-26", "--formato", "doc", "--salida", "x.doc"], "doc"),
        (["reporte", "mensual", "--mes", "noviembre", "--salida", "x.pdf"], "mes inválido"),
        (["reporte", "boletin", "--folio", "999/2026", "--salida", "x.pdf"], "no existe"),
    ],
)
@pytest.mark.lento
def test_reportes_entrada_invalida(tmp_path: Path, args: list[str], fragmento: str) -> None:
    afirmar_error_de_una_linea(correr(args, tmp_path), fragmento)


@pytest.mark.lento
def test_sintesis_enviar_sin_smtp(tmp_path: Path) -> None:
    salida = tmp_path / "s.html"
    args = ["sintesis", "--fecha", "2026-11-26", "--formato", "html", "--salida", str(salida)]
    r = correr([*args, "--enviar"], tmp_path)
    afirmar_error_de_una_linea(r, "SMTP")
    assert salida.exists()


NOTA_HTML = """<html><head><title>Inauguran pozo | Pulso</title>
<meta property="article:published_time" content="2026-11-25T10:30:00-06:00"></head>
<body><nav>Inicio Deportes</nav><article><h1>Inauguran pozo en Chiconamel</h1>
<p class="autor">Por Juana Pérez</p>
<p>La presidenta municipal de Tampacán inauguró este martes un pozo de agua potable que
beneficiará a más de 1,200 habitantes de la comunidad de Chiconamel, en la Huasteca potosina.</p>
<p>La obra tuvo una inversión de 2.3 millones de pesos y forma parte del programa Agua para Todos,
informó la directora del organismo operador durante el recorrido por la localidad.</p>
</article><footer>Todos los derechos reservados</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Pulso</title>
<item><title>Inauguran pozo</title><link>https://pulso.example/pozo</link>
<pubDate>Wed, 25 Nov 2026 16:30:00 GMT</pubDate>
<description>&lt;p&gt;Agua&lt;/p&gt;</description></item>
</channel></rss>"""


@pytest.mark.lento
def test_extraer_uno_y_varios(tmp_path: Path) -> None:
    nota = tmp_path / "nota.html"
    nota.write_text(NOTA_HTML, encoding="utf-8")
    r = correr(["extraer", str(nota), "--url", "https://pulso.example/pozo", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    datos = json.loads(r.stdout)
    assert set(datos) == {"titulo", "texto", "fecha", "autor"}
    assert "Chiconamel" in datos["texto"] and datos["fecha"].startswith("2026-11-25")
    r = correr(["extraer", str(nota), str(tmp_path / "falta.html"), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    lineas = [json.loads(x) for x in r.stdout.splitlines()]
    assert lineas[0]["archivo"] == str(nota) and "texto" in lineas[0]
    assert "error" in lineas[1]
    r = correr(["extraer", str(nota), str(nota), "--url", "https://x.example", "--json"], tmp_path)
    afirmar_error_de_una_linea(r, "--url")


@pytest.mark.lento
def test_leer_feed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS, encoding="utf-8")
    html = tmp_path / "pagina.html"
    html.write_text(NOTA_HTML, encoding="utf-8")
    r = correr(["leer-feed", str(feed), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    entrada = json.loads(r.stdout)["entradas"][0]
    assert entrada["titulo"] == "Inauguran pozo" and entrada["resumen"] == "Agua"
    assert entrada["fecha"].startswith("2026-11-25T16:30")
    afirmar_error_de_una_linea(correr(["leer-feed", str(html), "--json"], tmp_path), "pagina.html")
    r = correr(["leer-feed", str(feed), str(html), "--json"], tmp_path)
    filas = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 0 and "entradas" in filas[0] and "error" in filas[1]


def _medio_en_base(datos: Path) -> None:
    from sqlalchemy.orm import Session

    from datos.migraciones import actualizar
    from datos.modelos import Ambito, Medio, TipoMedio
    from datos.sesion import crear_motor

    motor = crear_motor(f"sqlite:///{datos / 'monitoreo.sqlite3'}")
    actualizar(motor)
    with Session(motor) as s:
        s.add(Medio(nombre="Pulso", tipo=TipoMedio.DIGITAL, ambito=Ambito.REGIONAL))
        s.commit()
    motor.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/rss.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/rss",
        "http://[::1]/rss",
        "gopher://pulso.example/",
    ],
)
@pytest.mark.lento
def test_fuentes_agregar_rechaza_ssrf(tmp_path: Path, url: str) -> None:
    _medio_en_base(tmp_path)
    r = correr(["fuentes", "agregar", "--medio", "Pulso", "--tipo", "rss", "--url", url], tmp_path)
    afirmar_error_de_una_linea(r, "URL rechazada")


@pytest.mark.lento
def test_fuentes_agregar_y_medios_estado(tmp_path: Path) -> None:
    _medio_en_base(tmp_path)
    args = ["fuentes", "agregar", "--medio", "Pulso", "--tipo", "rss", "--url"]
    r = correr(
        [*args, "http://127.0.0.1:9/rss.xml"], tmp_path, MONITOREO_HOSTS_PERMITIDOS="127.0.0.1"
    )
    assert r.returncode == 0, r.stderr
    afirmar_error_de_una_linea(
        correr(
            ["fuentes", "agregar", "--medio", "Nadie", "--tipo", "rss", "--url", "http://8.8.8.8/"],
            tmp_path,
        ),
        "no existe el medio",
    )
    r = correr(["medios", "estado"], tmp_path)
    assert r.returncode == 0 and "Pulso" in r.stdout


@pytest.mark.lento
def test_padron_y_capturas_por_cli(tmp_path: Path) -> None:
    r = correr(
        [
            "medios",
            "agregar",
            "--nombre",
            "Estéreo Sierra",
            "--tipo",
            "radio",
            "--ambito",
            "regional",
        ],
        tmp_path,
    )
    assert r.returncode == 0, r.stderr
    clips = tmp_path / "clips.csv"
    clips.write_text(
        "medio,programa,fecha,hora,duracion,titulo,texto\n"
        "Estéreo Sierra,Noticiero,2026-11-25,07:30,90,Agua en Chiconamel,"
        "La presidenta municipal habló del pozo.\n"
        "Estéreo Sierra,Noticiero,2026-13-40,07:30,90,Fecha mala,Texto.\n",
        encoding="utf-8",
    )
    r = correr(["notas", "importar", str(clips)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Guardadas: 1" in r.stdout and "línea 3" in r.stdout
    r = correr(["estado", "--json"], tmp_path)
    assert json.loads(r.stdout)["notas"] == 1
    impreso = tmp_path / "pagina.pdf"
    impreso.write_bytes(b"%PDF-1.4 no es un pdf de verdad")
    r = correr(
        ["notas", "capturar-impreso", str(impreso), "--medio", "Nadie", "--fecha", "2026-11-25"],
        tmp_path,
    )
    afirmar_error_de_una_linea(r, "no existe el medio")


@pytest.mark.lento
def test_respaldo_ida_y_vuelta_por_cli(tmp_path: Path) -> None:
    datos = tmp_path / "datos"
    r = correr(
        ["medios", "agregar", "--nombre", "Pulso", "--tipo", "digital", "--ambito", "regional"],
        datos,
    )
    assert r.returncode == 0, r.stderr
    destino = tmp_path / "respaldo.tar.gz"
    r = correr(["respaldo", "crear", str(destino)], datos)
    assert r.returncode == 0, r.stderr
    afirmar_error_de_una_linea(
        correr(["respaldo", "restaurar", str(destino)], datos), "--reemplazar"
    )
    otra = tmp_path / "otra"
    r = correr(["respaldo", "restaurar", str(destino)], otra)
    assert r.returncode == 0, r.stderr
    assert json.loads(correr(["estado", "--json"], otra).stdout)["medios"] == 1


@pytest.mark.lento
def test_transparencia_trimestre_invalido(tmp_path: Path) -> None:
    r = correr(
        ["transparencia", "--anio", "2026", "--trimestre", "5", "--salida", "x.xlsx"], tmp_path
    )
    afirmar_error_de_una_linea(r, "trimestre")


@pytest.mark.lento
def test_tono_clasificar_y_entrenar(tmp_path: Path) -> None:
    entrada = tmp_path / "t.jsonl"
    filas = [
        {"id": "a", "texto": "Vecinos denuncian abandono y retraso de la obra del Ayuntamiento"},
        {"id": "b", "texto": "El Ayuntamiento inauguró la clínica que beneficia a mil familias"},
        {"id": "c", "texto": "Roban una motocicleta en el centro", "objetivo": "Juan Pérez"},
    ]
    entrada.write_text("\n".join(json.dumps(f, ensure_ascii=False) for f in filas), "utf-8")
    salida = tmp_path / "p.csv"
    r = correr(["tono", "clasificar", "--entrada", str(entrada), "--salida", str(salida)], tmp_path)
    assert r.returncode == 0, r.stderr
    lineas = salida.read_text("utf-8").splitlines()
    assert lineas[0] == "id,tono,puntaje" and len(lineas) == 4
    tonos = {x.split(",")[0]: x.split(",")[1] for x in lineas[1:]}
    assert tonos["a"] == "negativo" and tonos["b"] == "positivo"
    roto = tmp_path / "roto.jsonl"
    roto.write_text('{"id": "a", "texto": "x"}\n{no es json\n', "utf-8")
    r = correr(["tono", "clasificar", "--entrada", str(roto), "--salida", str(salida)], tmp_path)
    afirmar_error_de_una_linea(r, "línea 2")
    ejemplos = tmp_path / "e.jsonl"
    textos = [
        ("Inauguran obra con éxito", "positivo"),
        ("Denuncian abandono", "negativo"),
        ("Sesiona el cabildo", "neutral"),
    ] * 4
    ejemplos.write_text(
        "\n".join(
            json.dumps({"id": str(i), "texto": t, "tono": o}) for i, (t, o) in enumerate(textos)
        ),
        "utf-8",
    )
    r = correr(["tono", "entrenar", "--entrada", str(ejemplos)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "modelos" / "tono.joblib").exists()
    r = correr(["tono", "clasificar", "--entrada", str(entrada), "--salida", str(salida)], tmp_path)
    assert r.returncode == 0 and "modelo entrenado" in r.stdout


@pytest.mark.lento
def test_emparejar_en_lote(tmp_path: Path) -> None:
    cuerpo = (
        "The city council opened a new water treatment plant that will serve twelve thousand "
        "residents of the northern district, the mayor announced on Tuesday during the ceremony."
    )
    boletines = tmp_path / "b.jsonl"
    boletines.write_text(json.dumps({"id": "B1", "titulo": "New plant", "texto": cuerpo}), "utf-8")
    notas = tmp_path / "n.jsonl"
    notas.write_text(
        json.dumps({"id": "N1", "titulo": "Water plant", "texto": cuerpo + " Locals celebrated."})
        + "\n"
        + json.dumps({"id": "N2", "titulo": "Football", "texto": "The local team won the cup."}),
        "utf-8",
    )
    salida = tmp_path / "p.csv"
    args = [
        "emparejar",
        "--boletines",
        str(boletines),
        "--notas",
        str(notas),
        "--salida",
        str(salida),
    ]
    r = correr(args, tmp_path)
    assert r.returncode == 0, r.stderr
    lineas = salida.read_text("utf-8").splitlines()
    assert lineas[0] == "nota_id,boletin_id,nivel,puntaje"
    assert len(lineas) == 2 and lineas[1].startswith("N1,B1,integra,")
    notas.write_text('{"id": "N1"}\n', "utf-8")
    afirmar_error_de_una_linea(correr(args, tmp_path), "línea 1")


@pytest.mark.lento
def test_evaluar_emparejamiento_del_corpus(tmp_path: Path) -> None:
    carpeta = Path(__file__).parent / "datos" / "emparejamiento"
    r = correr(["evaluar", "emparejamiento", str(carpeta), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    ev = json.loads(r.stdout)
    assert set(ev) == {"precision", "recall", "f1", "exactitud_nivel"}
    assert ev["precision"] >= 0.9 and ev["f1"] >= 0.85


@pytest.mark.lento
def test_agenda_invitar_por_correo_sin_duplicar(tmp_path: Path) -> None:
    import datetime as dt

    from sqlalchemy.orm import Session

    from datos.migraciones import actualizar
    from datos.repositorio.agenda import crear_evento
    from datos.repositorio.medios import agregar_contacto, crear_medio
    from datos.sesion import crear_motor
    from demo.buzon import BuzonLocal

    motor = crear_motor(f"sqlite:///{tmp_path / 'monitoreo.sqlite3'}")
    actualizar(motor)
    with Session(motor) as s:
        medio = crear_medio(s, nombre="Pulso", tipo="digital", ambito="regional", usuario="t")
        agregar_contacto(
            s, medio.id, nombre="Redacción", correo="redaccion@pulso.example", usuario="t"
        )
        inicio = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
        evento = crear_evento(s, titulo="Inauguración del pozo", inicio=inicio, usuario="t")
        s.commit()
        evento_id = evento.id
    motor.dispose()
    with BuzonLocal(tmp_path / "buzon") as buzon:
        smtp = {
            "MONITOREO_SMTP_SERVIDOR": "127.0.0.1",
            "MONITOREO_SMTP_PUERTO": str(buzon.puerto),
            "MONITOREO_SMTP_TLS": "ninguno",
        }
        args = ["agenda", "invitar", "--evento", str(evento_id), "--medio", "Pulso"]
        r = correr(args, tmp_path, **smtp)
        assert r.returncode == 0, r.stderr
        assert "Enviados: 1" in r.stdout
        r = correr(args, tmp_path, **smtp)
        assert r.returncode == 0 and "ya enviados: 1" in r.stdout
        afirmar_error_de_una_linea(
            correr([*args[:4], "--medio", "Nadie"], tmp_path, **smtp), "Nadie"
        )
    assert buzon.destinatarios() == ["redaccion@pulso.example"]
