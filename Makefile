# Nastavnik: set-up, serving and checks. `make` alone lists the targets.
# Everything runs from a .venv that the first target to need it creates from the
# pinned requirements, so a clean clone needs only python3 and make.

PY := .venv/bin/python
PORT ?= 8000
DEMO ?= 1
VENV_STAMP := .venv/.installed

export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Debian packages the targets install themselves when missing (CI runs as root).
APT_INSTALL := apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q

# compilemessages needs GNU gettext's msgfmt; it compiles only our locale/
# (LOCALE_PATHS), never the catalogues shipped inside .venv's packages.
define compile-messages
@command -v msgfmt >/dev/null || { echo "msgfmt is missing: installing gettext"; $(APT_INSTALL) gettext; }
$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0
endef

.PHONY: help bootstrap print-tools run test test-dates test-postgres e2e bench messages compilemessages fmt clean

help:
	@echo "make run            set up, migrate, load the demo (DEMO=0 skips it) and serve on http://127.0.0.1:$(PORT)/"
	@echo "make test           lint, check migrations and run the test suite on SQLite"
	@echo "make test-dates     the test suite on the awkward days (1st of a month, 1 September, 31 December, 29 February…)"
	@echo "make test-postgres  the test suite on a throw-away PostgreSQL server"
	@echo "make e2e            browser tests in headless Chromium against the served app"
	@echo "make bench          the benchmarks in bench/: one table, bench/results.json"
	@echo "make messages       update locale/ru/LC_MESSAGES/django.po"
	@echo "make fmt            format Python (ruff) and templates (djhtml)"
	@echo "make clean          remove collected static files and caches (keeps the database)"

$(VENV_STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv .venv
	.venv/bin/pip install -q -r requirements-dev.txt
	touch $@

bootstrap: $(VENV_STAMP)

compilemessages: bootstrap
	$(compile-messages)

# No access log: personal links (consents, questionnaires) carry their token in
# the path, and a log of them would tie anonymous answers to people.
# The worker of background jobs (a municipality-sized matching run) runs beside
# gunicorn and stops with it. Ctrl-C reaches all of them and the trap sends both
# a SIGTERM too: told twice, the worker stops even in the middle of a job (a
# matching run is then marked failed, nothing of it saved). A SIGTERM to make
# alone, or gunicorn ending by itself, lets the worker finish its job first.
run: bootstrap
	$(compile-messages)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	@if [ "$(DEMO)" != 0 ]; then echo "$(PY) manage.py demo --if-empty"; $(PY) manage.py demo --if-empty; fi
	@echo "Serving Nastavnik on http://127.0.0.1:$(PORT)/ with its background worker (Ctrl-C stops both)"
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	.venv/bin/gunicorn nastavnik.wsgi --bind 127.0.0.1:$(PORT) --workers 2 & server=$$!; \
	trap 'kill -TERM $$server $$worker 2>/dev/null' INT TERM; \
	wait $$server; code=$$?; \
	kill -TERM $$worker 2>/dev/null; wait $$server $$worker; \
	exit $$code

# The print tests convert every DOCX and XLSX with LibreOffice and read the
# PDF with poppler: without them they would be skipped, so install them.
PRINT_TOOLS := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation
print-tools:
	@command -v soffice >/dev/null && command -v pdfinfo >/dev/null && test -e /usr/lib/libreoffice/program/libsclo.so && test -e /usr/lib/libreoffice/program/libswlo.so || { echo "LibreOffice or poppler is missing: installing $(PRINT_TOOLS)"; $(APT_INSTALL) $(PRINT_TOOLS); }

test: bootstrap print-tools
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djhtml --check templates nastavnik/*/templates
	$(PY) manage.py makemigrations --check --dry-run
	$(compile-messages)
	.venv/bin/pytest -q -n auto

# The clock of the whole run is pinned to each day in turn (TEST_TODAY, conftest.py).
test-dates: bootstrap
	bin/test-dates

test-postgres: bootstrap print-tools
	bin/test-postgres

# -c e2e/pytest.ini makes e2e/ the rootdir, so the Django conftest.py and the
# pytest-django options of pyproject.toml stay out of the browser tests.
e2e: bootstrap
	@test -x /usr/bin/chromium || { echo "/usr/bin/chromium is missing: installing Debian's chromium"; $(APT_INSTALL) chromium; }
	$(compile-messages)
	.venv/bin/pytest -q -p no:django -c e2e/pytest.ini e2e

# Each bench/bench_*.py and bench/pages.py runs on a throw-away SQLite database
# of its own, but bench_kpis_postgres.py on a throw-away PostgreSQL server
# started as bin/test-postgres starts one (bench/serving.py, Debian's
# postgresql installed when missing); pages.py loads the served pages with
# Debian's wrk.
# BENCH_SHORT=1 (CI) runs them short and fails only on a broken benchmark.
bench: bootstrap
	@command -v wrk >/dev/null || { echo "wrk is missing: installing Debian's wrk"; $(APT_INSTALL) wrk; }
	$(compile-messages)
	$(PY) bench/run.py

messages: bootstrap
	$(PY) manage.py makemessages -l ru -i .venv -i var -i e2e

fmt: bootstrap
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
	.venv/bin/djhtml templates nastavnik/*/templates

clean:
	rm -rf var/static .pytest_cache .ruff_cache e2e/.pytest_cache
	find . -path ./.venv -prune -o -type d -name __pycache__ -exec rm -rf {} +
