# The two commands a new user runs: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench eval model lint format system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build the demo graph from the sample articles into a fresh store; write exports/defense.ttl, the HTML views and exports/index.html.
demo: $(STAMP)
	$(BIN)/kg demo --store .kg/demo --exports exports

## Run the whole test suite (lint first).
test: $(STAMP) system-deps
	$(BIN)/ruff check kg tests
	$(BIN)/pytest

## Run every benchmark (ingest at 1k/10k/50k articles, a 1M-triple store against rdflib, extraction, a
## 1,000-node view) and write their figures to benchmarks/RESULTS.md. Takes 30-40 minutes, most of it
## rdflib working through the same million triples.
bench: $(STAMP) system-deps
	$(BIN)/python benchmarks/run_all.py

## Cross-validate extraction by article on the shared dev corpus: per-kind F1, learned and rules alone.
eval: $(STAMP)
	$(BIN)/kg eval ../shared/corpus/dev --folds 5

## Retrain the shipped model of spending figures on the shared dev corpus (deterministic).
model: $(STAMP)
	$(BIN)/kg train ../shared/corpus/dev

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

format: $(STAMP)
	$(BIN)/ruff format kg tests
	$(BIN)/ruff check --fix kg tests

## Debian's raptor2-utils gives `rapper`, an independent RDF parser the export tests check against;
## Debian's chromium and chromium-driver run the views in a real browser (tests/test_views_browser.py).
system-deps:
	@command -v rapper >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils >/dev/null) \
	      || echo "could not install raptor2-utils; the rapper round-trip test will be skipped"; \
	  else echo "rapper (raptor2-utils) not installed; the rapper round-trip test will be skipped"; fi; }
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	      || echo "could not install chromium; the browser tests of the views will be skipped (and fail under CI)"; \
	  else echo "chromium not installed; the browser tests of the views will be skipped (and fail under CI)"; fi; }
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) \
	      || echo "could not install virtuoso-opensource; the remote-store tests will be skipped (and fail under CI)"; \
	  else echo "virtuoso-t not installed; the remote-store tests will be skipped (and fail under CI)"; fi; }

clean:
	rm -rf $(VENV) .kg .pytest_cache .ruff_cache exports/*.ttl exports/*.html
