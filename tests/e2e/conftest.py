"""Browser journeys against the real hub: a server on 127.0.0.1 with the demo company, Debian's
Chromium driven by Playwright, axe-core and the Nu Html Checker on every page.

`make e2e` installs what this needs (Playwright, axe for Python, vnu.jar from npm); Chromium and
Java come from Debian's packages (`.ci/run` installs them). On CI (CI=true) anything missing is an
error; on a developer's machine a missing Chromium skips the suite and a missing checker is
reported loudly at the end.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.e2e.server import REPO, HubServer

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "test-artifacts"
ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

_report = None  # set by the `report` fixture, read by the terminal summary
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before `-m "not e2e"` (pyproject's addopts) deselects
def pytest_collection_modifyitems(items):
    """Everything here is marked e2e: `make test` leaves it out, `make e2e` runs only it."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def _missing(what: str) -> None:
    if ON_CI:
        pytest.fail(f"{what} (CI=true: the browser suite must run here)", pytrace=False)
    pytest.skip(what)


@pytest.fixture(autouse=True)
def fast_password_hashing():
    """Overrides the unit suite's fixture: the hub runs in its own process with real hashing."""


@pytest.fixture(scope="session")
def playwright_api():
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (make e2e installs the dev extras)")
    manager = sync_playwright().start()
    yield manager
    manager.stop()


@pytest.fixture(scope="session")
def browser(playwright_api):
    # Playwright starts Chromium on a fresh temporary profile (--user-data-dir) of its own and
    # removes it on close; each journey then gets its own context (cookies, storage).
    browser = playwright_api.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def hub(tmp_path_factory):
    server = HubServer(tmp_path_factory.mktemp("hub"))
    server.prepare()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def report():
    global _report
    from tests.e2e.checks import Report

    _report = Report(ARTIFACTS)
    yield _report
    _report.write()


@pytest.fixture(scope="session")
def html_checker(report):
    from tests.e2e.checks import HtmlChecker

    java = shutil.which("java")
    problem = ("no java on PATH (apt-get install -y default-jre-headless)" if not java
               else None if VNU_JAR.exists()
               else f"no {VNU_JAR.relative_to(REPO)} (make e2e installs it with npm)")
    if problem:
        if ON_CI:
            pytest.fail(f"cannot check HTML validity: {problem}", pytrace=False)
        report.vnu_missing = problem
        yield None
        return
    checker = HtmlChecker(VNU_JAR, java)
    try:
        checker.wait()
        yield checker
    finally:
        checker.stop()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def journey(request, browser, hub, axe, html_checker, report):
    """`journey(role)`: a signed-in person in their own browser context, whose pages are checked.

    Screenshots go to test-artifacts/screenshots/<test name>[-<role>]/.
    """
    from tests.e2e.checks import DESKTOP, Journey

    contexts, people = [], []

    def start(role: str | None = None, *, permissions: tuple[str, ...] = ()) -> Journey:
        context = browser.new_context(
            viewport=DESKTOP, accept_downloads=True, permissions=list(permissions),
            locale="en-US", timezone_id="UTC",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        name = re.sub(r"[^A-Za-z0-9_]+", "-", request.node.name.removeprefix("test_"))
        name += f"-{role}" if role else ""
        person = Journey(name, context, hub, axe, html_checker, report,
                         ARTIFACTS / "screenshots")
        people.append(person)
        if role:
            person.login(role)
        return person

    yield start
    for context in contexts:
        context.close()
    failures = [failure for person in people for failure in person.failures]
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if _report is None or not _report.results:
        return
    path = _report.write()
    write = terminalreporter.write_line
    terminalreporter.section("browser journeys")
    if _report.vnu_missing:
        terminalreporter.write_line(f"HTML VALIDITY NOT CHECKED: {_report.vnu_missing}",
                                    red=True, bold=True)
    for line in _report.axe_table() + [""] + _report.timing_table():
        write(line)
    write(f"Report: {path.relative_to(REPO)}; screenshots: test-artifacts/screenshots/")
    # CI keeps only the start and the end of a long log: say why each journey failed last.
    for failed in terminalreporter.stats.get("failed", []):
        terminalreporter.section(f"why {failed.nodeid} failed", red=True)
        lines = failed.longreprtext.splitlines()
        for line in ([line for line in lines if line.startswith("E ")] or lines)[-30:]:
            write(line)
