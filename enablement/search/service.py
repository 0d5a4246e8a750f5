"""One search box for assets and news: results, facets, highlights, corrections and synonyms.

The one entry point for the search page, the API and the CLI: search() takes what the rep asked
for and gives SearchResults. Reps only ever see published documents: that filter is applied
here (ranking.allowed_docs), whatever the caller asks for. The jobs behind it have their own
modules: searchers.py (the per-thread searcher and its refresh), ranking.py (matching, facets,
order), highlight.py (titles and snippets) and corrections.py ("did you mean"); only
whoosh_internals.py reads Whoosh beyond its public API.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC

from markupsafe import Markup
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import SearchLog, Synonym, User
from enablement.search import corrections, highlight, ranking
from enablement.search import query as querying
from enablement.search.outbox import index_location
from enablement.search.ranking import FACETS, SORTS
from enablement.search.searchers import SearcherState, searchers

# What the search page, the API, the CLI and the benchmarks use (FACETS, SORTS, searchers and
# index_location live with their jobs and are offered here too).
__all__ = ["FACETS", "MAX_PER_PAGE", "SORTS", "SUGGEST_BELOW", "Hit", "SearchParams",
           "SearchResults", "index_location", "normalise_query", "run_search", "search",
           "searchers", "synonym_groups"]

SUGGEST_BELOW = 3  # offer "did you mean" when fewer results than this
MAX_PER_PAGE = 50


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


def synonym_groups() -> list[list[str]]:
    return [list(s.terms) for s in db.session.scalars(select(Synonym).order_by(Synonym.id))]


# ------------------------------------------------------------------ search


def run_search(state: SearcherState, parsed: querying.ParsedQuery, params: SearchParams,
               results: SearchResults) -> None:
    matched, results.relaxed = ranking.matches(state, parsed, params.filters)
    results.total = matched.bit_count()
    results.facets = ranking.facet_counts(state, matched)
    if not matched:
        return
    page, per_page = params.page, params.per_page
    limit = page * per_page
    found = ranking.ranked(state, parsed, matched, sort=params.sort,
                           match_all=not results.relaxed, limit=limit)
    results.hits = _hits(state, found[(page - 1) * per_page:limit], querying.words(parsed))


def _hits(state: SearcherState, page: list[tuple[int, float]], words: set[str]) -> list[Hit]:
    stored = {docnum: state.searcher.stored_fields(docnum) for docnum, _ in page}
    titles = highlight.titles(state, stored, words)
    snippets = highlight.snippets(state, stored, words)
    return [Hit(
        type=fields["type"], id=fields["id"], kind=fields.get("kind", fields["type"]),
        title=titles[docnum], plain_title=fields["title"], snippet=snippets[docnum],
        markets=[m for m in fields.get("markets", "").split(",") if m],
        published_at=_aware(fields.get("published_at")), source=fields.get("source"),
        score=score or 0.0,
    ) for (docnum, score), fields in zip(page, stored.values(), strict=True)]


def _aware(value):
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _search_with(state: SearcherState, parsed: querying.ParsedQuery, params: SearchParams,
                 groups: list[list[str]], results: SearchResults) -> SearchResults:
    if parsed.is_empty():
        results.facets = ranking.facet_counts(state, ranking.allowed_docs(state, params.filters))
        results.total = 0
    else:
        run_search(state, parsed, params, results)
        if results.total < SUGGEST_BELOW:
            results.suggestion = corrections.correction(state, parsed)
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
