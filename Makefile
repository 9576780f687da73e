# Klantwijs: `make run` serves it, `make test` runs the whole suite. Both set up everything they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
TRANSLATIONS := workshop/translations
SYSTEM_PACKAGES := chromium zbar-tools librsvg2-bin redis-server postgresql nginx openssl
# Debian packages the server itself needs: Pango (and a font) for WeasyPrint's toolkit PDF.
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
export FLASK_APP := wsgi

.PHONY: run test check lint install dev-install translations database system-packages runtime-packages screenshots bench extract-messages

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

# Compiled catalogs (.mo) are build output, not committed.
translations: $(VENV)/.installed
	$(PYBABEL) compile -d $(TRANSLATIONS)

# Re-extract the Dutch source texts and merge them into the English catalog.
extract-messages: $(VENV)/.dev-installed
	$(PYBABEL) extract -F babel.cfg -k lazy_gettext -k _l -o $(TRANSLATIONS)/messages.pot workshop participant facilitator exercises
	$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching

database: install translations
	$(VENV)/bin/flask db upgrade

run: database runtime-packages
	$(PY) wsgi.py

# Installs RUNTIME_PACKAGES that are missing (Debian); elsewhere install Pango yourself for the PDF hand-out.
runtime-packages:
	@command -v dpkg-query >/dev/null || exit 0; \
	missing=""; \
	for package in $(RUNTIME_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
			|| echo "WARNING: could not install$$missing; the toolkit PDF will not work"; \
	fi

# Debian packages the test suite starts for real: Chromium (browser journeys), zbar (QR decoding),
# librsvg (SVG to PNG), Redis (message queue), PostgreSQL (database by URL), nginx and openssl (the deployment
# test: TLS in front of two server processes, deploy/nginx/klantwijs.conf).
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	command -v rsvg-convert >/dev/null || missing="$$missing librsvg2-bin"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
			|| echo "WARNING: could not install$$missing; the tests that need them will fail"; \
	fi

# ruff: lint and import order over the whole tree (configuration in pyproject.toml); `make test` runs it first.
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

# One pytest worker per core and one more (the suite mostly waits on servers and browsers; on 2 cores 3 workers took
# 12 min against 14 min for 2, and make check 1 min 40 s with 3 against 1 min 55 s with 4 and 2 min 40 s with 2);
# TEST_WORKERS=1 for a serial run. A test file stays on one worker, so the servers and the browser a journey's file
# shares start once.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadfile

test: lint dev-install translations system-packages runtime-packages
	$(PY) -m pytest $(PYTEST_PARALLEL)

# The edit-test loop: lint and every test that needs no server subprocess, no browser, no Redis or PostgreSQL.
check: lint dev-install translations
	$(PY) -m pytest $(PYTEST_PARALLEL) -m "not services" --ignore=tests/e2e --ignore=tests/browser

screenshots: dev-install translations system-packages
	$(PY) -m pytest tests/browser/test_screenshots.py tests/browser/test_screenshot_scale.py tests/browser/test_screenshot_words.py tests/browser/test_screenshot_room.py --screenshots

bench: dev-install translations
	$(PY) bench/run.py
