# Broadsheet: the front door. `make run` and `make test` are all a new user needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := broadsheet.settings

.PHONY: run test demo lint format bench audit install install-dev migrate static lock clean vendor-hls

# The site's own packages (what production installs), then tests and tooling on top for development.
$(BIN)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

install-dev: $(BIN)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

# Sets everything up, then serves the site and runs the task worker and the publishing scheduler
# together; Ctrl-C stops all three. Quiet unless something goes wrong (LOG_LEVEL=INFO shows each
# task and request); the addresses and login are printed last, again once the server answers.
# SITE_URL follows HOST and PORT unless you set it, and the demo Site's host follows SITE_URL.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install static
	@command -v espeak-ng >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq espeak-ng >/dev/null 2>&1; } \
	  || echo "  Article audio is off until espeak-ng is installed: sudo apt-get install -y espeak-ng"
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py build_demo --if-empty
	@$(PY) manage.py index_articles --if-empty
	@$(PY) manage.py ensure_site
	@$(PY) manage.py ensure_admin
	@$(PY) manage.py serve --host $(HOST) --port $(PORT)

# The same demo newsroom every time on an empty database; SIZE=100000 adds generated articles.
demo: migrate
	$(PY) manage.py build_demo --size $${SIZE:-0}

# Tests keep their cache apart from the development server's. Two phases: the in-process tests on
# TEST_WORKERS parallel workers (each with its own database and cache), then the tests that drive
# browsers and running servers (marked `serial` by tests/conftest.py) on SERIAL_WORKERS workers,
# which reuse the first phase's databases: each file on one worker, and the files that load the
# machine or time a promise in seconds one after another on one worker (MACHINE_FILES in conftest).
# Both phases always run; the target fails if either did. TEST_MARKERS narrows both (CI's
# second leg runs only what depends on the database and cache backends). Exit 5 is pytest's "no
# test selected", which a narrowed phase may rightly be.
TEST_WORKERS ?= 2
SERIAL_WORKERS ?= 2
TEST_MARKERS ?=
TEST_ENV := CACHE_DIR=$(CURDIR)/var/test-cache
test: install-dev
	@status=0; \
	echo "== tests, parallel phase ($(TEST_WORKERS) workers)"; \
	$(TEST_ENV) $(BIN)/pytest -n $(TEST_WORKERS) -m "not serial$(if $(TEST_MARKERS), and ($(TEST_MARKERS)))" --durations=15 $(PYTEST_ARGS); \
	code=$$?; [ $$code = 0 ] || [ $$code = 5 ] || status=1; \
	echo "== tests, serial phase"; \
	$(TEST_ENV) $(BIN)/pytest -n $(SERIAL_WORKERS) --dist loadfile -m "serial$(if $(TEST_MARKERS), and ($(TEST_MARKERS)))" --durations=25 $(filter-out --create-db,$(PYTEST_ARGS)); \
	code=$$?; [ $$code = 0 ] || [ $$code = 5 ] || status=1; \
	exit $$status

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(git ls-files 'broadsheet/**/*.html')
	$(PY) manage.py makemigrations --check --dry-run
# Security linter: medium and high findings fail; a deliberate one carries `# nosec B<id>: why`.
	$(BIN)/bandit --quiet --recursive broadsheet --severity-level medium

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(git ls-files 'broadsheet/**/*.html')

bench: install-dev
	$(PY) -m bench.run

# Listen Live's HLS player for browsers without native HLS: hls.js from the npm registry, kept in
# the repository (Apache-2.0, its licence beside it). The source-map comment is dropped: the map is
# not shipped, and the manifest static storage would refuse a reference to a missing file.
HLS_JS_VERSION := 1.7.4
HLS_JS_DIR := broadsheet/listen/static/listen/vendor
vendor-hls:
	rm -rf /tmp/broadsheet-hls && mkdir -p /tmp/broadsheet-hls
	cd /tmp/broadsheet-hls && npm pack --silent hls.js@$(HLS_JS_VERSION) >/dev/null && tar xzf hls.js-$(HLS_JS_VERSION).tgz
	mkdir -p $(HLS_JS_DIR)
	grep -v '^//# sourceMappingURL=' /tmp/broadsheet-hls/package/dist/hls.light.min.js > $(HLS_JS_DIR)/hls.light.min.js
	cp /tmp/broadsheet-hls/package/LICENSE $(HLS_JS_DIR)/hls.js-LICENSE.txt
	sha256sum /tmp/broadsheet-hls/hls.js-$(HLS_JS_VERSION).tgz

# Lighthouse and axe-core, pinned in audit/package-lock.json, installed into audit/node_modules
# (gitignored); the audit runs them in Debian's Chromium against a throwaway demo site.
CHROME_PATH ?= /usr/bin/chromium
audit/node_modules/.installed: audit/package.json audit/package-lock.json
	npm ci --prefix audit --no-audit --no-fund --loglevel=error
	touch $@

audit: install-dev audit/node_modules/.installed
	CHROME_PATH=$(CHROME_PATH) $(PY) -m audit.run

# Re-pin every dependency: the runtime from requirements.in, then tests and tooling on top of it.
lock:
	rm -rf /tmp/broadsheet-lock && $(PYTHON) -m venv /tmp/broadsheet-lock
	/tmp/broadsheet-lock/bin/pip install --quiet -r requirements.in
	(echo "# Pinned by 'make lock' from requirements.in: what the site needs to run (production installs this alone)."; \
	 /tmp/broadsheet-lock/bin/pip freeze) > requirements.txt
	/tmp/broadsheet-lock/bin/pip freeze > /tmp/broadsheet-lock/runtime.txt
	/tmp/broadsheet-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "# Pinned by 'make lock' from requirements-dev.in: tests and tooling, on top of requirements.txt."; \
	 echo "-r requirements.txt"; \
	 /tmp/broadsheet-lock/bin/pip freeze | grep -vxFf /tmp/broadsheet-lock/runtime.txt) > requirements-dev.txt

clean:
	rm -rf var/cache var/static
