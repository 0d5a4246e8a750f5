# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000

TEST_DATABASE_URL ?= postgresql+psycopg://hub:hub@127.0.0.1/hub_test

.PHONY: run test test-postgres lint setup clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(FLASK) db upgrade
	$(FLASK) setup
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/python -m pytest --cov --cov-report=term --cov-fail-under=90

# The same suite on a PostgreSQL server (see .ci/run for setting one up).
test-postgres: setup
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check enablement tests app.py

clean:
	rm -rf $(VENV) .pytest_cache .coverage htmlcov
