# Two commands set everything up on a fresh machine with Python 3.11:
#   make reports   executes every notebook on seeds/ and writes HTML reports to outputs/
#   make test      checks the code (lint) and runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CORPUS ?= ../shared/corpora/dantri-unc

.PHONY: help reports test lint lab bench clean-outputs
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name vnnews --display-name "Python (vnnews)"
	touch $(STAMP)

reports: $(STAMP) ## run every notebook on seeds/ into outputs/ (another corpus: .venv/bin/vnnews run --corpus DIR)
	$(BIN)/vnnews run

test: lint ## lint, then the test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff on the library, tests and benchmarks (configured in pyproject.toml)
	$(BIN)/ruff check lib tests benchmarks

# JupyterLab refuses to start as root, the usual user in a container, unless told; it keeps its token and listens on
# localhost only. More options after ARGS: make lab ARGS="--port=8890 --no-browser"
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP) ## JupyterLab on this project (token kept, localhost only); options: ARGS="--port=8890 --no-browser"
	$(BIN)/jupyter lab --notebook-dir=. --ServerApp.ip=127.0.0.1 $(LAB_ROOT) $(ARGS)

bench: $(STAMP) ## benchmarks on CORPUS (default ../shared/corpora/dantri-unc): make bench CORPUS=path
	$(BIN)/python benchmarks/bench.py $(CORPUS)
	$(BIN)/python benchmarks/dates.py

clean-outputs: ## delete generated reports, tables and figures
	rm -rf outputs/notebooks outputs/reports outputs/tables outputs/figures outputs/run.json
