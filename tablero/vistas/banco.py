"""Componentes del Banco de medios: subir, buscar, miniaturas, EXIF y uso en medios."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from analisis import etiquetas
from datos.config import cargar
from datos.consultas import oficina as co
from datos.consultas.fotos import DISTANCIA_PARECIDA, fotos_reusadas
from datos.modelos import Evento, Recurso
from datos.repositorio.recursos import (
    RecursoInvalido,
    abrir_imagen,
    boletines_con_recurso,
    borrar_recurso,
    buscar_recursos,
    distancia,
    fotos_parecidas,
    hash_perceptual,
    subir_recurso,
)
from datos.sesion import sesion
from datos.testigos import TestigoInvalido, leer_testigo
from reportes import formato
from tablero import componentes
from tablero.acceso import leer
from tablero.acciones import ejecutar
from tablero.autenticacion import UsuarioActivo
from tablero.componentes.confirmar import confirmar
from tablero.componentes.formularios import (
    elegir,
    fecha,
    fecha_hora,
    frase,
    literal,
    opciones,
    texto_o_none,
)

# Miniaturas por renglón de la cuadrícula y máximo en pantalla (el resto se afina buscando).
COLUMNAS_CUADRICULA = 4
MAXIMO_CUADRICULA = 48
# Un banco estatal junta decenas de miles de archivos: la búsqueda trae los más recientes y el
# selector de detalle no lista miles de opciones.
LIMITE_BUSQUEDA = 500
ICONO_TIPO = {
    "foto": ":material/image:",
    "audio": ":material/audio_file:",
    "video": ":material/movie:",
    "documento": ":material/description:",
}
TODAS = "Todas"


def subir_ui(u: UsuarioActivo) -> None:
    """Sube archivos al banco; cada error (tipo, tamaño, imagen dañada) se explica en español."""
    archivos = st.file_uploader(
        "Archivos (fotos, audio, video, PDF u Office)",
        accept_multiple_files=True,
        key="banco_archivos",
    )
    c1, c2 = st.columns(2)
    etiquetas = c1.text_input("Etiquetas (separadas por comas)", key="banco_etiquetas")
    autor = c2.text_input("Autor (si el EXIF no lo trae)", key="banco_autor")
    descripcion = st.text_input("Descripción", key="banco_descripcion")
    eventos = leer(co.eventos_recientes)
    nombres = opciones(eventos, "evento_id", lambda f: f"{fecha(f['inicio'])} · {f['titulo']}")
    evento = elegir("Evento (opcional)", nombres, "banco_evento", "Sin evento")
    if st.button("Guardar en el banco", type="primary", key="banco_subir", disabled=not archivos):
        for archivo in archivos or []:
            _subir_uno(
                archivo.name,
                archivo.getvalue(),
                etiquetas=[e for e in etiquetas.split(",") if e.strip()],
                autor=texto_o_none(autor),
                descripcion=texto_o_none(descripcion),
                evento_id=evento,
                nombre=u.nombre,
            )


def _subir_uno(archivo: str, contenido: bytes, *, nombre: str, **datos: Any) -> None:
    """Guarda un archivo y dice cómo le fue."""
    try:
        with sesion() as s:
            recurso = subir_recurso(s, archivo, contenido, usuario=nombre, **datos)
            repetido = recurso.nombre_archivo != archivo
    except RecursoInvalido as exc:
        st.error(f"{literal(archivo)}: {literal(str(exc))}")
        return
    if repetido:
        st.info(f"{literal(archivo)} ya estaba en el banco como {literal(recurso.nombre_archivo)}.")
    else:
        st.success(f"{literal(archivo)} guardado en el banco.")


def filtros_banco() -> dict[str, Any]:
    """Búsqueda por texto, etiqueta, tipo y fechas (de toma o de subida)."""
    etiquetas = leer(co.etiquetas_del_banco)
    c1, c2, c3 = st.columns(3)
    texto = c1.text_input("Buscar texto", key="banco_texto")
    etiqueta = c2.selectbox("Etiqueta", [TODAS, *etiquetas], key="banco_etiqueta")
    tipo = c3.selectbox("Tipo", [TODAS, *ICONO_TIPO], key="banco_tipo")
    filtro: dict[str, Any] = {
        "texto": texto or None,
        "etiqueta": None if etiqueta == TODAS else etiqueta,
        "tipo": None if tipo == TODAS else tipo,
    }
    if st.checkbox("Filtrar por fecha", key="banco_por_fecha"):
        desde, hasta = componentes.selector_periodo("banco", dias=365)
        filtro["desde"], filtro["hasta"] = formato.rango_utc(desde, hasta, cargar().zona)
    return filtro


def buscar(filtro: dict[str, Any]) -> list[Recurso]:
    """Los LIMITE_BUSQUEDA recursos más recientes que cumplen el filtro."""
    return leer(lambda s: buscar_recursos(s, **filtro, limite=LIMITE_BUSQUEDA))


def cuadricula(recursos: Sequence[Recurso]) -> None:
    """Miniaturas (o icono del tipo) con nombre y fecha."""
    base = cargar().dir_recursos
    visibles = recursos[:MAXIMO_CUADRICULA]
    for inicio in range(0, len(visibles), COLUMNAS_CUADRICULA):
        columnas = st.columns(COLUMNAS_CUADRICULA)
        for columna, recurso in zip(
            columnas, visibles[inicio : inicio + COLUMNAS_CUADRICULA], strict=False
        ):
            with columna:
                miniatura = base / recurso.miniatura if recurso.miniatura else None
                if miniatura is not None and miniatura.is_file():
                    st.image(str(miniatura), width="stretch")
                else:
                    st.markdown(f"## {ICONO_TIPO.get(recurso.tipo.value, ':material/draft:')}")
                st.caption(
                    f"{literal(recurso.nombre_archivo)} · "
                    f"{literal(fecha(recurso.fecha_toma or recurso.creado_en))}"
                )
    if len(recursos) >= LIMITE_BUSQUEDA:
        st.caption(
            f"Se muestran los {MAXIMO_CUADRICULA} más recientes de más de {LIMITE_BUSQUEDA - 1} "
            "que coinciden: afina la búsqueda."
        )
    elif len(recursos) > MAXIMO_CUADRICULA:
        st.caption(f"Se muestran {MAXIMO_CUADRICULA} de {len(recursos)}: afina la búsqueda.")


def elegir_recurso(recursos: Sequence[Recurso]) -> Recurso | None:
    """Selector del recurso a detallar."""
    por_id = {r.id: r for r in recursos}
    valores = {r.id: f"{r.nombre_archivo} ({r.tipo.value})" for r in recursos}
    elegido = elegir("Ver detalle de", valores, "banco_elegido")
    return por_id.get(elegido) if elegido is not None else None


def _tamano(octetos: int) -> str:
    """«1.2 MB» o «850 KB»."""
    if octetos >= 1024 * 1024:
        return f"{formato.numero(octetos / (1024 * 1024), 1)} MB"
    return f"{formato.numero(octetos / 1024, 0)} KB"


def detalle_recurso(recurso: Recurso) -> None:
    """Archivo, EXIF, etiquetas, evento y boletines que lo usan, y descarga."""
    izquierda, derecha = st.columns([2, 3])
    ruta = cargar().dir_recursos / recurso.ruta
    with izquierda:
        if recurso.tipo.value == "foto" and recurso.miniatura and ruta.is_file():
            st.image(str(ruta), width="stretch")
        if ruta.is_file():
            st.download_button(
                "Descargar original",
                ruta.read_bytes,
                recurso.nombre_archivo,
                recurso.tipo_mime,
                on_click="ignore",
                key="banco_descargar",
            )
        else:
            st.warning("El archivo no está en el banco (¿respaldo incompleto?).")
    with derecha:
        st.dataframe(_datos_recurso(recurso), hide_index=True, width="stretch")
        _enlaces_recurso(recurso)


def borrar_ui(recurso: Recurso, u: UsuarioActivo) -> None:
    """Borra el recurso del banco tras confirmar qué boletines lo pierden."""
    folios = [b.folio for b in leer(lambda s: boletines_con_recurso(s, recurso.id))]
    adjunto = (
        f"Lo pierden los boletines {', '.join(folios)}." if folios else "No va en ningún boletín."
    )
    if confirmar(
        "Borrar del banco",
        f"banco_borrar_{recurso.id}",
        f"Se borrará «{literal(recurso.nombre_archivo)}» del banco de medios: deja de aparecer en "
        f"las búsquedas y en los boletines sin enviar. {adjunto} Esto no se puede deshacer "
        "desde el tablero (para recuperarlo, súbelo otra vez).",
        "Sí, borrarlo",
    ):
        ejecutar(
            lambda s: borrar_recurso(s, recurso.id, u.nombre),
            lambda nombre: f"«{literal(nombre)}» se borró del banco de medios.",
        )


def _datos_recurso(recurso: Recurso) -> pd.DataFrame:
    """Ficha del recurso con EXIF (fecha de toma, autor) como tabla de dos columnas."""
    medidas = f"{recurso.ancho} × {recurso.alto} px" if recurso.ancho else formato.VACIO
    filas = [
        ("Archivo", recurso.nombre_archivo),
        ("Tipo", etiquetas.catalogo(recurso.tipo)),
        ("Tamaño", _tamano(recurso.tamano)),
        ("Dimensiones", medidas),
        ("Fecha de toma (EXIF)", fecha_hora(recurso.fecha_toma)),
        ("Autor", recurso.autor or formato.VACIO),
        ("Descripción", recurso.descripcion or formato.VACIO),
        ("Etiquetas", ", ".join(recurso.etiquetas or []) or formato.VACIO),
        ("Subido", fecha_hora(recurso.creado_en)),
    ]
    return pd.DataFrame(filas, columns=["Dato", "Valor"])


def _enlaces_recurso(recurso: Recurso) -> None:
    """Evento del recurso y boletines que lo llevan adjunto."""
    evento = leer(lambda s: s.get(Evento, recurso.evento_id) if recurso.evento_id else None)
    boletines = leer(lambda s: co.boletines_de_recurso(s, recurso.id))
    lineas = [f"Evento: {literal(evento.titulo) if evento else 'ninguno'}"]
    folios = ", ".join(
        f"{f} · {t}" for f, t in zip(boletines["folio"], boletines["titular"], strict=True)
    )
    lineas.append(f"Boletines: {literal(folios) if folios else 'ninguno'}")
    st.markdown("  \n".join(lineas))


def usos_en_medios(recurso: Recurso) -> None:
    """¿Algún medio usó esta foto? Compara su pHash con las imágenes de notas guardadas."""
    if recurso.hash_perceptual is None:
        componentes.vacio("Sólo las fotos (no HEIC) tienen huella para compararse.")
        return
    reusos = leer(lambda s: fotos_reusadas(s, recurso_id=recurso.id))
    if reusos:
        st.markdown("**Notas web que publicaron esta foto**")
        componentes.tabla(
            pd.DataFrame(
                [{"medio": f.medio, "distancia": f.distancia, "url": f.url_imagen} for f in reusos]
            ),
            {"medio": "Medio", "distancia": "Diferencia (bits)", "url": "Imagen en la nota"},
            enlaces=["url"],
        )
    # Sólo se cuentan al mostrar la página; la lista (crece con el historial) se lee al comparar.
    cuantos = leer(co.contar_testigos_de_imagen)
    if cuantos == 0 and reusos:
        return
    if cuantos == 0:
        componentes.vacio(
            "No hay imágenes de notas guardadas (testigos de imagen o capturas de pantalla), así "
            "que no se puede comparar: las notas web sólo guardan el enlace de sus fotos. "
            "Activa las capturas (MONITOREO_CAPTURAS_PANTALLA) o sube abajo la imagen de una nota."
        )
        return
    if st.button(f"Comparar con {cuantos} imágenes de notas", key="banco_comparar"):
        testigos = leer(co.testigos_de_imagen)
        coincidencias = parecidas_en_testigos(recurso.hash_perceptual, testigos)
        if coincidencias.empty:
            st.info("Ninguna imagen de nota guardada se parece a esta foto.")
        else:
            componentes.tabla(
                coincidencias.assign(publicada=coincidencias["fecha_publicacion"].map(fecha_hora)),
                {
                    "medio": "Medio",
                    "titulo": "Nota",
                    "publicada": "Publicada",
                    "distancia": "Diferencia (bits)",
                    "url_original": "Enlace",
                },
                enlaces=["url_original"],
            )


def parecidas_en_testigos(huella: str, testigos: pd.DataFrame) -> pd.DataFrame:
    """Testigos de imagen a ≤ DISTANCIA_PARECIDA bits de la huella (ilegibles se omiten)."""
    distancias = [_distancia_testigo(huella, str(r)) for r in testigos["ruta"]]
    encontrados = testigos.assign(distancia=pd.Series(distancias, dtype=float).to_numpy())
    encontrados = encontrados[encontrados["distancia"].notna()]
    encontrados = encontrados[encontrados["distancia"] <= DISTANCIA_PARECIDA]
    return encontrados.sort_values("distancia").reset_index(drop=True)


def _distancia_testigo(huella: str, ruta: str) -> float | None:
    """Bits distintos entre la huella y la imagen del testigo; None si no se puede leer."""
    try:
        imagen = abrir_imagen(leer_testigo(ruta))
        return float(distancia(huella, hash_perceptual(imagen)))
    except (OSError, RecursoInvalido, TestigoInvalido):
        return None


def buscar_por_imagen() -> None:
    """Sube la imagen de una nota y encuentra cuál de nuestras fotos es."""
    archivo = st.file_uploader(
        "Imagen de la nota (captura o foto del impreso)",
        type=["jpg", "jpeg", "png", "webp", "gif"],
        key="banco_imagen_nota",
    )
    if archivo is None:
        return
    try:
        parecidas = leer(lambda s: fotos_parecidas(s, archivo.getvalue()))
    except RecursoInvalido as exc:
        st.error(frase(str(exc)))
        return
    if not parecidas:
        st.info("Ninguna foto del banco se parece a esa imagen.")
        return
    for recurso, bits in parecidas:
        st.markdown(f"- {literal(recurso.nombre_archivo)} (diferencia de {bits} bits)")
