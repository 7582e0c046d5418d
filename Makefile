# monitoreo: make demo | make test | make lint
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALADO := $(VENV)/.instalado
# Marca fuera de .venv: los paquetes del sistema van ANTES de crear el entorno (python3-venv).
SISTEMA := .sistema-instalado
# Candado con sumas (pip-tools): versiones exactas probadas de lo de ejecución y de desarrollo.
CANDADO := requisitos/desarrollo.txt
CANDADO_PRODUCCION := requisitos/produccion.txt
PIP_COMPILE := $(BIN)/pip-compile -q --allow-unsafe --generate-hashes --strip-extras \
	--no-emit-index-url --no-emit-find-links
PYTEST_OPCIONES ?= -n 2 -q

.PHONY: demo test lint pruebas rapido instalar sistema tablero benchmark limpiar candado

## Entorno virtual con las versiones exactas del candado (instalación congelada) y el proyecto editable.
$(INSTALADO): pyproject.toml $(CANDADO) | $(SISTEMA)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "se requiere Python 3.11 o posterior"' \
		|| { echo "monitoreo: se requiere Python 3.11 o posterior (PYTHON=$(PYTHON))" >&2; exit 2; }
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); } \
		|| { echo "monitoreo: no se pudo crear .venv; instale python3-venv (sudo apt-get install python3-venv)" >&2; exit 2; }
	$(BIN)/python -m pip install -q --require-hashes -r $(CANDADO)
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@# pip check falla si pyproject pide algo que el candado no trae: regenere con `make candado`.
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
		echo "monitoreo: el candado no cubre pyproject.toml; corra: make candado" >&2; exit 2; }
	@touch $@

## Paquetes de Debian (python3-venv, postgresql-client, Chromium, Tesseract en español): ver el script.
$(SISTEMA):
	@PYTHON=$(PYTHON) bash deploy/instalar-sistema.sh
	@touch $@

## Vuelve a revisar (e instalar) los paquetes de Debian aunque ya se hayan revisado.
sistema:
	@rm -f $(SISTEMA)
	@$(MAKE) --no-print-directory $(SISTEMA)

## Regenera el candado tras cambiar dependencias en pyproject.toml; conserva las demás versiones.
## `make candado ACTUALIZAR=--upgrade` sube todo a lo más reciente (luego: make test).
## No depende de la instalación: con una dependencia nueva en pyproject, `pip check` la detendría.
candado: | $(SISTEMA)
	@test -x $(BIN)/pip-compile || { $(PYTHON) -m venv $(VENV) && \
		$(BIN)/python -m pip install -q --require-hashes -r $(CANDADO); }
	$(PIP_COMPILE) $(ACTUALIZAR) --extra dev -o $(CANDADO) pyproject.toml
	@# Producción parte del de desarrollo para tener exactamente las mismas versiones.
	cp $(CANDADO) $(CANDADO_PRODUCCION)
	$(PIP_COMPILE) -o $(CANDADO_PRODUCCION) pyproject.toml

instalar: $(SISTEMA) $(INSTALADO)

## Demostración completa: base, medios de ejemplo servidos en localhost, rastreo, análisis y tablero.
demo: instalar
	$(BIN)/monitoreo demo

## Todas las pruebas (con lint primero).
test: instalar lint pruebas

pruebas: instalar
	$(BIN)/python -m pytest $(PYTEST_OPCIONES)

## Las pruebas rápidas (sin las marcadas `lento` ni el navegador): para iterar, < 2 min.
rapido: instalar
	$(BIN)/python -m pytest $(PYTEST_OPCIONES) -m 'not lento and not navegador and not benchmark'

lint: $(INSTALADO)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

tablero: instalar
	$(BIN)/monitoreo tablero

## Mediciones de rendimiento y calidad (no corren en make test).
benchmark: instalar
	$(BIN)/python -m pytest -m benchmark -o python_files='bench_*.py' -p no:xdist -q -s tests/benchmarks

limpiar:
	rm -rf $(VENV) $(SISTEMA) .pytest_cache .mypy_cache .ruff_cache *.egg-info
