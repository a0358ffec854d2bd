# Two commands set everything up on a fresh machine with Python 3.11:
#   make reports   executes every notebook on seeds/ and writes HTML reports to outputs/
#   make test      runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CORPUS ?= ../shared/corpora/dantri-unc

.PHONY: reports test lab bench clean-outputs

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name vnnews --display-name "Python (vnnews)"
	touch $(STAMP)

reports: $(STAMP)
	$(BIN)/vnnews run

test: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(CORPUS)

clean-outputs:
	rm -rf outputs/notebooks outputs/reports outputs/tables outputs/figures outputs/run.json
