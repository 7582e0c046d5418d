"""Padrón de medios: alta y edición de medios y contactos, importar y exportar CSV o Excel."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analisis.normalizar import PREFIJOS_FORMULA, celda_segura
from datos.aislado import TrabajoExcedido, acotado
from datos.modelos import Ambito, Contacto, Medio, TipoAudiencia, TipoMedio
from datos.repositorio.bitacora import cambiar, registrar

log = logging.getLogger(__name__)

# RFC del SAT: 3 letras (moral) o 4 (física), fecha AAMMDD y homoclave de 3.
PATRON_RFC = re.compile(r"^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$")
PATRON_CORREO = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
CAMPOS_MEDIO = frozenset(
    {
        "nombre",
        "tipo",
        "ambito",
        "sitio_web",
        "audiencia",
        "audiencia_tipo",
        "audiencia_fuente",
        "audiencia_fecha",
        "cobertura_geografica",
        "razon_social",
        "rfc",
        "registro_padron",
        "tarifas",
        "publico_objetivo",
        "clasificacion_contenidos",
        "fundado",
        "activo",
        "observaciones",
    }
)
CAMPOS_CONTACTO = frozenset(
    {"nombre", "cargo", "correo", "telefono", "recibe_boletines", "recibe_invitaciones", "activo"}
)
# Columnas del archivo de padrón (CSV/Excel): una fila por contacto, con los datos de su medio.
COLUMNAS_PADRON: tuple[tuple[str, str], ...] = (
    ("medio", "medio.nombre"),
    ("tipo", "medio.tipo"),
    ("ambito", "medio.ambito"),
    ("sitio_web", "medio.sitio_web"),
    ("audiencia", "medio.audiencia"),
    ("audiencia_tipo", "medio.audiencia_tipo"),
    ("audiencia_fuente", "medio.audiencia_fuente"),
    ("cobertura_geografica", "medio.cobertura_geografica"),
    ("razon_social", "medio.razon_social"),
    ("rfc", "medio.rfc"),
    ("registro_padron", "medio.registro_padron"),
    ("medio_activo", "medio.activo"),
    ("contacto", "contacto.nombre"),
    ("cargo", "contacto.cargo"),
    ("correo", "contacto.correo"),
    ("telefono", "contacto.telefono"),
    ("recibe_boletines", "contacto.recibe_boletines"),
    ("recibe_invitaciones", "contacto.recibe_invitaciones"),
    ("contacto_activo", "contacto.activo"),
)
VERDADEROS = {"1", "si", "sí", "true", "verdadero", "x", "yes"}


class MedioInvalido(ValueError):
    """Datos de medio o de contacto que no se pueden guardar (mensaje en español)."""


def _catalogo(clase: Any, valor: Any, campo: str) -> Any:
    """Valor de catálogo válido o MedioInvalido con las opciones."""
    try:
        return clase(str(valor).strip().lower())
    except ValueError as exc:
        opciones = ", ".join(m.value for m in clase)
        raise MedioInvalido(f"{campo} desconocido {valor!r}; use uno de: {opciones}") from exc


def _normalizar_medio(datos: dict[str, Any]) -> dict[str, Any]:
    """Valida y normaliza los campos de un medio."""
    desconocidos = set(datos) - CAMPOS_MEDIO
    if desconocidos:
        raise MedioInvalido(f"campos desconocidos del medio: {', '.join(sorted(desconocidos))}")
    limpio = dict(datos)
    if "nombre" in limpio:
        limpio["nombre"] = " ".join(str(limpio["nombre"] or "").split())
        if not limpio["nombre"]:
            raise MedioInvalido("el medio necesita un nombre")
    if "tipo" in limpio:
        limpio["tipo"] = _catalogo(TipoMedio, limpio["tipo"], "tipo de medio")
    if "ambito" in limpio:
        limpio["ambito"] = _catalogo(Ambito, limpio["ambito"], "ámbito")
    if limpio.get("audiencia_tipo") is not None:
        limpio["audiencia_tipo"] = _catalogo(
            TipoAudiencia, limpio["audiencia_tipo"], "tipo de audiencia"
        )
    _validar_audiencia(limpio)
    _validar_rfc_y_sitio(limpio)
    return limpio


def _validar_audiencia(datos: dict[str, Any]) -> None:
    """Audiencia entera no negativa."""
    audiencia = datos.get("audiencia")
    if audiencia is None:
        return
    if not isinstance(audiencia, int) or isinstance(audiencia, bool) or audiencia < 0:
        raise MedioInvalido("la audiencia debe ser un entero ≥ 0")


def _validar_rfc_y_sitio(datos: dict[str, Any]) -> None:
    """RFC con el formato del SAT y sitio web http(s)."""
    if datos.get("rfc"):
        datos["rfc"] = str(datos["rfc"]).strip().upper()
        if not PATRON_RFC.match(datos["rfc"]):
            raise MedioInvalido(f"el RFC {datos['rfc']!r} no tiene el formato del SAT")
    sitio = datos.get("sitio_web")
    if sitio and not str(sitio).strip().lower().startswith(("http://", "https://")):
        raise MedioInvalido(f"el sitio web debe empezar con http:// o https://: {sitio!r}")


def crear_medio(
    s: Session, *, nombre: str, tipo: Any, ambito: Any, usuario: str, **datos: Any
) -> Medio:
    """Da de alta un medio (nombre único) y lo anota en la bitácora."""
    limpio = _normalizar_medio({"nombre": nombre, "tipo": tipo, "ambito": ambito, **datos})
    if s.scalar(select(Medio.id).where(Medio.nombre == limpio["nombre"])) is not None:
        raise MedioInvalido(f"ya existe un medio llamado {limpio['nombre']!r}")
    medio = Medio(**limpio)
    s.add(medio)
    s.flush()
    registrar(s, usuario, "crear", "medio", medio.id, {"nombre": [None, medio.nombre]})
    return medio


def obtener_medio(s: Session, medio_id: int) -> Medio:
    """El medio con ese id o MedioInvalido."""
    medio = s.get(Medio, medio_id)
    if medio is None:
        raise MedioInvalido(f"no existe el medio {medio_id}")
    return medio


def editar_medio(s: Session, medio_id: int, usuario: str, **cambios: Any) -> bool:
    """Edita datos del padrón de un medio y los anota; False si nada cambió."""
    medio = obtener_medio(s, medio_id)
    limpio = _normalizar_medio(cambios)
    if "nombre" in limpio:
        otro = s.scalar(select(Medio.id).where(Medio.nombre == limpio["nombre"]))
        if otro is not None and otro != medio.id:
            raise MedioInvalido(f"ya existe un medio llamado {limpio['nombre']!r}")
    return cambiar(s, usuario, medio, limpio)


def _normalizar_contacto(datos: dict[str, Any]) -> dict[str, Any]:
    """Valida nombre y correo del contacto."""
    desconocidos = set(datos) - CAMPOS_CONTACTO
    if desconocidos:
        raise MedioInvalido(f"campos desconocidos del contacto: {', '.join(sorted(desconocidos))}")
    limpio = dict(datos)
    if "nombre" in limpio and not str(limpio["nombre"] or "").strip():
        raise MedioInvalido("el contacto necesita un nombre")
    if limpio.get("correo"):
        limpio["correo"] = str(limpio["correo"]).strip().lower()
        if not PATRON_CORREO.match(limpio["correo"]):
            raise MedioInvalido(f"el correo {limpio['correo']!r} no es válido")
    elif "correo" in limpio:
        limpio["correo"] = None
    return limpio


def agregar_contacto(
    s: Session, medio_id: int, *, nombre: str, usuario: str, **datos: Any
) -> Contacto:
    """Agrega un contacto al medio (correo único dentro del medio) y lo anota."""
    medio = obtener_medio(s, medio_id)
    limpio = _normalizar_contacto({"nombre": nombre.strip(), **datos})
    correo = limpio.get("correo")
    repetido = select(Contacto.id).where(Contacto.medio_id == medio.id, Contacto.correo == correo)
    if correo and s.scalar(repetido) is not None:
        raise MedioInvalido(f"{medio.nombre} ya tiene un contacto con el correo {correo}")
    contacto = Contacto(**limpio)
    medio.contactos.append(contacto)
    s.flush()
    registrar(s, usuario, "crear", "contacto", contacto.id, {"nombre": [None, contacto.nombre]})
    return contacto


def editar_contacto(s: Session, contacto_id: int, usuario: str, **cambios: Any) -> bool:
    """Edita un contacto y lo anota; False si nada cambió."""
    contacto = s.get(Contacto, contacto_id)
    if contacto is None:
        raise MedioInvalido(f"no existe el contacto {contacto_id}")
    limpio = _normalizar_contacto(cambios)
    correo = limpio.get("correo")
    repetido = select(Contacto.id).where(
        Contacto.medio_id == contacto.medio_id,
        Contacto.correo == correo,
        Contacto.id != contacto.id,
    )
    if correo and s.scalar(repetido) is not None:
        raise MedioInvalido(f"el medio ya tiene otro contacto con el correo {correo}")
    if "correo" in limpio and correo != contacto.correo:
        # Dirección nueva: el rebote de la anterior ya no aplica.
        limpio |= {"correo_falla": None, "correo_falla_en": None}
    return cambiar(s, usuario, contacto, limpio)


def _valor(objeto: Any, atributo: str) -> Any:
    """Valor exportable de un atributo (catálogos por su valor)."""
    valor = getattr(objeto, atributo) if objeto is not None else None
    return getattr(valor, "value", valor)


def _fila_padron(medio: Medio, contacto: Contacto | None) -> dict[str, Any]:
    """Una fila del archivo de padrón."""
    objetos = {"medio": medio, "contacto": contacto}
    fila = {}
    for columna, origen in COLUMNAS_PADRON:
        entidad, atributo = origen.split(".")
        fila[columna] = _valor(objetos[entidad], atributo)
    return fila


def padron(s: Session) -> pd.DataFrame:
    """El padrón completo: una fila por contacto (o una por medio sin contactos)."""
    filas: list[dict[str, Any]] = []
    for medio in s.scalars(select(Medio).order_by(Medio.nombre)):
        contactos: list[Contacto | None] = [*sorted(medio.contactos, key=lambda c: c.nombre)]
        contactos = contactos or [None]
        filas.extend(_fila_padron(medio, c) for c in contactos)
    return pd.DataFrame(filas, columns=[c for c, _ in COLUMNAS_PADRON])


def exportar_padron(s: Session, ruta: Path) -> int:
    """Escribe el padrón en CSV (UTF-8 con BOM para Excel) o .xlsx; devuelve las filas."""
    marco = padron(s).map(celda_segura)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    if ruta.suffix.lower() == ".xlsx":
        marco.to_excel(ruta, index=False, sheet_name="Padrón de medios")
    elif ruta.suffix.lower() == ".csv":
        marco.to_csv(ruta, index=False, encoding="utf-8-sig")
    else:
        raise MedioInvalido("el padrón se exporta a .csv o .xlsx")
    return len(marco)


@dataclass
class ResultadoImportacion:
    """Qué pasó al importar un padrón."""

    medios_nuevos: int = 0
    medios_actualizados: int = 0
    contactos_nuevos: int = 0
    contactos_actualizados: int = 0
    errores: list[str] = field(default_factory=list)


def leer_padron(ruta: Path) -> pd.DataFrame:
    """Lee un archivo de padrón .csv o .xlsx como texto, en un proceso acotado."""
    if not ruta.is_file():
        raise MedioInvalido(f"no existe el archivo {ruta}")
    try:
        return acotado(_leer_padron, ruta)
    except TrabajoExcedido as exc:
        raise MedioInvalido(str(exc)) from exc


def _leer_padron(ruta: Path) -> pd.DataFrame:
    """Lectura del padrón (corre en el proceso hijo de `datos.aislado`)."""
    sufijo = ruta.suffix.lower()
    if sufijo in {".xlsx", ".xlsm"}:
        marco = pd.read_excel(ruta, dtype=str)
    elif sufijo == ".csv":
        marco = pd.read_csv(ruta, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    else:
        raise MedioInvalido("el padrón se importa de .csv o .xlsx")
    marco.columns = [str(c).strip().lower() for c in marco.columns]
    faltan = {"medio", "tipo", "ambito"} - set(marco.columns)
    if faltan:
        raise MedioInvalido(f"al archivo le faltan columnas: {', '.join(sorted(faltan))}")
    return marco.fillna("")


def _texto(fila: dict[str, Any], columna: str) -> str | None:
    """Celda como texto sin espacios ni apóstrofo de neutralización; None si vacía."""
    valor = str(fila.get(columna, "") or "").strip()
    if valor.startswith("'") and valor[1:].startswith(PREFIJOS_FORMULA):
        valor = valor[1:]
    return valor or None


def _booleano(fila: dict[str, Any], columna: str) -> bool | None:
    """Celda sí/no; None si está vacía."""
    valor = _texto(fila, columna)
    return None if valor is None else valor.lower() in VERDADEROS


def _datos_medio(fila: dict[str, Any]) -> dict[str, Any]:
    """Campos del medio presentes en la fila."""
    datos: dict[str, Any] = {"nombre": _texto(fila, "medio"), "tipo": _texto(fila, "tipo")}
    datos["ambito"] = _texto(fila, "ambito")
    for columna in ("sitio_web", "audiencia_tipo", "audiencia_fuente", "cobertura_geografica"):
        datos[columna] = _texto(fila, columna)
    for columna in ("razon_social", "rfc", "registro_padron"):
        datos[columna] = _texto(fila, columna)
    audiencia = _texto(fila, "audiencia")
    if audiencia is not None:
        try:
            datos["audiencia"] = int(float(audiencia.replace(",", "")))
        except ValueError as exc:
            raise MedioInvalido(f"audiencia no numérica: {audiencia!r}") from exc
    activo = _booleano(fila, "medio_activo")
    if activo is not None:
        datos["activo"] = activo
    return {k: v for k, v in datos.items() if v is not None}


def _datos_contacto(fila: dict[str, Any]) -> dict[str, Any] | None:
    """Campos del contacto de la fila; None si la fila no trae contacto."""
    nombre = _texto(fila, "contacto")
    if nombre is None:
        return None
    datos: dict[str, Any] = {"nombre": nombre}
    for columna in ("cargo", "correo", "telefono"):
        datos[columna] = _texto(fila, columna)
    for columna, campo in (
        ("recibe_boletines", "recibe_boletines"),
        ("recibe_invitaciones", "recibe_invitaciones"),
        ("contacto_activo", "activo"),
    ):
        valor = _booleano(fila, columna)
        if valor is not None:
            datos[campo] = valor
    return datos


def _importar_medio(
    s: Session, datos: dict[str, Any], usuario: str, r: ResultadoImportacion
) -> Medio:
    """Crea el medio o actualiza el existente con el mismo nombre."""
    nombre = " ".join(str(datos.get("nombre", "")).split())
    medio = s.scalar(select(Medio).where(Medio.nombre == nombre))
    if medio is None:
        resto = {k: v for k, v in datos.items() if k not in {"nombre", "tipo", "ambito"}}
        nuevo = crear_medio(
            s,
            nombre=nombre,
            tipo=datos.get("tipo"),
            ambito=datos.get("ambito"),
            usuario=usuario,
            **resto,
        )
        # Se cuenta después de crearlo: un renglón sin tipo o ámbito falla aquí y no es nuevo.
        r.medios_nuevos += 1
        return nuevo
    if editar_medio(s, medio.id, usuario, **{k: v for k, v in datos.items() if k != "nombre"}):
        r.medios_actualizados += 1
    return medio


def _importar_contacto(
    s: Session, medio: Medio, datos: dict[str, Any], usuario: str, r: ResultadoImportacion
) -> None:
    """Crea el contacto o actualiza el que tenga el mismo correo (o nombre, sin correo)."""
    limpio = _normalizar_contacto(datos)
    existente = next(
        (
            c
            for c in medio.contactos
            if (limpio.get("correo") and c.correo == limpio["correo"])
            or (not limpio.get("correo") and c.nombre == limpio["nombre"])
        ),
        None,
    )
    if existente is None:
        agregar_contacto(s, medio.id, usuario=usuario, **limpio)
        r.contactos_nuevos += 1
    elif editar_contacto(s, existente.id, usuario, **limpio):
        r.contactos_actualizados += 1


def importar_padron(s: Session, ruta: Path, usuario: str) -> ResultadoImportacion:
    """Importa medios y contactos de CSV/Excel; cada fila con error se reporta y se salta."""
    resultado = ResultadoImportacion()
    for numero, crudo in enumerate(leer_padron(ruta).to_dict("records"), start=2):
        fila = {str(k): v for k, v in crudo.items()}
        try:
            # Se valida todo el renglón antes de escribir: un error no deja medios a medias.
            datos_medio = _datos_medio(fila)
            _normalizar_medio(datos_medio)
            contacto = _datos_contacto(fila)
            if contacto is not None:
                _normalizar_contacto(contacto)
            medio = _importar_medio(s, datos_medio, usuario, resultado)
            if contacto is not None:
                _importar_contacto(s, medio, contacto, usuario, resultado)
        except MedioInvalido as exc:
            resultado.errores.append(f"renglón {numero}: {exc}")
    log.info("padrón importado de %s: %s", ruta, resultado)
    return resultado


def medios_activos(s: Session) -> list[Medio]:
    """Medios activos por nombre (para elegir destinatarios)."""
    return list(s.scalars(select(Medio).where(Medio.activo.is_(True)).order_by(Medio.nombre)))
