"""La síntesis en HTML (archivo o correo) y en texto plano, con las mismas secciones que el PDF."""

from __future__ import annotations

import base64
import html
import io

from PIL import Image

from datos import config as configuracion
from reportes import DIRECCION, fecha_larga, institucion
from reportes.pdf import miniatura
from reportes.planas import imagen_de_plana, jpeg, logo
from reportes.sintesis_modelo import Entrada, Pieza, Sintesis
from reportes.sintesis_pdf import OCHO_COLUMNAS, PRIMERAS_PLANAS, linea_aparicion
from reportes.sintesis_resumen import resumen_ejecutivo

_GUINDA = "#7a1e34"
_ESTILO_H2 = f'style="color:{_GUINDA};border-bottom:2px solid {_GUINDA};margin-top:24px"'
_NINGUNA = "Ninguna nota negativa ni de alto alcance potencial hoy."
_ESTILO = (
    "font-family:Arial,Helvetica,sans-serif;color:#212121;max-width:760px;margin:0 auto;"
    "padding:16px;line-height:1.4"
)
_COLOR_TONO = {"positivo": "#2e7d32", "negativo": "#c62828"}


class Imagenes:
    """Cómo se incrustan las imágenes: data: URI (archivo) o cid: (correo, partes relacionadas)."""

    def __init__(self, en_correo: bool) -> None:
        """Sin partes todavía."""
        self.en_correo = en_correo
        self.partes: dict[str, bytes] = {}

    def src(self, datos: bytes, nombre: str) -> str:
        """El atributo src de una imagen JPEG o PNG."""
        tipo = "png" if datos.startswith(b"\x89PNG") else "jpeg"
        if self.en_correo:
            self.partes[nombre] = datos
            return f"cid:{nombre}"
        return f"data:image/{tipo};base64,{base64.b64encode(datos).decode('ascii')}"


def _e(texto: object) -> str:
    """Escapa para HTML (todo texto rastreado pasa por aquí)."""
    return html.escape("" if texto is None else str(texto), quote=True)


def html_sintesis(
    sintesis: Sintesis, con_miniaturas: bool, imagenes: Imagenes | None = None
) -> str:
    """HTML autónomo de la síntesis, con todo el texto escapado."""
    imagenes = imagenes or Imagenes(en_correo=False)
    partes = [
        '<!DOCTYPE html><html lang="es-MX"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<title>{_e(sintesis.titulo)}</title></head><body style="{_ESTILO}">',
        _portada(sintesis, imagenes),
        _indice(sintesis),
        _planas(sintesis, imagenes),
        _ocho_columnas(sintesis),
    ]
    for seccion, entradas in sintesis.por_seccion():
        partes.append(
            f'<h2 id="{_ancla(seccion)}" {_ESTILO_H2}>{_e(seccion)} ({len(entradas)})</h2>'
        )
        partes += [_entrada(e, sintesis, con_miniaturas, imagenes) for e in entradas]
    if not sintesis.piezas:
        partes.append("<p><em>No se registraron notas este día.</em></p>")
    partes.append("</body></html>")
    return "\n".join(partes)


def _ancla(seccion: str) -> str:
    """Identificador de sección para los enlaces del índice."""
    return "s-" + "".join(c if c.isalnum() else "-" for c in seccion.lower())


def _portada(sintesis: Sintesis, imagenes: Imagenes) -> str:
    """Logo, institución, fecha, conteos, resumen ejecutivo, atención y nota de la Dirección."""
    imagen = logo(sintesis.logo)
    escudo = ""
    if imagen is not None:
        imagen.thumbnail((160, 160))
        escudo = (
            f'<img src="{imagenes.src(_png(imagen), "logo")}" alt="Logo" width="80" height="80">'
        )
    resumen = "".join(f"<li>{_e(r)}</li>" for r in resumen_ejecutivo(sintesis))
    nota = ""
    if sintesis.nota_editorial:
        nota = f"<h2 {_ESTILO_H2}>Nota de la Dirección</h2><p>{_e(sintesis.nota_editorial)}</p>"
    return (
        f'<div style="text-align:center">{escudo}'
        f'<p style="color:#6e6e6e;margin:0">{_e(institucion())} · {_e(DIRECCION)}</p>'
        f'<h1 style="color:{_GUINDA};margin:4px 0">Síntesis informativa</h1>'
        f"<p><strong>{_e(fecha_larga(sintesis.fecha))}</strong></p></div>"
        f"{_conteos(sintesis)}<h2 {_ESTILO_H2}>Resumen ejecutivo</h2><ul>{resumen}</ul>"
        f"{_atencion(sintesis)}{nota}"
    )


def _png(imagen: Image.Image) -> bytes:
    """PNG de una imagen PIL (el logo conserva su transparencia)."""
    memoria = io.BytesIO()
    imagen.save(memoria, format="PNG")
    return memoria.getvalue()


def _conteos(sintesis: Sintesis) -> str:
    """Tabla de conteos de la portada."""
    celdas = "".join(
        f'<td style="padding:6px 10px;background:#f4eff0;text-align:center">'
        f'<div style="font-size:20px;font-weight:bold;color:{_GUINDA}">{_e(v)}</div>'
        f'<div style="font-size:11px;color:#6e6e6e">{_e(etiqueta)}</div></td>'
        for v, etiqueta in sintesis.conteos()[:4]
    )
    estilo = "border-spacing:4px;margin:0 auto"
    return f'<table role="presentation" style="{estilo}"><tr>{celdas}</tr></table>'


def _atencion(sintesis: Sintesis) -> str:
    """Lista de historias que requieren atención."""
    atencion = sintesis.atencion()[:5]
    if not atencion:
        return f"<h2 {_ESTILO_H2}>Requieren atención</h2><p><em>{_NINGUNA}</em></p>"
    items = "".join(
        f"<li><strong>{_e(', '.join(e.medios))}</strong>: {_e(e.principal.nota.titulo)} "
        f'<span style="color:#c62828">({_e(", ".join(e.atencion))})</span></li>'
        for e in atencion
    )
    return f'<h2 style="color:#c62828">Requieren atención</h2><ul>{items}</ul>'


def _indice(sintesis: Sintesis) -> str:
    """Índice con enlaces a cada sección."""
    nombres = [PRIMERAS_PLANAS, OCHO_COLUMNAS] + [s for s, _ in sintesis.por_seccion()]
    items = "".join(f'<li><a href="#{_ancla(n)}">{_e(n)}</a></li>' for n in nombres)
    return f"<h2 {_ESTILO_H2}>Índice</h2><ol>{items}</ol>"


def _planas(sintesis: Sintesis, imagenes: Imagenes) -> str:
    """Portadas de las ediciones impresas."""
    celdas = []
    for k, plana in enumerate(sintesis.planas):
        imagen = imagen_de_plana(plana)
        if imagen is None:
            continue
        src = imagenes.src(jpeg(imagen), f"plana-{k}")
        celdas.append(
            '<div style="display:inline-block;vertical-align:top;width:48%;margin:0 1% 12px">'
            f'<p style="margin:0 0 4px;font-weight:bold;color:{_GUINDA}">{_e(plana.medio)}</p>'
            f'<img src="{src}" alt="Primera plana de {_e(plana.medio)}" '
            'style="width:100%;border:1px solid #ccc"></div>'
        )
    cuerpo = "".join(celdas) or "<p><em>No se capturaron ediciones impresas este día.</em></p>"
    return f'<h2 id="{_ancla(PRIMERAS_PLANAS)}" {_ESTILO_H2}>{PRIMERAS_PLANAS}</h2>{cuerpo}'


def _ocho_columnas(sintesis: Sintesis) -> str:
    """La cabeza principal de cada medio."""
    filas = "".join(
        f'<tr><td style="padding:4px;font-weight:bold">{_e(c.medio)}</td>'
        f'<td style="padding:4px">{_enlace(c.titulo, c.enlace)}</td>'
        f'<td style="padding:4px;color:#6e6e6e;font-size:12px">{_e(c.origen)}</td></tr>'
        for c in sintesis.ocho_columnas
    )
    cuerpo = (
        f'<table style="border-collapse:collapse;width:100%">{filas}</table>'
        if filas
        else "<p><em>Ningún periódico ni portal publicó notas este día.</em></p>"
    )
    return f'<h2 id="{_ancla(OCHO_COLUMNAS)}" {_ESTILO_H2}>{OCHO_COLUMNAS}</h2>{cuerpo}'


def _enlace(texto: str, url: str | None) -> str:
    """Texto escapado con hipervínculo si hay URL pública."""
    if not url:
        return _e(texto)
    return f'<a href="{_e(url)}" style="color:#0b57d0">{_e(texto)}</a>'


def _entrada(entrada: Entrada, sintesis: Sintesis, con_miniaturas: bool, imagenes: Imagenes) -> str:
    """Bloque HTML de una historia con una línea por medio."""
    principal = entrada.principal
    alerta = ""
    if entrada.atencion:
        motivos = _e(", ".join(entrada.atencion))
        alerta = f'<p style="color:#c62828;margin:2px 0"><b>Requiere atención:</b> {motivos}</p>'
    medios = "".join(_aparicion(p, sintesis) for p in entrada.piezas)
    imagen = _miniatura(entrada, sintesis, imagenes) if con_miniaturas else ""
    imagen += _enlace_testigo(principal)
    return (
        '<div style="margin:10px 0;padding-bottom:8px;border-bottom:1px solid #ddd">'
        f'<p style="font-size:16px;font-weight:bold;margin:2px 0">'
        f"{_enlace(principal.nota.titulo, principal.enlace)}</p>"
        f'<p style="margin:2px 0">{_e(principal.resumen)}</p>{alerta}'
        f'<ul style="margin:4px 0;padding-left:18px;font-size:12px">{medios}</ul>{imagen}</div>'
    )


def _aparicion(pieza: Pieza, sintesis: Sintesis) -> str:
    """Una línea por medio: datos y enlace."""
    color = _COLOR_TONO.get(pieza.tono, "#6e6e6e")
    enlace = f' · <a href="{_e(pieza.enlace)}">ver nota</a>' if pieza.enlace else ""
    return f'<li style="color:{color}">{_e(linea_aparicion(pieza, sintesis))}{enlace}</li>'


def _enlace_testigo(pieza: Pieza) -> str:
    """Enlace «Ver testigo» al visor del tablero (si se configuró su dirección)."""
    base = configuracion.cargar().url_tablero
    if not base:
        return ""
    destino = _e(f"{base}/testigo?nota={pieza.nota.nota_id}")
    return f'<p style="margin:2px 0"><a href="{destino}" style="color:#0b57d0">Ver testigo</a></p>'


def _miniatura(entrada: Entrada, sintesis: Sintesis, imagenes: Imagenes) -> str:
    """Miniatura del testigo de la historia, o vacío."""
    rutas = [p.nota.miniatura for p in entrada.piezas if p.nota.miniatura]
    imagen = miniatura(sintesis.dir_testigos, rutas[0]) if rutas else None
    if imagen is None:
        return ""
    src = imagenes.src(jpeg(imagen), f"testigo-{entrada.principal.nota.nota_id}")
    estilo = "max-width:600px;width:100%"
    return f'<img src="{src}" alt="Recorte del testigo" style="{estilo}">'


def texto_sintesis(sintesis: Sintesis) -> str:
    """Versión en texto plano para clientes de correo sin HTML."""
    lineas = [sintesis.titulo, f"{institucion()} · {DIRECCION}", "", "RESUMEN EJECUTIVO"]
    lineas += [f"- {r}" for r in resumen_ejecutivo(sintesis)]
    if sintesis.nota_editorial:
        lineas += ["", "NOTA DE LA DIRECCIÓN", sintesis.nota_editorial]
    lineas += ["", OCHO_COLUMNAS.upper()]
    lineas += [f"- {c.medio}: {c.titulo}" for c in sintesis.ocho_columnas]
    for seccion, entradas in sintesis.por_seccion():
        lineas += ["", seccion.upper()]
        for e in entradas:
            lineas += [f"- {e.principal.nota.titulo}", f"  {e.principal.resumen}"]
            lineas += [
                f"  · {linea_aparicion(p, sintesis)} {p.enlace or ''}".rstrip() for p in e.piezas
            ]
    lineas += ["", "El PDF completo va adjunto."]
    return "\n".join(lineas)
