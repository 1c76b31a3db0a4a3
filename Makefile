# The two commands a new machine needs: `make demo` and `make test`. Each installs what it uses.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck layers deadcode unit corpus test-browser browser-deps bench calibrate clean

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
	$(BIN)/pytest --ignore=tests/browser --cov --cov-report=term --cov-fail-under=85

# The one walk against its oracles (radon, ast.walk) on every function of the stdlib, Django,
# django-oscar and httpie: about a minute, without coverage.
corpus: $(VENV)/.installed-dev
	$(BIN)/pytest -m corpus --no-cov tests/unit/test_facts_nodes.py

test: lint typecheck layers deadcode unit corpus

# report.html and every mermaid block in a real browser: Debian's Chromium driven by Playwright,
# offline, with npm's mermaid (pinned by tests/browser/package-lock.json). Installs what it needs:
# chromium (and node/npm when missing) with apt-get, which needs root the first time.
CHROMIUM ?= /usr/bin/chromium
BROWSER := tests/browser

browser-deps:
	@command -v $(CHROMIUM) >/dev/null && command -v npm >/dev/null || { \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
	    $$(command -v npm >/dev/null || echo nodejs npm); }

# --ignore-scripts: no package runs an install script (none needs one, none may fetch a browser).
$(BROWSER)/node_modules/.installed: $(BROWSER)/package.json $(BROWSER)/package-lock.json | browser-deps
	cd $(BROWSER) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test-browser: $(VENV)/.installed-dev browser-deps $(BROWSER)/node_modules/.installed
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest $(BROWSER) -p no:cacheprovider

# One table of coupling beside ast.parse, grimp and tach on Django and Home Assistant (their wheels
# downloaded into ~/.cache/coupling-bench), `coupling diff` across two Django releases, and a
# growth table; printed and written to bench/results.md. BENCH_RUNS=3 runs per median,
# BENCH_TREES=django,ha and BENCH_GROWTH=5000,10000,20000,50000 shorten a run.
bench: $(VENV)/.installed-bench
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python bench/run.py

# Real extraction histories (bench/calibration.toml), downloaded from PyPI into ~/.cache:
# ROC-AUC and precision@k of the score beside naive baselines.
calibrate: $(VENV)/.installed-dev
	$(BIN)/python bench/calibrate.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage bench/.work \
	  $(BROWSER)/node_modules $(BROWSER)/out
