"""Markdown to safe HTML: rendered with markdown-it, then sanitised with nh3."""

import html as html_lib
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "p", "br", "hr", "ul", "ol", "li", "b", "strong", "i", "em", "blockquote", "code",
    "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del",
    "s",  # markdown-it renders ~~strikethrough~~ as <s>
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}

# Raw HTML in Markdown is shown as text; tables and strikethrough are on.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown(text: str | None) -> Markup:
    """HTML for a Markdown field, safe to put on any page."""
    return Markup(sanitise_html(_renderer.render(text or "")))  # noqa: S704  # nosec B704 - sanitised above


def markdown_text(text: str | None) -> str:
    """The words of a Markdown field without its markup, for search snippets."""
    html = _renderer.render(text or "")
    return " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|tr)>|<br\s*/?>|<hr\s*/?>")


def markdown_paragraphs(text: str | None) -> list[str]:
    """The words of a Markdown field, paragraph by paragraph (list items and headings each
    one), without markup: what answers quote."""
    html = _renderer.render(text or "")
    found = []
    for block in _BLOCK_END.split(html):
        words = " ".join(html_lib.unescape(nh3.clean(block, tags=set())).split())
        if words:
            found.append(words)
    return found
