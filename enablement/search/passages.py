"""What a rep may see, cut into passages an answer can quote: a few sentences each, with where
they came from (a field, or an attached document and its page) and their place in the whole.

An answer is a passage, so a passage is short enough to read in the answer panel (at most
MAX_WORDS words, a paragraph when paragraphs are that short) and never crosses a paragraph or a
page: "white paper, page 7" must be true of every word of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

MAX_WORDS = 80
# A 500,000-character attachment makes about 1,000 passages; this bounds a hostile library.
MAX_PASSAGES = 2000
# A sentence ends at . ! ? (and closing quotes or brackets) before a space and a capital, a
# digit or an opening quote; "e.g. the" and "3.5 hours" do not end one.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Passage:
    """A few sentences from one place: `where` is "summary", "body", "field:<name>",
    "talking_points" or "attachment"; `page` is the attached document's page (1 first), or
    None."""

    where: str
    text: str
    page: int | None = None
    attachment_id: int | None = None
    filename: str | None = None


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order (a text without sentence ends is one)."""
    text = " ".join(text.split())
    return [part for part in SENTENCE_END.split(text) if part.strip()] if text else []


def chunks(paragraph: str, max_words: int = MAX_WORDS) -> list[str]:
    """A paragraph as passages of whole sentences, each at most `max_words` words (a longer
    sentence is cut at word boundaries)."""
    found: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in sentences(paragraph):
        words = sentence.split()
        while len(words) > max_words:  # one enormous "sentence" (a table, a list without stops)
            if current:
                found.append(" ".join(current))
                current, count = [], 0
            found.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if count + len(words) > max_words and current:
            found.append(" ".join(current))
            current, count = [], 0
        current.append(" ".join(words))
        count += len(words)
    if current:
        found.append(" ".join(current))
    return found


def from_paragraphs(where: str, paragraphs: Iterable[str]) -> list[Passage]:
    return [Passage(where, text) for paragraph in paragraphs for text in chunks(paragraph)]


def pages(text: str, page_starts: list[int] | None) -> list[tuple[int | None, str]]:
    """An attachment's text as (page number, that page's text); one (None, text) when its
    pages are unknown."""
    if not page_starts:
        return [(None, text)] if text else []
    bounds = [*page_starts, len(text)]
    return [(number, text[start:end]) for number, (start, end)
            in enumerate(zip(bounds, bounds[1:], strict=False), start=1)
            if text[start:end].strip()]


def page_at(page_starts: list[int] | None, offset: int) -> int | None:
    """The page holding character `offset` of an attachment's text."""
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))


def from_attachment(attachment_id: int, filename: str, text: str,
                    page_starts: list[int] | None) -> list[Passage]:
    return [Passage("attachment", chunk, number, attachment_id, filename)
            for number, page_text in pages(text, page_starts) for chunk in chunks(page_text)]


def bounded(passages: list[Passage]) -> list[Passage]:
    return passages[:MAX_PASSAGES]
