"""Long queries (questions, pasted paragraphs): what they match and how they are ordered.

A real Whoosh index in a temp dir, filled through the outbox from assets made by the services.
"""

from __future__ import annotations

import pytest

from enablement.search import feedback, service
from enablement.search import query as querying
from enablement.search.outbox import drain

FILLER = ("Crews, sites and schedules: the weekly plan a dispatcher sends out every Monday "
          "morning, with notes on who covers which region.")


def search(text, **options):
    return service.search(None, service.SearchParams(q=text, per_page=20, **options))


def titles(results):
    return [hit.plain_title for hit in results.hits]


def test_a_long_question_matches_documents_with_some_of_its_words_most_first(create_asset):
    create_asset(title="Reefer temperature logs", summary="Cold chain records for audits.",
                 body=FILLER)
    create_asset(title="Refrigerated trucks for grocers", body=FILLER)
    create_asset(title="Grocers pass refrigerated truck audits",
                 summary="Temperature logs kept on every trip.", body=FILLER)
    drain()
    results = search("how do grocers keep refrigerated trucks ready for temperature audits")
    assert not results.relaxed  # a question is not "nothing matched every word"
    assert results.total == 3  # no document says every word; each says some
    assert titles(results)[0] == "Grocers pass refrigerated truck audits"


def test_a_short_query_still_needs_every_word(create_asset):
    create_asset(title="Refrigerated trucks for grocers", body=FILLER)
    create_asset(title="Grocers and their suppliers", body=FILLER)
    drain()
    assert titles(search("grocers refrigerated")) == ["Refrigerated trucks for grocers"]


def test_feedback_ranks_what_the_best_answers_talk_about_above_a_chance_match(
        create_asset, monkeypatch):
    """Two documents of the same length say one of the question's words once each; the one that
    talks about what the best matches talk about (reefer probes, cold chain records) comes
    first, where the question's words alone put them the other way round."""
    chance = create_asset(title="Furniture moves", summary="Field notes.", body=(
        "Our trucks carry sofas and beds to homes across the county. Drivers call ahead "
        "and assemble what they bring; customers rate every single visit."))
    related = create_asset(title="Probe calibration", summary="Field notes.", body=(
        "Reefer probes drift; calibrate them monthly and file each trucks reading so cold "
        "chain temperature records stand up when an inspector calls on site."))
    for n in range(3):
        create_asset(title=f"Reefer audits for grocers {n}", body=(
            "Grocers keep refrigerated reefer probe readings, calibration records and cold "
            "chain temperature records for every delivery, ready for audits."))
    drain()
    question = "how do grocers keep refrigerated trucks ready for audits"

    def order():
        ids = [hit.id for hit in search(question).hits]
        return ids.index(related.id), ids.index(chance.id)

    with monkeypatch.context() as without:
        without.setattr(feedback, "expanded", lambda words, *args, **kwargs: dict(words))
        service.searchers.reset()
        related_at, chance_at = order()
        assert chance_at < related_at  # a tie on the question's words: the older first
    service.searchers.reset()
    related_at, chance_at = order()
    assert related_at < chance_at


def test_feedback_adds_the_best_documents_words_at_half_the_weight():
    stored = {1: {"doc_key": "asset:1", "title": "Reefer logs", "body": "reefer probe logs"},
              2: {"doc_key": "asset:2", "title": "Probe calibration", "body": "probe reefer"}}
    words = {"grocer": 1, "keep": 1, "audit": 2}
    weights = feedback.expanded(words, [(1, 3.0), (2, 1.0)], stored.__getitem__)
    assert sum(weights.values()) == pytest.approx(1.0)
    assert sum(weights[w] for w in words) == pytest.approx(
        feedback.ORIGINAL_WEIGHT)
    assert weights["audit"] == 2 * weights["grocer"]
    assert weights["reefer"] > weights["calibr"] > 0  # the better document counts more
    assert feedback.expanded(words, [], stored.__getitem__) == words  # nothing to learn from


@pytest.mark.parametrize(("query", "long"), [
    ("cold chain audits", False),
    ("how do grocers keep refrigerated trucks", True),
    ('"cold chain records" for grocers audits reefer trucks', True),  # a phrase is one of the five
    ('"cold chain records for grocers"', False),
    ("the of and a to grocers audits", False),  # words no index holds don't count
])
def test_a_long_query_is_five_words_or_phrases_for_matching_and_feedback_alike(query, long):
    assert querying.parse(query).is_long() is long
