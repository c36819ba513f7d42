# ctdb — the two commands a newcomer needs are `make run` and `make test`.
# Both start with `make setup`: virtualenv, install, PostgreSQL, migrations, seed data.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup install db migrate seed run serve test stop lint format bench backup restore replica clean

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

# The benchmarks' own tools (locust), never installed by `make test`.
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

db: install
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m ctdb.localdb start; else echo "Using DATABASE_URL."; fi

migrate: db
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) load_seed

# Both servers start the background worker (long imports, bulk actions), which keeps running
# until `make stop`; its log is .pgdata/worker.log. The server runs in the foreground (Ctrl-C
# stops it) and records itself in .pgdata/server.pid, so that `make stop` stops it too.
run: setup
	$(MANAGE) ensure_admin --url http://$(HOST):$(PORT)/admin/
	$(PY) -m ctdb.worker start
	$(PY) -m ctdb.server run $(MANAGE) runserver $(HOST):$(PORT)

# The production server (gunicorn + whitenoise, production settings) on this
# machine over plain HTTP: a local secret key is kept in .pgdata/secret_key.
# Threaded workers: a download of every figure streams for longer than
# gunicorn's 30-second timeout, which only a threaded worker survives.
serve: setup
	$(MANAGE) ensure_admin --url http://$(HOST):$(PORT)/admin/
	@test -s .pgdata/secret_key || $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > .pgdata/secret_key
	SECRET_KEY=$$(cat .pgdata/secret_key) DJANGO_SETTINGS_MODULE=ctdb.settings.prod \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} CTDB_HTTPS=$${CTDB_HTTPS:-0} \
		$(PY) manage.py collectstatic --noinput -v0
	SECRET_KEY=$$(cat .pgdata/secret_key) DJANGO_SETTINGS_MODULE=ctdb.settings.prod \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} CTDB_HTTPS=$${CTDB_HTTPS:-0} \
		$(PY) -m ctdb.worker start
	SECRET_KEY=$$(cat .pgdata/secret_key) DJANGO_SETTINGS_MODULE=ctdb.settings.prod \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} CTDB_HTTPS=$${CTDB_HTTPS:-0} \
		$(PY) -m ctdb.server run $(BIN)/gunicorn ctdb.wsgi --bind $(HOST):$(PORT) \
			--workers $${WORKERS:-3} --threads $${THREADS:-4} --access-logfile -

# A streaming replica of the local cluster, for trying DATABASE_REPLICA_URL.
replica: db
	$(PY) -m ctdb.localdb replica

# A full dump of the database (pg_dump custom format) into backups/, and back.
backup: db
	@mkdir -p backups
	$(PY) -m ctdb.backup dump backups/ctdb-$$(date +%Y%m%d-%H%M%S).dump

restore: db
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/ctdb-….dump"; exit 2; }
	$(PY) -m ctdb.backup restore $(FILE)

# The layers and the style are checked before any test runs, so CI fails on a new circle.
test: lint setup
	@.ci/install-browser
	$(BIN)/pytest

# Everything make run and make serve start: the web server (and its reloader's
# child), the background worker, then the database they use.
stop:
	@if [ -x $(PY) ]; then $(PY) -m ctdb.server stop; $(PY) -m ctdb.worker stop; \
		$(PY) -m ctdb.localdb stop; fi

# ruff, then the import-linter contracts in .importlinter (the layers of apps/).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup $(BENCH_STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: stop
	rm -rf $(VENV) .pgdata
