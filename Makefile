# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000

TEST_DATABASE_URL ?= postgresql+psycopg://hub:hub@127.0.0.1/hub_test

.PHONY: run test test-postgres faults contract security e2e lint setup clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

# The web server and the worker (news polling, reminders, the search outbox) together; one Ctrl-C
# stops both, and the worker stops too when the web server exits on its own.
run: setup
	$(FLASK) db upgrade
	$(FLASK) setup
	@echo "Starting the worker and the web server; Ctrl-C stops both."
	@$(FLASK) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 130' INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup
	$(BIN)/python -m pytest --cov --cov-report=term --cov-fail-under=90

# The same suite on a PostgreSQL server (see .ci/run for setting one up).
test-postgres: setup
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest

# Real gunicorn and worker processes broken on purpose (killed, read-only index, full disk,
# PostgreSQL restarted), on SQLite and on PostgreSQL. Some need root: CI runs as root.
FAULT_TESTS := tests/test_faults.py tests/test_multihost.py tests/webhooks/test_processes.py
faults: setup
	$(BIN)/python -m pytest -m faults -rfEsx $(FAULT_TESTS)
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest -m faults -rfEsx $(FAULT_TESTS)

# Schemathesis reads only /api/v1/openapi.json and fuzzes a served hub with it (15 examples per
# operation, as a marketing user and as an admin): any server error, undocumented status code or
# content type, or response off its schema fails. On SQLite and on PostgreSQL (32-bit ids).
contract: setup
	$(BIN)/python -m pytest -m contract -rfEs tests/api/test_contract.py
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest -m contract -rfEs tests/api/test_contract.py

# Static security review; each finding left is justified by a `# nosec BXXX - reason` comment.
security: setup
	$(BIN)/bandit -r enablement -q

# Browser journeys in headless Chromium against a served hub, with axe-core, the Nu Html Checker
# and server-time checks on every page (tests/e2e). Needs Debian's chromium and a Java runtime
# (.ci/run installs both); vnu.jar comes from npm into node_modules/ (--ignore-scripts: its
# postinstall would download a Java). Screenshots and the report land in test-artifacts/.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

e2e: setup node_modules/.installed
	$(BIN)/python -m pytest tests/e2e -m e2e -rfEs

lint: setup
	$(BIN)/ruff check enablement tests app.py

clean:
	rm -rf $(VENV) .pytest_cache .coverage htmlcov node_modules test-artifacts
