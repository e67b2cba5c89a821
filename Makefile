# Broadsheet: the front door. `make run` and `make test` are all a new user needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := broadsheet.settings

.PHONY: run test demo lint format bench install migrate static lock clean

$(BIN)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Sets everything up, then serves the site and runs the task worker and the publishing scheduler
# together; Ctrl-C stops all three.
run: migrate static
	$(PY) manage.py build_demo --if-empty
	$(PY) manage.py ensure_admin
	@echo ""
	@echo "  Reader site:  http://$(HOST):$(PORT)/"
	@echo "  Back office:  http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

# The same demo newsroom every time on an empty database; SIZE=100000 adds generated articles.
demo: migrate
	$(PY) manage.py build_demo --size $${SIZE:-0}

# Tests keep their cache apart from the development server's.
test: install
	CACHE_DIR=$(CURDIR)/var/test-cache $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(git ls-files 'broadsheet/**/*.html')
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(git ls-files 'broadsheet/**/*.html')

bench: install
	$(PY) bench/run.py

# Re-pin every dependency from requirements.in.
lock:
	rm -rf /tmp/broadsheet-lock && $(PYTHON) -m venv /tmp/broadsheet-lock
	/tmp/broadsheet-lock/bin/pip install --quiet -r requirements.in
	(echo "# Pinned by 'make lock' from requirements.in; install with pip install -r requirements.txt"; \
	 /tmp/broadsheet-lock/bin/pip freeze) > requirements.txt

clean:
	rm -rf var/cache var/static
