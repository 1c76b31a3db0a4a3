# The two commands a new machine needs: `make demo` and `make test`. Each installs what it uses.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck layers deadcode unit bench calibrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml tests/real-packages.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps -r tests/real-packages.txt
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/coupling scan examples/techcorp/src

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check coupling tests bench
	$(BIN)/ruff format --check coupling tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

layers: $(VENV)/.installed-dev
	$(BIN)/lint-imports

deadcode: $(VENV)/.installed-dev
	$(BIN)/vulture

unit: $(VENV)/.installed-dev
	$(BIN)/pytest --cov --cov-report=term --cov-fail-under=85

test: lint typecheck layers deadcode unit

bench: $(VENV)/.installed-bench
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python bench/run.py

# Real extraction histories (bench/calibration.toml), downloaded from PyPI into ~/.cache:
# ROC-AUC and precision@k of the score beside naive baselines.
calibrate: $(VENV)/.installed-dev
	$(BIN)/python bench/calibrate.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage bench/.work
