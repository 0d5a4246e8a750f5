# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000

.PHONY: run test lint setup clean

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

lint: setup
	$(BIN)/ruff check enablement tests app.py

clean:
	rm -rf $(VENV) .pytest_cache .coverage htmlcov
