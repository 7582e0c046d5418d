"""Emparejamiento a escala: casi iguales con costo acotado, hashes estables e índice persistente."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from analisis.emparejamiento import (
    MAX_CANDIDATOS_PARAFRASIS,
    MAX_GRUPOS_COPIA,
    MIEMBROS_POR_GRUPO,
    Documento,
    Emparejador,
)
from analisis.formatos import leer_documentos
from analisis.indice import a_arreglos, analizar_boletin, de_arreglos
from analisis.lote import (
    cargar_indice,
    emparejador_con_indice,
    emparejar_archivos,
    guardar_indice,
)
from analisis.texto import hashes_palabras, palabras, tokenizar
from tests.benchmarks.casi_iguales import generar
from tests.test_emparejamiento import BOLETINES, BREVE_SALUD, NOTAS, SALUD, fecha

CORPUS = Path(__file__).parent / "datos" / "emparejamiento"
RAIZ = Path(__file__).resolve().parents[1]
# Alineaciones como máximo para una nota de menos de 200 palabras (una sola parte): la cota del
# módulo, que no depende del número de boletines.
COTA = MIEMBROS_POR_GRUPO * (MAX_GRUPOS_COPIA + MAX_CANDIDATOS_PARAFRASIS)


def _campana(veces: int) -> list[Documento]:
    """La jornada de salud repetida `veces` semanas, idéntica salvo la localidad y la cifra."""
    versiones = []
    for k in range(veces):
        texto = SALUD.texto.replace("312", str(200 + k)).replace("Chiconamel", f"Barrio {k}")
        versiones.append(Documento(f"B-salud-{k}", f"Jornada de salud {k}", texto, fecha(12)))
    return [*versiones, *[b for b in BOLETINES if b.id != SALUD.id]]


def _particion(etiquetas: list[str] | np.ndarray) -> set[frozenset[int]]:
    """Conjuntos de posiciones con la misma etiqueta."""
    grupos: dict[object, set[int]] = {}
    for i, e in enumerate(list(etiquetas)):
        grupos.setdefault(e, set()).add(i)
    return {frozenset(g) for g in grupos.values()}


def test_casi_iguales_forman_un_grupo_por_historia() -> None:
    """Copias de cada historia con 30 % de palabras cambiadas quedan juntas, y sólo ellas."""
    conjunto = generar(1200, 0)
    emparejador = Emparejador(conjunto.boletines)
    historias = [conjunto.historia_de_boletin[b.id] for b in conjunto.boletines]
    assert _particion(emparejador.grupos) == _particion(historias)


def test_costo_por_nota_acotado_con_muchos_casi_iguales() -> None:
    """Con 4 o 40 versiones de cada historia cada nota se alinea con las mismas pocas."""
    costo = {}
    for boletines in (240, 2400):
        conjunto = generar(boletines, 60)
        emparejador = Emparejador(conjunto.boletines)
        for nota in conjunto.notas:
            emparejador.emparejar(nota)
        costo[boletines] = emparejador.alineaciones / len(conjunto.notas)
    assert costo[2400] <= COTA
    assert costo[2400] <= costo[240] + 1


def test_entre_versiones_identicas_gana_la_copiada() -> None:
    """Entre 200 versiones casi idénticas, la copia se liga a la suya y con pocas alineaciones."""
    copia = SALUD.texto.replace("312", "337").replace("Chiconamel", "Barrio 137")
    emparejador = Emparejador(_campana(200))
    (pareja,) = emparejador.emparejar(Documento("N-copia", "Salud", copia, fecha(13)))
    assert (pareja.boletin_id, pareja.nivel) == ("B-salud-137", "integra")
    emparejador.emparejar(BREVE_SALUD)
    assert emparejador.alineaciones <= 2 * COTA


_SCRIPT_HASHES = """
import json, sys
from analisis.indice import analizar_boletin
from analisis.texto import hashes_palabras
d = json.loads(sys.stdin.read())
a = analizar_boletin(d["titulo"], d["texto"])
print(json.dumps({"palabras": [str(x) for x in a.palabras], "clave": a.clave,
                  "hola": str(hashes_palabras(["hola"])[0])}))
"""


def test_hashes_estables_entre_procesos() -> None:
    """Dos procesos con distinta semilla de hash() de Python dan los mismos hashes."""
    entrada = json.dumps({"titulo": SALUD.titulo, "texto": SALUD.texto})
    salidas = []
    for semilla in ("1", "2"):
        entorno = {**os.environ, "PYTHONHASHSEED": semilla}
        r = subprocess.run(
            [sys.executable, "-c", _SCRIPT_HASHES],
            input=entrada,
            capture_output=True,
            text=True,
            env=entorno,
            cwd=RAIZ,
            check=True,
        )
        salidas.append(json.loads(r.stdout))
    assert salidas[0] == salidas[1]
    local = analizar_boletin(SALUD.titulo, SALUD.texto)
    assert salidas[0]["palabras"] == [str(x) for x in local.palabras]
    assert salidas[0]["hola"] == str(hashes_palabras(["hola"])[0])


def test_palabras_rapidas_iguales_a_tokenizar() -> None:
    """La vía rápida (sin posiciones) da exactamente las palabras de `tokenizar` en el corpus."""
    for doc in [*leer_documentos(CORPUS / "notas.jsonl"), *BOLETINES, *NOTAS]:
        assert palabras(doc.texto) == list(tokenizar(doc.texto).palabras)


def test_arreglos_de_ida_y_vuelta() -> None:
    """Un análisis convertido a arreglos y de vuelta es el mismo."""
    analisis = [analizar_boletin(b.titulo, b.texto) for b in BOLETINES]
    assert de_arreglos(a_arreglos(analisis)) == analisis


def test_indice_incremental_igual_a_reconstruido(tmp_path: Path) -> None:
    """Agregar boletines al índice guardado da lo mismo que construirlo de cero con todos."""
    boletines = list(leer_documentos(CORPUS / "boletines.jsonl"))
    notas = list(leer_documentos(CORPUS / "notas.jsonl"))[:150]
    carpeta = tmp_path / "indice"
    emparejador_con_indice(boletines[:25], 7, [], carpeta)
    emparejador_con_indice(boletines[:40], 7, [], carpeta)
    incremental = emparejador_con_indice(boletines, 7, notas, carpeta)
    assert len(incremental.nuevos) == 20
    assert len(list(carpeta.glob("segmento-*.npz"))) == 3
    completo = Emparejador(boletines, referencia=notas)
    assert incremental.analisis == completo.analisis
    assert np.array_equal(incremental.grupos, completo.grupos)
    assert list(incremental.emparejar_varios(notas)) == list(completo.emparejar_varios(notas))
    # Releído de disco, no hace falta analizar nada.
    assert emparejador_con_indice(boletines, 7, notas, carpeta).nuevos == []


def test_indice_compacta_segmentos(tmp_path: Path) -> None:
    """Muchas corridas pequeñas terminan en pocos segmentos sin perder boletines."""
    analisis = [analizar_boletin(f"t{i}", f"Texto número {i} del boletín.") for i in range(40)]
    for a in analisis:
        guardar_indice(tmp_path, [a])
    assert len(list(tmp_path.glob("segmento-*.npz"))) <= 33
    assert set(cargar_indice(tmp_path)) == {a.clave for a in analisis}


def test_segmento_danado_se_ignora(tmp_path: Path) -> None:
    """Un segmento ilegible no detiene el emparejamiento: esos boletines se recalculan."""
    (tmp_path / "segmento-roto.npz").write_bytes(b"no es un npz")
    emparejador = emparejador_con_indice(BOLETINES, 7, [], tmp_path)
    assert len(emparejador.nuevos) == len(BOLETINES)
    assert {a.clave for a in emparejador.nuevos} <= set(cargar_indice(tmp_path))


def test_emparejar_en_dos_procesos_da_el_mismo_csv(tmp_path: Path) -> None:
    """Con dos procesos hijos el P.csv es idéntico al de un solo proceso (mismo orden)."""
    notas = list(leer_documentos(CORPUS / "notas.jsonl"))
    registros = [
        {"id": f"{d.id}-{k}", "titulo": d.titulo, "texto": d.texto, "fecha": d.fecha.isoformat()}
        for k in range(2)
        for d in notas
        if d.fecha is not None
    ]
    entrada = tmp_path / "N.jsonl"
    entrada.write_text("\n".join(json.dumps(r) for r in registros), "utf-8")
    boletines = CORPUS / "boletines.jsonl"
    uno = emparejar_archivos(boletines, entrada, tmp_path / "uno.csv", 7)
    dos = emparejar_archivos(boletines, entrada, tmp_path / "dos.csv", 7, trabajadores=2)
    assert uno == dos > 700
    assert (tmp_path / "uno.csv").read_bytes() == (tmp_path / "dos.csv").read_bytes()


def test_indice_en_dos_procesos_igual_al_de_uno(tmp_path: Path) -> None:
    """Analizar los boletines nuevos en procesos hijos da el mismo índice y se guarda igual."""
    boletines = generar(600, 0).boletines
    dos = emparejador_con_indice(boletines, 7, [], tmp_path, trabajadores=2)
    uno = emparejador_con_indice(boletines, 7, [], None)
    assert dos.analisis == uno.analisis
    assert len(dos.nuevos) == 600
    assert set(cargar_indice(tmp_path)) == {a.clave for a in uno.analisis}
