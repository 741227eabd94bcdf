# The few verbs people type. `make run` and `make test` work on a fresh clone with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SEED := $(sort $(wildcard fixtures/*.json))

.PHONY: install install-dev run test lint format check migrations-check seed export bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Two stamps: `make run` installs what production runs; tests and lint add the tools.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, seed an empty database and serve on 127.0.0.1:$(PORT) with DEBUG on
run: export DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_atlas --if-empty $(SEED)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: the whole test suite (DATABASE_URL picks the database; SQLite by default) in
## TEST_WORKERS processes (pytest-xdist; TEST_WORKERS=0 runs it in one). Work stealing keeps
## both busy while one runs the long schemathesis check (4 min against 5 min 16 s).
TEST_WORKERS ?= 2
test: install-dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## lint: ruff, then the layers (import-linter, contract in pyproject.toml)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: export DEBUG ?= 1
check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

## messages: collect the interface strings into locale/zh_Hans/LC_MESSAGES/django.po (new ones
## untranslated; write their Chinese there) and compile the .mo. Needs GNU gettext; the .mo is
## committed, so `make run` does not, and tests/i18n/test_catalogue.py checks the two agree.
messages: export DEBUG ?= 1
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

## seed: import the seed knowledge base into the configured database (upsert)
seed: export DEBUG ?= 1
seed: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_atlas $(SEED)

export: export DEBUG ?= 1
export: install
	$(BIN)/python manage.py export_atlas

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
