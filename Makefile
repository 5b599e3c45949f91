# Two commands on a fresh machine:
#   make run    sets up, migrates SQLite, loads the demo, serves http://127.0.0.1:8000 (PORT=...)
#   make test   sets up and runs the whole suite
VENV := .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: setup run test lint bench messages

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt scripts/install-system-packages.sh
	bash scripts/install-system-packages.sh
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

run: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py seed_demo
	PORT=$(PORT) bash scripts/run-demo.sh

test: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(PYTHON) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .

# Figures at scale, on PostgreSQL by default (BENCH_DATABASE_URL= for SQLite).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/returns_bench
bench: setup
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) -m bench

# Refresh the Arabic and Russian catalogues after changing user-facing strings.
messages: setup
	$(PYTHON) manage.py makemessages -l ar -l ru --no-obsolete --ignore=.venv --ignore=tests
	$(PYTHON) manage.py compilemessages --ignore=.venv
