"""Titles and snippets with the rep's words marked.

Text fields keep where each word stands (chars=True in the schema), so the words are placed from
the index, never by reading the text again word by word; Whoosh's own fragmenter, scorer and
formatter then cut and mark the snippet. Only `<mark>` survives into the page.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup, escape
from whoosh import highlight

from enablement.search import matching, whoosh_internals
from enablement.search.searchers import SearcherState

SNIPPET_FIELDS = ("summary", "body", "attachments")
PLAIN_SNIPPET_CHARS = 240

_formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
_fragmenter = highlight.PinpointFragmenter(maxchars=220, surround=60, autotrim=True)
_fragment_scorer = highlight.BasicFragmentScorer()


def titles(state: SearcherState, stored: dict[int, dict], words: set[str]) -> dict[int, Markup]:
    """Each document's title (from its `stored` fields) with `words` marked."""
    places = word_places(state, list(stored), "title", words)
    return {docnum: _title(fields["title"], places[docnum]) for docnum, fields in stored.items()}


def snippets(state: SearcherState, stored: dict[int, dict], words: set[str]
             ) -> dict[int, Markup]:
    """Each document's snippet: from the first of SNIPPET_FIELDS where the words matched (the
    next field is only looked at for documents still without one), else its opening words."""
    found: dict[int, Markup] = {}
    for fieldname in SNIPPET_FIELDS:
        waiting = [docnum for docnum in stored if docnum not in found]
        if not waiting:
            break
        places = word_places(state, waiting, fieldname, words)
        for docnum in waiting:
            fragment = _highlighted(stored[docnum].get(fieldname, ""), places[docnum])
            if fragment:
                found[docnum] = _safe(fragment)
    for docnum, fields in stored.items():
        if docnum not in found:
            text = fields.get("summary", "") or fields.get("body", "")
            found[docnum] = escape(text[:PLAIN_SNIPPET_CHARS]
                                   + ("…" if len(text) > PLAIN_SNIPPET_CHARS else ""))
    return found


def word_places(state: SearcherState, docnums: list[int], fieldname: str,
                words: set[str]) -> dict[int, list[highlight.Token]]:
    """Where each of `words` stands in `fieldname` of each document, read from the index."""
    places: dict[int, list[highlight.Token]] = {docnum: [] for docnum in docnums}
    for word in words:
        # Only where the index says the word is: a question's words are mostly elsewhere.
        in_field = state.sets.term(fieldname, word)
        having = [docnum for docnum in docnums if in_field >> docnum & 1]
        for reader, offset, local_docnums in matching.by_segment(state.sets.leaves,
                                                                 state.sets.size, having):
            for local, found in whoosh_internals.characters(reader, fieldname, word,
                                                            local_docnums):
                places[offset + local].extend(
                    highlight.Token(text=word, pos=pos, startchar=start, endchar=end)
                    for pos, start, end in found)
    for docnum, tokens in places.items():
        tokens.sort(key=lambda token: (token.startchar, -token.endchar))
        # one token per starting character, as Whoosh's own highlighter keeps
        places[docnum] = [t for i, t in enumerate(tokens)
                          if i == 0 or t.startchar != tokens[i - 1].startchar]
    return places


def _safe(html: str) -> Markup:
    return Markup(nh3.clean(html, tags={"mark"}, attributes={}))  # noqa: S704  # nosec B704 - nh3 keeps only <mark>


def _highlighted(text: str, tokens: list, *, whole: bool = False, top: int = 2) -> str:
    if not text or not tokens:
        return ""
    if whole:  # titles are short: highlight them whole instead of trimming them
        fragments = [highlight.Fragment(text, tokens, 0, len(text))]
    else:
        fragments = highlight.top_fragments(_fragmenter.fragment_matches(text, tokens), top,
                                            _fragment_scorer, highlight.FIRST, minscore=1)
    return _formatter.format(fragments)


def _title(title: str, tokens: list) -> Markup:
    html = _highlighted(title, tokens, whole=True)
    return _safe(html) if html else escape(title)
