"""The market query language: what matches, what the digest says matched, and clear errors."""

from __future__ import annotations

import pytest

from enablement.news.query import Document, QueryError, analyse, compile_query
from enablement.search.index import text_analyzer

ITEM = Document(
    title="OSHA fines contractor after scaffold fall at hospital site",
    text="The general contractors said building permits for the new health system campus "
         "were late. Warehousing and cold-storage firms watched closely. Oil and gas too.",
    url="https://www.OSHA.gov/news/releases/2025-06-10?id=7",
    feed="osha-news OSHA News Releases",
    categories=["Workplace safety", "Cold storage"],
)


@pytest.mark.parametrize(("query", "matched"), [
    # words: whole, case-insensitive, stemmed the way search stems them
    ("osha", ["osha"]),
    ("OSHA", ["OSHA"]),
    ("contractors", ["contractors"]),  # "contractor" in the title stems the same
    ("permit", ["permit"]),  # "permits"
    ("falls", ["falls"]),  # "fall"
    ("scaff", None),  # not a whole word
    ("sold", None),
    # phrases: consecutive words, stemmed; stop words inside don't break them
    ('"building permit"', ['"building permit"']),
    ('"health system"', ['"health system"']),
    ('"system health"', None),
    ('"oil and gas"', ['"oil and gas"']),
    ('"general contractor said"', ['"general contractor said"']),
    # prefix wildcard, on words as written
    ("contract*", ["contractor"]),  # the first word it matches, in text order
    ("warehous*", ["warehousing"]),
    ("hospital*", ["hospital"]),
    ("zebra*", None),
    # the stemmer keeps the reviewed words of search/stemming.py apart from their look-alikes
    ("hospitals", ["hospitals"]),
    ("hospitality", None),  # not "hospital"
    ("generator", None),  # not "general contractors"
    # boolean logic
    ("OSHA contractor", ["OSHA", "contractor"]),  # implicit AND
    ("OSHA AND zebra", None),
    ("zebra OR OSHA", ["OSHA"]),
    ("OSHA OR contractor", ["OSHA", "contractor"]),  # every alternative that matched
    ("OSHA -zebra", ["OSHA"]),
    ("OSHA -scaffold", None),
    ("OSHA NOT scaffold", None),
    ('OSHA -"pet health"', ["OSHA"]),
    ("(zebra OR crane) AND OSHA", None),
    ("(zebra OR fall) AND OSHA", ["fall", "OSHA"]),
    ("OSHA AND (fall OR scaffold*)", ["OSHA", "fall", "scaffold"]),
    ("-(zebra OR giraffe) OSHA", ["OSHA"]),
    ("NOT (zebra OR fall) OSHA", None),
    # fields
    ("title:OSHA", ["title:OSHA"]),
    ("text:OSHA", None),  # only in the title
    ("text:warehousing", ["text:warehousing"]),
    ("title:(zebra OR fall)", ["title:fall"]),
    ('title:"scaffold fall"', ['title:"scaffold fall"']),
    ("-title:webinar contractor", ["contractor"]),
    ("url:osha.gov", ["url:osha.gov"]),
    ("url:https://www.osha.gov/news", ["url:https://www.osha.gov/news"]),
    ("url:example.com", None),
    ("feed:osha-news", ["feed:osha-news"]),
    ('feed:"news releases"', ['feed:"news releases"']),
    ("feed:construction", None),
    ('category:"workplace safety"', ['category:"workplace safety"']),
    ('category:"safety cold"', None),  # no phrase across two categories
    ("category:storage", ["category:storage"]),
    ("storage", ["storage"]),  # categories are searched by default too
    ("osha.gov", None),  # the url is only searched with url:
])
def test_what_a_query_matches_and_why(query, matched):
    assert compile_query(query).match(ITEM) == matched


def test_a_prefix_is_matched_on_words_as_written_past_the_stemmer():
    hotel = Document(title="Hospitality groups hire ahead of the season")
    assert compile_query("hospital").match(hotel) is None
    assert compile_query("hospital*").match(hotel) == ["hospitality"]


def test_the_same_term_is_reported_once():
    assert compile_query("OSHA OR (OSHA AND fall)").match(ITEM) == ["OSHA", "fall"]


@pytest.mark.parametrize("text", [
    "Nurses and hospitals hired contractors for warehousing",
    "The U.S. OSHA rule (29 CFR 1926.451) isn't new: a 3PL's lockout/tagout plan, e-commerce, "
    "Müller GmbH's Œuvre, naïve café owners, 2025-06-10, x y z AND or NOT the of",
    "  ", "a an the", "Grüße — “quoted” words… and ÉCOLE",
])
def test_words_are_analysed_exactly_as_the_search_index_does(text):
    expected = [(t.text, t.pos) for t in text_analyzer()(text, positions=True)]
    ours = analyse(text)
    assert [stem for stem, _, _ in ours] == [stem for stem, _ in expected]
    # Positions: the same gaps between words (whoosh starts counting at the first kept word).
    assert [pos - ours[0][2] for _, _, pos in ours] == \
        [pos - expected[0][1] for _, pos in expected] if expected else ours == []


def test_empty_queries_compile_to_nothing():
    assert compile_query("") is None
    assert compile_query("   ") is None
    assert compile_query(None) is None


@pytest.mark.parametrize(("query", "message", "position"), [
    ('"building permit', "quote is never closed", 1),
    ("(OSHA OR crane", "`(` is never closed", 1),
    ("OSHA)", "`)` has no matching `(`", 5),
    ("()", "parentheses are empty", 1),
    ("OR OSHA", "`OR` needs a term on both sides", 1),
    ("OSHA OR", "`OR` needs a term on both sides", 6),
    ("OSHA AND AND crane", "`AND` needs a term on both sides", 6),
    ("OSHA -", "ignored by search", 6),
    ("OSHA NOT", "`NOT` must be followed by what to exclude", 6),
    ("author:smith", "unknown field `author:`", 1),
    ("title:", "`title:` must be followed by", 1),
    ("the", "`the` is ignored by search", 1),
    ('""', "this phrase is empty", 1),
    ("con*tractor", "`*` only works at the end of a word", 1),
    ("c*", "a wildcard needs one word of at least 2 letters", 1),
    ("-OSHA", "only excludes", None),
    ("OSHA OR -crane", "only excludes", None),
    ("NOT (OSHA OR crane)", "only excludes", None),
])
def test_invalid_queries_say_what_is_wrong_and_where(query, message, position):
    with pytest.raises(QueryError) as caught:
        compile_query(query)
    assert message in str(caught.value)
    assert caught.value.position == position


def test_queries_are_parsed_into_data_never_evaluated():
    hostile = '__import__("os").system("echo hacked") OR OSHA'
    query = compile_query(hostile)
    assert query.match(ITEM) == ["OSHA"]
    assert str(query) == hostile


def test_every_query_of_the_shipped_feeds_yml_compiles():
    from pathlib import Path

    from enablement.news.config import parse_config

    config = parse_config((Path(__file__).parents[2] / "feeds.yml").read_text())
    assert len(config.markets) == 7
    assert all(rule.query is not None for rule in config.markets.values())
    assert config.suppress is not None
