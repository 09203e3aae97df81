# The study in two commands: `make study` and `make test`. `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
EXECUTED := build/notebooks

.DEFAULT_GOAL := help
.PHONY: help install figures notebooks study test bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## Create .venv with the pinned requirements and the analysis package

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

figures: install ## Run every stage over seeds/ and write figures/ (tables, charts, article pages), then score validation/'s coding sheets
	$(BIN)/python -m analysis run --whole-article-sentiment
	$(BIN)/python -m analysis validate score

notebooks: figures ## Execute every notebook top to bottom into build/notebooks/
	mkdir -p $(EXECUTED)
	for nb in $(NOTEBOOKS); do \
	  $(BIN)/papermill --cwd notebooks --log-level WARNING "$$nb" "$(EXECUTED)/$$(basename $$nb)" || exit 1; \
	done

study: figures notebooks ## The whole study: install, run the analysis, write figures/, execute the notebooks

test: install ## Run the tests (they also execute every notebook)
	$(BIN)/python -m pytest

bench: install ## Time the pipeline against bare VADER on 2,000, 20,000 and 100,000 synthetic articles (about an hour, 4 GB of memory), and compare the segmenters
	$(BIN)/python -m analysis.bench --articles 2000 20000 100000
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python benchmarks/segmenters.py

clean: ## Remove .venv and build/ (figures/ and seeds/ are kept)
	rm -rf $(VENV) build
