"""Métricas puras sobre DataFrames: retoma, latencia, fidelidad, alcance, tono y prioridades.

Marcos de entrada (columnas mínimas; las consultas de `datos.consultas` los producen así):
- retomas: boletin_id, nota_id, medio_id, nivel, fidelidad, estado, fecha_emision,
  fecha_publicacion, audiencia. Una retoma `rechazada` nunca cuenta.
- envios: boletin_id, medio_id (un envío por medio y boletín basta; se deduplica).
- boletines: boletin_id, fecha_emision, tema.
- tono: tono, tono_confirmado y, opcional, notas (conteo por grupo ya agregado en SQL).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from analisis import etiquetas
from analisis.normalizar import a_ascii

RECHAZADA = "rechazada"
SIN_CLASIFICAR = "sin clasificar"
ORDEN_TONO = ("positivo", "neutral", "negativo", SIN_CLASIFICAR)
ORDEN_NIVEL = ("integra", "parcial", "reescrita")
# La hora de emisión se captura a mano y suele ser la del evento (la nota puede salir minutos
# antes de que se registre el boletín): hasta 1 h antes cuenta como latencia 0. Más temprano es
# una fecha de nota equivocada y se descarta de la mediana. Valor elegido a mano, sin calibrar.
TOLERANCIA_ADELANTO_H = 1.0
# Estados de envío que sí llegaron al medio (los fallidos, rebotados o pendientes no cuentan).
ESTADOS_RECIBIDOS = frozenset({"enviado", "confirmado"})
# "Lo que importa hoy" son pocas notas: lo que más piden los usuarios de monitoreo son "las 5
# cosas que importan hoy", no 300 menciones (REFERENCIAS, práctica de las oficinas).
LIMITE_IMPORTA = 5


# Unidades de audiencia declarada: no se suman entre sí (una visita al mes no es un ejemplar
# impreso ni un seguidor). Orden fijo: es el de la salida JSON de `monitoreo metricas`.
UNIDADES_ALCANCE = ("visitantes_mes", "tiraje", "seguidores", "audiencia")
# Un medio con audiencia pero sin unidad declarada se cuenta en la unidad natural de su tipo
# (un impreso declara tiraje; un portal, visitas), marcada como «unidad supuesta» en su fuente.
UNIDAD_POR_TIPO = {
    "impreso": "tiraje",
    "digital": "visitantes_mes",
    "agencia": "visitantes_mes",
    "red_social": "seguidores",
    "radio": "audiencia",
    "television": "audiencia",
}
SIN_FUENTE = "sin fuente declarada"
UNIDAD_SUPUESTA = "unidad supuesta por el tipo de medio"
ETIQUETA_UNIDAD = {
    "visitantes_mes": "visitas/mes",
    "tiraje": "ejemplares (tiraje)",
    "seguidores": "seguidores",
    "audiencia": "audiencia (radio/TV)",
}


@dataclass(frozen=True)
class AlcanceUnidad:
    """Alcance *potencial* en una sola unidad, con de dónde salió el dato."""

    unidad: str
    total: int
    medios: int
    fuentes: tuple[str, ...]
    fecha_dato: dt.date | None

    @property
    def etiqueta(self) -> str:
        """Unidad legible («visitas/mes»)."""
        return ETIQUETA_UNIDAD.get(self.unidad, self.unidad)

    @property
    def cuantos_medios(self) -> str:
        """«1 medio», «3 medios»."""
        return f"{self.medios:,} medio" + ("" if self.medios == 1 else "s")


@dataclass(frozen=True)
class Alcance:
    """Alcance potencial por unidad: cada medio una vez por boletín; nunca una suma de unidades."""

    unidades: tuple[AlcanceUnidad, ...]
    sin_dato: int
    etiqueta: str = "potencial"

    def total(self, unidad: str) -> int:
        """Total de una unidad (0 si ningún medio la declara)."""
        return next((u.total for u in self.unidades if u.unidad == unidad), 0)

    def por_unidad(self) -> dict[str, int]:
        """{unidad: total} con las cuatro unidades, en orden fijo."""
        return {u: self.total(u) for u in UNIDADES_ALCANCE}

    def con_dato(self) -> list[AlcanceUnidad]:
        """Las unidades que sí tienen alcance, de mayor a menor."""
        return sorted((u for u in self.unidades if u.total), key=lambda u: -u.total)


def unidad_de(unidad: object, medio_tipo: object = None) -> str | None:
    """La unidad declarada o, si falta, la natural del tipo de medio."""
    texto = str(getattr(unidad, "value", unidad))
    if texto in UNIDADES_ALCANCE:
        return texto
    return UNIDAD_POR_TIPO.get(str(getattr(medio_tipo, "value", medio_tipo)))


def audiencia_con_unidad(audiencia: object, unidad: object, medio_tipo: object = None) -> str:
    """«120,000 visitas/mes»: una audiencia nunca se muestra sin su unidad."""
    cifra = pd.to_numeric(pd.Series([audiencia]), errors="coerce").iloc[0]
    if pd.isna(cifra):
        return "—"
    nombre = unidad_de(unidad, medio_tipo)
    return f"{int(cifra):,} {ETIQUETA_UNIDAD[nombre] if nombre else 'de audiencia sin unidad'}"


def retomas_validas(retomas: pd.DataFrame) -> pd.DataFrame:
    """Las retomas que cuentan (todas salvo las rechazadas)."""
    if retomas.empty or "estado" not in retomas.columns:
        return retomas
    return retomas[retomas["estado"].astype(str) != RECHAZADA]


def _pares(marco: pd.DataFrame) -> pd.DataFrame:
    """Pares únicos (boletin_id, medio_id)."""
    return marco[["boletin_id", "medio_id"]].drop_duplicates()


def tasa_de_retoma_por_boletin(envios: pd.DataFrame, retomas: pd.DataFrame) -> pd.DataFrame:
    """Por boletín: enviados, que publicaron y tasa (publicaron de los enviados / enviados)."""
    enviados = _pares(envios).assign(enviado=True)
    publicados = _pares(retomas_validas(retomas)).assign(publico=True)
    cruce = enviados.merge(publicados, on=["boletin_id", "medio_id"], how="outer")
    cruce = cruce.assign(
        enviado=cruce["enviado"].eq(True),
        publico=cruce["publico"].eq(True),
    )
    cruce["ambos"] = cruce["enviado"] & cruce["publico"]
    if cruce.empty:
        return _vacio(["boletin_id", "enviados", "publicaron", "de_enviados", "tasa"])
    tabla = cruce.groupby("boletin_id", as_index=False).agg(
        enviados=("enviado", "sum"), publicaron=("publico", "sum"), de_enviados=("ambos", "sum")
    )
    tabla["tasa"] = _dividir(tabla["de_enviados"], tabla["enviados"])
    return tabla.astype({"enviados": int, "publicaron": int, "de_enviados": int})


def _vacio(columnas: list[str]) -> pd.DataFrame:
    """Marco sin filas con columnas numéricas."""
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c.endswith("_id") else float) for c in columnas}
    )


def _dividir(numerador: pd.Series, denominador: pd.Series) -> pd.Series:
    """División que deja NaN donde el denominador es 0."""
    den = denominador.astype(float).where(denominador > 0)
    return numerador.astype(float) / den


def boletines_retomados(boletines: pd.DataFrame, retomas: pd.DataFrame) -> int:
    """Cuántos de los boletines tuvieron al menos una retoma válida."""
    if boletines.empty:
        return 0
    con_retoma = set(retomas_validas(retomas)["boletin_id"]) if not retomas.empty else set()
    return int(boletines["boletin_id"].isin(con_retoma).sum())


def tasa_de_retoma_global(boletines: pd.DataFrame, retomas: pd.DataFrame) -> float | None:
    """Boletines con al menos una retoma / boletines; None si no hubo boletines."""
    if boletines.empty:
        return None
    return boletines_retomados(boletines, retomas) / boletines["boletin_id"].nunique()


def retoma_por_medio(envios: pd.DataFrame, retomas: pd.DataFrame) -> pd.DataFrame:
    """Por medio: boletines enviados, publicados de ésos, publicados sin envío y tasa."""
    enviados = _pares(envios).assign(enviado=True)
    publicados = _pares(retomas_validas(retomas)).assign(publico=True)
    cruce = enviados.merge(publicados, on=["boletin_id", "medio_id"], how="outer")
    cruce = cruce.assign(enviado=cruce["enviado"].eq(True), publico=cruce["publico"].eq(True))
    cruce["de_enviados"] = cruce["enviado"] & cruce["publico"]
    cruce["sin_envio"] = cruce["publico"] & ~cruce["enviado"]
    if cruce.empty:
        return _vacio(["medio_id", "enviados", "publicados", "de_enviados", "sin_envio", "tasa"])
    tabla = cruce.groupby("medio_id", as_index=False).agg(
        enviados=("enviado", "sum"),
        publicados=("publico", "sum"),
        de_enviados=("de_enviados", "sum"),
        sin_envio=("sin_envio", "sum"),
    )
    tabla["tasa"] = _dividir(tabla["de_enviados"], tabla["enviados"])
    return tabla.astype({c: int for c in ("enviados", "publicados", "de_enviados", "sin_envio")})


def latencias(retomas: pd.DataFrame) -> pd.DataFrame:
    """Latencia en horas de la primera publicación de cada medio por boletín."""
    columnas = ["boletin_id", "medio_id", "latencia_h"]
    validas = retomas_validas(retomas)
    if not validas.empty:
        validas = validas.dropna(subset=["fecha_publicacion", "fecha_emision"])
    if validas.empty:
        return _vacio(columnas)
    primeras = validas.groupby(["boletin_id", "medio_id"], as_index=False).agg(
        fecha_publicacion=("fecha_publicacion", "min"), fecha_emision=("fecha_emision", "first")
    )
    delta = pd.to_datetime(primeras["fecha_publicacion"], utc=True) - pd.to_datetime(
        primeras["fecha_emision"], utc=True
    )
    primeras["latencia_h"] = delta.dt.total_seconds() / 3600
    primeras = primeras[primeras["latencia_h"] >= -TOLERANCIA_ADELANTO_H]
    primeras["latencia_h"] = primeras["latencia_h"].clip(lower=0)
    return primeras[columnas]


def latencia_mediana(retomas: pd.DataFrame) -> float | None:
    """Mediana de la latencia (horas) entre emisión y primera publicación; None sin datos."""
    valores = latencias(retomas)["latencia_h"]
    return None if valores.empty else float(valores.astype(float).median())


def fidelidad_media(retomas: pd.DataFrame) -> float | None:
    """Promedio de la mejor fidelidad (0–1) de cada medio por boletín; None sin datos."""
    validas = retomas_validas(retomas)
    if validas.empty:
        return None
    mejores = validas.groupby(["boletin_id", "medio_id"])["fidelidad"].max()
    return float(mejores.astype(float).mean())


def _fecha_dato(fechas: pd.Series) -> dt.date | None:
    """La fecha más antigua de los datos de audiencia sumados (la que más envejece la cifra)."""
    # Una fecha por medio: se convierten las distintas, no una por retoma.
    distintas = pd.Series(fechas.dropna().unique(), dtype=object)
    validas = pd.to_datetime(distintas, errors="coerce").dropna()
    return None if validas.empty else validas.min().date()


def _alcance_de_unidad(unidad: str, pares: pd.DataFrame) -> AlcanceUnidad:
    """Suma de una unidad con sus medios, fuentes y la fecha del dato más viejo."""
    audiencia = pd.to_numeric(pares["audiencia"], errors="coerce")
    grupo = pares[(pares["audiencia_tipo"].astype(str) == unidad) & audiencia.notna()]
    fuentes = grupo.get("audiencia_fuente", pd.Series(dtype=object)).dropna().astype(str)
    return AlcanceUnidad(
        unidad=unidad,
        total=int(pd.to_numeric(grupo["audiencia"], errors="coerce").fillna(0).sum()),
        medios=int(grupo["medio_id"].nunique()),
        fuentes=tuple(sorted(set(fuentes.unique()))),
        fecha_dato=_fecha_dato(grupo.get("audiencia_fecha", pd.Series(dtype=object))),
    )


def _con_unidad(pares: pd.DataFrame) -> pd.DataFrame:
    """Completa la unidad que falta con la del tipo de medio, y lo dice en la fuente."""
    pares = pares.copy()
    for columna in ("audiencia_tipo", "audiencia_fuente", "medio_tipo"):
        if columna not in pares.columns:
            pares[columna] = None
    declarada = pares["audiencia_tipo"].astype(str).isin(UNIDADES_ALCANCE)
    supuesta = pares["medio_tipo"].astype(str).map(UNIDAD_POR_TIPO)
    pares["audiencia_tipo"] = pares["audiencia_tipo"].where(declarada, supuesta)
    fuente = pares["audiencia_fuente"].fillna(SIN_FUENTE).astype(str)
    pares["audiencia_fuente"] = fuente.where(declarada, fuente + f" ({UNIDAD_SUPUESTA})")
    return pares


def alcance_potencial(retomas: pd.DataFrame) -> Alcance:
    """Alcance potencial por unidad de las retomas, cada medio una sola vez por boletín."""
    validas = retomas_validas(retomas)
    if validas.empty:
        vacio = pd.DataFrame(columns=["audiencia_tipo", "audiencia", "medio_id"])
        return Alcance(tuple(_alcance_de_unidad(u, vacio) for u in UNIDADES_ALCANCE), 0)
    pares = _con_unidad(validas.drop_duplicates(["boletin_id", "medio_id"]))
    audiencias = pd.to_numeric(pares["audiencia"], errors="coerce")
    sin_dato = audiencias.isna() | ~pares["audiencia_tipo"].astype(str).isin(UNIDADES_ALCANCE)
    unidades = tuple(_alcance_de_unidad(u, pares) for u in UNIDADES_ALCANCE)
    return Alcance(unidades, int(sin_dato.sum()))


def tono_efectivo(notas: pd.DataFrame) -> pd.Series:
    """El tono confirmado si lo hay; si no, el calculado; si tampoco, «sin clasificar»."""
    confirmado = notas["tono_confirmado"].astype(object).where(notas["tono_confirmado"].notna())
    calculado = notas["tono"].astype(object).where(notas["tono"].notna())
    return confirmado.fillna(calculado).fillna(SIN_CLASIFICAR).astype(str)


def distribucion_de_tono(notas: pd.DataFrame) -> pd.DataFrame:
    """Notas y proporción por tono efectivo (positivo, neutral, negativo, sin clasificar)."""
    pesos = notas["notas"] if "notas" in notas.columns else pd.Series(1, index=notas.index)
    conteo = (
        pd.DataFrame({"tono": tono_efectivo(notas), "notas": pesos.astype(int)})
        .groupby("tono")["notas"]
        .sum()
    )
    tabla = pd.DataFrame({"tono": list(ORDEN_TONO)})
    tabla["notas"] = [int(conteo.get(t, 0)) for t in ORDEN_TONO]
    total = tabla["notas"].sum()
    tabla["proporcion"] = tabla["notas"] / total if total else 0.0
    return tabla


@functools.cache
def normalizar_tema(tema: str) -> str:
    """«Protección civil» → «proteccion_civil»: los boletines usan nombres, las notas claves."""
    return "_".join(a_ascii(tema).lower().replace("-", " ").split())


def _mismo_tema(x: str, y: str) -> bool:
    """Temas normalizados equivalentes: iguales o uno prefijo del otro (obras ≈ obras_publicas)."""
    return bool(x and y) and (x.startswith(y) or y.startswith(x))


def _ultima_emision_por_tema(boletines: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Tema normalizado → emisión más reciente: se calcula una vez, no una vez por nota."""
    if boletines.empty:
        return {}
    con_tema = boletines.dropna(subset=["tema"])
    fechas = pd.to_datetime(con_tema["fecha_emision"], utc=True)
    ultimas = fechas.groupby(con_tema["tema"].map(lambda t: normalizar_tema(str(t)))).max()
    return {str(tema): fecha for tema, fecha in ultimas.items()}


def _respondida(
    fecha: dt.datetime | None, temas: list[str], ultimas: dict[str, pd.Timestamp]
) -> bool:
    """Hay un boletín emitido después de la nota sobre alguno de sus temas."""
    if fecha is None or not temas:
        return False
    propios = [normalizar_tema(t) for t in temas]
    return any(
        ultima >= fecha and _mismo_tema(t, tema)
        for tema, ultima in ultimas.items()
        for t in propios
    )


def _motivos(
    fila: Mapping[Hashable, Any], ultimas: dict[str, pd.Timestamp], umbral: int
) -> list[str]:
    """Por qué una nota negativa merece atención hoy (lista vacía si no la merece)."""
    motivos: list[str] = []
    audiencia = fila.get("audiencia")
    if audiencia is not None and not pd.isna(audiencia) and audiencia >= umbral:
        unidad = audiencia_con_unidad(audiencia, fila.get("audiencia_tipo"), fila.get("medio_tipo"))
        motivos.append(f"negativa de alto alcance ({unidad} potenciales)")
    if bool(fila.get("es_retoma", False)):
        # Retoma un boletín propio: la oficina ya habló del tema; no está "sin respuesta".
        return motivos
    temas = [str(t) for t in (fila.get("temas") or [])]
    crudo = fila.get("fecha_publicacion")
    fecha = None if crudo is None or pd.isna(crudo) else pd.Timestamp(crudo).to_pydatetime()
    if not _respondida(fecha, temas, ultimas):
        sobre = f" sobre «{etiquetas.temas(temas)}»" if temas else ""
        motivos.append(f"sin respuesta: ningún boletín posterior{sobre}")
    return motivos


def lo_que_importa_hoy(
    notas: pd.DataFrame,
    boletines: pd.DataFrame,
    umbral_alcance: int,
    limite: int = LIMITE_IMPORTA,
) -> pd.DataFrame:
    """Pocas notas negativas de alto alcance o sin respuesta, cada una con su motivo."""
    columnas = [*notas.columns, "motivo", "alto_alcance"]
    if notas.empty:
        return pd.DataFrame(columns=columnas)
    negativas = notas[tono_efectivo(notas) == "negativo"].copy()
    ultimas = _ultima_emision_por_tema(boletines)
    filas = negativas.to_dict("records")  # mucho más rápido que iterrows con miles de notas
    motivos = [_motivos(f, ultimas, umbral_alcance) for f in filas]
    negativas["motivo"] = ["; ".join(m).capitalize() for m in motivos]
    negativas["alto_alcance"] = [any("alto alcance" in x for x in m) for m in motivos]
    negativas["_n"] = [len(m) for m in motivos]
    negativas["_aud"] = pd.to_numeric(negativas["audiencia"], errors="coerce").fillna(0)
    negativas = negativas[negativas["_n"] > 0].sort_values(
        ["_n", "_aud", "fecha_publicacion"], ascending=False
    )
    return negativas.head(limite)[columnas].reset_index(drop=True)


def por_semana(fechas: pd.Series, zona: ZoneInfo, pesos: pd.Series | None = None) -> pd.DataFrame:
    """Conteo por semana local (lunes de cada semana); `pesos` si cada fecha ya es un conteo."""
    pesos = pd.Series(1, index=fechas.index) if pesos is None else pesos
    validas = fechas.notna()
    if not validas.any():
        return pd.DataFrame({"semana": pd.Series(dtype=object), "cantidad": pd.Series(dtype=int)})
    local = pd.to_datetime(fechas[validas], utc=True).dt.tz_convert(zona)
    lunes = (local.dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")).dt.date
    conteo = pesos[validas].astype(int).groupby(lunes.to_numpy()).sum()
    return conteo.rename_axis("semana").reset_index(name="cantidad")


def tendencia_semanal(
    fechas_notas: pd.Series,
    fechas_retomas: pd.Series,
    zona: ZoneInfo,
    pesos_notas: pd.Series | None = None,
) -> pd.DataFrame:
    """Marco largo (semana, serie, cantidad) con notas y retomas por semana.

    Con `pesos_notas`, `fechas_notas` son horas con su conteo (agregado en SQL).
    """
    partes = [
        por_semana(fechas_notas, zona, pesos_notas).assign(serie="Notas"),
        por_semana(fechas_retomas, zona).assign(serie="Retomas"),
    ]
    return pd.concat(partes, ignore_index=True)[["semana", "serie", "cantidad"]]


def clasificacion_de_medios(
    medios: pd.DataFrame, envios: pd.DataFrame, retomas: pd.DataFrame
) -> pd.DataFrame:
    """Por medio: retoma, latencia mediana, fidelidad media y alcance potencial, mejor primero."""
    calculadas = ["enviados", "publicados", "de_enviados", "sin_envio", "tasa", "latencia_h"]
    if medios.empty:
        return medios.assign(**{c: pd.Series(dtype=float) for c in [*calculadas, "fidelidad"]})
    tabla = medios.merge(retoma_por_medio(envios, retomas), on="medio_id", how="left")
    enteros = ["enviados", "publicados", "de_enviados", "sin_envio"]
    tabla[enteros] = tabla[enteros].fillna(0).astype(int)
    lat = latencias(retomas).groupby("medio_id")["latencia_h"].median()
    tabla["latencia_h"] = tabla["medio_id"].map(dict(lat.items())).astype(float)
    validas = retomas_validas(retomas)
    tabla["fidelidad"] = math.nan
    if not validas.empty:
        # Igual que `fidelidad_media`: la mejor nota de cada medio por boletín, luego el promedio.
        mejores = validas.groupby(["medio_id", "boletin_id"])["fidelidad"].max().astype(float)
        medias = mejores.groupby(level="medio_id").mean()
        tabla["fidelidad"] = tabla["medio_id"].map(medias).astype(float)
    audiencia = pd.to_numeric(tabla["audiencia"], errors="coerce")
    tabla["alcance_potencial"] = audiencia * tabla["publicados"].where(tabla["publicados"] > 0)
    return tabla.sort_values(["tasa", "publicados"], ascending=False, na_position="last")


def enlace_publico(url_original: object, url_canonica: object) -> str | None:
    """La URL original o la canónica si es http(s); None para URN de impresos, radio y TV."""
    for url in (url_original, url_canonica):
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            return url
    return None


def _mejor_nivel(niveles: pd.Series) -> str | None:
    """El nivel más completo de la lista (íntegra > parcial > reescrita)."""
    presentes = {str(n) for n in niveles.dropna()}
    return next((n for n in ORDEN_NIVEL if n in presentes), None)


def _fila_matriz(grupo: pd.DataFrame) -> pd.Series:
    """Resumen de las notas de un medio para un boletín: la primera y la mejor."""
    ordenado = grupo.sort_values("fecha_publicacion", na_position="last")
    primera = ordenado.iloc[0]
    return pd.Series(
        {
            "fecha_publicacion": primera["fecha_publicacion"],
            "nivel": _mejor_nivel(grupo["nivel"]),
            "fidelidad": float(grupo["fidelidad"].astype(float).max()),
            "enlace": enlace_publico(primera["url_original"], primera["url_canonica"]),
            "testigo": primera.get("testigo"),
            "nota_id": int(primera["nota_id"]),
            "titulo_nota": primera.get("titulo"),
            "notas": len(grupo),
        }
    )


COLUMNAS_MATRIZ = (
    "fecha_publicacion",
    "nivel",
    "fidelidad",
    "enlace",
    "testigo",
    "nota_id",
    "titulo_nota",
    "notas",
)


def matriz_de_retoma(
    envios: pd.DataFrame, retomas: pd.DataFrame, fecha_emision: dt.datetime
) -> pd.DataFrame:
    """Una fila por medio enviado o que publicó: publicó sí/no, cuándo, latencia, nivel, enlace."""
    validas = retomas_validas(retomas)
    enviados = envios.groupby(["medio_id", "medio"], as_index=False).agg(
        estado_envio=("estado", lambda s: ", ".join(sorted({str(x) for x in s}))),
        recibio=("estado", lambda s: any(str(x) in ESTADOS_RECIBIDOS for x in s)),
    )
    if validas.empty:
        publicadas = pd.DataFrame(columns=["medio_id", "medio", *COLUMNAS_MATRIZ])
    else:
        publicadas = validas.groupby(["medio_id", "medio"]).apply(_fila_matriz).reset_index()
    matriz = enviados.merge(publicadas, on=["medio_id", "medio"], how="outer")
    matriz["enviado"] = matriz["estado_envio"].notna()
    matriz["recibio"] = matriz["recibio"].eq(True)
    matriz["publico"] = matriz["nota_id"].notna()
    emision = pd.Timestamp(fecha_emision).tz_convert("UTC")
    publicacion = pd.to_datetime(matriz["fecha_publicacion"], utc=True)
    horas = (publicacion - emision).dt.total_seconds() / 3600
    matriz["latencia_h"] = horas.where(horas >= -TOLERANCIA_ADELANTO_H).clip(lower=0)
    return matriz.sort_values(["publico", "medio"], ascending=[False, True]).reset_index(drop=True)
