"""Which documents a query matches under its filters, how many carry each facet value, and the
order they are shown in.

Matching and counting are bitmap operations (matching.py). Relevance order is Whoosh's BM25F,
computed from the scores read with each word (DocSets.top); "newest" and "most used" hand the
matched set to Whoosh's own sorted search.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from whoosh import sorting

from enablement.extensions import db
from enablement.models import UsageEvent, utcnow
from enablement.search import matching, whoosh_internals
from enablement.search import query as querying
from enablement.search.searchers import SearcherState

FACETS = {"type": "type", "kind": "kind", "market": "markets", "persona": "personas",
          "stage": "stages"}
SORTS = ("relevance", "newest", "most_used")
USAGE_WINDOW_DAYS = 90
MAX_ALLOWED_SETS = 256


def allowed_docs(state: SearcherState, filters: dict[str, list[str]]) -> int:
    """Published documents matching every facet filter (values within one facet are OR)."""
    key = tuple(sorted((name, tuple(sorted(values))) for name, values in filters.items()))
    if key not in state.allowed_sets:
        allowed = state.docs("status", "published")
        for name, values in filters.items():
            fieldname = FACETS.get(name)
            if fieldname and values:
                allowed &= matching.union(state.docs(fieldname, value) for value in values)
        if len(state.allowed_sets) > MAX_ALLOWED_SETS:
            state.allowed_sets.clear()
        state.allowed_sets[key] = allowed
    return state.allowed_sets[key]


def matches(state: SearcherState, parsed: querying.ParsedQuery,
            filters: dict[str, list[str]]) -> tuple[int, bool]:
    """The allowed documents matching every word and phrase of the query; when none does, those
    matching any of them. Returns the documents and whether the query was relaxed so."""
    allowed = allowed_docs(state, filters)
    units = [_unit_docs(state, unit) for unit in parsed.units]
    matched = matching.intersection(units) & allowed if units else 0
    if not matched and len(units) > 1:
        relaxed = matching.union(units) & allowed
        if relaxed:
            return relaxed, True
    return matched, False


def _unit_docs(state: SearcherState, unit: querying.Unit) -> int:
    """Documents matching a word or phrase, or any of its synonyms."""
    return matching.union(state.sets.text(querying.stems(text))
                          for text in (unit.text, *unit.alternatives))


def facet_counts(state: SearcherState, matched: int) -> dict[str, dict[str, int]]:
    """For each facet, how many of `matched` carry each value, most first."""
    counts = {}
    for name, fieldname in FACETS.items():
        values = {v: (state.docs(fieldname, v) & matched).bit_count()
                  for v in state.values(fieldname)}
        counts[name] = dict(sorted(((v, n) for v, n in values.items() if n),
                                   key=lambda item: (-item[1], item[0])))
    return counts


def ranked(state: SearcherState, parsed: querying.ParsedQuery, matched: int, *, sort: str,
           match_all: bool, limit: int) -> list[tuple[int, float]]:
    """The first `limit` of `matched` in `sort` order, as (document, score)."""
    if sort == "relevance":
        return state.sets.top(querying.words(parsed), matched, limit)
    # Which documents match is settled; Whoosh sorts them.
    ranking = querying.build(parsed, match_all=match_all)
    only = whoosh_internals.search_filter(matched, state.sets.size)
    if sort == "newest":
        found = state.searcher.search(ranking, filter=only, limit=limit,
                                      sortedby="published_at", reverse=True)
    else:
        found = _search_by_usage(state.searcher, ranking, only, limit)
    return [(hit.docnum, hit.score) for hit in found[:limit]]


def _search_by_usage(searcher, whoosh_query, only, limit: int):
    usage = _usage_counts()

    def most_used_first(segment_searcher, docnum):
        stored = segment_searcher.stored_fields(docnum)
        return -usage.get(stored["id"], 0) if stored["type"] == "asset" else 0

    facet = sorting.FunctionFacet(most_used_first)
    return searcher.search(whoosh_query, filter=only, limit=limit,
                           sortedby=[facet, sorting.ScoreFacet()])


def _usage_counts() -> dict[int, int]:
    """Uses of each asset in the last 90 days: the "most used" order."""
    since = utcnow() - timedelta(days=USAGE_WINDOW_DAYS)
    rows = db.session.execute(
        select(UsageEvent.asset_id, func.count())
        .where(UsageEvent.created_at >= since)
        .group_by(UsageEvent.asset_id)
    )
    return dict(rows.all())
