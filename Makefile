# ECO Net Tokyo 62 — every task a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The first Python 3.12+ on PATH (pyenv picks 3.12 from .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install system-packages run serve seed test test-embedded test-services test-crawl test-fast screenshots lint format check messages compilemessages bench worker clean

help: ## List every target
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (none found on PATH)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

install: $(INSTALLED) ## Create .venv and install the project with its locked dependencies

system-packages: ## Debian packages the tests and the benchmark need (Chromium, fonts, Pango, gettext, wrk)
	@bash scripts/install_system_packages.sh

run: install ## Install, migrate, load demo content and serve at http://127.0.0.1:8000/
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo
	@echo "Serving ECO Net Tokyo 62 at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

seed: install ## Load demo content again (idempotent)
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo

worker: install ## Run a Celery worker with beat (needs REDIS_URL)
	$(BIN)/celery -A eco62 worker --beat --loglevel=info

check: install ## Django system checks, migrations in step with models, ruff
	DEBUG=$${DEBUG:-true} $(PY) manage.py check
	DEBUG=$${DEBUG:-true} $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Tests that need a real PostgreSQL or Redis; the embedded run leaves them to the services run.
SERVICE_MARKERS := postgres or worker or redis or topology
# Two processes for the embedded run (SQLite in memory and a local cache per process, so they
# share nothing); the services run stays in one, as its tests share the one Redis database.
EMBEDDED_WORKERS ?= 2

test: system-packages check ## Every check; the suite on the embedded default, and on PostgreSQL + Redis when DATABASE_URL/REDIS_URL are set
	@if [ -n "$$DATABASE_URL" ] && [ -n "$$REDIS_URL" ]; then \
		$(MAKE) --no-print-directory test-embedded PYTEST_ARGS='-m "not ($(SERVICE_MARKERS))"' && \
		$(MAKE) --no-print-directory test-services; \
	else \
		echo "DATABASE_URL/REDIS_URL not set: the embedded run only; tests that need them skip."; \
		$(MAKE) --no-print-directory test-embedded; \
	fi

test-embedded: install ## The suite on the embedded default: SQLite, no Redis, tasks run eagerly
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest -n $(EMBEDDED_WORKERS) $(PYTEST_ARGS)

test-services: install ## The whole suite on PostgreSQL + Redis (needs DATABASE_URL and REDIS_URL)
	@test -n "$$DATABASE_URL" && test -n "$$REDIS_URL" || { echo "Set DATABASE_URL and REDIS_URL (see docs/testing.md)."; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

test-crawl: install ## Crawl every public page of the demo data in Japanese and English (embedded default)
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest tests/core/test_crawl.py -q $(PYTEST_ARGS)

test-fast: install ## The test suite without browser and worker tests
	$(BIN)/pytest -m "not browser and not worker" -x -q

screenshots: install ## Screenshots of every public page kind, ja and en, at 360 and 1280 px, in screenshots/
	SWEEP_SCREENSHOTS=screenshots env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest tests/browser/test_phone_sweep.py -q -s -p no:randomly -n 0

lint: install ## ruff lint
	$(BIN)/ruff check .

format: install ## ruff format and fix imports
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

messages: install ## Update the ja/en catalogs of every app and the site (needs GNU gettext)
	DEBUG=true $(PY) manage.py update_catalogs

compilemessages: install ## Compile the .po catalogs to the committed .mo files (needs GNU gettext)
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

SCALE ?= large
bench: system-packages install ## Measure pages, a mixed workload, a phone on Slow 4G and background jobs (SCALE=large or xlarge; writes docs/benchmarks.md)
	$(PY) scripts/bench.py --scale $(SCALE)

clean: ## Remove the virtualenv and the embedded database
	rm -rf $(VENV) var
