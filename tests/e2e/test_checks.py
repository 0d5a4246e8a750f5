"""The page checks themselves catch what they are meant to (a check that never fires proves
nothing)."""

from __future__ import annotations

from tests.e2e.checks import OVERFLOW_PROBE, PHONE, inline_code, normalise_path
from tests.e2e.server import LoggedRequest

BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>broken</title></head><body>
<main id="main"><h1>Broken on purpose</h1>
<p style="color: red">blocked style</p>
<canvas width="2000" height="10">too wide for a phone</canvas>
<script>document.title = "inline ran";</script>
<a href="#" onclick="return false">click</a>
</main></body></html>"""


def test_inline_code_is_found():
    found = inline_code(BROKEN_PAGE + '<style>p{}</style><a href="javascript:go()">x</a>')
    assert [f.split(" ")[0] for f in found] == [
        "style=\"color:", "inline", "onclick=", "<style>", "javascript:"]
    assert inline_code('<script src="/static/js/hub.js"></script>') == []


def test_paths_are_grouped_by_route():
    assert normalise_path("/assets/47/attachments/3") == "/assets/<id>/attachments/<id>"
    assert normalise_path("/search/open/9/asset/12") == "/search/open/<id>/asset/<id>"
    assert LoggedRequest("GET", "/", 200, 1.5).ms == 1.5


def test_browser_checks_catch_a_broken_page(journey, hub):
    probe = journey()
    page = probe.page
    url = f"{hub.url}/__broken-on-purpose"
    page.route(url, lambda route: route.fulfill(
        status=200, body=BROKEN_PAGE, content_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": "script-src 'self'; style-src 'self'"}))
    page.goto(url)
    assert page.title() == "broken", "the CSP let an inline script run"
    violations = page.evaluate("window.__cspViolations")
    assert any("script-src" in v for v in violations), violations
    assert any("style-src" in v for v in violations), violations
    assert any("Content Security Policy" in message for message in probe.console), probe.console

    page.set_viewport_size(PHONE)
    overflow = page.evaluate(OVERFLOW_PROBE)
    assert overflow["scrollWidth"] > PHONE["width"]
    assert any(entry.startswith("canvas ends at") for entry in overflow["out"]), overflow
