"""One search box for assets and news: results, facets, highlights, corrections and synonyms.

Whoosh stays behind this module. Reps only ever see published documents: that filter is applied
here, whatever the caller asks for.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, timedelta

import nh3
from markupsafe import Markup, escape
from sqlalchemy import func, select
from whoosh import highlight, sorting
from whoosh import query as wq

from enablement.extensions import db
from enablement.models import SearchLog, Synonym, UsageEvent, User, utcnow
from enablement.search import query as querying
from enablement.search.index import IndexLocation
from enablement.search.outbox import index_location

FACETS = {"type": "type", "kind": "kind", "market": "markets", "persona": "personas",
          "stage": "stages"}
SORTS = ("relevance", "newest", "most_used")
SUGGEST_BELOW = 3  # offer "did you mean" when fewer results than this
MAX_PER_PAGE = 50
USAGE_WINDOW_DAYS = 90
MAX_CORRECTABLE = 30  # longer "words" are not typos worth correcting
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
    def __init__(self, location: IndexLocation):
        self.root = location.root
        self.generation = location.current_dir()
        self.searcher = location.open().searcher()
        self.sets: dict[tuple, frozenset] = {}

    def docs(self, fieldname: str, value: str) -> frozenset:
        """Document numbers carrying `value` in `fieldname`, cached for this searcher."""
        key = (fieldname, value)
        if key not in self.sets:
            self.sets[key] = frozenset(self.searcher.docs_for_query(wq.Term(fieldname, value)))
        return self.sets[key]

    def values(self, fieldname: str) -> list[str]:
        key = ("__values__", fieldname)
        if key not in self.sets:
            self.sets[key] = frozenset(
                term.decode("utf-8") for term in self.searcher.reader().lexicon(fieldname)
            )
        return sorted(self.sets[key])


class SearcherPool:
    """One searcher per thread, reused across requests and refreshed when the index changes.

    Opening a searcher per query is several times slower than the query itself.
    """

    def __init__(self):
        self._local = threading.local()

    def get(self, location: IndexLocation) -> _SearcherState:
        state: _SearcherState | None = getattr(self._local, "state", None)
        if state is None or state.root != location.root \
                or state.generation != location.current_dir():
            if state is not None:
                state.searcher.close()
            state = self._local.state = _SearcherState(location)
        elif not state.searcher.up_to_date():
            state.searcher = state.searcher.refresh()
            state.sets = {}
        return state


searchers = SearcherPool()


# ------------------------------------------------------------------ helpers


def synonym_groups() -> list[list[str]]:
    return [list(s.terms) for s in db.session.scalars(select(Synonym).order_by(Synonym.id))]


def _allowed_docs(state: _SearcherState, filters: dict[str, list[str]]) -> frozenset:
    """Published documents matching every facet filter (values within one facet are OR)."""
    allowed = state.docs("status", "published")
    for name, values in filters.items():
        fieldname = FACETS.get(name)
        if not fieldname or not values:
            continue
        union: set[int] = set()
        for value in values:
            union |= state.docs(fieldname, value)
        allowed = allowed & union
    return allowed


def _facet_counts(state: _SearcherState, matched: frozenset) -> dict[str, dict[str, int]]:
    counts = {}
    for name, fieldname in FACETS.items():
        values = {v: len(state.docs(fieldname, v) & matched) for v in state.values(fieldname)}
        counts[name] = dict(sorted(((v, n) for v, n in values.items() if n),
                                   key=lambda item: (-item[1], item[0])))
    return counts


def _known(state: _SearcherState, stem: str) -> bool:
    reader = state.searcher.reader()
    return any(reader.doc_frequency(f, stem) for f in querying.TEXT_FIELDS)


def _correction(state: _SearcherState, parsed: querying.ParsedQuery) -> str | None:
    """The query with unknown words replaced by the closest words in the index, if any."""
    searcher = state.searcher
    replacements = {}
    for unit in parsed.units:
        for word in unit.text.split():
            word_stems = querying.stems(word)
            if len(word) > MAX_CORRECTABLE or not word_stems \
                    or all(_known(state, s) for s in word_stems):
                continue
            best = None
            for fieldname in ("title", "summary", "body"):
                for candidate in searcher.corrector(fieldname).suggest(word.lower(), limit=3):
                    candidate_stems = querying.stems(candidate)
                    frequency = sum(searcher.reader().doc_frequency(fieldname, s)
                                    for s in candidate_stems)
                    if frequency and (best is None or frequency > best[1]):
                        best = (candidate, frequency)
            if best:
                replacements[word] = best[0]
    if not replacements:
        return None
    corrected = parsed.text
    for word, replacement in replacements.items():
        corrected = _replace_word(corrected, word, replacement)
    return corrected if corrected.lower() != parsed.text.lower() else None


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
# Titles are short: highlight them whole instead of trimming them to a fragment.
_title_highlighter = highlight.Highlighter(fragmenter=highlight.WholeFragmenter(),
                                           formatter=_formatter)


def _safe(html: str) -> Markup:
    return Markup(nh3.clean(html, tags={"mark"}, attributes={}))  # noqa: S704 - sanitised


def _snippet(hit, plain_summary: str) -> Markup:
    for fieldname in SNIPPET_FIELDS:
        try:
            fragment = hit.highlights(fieldname, top=2)
        except KeyError:
            continue
        if fragment:
            return _safe(fragment)
    text = plain_summary or hit.get("body", "")
    return escape(text[:240] + ("…" if len(text) > 240 else ""))


# ------------------------------------------------------------------ search


def run_search(state: _SearcherState, parsed: querying.ParsedQuery, params: SearchParams,
               results: SearchResults) -> None:
    searcher = state.searcher
    allowed = _allowed_docs(state, params.filters)
    whoosh_query = querying.build(parsed)
    matched = frozenset(searcher.docs_for_query(whoosh_query)) & allowed
    if not matched and len(parsed.units) > 1:
        relaxed_query = querying.build(parsed, match_all=False)
        relaxed = frozenset(searcher.docs_for_query(relaxed_query)) & allowed
        if relaxed:
            whoosh_query, matched, results.relaxed = relaxed_query, relaxed, True

    results.total = len(matched)
    results.facets = _facet_counts(state, matched)
    if not matched:
        return

    page, per_page = params.page, params.per_page
    limit = page * per_page
    if params.sort == "newest":
        found = searcher.search(whoosh_query, filter=set(matched), limit=limit,
                                sortedby="published_at", reverse=True, terms=True)
    elif params.sort == "most_used":
        found = _search_by_usage(searcher, whoosh_query, matched, limit)
    else:
        found = searcher.search(whoosh_query, filter=set(matched), limit=limit, terms=True)
    found.fragmenter = highlight.PinpointFragmenter(maxchars=220, surround=60, autotrim=True)
    found.formatter = _formatter
    for hit in found[(page - 1) * per_page:limit]:
        title_html = _title_highlighter.highlight_hit(hit, "title", top=1)
        results.hits.append(Hit(
            type=hit["type"], id=hit["id"], kind=hit.get("kind", hit["type"]),
            title=_safe(title_html) if title_html else escape(hit["title"]),
            plain_title=hit["title"],
            snippet=_snippet(hit, hit.get("summary", "")),
            markets=[m for m in hit.get("markets", "").split(",") if m],
            published_at=_aware(hit.get("published_at")), source=hit.get("source"),
            score=hit.score or 0.0,
        ))


def _aware(value):
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _search_by_usage(searcher, whoosh_query, matched: frozenset, limit: int):
    usage = _usage_counts()

    def most_used_first(segment_searcher, docnum):
        stored = segment_searcher.stored_fields(docnum)
        return -usage.get(stored["id"], 0) if stored["type"] == "asset" else 0

    facet = sorting.FunctionFacet(most_used_first)
    return searcher.search(whoosh_query, filter=set(matched), limit=limit,
                           sortedby=[facet, sorting.ScoreFacet()], terms=True)


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

    state = searchers.get(index_location())
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
