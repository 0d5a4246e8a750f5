"""The reviewed words the stemmer keeps apart (search/stemming.py), in search and news tagging."""

from pathlib import Path

import pytest
from whoosh.lang.porter import stem

from enablement.news.config import parse_config
from enablement.news.tagging import document, tag
from enablement.search.index import stems
from enablement.search.stemming import STEM_OVERRIDES

SHIPPED_FEEDS = Path(__file__).parents[2] / "feeds.yml"

# word -> a word Porter merges it with, that means something else
KEPT_APART = {
    "hospitality": "hospital", "hospitable": "hospitals",
    "utility": "utilization", "utilities": "utilize",
    "general": "generator",
    "news": "new",
    "important": "imports", "importance": "import",
}


def test_every_reviewed_word_is_one_porter_would_merge():
    """An entry that Porter keeps apart anyway would only be noise in the list."""
    assert set(KEPT_APART) == set(STEM_OVERRIDES)
    for word, other in KEPT_APART.items():
        assert stem(word) == stem(other), word
        assert stems(word) != stems(other), word


@pytest.mark.parametrize(("first", "second"), [
    ("hospital", "hospitals"), ("hospitality", "hospitable"), ("utility", "utilities"),
    ("utilization", "utilize"), ("visits", "visit"), ("generation", "generators"),
])
def test_a_words_own_forms_still_find_each_other(first, second):
    assert stems(first) == stems(second)


def test_news_is_tagged_with_the_same_words_as_search():
    """The shipped market queries: hospital stories are Healthcare only, hotel stories
    Hospitality only, equipment utilization is no utility story."""
    config = parse_config(SHIPPED_FEEDS.read_text())

    def markets(title):
        return sorted(tag(config, document(title=title)).markets)

    assert markets("Regional hospital opens a new surgical wing") == ["healthcare"]
    assert markets("Hospitals cut overtime with float pools") == ["healthcare"]
    assert markets("Hospitality wages rise as hotel groups compete for housekeepers") == \
        ["hospitality"]
    assert markets("Equipment utilization climbs at rental fleets") == []
    assert markets("Utilities pre-stage lineworkers ahead of a storm") == ["energy"]
