"""Carga el mundo de demostración en la base (sin las notas web e impresas: ésas se rastrean)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from datos.modelos import (
    Ambito,
    Boletin,
    Contacto,
    Convenio,
    Envio,
    EstadoBoletin,
    EstadoEnvio,
    EstadoEvento,
    Evento,
    Fuente,
    Invitacion,
    Medio,
    Nota,
    RespuestaInvitacion,
    TipoAudiencia,
    TipoCaptura,
    TipoEnvio,
    TipoFuente,
    TipoMedio,
    ahora,
)
from datos.repositorio.vigilancia import terminos_de_archivo
from demo.mundo import ruta_vigilancia
from demo.sitios import secciones
from demo.tipos import BoletinDemo, ConvenioDemo, EventoDemo, MedioDemo, Mundo, NotaDemo

COBERTURA = {"foto": "Comunicación Social", "video": "Comunicación Social"}
AUTORA_BOLETINES = "Ana Karen Villeda Salazar"
# Cada cuánto se revisa cada tipo de fuente (minutos): los feeds cambian más que las secciones.
INTERVALOS = {
    TipoFuente.RSS: 30,
    TipoFuente.SITEMAP: 60,
    TipoFuente.SECCION: 120,
    TipoFuente.PDF: 720,
    TipoFuente.FACEBOOK: 1440,
}
CAPTURA = {
    "radio": TipoCaptura.RADIO,
    "television": TipoCaptura.TELEVISION,
    "facebook": TipoCaptura.RED_SOCIAL,
}
# Tiempo típico entre la emisión/publicación y su registro por el personal.
RETRASO_CAPTURA = dt.timedelta(hours=2)
_HUECOS = {"anio": r"\d{4}", "mes": r"\d{2}", "dia": r"\d{2}", "slug": r"[a-z0-9-]+", "id": r"\d+"}


def patron_de_ruta(ruta: str) -> str:
    """Expresión regular de los enlaces a notas a partir del patrón de rutas de un medio."""
    partes = re.split(r"\{(\w+)\}", ruta)
    return "".join(_HUECOS[p] if k % 2 else re.escape(p) for k, p in enumerate(partes)) + "$"


def _medio(m: MedioDemo, urls: Mapping[str, str], k: int) -> Medio:
    """Fila de Medio con sus datos de padrón y contactos."""
    d = m.datos
    medio = Medio(
        nombre=m.nombre,
        tipo=TipoMedio(m.tipo),
        ambito=Ambito(m.ambito),
        sitio_web=urls.get(m.slug) or d.get("facebook"),
        audiencia=d["audiencia"],
        audiencia_tipo=TipoAudiencia(d["audiencia_tipo"]),
        audiencia_fuente=d["audiencia_fuente"],
        audiencia_fecha=dt.date.fromisoformat(d["audiencia_fecha"]),
        cobertura_geografica=d["cobertura"],
        razon_social=d["razon_social"],
        rfc=d.get("rfc"),
        registro_padron=f"PEM-SLP-{k:04d}",
        tarifas=dict(d["tarifas"]),
        publico_objetivo=d["publico"],
        fundado=dt.date.fromisoformat(d["fundado"]) if "fundado" in d else None,
        observaciones="Medio ficticio de la demostración.",
    )
    medio.contactos = [
        Contacto(
            nombre=c.nombre,
            cargo=c.cargo,
            correo=c.correo,
            telefono=c.telefono,
            recibe_boletines=c.recibe_boletines,
            recibe_invitaciones=c.recibe_invitaciones,
        )
        for c in m.contactos
    ]
    return medio


def _fuentes(m: MedioDemo, mundo: Mundo, urls: Mapping[str, str]) -> list[Fuente]:
    """Fuentes de recolección del medio con las URLs reales del servidor."""
    if m.estrategia == "facebook":
        return [_fuente(TipoFuente.FACEBOOK, str(m.dato("facebook")))]
    if m.slug not in urls:
        return []
    base = urls[m.slug]
    if m.estrategia == "seccion":
        patron = patron_de_ruta(str(m.dato("ruta")))
        fuentes = [
            _fuente(TipoFuente.SECCION, base + ruta, patron)
            for ruta in secciones(mundo.notas_de(m.slug))
        ]
    else:
        tipo, archivo = {
            "atom": (TipoFuente.RSS, "/atom.xml"),
            "sitemap": (TipoFuente.SITEMAP, "/sitemap.xml"),
        }.get(m.estrategia, (TipoFuente.RSS, "/rss.xml"))
        fuentes = [_fuente(tipo, base + archivo)]
    if m.dato("impreso"):
        fuentes.append(
            _fuente(TipoFuente.PDF, base + "/impreso/", r"/impreso/\d{4}-\d{2}-\d{2}\.pdf$")
        )
    return fuentes


def _fuente(tipo: TipoFuente, url: str, patron: str | None = None) -> Fuente:
    """Una fuente activa."""
    return Fuente(tipo=tipo, url=url, intervalo_minutos=INTERVALOS[tipo], patron_enlaces=patron)


def _boletin(b: BoletinDemo, eventos: Mapping[str, Evento]) -> Boletin:
    """Fila de Boletin ya enviado."""
    return Boletin(
        numero=b.numero,
        anio=b.anio,
        fecha_emision=b.fecha,
        lugar=b.lugar,
        titular=b.titular,
        entradilla=b.entradilla,
        cuerpo=b.cuerpo,
        area=b.area,
        tema=b.tema,
        citas=[{"persona": p, "texto": t} for p, t in b.citas],
        estado=EstadoBoletin.ENVIADO,
        autor_nombre=AUTORA_BOLETINES,
        evento=eventos.get(b.evento or ""),
        enviado_en=b.fecha + dt.timedelta(minutes=15),
        creado_en=b.fecha - dt.timedelta(hours=2),
        actualizado_en=b.fecha,
    )


def _evento(e: EventoDemo, medios: Mapping[str, Medio]) -> Evento:
    """Fila de Evento con sus invitaciones."""
    evento = Evento(
        titulo=e.titulo,
        inicio=e.inicio,
        fin=e.fin,
        lugar=e.lugar,
        localidad=e.localidad,
        dependencia=e.dependencia,
        responsable=e.responsable,
        tipo=e.tipo,
        prioridad=e.prioridad,
        estado=EstadoEvento(e.estado),
        cobertura=dict(COBERTURA),
    )
    for inv in e.invitaciones:
        medio = medios[inv.medio]
        contacto = next(c for c in medio.contactos if c.recibe_invitaciones)
        evento.invitaciones.append(
            Invitacion(
                medio=medio,
                contacto_id=contacto.id,
                enviada_en=inv.enviada,
                respuesta=RespuestaInvitacion(inv.respuesta),
                asistio=inv.asistio,
            )
        )
    return evento


def _envios_boletin(boletin: Boletin, medios: list[Medio]) -> list[Envio]:
    """Un envío por contacto que recibe boletines."""
    return [
        Envio(
            tipo=TipoEnvio.BOLETIN,
            boletin=boletin,
            medio=m,
            contacto=c,
            correo=c.correo or "",
            clave=f"boletin:{boletin.id}:contacto:{c.id}",
            estado=EstadoEnvio.ENVIADO,
            intentos=1,
            id_mensaje=f"<boletin-{boletin.numero:03d}-{boletin.anio}-{c.id}@tampacan.gob.mx>",
            enviado_en=boletin.enviado_en,
            creado_en=boletin.enviado_en,
        )
        for m in medios
        for c in m.contactos
        if c.recibe_boletines and c.correo
    ]


def _envios_invitacion(evento: Evento, medios: Mapping[int, Medio]) -> list[Envio]:
    """Un envío por invitación, al contacto invitado."""
    envios = []
    for inv in evento.invitaciones:
        contacto = next(c for c in medios[inv.medio_id].contactos if c.id == inv.contacto_id)
        envios.append(
            Envio(
                tipo=TipoEnvio.INVITACION,
                invitacion_id=inv.id,
                medio_id=inv.medio_id,
                contacto_id=contacto.id,
                correo=contacto.correo or "",
                clave=f"invitacion:{inv.id}:contacto:{contacto.id}",
                estado=EstadoEnvio.ENVIADO,
                intentos=1,
                enviado_en=inv.enviada_en,
                creado_en=inv.enviada_en,
            )
        )
    return envios


def _nota(n: NotaDemo, medio: Medio, fuentes: Mapping[str, Fuente]) -> Nota:
    """Nota de radio, televisión o Facebook registrada por el personal."""
    url = n.url_fija or ""
    return Nota(
        medio=medio,
        fuente=fuentes.get(n.medio) if n.canal == "facebook" else None,
        url_canonica=url,
        url_original=url if url.startswith("http") else None,
        titulo=n.titulo,
        texto=n.texto,
        resumen=n.texto if n.canal != "facebook" else None,
        autor=n.autor,
        fecha_publicacion=n.fecha,
        fecha_captura=n.fecha + RETRASO_CAPTURA,
        tipo_captura=CAPTURA[n.canal],
        programa=n.programa,
        duracion_segundos=n.duracion_segundos,
        hash_contenido=hashlib.sha256(n.texto.encode("utf-8")).hexdigest(),
    )


def _cargar_medios(sesion: Session, mundo: Mundo, urls: Mapping[str, str]) -> dict[str, Medio]:
    """Medios, contactos y fuentes."""
    medios = {}
    for k, m in enumerate(mundo.medios, start=1):
        medio = _medio(m, urls, k)
        medio.fuentes = _fuentes(m, mundo, urls)
        medios[m.slug] = medio
    sesion.add_all(medios.values())
    sesion.flush()
    return medios


def _cargar_oficina(sesion: Session, mundo: Mundo, medios: dict[str, Medio]) -> None:
    """Eventos, invitaciones, boletines, envíos y convenios."""
    eventos = {e.clave: _evento(e, medios) for e in mundo.eventos}
    sesion.add_all(eventos.values())
    boletines = [_boletin(b, eventos) for b in mundo.boletines]
    sesion.add_all(boletines)
    sesion.flush()
    por_id = {m.id: m for m in medios.values()}
    for b in boletines:
        sesion.add_all(_envios_boletin(b, list(medios.values())))
    for e in eventos.values():
        sesion.add_all(_envios_invitacion(e, por_id))
    sesion.add_all(_convenio(c, medios) for c in mundo.convenios)
    sesion.flush()


def _convenio(c: ConvenioDemo, medios: Mapping[str, Medio]) -> Convenio:
    """Fila de Convenio."""
    return Convenio(
        medio=medios[c.medio],
        numero=c.numero,
        concepto=c.concepto,
        campana=c.campana,
        area_solicitante="Comunicación Social",
        tipo_servicio=c.tipo_servicio,
        monto_sin_iva=c.monto_sin_iva,
        iva=c.iva,
        monto_total=c.monto_total,
        vigencia_inicio=c.inicio,
        vigencia_fin=c.fin,
        notas_mes=c.notas_mes,
        spots_mes=c.spots_mes,
        banners_mes=c.banners_mes,
        inserciones_mes=c.inserciones_mes,
    )


def cargar(sesion: Session, mundo: Mundo, urls: Mapping[str, str]) -> None:
    """Inserta el mundo (sin notas web ni impresas) con las URLs del servidor; no hace commit."""
    medios = _cargar_medios(sesion, mundo, urls)
    sesion.add_all(terminos_de_archivo(ruta_vigilancia()))
    _cargar_oficina(sesion, mundo, medios)
    fuentes_fb = {
        slug: f
        for slug, medio in medios.items()
        for f in medio.fuentes
        if f.tipo == TipoFuente.FACEBOOK
    }
    notas = [n for n in mundo.notas if n.canal in CAPTURA]
    sesion.add_all(_nota(n, medios[n.medio], fuentes_fb) for n in notas)
    sesion.flush()


def _reabrir(envios: list[Envio]) -> list[int]:
    """Pone los envíos en pendiente (sin mensaje) y devuelve sus medios, sin repetir."""
    for envio in envios:
        envio.estado = EstadoEnvio.PENDIENTE
        envio.id_mensaje = None
        envio.enviado_en = None
    return sorted({e.medio_id for e in envios})


def _envios_boletin_guardados(sesion: Session, boletin_id: int) -> list[Envio]:
    """Envíos del boletín ya guardados."""
    consulta = select(Envio).where(Envio.boletin_id == boletin_id, Envio.tipo == TipoEnvio.BOLETIN)
    return list(sesion.scalars(consulta))


def reabrir_envios_recientes(
    sesion: Session, boletines: int = 3, eventos: int = 2
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Deja pendientes los envíos de los boletines más recientes y de los próximos eventos.

    La carga los da por enviados; la demo los manda de verdad a su buzón local. Devuelve
    {boletin_id: medios} y {evento_id: medios invitados}; no hace commit.
    """
    orden = (Boletin.fecha_emision.desc(), Boletin.id.desc())
    recientes = list(sesion.scalars(select(Boletin).order_by(*orden).limit(boletines)))
    por_boletin = {b.id: _reabrir(_envios_boletin_guardados(sesion, b.id)) for b in recientes}
    consulta = select(Evento).where(Evento.inicio > ahora()).order_by(Evento.inicio)
    por_evento = {}
    for evento in sesion.scalars(consulta.limit(eventos)):
        ids = [i.id for i in evento.invitaciones]
        _reabrir(list(sesion.scalars(select(Envio).where(Envio.invitacion_id.in_(ids)))))
        por_evento[evento.id] = sorted(i.medio_id for i in evento.invitaciones)
    sesion.flush()
    return por_boletin, por_evento
