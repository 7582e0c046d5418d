# monitoreo: make demo | make test | make lint
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALADO := $(VENV)/.instalado
SISTEMA := $(VENV)/.sistema
PAQUETES_DEBIAN := chromium tesseract-ocr tesseract-ocr-spa poppler-utils fonts-dejavu-core dovecot-imapd
PYTEST_OPCIONES ?= -n 2 -q

.PHONY: demo test lint pruebas rapido instalar sistema tablero benchmark limpiar

## Entorno virtual con el proyecto y sus herramientas de desarrollo.
$(INSTALADO): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "se requiere Python 3.11 o posterior"' \
		|| { echo "monitoreo: se requiere Python 3.11 o posterior (PYTHON=$(PYTHON))" >&2; exit 2; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

## Paquetes de Debian (Chromium, Tesseract en español). Si no se pueden instalar, se avisa y se sigue:
## las funciones que los usan lo dicen al usuario y sus pruebas se saltan con el motivo.
$(SISTEMA):
	@faltan=""; for p in $(PAQUETES_DEBIAN); do dpkg -s $$p >/dev/null 2>&1 || faltan="$$faltan $$p"; done; \
	if [ -n "$$faltan" ]; then \
		echo "Instalando paquetes de Debian:$$faltan"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
		if [ "$$SUDO" != none ] && $$SUDO apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$faltan >/dev/null; then \
			echo "Paquetes instalados."; \
		else \
			echo "AVISO: no se pudieron instalar$$faltan (se necesita root o sudo y acceso a los repositorios de Debian)."; \
			echo "       Sin Chromium no hay capturas de pantalla ni prueba de navegador; sin tesseract-ocr-spa no hay OCR."; \
		fi; \
	fi
	@touch $@

instalar: $(INSTALADO) $(SISTEMA)

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
