"""Ingreso del buzón: guarda cada correo (una transacción por correo), lo clasifica y aplica su
efecto: respuesta de invitación, borrador de agenda, adjuntos al banco, dirección que rebota.

Idempotente: un correo ya guardado (por Message-ID o por UID) no se vuelve a procesar; nunca se
borra nada del servidor.
"""

from __future__ import annotations

import datetime as dt
import logging
import mailbox
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from analisis.agenda_texto import leer_agenda
from datos.config import Configuracion
from datos.modelos import CategoriaCorreo, Correo, ahora
from datos.repositorio import buzon as repo
from datos.repositorio.agenda import crear_evento, registrar_respuesta
from datos.repositorio.recursos import RecursoInvalido, subir_recurso
from oficina.buzon import imap
from oficina.buzon.clasificar import Clasificacion, clasificar, texto_propio
from oficina.buzon.lectura import Adjunto, Leido, leer

log = logging.getLogger(__name__)

USUARIO = "buzón"
# Un borrador de agenda dura esto si el aviso no dice cuándo termina.
DURACION_EVENTO = dt.timedelta(hours=2)
SIN_ADJUNTOS = frozenset({CategoriaCorreo.REBOTE, CategoriaCorreo.AUTOMATICA})

FabricaSesiones = Callable[[], Session]


@dataclass
class ResumenBuzon:
    """Lo que pasó en una revisión del buzón."""

    nuevos: int = 0
    repetidos: int = 0
    con_problemas: int = 0
    al_banco: int = 0
    categorias: Counter[str] = field(default_factory=Counter)
    guardados_uid: list[int] = field(default_factory=list)

    def texto(self) -> str:
        """Una línea para la terminal y el registro."""
        partes = ", ".join(f"{k}: {v}" for k, v in sorted(self.categorias.items()))
        return (
            f"{self.nuevos} nuevos ({partes or 'ninguno'}), {self.repetidos} ya guardados, "
            f"{self.al_banco} archivos al banco, {self.con_problemas} con problemas de formato"
        )


def _origen(leido: Leido) -> str:
    """Descripción del origen de un adjunto para el banco de medios."""
    fecha = f"{leido.fecha:%d/%m/%Y %H:%M}" if leido.fecha else "sin fecha"
    quien = leido.remitente_nombre or leido.remitente or "remitente desconocido"
    return f"Recibido por correo de {quien} <{leido.remitente}> el {fecha}: «{leido.asunto}»"


def _al_banco(
    s: Session, adjunto: Adjunto, leido: Leido, evento_id: int | None, dependencia: str | None
) -> dict[str, object]:
    """Sube un adjunto al banco con su origen; el motivo si no se pudo."""
    fila: dict[str, object] = {
        "nombre": adjunto.nombre,
        "tipo": adjunto.mime,
        "tamano": adjunto.tamano,
        "recurso_id": None,
        "motivo": adjunto.motivo,
    }
    if adjunto.contenido is None:
        return fila
    etiquetas = ["buzón", *([dependencia] if dependencia else [])]
    try:
        with s.begin_nested():
            recurso = subir_recurso(
                s,
                adjunto.nombre,
                adjunto.contenido,
                autor=leido.remitente_nombre or leido.remitente,
                etiquetas=etiquetas,
                evento_id=evento_id,
                usuario=USUARIO,
                descripcion=_origen(leido),
            )
        fila["recurso_id"] = recurso.id
    except RecursoInvalido as exc:
        fila["motivo"] = str(exc)
    return fila


def _borrador(s: Session, c: Clasificacion, leido: Leido, zona: dt.tzinfo) -> int | None:
    """Evento propuesto (por confirmar) con lo leído del aviso de la dependencia."""
    datos = c.agenda
    if datos is None or datos.fecha is None or datos.hora is None:
        return None
    inicio = dt.datetime.combine(datos.fecha, datos.hora, zona)
    titulo = leido.asunto.strip() or "Aviso de agenda recibido por correo"
    evento = crear_evento(
        s,
        titulo=titulo[:200],
        inicio=inicio,
        fin=inicio + DURACION_EVENTO,
        usuario=USUARIO,
        lugar=datos.lugar,
        dependencia=c.dependencia.nombre if c.dependencia else None,
        descripcion=f"{_origen(leido)}\n\n{leido.texto[:2000]}",
    )
    return evento.id


def _efectos(s: Session, correo: Correo, c: Clasificacion, leido: Leido, zona: dt.tzinfo) -> None:
    """Respuesta de invitación, borrador de agenda o dirección que rebota."""
    if c.categoria == CategoriaCorreo.RESPUESTA_INVITACION and c.respuesta and c.invitacion_id:
        registrar_respuesta(s, c.invitacion_id, c.respuesta, USUARIO)
    elif c.categoria == CategoriaCorreo.AGENDA:
        correo.evento_id = _borrador(s, c, leido, zona)
    elif c.categoria == CategoriaCorreo.REBOTE and leido.rebote is not None:
        rebote = leido.rebote
        marcados = repo.marcar_rebote(
            s, rebote.direcciones, rebote.motivo, rebote.id_original, USUARIO
        )
        if marcados:
            correo.motivo += f" — se marcó: {'; '.join(marcados)}"


def _nuevo_correo(
    leido: Leido, c: Clasificacion, crudo: imap.CorreoCrudo, clave: str, archivo: str
) -> Correo:
    """La fila del correo con su clasificación."""
    return Correo(
        clave=clave,
        carpeta=crudo.carpeta,
        uidvalidity=crudo.uidvalidity,
        uid=crudo.uid,
        message_id=leido.message_id,
        remitente=leido.remitente[:300],
        remitente_nombre=leido.remitente_nombre,
        asunto=leido.asunto,
        fecha=leido.fecha,
        texto=leido.texto,
        categoria=c.categoria,
        motivo=c.motivo,
        problemas=leido.problemas,
        adjuntos=[],
        respuesta=c.respuesta.value if c.respuesta else None,
        invitacion_id=c.invitacion_id,
        contacto_id=c.contacto_id,
        dependencia_id=c.dependencia.id if c.dependencia else None,
        archivo=archivo,
    )


def ingresar(
    s: Session, crudo: imap.CorreoCrudo, config: Configuracion, resumen: ResumenBuzon
) -> Correo | None:
    """Guarda, clasifica y aplica un correo; None si ya estaba. No hace commit."""
    archivo = repo.guardar_crudo(crudo.crudo)
    leido = leer(crudo.crudo, config.imap.adjunto_maximo)
    clave = repo.clave_correo(leido.message_id, crudo.carpeta, crudo.uidvalidity, crudo.uid)
    if repo.ya_guardado(s, clave):
        resumen.repetidos += 1
        return None
    momento = ahora()
    c = clasificar(s, leido, config.imap.dominios, momento, momento.astimezone(config.zona).date())
    correo = _nuevo_correo(leido, c, crudo, clave, archivo)
    s.add(correo)
    s.flush()
    _efectos(s, correo, c, leido, config.zona)
    if c.categoria not in SIN_ADJUNTOS:
        nombre = c.dependencia.nombre if c.dependencia else None
        correo.adjuntos = [_al_banco(s, a, leido, correo.evento_id, nombre) for a in leido.adjuntos]
        resumen.al_banco += sum(1 for a in correo.adjuntos if a["recurso_id"])
    repo.registrar_ingreso(s, correo, USUARIO)
    resumen.nuevos += 1
    resumen.categorias[c.categoria.value] += 1
    resumen.con_problemas += bool(leido.problemas)
    return correo


def corregir(
    s: Session, correo_id: int, categoria: CategoriaCorreo | str, usuario: str, zona: dt.tzinfo
) -> Correo:
    """Corrección del personal; pasado a agenda, propone el borrador si el texto trae fecha."""
    correo = repo.corregir_categoria(s, correo_id, categoria, usuario)
    if correo.categoria != CategoriaCorreo.AGENDA or correo.evento_id is not None:
        return correo
    hoy = (correo.fecha or ahora()).astimezone(zona).date()
    datos = leer_agenda(f"{correo.asunto}\n{texto_propio(correo.texto)}", hoy)
    leido = Leido(
        remitente=correo.remitente,
        remitente_nombre=correo.remitente_nombre,
        asunto=correo.asunto,
        fecha=correo.fecha,
        texto=correo.texto,
    )
    c = Clasificacion(CategoriaCorreo.AGENDA, correo.motivo, agenda=datos)
    correo.evento_id = _borrador(s, c, leido, zona)
    return correo


def ingresar_todos(
    fabrica: FabricaSesiones, mensajes: Iterable[imap.CorreoCrudo], config: Configuracion
) -> ResumenBuzon:
    """Un commit por correo: si uno falla, los demás quedan guardados."""
    resumen = ResumenBuzon()
    for crudo in mensajes:
        try:
            with fabrica() as s, s.begin():
                if ingresar(s, crudo, config, resumen) is not None:
                    resumen.guardados_uid.append(crudo.uid)
        except Exception as exc:  # frontera: un correo imposible no detiene al resto
            log.exception("no se pudo procesar el correo UID %s", crudo.uid)
            _guardar_sin_procesar(fabrica, crudo, exc, resumen)
    log.info("buzón: %s", resumen.texto())
    return resumen


def _guardar_sin_procesar(
    fabrica: FabricaSesiones, crudo: imap.CorreoCrudo, exc: Exception, resumen: ResumenBuzon
) -> None:
    """Lo mínimo del correo (crudo y motivo) para que el personal lo vea y no se pierda."""
    clave = repo.clave_correo(None, crudo.carpeta, crudo.uidvalidity, crudo.uid)
    try:
        with fabrica() as s, s.begin():
            if repo.ya_guardado(s, clave):
                return
            s.add(
                Correo(
                    clave=clave,
                    carpeta=crudo.carpeta,
                    uidvalidity=crudo.uidvalidity,
                    uid=crudo.uid,
                    categoria=CategoriaCorreo.OTRO,
                    archivo=repo.guardar_crudo(crudo.crudo),
                    motivo="no se pudo procesar: ábralo desde el archivo guardado",
                    problemas=[f"error al procesar ({type(exc).__name__})"],
                    adjuntos=[],
                )
            )
        resumen.nuevos += 1
        resumen.con_problemas += 1
        resumen.categorias[CategoriaCorreo.OTRO.value] += 1
    except Exception:  # frontera: ni lo mínimo se pudo (base caída): se reintenta en la siguiente
        log.exception("el correo UID %s queda para la siguiente revisión", crudo.uid)


def revisar(fabrica: FabricaSesiones, config: Configuracion) -> ResumenBuzon:
    """Lee por IMAP lo nuevo del buzón oficial, lo ingresa y, si se pidió, lo marca como leído."""

    def leidos(validez: int | None) -> set[int]:
        with fabrica() as s:
            return repo.uids_leidos(s, config.imap.carpeta, validez)

    resumen = ingresar_todos(fabrica, imap.leer_nuevos(config.imap, leidos), config)
    if config.imap.marcar_leidos:
        imap.marcar_leidos(config.imap, resumen.guardados_uid)
    return resumen


def mensajes_maildir(ruta: Path) -> list[imap.CorreoCrudo]:
    """Los mensajes de una carpeta Maildir (para importar un respaldo del buzón)."""
    caja = mailbox.Maildir(ruta, create=False)
    return [
        imap.CorreoCrudo(f"maildir:{ruta.name}", None, indice, caja.get_bytes(clave))
        for indice, clave in enumerate(sorted(caja.keys()), start=1)
    ]
