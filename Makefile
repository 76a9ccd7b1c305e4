# kompetensnav: `make run` (demo on SQLite) and `make test` (the whole suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help

-include .env
export

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
# Compiled bytecode is kept: without it every command and test worker compiles ~1,300
# modules first (5 s each time). A machine that sets PYTHONDONTWRITEBYTECODE does not stop it.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help install install-system messages migrate demo run worker test test-sqlite test-postgres lint typecheck lock clean bench

help:
	@echo "make run    set up and start kompetensnav with demo data on http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run every test (SQLite, PostgreSQL, browser, API fuzzing)"
	@echo "make bench  the national-scale benchmark at 1 % and 10 % (not part of make test)"

# --- Python environment (idempotent: reinstalls only when the lock file changes) ---
$(VENV)/.installed: requirements.lock
	@PYTHON_BIN=$${PYTHON:-$$(scripts/find-python)} || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PYTHON_BIN"; "$$PYTHON_BIN" -m venv $(VENV); fi
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || \
		{ echo "$(VENV) uses Python < 3.12; remove it (rm -rf $(VENV)) and run make again."; exit 1; }
	@[ -x $(UV) ] || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV) pip sync --quiet --compile-bytecode --python $(PY) requirements.lock
	@touch $@

install: $(VENV)/.installed

# --- Debian packages the tests need (PostgreSQL, Chromium, PDF tools, gettext, fonts) ---
install-system:
	@scripts/install-system-packages

# --- translations: compile locale/*/django.po (needs msgfmt from gettext) ---
messages: install
	@command -v msgfmt >/dev/null || scripts/install-system-packages gettext
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install messages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable

demo: migrate
	@DEBUG=true $(PY) manage.py seed_demo --if-empty

run: demo
	@echo ""
	@echo "  kompetensnav: http://127.0.0.1:$(PORT)/"
	@echo "  Demo logins (password: kompetensnav-demo):"
	@echo "    samordnare@demo.kompetensnav.se  (network coordinator)"
	@echo "    maklare@demo.kompetensnav.se     (competence broker)"
	@echo "    anordnare@demo.kompetensnav.se   (course provider)"
	@echo "    styrelse@demo.kompetensnav.se    (board)"
	@echo ""
	@DEBUG=true $(PY) manage.py db_worker --no-reload --interval 2 -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

worker: install
	$(PY) manage.py db_worker

# --- tests ---
node_modules/.installed: package.json
	@command -v npm >/dev/null || scripts/install-system-packages npm
	npm install --no-audit --no-fund --no-package-lock --loglevel=error
	@touch $@

test:
	@$(MAKE) --no-print-directory -j 3 install install-system node_modules/.installed
	@$(MAKE) --no-print-directory messages lint
	@scripts/test-all

test-sqlite: install messages
	$(PY) -m pytest

lint: install typecheck
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run -v 0

# mypy with the Django plugin on the services, selectors and common (scope in pyproject.toml)
typecheck: install
	$(VENV)/bin/mypy

# Regenerate requirements.lock after changing pyproject.toml (uv.lock stays out of git).
lock: install
	$(UV) lock --python $(PY)
	$(UV) export --frozen --all-groups --no-hashes --no-annotate --no-emit-project -o requirements.lock

clean:
	rm -rf $(VENV) node_modules staticfiles

# --- the national-scale benchmark (bench/national/run.py; not part of `make test`) ---
BENCH_SCALES ?= 0.01 0.1
BENCH_SECONDS ?= 5
BENCH_OPTIONS ?=
bench: install messages
	@$(MAKE) --no-print-directory install-system
	@export PG_TEST_PORT=$$($(PY) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	export PG_TEST_DIR=/tmp/kompetensnav-bench-$$PG_TEST_PORT; \
	scripts/pg-test-cluster start || exit 1; \
	trap 'scripts/pg-test-cluster stop' EXIT; \
	$(PY) -m bench.national.run --server postgres://postgres@127.0.0.1:$$PG_TEST_PORT \
		--scales $(BENCH_SCALES) --seconds $(BENCH_SECONDS) $(BENCH_OPTIONS)
