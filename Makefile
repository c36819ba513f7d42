# ctdb — the two commands a newcomer needs are `make run` and `make test`.
# Both start with `make setup`: virtualenv, install, PostgreSQL, migrations, seed data.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup install db migrate seed run test stop lint format bench clean

setup: install db migrate seed

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if [ -z "$$DATABASE_URL" ] && ! $(PY) -c 'import sys; from ctdb.localdb import find_bindir; sys.exit(find_bindir() is None)'; then \
		echo "No PostgreSQL binaries on this machine: installing the embedded server from PyPI."; \
		$(PY) -m pip install --quiet -e '.[dev,embedded-pg]'; \
	fi
	touch $(STAMP)

install: $(STAMP)

db: install
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m ctdb.localdb start; else echo "Using DATABASE_URL."; fi

migrate: db
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) load_seed

run: setup
	$(MANAGE) ensure_admin
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup
	$(BIN)/pytest

stop:
	@if [ -x $(PY) ]; then $(PY) -m ctdb.localdb stop; fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: stop
	rm -rf $(VENV) .pgdata
