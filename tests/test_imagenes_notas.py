"""Una foto nuestra reusada por un medio en su nota web cuenta como evidencia de retoma.

Servidor HTTP real en 127.0.0.1: sirve la nota con nuestra foto recomprimida y escalada, otra foto
distinta, una redirección hacia el servicio de metadatos de la nube y bombas de descompresión.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import imagehash
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.huellas import a_entero, arreglo, distancias
from datos.consultas.fotos import fotos_reusadas
from datos.modelos import (
    Ambito,
    Boletin,
    EstadoRevision,
    Medio,
    NivelRetoma,
    Nota,
    Retoma,
    TipoCaptura,
    TipoMedio,
)
from datos.repositorio.fotos_en_notas import recalcular_todo, registrar_recurso
from datos.repositorio.recursos import subir_recurso
from rastreadores.extraccion import extraer
from rastreadores.huellas_imagenes import huellas_pendientes
from rastreadores.imagenes import ImagenInvalida, descargar_imagen
from tests.servidores import Manejador, SitioNotas, enviar, servir
from tests.test_oficina_boletines import MX
from tests.test_oficina_recursos import _png_falso, escena, jpeg

METADATOS = "http://169.254.169.254/latest/meta-data/"
NUESTRA = jpeg(escena(1), calidad=92)
# Como la publica un medio: a la mitad del tamaño y recomprimida con calidad baja.
PUBLICADA = jpeg(escena(1).resize((400, 300)), calidad=40)
DISTINTA = jpeg(escena(2))


@dataclass
class SitioConFotos(SitioNotas):
    """Un medio con una nota ilustrada y rutas hostiles para las imágenes."""

    agentes: list[str] = field(default_factory=list)

    def html(self) -> bytes:
        """Nota con og:image (nuestra foto) y otra foto en el cuerpo."""
        return f"""<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>Abre Tampacán su clínica</title>
<meta property="og:image" content="{self.base}/fotos/clinica.jpg"></head>
<body><article><h1>Abre Tampacán su clínica</h1><p>La clínica atenderá a 3,000 personas.</p>
<img src="/fotos/mercado.jpg"></article></body></html>""".encode()

    def responder(self, h: Manejador, ruta: str) -> None:
        """Nota, fotos, redirección a metadatos y bombas."""
        self.contar(ruta)
        self.agentes.append(h.headers.get("User-Agent", ""))
        respuestas = {
            "/nota": (self.html(), "text/html; charset=utf-8"),
            "/fotos/clinica.jpg": (PUBLICADA, "image/jpeg"),
            "/fotos/mercado.jpg": (DISTINTA, "image/jpeg"),
            # 100 000² píxeles: Pillow lanza DecompressionBombError al abrirla.
            "/fotos/bomba.png": (_png_falso(100_000, 100_000), "image/png"),
            # 10 000² = 100 MP: entre 1× y 2× MAX_IMAGE_PIXELS Pillow sólo avisaría.
            "/fotos/casi-bomba.png": (_png_falso(10_000, 10_000), "image/png"),
        }
        if ruta == "/fotos/a-metadatos.jpg":
            h.send_response(302)
            h.send_header("Location", METADATOS)
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif ruta in respuestas:
            enviar(h, *respuestas[ruta])
        else:
            enviar(h, b"no encontrado", "text/plain", estado=404)


def _nota_retomada(s: Session, url: str, imagenes: list[str], boletin: Boletin) -> Nota:
    """Nota web del Diario de Prueba que retoma el boletín, con sus imágenes enlazadas."""
    medio = s.scalar(select(Medio).where(Medio.nombre == "Diario de Prueba"))
    if medio is None:
        medio = Medio(nombre="Diario de Prueba", tipo=TipoMedio.DIGITAL, ambito=Ambito.ESTATAL)
    nota = Nota(
        medio=medio,
        url_canonica=url,
        titulo="Abre Tampacán su clínica",
        texto="La clínica atenderá a 3,000 personas.",
        tipo_captura=TipoCaptura.RSS,
        hash_contenido=url,
        fecha_publicacion=dt.datetime(2026, 11, 26, 12, tzinfo=MX),
        imagenes=[{"url": u} for u in imagenes],
    )
    s.add_all([nota, Retoma(nota=nota, boletin=boletin, nivel=NivelRetoma.REESCRITA, puntaje=0.4)])
    s.flush()
    return nota


def _boletin(s: Session) -> Boletin:
    """Boletín 045/2026 con nuestra foto adjunta."""
    foto = subir_recurso(s, "clinica.jpg", NUESTRA, tipo="foto")
    boletin = Boletin(
        numero=45,
        anio=2026,
        fecha_emision=dt.datetime(2026, 11, 26, 10, tzinfo=MX),
        titular="Inaugura la presidenta la clínica de Tampacán",
        entradilla="La presidenta municipal inauguró la clínica de salud.",
        cuerpo="La clínica atenderá a 3,000 personas.",
        recursos=[foto],
    )
    s.add(boletin)
    s.flush()
    return boletin


def test_foto_nuestra_reusada_en_la_nota(sesion: Session, directorio_datos: Path) -> None:
    boletin = _boletin(sesion)
    sitio = SitioConFotos(n=0)
    with servir(sitio):
        extraccion = extraer(sitio.html(), f"{sitio.base}/nota")
        assert extraccion.imagenes == (
            f"{sitio.base}/fotos/clinica.jpg",
            f"{sitio.base}/fotos/mercado.jpg",
        )
        imagenes = list(extraccion.imagenes)
        nota = _nota_retomada(sesion, f"{sitio.base}/nota", imagenes, boletin)
        rechazada = _nota_retomada(sesion, f"{sitio.base}/otra", [imagenes[0]], boletin)
        rechazada.retomas[0].estado = EstadoRevision.RECHAZADA
        assert huellas_pendientes(sesion) == 2
        assert rechazada.imagenes == [{"url": imagenes[0]}]
        assert all(len(i["phash"]) == 16 for i in nota.imagenes)
        assert [i["url"] for i in nota.imagenes] == imagenes
        # Ya tienen huella: otra vuelta no vuelve a pedir nada al medio.
        pedidas = sitio.peticiones.copy()
        assert huellas_pendientes(sesion) == 0
        assert sitio.peticiones == pedidas
        assert all(a.startswith("MonitoreoTampacan/") and "+mailto:" in a for a in sitio.agentes)
    sesion.commit()
    sesion.expire_all()
    assert all("phash" in i for i in sesion.get(Nota, nota.id).imagenes)  # type: ignore[union-attr]
    reusadas = fotos_reusadas(sesion)
    assert len(reusadas) == 1
    foto = reusadas[0]
    assert (foto.nota_id, foto.medio, foto.nombre_archivo) == (
        nota.id,
        "Diario de Prueba",
        "clinica.jpg",
    )
    assert foto.boletin_folios == ("045/2026",)
    assert foto.distancia <= 8
    assert foto.url_imagen.endswith("/fotos/clinica.jpg")
    assert fotos_reusadas(sesion, distancia_max=-1) == []


def test_rechaza_ssrf_y_bombas(sesion: Session, directorio_datos: Path) -> None:
    with pytest.raises(ImagenInvalida, match="metadatos"):
        descargar_imagen(METADATOS, limite_bytes=10_000_000)
    sitio = SitioConFotos(n=0)
    with servir(sitio):
        with pytest.raises(ImagenInvalida, match="metadatos"):
            descargar_imagen(f"{sitio.base}/fotos/a-metadatos.jpg", limite_bytes=10_000_000)
        for bomba in ("bomba.png", "casi-bomba.png"):
            with pytest.raises(ImagenInvalida, match=r"bomba|píxeles"):
                descargar_imagen(f"{sitio.base}/fotos/{bomba}", limite_bytes=10_000_000)
        with pytest.raises(ImagenInvalida, match="bytes"):
            descargar_imagen(f"{sitio.base}/fotos/clinica.jpg", limite_bytes=1000)
        with pytest.raises(ImagenInvalida, match="404"):
            descargar_imagen(f"{sitio.base}/fotos/no-existe.jpg", limite_bytes=10_000_000)
        with pytest.raises(ImagenInvalida, match="dañada"):
            descargar_imagen(f"{sitio.base}/nota", limite_bytes=10_000_000)
        # En lote, cada imagen rechazada queda con su motivo y no se vuelve a intentar.
        boletin = _boletin(sesion)
        hostiles = [
            METADATOS,
            f"{sitio.base}/fotos/a-metadatos.jpg",
            f"{sitio.base}/fotos/bomba.png",
        ]
        nota = _nota_retomada(sesion, f"{sitio.base}/nota", hostiles, boletin)
        assert huellas_pendientes(sesion) == 0
        assert [sorted(i) for i in nota.imagenes] == [["error", "url"]] * 3
        assert "metadatos" in nota.imagenes[1]["error"]
        assert huellas_pendientes(sesion) == 0
    assert fotos_reusadas(sesion) == []


def _nota_con_huella(s: Session, url: str, huella: str, boletin: Boletin) -> Nota:
    """Nota web retomada cuya única imagen ya tiene huella (como la deja `huellas_pendientes`)."""
    nota = _nota_retomada(s, url, [f"{url}/foto.jpg"], boletin)
    nota.imagenes = [{"url": f"{url}/foto.jpg", "phash": huella}]
    s.flush()
    return nota


def test_la_foto_subida_despues_se_encuentra_en_notas_ya_guardadas(
    sesion: Session, directorio_datos: Path
) -> None:
    # La nota ya tenía huella cuando se subió la foto al banco: la coincidencia se registra al
    # subirla, no al mirar la página.
    foto_publicada = subir_recurso(sesion, "publicada.jpg", PUBLICADA, tipo="foto")
    huella = str(foto_publicada.hash_perceptual)
    sesion.delete(foto_publicada)
    sesion.flush()
    boletin = _boletin(sesion)
    nota = _nota_con_huella(sesion, "https://diario.example.mx/n1", huella, boletin)
    assert fotos_reusadas(sesion) == []
    assert registrar_recurso(sesion, boletin.recursos[0]) == 1
    assert [f.nota_id for f in fotos_reusadas(sesion)] == [nota.id]
    assert [f.nota_id for f in fotos_reusadas(sesion, folio="045/2026")] == [nota.id]
    assert fotos_reusadas(sesion, folio="046/2026") == []
    assert fotos_reusadas(sesion, folio="no es folio") == []
    assert len(fotos_reusadas(sesion, recurso_id=boletin.recursos[0].id)) == 1
    assert fotos_reusadas(sesion, recurso_id=boletin.recursos[0].id + 1) == []


def test_recalcular_todo_y_relevancia_al_leer(sesion: Session, directorio_datos: Path) -> None:
    boletin = _boletin(sesion)
    suya = str(boletin.recursos[0].hash_perceptual)
    # Un bit distinto: la misma foto; la huella inválida se ignora sin error.
    cercana = f"{int(suya, 16) ^ 1:016x}"
    nota = _nota_con_huella(sesion, "https://diario.example.mx/n2", cercana, boletin)
    otra = _nota_con_huella(sesion, "https://diario.example.mx/n3", "no-es-huella", boletin)
    assert recalcular_todo(sesion) == 1
    (reusada,) = fotos_reusadas(sesion)
    assert (reusada.nota_id, reusada.distancia) == (nota.id, 1)
    assert reusada.url_imagen == "https://diario.example.mx/n2/foto.jpg"
    assert otra.id not in {f.nota_id for f in fotos_reusadas(sesion)}
    # Rechazar la retoma la saca de lo que se muestra aunque la coincidencia siga guardada.
    nota.retomas[0].estado = EstadoRevision.RECHAZADA
    sesion.flush()
    assert fotos_reusadas(sesion) == []
    assert recalcular_todo(sesion) == 1


def test_distancia_vectorizada_igual_a_imagehash() -> None:
    azar = random.Random(7)
    huellas = [f"{azar.getrandbits(64):016x}" for _ in range(300)]
    banco = arreglo([int(h, 16) for h in huellas])
    for h in huellas[:30]:
        esperadas = [int(imagehash.hex_to_hash(h) - imagehash.hex_to_hash(x)) for x in huellas]
        assert distancias(int(h, 16), banco).tolist() == esperadas
    assert a_entero("0123456789abcdeg") is None
    assert a_entero("abc") is None
