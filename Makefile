# Two commands on a fresh machine: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench calibrate install clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; v=sys.version_info[:2]; sys.exit(0 if (3,11)<=v<(3,13) else "socialfit needs Python 3.11 or 3.12 (durable-rules does not import on 3.13); set PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,web]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/socialfit intake

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/score_speed.py
	$(BIN)/python benchmarks/durable_memory.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/calibration_holdout.py

calibrate: $(STAMP)
	$(BIN)/python -m engine.calibration.run_notebook notebooks/calibration.ipynb

clean:
	rm -rf $(VENV) build dist *.egg-info
