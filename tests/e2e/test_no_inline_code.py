"""No template carries inline script or style, so the strict Content-Security-Policy holds on
pages the journeys don't visit too (the journeys check the served HTML of the pages they do)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.server import REPO

TEMPLATES = sorted((REPO / "templates").rglob("*.html"))
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "on…= handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(REPO)))
def test_template_has_no_inline_code(template):
    text = template.read_text(encoding="utf-8")
    found = [f"{what} at line {text.count(chr(10), 0, match.start()) + 1}"
             for what, pattern in INLINE.items() for match in pattern.finditer(text)]
    assert not found, found
