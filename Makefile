# Two commands: `make run` serves the app with demo data; `make test` runs the whole suite.
# Everything they need is installed from the project's own files (pyproject.toml, package-lock.json).

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
CELERY_LOG ?= INFO

.PHONY: help install run web worker beat migrate seed admin test test-tools browser lint messages bench lighthouse backup restore clean

help:
	@echo "make run    set up, load demo data, serve http://$(HOST):$(PORT)/ with the task worker and scheduler"
	@echo "make test   set up and run the whole suite (SQLite by default; PostgreSQL with DATABASE_URL)"
	@echo "make bench  the statewide benchmark (needs DATABASE_URL)"
	@echo "make lighthouse  Lighthouse scores of three phone pages (PostgreSQL)"
	@echo "make backup / make restore FILE=...  an encrypted backup, and restoring one into an empty database"
	@echo "make admin  create the first admin of a new installation (asks for an email and a password)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(INSTALLED)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# The first admin of a new installation: asks for an email and a password (manage.py createadmin --help).
admin: migrate
	$(BIN)/python manage.py createadmin

# The web server in the foreground; the worker and the scheduler beside it, stopped with it.
run: seed
	@echo ""
	@echo "  Coalition CRM: http://$(HOST):$(PORT)/"
	@echo "  Demo accounts (password: organize-illinois-2026):"
	@echo "    admin@demo.coalition.test              admin"
	@echo "    staff@demo.coalition.test              staff"
	@echo "    chicago.organizer@demo.coalition.test  regional organizer, Chicago"
	@echo "    central.organizer@demo.coalition.test  regional organizer, Central"
	@echo "    partner@demo.coalition.test            partner representative (Chicago 400 Alliance table)"
	@echo "    member@demo.coalition.test             member"
	@echo "  Tasks: $${REDIS_URL:+Celery on Redis}$${REDIS_URL:-Celery on the filesystem broker (no Redis needed)}"
	@echo ""
	@trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	  $(MAKE) --no-print-directory worker & \
	  $(MAKE) --no-print-directory beat & \
	  $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

# The same commands run the production-like stack in docker-compose.yml.
web: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py check --database default --fail-level ERROR
	$(BIN)/gunicorn coalition.wsgi:application --bind $${WEB_BIND:-0.0.0.0:8000} --workers $${WEB_WORKERS:-2} --access-logfile -

worker: install
	$(BIN)/celery -A coalition worker --loglevel=$(CELERY_LOG) --concurrency=$${CELERY_CONCURRENCY:-2}

beat: install
	mkdir -p var
	$(BIN)/celery -A coalition beat --loglevel=$(CELERY_LOG) --schedule=var/celerybeat-schedule

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests, Java for the Nu HTML checker, and PgBouncer for the test that runs the
# app behind a transaction-mode pooler (installed once, as root).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! command -v java >/dev/null || [ ! -x /usr/sbin/pgbouncer ]; then \
	  echo "Installing Chromium, Java and PgBouncer from Debian's packages"; \
	  apt-get update -qq && apt-get install -y -qq chromium default-jre-headless pgbouncer >/dev/null; \
	fi

test-tools: install $(NODE_INSTALLED) browser

test: test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Python style, types of the services, selectors, policy and tasks, the templates, and the import contracts.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/djlint templates/ --lint
	$(BIN)/lint-imports

# Spanish: extract strings (needs gettext), then compile the catalogue we commit.
messages: install
	$(BIN)/python manage.py makemessages -l es --no-obsolete --ignore=.venv --ignore=tests --ignore=node_modules --ignore=var
	$(BIN)/python manage.py compilemessages --ignore=.venv

# The statewide benchmark: PostgreSQL only; it recreates a database whose name contains 'bench' (README).
bench: install
	$(BIN)/python -m bench.run

# An encrypted backup of the database and uploaded files into BACKUP_DIR (needs BACKUP_KEY), and bringing one
# back into a new, empty database: make restore FILE=var/backups/coalition-....backup
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=path/to/coalition-....backup"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"

# Lighthouse 12 (mobile) on the public event page, the people list and the log-a-contact page (PostgreSQL;
# it recreates coalition_lighthouse_bench). Scores go to bench/lighthouse.json.
lighthouse: test-tools
	$(BIN)/python -m bench.lighthouse

clean:
	rm -rf var .pytest_cache
