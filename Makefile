# Samskap: `make demo` runs the app with demo data; `make test` passes every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SAMSKAP := $(BIN)/samskap
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup demo demo-reset test test-sqlite test-postgres lint format messages bench

help:
	@echo "make demo   set up, load the Trondheim demo and serve http://$(HOST):$(PORT)"
	@echo "make test   set up, run all tests on SQLite and PostgreSQL, plus the browser tests"
	@echo "make demo PORT=8080  serve on another port (HOST=0.0.0.0 to reach it from a phone on the network)"
	@echo "make demo-reset  delete the demo database and load the demo again from scratch"
	@echo "make bench  measure on a throwaway PostgreSQL and write docs/benchmarks.md (BENCH=\"export locks\" runs some, prints only)"
	@echo "make setup  install only;  make lint  ruff + import floors + migration check;  make messages  update .po files"

$(BIN)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	scripts/ensure-debs.sh npm:npm
	npm ci --no-audit --no-fund --silent
	touch $@

var/.translations: $(BIN)/.installed $(shell find src -name '*.po')
	scripts/ensure-debs.sh msgfmt:gettext
	cd src/samskap && ../../$(SAMSKAP) compilemessages --verbosity 0
	mkdir -p var && touch $@

var/.static: $(BIN)/.installed node_modules/.installed $(shell find src -path '*/static/*' -type f)
	$(SAMSKAP) collectstatic --noinput --verbosity 0
	touch $@

setup: $(BIN)/.installed node_modules/.installed var/.translations var/.static

demo: setup
	$(SAMSKAP) migrate --verbosity 0
	$(SAMSKAP) load_demo
	@echo "Samskap runs at http://$(HOST):$(PORT)/ (Ctrl+C stops it and its background worker)"
	@# The worker runs the background tasks (survey e-mail and SMS) next to the web server.
	export SAMSKAP_SITE_URL=http://$(HOST):$(PORT); \
	  $(SAMSKAP) db_worker --interval 5 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(SAMSKAP) runserver $(HOST):$(PORT)

# Deletes only the demo's SQLite database (var/samskap.sqlite3), never a DATABASE_URL elsewhere.
demo-reset:
	@case "$${DATABASE_URL:-sqlite}" in sqlite*) ;; *) echo "demo-reset only deletes the SQLite demo database; DATABASE_URL points elsewhere"; exit 1;; esac
	rm -f var/samskap.sqlite3 var/samskap.sqlite3-journal var/samskap.sqlite3-wal var/samskap.sqlite3-shm
	$(MAKE) --no-print-directory demo

test: setup
	scripts/ensure-debs.sh chromium:chromium pg_ctl:postgresql
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== Test suite on SQLite =="
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q

test-postgres:
	@echo "== Test suite and browser tests on PostgreSQL =="
	scripts/with-postgres.sh $(BIN)/pytest -q

bench: setup
	scripts/ensure-debs.sh pg_ctl:postgresql
	scripts/with-postgres.sh $(BIN)/python -m benchmarks $(if $(BENCH),--only $(BENCH))

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(SAMSKAP) makemigrations --check --dry-run
	$(MAKE) --no-print-directory messages
	@git diff --quiet -I 'POT-Creation-Date' -- '*.po' || { git diff --stat -- '*.po'; \
	  echo "Translation catalogues differ from the code: run make messages, translate, commit."; exit 1; }

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# One catalogue per language folder under each locale/ (nb everywhere; the citizen apps
# also nn, ar, uk, ...). A nested app with its own locale/ is left to its own run.
messages: $(BIN)/.installed
	scripts/ensure-debs.sh xgettext:gettext
	for locale in $$(find src/samskap -type d -name locale -not -path '*/node_modules/*' | sort); do \
	  dir=$$(dirname $$locale); \
	  languages=$$(for code in $$(ls $$locale); do printf -- '-l %s ' $$code; done); \
	  nested=$$(find $$dir -mindepth 2 -type d -name locale -printf '%h\n' | xargs -r -n1 basename | sed 's/^/--ignore=/'); \
	  (cd $$dir && $(CURDIR)/$(SAMSKAP) makemessages $$languages $$nested --no-obsolete --no-location --verbosity 0); \
	done
