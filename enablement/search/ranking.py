"""Which documents a query matches under its filters, how many carry each facet value, and the
order they are shown in.

Matching and counting are bitmap operations (matching.py). Relevance order is Whoosh's BM25F,
computed from the scores read with each word (DocSets.top); "newest" and "most used" hand the
matched set to Whoosh's own sorted search. A facet's counts reflect every other facet's
selection, not its own, so the values a rep may add to a selection keep their counts. When a
rep filters by market, what is tagged with that market comes before what is for all markets.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from whoosh import query as wq
from whoosh import sorting

from enablement.extensions import db
from enablement.models import UsageEvent, utcnow
from enablement.search import feedback, matching, whoosh_internals
from enablement.search import query as querying
from enablement.search.searchers import SearcherState

FACETS = {"type": "type", "kind": "kind", "market": "markets", "persona": "personas",
          "stage": "stages"}
SORTS = ("relevance", "newest", "most_used")
USAGE_WINDOW_DAYS = 90
MAX_ALLOWED_SETS = 256
SALES_AID = "sales_aid"


def allowed_docs(state: SearcherState, filters: dict[str, list[str]],
                 aid_types: list[str] | tuple[str, ...] = ()) -> int:
    """Published documents matching every facet filter (values within one facet are OR); with
    `aid_types`, the sales aids among them only of those types."""
    key = (tuple(sorted((name, tuple(sorted(values))) for name, values in filters.items())),
           tuple(sorted(aid_types)))
    if key not in state.allowed_sets:
        allowed = state.docs("status", "published")
        for name, values in filters.items():
            fieldname = FACETS.get(name)
            if fieldname and values:
                allowed &= matching.union(state.docs(fieldname, value) for value in values)
        if aid_types:
            allowed &= ~state.docs("kind", SALES_AID) | _of_aid_types(state, aid_types)
        if len(state.allowed_sets) > MAX_ALLOWED_SETS:
            state.allowed_sets.clear()
        state.allowed_sets[key] = allowed
    return state.allowed_sets[key]


def _of_aid_types(state: SearcherState, aid_types) -> int:
    return matching.union(state.docs("subtype", aid_type) for aid_type in aid_types)


def matches(state: SearcherState, parsed: querying.ParsedQuery, filters: dict[str, list[str]],
            aid_types: list[str] | tuple[str, ...] = ()) -> tuple[int, int, bool]:
    """The allowed documents matching every word and phrase of the query; when none does, those
    matching any of them. A long query (a question, a pasted paragraph) is about its words as a
    whole, and hardly any document says all of them: it matches documents with any of its
    words, and relevance puts those with the most (and rarest) first. A query without words
    matches every allowed document. Returns the documents, those the words alone match (for
    facet counts), and whether a short query was relaxed."""
    allowed = allowed_docs(state, filters, aid_types)
    units = [_unit_docs(state, unit) for unit in parsed.units if unit.stems()]
    if not units:
        return allowed, state.sets.alive, False
    if parsed.is_long():
        any_word = matching.union(units)
        return any_word & allowed, any_word, False
    by_words = matching.intersection(units)
    matched = by_words & allowed
    if not matched and len(units) > 1:
        any_word = matching.union(units)
        relaxed = any_word & allowed
        if relaxed:
            return relaxed, any_word, True
    return matched, by_words, False


def _unit_docs(state: SearcherState, unit: querying.Unit) -> int:
    """Documents matching a word or phrase, or any of its synonyms."""
    return matching.union(state.sets.text(querying.stems(text))
                          for text in (unit.text, *unit.alternatives))


def facet_counts(state: SearcherState, by_words: int, filters: dict[str, list[str]],
                 aid_types: list[str] | tuple[str, ...] = ()) -> dict[str, dict[str, int]]:
    """For each facet, how many allowed documents the words match carry each value, most
    first. A facet's own selection is left out of its counts (every other one applies), so its
    other values show what adding them would bring."""
    counts = {}
    for name, fieldname in FACETS.items():
        others = {other: values for other, values in filters.items() if other != name}
        base = by_words & allowed_docs(state, others, () if name == "kind" else aid_types)
        values = {}
        for value in state.values(fieldname):
            docs = state.docs(fieldname, value)
            if name == "kind" and value == SALES_AID and aid_types:
                docs &= _of_aid_types(state, aid_types)
            values[value] = (docs & base).bit_count()
        counts[name] = dict(sorted(((v, n) for v, n in values.items() if n),
                                   key=lambda item: (-item[1], item[0])))
    return counts


def market_tiers(state: SearcherState, selected: list[str], every_market: list[str], *,
                 by_count: bool) -> list[int] | None:
    """When a rep filters by market, the groups results are shown in, first to last: what is
    tagged with the market before what is for every market (an asset for all markets is tagged
    with each of `every_market`); with `by_count` (nothing else to rank by) by how many markets
    each is tagged with, fewest first, so what is only for this market leads. None without a
    market filter."""
    if not selected or len(every_market) < 2:
        return None
    # exact[n]: documents tagged with exactly n of the markets (counted with bitmaps)
    exact = [state.sets.alive] + [0] * len(every_market)
    for slug in every_market:
        tagged = state.docs("markets", slug)
        for n in range(len(exact) - 1, 0, -1):
            exact[n] = (exact[n] & ~tagged) | (exact[n - 1] & tagged)
        exact[0] &= ~tagged
    if not by_count:
        return [~exact[-1], exact[-1]]
    return [*exact[1:], exact[0]]  # (a market no longer in feeds.yml counts as none)


def ranked(state: SearcherState, parsed: querying.ParsedQuery, matched: int, *, sort: str,
           match_all: bool, limit: int, boost: set[str] | None = None,
           tiers: list[int] | None = None) -> list[tuple[int, float]]:
    """The first `limit` of `matched` in `sort` order, as (document, score). By relevance,
    `boost` words count besides the query's, each of `tiers` (see market_tiers) comes before
    the next, and documents no word scores (a query of filters only) follow, newest first."""
    if sort == "relevance":
        words: dict[str, float] = dict(querying.word_counts(parsed))
        for word in boost or ():
            words.setdefault(word, 1)
        words = relevance_weights(state, words, matched, long_query=parsed.is_long())
        groups = [matched & tier for tier in tiers or [matched]]
        scored = state.sets.top_in_groups(words, matched, groups, limit) if words \
            else [[] for _ in groups]
        found: list[tuple[int, float]] = []
        for group, best in zip(groups, scored, strict=True):
            if len(found) < limit and group:
                found += _with_newest(state, best[:limit - len(found)], group,
                                      limit - len(found))
        return found
    # Which documents match is settled; Whoosh sorts them.
    ranking = querying.build(parsed, match_all=match_all)
    if ranking is wq.NullQuery:
        ranking = wq.Every()
    only = whoosh_internals.search_filter(matched, state.sets.size)
    if sort == "newest":
        found = state.searcher.search(ranking, filter=only, limit=limit,
                                      sortedby="published_at", reverse=True)
    else:
        found = _search_by_usage(state.searcher, ranking, only, limit)
    return [(hit.docnum, hit.score) for hit in found[:limit]]


def relevance_weights(state: SearcherState, words: dict[str, float], matched: int, *,
                      long_query: bool) -> dict[str, float]:
    """What ranks `matched` by relevance: the query's words, and for a long query the words
    its best first documents share (feedback.py)."""
    if not words or not long_query:
        return words
    # The results and the answer panel (a request of its own) ask for the same question.
    cache = state.derived.setdefault("feedback", {})
    key = (tuple(sorted(words.items())), matched)
    if key not in cache:
        if len(cache) > MAX_ALLOWED_SETS:
            cache.clear()
        first = state.sets.top(words, matched, feedback.FEEDBACK_DOCUMENTS)
        cache[key] = feedback.expanded(words, first, state.searcher.stored_fields,
                                       key=state.sets.segment_key)
    return cache[key]


def _with_newest(state: SearcherState, best: list[tuple[int, float]], docs: int, count: int
                 ) -> list[tuple[int, float]]:
    """`best` (the scored documents of `docs`), then, newest first, those no word scores (a
    query of filters only), up to `count`."""
    if len(best) >= count:
        return best
    unscored = docs & ~matching.from_members((docnum for docnum, _ in best), state.sets.size)
    if unscored:  # (an empty filter would mean no filter at all to Whoosh)
        newest = state.searcher.search(
            wq.Every(), filter=whoosh_internals.search_filter(unscored, state.sets.size),
            limit=count - len(best), sortedby="published_at", reverse=True)
        best = best + [(hit.docnum, 0.0) for hit in newest]
    return best


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
