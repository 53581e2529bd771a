# Two commands on a fresh machine: `make run` and `make test`. Both create .venv when it is missing;
# `make run` installs what running needs, `make test` adds the test and notebook tools.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
# durable-rules 2.0.28 calls PyEval_CallObject, which Python 3.13 removed; its setup.py overwrites CFLAGS,
# so the alias goes in through CPPFLAGS (harmless on 3.11 and 3.12). --no-cache-dir: never reuse a wheel
# built without it.
DURABLE := CPPFLAGS="$(CPPFLAGS) -DPyEval_CallObject=PyObject_CallObject" $(BIN)/python -m pip install --quiet

.PHONY: run test bench calibrate install clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; v=sys.version_info[:2]; sys.exit(0 if (3,11)<=v<(3,14) else "socialfit needs Python 3.11, 3.12 or 3.13; set PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): $(BIN)/python pyproject.toml
	$(BIN)/python -c 'import durable.lang' 2>/dev/null || $(DURABLE) --no-cache-dir 'durable-rules==2.0.28'
	$(BIN)/python -m pip install --quiet -e '.[web]'
	@touch $(STAMP_RUN)

$(STAMP): $(STAMP_RUN)
	$(BIN)/python -m pip install --quiet -e '.[dev,web]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP_RUN)
	$(BIN)/socialfit intake

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/score_speed.py
	$(BIN)/python benchmarks/durable_memory.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/calibration_holdout.py
	$(BIN)/python benchmarks/explain_speed.py
	$(BIN)/python benchmarks/web_load.py

# The notebook runs on a copy of the shipped weights (into $TMPDIR), so the checkout stays as it was.
calibrate: $(STAMP)
	$(BIN)/python -m engine.calibration.run_notebook notebooks/calibration.ipynb

clean:
	rm -rf $(VENV) build dist *.egg-info
