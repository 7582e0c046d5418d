"""El testigo para personas: HTML archivado sin riesgo, recorte legible, vista para imprimir y
exportación con manifiesto.

El HTML de un medio puede traer scripts, rastreadores e imágenes remotas: se limpia con
`lxml_html_clean` (sin scripts, marcos, formularios, estilos con `url()` ni imágenes remotas) y,
además, se muestra dentro de un `iframe` con `sandbox` y una política CSP que no permite ninguna
petición externa. Dos barreras: si una falla, la otra sigue.
"""

from __future__ import annotations

import base64
import html
import io
import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
from lxml_html_clean import Cleaner
from PIL import Image

from datos.consultas.testigos import ArchivoEvidencia, EvidenciaNota
from datos.testigos import leer_testigo
from reportes import fecha_hora

log = logging.getLogger(__name__)

# Sólo imágenes embebidas (data:) y estilos en línea; nada sale a la red.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_LIMPIADOR = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=False,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    remove_unknown_tags=False,
    safe_attrs_only=True,
)
# El recorte del titular y la entrada: la parte de arriba de la captura, en proporción 4:3
# (en las capturas de 1280 px de ancho de la demo eso deja título, fecha y primer párrafo).
PROPORCION_RECORTE = 0.75
NOMBRES_TIPO = {
    "html": "Página archivada (HTML)",
    "captura": "Captura de pantalla",
    "imagen": "Imagen de la página impresa",
    "pdf": "Página impresa (PDF)",
    "audio": "Audio",
}


def html_seguro(crudo: bytes) -> str:
    """Documento HTML limpio, sin scripts ni peticiones externas, con su política CSP."""
    return _documento(cuerpo_seguro(crudo))


def cuerpo_seguro(crudo: bytes) -> str:
    """El cuerpo del HTML archivado sin scripts, marcos, formularios ni imágenes remotas."""
    try:
        documento = lxml.html.document_fromstring(crudo)
        limpio = _LIMPIADOR.clean_html(documento)
    except (ValueError, lxml.etree.ParserError) as exc:
        log.warning("HTML de testigo ilegible: %s", exc)
        return "<p>El HTML archivado no se pudo leer.</p>"
    for imagen in list(limpio.iter("img")):
        if not imagen.get("src", "").startswith("data:"):
            # Una imagen remota sería una petición al medio (y un rastreador): queda su texto.
            descripcion = imagen.get("alt") or "sin descripción"
            imagen.attrib.clear()
            imagen.tag = "span"
            imagen.text = f"[imagen: {descripcion}]"
    for enlace in limpio.iter("a"):
        enlace.set("rel", "noopener noreferrer")
        enlace.set("target", "_blank")
    cuerpo = limpio.find("body")
    return str(lxml.html.tostring(cuerpo if cuerpo is not None else limpio, encoding="unicode"))


def _documento(cuerpo: str) -> str:
    """Envuelve el cuerpo con la política CSP y un estilo legible."""
    return (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '</head><body style="font-family:Georgia,serif;max-width:820px;margin:16px auto;'
        f'line-height:1.5;color:#222">{cuerpo}</body></html>'
    )


def marco_seguro(documento: str, alto: int = 640) -> str:
    """`iframe` aislado (sandbox sin permisos) con el documento en `srcdoc`."""
    return (
        f'<iframe title="Página archivada" sandbox="" srcdoc="{html.escape(documento)}" '
        f'style="width:100%;height:{alto}px;border:1px solid #ccc;background:#fff"></iframe>'
    )


def recorte(contenido: bytes, tipo: str) -> Image.Image | None:
    """Titular y entrada legibles: la parte de arriba de la captura o de la página impresa."""
    try:
        imagen = _imagen_de(contenido, tipo)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("no se pudo recortar el testigo: %s", exc)
        return None
    if imagen is None:
        return None
    alto = min(imagen.height, int(imagen.width * PROPORCION_RECORTE))
    return imagen.crop((0, 0, imagen.width, alto)).convert("RGB")


def _imagen_de(contenido: bytes, tipo: str) -> Image.Image | None:
    """La imagen de una captura, una foto o la primera página de un PDF."""
    if tipo in {"captura", "imagen"}:
        return Image.open(io.BytesIO(contenido))
    if tipo == "pdf":
        import pypdfium2

        documento = pypdfium2.PdfDocument(contenido)
        try:
            pagina: Image.Image = documento[0].render(scale=1.5).to_pil()
            return pagina
        finally:
            documento.close()
    return None


def recorte_de(evidencia: EvidenciaNota) -> Image.Image | None:
    """Recorte del testigo visual más reciente de la nota (captura, foto o PDF impreso)."""
    archivo = evidencia.principal("captura", "imagen", "pdf")
    if archivo is None:
        return None
    try:
        return recorte(leer_testigo(archivo.ruta), archivo.tipo)
    except (OSError, ValueError) as exc:
        log.warning("testigo no disponible %s: %s", archivo.ruta, exc)
        return None


def nombre_de_archivo(archivo: ArchivoEvidencia) -> str:
    """«v2-captura-2026-11-26T0815.png»: versión, tipo y hora de captura, sin rutas internas."""
    momento = archivo.capturado_en.strftime("%Y-%m-%dT%H%M")
    return f"v{archivo.version}-{archivo.tipo}-{momento}-{archivo.testigo_id}.{archivo.extension}"


def exportar(evidencia: EvidenciaNota, salida: Path) -> Path:
    """Copia cada archivo de la evidencia a `salida` y escribe `manifiesto.json`."""
    salida.mkdir(parents=True, exist_ok=True)
    archivos = []
    for archivo in sorted(evidencia.archivos, key=lambda a: (a.capturado_en, a.testigo_id)):
        nombre = nombre_de_archivo(archivo)
        (salida / nombre).write_bytes(leer_testigo(archivo.ruta))
        archivos.append(
            {
                "archivo": nombre,
                "sha256": archivo.sha256,
                "tipo": archivo.tipo,
                "capturado_en": archivo.capturado_en.isoformat(),
                "version": archivo.version,
            }
        )
    manifiesto = {"nota_id": evidencia.nota_id, "url": evidencia.url, "archivos": archivos}
    ruta = salida / "manifiesto.json"
    ruta.write_text(json.dumps(manifiesto, ensure_ascii=False, indent=2), encoding="utf-8")
    return ruta


def _datos(evidencia: EvidenciaNota, zona: ZoneInfo) -> str:
    """Tabla HTML de medio, URL y versiones con su huella."""
    filas = "".join(
        f"<tr><td>v{a.version}</td><td>{html.escape(NOMBRES_TIPO.get(a.tipo, a.tipo))}</td>"
        f"<td>{html.escape(fecha_hora(a.capturado_en, zona))}</td>"
        f"<td style='font-family:monospace;font-size:9px'>{a.sha256}</td></tr>"
        for a in evidencia.archivos
    )
    url = html.escape(evidencia.url or "sin dirección pública")
    return (
        f"<p><b>{html.escape(evidencia.medio)}</b> · {url}</p>"
        "<table border='1' cellpadding='4' style='border-collapse:collapse;font-size:11px'>"
        "<tr><th>Versión</th><th>Archivo</th><th>Capturado</th><th>sha256</th></tr>"
        f"{filas}</table>"
    )


def vista_para_imprimir(evidencia: EvidenciaNota, zona: ZoneInfo) -> str:
    """HTML autónomo para imprimir: datos del testigo, recorte y la página archivada limpia."""
    partes = [f"<h1>Testigo: {html.escape(evidencia.titulo)}</h1>", _datos(evidencia, zona)]
    imagen = recorte_de(evidencia)
    if imagen is not None:
        memoria = io.BytesIO()
        imagen.save(memoria, format="PNG")
        codigo = base64.b64encode(memoria.getvalue()).decode("ascii")
        fuente = f"data:image/png;base64,{codigo}"
        partes.append(f"<p><img alt='Recorte' style='max-width:100%' src='{fuente}'></p>")
    pagina = evidencia.principal("html")
    if pagina is not None:
        partes.append("<h2>Página archivada</h2>" + cuerpo_seguro(leer_testigo(pagina.ruta)))
    return _documento("".join(partes))
