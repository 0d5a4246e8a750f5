"""Asset bodies written in Markdown: what reps see, and what can never reach their browser."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from enablement.markdown import render_markdown, sanitise_html

REL = 'rel="noopener noreferrer nofollow"'


# --- Markdown that marketing writes -----------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Why it matters", "<h1>Why it matters</h1>"),
        ("## Results\n### In detail", "<h2>Results</h2>\n<h3>In detail</h3>"),
        ("- crews\n- sites", "<ul>\n<li>crews</li>\n<li>sites</li>\n</ul>"),
        ("1. call\n2. demo", "<ol>\n<li>call</li>\n<li>demo</li>\n</ol>"),
        ("**38%** fewer *missed* visits",
         "<p><strong>38%</strong> fewer <em>missed</em> visits</p>"),
        ("> We finally know where every crew is.",
         "<blockquote>\n<p>We finally know where every crew is.</p>\n</blockquote>"),
        ("Use `{{company}}` here", "<p>Use <code>{{company}}</code> here</p>"),
        ("```\nline one\n```", "<pre><code>line one\n</code></pre>"),
        ("~~old price~~ new price", "<p><s>old price</s> new price</p>"),
        ("above\n\n---\n\nbelow", "<hr>"),
    ],
    ids=["h1", "h2-h3", "bullets", "numbers", "emphasis", "quote", "inline-code", "code-block",
         "strikethrough", "rule"],
)
def test_markdown_formatting_is_rendered(source, expected):
    assert expected in render_markdown(source)


def test_tables_are_rendered():
    html = render_markdown("| Plan | Price |\n|---|---|\n| Pro | 49 EUR |")
    assert "<table>" in html
    assert "<th>Plan</th>" in html and "<th>Price</th>" in html
    assert "<td>Pro</td>" in html and "<td>49 EUR</td>" in html


@pytest.mark.parametrize(
    "url", ["https://example.com/pricing", "http://example.com/", "mailto:sales@example.com"]
)
def test_safe_links_are_kept_and_open_without_giving_the_page_away(url):
    html = render_markdown(f"[the link]({url})")
    assert f'<a href="{url}" {REL}>the link</a>' in html


def test_link_titles_are_kept():
    html = render_markdown('[pricing](https://example.com "Price list")')
    assert 'title="Price list"' in html


# --- what must never become live markup -------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](java&#115;cript:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
    ],
    ids=["javascript", "upper-case", "entity", "leading-space", "data", "vbscript", "autolink",
         "reference"],
)
def test_dangerous_links_are_not_links(source):
    html = render_markdown(source)
    assert "<a" not in html
    assert not re.search(r"href\s*=", html)


@pytest.mark.parametrize(
    ("source", "shown_as_text"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ('<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;'),
        ("<iframe src=https://evil.example></iframe>", "&lt;iframe"),
        ('<b onclick="alert(1)">hi</b>', '&lt;b onclick="alert(1)"&gt;hi&lt;/b&gt;'),
        ("<scr<script>ipt>alert(1)</script>", "&lt;scr&lt;script&gt;ipt&gt;"),
    ],
    ids=["script", "img-onerror", "a-javascript", "iframe", "onclick", "nested-script"],
)
def test_raw_html_in_markdown_is_shown_as_text(source, shown_as_text):
    html = render_markdown(source)
    assert shown_as_text in html
    assert not re.search(r"<(script|img|iframe|b|a)\b", html)


def test_code_spans_show_html_as_text():
    assert "<code>&lt;b&gt;bold&lt;/b&gt;</code>" in render_markdown("`<b>bold</b>`")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="https://x.example" onclick="alert(1)" onmouseover="steal()">x</a>',
         f'<a href="https://x.example" {REL}>x</a>'),
        ('<p onclick="alert(1)">text</p>', "<p>text</p>"),
        ("<script>alert(1)</script>after", "after"),
        ("<iframe src=https://evil.example></iframe>after", "after"),
        ("<img src=x onerror=alert(1)>after", "after"),
        ("<svg onload=alert(1)></svg>after", "after"),
        ("<style>body{display:none}</style>after", "after"),
        ('<a href="javascript:alert(1)">x</a>', f"<a {REL}>x</a>"),
        ('<a href=" jav&#x09;ascript:alert(1)">x</a>', f"<a {REL}>x</a>"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', f"<a {REL}>x</a>"),
        ('<a href="vbscript:msgbox(1)">x</a>', f"<a {REL}>x</a>"),
        ('<a href="https://x.example" rel="opener" target="_blank">x</a>',
         f'<a href="https://x.example" {REL}>x</a>'),
    ],
    ids=["event-handlers", "p-onclick", "script", "iframe", "img", "svg", "style",
         "javascript-href", "obfuscated-href", "data-href", "vbscript-href", "rel-override"],
)
def test_sanitiser_strips_what_a_browser_would_run(html, expected):
    assert sanitise_html(html) == expected


def test_sanitiser_defeats_nested_tag_tricks():
    cleaned = sanitise_html("<scr<script>ipt>alert(1)</scr</script>ipt>")
    assert "<script" not in cleaned.lower()
    assert "<" not in cleaned  # what is left is text, escaped


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_body_renders_nothing(empty):
    html = render_markdown(empty)
    assert html == ""
    assert isinstance(html, Markup)


def test_result_is_markup_so_templates_do_not_escape_it_twice():
    html = render_markdown("**ok**")
    assert isinstance(html, Markup)
    assert str(Markup("{}").format(html)) == str(html)
