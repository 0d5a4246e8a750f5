"""One search box for assets and news: results, facets, highlights, corrections and synonyms.

The one entry point for the search page, the API and the CLI: search() takes what the rep asked
for and gives SearchResults. Reps only ever see published documents: that filter is applied
here (ranking.allowed_docs), whatever the caller asks for. The jobs behind it have their own
modules: understanding.py (words that name a kind, market or persona become filters),
searchers.py (the per-thread searcher and its refresh), ranking.py (matching, facets, order),
highlight.py (titles and snippets) and corrections.py ("did you mean"); only
whoosh_internals.py reads Whoosh beyond its public API.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC

from markupsafe import Markup
from sqlalchemy import select

from enablement.extensions import db
from enablement.markets import markets
from enablement.models import SearchLog, Synonym, User
from enablement.search import answers, corrections, highlight, ranking, understanding
from enablement.search import query as querying
from enablement.search.outbox import index_location
from enablement.search.ranking import FACETS, SORTS
from enablement.search.searchers import SearcherState, searchers

# What the search page, the API, the CLI and the benchmarks use (FACETS, SORTS, searchers and
# index_location live with their jobs and are offered here too).
__all__ = ["FACETS", "MAX_PER_PAGE", "SORTS", "SUGGEST_BELOW", "Hit", "SearchParams",
           "SearchResults", "ask", "index_location", "normalise_query", "record_answers",
           "run_search", "search", "searchers", "synonym_groups", "wants_answers"]

SUGGEST_BELOW = 3  # offer "did you mean" when fewer results than this
MAX_PER_PAGE = 50


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name -> values
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    # Detections (understanding.Detection.key) whose words are searched as words instead.
    literal: list[str] = field(default_factory=list)
    ask: bool = False  # answer the query as a question, whatever it reads like


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
    # Words taken as filters ("case study" → case studies), each shown as a removable chip.
    understood: list[understanding.Detection] = field(default_factory=list)
    # Words taken as filters that found nothing, so the words were searched as words instead.
    not_understood: list[understanding.Detection] = field(default_factory=list)
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
    understood = understanding.Understanding(parsed.text, results.understood)
    filters = _merged(params.filters, understood.filters())
    aid_types = understood.aid_types()
    matched, by_words, results.relaxed = ranking.matches(state, parsed, filters, aid_types)
    results.total = matched.bit_count()
    results.facets = ranking.facet_counts(state, by_words, filters, aid_types)
    if not matched:
        return
    page, per_page = params.page, params.per_page
    limit = page * per_page
    boost = set(querying.stems(understood.boost_words()))
    tiers = ranking.market_tiers(state, filters.get("market", []), list(markets()),
                                 by_count=parsed.is_empty())
    found = ranking.ranked(state, parsed, matched, sort=params.sort,
                           match_all=not results.relaxed, limit=limit, boost=boost, tiers=tiers)
    results.hits = _hits(state, found[(page - 1) * per_page:limit],
                         querying.words(parsed) | boost)


def _merged(chosen: dict[str, list[str]], understood: dict[str, list[str]]
            ) -> dict[str, list[str]]:
    """The rep's facet selections with what their words named added (OR within a facet)."""
    merged = {name: list(values) for name, values in chosen.items() if values}
    for name, values in understood.items():
        merged[name] = list(dict.fromkeys([*merged.get(name, []), *values]))
    return merged


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


def names(state: SearcherState) -> understanding.Names:
    """What queries are read for: the markets in force and the personas of published assets,
    kept with the searcher (rebuilt when the index or feeds.yml changes)."""
    market_names = {slug: market.name for slug, market in markets().items()}
    key = tuple(market_names.items())
    cached = state.derived.get("names")
    if cached is None or cached[0] != key:
        published = state.docs("status", "published")
        personas = [value for value in state.values("personas")
                    if state.docs("personas", value) & published]
        cached = state.derived["names"] = (key, understanding.Names.build(market_names,
                                                                          personas))
    return cached[1]


def _attempt(state: SearcherState, text: str, params: SearchParams, groups: list[list[str]],
             literal: list[str] | None = None) -> tuple[SearchResults, querying.ParsedQuery]:
    """One try at `text`: what its words name taken as filters (unless `literal`), the rest
    searched as words. Returns the results and the words searched."""
    understood = understanding.understand(text, names(state),
                                          params.literal if literal is None else literal)
    parsed = querying.parse(answers.topic(understood.text) if answers.is_question(text)
                            else understood.text, groups)
    results = SearchResults(params=params, query=text, understood=understood.detections)
    results.synonyms = [(u.text, u.alternatives) for u in parsed.units if u.alternatives]
    if parsed.is_empty() and not understood.detections:
        results.facets = ranking.facet_counts(state, state.sets.alive, params.filters)
    else:
        run_search(state, parsed, params, results)
    return results, parsed


def _search_with(state: SearcherState, parsed: querying.ParsedQuery, params: SearchParams,
                 groups: list[list[str]], results: SearchResults) -> SearchResults:
    if parsed.is_empty():
        results.facets = ranking.facet_counts(state, state.sets.alive, params.filters)
        return results
    attempt, words = _attempt(state, parsed.text, params, groups)
    if attempt.total == 0 and attempt.understood:
        # Nothing tagged so matches the other words: search all of them as words.
        plain, plain_words = _attempt(state, parsed.text, params, groups, literal=[
            *params.literal, *(d.key for d in attempt.understood)])
        if plain.total:
            plain.not_understood = attempt.understood
            attempt, words = plain, plain_words
    attempt.truncated = results.truncated
    results = attempt
    if results.total < SUGGEST_BELOW:
        # Only the words searched as words can be typos; the suggestion is the whole query.
        results.suggestion = corrections.correction(
            state, querying.ParsedQuery(text=parsed.text, units=words.units))
    if results.total == 0 and results.suggestion:
        corrected, _ = _attempt(state, results.suggestion, params, groups)
        if corrected.total:
            corrected.corrected_from = parsed.text
            corrected.truncated = results.truncated
            results = corrected
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

    try:
        results = _search_with(searchers.get(index_location()), parsed, params, groups, results)
    except (OSError, TypeError, KeyError):
        # A writer merged away a segment this searcher had not read yet (its files are gone):
        # open a fresh searcher once and try again.
        searchers.reset()
        results = SearchResults(params=params, query=parsed.text, truncated=parsed.truncated)
        results = _search_with(searchers.get(index_location()), parsed, params, groups, results)
    results.took_ms = round((time.perf_counter() - started) * 1000, 2)
    if not parsed.is_empty():
        results.log_id = _log(user, params, results, source)
    return results


def wants_answers(params: SearchParams) -> bool:
    """Whether the rep gets answers: they asked for them, or the query reads as a question."""
    return bool(params.q.strip()) and (params.ask or answers.is_question(params.q))


ANSWERING_DOCUMENTS = 10  # the best documents for a question, whose passages are read


def ask(text: str) -> list[answers.Answer]:
    """The passages that best answer `text`, from published assets and news only: among the
    passages of the documents that rank best for it."""
    groups = synonym_groups()
    try:
        return _answers(searchers.get(index_location()), text, groups)
    except (OSError, TypeError, KeyError):  # a segment merged away meanwhile: see search()
        searchers.reset()
        return _answers(searchers.get(index_location()), text, groups)


def _answers(state: SearcherState, text: str, groups: list[list[str]]) -> list[answers.Answer]:
    stems = answers.content_stems(text, groups)
    parsed = querying.parse(answers.topic(text), groups)
    if not stems or parsed.is_empty():
        return []
    matched, _, _ = ranking.matches(state, parsed, {})
    weights = ranking.relevance_weights(state, dict(querying.word_counts(parsed)), matched,
                                        long_query=parsed.is_long())
    best = state.sets.top(weights, matched, ANSWERING_DOCUMENTS)
    parents = [state.searcher.stored_fields(docnum)["doc_key"] for docnum, _ in best]
    return answers.find(state.passage_sets(), stems, parents)


def record_answers(user, log_id: int | None, count: int) -> None:
    """Note on `user`'s logged search how many answers it got (what question gaps count)."""
    entry = db.session.get(SearchLog, log_id) if log_id else None
    if entry is not None and entry.user_id == getattr(user, "id", None) \
            and entry.answer_count is None:
        entry.answer_count = count
        db.session.flush()


def normalise_query(text: str) -> str:
    """The form gaps are grouped by: lower case, stems in order."""
    return " ".join(querying.stems(text))[:400] or text.lower()[:400]


def _log(user, params: SearchParams, results: SearchResults, source: str) -> int:
    note = "corrected" if results.corrected_from else "relaxed" if results.relaxed else ""
    filters: dict[str, object] = {k: v for k, v in params.filters.items() if v}
    if results.understood:
        filters["understood"] = [detection.key for detection in results.understood]
    entry = SearchLog(
        user_id=getattr(user, "id", None), query=(results.corrected_from or results.query)[:400],
        normalized_query=normalise_query(results.corrected_from or results.query),
        filters=filters, result_count=results.total,
        took_ms=results.took_ms, source=source, note=note,
    )
    db.session.add(entry)
    db.session.flush()
    return entry.id
