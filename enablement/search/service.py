"""One search box for assets and news: results, facets, highlights, corrections and synonyms.

Whoosh's internals stay behind whoosh_internals.py. Reps only ever see published documents:
that filter is applied here, whatever the caller asks for.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path

import nh3
from markupsafe import Markup, escape
from sqlalchemy import func, select
from whoosh import highlight, sorting

from enablement.extensions import db
from enablement.models import SearchLog, Synonym, UsageEvent, User, utcnow
from enablement.search import matching, whoosh_internals
from enablement.search import query as querying
from enablement.search.index import SPELLING_FIELD, IndexLocation
from enablement.search.outbox import index_location

FACETS = {"type": "type", "kind": "kind", "market": "markets", "persona": "personas",
          "stage": "stages"}
SORTS = ("relevance", "newest", "most_used")
SUGGEST_BELOW = 3  # offer "did you mean" when fewer results than this
MAX_PER_PAGE = 50
USAGE_WINDOW_DAYS = 90
MAX_CORRECTABLE = 30  # longer "words" are not typos worth correcting
CORRECTION_CANDIDATES = 8
SNIPPET_FIELDS = ("summary", "body", "attachments")


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name -> values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10


@dataclass
class Hit:
    type: str
    id: int
    kind: str
    title: Markup
    plain_title: str
    snippet: Markup
    markets: list[str]
    published_at: object
    source: str | None
    score: float


@dataclass
class SearchResults:
    params: SearchParams
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean"
    corrected_from: str | None = None  # we searched `query` instead of this
    relaxed: bool = False  # nothing matched every word; these match some
    synonyms: list[tuple[str, list[str]]] = field(default_factory=list)
    truncated: bool = False
    took_ms: float = 0.0
    log_id: int | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


# ------------------------------------------------------------------ searchers


class _SearcherState:
    """A searcher with what is worth keeping between queries: document sets and the corrector."""

    def __init__(self, location: IndexLocation):
        index = location.open()
        self.root = location.root
        self.generation = Path(index.storage.folder)
        self.vocabulary = location.vocabulary(self.generation)
        # The spelling field's words, and the segments they were read from: kept across
        # refreshes, so a refreshed searcher only reads the new segments' words.
        self.spelling_words: set[str] = set()
        self.spelling_segments: set[object] = set()
        self._reset(index.searcher())

    def _reset(self, searcher, reads: matching.SegmentReads | None = None) -> None:
        self.searcher = searcher
        self.sets = matching.DocSets(searcher, self.vocabulary, reads)
        self.facet_sets: dict[tuple[str, str], int] = {}
        self.allowed_sets: dict[tuple, int] = {}
        self.corrector = None
        self.corrections: dict[str, str | None] = {}

    def refresh(self) -> None:
        self._reset(self.searcher.refresh(), self.sets.reads)

    def _spelling_words(self) -> list[str]:
        for (reader, _), segment_id in zip(self.sets.leaves, self.sets.segment_ids, strict=True):
            if segment_id not in self.spelling_segments:
                self.spelling_words.update(term.decode("utf-8")
                                           for term in reader.lexicon(SPELLING_FIELD))
                self.spelling_segments.add(segment_id)
        return sorted(self.spelling_words)

    def docs(self, fieldname: str, value: str) -> int:
        """Documents carrying `value` in `fieldname`, deletions excluded, cached."""
        key = (fieldname, value)
        if key not in self.facet_sets:
            self.facet_sets[key] = self.sets.live_term(fieldname, value)
        return self.facet_sets[key]

    def values(self, fieldname: str) -> list[str]:
        key = ("__values__", fieldname)
        if key not in self.facet_sets:
            self.facet_sets[key] = sorted(
                term.decode("utf-8") for term in self.searcher.reader().lexicon(fieldname)
            )
        return self.facet_sets[key]

    def suggest(self, word: str) -> list[str]:
        """Words of the index within two typos of `word`, from a Whoosh corrector over the
        spelling field's words, built on first use and kept for this searcher."""
        if self.corrector is None:
            # In memory: Whoosh's reader corrector falls back to measuring every word of the
            # index against the typo when the index has more than one segment.
            self.corrector = whoosh_internals.word_corrector(self._spelling_words())
        # Typos rarely hit the first letter; keeping it makes finding candidates much cheaper.
        return whoosh_internals.close_words(self.corrector, word, limit=CORRECTION_CANDIDATES,
                                            prefix=1)


class SearcherPool:
    """One searcher per thread, reused across requests and refreshed when the index changes.

    Opening a searcher per query is several times slower than the query itself.
    """

    def __init__(self):
        self._local = threading.local()
        self._open: weakref.WeakSet[_SearcherState] = weakref.WeakSet()
        # Segments are plain files now: close them on the way out rather than leave it to
        # garbage collection (which warns about every file still open).
        atexit.register(self.close_all)

    def close_all(self) -> None:
        for state in list(self._open):
            with contextlib.suppress(Exception):  # already closed, or half torn down at exit
                state.searcher.close()

    def reset(self) -> None:
        """Forget this thread's searcher (the next get() opens a fresh one)."""
        state = getattr(self._local, "state", None)
        if state is not None:
            with contextlib.suppress(Exception):
                state.searcher.close()
            self._local.state = None

    def get(self, location: IndexLocation) -> _SearcherState:
        state: _SearcherState | None = getattr(self._local, "state", None)
        if state is None or state.root != location.root \
                or state.generation != location.current_dir():
            if state is not None:
                state.searcher.close()
            state = self._local.state = _SearcherState(location)
            self._open.add(state)
        elif not state.searcher.up_to_date():
            state.refresh()
        return state


searchers = SearcherPool()


# ------------------------------------------------------------------ helpers


def synonym_groups() -> list[list[str]]:
    return [list(s.terms) for s in db.session.scalars(select(Synonym).order_by(Synonym.id))]


def _allowed_docs(state: _SearcherState, filters: dict[str, list[str]]) -> int:
    """Published documents matching every facet filter (values within one facet are OR)."""
    key = tuple(sorted((name, tuple(sorted(values))) for name, values in filters.items()))
    if key not in state.allowed_sets:
        allowed = state.docs("status", "published")
        for name, values in filters.items():
            fieldname = FACETS.get(name)
            if fieldname and values:
                allowed &= matching.union(state.docs(fieldname, value) for value in values)
        if len(state.allowed_sets) > 256:
            state.allowed_sets.clear()
        state.allowed_sets[key] = allowed
    return state.allowed_sets[key]


def _facet_counts(state: _SearcherState, matched: int) -> dict[str, dict[str, int]]:
    counts = {}
    for name, fieldname in FACETS.items():
        values = {v: (state.docs(fieldname, v) & matched).bit_count()
                  for v in state.values(fieldname)}
        counts[name] = dict(sorted(((v, n) for v, n in values.items() if n),
                                   key=lambda item: (-item[1], item[0])))
    return counts


def _known(state: _SearcherState, stem: str) -> bool:
    reader = state.searcher.reader()
    return any(reader.doc_frequency(f, stem) for f in querying.TEXT_FIELDS)


def _correction(state: _SearcherState, parsed: querying.ParsedQuery) -> str | None:
    """The query with unknown words replaced by the closest words in the index, if any."""
    replacements = {}
    for unit in parsed.units:
        for word in unit.text.split():
            word_stems = querying.stems(word)
            if len(word) > MAX_CORRECTABLE or not word_stems \
                    or all(_known(state, s) for s in word_stems):
                continue
            key = word.lower()
            if key not in state.corrections:
                state.corrections[key] = _best_correction(state, key)
            if state.corrections[key]:
                replacements[word] = state.corrections[key]
    if not replacements:
        return None
    corrected = parsed.text
    for word, replacement in replacements.items():
        corrected = _replace_word(corrected, word, replacement)
    return corrected if corrected.lower() != parsed.text.lower() else None


def _best_correction(state: _SearcherState, word: str) -> str | None:
    """Of the close words, the closest, and of those the one most documents use."""
    ranked = []
    for candidate in state.suggest(word):
        # A word kept from a deleted document's segment may be used nowhere any more.
        frequency = (state.sets.text(querying.stems(candidate)) & state.sets.alive).bit_count()
        if frequency:
            ranked.append((whoosh_internals.edit_distance(word, candidate), -frequency,
                           candidate))
    return min(ranked)[2] if ranked else None


def _replace_word(text: str, word: str, replacement: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, text, count=1)


def _usage_counts() -> dict[int, int]:
    """Uses of each asset in the last 90 days: the "most used" order."""
    since = utcnow() - timedelta(days=USAGE_WINDOW_DAYS)
    rows = db.session.execute(
        select(UsageEvent.asset_id, func.count())
        .where(UsageEvent.created_at >= since)
        .group_by(UsageEvent.asset_id)
    )
    return dict(rows.all())


_formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
_fragmenter = highlight.PinpointFragmenter(maxchars=220, surround=60, autotrim=True)
_fragment_scorer = highlight.BasicFragmentScorer()


def _safe(html: str) -> Markup:
    return Markup(nh3.clean(html, tags={"mark"}, attributes={}))  # noqa: S704  # nosec B704 - nh3 keeps only <mark>


def _word_places(state: _SearcherState, docnums: list[int], fieldname: str,
                 words: set[str]) -> dict[int, list[highlight.Token]]:
    """Where each of `words` stands in `fieldname` of each document, read from the index
    (fields keep character offsets), so highlighting never re-reads the text word by word."""
    places: dict[int, list[highlight.Token]] = {docnum: [] for docnum in docnums}
    for reader, offset, local_docnums in matching.by_segment(state.sets.leaves,
                                                             state.sets.size, docnums):
        for word in words:
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


def _highlighted(text: str, tokens: list, *, whole: bool = False, top: int = 2) -> str:
    if not text or not tokens:
        return ""
    if whole:  # titles are short: highlight them whole instead of trimming them
        fragments = [highlight.Fragment(text, tokens, 0, len(text))]
    else:
        fragments = highlight.top_fragments(_fragmenter.fragment_matches(text, tokens), top,
                                            _fragment_scorer, highlight.FIRST, minscore=1)
    return _formatter.format(fragments)


def _hits(state: _SearcherState, page: list[tuple[int, float]], words: set[str]) -> list[Hit]:
    stored = {docnum: state.searcher.stored_fields(docnum) for docnum, _ in page}
    titles = _word_places(state, list(stored), "title", words)
    snippets = _snippets(state, stored, words)
    return [Hit(
        type=fields["type"], id=fields["id"], kind=fields.get("kind", fields["type"]),
        title=_title(fields["title"], titles[docnum]), plain_title=fields["title"],
        snippet=snippets[docnum],
        markets=[m for m in fields.get("markets", "").split(",") if m],
        published_at=_aware(fields.get("published_at")), source=fields.get("source"),
        score=score or 0.0,
    ) for (docnum, score), fields in zip(page, stored.values(), strict=True)]


def _title(title: str, tokens: list) -> Markup:
    html = _highlighted(title, tokens, whole=True)
    return _safe(html) if html else escape(title)


def _snippets(state: _SearcherState, stored: dict[int, dict], words: set[str]
              ) -> dict[int, Markup]:
    """Each document's snippet: from the first of SNIPPET_FIELDS where the words matched (the
    next field is only looked at for documents still without one), else its opening words."""
    snippets: dict[int, Markup] = {}
    for fieldname in SNIPPET_FIELDS:
        waiting = [docnum for docnum in stored if docnum not in snippets]
        if not waiting:
            break
        places = _word_places(state, waiting, fieldname, words)
        for docnum in waiting:
            fragment = _highlighted(stored[docnum].get(fieldname, ""), places[docnum])
            if fragment:
                snippets[docnum] = _safe(fragment)
    for docnum, fields in stored.items():
        if docnum not in snippets:
            text = fields.get("summary", "") or fields.get("body", "")
            snippets[docnum] = escape(text[:240] + ("…" if len(text) > 240 else ""))
    return snippets


# ------------------------------------------------------------------ search


def _unit_docs(state: _SearcherState, unit: querying.Unit) -> int:
    """Documents matching a word or phrase, or any of its synonyms."""
    return matching.union(state.sets.text(querying.stems(text))
                          for text in (unit.text, *unit.alternatives))


def run_search(state: _SearcherState, parsed: querying.ParsedQuery, params: SearchParams,
               results: SearchResults) -> None:
    searcher = state.searcher
    allowed = _allowed_docs(state, params.filters)
    units = [docs for docs in (_unit_docs(state, u) for u in parsed.units)]
    matched = matching.intersection(units) & allowed if units else 0
    match_all = True
    if not matched and len(units) > 1:
        relaxed = matching.union(units) & allowed
        if relaxed:
            matched, match_all, results.relaxed = relaxed, False, True

    results.total = matched.bit_count()
    results.facets = _facet_counts(state, matched)
    if not matched:
        return

    page, per_page = params.page, params.per_page
    limit = page * per_page
    if params.sort == "relevance":
        ranked = state.sets.top(querying.words(parsed), matched, limit)
    else:
        # Which documents match is settled above; Whoosh sorts them.
        ranking = querying.build(parsed, match_all=match_all)
        only = whoosh_internals.search_filter(matched, state.sets.size)
        if params.sort == "newest":
            found = searcher.search(ranking, filter=only, limit=limit, sortedby="published_at",
                                    reverse=True)
        else:
            found = _search_by_usage(searcher, ranking, only, limit)
        ranked = [(hit.docnum, hit.score) for hit in found[:limit]]
    results.hits = _hits(state, ranked[(page - 1) * per_page:limit], querying.words(parsed))


def _aware(value):
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _search_by_usage(searcher, whoosh_query, only, limit: int):
    usage = _usage_counts()

    def most_used_first(segment_searcher, docnum):
        stored = segment_searcher.stored_fields(docnum)
        return -usage.get(stored["id"], 0) if stored["type"] == "asset" else 0

    facet = sorting.FunctionFacet(most_used_first)
    return searcher.search(whoosh_query, filter=only, limit=limit,
                           sortedby=[facet, sorting.ScoreFacet()])


def _search_with(state: _SearcherState, parsed: querying.ParsedQuery, params: SearchParams,
                 groups: list[list[str]], results: SearchResults) -> SearchResults:
    if parsed.is_empty():
        results.facets = _facet_counts(state, _allowed_docs(state, params.filters))
        results.total = 0
    else:
        run_search(state, parsed, params, results)
        if results.total < SUGGEST_BELOW:
            results.suggestion = _correction(state, parsed)
        if results.total == 0 and results.suggestion:
            corrected = querying.parse(results.suggestion, groups)
            attempt = SearchResults(params=params, query=corrected.text)
            run_search(state, corrected, params, attempt)
            if attempt.total:
                attempt.corrected_from = parsed.text
                attempt.suggestion = None
                attempt.synonyms = [(u.text, u.alternatives) for u in corrected.units
                                    if u.alternatives]
                results = attempt
    return results


def search(user: User | None, params: SearchParams, *, source: str = "web") -> SearchResults:
    """Search for `user` (reps and everyone else see published content only) and log it."""
    started = time.perf_counter()
    params.page = max(1, params.page)
    params.per_page = min(max(1, params.per_page), MAX_PER_PAGE)
    params.sort = params.sort if params.sort in SORTS else "relevance"
    groups = synonym_groups()
    parsed = querying.parse(params.q, groups)
    results = SearchResults(params=params, query=parsed.text, truncated=parsed.truncated)
    results.synonyms = [(u.text, u.alternatives) for u in parsed.units if u.alternatives]

    try:
        results = _search_with(searchers.get(index_location()), parsed, params, groups, results)
    except (OSError, TypeError, KeyError):
        # A writer merged away a segment this searcher had not read yet (its files are gone):
        # open a fresh searcher once and try again.
        searchers.reset()
        results = SearchResults(params=params, query=parsed.text, truncated=parsed.truncated,
                                synonyms=results.synonyms)
        results = _search_with(searchers.get(index_location()), parsed, params, groups, results)
    results.took_ms = round((time.perf_counter() - started) * 1000, 2)
    if not parsed.is_empty():
        results.log_id = _log(user, params, results, source)
    return results


def normalise_query(text: str) -> str:
    """The form gaps are grouped by: lower case, stems in order."""
    return " ".join(querying.stems(text))[:400] or text.lower()[:400]


def _log(user, params: SearchParams, results: SearchResults, source: str) -> int:
    note = "corrected" if results.corrected_from else "relaxed" if results.relaxed else ""
    entry = SearchLog(
        user_id=getattr(user, "id", None), query=(results.corrected_from or results.query)[:400],
        normalized_query=normalise_query(results.corrected_from or results.query),
        filters={k: v for k, v in params.filters.items() if v}, result_count=results.total,
        took_ms=results.took_ms, source=source, note=note,
    )
    db.session.add(entry)
    db.session.flush()
    return entry.id
