"""What every page of a journey must pass, and the record of it that the run keeps.

For each page: the served HTML is valid (Nu Html Checker) and has no inline script or style, axe
finds no serious or critical accessibility problem, the browser logged no error (a blocked inline
script or style, a missing file, a script error), nothing is wider than a phone, and every request
the page took answered within the server-time budget. Screenshots at desktop and phone widths go
to test-artifacts/screenshots/ so a person can look at them.
"""

from __future__ import annotations

import functools
import json
import os
import re
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from werkzeug.security import check_password_hash, generate_password_hash

from tests.e2e.server import PASSWORD, USERS, HubServer, LoggedRequest, free_port

SERVER_BUDGET_MS = 300
# Uploading a document reads its text in a fresh, resource-limited Python process (assets/
# extraction.py): a hostile file then costs a child process, never the web worker. Starting that
# process is most of an upload's time, so uploads get a budget of their own.
UPLOAD_BUDGET_MS = 1500


# The asset form saves the documents chosen with it (issue 16): its POSTs may be uploads too.
_UPLOADS = re.compile(r"/assets/(\d+/attachments|new/\w+|\d+/edit)")


# Sign-in, adding a user, a user's page (role, password reset): one password hash each.
_PASSWORD_HASHING = re.compile(r"/login|/admin/users/(new|\d+)")


def budget_ms(method: str, path: str) -> float:
    if method == "POST" and _UPLOADS.fullmatch(path):
        return UPLOAD_BUDGET_MS
    if method == "POST" and _PASSWORD_HASHING.fullmatch(path):
        # A sign-in checks one scrypt password hash and adding a user or setting a password makes
        # one, slow on purpose: 90 ms on this machine when it is quiet, 400 ms when six sessions
        # share its two cores. The budget is for the hub's own work on top of that hash, timed
        # here and now with the same parameters.
        return SERVER_BUDGET_MS + password_hash_ms()
    return SERVER_BUDGET_MS


def password_hash_ms() -> float:
    """The best of three checks of a password against werkzeug's default hash, in ms."""
    stored = generate_password_hash(PASSWORD)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        check_password_hash(stored, PASSWORD)
        times.append((time.perf_counter() - started) * 1000)
    return min(times)
# E2E_KEEP_GOING=1: check every page of a journey and fail at its end, to see all problems at once.
KEEP_GOING = os.environ.get("E2E_KEEP_GOING", "") not in ("", "0")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")

# Collects Content-Security-Policy violations in every page (init scripts are exempt from the CSP).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}` +
    (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : ""));
});
"""

# Elements that stick out past the right edge of the viewport (what makes a phone page scroll
# sideways). Children of a scroll container (.table-responsive) don't count: that is the fix.
OVERFLOW_PROBE = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let p = el.parentElement, scrolled = false;
    while (p && p !== document.body) {
      const style = getComputedStyle(p);
      if (["auto", "scroll", "hidden"].includes(style.overflowX)) { scrolled = true; break; }
      p = p.parentElement;
    }
    if (scrolled) continue;
    const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      classes.filter(Boolean).map((c) => "." + c).join("");
    out.push(`${name} ends at ${Math.round(box.right)}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}
"""


# ---------------------------------------------------------------------------------------------
# Inline code: the CSP is script-src 'self'; style-src 'self', so none may be served at all.

class _InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'style="{value}" on <{tag}> at line {self.getpos()[0]}')
            elif name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}> at line {self.getpos()[0]}")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"javascript: URL on <{tag}> at line {self.getpos()[0]}")


def inline_code(html: str) -> list[str]:
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


# ---------------------------------------------------------------------------------------------
# The Nu Html Checker, run once as a local HTTP service so each page costs milliseconds.

class HtmlChecker:
    """vnu.jar from npm (`make e2e` installs it into node_modules), listening on 127.0.0.1."""

    def __init__(self, jar: Path, java: str = "java"):
        self.port = free_port()
        self.process = subprocess.Popen(
            [java, "-Xss4m", "-Dnu.validator.servlet.bind-address=127.0.0.1",
             "-cp", str(jar), "nu.validator.servlet.Main", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}/?out=json"

    def wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Nu Html Checker exited at start")
            try:
                self.messages("<!doctype html><html lang=en><title>t</title>")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        raise RuntimeError(f"the Nu Html Checker did not answer in {seconds:.0f}s")

    def messages(self, html: str) -> list[dict]:
        request = urllib.request.Request(
            self.url, data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"}, method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["messages"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def describe_axe_node(node: dict) -> str:
    """Where the problem is and, for contrast, the colours involved (what a fix needs)."""
    target = " ".join(str(t) for t in node.get("target", []))
    details = ""
    for check in node.get("any", []):
        data = check.get("data")
        if isinstance(data, dict) and "contrastRatio" in data:
            details = (f" ({data.get('fgColor')} on {data.get('bgColor')}: "
                       f"{data.get('contrastRatio')}:1, needs {data.get('expectedContrastRatio')})")
    return target + details


def describe_vnu(message: dict) -> str:
    where = f"line {message.get('lastLine', '?')}"
    extract = (message.get("extract") or "").strip().replace("\n", " ")
    return f"{where}: {message.get('message')}" + (f"  [{extract[:120]}]" if extract else "")


# ---------------------------------------------------------------------------------------------
# What the run keeps: one row per page checked.

@dataclass
class PageResult:
    journey: str
    step: str
    path: str
    status: int
    axe: Counter = field(default_factory=Counter)
    axe_rules: list[str] = field(default_factory=list)
    vnu_errors: list[str] | None = None  # None: the checker was not available
    vnu_warnings: int = 0
    requests: list[LoggedRequest] = field(default_factory=list)
    remeasured: dict[str, list[float] | None] = field(default_factory=dict)
    screenshots: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def normalise_path(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/<id>", path)


SETTLED = """
() => Promise.race([
  Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 2000)),
])
"""


@dataclass
class Report:
    out: Path
    results: list[PageResult] = field(default_factory=list)
    keyboard: list[tuple[str, int]] = field(default_factory=list)  # page, focus stops checked
    vnu_missing: str = ""

    def axe_table(self) -> list[str]:
        lines = ["| journey | step | page | status | critical | serious | moderate | minor | "
                 "rules | vnu errors | vnu warnings |",
                 "|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in self.results:
            vnu = "not run" if r.vnu_errors is None else str(len(r.vnu_errors))
            lines.append(
                f"| {r.journey} | {r.step} | `{r.path}` | {r.status} | "
                + " | ".join(str(r.axe.get(impact, 0)) for impact in IMPACTS)
                + f" | {', '.join(sorted(set(r.axe_rules))) or '—'} | {vnu} | {r.vnu_warnings} |"
            )
        return lines

    def timing_table(self) -> list[str]:
        seen: dict[tuple[str, str], list[float]] = {}
        alone: dict[tuple[str, str], list[float]] = {}
        slow: set[tuple[str, str]] = set()
        for r in self.results:
            for q in r.requests:
                key = (q.method, normalise_path(q.path))
                seen.setdefault(key, []).append(q.ms)
            for name, times in r.remeasured.items():
                method, path = name.split(" ", 1)
                key = (method, normalise_path(path))
                if times:
                    alone.setdefault(key, []).extend(times)
                if not times or min(times) > budget_ms(method, path):
                    slow.add(key)
        lines = ["| request | count | median ms | max ms | over budget, measured alone "
                 "(best of 5, ms) | within budget |", "|---|---|---|---|---|---|"]
        for (method, path), times in sorted(seen.items(), key=lambda kv: -max(kv[1])):
            key = (method, path)
            again = f"{min(alone[key]):.1f}" if key in alone else "—"
            ok = "**no**" if key in slow else "yes"
            lines.append(f"| {method} `{path}` | {len(times)} | {statistics.median(times):.1f} | "
                         f"{max(times):.1f} | {again} | {ok} |")
        return lines

    def write(self) -> Path:
        self.out.mkdir(parents=True, exist_ok=True)
        text = ["# Browser journeys: accessibility, validity and server time", ""]
        if self.vnu_missing:
            text += [f"**HTML validity was not checked:** {self.vnu_missing}", ""]
        text += ["## Pages checked (axe-core violations by impact; Nu Html Checker)", "",
                 *self.axe_table(), "",
                 "## Keyboard alone", "",
                 "| page | first Tab | skip link | focus visible at each stop |",
                 "|---|---|---|---|",
                 *[f"| `{path}` | skip link, visible | moves focus to the content | "
                   f"{stops} stops |" for path, stops in self.keyboard], "",
                 f"## Server time per request (budget {SERVER_BUDGET_MS} ms, from the hub's "
                 "request log)", "", *self.timing_table(), ""]
        path = self.out / "e2e-report.md"
        path.write_text("\n".join(text))
        return path


# ---------------------------------------------------------------------------------------------
# A journey: one browser context (one person), its pages checked one after the other.

class Journey:
    def __init__(self, name: str, context, hub: HubServer, axe: Axe, vnu: HtmlChecker | None,
                 report: Report, screenshots: Path):
        self.name = name
        self.context = context
        self.hub = hub
        self.axe = axe
        self.vnu = vnu
        self.report = report
        self.screenshots = screenshots / name
        self.screenshots.mkdir(parents=True, exist_ok=True)
        for old in self.screenshots.glob("*.png"):
            old.unlink()
        self.count = 0
        self.visited: list[str] = []
        self.credentials: tuple[str, str] = (USERS["rep"][0], PASSWORD)
        self.failures: list[str] = []
        self.console: list[str] = []
        self.document = None
        context.add_init_script(CSP_LISTENER)
        self.page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console.append(f"script error: {error}"))
        self.page.on("response", self._on_response)
        self.hub.new_requests()  # what came before belongs to someone else

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console.append(message.text)

    def _on_response(self, response) -> None:
        if response.request.is_navigation_request() and response.frame.parent_frame is None:
            self.document = response
            self.visited.append(response.url)

    def _document_html(self, response) -> str:
        """The HTML the server sent for the page now showing.

        Chromium may have dropped the body from its network buffer by the time we ask (seen on
        a loaded CI machine); then the same URL is fetched again with this person's cookies.
        """
        try:
            return response.text()
        except PlaywrightError:
            return self.page.context.request.get(response.url).text()

    def _measure_alone(self, request: LoggedRequest, times: int = 5) -> list[float] | None:
        """Server times of `request` made again with the browser idle; None if it can't be.

        GETs are made again with this person's cookies; a sign-in by signing in again.
        Other POSTs change things, so they are never repeated.
        """
        if request.method == "GET":
            urls = [u for u in self.visited if urlsplit(u).path == request.path]
            url = urls[-1] if urls else self.hub.url + request.path
            send = functools.partial(self.context.request.get, url, max_redirects=0)
        elif request.method == "POST" and request.path == "/login":
            # Right or wrong, a sign-in costs one password hash: time a right one.
            send = functools.partial(self.hub.sign_in_over_http, *self.credentials)
        else:
            return None
        found = []
        for _ in range(times):
            time.sleep(0.2)  # let the browser and the checker settle
            send()
            found += [q.ms for q in self.hub.new_requests()
                      if (q.method, q.path) == (request.method, request.path)]
        return found or None

    # -- doing things -----------------------------------------------------------------------
    def goto(self, path: str):
        return self.page.goto(self.hub.url + path)

    def login(self, role: str) -> None:
        """Sign in as the known user of `role` the way a person does: typed, sent with Enter."""
        if not self.page.url.endswith("/login"):
            self.goto("/login")
        self.credentials = (USERS[role][0], PASSWORD)
        self.page.get_by_label("Email").fill(USERS[role][0])
        self.page.get_by_label("Password").fill(PASSWORD)
        with self.page.expect_navigation():
            self.page.get_by_label("Password").press("Enter")

    # -- checking ----------------------------------------------------------------------------
    def check(self, step: str, *, status: int = 200) -> PageResult:
        """Check the page now showing; fail the journey on anything a user would trip over."""
        page = self.page
        page.wait_for_load_state("load")
        # A control that just took the focus fades into its focus colours (Bootstrap's 0.15 s
        # transitions); judged halfway, its contrast is neither the old nor the new one.
        page.evaluate(SETTLED)
        self.count += 1
        response = self.document
        assert response is not None, f"{step}: no page was loaded"
        result = PageResult(self.name, step, page.url.removeprefix(self.hub.url),
                            response.status)
        problems = result.problems
        if response.status != status:
            problems.append(f"status {response.status}, expected {status}")
        html = self._document_html(response)

        problems += [f"inline code: {found}" for found in inline_code(html)]

        if self.vnu is not None:
            messages = self.vnu.messages(html)
            result.vnu_errors = [describe_vnu(m) for m in messages
                                 if m.get("type") in ("error", "non-document-error")]
            result.vnu_warnings = sum(1 for m in messages if m.get("subType") == "warning")
            problems += [f"invalid HTML: {e}" for e in result.vnu_errors]

        violations = self.axe.run(page).response["violations"]
        for violation in violations:
            impact = violation.get("impact") or "minor"
            result.axe[impact] += len(violation["nodes"])
            result.axe_rules.append(f"{violation['id']} ({impact})")
            if impact in BLOCKING_IMPACTS:
                problems += [f"axe {impact}: {violation['id']}: {violation['help']} at "
                             f"{describe_axe_node(node)}" for node in violation["nodes"][:8]]

        csp = page.evaluate("window.__cspViolations || []")
        problems += [f"CSP violation: {v}" for v in csp]
        expected_status_error = f"status of {status}" if status >= 400 else None
        problems += [f"browser console: {c}" for c in self.console
                     if not (expected_status_error and expected_status_error in c)]
        self.console.clear()

        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            if label == "phone":
                overflow = page.evaluate(OVERFLOW_PROBE)
                if overflow["scrollWidth"] > overflow["width"] + 1:
                    problems.append(f"wider than a {PHONE['width']} px phone "
                                    f"({overflow['scrollWidth']} px): {overflow['out']}")
            shot = self.screenshots / f"{self.count:02d}-{slug}-{label}.png"
            page.screenshot(path=str(shot), full_page=True)
            result.screenshots.append(str(shot))
        page.set_viewport_size(DESKTOP)

        result.requests = self.hub.new_requests()
        for request in result.requests:
            budget = budget_ms(request.method, request.path)
            if request.ms <= budget:
                continue
            # On a small shared machine the browser, the checker and the hub compete for two
            # cores: measure a slow request again while nothing else runs before judging it.
            alone = self._measure_alone(request)
            result.remeasured[f"{request.method} {request.path}"] = alone
            if alone is None:
                problems.append(f"slow: {request.method} {request.path} took {request.ms:.0f} ms "
                                f"on the server (budget {budget:.0f} ms)")
            elif min(alone) > budget:
                problems.append(f"slow: {request.method} {request.path} took {request.ms:.0f} ms "
                                f"on the server, and {min(alone):.0f} ms at best measured alone "
                                f"(budget {budget:.0f} ms)")

        self.report.results.append(result)
        if problems:
            message = f"{self.name} / {step} ({result.path}):\n  " + "\n  ".join(problems)
            if not KEEP_GOING:
                raise AssertionError(message)
            self.failures.append(message)
        return result
